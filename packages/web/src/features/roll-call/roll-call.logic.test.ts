import { describe, expect, it } from 'vitest';
import type { Counts, RollCallStatus } from './api';
import {
  checkBody, checkedCount, COUNT_ORDER, dueHoursValid, isOverdue, itemFiltersFromParams, listFiltersFromParams, minutesLeft, noteProblem, progressPercent,
  numeralsAsDigits, rowOutcomes, sortGrids, sortItems, sortRollCalls, startBody, stillMissing, timeLeft, titleProblem, withChecked, groupMine,
} from './roll-call.logic';

const counts = (c: Partial<Counts>): Counts => ({ pending: 0, safe: 0, needs_help: 0, unreachable: 0, helped: 0, ...c });

describe('roll call progress and deadline', () => {
  it('counts as checked everyone no longer 未点到, in whole percent rounded down (100 only when nobody is left)', () => {
    const r = { total: 258, counts: counts({ pending: 256, safe: 1, needs_help: 1 }) };
    expect(checkedCount(r)).toBe(2);
    expect(progressPercent(r)).toBe(0);
    expect(progressPercent({ total: 3, counts: counts({ pending: 1, safe: 1, unreachable: 1 }) })).toBe(66);
    expect(progressPercent({ total: 200, counts: counts({ pending: 1, safe: 199 }) })).toBe(99);
    expect(progressPercent({ total: 4, counts: counts({ safe: 3, helped: 1 }) })).toBe(100);
    expect(progressPercent({ total: 0, counts: counts({}) })).toBe(0);
    // Unreachable people were checked, but are still missing.
    expect(stillMissing({ total: 3, counts: counts({ pending: 1, safe: 1, unreachable: 1 }) })).toBe(2);
  });

  it('is overdue when open, past its deadline and someone is not reached — or when the server says so', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const r = { dueAt: '2026-12-03T11:59:00Z', closedAt: null, total: 2, counts: counts({ safe: 1, unreachable: 1 }) };
    expect(isOverdue(r, now)).toBe(true);
    expect(isOverdue({ ...r, counts: counts({ safe: 1, helped: 1 }) }, now)).toBe(false);
    expect(isOverdue({ ...r, closedAt: '2026-12-03T11:58:00Z' }, now)).toBe(false);
    expect(isOverdue({ ...r, dueAt: '2026-12-03T12:01:00Z' }, now)).toBe(false);
    // The server's clock said overdue (the page's clock lags): red, unless it has ended.
    expect(isOverdue({ ...r, dueAt: '2026-12-03T12:01:00Z', overdue: true }, now)).toBe(true);
    expect(isOverdue({ ...r, overdue: true, closedAt: '2026-12-03T11:58:00Z' }, now)).toBe(false);
  });

  it('says the time left in hours and minutes, none once past', () => {
    const now = new Date('2026-12-03T08:00:00Z');
    expect(timeLeft('2026-12-03T12:00:00Z', now)).toEqual({ hours: 4, minutes: 0 });
    expect(timeLeft('2026-12-03T08:59:30Z', now)).toEqual({ hours: 0, minutes: 59 });
    expect(minutesLeft('2026-12-03T07:59:00Z', now)).toBe(-1);
    expect(timeLeft('2026-12-03T07:00:00Z', now)).toEqual({ hours: 0, minutes: 0 });
  });
});

