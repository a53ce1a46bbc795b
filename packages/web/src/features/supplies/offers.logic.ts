// Pure rules of 物资预约 (ADR 0076), unit-tested: the pickup code as the desk types it, the slots the generator makes
// (first day, days, daily hours, minutes per slot), the offer form's body or its first problem, a server's refusal
// naming a slot (`slots.3.startsAt`), a picked-up reservation put into the desk's list without reading it again, and
// what the resident's card shows (from when, the form, or the reservation) with the slots they may choose.
import dayjs from 'dayjs';
import type { Page } from '../../api/types';
import {
  PLACE_MAX, PRIORITY_HOURS_MAX, QUANTITY_MAX, QUOTA_MAX, SLOT_CAPACITY_MAX, SLOTS_MAX,
  type MyOfferEntry, type MyReservation, type MySlot, type OfferBody, type ReservationStatus,
} from './api';
import { textProblem, titleProblem, type TextProblem } from './supplies.logic';

/** The letters and digits of a pickup code: no 0/O, no 1/I (they are misread at a desk). */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

/** What the desk typed, as a code: upper case, only the code's characters, at most six. */
export function normalizeCode(input: string | null | undefined): string {
  return [...(input ?? '').toUpperCase()].filter((c) => CODE_ALPHABET.includes(c)).join('').slice(0, CODE_LENGTH);
}
export const codeComplete = (code: string): boolean => code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));

// ----- the slot generator -----------------------------------------------------------------------------------------

export type SlotPlan = {
  /** The first pickup day, YYYY-MM-DD. */
  firstDay?: string | null;
  days?: number | null;
  /** Daily from and to, HH:mm. */
  from?: string | null;
  to?: string | null;
  minutes?: number | null;
};
export type GeneratedSlot = { startsAt: string; endsAt: string };
export type SlotPlanProblem = 'firstDay' | 'days' | 'from' | 'to' | 'minutes' | 'none' | 'too_many';

export const SLOT_DAYS_MAX = 30;
export const SLOT_MINUTES_MIN = 5;
export const SLOT_MINUTES_MAX = 720;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const YMD = /^\d{4}-\d{2}-\d{2}$/;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The pickup slots of a plan: each day from the first, back to back from `from`, each `minutes` long, the last one
 * ending no later than `to` (local time, as the app shows times). Or the first thing wrong with the plan (`too_many`:
 * more than the server takes).
 */
export function generateSlots(p: SlotPlan): { ok: true; slots: GeneratedSlot[] } | { ok: false; problem: SlotPlanProblem } {
  if (!p.firstDay || !YMD.test(p.firstDay) || !dayjs(p.firstDay).isValid()) return { ok: false, problem: 'firstDay' };
  if (!Number.isInteger(p.days) || p.days! < 1 || p.days! > SLOT_DAYS_MAX) return { ok: false, problem: 'days' };
  if (!p.from || !HHMM.test(p.from)) return { ok: false, problem: 'from' };
  if (!p.to || !HHMM.test(p.to) || minutesOf(p.to) <= minutesOf(p.from)) return { ok: false, problem: 'to' };
  if (!Number.isInteger(p.minutes) || p.minutes! < SLOT_MINUTES_MIN || p.minutes! > SLOT_MINUTES_MAX) return { ok: false, problem: 'minutes' };
  const minutes = p.minutes!;
  const perDay = Math.floor((minutesOf(p.to) - minutesOf(p.from)) / minutes);
  if (perDay < 1) return { ok: false, problem: 'none' };
  if (perDay * p.days! > SLOTS_MAX) return { ok: false, problem: 'too_many' };
  const slots: GeneratedSlot[] = [];
  for (let d = 0; d < p.days!; d++) {
    const day = dayjs(`${p.firstDay}T${p.from}`).add(d, 'day');
    for (let k = 0; k < perDay; k++) {
      const start = day.add(k * minutes, 'minute');
      slots.push({ startsAt: start.toISOString(), endsAt: start.add(minutes, 'minute').toISOString() });
    }
  }
  return { ok: true, slots };
}

/** A slot's time as the pages show it: 12-05 09:00–09:30 (the end's day too when it ends on another day). */
export function slotTime(startsAt: string, endsAt: string): string {
  const s = dayjs(startsAt), e = dayjs(endsAt);
  return `${s.format('MM-DD HH:mm')}–${e.format(e.isSame(s, 'day') ? 'HH:mm' : 'MM-DD HH:mm')}`;
}

// ----- the offer form ---------------------------------------------------------------------------------------------

