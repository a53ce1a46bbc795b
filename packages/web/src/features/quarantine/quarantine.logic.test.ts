import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { quarantineNotice, quarantineNoticeLink } from './notice.logic';
import {
  addDays, byText, checkBody, checksComplete, dayOf, defaultSlot, isFeverish, needBody, needFiltersFromParams, openedToday, orderFiltersFromParams,
  pageTabFromParams, proposeBody, releaseState, samplingTimeline, sensorValid, sensorValue, shanghaiDay, slotAt, slotsDue, slotStates, startWindow,
  temperatureProblem, temperatureText,
} from './quarantine.logic';

const q = (s: string) => new URLSearchParams(s);
/** An instant given as Shanghai wall-clock time. */
const sh = (ymdhm: string) => new Date(`${ymdhm}:00+08:00`);

describe('the calendar of an order (the server\'s Shanghai days)', () => {
  it('the day of an instant is Shanghai\'s, whatever the device\'s time zone', () => {
    expect(shanghaiDay(sh('2026-12-04T23:59'))).toBe('2026-12-04');
    expect(shanghaiDay(sh('2026-12-05T00:01'))).toBe('2026-12-05');
    // 16:30 UTC is already the next morning in Shanghai.
    expect(shanghaiDay(new Date('2026-12-04T16:30:00Z'))).toBe('2026-12-05');
  });

  it('moves days across months and years', () => {
    expect(addDays('2026-12-04', 13)).toBe('2026-12-17');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('day N of M: 1 on the start, M on the end, none outside', () => {
    expect(dayOf('2026-12-02', '2026-12-15', '2026-12-02')).toBe(1);
    expect(dayOf('2026-12-02', '2026-12-15', '2026-12-04')).toBe(3);
    expect(dayOf('2026-12-02', '2026-12-15', '2026-12-15')).toBe(14);
    expect(dayOf('2026-12-02', '2026-12-15', '2026-12-01')).toBeNull();
    expect(dayOf('2026-12-02', '2026-12-15', '2026-12-16')).toBeNull();
    expect(dayOf('2026-12-30', '2027-01-12', '2027-01-02')).toBe(4);
  });
});

describe('check slots', () => {
  it('上午 before 12:00 Shanghai, 下午 from 12:00; one check a day is always 上午', () => {
    expect(slotAt(sh('2026-12-04T00:05'), 2)).toBe('am');
    expect(slotAt(sh('2026-12-04T11:59'), 2)).toBe('am');
    expect(slotAt(sh('2026-12-04T12:00'), 2)).toBe('pm');
    expect(slotAt(sh('2026-12-04T23:50'), 2)).toBe('pm');
    expect(slotAt(sh('2026-12-04T15:00'), 1)).toBe('am');
    // 03:30 UTC is 11:30 in Shanghai, 05:00 UTC is 13:00.
    expect(slotAt(new Date('2026-12-04T03:30:00Z'), 2)).toBe('am');
    expect(slotAt(new Date('2026-12-04T05:00:00Z'), 2)).toBe('pm');
  });

  it('the slots due so far: the morning, then both from noon; one check a day only the morning', () => {
    expect(slotsDue(sh('2026-12-04T09:00'), 2)).toEqual(['am']);
    expect(slotsDue(sh('2026-12-04T15:00'), 2)).toEqual(['am', 'pm']);
    expect(slotsDue(sh('2026-12-04T15:00'), 1)).toEqual(['am']);
  });

  it('today\'s marks: each slot due (or done) as done or still due, morning first', () => {
    expect(slotStates(['am', 'pm'], ['am'])).toEqual([{ slot: 'am', done: true }, { slot: 'pm', done: false }]);
    expect(slotStates(['am'], [])).toEqual([{ slot: 'am', done: false }]);
    // A slot recorded ahead of its time still shows as done.
    expect(slotStates(['am'], ['pm', 'am'])).toEqual([{ slot: 'am', done: true }, { slot: 'pm', done: true }]);
    expect(slotStates([], [])).toEqual([]);
    expect(checksComplete(['am', 'pm'], ['am'])).toBe(false);
    expect(checksComplete(['am'], ['am'])).toBe(true);
    expect(checksComplete([], [])).toBe(true);
  });

  it('the dialog starts on a missed morning first, then the slot now', () => {
    expect(defaultSlot(['am', 'pm'], [])).toBe('am');
    expect(defaultSlot(['am', 'pm'], ['am'])).toBe('pm');
    expect(defaultSlot(['am', 'pm'], ['am', 'pm'])).toBe('pm');
    expect(defaultSlot(['am'], [])).toBe('am');
    expect(defaultSlot([], [])).toBe('am');
  });
});

describe('temperatures', () => {
  it('a fever from 37.3 °C; one decimal as written', () => {
    expect(isFeverish(37.2)).toBe(false);
    expect(isFeverish(37.3)).toBe(true);
    expect(isFeverish(37.6)).toBe(true);
    expect(isFeverish(null)).toBe(false);
    expect(isFeverish(Number.NaN)).toBe(false);
    expect(temperatureText(36)).toBe('36.0');
    expect(temperatureText(37.6)).toBe('37.6');
    expect(temperatureText(36.549)).toBe('36.5');
  });

  it('35.0–42.0 with at most one decimal, as the server takes them', () => {
    expect(temperatureProblem(undefined)).toBe('empty');
    expect(temperatureProblem(null)).toBe('empty');
    expect(temperatureProblem(34.9)).toBe('range');
    expect(temperatureProblem(42.1)).toBe('range');
    expect(temperatureProblem(35)).toBeNull();
    expect(temperatureProblem(42)).toBeNull();
    expect(temperatureProblem(37.6)).toBeNull();
    expect(temperatureProblem(36.55)).toBe('decimal');
  });
});

describe('the sampling days as a timeline', () => {
  it('each sampling day with its date: past, today, ahead', () => {
    const order = { startDate: '2026-12-02', samplingDays: [1, 4, 7, 10, 14] };
    expect(samplingTimeline(order, '2026-12-05')).toEqual([
      { day: 1, date: '2026-12-02', state: 'done' },
      { day: 4, date: '2026-12-05', state: 'today' },
      { day: 7, date: '2026-12-08', state: 'ahead' },
      { day: 10, date: '2026-12-11', state: 'ahead' },
      { day: 14, date: '2026-12-15', state: 'ahead' },
    ]);
    // In order whatever order they came in; before the start every day is ahead, after the end every one past.
    expect(samplingTimeline({ startDate: '2026-12-02', samplingDays: [7, 1, 3] }, '2026-12-01').map((d) => [d.day, d.state])).toEqual([[1, 'ahead'], [3, 'ahead'], [7, 'ahead']]);
    expect(samplingTimeline({ startDate: '2026-12-02', samplingDays: [1, 3, 7] }, '2026-12-30').every((d) => d.state === 'done')).toBe(true);
  });
});

describe('解除隔离', () => {
  it('only an active order, from its end date on; before it 未到期', () => {
    expect(releaseState({ status: 'active', endDate: '2026-12-08' }, '2026-12-08')).toEqual({ may: true });
    expect(releaseState({ status: 'active', endDate: '2026-12-08' }, '2026-12-09')).toEqual({ may: true });
    expect(releaseState({ status: 'active', endDate: '2026-12-08' }, '2026-12-07')).toEqual({ may: false, reason: 'too_early' });
    expect(releaseState({ status: 'pending', endDate: '2026-12-01' }, '2026-12-08')).toEqual({ may: false, reason: 'not_active' });
    expect(releaseState({ status: 'released', endDate: '2026-12-01' }, '2026-12-08')).toEqual({ may: false, reason: 'not_active' });
  });
});

describe('a door opened today (orange on the board)', () => {
  it('compares the Shanghai day of the opening with the board\'s day', () => {
    expect(openedToday(sh('2026-12-04T07:40').toISOString(), '2026-12-04')).toBe(true);
    expect(openedToday(sh('2026-12-03T23:40').toISOString(), '2026-12-04')).toBe(false);
    expect(openedToday(null, '2026-12-04')).toBe(false);
    expect(openedToday('not a time', '2026-12-04')).toBe(false);
  });
});

describe('the tabs and filters in the address', () => {
  it('the page\'s tab: 今日 by default', () => {
    expect(pageTabFromParams(q(''))).toBe('today');
    for (const tab of ['pending', 'all', 'needs'] as const) expect(pageTabFromParams(q(`tab=${tab}`))).toBe(tab);
    expect(pageTabFromParams(q('tab=toString'))).toBe('today');
  });

  it('全部: a known state, a name search cut to 20 characters, the page', () => {
    expect(orderFiltersFromParams(q(''))).toEqual({ page: 1 });
    expect(orderFiltersFromParams(q('status=active&q=%20王%20&page=2'))).toEqual({ status: 'active', q: '王', page: 2 });
    expect(orderFiltersFromParams(q('status=deleted&q=%20%20&page=-1'))).toEqual({ page: 1 });
    expect(orderFiltersFromParams(q(`q=${'张'.repeat(30)}`)).q).toHaveLength(20);
  });

  it('隔离需求: a known state and the page', () => {
    expect(needFiltersFromParams(q('status=open&page=3'))).toEqual({ status: 'open', page: 3 });
    expect(needFiltersFromParams(q('status=closed'))).toEqual({ page: 1 });
  });
});

describe('the forms', () => {
  it('录入体温: one decimal, symptoms once each, the note trimmed or left out, the slot when chosen', () => {
    expect(checkBody({ temperature: 37.6, symptoms: ['cough', 'cough', 'fatigue'], note: '  复测 ', slot: 'pm' }))
      .toEqual({ ok: true, body: { temperature: 37.6, symptoms: ['cough', 'fatigue'], note: '复测', slot: 'pm' } });
    expect(checkBody({ temperature: 36.5, symptoms: [], note: '  ' })).toEqual({ ok: true, body: { temperature: 36.5, symptoms: [] } });
    expect(checkBody({ temperature: 43, symptoms: [] })).toEqual({ ok: false, field: 'temperature', problem: 'range' });
    expect(checkBody({ temperature: null })).toEqual({ ok: false, field: 'temperature', problem: 'empty' });
    expect(checkBody({ temperature: 36.5, note: '电话13812345678' })).toEqual({ ok: false, field: 'note', problem: 'phone' });
  });

  it('新建隔离: the start date from 7 days back to 3 ahead; the sensor trimmed and checked; the note without numbers', () => {
    const today = '2026-12-04';
    expect(startWindow(today)).toEqual({ min: '2026-11-27', max: '2026-12-07' });
    const v = { residentId: 'r1', policyCode: 'home14', reason: 'close_contact', startDate: today };
    expect(proposeBody(v, today)).toEqual({ ok: true, body: { residentId: 'r1', policyCode: 'home14', reason: 'close_contact', startDate: today } });
    expect(proposeBody({ ...v, note: ' 同航班 ', sensorId: ' MC-0105 ' }, today))
      .toEqual({ ok: true, body: { residentId: 'r1', policyCode: 'home14', reason: 'close_contact', startDate: today, note: '同航班', sensorId: 'MC-0105' } });
    expect(proposeBody({ ...v, residentId: '' }, today)).toEqual({ ok: false, field: 'residentId', problem: 'empty' });
    expect(proposeBody({ ...v, policyCode: null }, today)).toEqual({ ok: false, field: 'policyCode', problem: 'empty' });
    expect(proposeBody({ ...v, reason: 'bored' }, today)).toEqual({ ok: false, field: 'reason', problem: 'empty' });
    expect(proposeBody({ ...v, startDate: '2026-02-30' }, today)).toEqual({ ok: false, field: 'startDate', problem: 'empty' });
    expect(proposeBody({ ...v, startDate: '2026-11-26' }, today)).toEqual({ ok: false, field: 'startDate', problem: 'range' });
    expect(proposeBody({ ...v, startDate: '2026-12-08' }, today)).toEqual({ ok: false, field: 'startDate', problem: 'range' });
    expect(proposeBody({ ...v, startDate: '2026-11-27' }, today).ok).toBe(true);
    expect(proposeBody({ ...v, sensorId: 'MC 01' }, today)).toEqual({ ok: false, field: 'sensorId', problem: 'format' });
    expect(proposeBody({ ...v, note: '身份证 110101199003071234' }, today)).toEqual({ ok: false, field: 'note', problem: 'id_number' });
  });

  it('门磁编号: 4–40 of letters, digits, - and _; empty is none', () => {
    expect(sensorValue('  ')).toBeNull();
    expect(sensorValue(' MC-01 ')).toBe('MC-01');
    expect(sensorValid('MC-0101')).toBe(true);
    expect(sensorValid('a_b1')).toBe(true);
    expect(sensorValid('abc')).toBe(false);
    expect(sensorValid('门磁0101')).toBe(false);
    expect(sensorValid('x'.repeat(41))).toBe(false);
  });

  it('a need: a known kind and a line about it', () => {
    expect(needBody({ kind: 'groceries', detail: ' 鸡蛋和蔬菜 ' })).toEqual({ ok: true, body: { kind: 'groceries', detail: '鸡蛋和蔬菜' } });
    expect(needBody({ kind: 'pizza', detail: 'x' })).toEqual({ ok: false, field: 'kind', problem: 'empty' });
    expect(needBody({ kind: 'medicine', detail: ' ' })).toEqual({ ok: false, field: 'detail', problem: 'empty' });
    expect(needBody({ kind: 'medicine', detail: 'x'.repeat(201) })).toEqual({ ok: false, field: 'detail', problem: 'too_long' });
  });

  it('who did it: 本人 for the person themselves', () => {
    expect(byText('self', '本人')).toBe('本人');
    expect(byText('网格员李四', '本人')).toBe('网格员李四');
    expect(byText(null, '本人')).toBe('');
  });
});

describe('the bell (no names)', () => {
  let zh: TFunction;
  beforeAll(async () => {
    ({ zh } = await appTranslations());
  });

  it('words each kind from its payload', () => {
    expect(quarantineNotice('quarantine_pending', { orderId: 'o1' }, zh)).toBe('有一条居家隔离等待您审批');
    expect(quarantineNotice('quarantine_fever', { orderId: 'o1', temperature: '37.3' }, zh)).toBe('居家隔离人员体温异常：37.3 °C，请尽快处置');
    expect(quarantineNotice('quarantine_fever', { orderId: 'o1', temperature: 'x' }, zh)).toBe('居家隔离人员健康异常，请尽快处置');
    expect(quarantineNotice('quarantine_door_open', { orderId: 'o1', at: 'never' }, zh)).toBe('居家隔离人员的门磁开启，请核实');
    expect(quarantineNotice('quarantine_need', { kind: 'medicine' }, zh)).toBe('居家隔离人员有新的需求：药品');
  });

  it('leads to the order (payload, then subject), a need to 隔离需求', () => {
    expect(quarantineNoticeLink('quarantine_fever', { orderId: 'a/b' }, null)).toBe('/quarantine/orders/a%2Fb');
    expect(quarantineNoticeLink('quarantine_pending', {}, { type: 'quarantine_order', id: 'o2' })).toBe('/quarantine/orders/o2');
    expect(quarantineNoticeLink('quarantine_pending', {}, { type: 'resident', id: 'r1' })).toBe('/quarantine');
    expect(quarantineNoticeLink('quarantine_need', { orderId: 'o1' }, { type: 'quarantine_need', id: 'n1' })).toBe('/quarantine/needs');
  });
});