describe('the order of the lists', () => {
  it('lists open roll calls before ended ones, the newest first', () => {
    const rc = (id: string, startedAt: string, closedAt: string | null = null) => ({ id, startedAt, closedAt });
    const sorted = sortRollCalls([
      rc('old-closed', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), rc('old-open', '2026-11-20T00:00:00Z'),
      rc('new-closed', '2026-12-01T00:00:00Z', '2026-12-01T06:00:00Z'), rc('new-open', '2026-12-03T00:00:00Z'),
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['new-open', 'old-open', 'new-closed', 'old-closed']);
  });

  it('puts the people still to reach first, then by address with numbers as numbers, a record without address last in its state', () => {
    const p = (id: string, status: 'pending' | 'safe' | 'needs_help' | 'unreachable' | 'helped', address: string | null) => ({ id, status, address });
    const sorted = sortItems([
      p('a', 'safe', 'A社区 港务新村 1幢'), p('b', 'pending', 'A社区 港务新村 10幢 1单元 301'), p('c', 'needs_help', 'A社区 港务新村 3幢'),
      p('d', 'pending', 'A社区 港务新村 2幢 1单元 301'), p('e', 'unreachable', 'A社区 兴港家园 8幢'), p('f', 'pending', null), p('g', 'helped', 'A社区 港务新村 2幢'),
    ]);
    expect(sorted.map((i) => i.id)).toEqual(['d', 'b', 'f', 'e', 'c', 'g', 'a']);
    expect(COUNT_ORDER).toEqual(['safe', 'needs_help', 'unreachable', 'pending', 'helped']);
  });

  it('lists grids as they are counted, not by the pinyin of their names', () => {
    const g = (gridName: string) => ({ gridId: gridName, gridName });
    expect(sortGrids([g('第八网格'), g('第二网格'), g('第十二网格'), g('第十网格'), g('第一网格'), g('渔港网格'), g('第二十网格')]).map((x) => x.gridName))
      .toEqual(['第一网格', '第二网格', '第八网格', '第十网格', '第十二网格', '第二十网格', '渔港网格']);
    expect(numeralsAsDigits('第一百零五网格')).toBe('第105网格');
    expect(numeralsAsDigits('港务新村')).toBe('港务新村');
  });
});

describe('what a person row offers', () => {
  it('平安 / 需要帮助 / 联系不上 for someone not yet reached or unreachable, 已帮扶 for someone who needs help, nothing once ended', () => {
    expect(rowOutcomes('pending', false)).toEqual(['safe', 'needs_help', 'unreachable']);
    expect(rowOutcomes('unreachable', false)).toEqual(['safe', 'needs_help', 'unreachable']);
    expect(rowOutcomes('needs_help', false)).toEqual(['helped']);
    expect(rowOutcomes('helped', false)).toEqual([]);
    expect(rowOutcomes('safe', false)).toEqual([]);
    expect(rowOutcomes('pending', true)).toEqual([]);
    expect(rowOutcomes('needs_help', true)).toEqual([]);
  });
});

describe('the filters in the address', () => {
  it('reads the tab (进行中 unless ended) and the page', () => {
    expect(listFiltersFromParams(new URLSearchParams(''))).toEqual({ status: 'open', page: 1 });
    expect(listFiltersFromParams(new URLSearchParams('status=closed&page=3'))).toEqual({ status: 'closed', page: 3 });
    expect(listFiltersFromParams(new URLSearchParams('status=weird&page=-1'))).toEqual({ status: 'open', page: 1 });
  });

  it('reads the grid and state of the person list, leaving out an unknown state', () => {
    expect(itemFiltersFromParams(new URLSearchParams('grid=g1&state=needs_help&page=2'))).toEqual({ gridId: 'g1', status: 'needs_help', page: 2 });
    expect(itemFiltersFromParams(new URLSearchParams('grid=&state=lost&page=x'))).toEqual({ gridId: undefined, status: undefined, page: 1 });
  });
});

describe('what the forms refuse before sending', () => {
  it('a check: 需要帮助 names the need, 已帮扶 says what was done, the note holds no ID or mobile number and at most 200 characters', () => {
    expect(checkBody('safe', { method: 'phone' }, 3)).toEqual({ ok: true, body: { outcome: 'safe', method: 'phone', version: 3 } });
    expect(checkBody('needs_help', { method: 'visit' }, 1)).toEqual({ ok: false, field: 'need', problem: 'empty' });
    expect(checkBody('needs_help', { method: 'visit', need: 'medicine', note: '  降压药快吃完了 ' }, 1))
      .toEqual({ ok: true, body: { outcome: 'needs_help', method: 'visit', need: 'medicine', note: '降压药快吃完了', version: 1 } });
    expect(checkBody('helped', { method: 'phone', note: ' ' }, 2)).toEqual({ ok: false, field: 'note', problem: 'empty' });
    // A helped person keeps the need recorded before: none is sent with 已帮扶.
    expect(checkBody('helped', { method: 'neighbour', need: 'medicine', note: '志愿者已送药' }, 2))
      .toEqual({ ok: true, body: { outcome: 'helped', method: 'neighbour', note: '志愿者已送药', version: 2 } });
    expect(checkBody('unreachable', { method: 'phone', note: '女儿电话 138 1234 5678' }, 1)).toEqual({ ok: false, field: 'note', problem: 'phone' });
    expect(noteProblem('身份证 330902199001011237', false)).toBe('id_number');
    expect(noteProblem('药'.repeat(201), false)).toBe('too_long');
    expect(noteProblem('药'.repeat(200), true)).toBeNull();
    expect(noteProblem(undefined, false)).toBeNull();
    expect(noteProblem('  ', true)).toBe('empty');
  });

  it('a roll call: a title of 1 to 60 characters, 1 to 72 whole hours, the tags once each in the registry order, no grid for the whole area', () => {
    expect(titleProblem('  ')).toBe('empty');
    expect(titleProblem('台'.repeat(61))).toBe('too_long');
    expect(titleProblem('台风“梅花”过境前关爱点名')).toBeNull();
    expect([0, 1, 4, 72, 73, 2.5, null, undefined].map(dueHoursValid)).toEqual([false, true, true, true, false, false, false, false]);
    expect(startBody({ title: ' 台风前点名 ', tags: ['disabled', 'living_alone', 'elderly80', 'disabled'], gridId: null, dueHours: 4 }))
      .toEqual({ title: '台风前点名', tags: ['elderly80', 'living_alone', 'disabled'], dueHours: 4 });
    expect(startBody({ title: 'x', tags: ['infant'], gridId: 'g1', dueHours: 72 })).toEqual({ title: 'x', tags: ['infant'], gridId: 'g1', dueHours: 72 });
  });
});

describe('a check put into the list without reading it again', () => {
  type Row = { id: string; status: RollCallStatus; version: number };
  const page = { items: [{ id: 'a', status: 'pending', version: 0 }, { id: 'b', status: 'pending', version: 0 }] as Row[], total: 7, page: 1, pageSize: 50 };
  it('replaces the person with their new state and keeps the rest of the page', () => {
    const next = withChecked(page, { id: 'b', status: 'safe', version: 1 }, undefined);
    expect(next.items).toEqual([{ id: 'a', status: 'pending', version: 0 }, { id: 'b', status: 'safe', version: 1 }]);
    expect(next.total).toBe(7);
    expect(next.page).toBe(1);
    expect(page.items[1]!.status).toBe('pending');
  });
  it('takes the person off a page filtered by a state they have left, one fewer in all; keeps them under their new state', () => {
    const off = withChecked(page, { id: 'a', status: 'safe', version: 1 }, 'pending');
    expect(off.items.map((i) => i.id)).toEqual(['b']);
    expect(off.total).toBe(6);
    const kept = withChecked(page, { id: 'a', status: 'safe', version: 1 }, 'safe');
    expect(kept.items.map((i) => i.status)).toEqual(['safe', 'pending']);
  });
  it('leaves a page that does not hold the person as it is', () => {
    expect(withChecked(page, { id: 'z', status: 'safe', version: 1 }, undefined)).toBe(page);
  });
});

describe('报平安: a household’s entries', () => {
  it('groups them by roll call in the order given, the caller’s own entry first in each', () => {
    const e = (id: string, rollCallId: string, self: boolean, nameMasked: string) => ({ id, rollCallId, title: `点名${rollCallId}`, orgName: 'A社区', dueAt: '2026-12-04T08:00:00Z', self, nameMasked });
    const groups = groupMine([e('1', 'b', false, '钱**'), e('2', 'b', true, '刘*'), e('3', 'a', false, '孙**'), e('4', 'b', false, '孙**')]);
    expect(groups.map((g) => g.rollCallId)).toEqual(['b', 'a']);
    expect(groups[0]!.entries.map((x) => x.id)).toEqual(['2', '1', '4']);
    expect(groups[0]!.title).toBe('点名b');
    expect(groupMine([])).toEqual([]);
  });
});