export type OfferValues = {
  title?: string | null; warehouseId?: string | null; itemId?: string | null; quota?: number | null; total?: number | null;
  place?: string | null; opensAt?: string | null; closesAt?: string | null; priorityHours?: number | null; slotCapacity?: number | null;
};
export type OfferField = keyof OfferValues | 'slots';
export type OfferProblem = { field: OfferField; problem: TextProblem | 'range' | 'above_total' | 'over_stock' | 'before_open' | 'too_long_window' };

const intIn = (n: number | null | undefined, min: number, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
const WINDOW_MAX_MS = 30 * 86_400_000;

/** 总量: 1–1,000,000 and no more than the shelf holds (when known). */
export function totalProblem(total: number | null | undefined, available: number | null): 'empty' | 'range' | 'over_stock' | null {
  if (total === null || total === undefined) return 'empty';
  if (!intIn(total, 1, QUANTITY_MAX)) return 'range';
  return available !== null && total > available ? 'over_stock' : null;
}

/** 截止: after the opening, within 30 days of it. */
export function windowProblem(opensAt: string | null | undefined, closesAt: string | null | undefined): 'empty' | 'before_open' | 'too_long_window' | null {
  if (!opensAt || !closesAt) return 'empty';
  const o = Date.parse(opensAt), c = Date.parse(closesAt);
  if (!(c > o)) return 'before_open';
  return c - o > WINDOW_MAX_MS ? 'too_long_window' : null;
}

/** Each field's first problem, in the form's order (empty list: the body can be sent). */
export function offerProblems(v: OfferValues, slots: readonly GeneratedSlot[], available: number | null): OfferProblem[] {
  const out: OfferProblem[] = [];
  const title = titleProblem(v.title);
  if (title) out.push({ field: 'title', problem: title });
  if (!v.warehouseId) out.push({ field: 'warehouseId', problem: 'empty' });
  if (!v.itemId) out.push({ field: 'itemId', problem: 'empty' });
  if (v.quota == null) out.push({ field: 'quota', problem: 'empty' });
  else if (!intIn(v.quota, 1, QUOTA_MAX)) out.push({ field: 'quota', problem: 'range' });
  else if (typeof v.total === 'number' && v.quota > v.total) out.push({ field: 'quota', problem: 'above_total' });
  const total = totalProblem(v.total, available);
  if (total) out.push({ field: 'total', problem: total });
  const place = textProblem(v.place, true, PLACE_MAX);
  if (place) out.push({ field: 'place', problem: place });
  if (!v.opensAt) out.push({ field: 'opensAt', problem: 'empty' });
  const w = windowProblem(v.opensAt, v.closesAt);
  if (w && (w !== 'empty' || !v.closesAt)) out.push({ field: 'closesAt', problem: w });
  if (v.priorityHours == null) out.push({ field: 'priorityHours', problem: 'empty' });
  else if (!intIn(v.priorityHours, 0, PRIORITY_HOURS_MAX)) out.push({ field: 'priorityHours', problem: 'range' });
  if (v.slotCapacity == null) out.push({ field: 'slotCapacity', problem: 'empty' });
  else if (!intIn(v.slotCapacity, 1, SLOT_CAPACITY_MAX)) out.push({ field: 'slotCapacity', problem: 'range' });
  if (slots.length < 1 || slots.length > SLOTS_MAX) out.push({ field: 'slots', problem: 'range' });
  return out;
}

/** The offer's body, or the problems that stop it. */
export function offerBody(v: OfferValues, slots: readonly GeneratedSlot[], available: number | null): { ok: true; body: OfferBody } | { ok: false; problems: OfferProblem[] } {
  const problems = offerProblems(v, slots, available);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    body: {
      title: v.title!.trim(), warehouseId: v.warehouseId!, itemId: v.itemId!, quota: v.quota!, total: v.total!, place: v.place!.trim(),
      opensAt: new Date(v.opensAt!).toISOString(), closesAt: new Date(v.closesAt!).toISOString(), priorityHours: v.priorityHours!,
      slots: slots.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })), slotCapacity: v.slotCapacity!,
    },
  };
}

type Detail = { path: string; message?: string; messageEn?: string };
/**
 * The refusals that name a slot (`slots.3.startsAt`, `body.slots.0.endsAt`; `slots` itself as index -1), by slot,
 * in the language shown: the dialog shows them on the slot in the preview.
 */
export function slotErrors(details: readonly Detail[], lang: string): Map<number, string[]> {
  const zh = lang.startsWith('zh');
  const out = new Map<number, string[]>();
  for (const d of details) {
    const segs = d.path.split('.').filter(Boolean);
    if (segs[0] === 'body') segs.shift();
    if (segs[0] !== 'slots') continue;
    const i = segs.length > 1 && /^\d+$/.test(segs[1]!) ? Number(segs[1]) : -1;
    const text = (zh ? d.message || d.messageEn : d.messageEn || d.message) || '';
    const list = out.get(i) ?? [];
    if (text && !list.includes(text)) list.push(text);
    out.set(i, list);
  }
  return out;
}

