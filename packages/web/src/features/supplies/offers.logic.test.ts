import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { MyOfferEntry, Reservation } from './api';
import {
  canPickUp, codeComplete, generateSlots, instantOf, localDateTime, myOfferView, normalizeCode, notPickedUp, offerBody, offerLeft, offerProblems, quantityProblem, slotChoices, slotErrors,
  slotTime, totalProblem, windowProblem, withReservation,
} from './offers.logic';

const local = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

describe('the pickup code at the desk', () => {
  it('is upper case, only the code’s letters and digits, six at most', () => {
    expect(normalizeCode(' ab-c 2k9x7 ')).toBe('ABC2K9');
    expect(normalizeCode('o0i1lz')).toBe('LZ');
    expect(normalizeCode(null)).toBe('');
    expect(codeComplete('ABC2K9')).toBe(true);
    expect(codeComplete('ABC2K')).toBe(false);
    expect(codeComplete('ABC2K0')).toBe(false);
  });
});

describe('the slot generator', () => {
  it('makes back-to-back slots each day, the last ending by the daily end', () => {
    const r = generateSlots({ firstDay: '2026-12-05', days: 2, from: '09:00', to: '10:40', minutes: 30 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.slots.map((s) => `${local(s.startsAt)}–${local(s.endsAt)}`)).toEqual([
      '2026-12-05 09:00–2026-12-05 09:30', '2026-12-05 09:30–2026-12-05 10:00', '2026-12-05 10:00–2026-12-05 10:30',
      '2026-12-06 09:00–2026-12-06 09:30', '2026-12-06 09:30–2026-12-06 10:00', '2026-12-06 10:00–2026-12-06 10:30',
    ]);
    expect(slotTime(r.slots[0]!.startsAt, r.slots[0]!.endsAt)).toBe('12-05 09:00–09:30');
  });

  it('says what is wrong with the plan', () => {
    const ok = { firstDay: '2026-12-05', days: 1, from: '09:00', to: '12:00', minutes: 30 };
    expect(generateSlots({ ...ok, firstDay: null })).toEqual({ ok: false, problem: 'firstDay' });
    expect(generateSlots({ ...ok, days: 0 })).toEqual({ ok: false, problem: 'days' });
    expect(generateSlots({ ...ok, from: '9' })).toEqual({ ok: false, problem: 'from' });
    expect(generateSlots({ ...ok, to: '08:00' })).toEqual({ ok: false, problem: 'to' });
    expect(generateSlots({ ...ok, minutes: 2 })).toEqual({ ok: false, problem: 'minutes' });
    expect(generateSlots({ ...ok, to: '09:20' })).toEqual({ ok: false, problem: 'none' });
    expect(generateSlots({ ...ok, days: 11, from: '08:00', to: '11:00' })).toEqual({ ok: false, problem: 'too_many' });
    expect(generateSlots({ ...ok, days: 10, from: '08:00', to: '11:00' }).ok).toBe(true);
  });

  it('shows a slot ending on another day with its day', () => {
    expect(slotTime(dayjs('2026-12-05T23:30').toISOString(), dayjs('2026-12-06T00:30').toISOString())).toBe('12-05 23:30–12-06 00:30');
  });
});

describe('the offer form', () => {
  const slots = [{ startsAt: '2026-12-05T01:00:00.000Z', endsAt: '2026-12-05T01:30:00.000Z' }];
  const v = {
    title: ' 口罩预约 ', warehouseId: 'w1', itemId: 'mask', quota: 10, total: 500, place: ' 社区服务中心 ',
    opensAt: '2026-12-04T01:00:00.000Z', closesAt: '2026-12-05T01:00:00.000Z', priorityHours: 2, slotCapacity: 30,
  };

  it('sends the trimmed values, the slots and the capacity', () => {
    expect(offerBody(v, slots, 800)).toEqual({ ok: true, body: { ...v, title: '口罩预约', place: '社区服务中心', slots } });
  });

  it('names each field that stops it', () => {
    expect(offerProblems({ ...v, quota: 600, total: 500 }, slots, null)).toEqual([{ field: 'quota', problem: 'above_total' }]);
    expect(offerProblems({ ...v, total: 900 }, slots, 800)).toEqual([{ field: 'total', problem: 'over_stock' }]);
    expect(offerProblems({ ...v, closesAt: v.opensAt }, slots, null)).toEqual([{ field: 'closesAt', problem: 'before_open' }]);
    expect(offerProblems({ ...v, priorityHours: 73, slotCapacity: 0 }, [], null)).toEqual([
      { field: 'priorityHours', problem: 'range' }, { field: 'slotCapacity', problem: 'range' }, { field: 'slots', problem: 'range' },
    ]);
    expect(offerProblems({ ...v, place: '电话13812345678', title: '' }, slots, null)).toEqual([{ field: 'title', problem: 'empty' }, { field: 'place', problem: 'phone' }]);
    expect(offerProblems({}, slots, null).map((p) => p.field)).toEqual(['title', 'warehouseId', 'itemId', 'quota', 'total', 'place', 'opensAt', 'closesAt', 'priorityHours', 'slotCapacity']);
    expect(totalProblem(0, null)).toBe('range');
    expect(windowProblem('2026-12-01T00:00:00Z', '2026-12-31T00:00:01Z')).toBe('too_long_window');
    expect(windowProblem('2026-12-01T00:00:00Z', '2026-12-31T00:00:00Z')).toBeNull();
  });

  it('puts a refusal naming a slot on that slot', () => {
    const m = slotErrors([
      { path: 'slots.3.startsAt', message: '领取时段不能重叠', messageEn: 'slots may not overlap' },
      { path: 'body.slots.0.endsAt', message: '时段须在开始后 12 小时内结束', messageEn: 'within 12 hours' },
      { path: 'slots', message: '最多 60 个', messageEn: 'at most 60' },
      { path: 'closesAt', message: 'x', messageEn: 'x' },
    ], 'zh-CN');
    expect([...m.entries()]).toEqual([[3, ['领取时段不能重叠']], [0, ['时段须在开始后 12 小时内结束']], [-1, ['最多 60 个']]]);
    expect(slotErrors([{ path: 'slots.3.startsAt', message: '领取时段不能重叠', messageEn: 'slots may not overlap' }], 'en').get(3)).toEqual(['slots may not overlap']);
  });
});

describe('the pickup desk', () => {
  const res = (id: string, o: Partial<Reservation> = {}): Reservation => ({
    id, code: 'ABC234', quantity: 10, slotId: 's1', status: 'reserved', headMasked: '张*', address: '港务新村 1幢 101', restricted: false,
    byResident: true, pickedUpAt: null, pickedUpBy: null, version: 1, ...o,
  });

  it('puts a picked-up reservation in place; under the 已预约 filter it leaves the page', () => {
    const page = { items: [res('a'), res('b')], total: 2, page: 1, pageSize: 50 };
    const done = res('a', { status: 'picked_up', pickedUpAt: '2026-12-05T01:10:00Z', pickedUpBy: '社区管理员', version: 2 });
    expect(withReservation(page, done, undefined).items).toEqual([done, page.items[1]]);
    expect(withReservation(page, done, 'reserved')).toEqual({ items: [page.items[1]], total: 1, page: 1, pageSize: 50 });
    expect(withReservation(page, res('z'), undefined)).toBe(page);
    expect(canPickUp(res('a'), true)).toBe(true);
    expect(canPickUp(res('a'), false)).toBe(false);
    expect(canPickUp(done, true)).toBe(false);
  });

  it('says what is free and what would go back to the shelf', () => {
    expect(offerLeft({ total: 100, reserved: 30 })).toBe(70);
    expect(offerLeft({ total: 100, reserved: 130 })).toBe(0);
    expect(notPickedUp({ total: 100, pickedUp: 30 })).toBe(70);
  });
});

describe('the resident’s card', () => {
  const now = new Date('2026-12-04T02:00:00Z');
  const slot = (id: string, start: string, end: string, left: number) => ({ id, startsAt: start, endsAt: end, left });
  const entry = (o: Partial<MyOfferEntry['offer']> = {}, reservation: MyOfferEntry['reservation'] = null): MyOfferEntry => ({
    offer: {
      id: 'o1', title: '口罩预约', itemName: '口罩', unit: '只', quota: 10, place: '社区服务中心', opensAt: '2026-12-04T01:00:00Z',
      closesAt: '2026-12-06T01:00:00Z', status: 'open', left: 500, reserveFrom: '2026-12-04T01:00:00Z',
      slots: [slot('s1', '2026-12-04T01:30:00Z', '2026-12-04T02:30:00Z', 0), slot('s2', '2026-12-05T01:00:00Z', '2026-12-05T01:30:00Z', 3)], ...o,
    },
    reservation,
  });

  it('shows the form with the quota (or what is left) while the household may reserve', () => {
    expect(myOfferView(entry(), now)).toEqual({ kind: 'form', maxQuantity: 10, defaultQuantity: 10 });
    expect(myOfferView(entry({ left: 4 }), now)).toEqual({ kind: 'form', maxQuantity: 4, defaultQuantity: 4 });
    expect(slotChoices(entry().offer.slots, now).map((s) => [s.id, s.disabled])).toEqual([['s1', true], ['s2', false]]);
  });

  it('says from when a household may reserve, and when nothing can be reserved', () => {
    expect(myOfferView(entry({ reserveFrom: '2026-12-04T03:00:00Z' }), now)).toEqual({ kind: 'not_yet', from: '2026-12-04T03:00:00Z' });
    expect(myOfferView(entry({ left: 0 }), now)).toEqual({ kind: 'sold_out' });
    expect(myOfferView(entry({ slots: [slot('s1', '2026-12-04T01:30:00Z', '2026-12-04T02:30:00Z', 0)] }), now)).toEqual({ kind: 'no_slot' });
    expect(myOfferView(entry({ status: 'closed' }), now)).toEqual({ kind: 'closed' });
    expect(myOfferView(entry({ closesAt: '2026-12-04T01:59:00Z' }), now)).toEqual({ kind: 'closed' });
  });

  it('shows the reservation, cancellable while reserved and before its slot starts', () => {
    const r = { id: 'r1', quantity: 10, slotId: 's2', code: 'ABC234', status: 'reserved' as const, version: 1 };
    const v = myOfferView(entry({}, r), now);
    expect(v).toMatchObject({ kind: 'reservation', cancellable: true, slot: { id: 's2' } });
    expect(myOfferView(entry({}, { ...r, slotId: 's1' }), now)).toMatchObject({ cancellable: false });
    expect(myOfferView(entry({}, { ...r, status: 'picked_up' }), now)).toMatchObject({ cancellable: false });
    expect(myOfferView(entry({ status: 'closed' }, { ...r, status: 'expired', slotId: 'gone' }), now)).toMatchObject({ kind: 'reservation', slot: null, cancellable: false });
    // A slot that has ended is no longer listed with the offer: the reservation carries its time.
    const ended = { ...r, status: 'picked_up' as const, slotId: 'gone', slotStartsAt: '2026-12-03T01:00:00Z', slotEndsAt: '2026-12-03T01:30:00Z' };
    expect(myOfferView(entry({}, ended), now)).toMatchObject({ kind: 'reservation', slot: { id: 'gone', startsAt: '2026-12-03T01:00:00Z', endsAt: '2026-12-03T01:30:00Z' } });
  });

  it('checks the quantity against the quota and what is left', () => {
    expect(quantityProblem(null, 10, 100)).toBe('empty');
    expect(quantityProblem(0, 10, 100)).toBe('range');
    expect(quantityProblem(11, 10, 100)).toBe('over_quota');
    expect(quantityProblem(5, 10, 4)).toBe('sold_out');
    expect(quantityProblem(4, 10, 4)).toBeNull();
  });
});

describe('the native date and time inputs', () => {
  it('read and write local minutes', () => {
    const iso = instantOf('2026-12-05T09:30');
    expect(iso).not.toBeNull();
    expect(localDateTime(new Date(iso!))).toBe('2026-12-05T09:30');
    expect(instantOf('2026-02-30T09:30')).toBeNull();
    expect(instantOf('')).toBeNull();
  });
});