// ----- the pickup desk --------------------------------------------------------------------------------------------

/**
 * A page of the desk's list with one reservation replaced by the answer to a pickup, so the list (an audited read of
 * the households) is not read again after every hand-over; under a status filter it no longer matches, it leaves.
 */
export function withReservation<T extends { id: string; status: string }>(page: Page<T>, r: NoInfer<T>, filterStatus: string | undefined): Page<T> {
  if (!page.items.some((i) => i.id === r.id)) return page;
  if (filterStatus && r.status !== filterStatus) {
    return { ...page, items: page.items.filter((i) => i.id !== r.id), total: Math.max(0, page.total - 1) };
  }
  return { ...page, items: page.items.map((i) => (i.id === r.id ? r : i)) };
}

/** 确认领取 only for a standing reservation of an open offer. */
export const canPickUp = (r: { status: ReservationStatus }, open: boolean): boolean => open && r.status === 'reserved';

/** What is still free of an offer, and what goes back to the shelf when it is closed now. */
export const offerLeft = (o: { total: number; reserved: number }): number => Math.max(0, o.total - o.reserved);
export const notPickedUp = (o: { total: number; pickedUp: number }): number => Math.max(0, o.total - o.pickedUp);

// ----- the resident's card ----------------------------------------------------------------------------------------

export type MyOfferView =
  | { kind: 'reservation'; reservation: MyReservation; slot: MySlot | null; cancellable: boolean }
  | { kind: 'not_yet'; from: string }
  | { kind: 'closed' }
  | { kind: 'sold_out' }
  | { kind: 'no_slot' }
  | { kind: 'form'; maxQuantity: number; defaultQuantity: number };

/** Whether the household may still cancel: reserved, and its slot has not started. */
export function cancellable(r: Pick<MyReservation, 'status'>, slot: Pick<MySlot, 'startsAt'> | null, now: Date): boolean {
  return r.status === 'reserved' && slot !== null && Date.parse(slot.startsAt) > now.getTime();
}

/** The slots a household may choose: those not ended, a full one disabled. */
export function slotChoices(slots: readonly MySlot[], now: Date): Array<MySlot & { disabled: boolean }> {
  return slots.filter((s) => Date.parse(s.endsAt) > now.getTime()).map((s) => ({ ...s, disabled: s.left <= 0 }));
}

/** What the card shows of one offer: the household's reservation; else from when it may reserve; else the form. */
export function myOfferView(e: MyOfferEntry, now: Date): MyOfferView {
  const { offer, reservation } = e;
  if (reservation) {
    // The server lists the slots that have not ended; the reservation's may have: the card then says the time it had.
    const slot = offer.slots.find((s) => s.id === reservation.slotId)
      ?? (reservation.slotStartsAt && reservation.slotEndsAt ? { id: reservation.slotId, startsAt: reservation.slotStartsAt, endsAt: reservation.slotEndsAt, left: 0 } : null);
    return { kind: 'reservation', reservation, slot, cancellable: cancellable(reservation, slot, now) };
  }
  if (offer.status !== 'open' || Date.parse(offer.closesAt) <= now.getTime()) return { kind: 'closed' };
  if (Date.parse(offer.reserveFrom) > now.getTime()) return { kind: 'not_yet', from: offer.reserveFrom };
  if (offer.left <= 0) return { kind: 'sold_out' };
  if (!slotChoices(offer.slots, now).some((s) => !s.disabled)) return { kind: 'no_slot' };
  const maxQuantity = Math.min(offer.quota, offer.left);
  return { kind: 'form', maxQuantity, defaultQuantity: maxQuantity };
}

/** The quantity a household asks for: a whole number from 1 to the quota, and no more than is left. */
export function quantityProblem(q: number | null | undefined, quota: number, left: number): 'empty' | 'range' | 'over_quota' | 'sold_out' | null {
  if (q === null || q === undefined) return 'empty';
  if (!Number.isInteger(q) || q < 1) return 'range';
  if (q > quota) return 'over_quota';
  return q > left ? 'sold_out' : null;
}

// ----- native date and time inputs ----------------------------------------------------------------------------------

/** A Date as the value of an `<input type="datetime-local">` (local time, minutes). */
export const localDateTime = (d: Date): string => dayjs(d).format('YYYY-MM-DDTHH:mm');
/** The ISO instant of a local `YYYY-MM-DDTHH:mm`, or null when it is empty or not a real date and time. */
export function instantOf(local: string | null | undefined): string | null {
  if (!local || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const d = dayjs(local);
  return d.isValid() && d.format('YYYY-MM-DDTHH:mm') === local ? d.toISOString() : null;
}
