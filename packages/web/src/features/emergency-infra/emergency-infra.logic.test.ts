import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Shelter } from './api';
import {
  clearanceOf, countdown, coverageOf, inspectionBody, inTimeShare, isDue, isOverdue, placeOf, problemsOf, reportBody, reportProblems, restOk, shelterBody,
  sortShelters, textProblem, unanswered, capacityValid, intervalDaysValid, clearanceValid,
} from './emergency-infra.logic';
import { laneNotice } from './notice.logic';

const NOW = new Date('2026-12-04T12:00:00Z');

const shelter = (name: string, o: Partial<Shelter> = {}): Shelter => ({
  id: `s-${name}`, communityId: 'A', communityName: 'A社区', name, kind: 'park', address: '某处', capacity: 100, areaM2: null, facilities: [],
  status: 'standby', intervalDays: 30, lastInspectedAt: '2026-11-20T12:00:00Z', lastInspectionProblems: 0, nextDueAt: '2026-12-20T12:00:00Z', due: false, version: 1, ...o,
});

describe('coverage: 常住 N 人 · 可容纳 M 人 · 覆盖 X%', () => {
  it('is the capacity against the residents, in whole per cent; short of everyone is never shown as 100 %', () => {
    expect(coverageOf({ residents: 3000, capacity: 2500 })).toEqual({ percent: 83, short: true, missing: 500 });
    expect(coverageOf({ residents: 1000, capacity: 996 })).toEqual({ percent: 99, short: true, missing: 4 });
    expect(coverageOf({ residents: 1000, capacity: 1000 })).toEqual({ percent: 100, short: false, missing: 0 });
    expect(coverageOf({ residents: 1000, capacity: 1504 })).toEqual({ percent: 150, short: false, missing: 0 });
    expect(coverageOf({ residents: 1000, capacity: 0 })).toEqual({ percent: 0, short: true, missing: 1000 });
  });

  it('has no share without residents', () => {
    expect(coverageOf({ residents: 0, capacity: 200 })).toEqual({ percent: null, short: false, missing: 0 });
  });
});

describe('a shelter’s 待检查 and the order of the cards', () => {
  it('is due when the server says so, never inspected, or past its next inspection by the page’s clock; never when closed', () => {
    expect(isDue(shelter('a'), NOW)).toBe(false);
    expect(isDue(shelter('a', { due: true }), NOW)).toBe(true);
    expect(isDue(shelter('a', { lastInspectedAt: null, nextDueAt: null, lastInspectionProblems: null }), NOW)).toBe(true);
    expect(isDue(shelter('a', { nextDueAt: '2026-12-04T11:59:00Z' }), NOW)).toBe(true);
    expect(isDue(shelter('a', { nextDueAt: '2026-12-04T12:00:00Z' }), NOW)).toBe(true);
    expect(isDue(shelter('a', { status: 'closed', lastInspectedAt: null, due: false }), NOW)).toBe(false);
  });

  it('lists the due first, the closed last, the server’s order within', () => {
    const items = [shelter('党群服务中心'), shelter('滨海公园', { due: true, lastInspectedAt: null }), shelter('旧仓库', { status: 'closed' }), shelter('港湾小学操场', { nextDueAt: '2026-12-01T00:00:00Z' })];
    expect(sortShelters(items, NOW).map((s) => s.name)).toEqual(['滨海公园', '港湾小学操场', '党群服务中心', '旧仓库']);
  });
});

describe('the inspection form: six checks, each answered', () => {
  it('names what is still unanswered and what is a problem, in the form’s order', () => {
    expect(unanswered({})).toEqual(['access', 'signage', 'water', 'power', 'sanitation', 'equipment']);
    expect(unanswered({ water: 'problem', access: 'ok' })).toEqual(['signage', 'power', 'sanitation', 'equipment']);
    expect(problemsOf({ sanitation: 'problem', water: 'problem', access: 'ok' })).toEqual(['water', 'sanitation']);
  });

  it('其余全部正常 answers the rest 正常 and keeps a problem a problem', () => {
    const a = restOk({ signage: 'problem', access: 'ok' });
    expect(a).toEqual({ access: 'ok', signage: 'problem', water: 'ok', power: 'ok', sanitation: 'ok', equipment: 'ok' });
    expect(unanswered(a)).toEqual([]);
    expect(restOk(a)).toEqual(a);
  });

  it('sends only a complete form; an empty note is left out, a note with a number refused', () => {
    expect(inspectionBody({ access: 'ok' }, undefined)).toEqual({ ok: false, missing: ['signage', 'water', 'power', 'sanitation', 'equipment'] });
    const all = restOk({ water: 'problem' });
    expect(inspectionBody(all, '  ')).toEqual({ ok: true, body: { checks: { access: 'ok', signage: 'ok', water: 'problem', power: 'ok', sanitation: 'ok', equipment: 'ok' } } });
    expect(inspectionBody(all, ' 水龙头漏水 ')).toMatchObject({ ok: true, body: { note: '水龙头漏水' } });
    expect(inspectionBody(all, '管理员电话 13812345678')).toEqual({ ok: false, note: 'phone' });
  });

  it('refuses what the server refuses in a text', () => {
    expect(textProblem('', true)).toBe('empty');
    expect(textProblem('  ', false)).toBeNull();
    expect(textProblem('x'.repeat(201), false)).toBe('too_long');
    expect(textProblem('x'.repeat(81), false, 80)).toBe('too_long');
    expect(textProblem('身份证 110101199003071234', true)).toBe('id_number');
    expect(textProblem('电话 138 1234 5678', true)).toBe('phone');
    // A car's plate is fine.
    expect(textProblem('白色轿车 浙L·D5123 停在通道口', true)).toBeNull();
  });
});

describe('the shelter form', () => {
  it('keeps the numbers in range, whole', () => {
    expect(capacityValid(1)).toBe(true);
    expect(capacityValid(100_000)).toBe(true);
    expect(capacityValid(0)).toBe(false);
    expect(capacityValid(100_001)).toBe(false);
    expect(capacityValid(1.5)).toBe(false);
    expect(capacityValid(null)).toBe(false);
    expect(intervalDaysValid(7)).toBe(true);
    expect(intervalDaysValid(6)).toBe(false);
    expect(intervalDaysValid(366)).toBe(false);
    expect(clearanceValid(1)).toBe(true);
    expect(clearanceValid(72)).toBe(true);
    expect(clearanceValid(73)).toBe(false);
  });

  it('trims the names, leaves an empty area out and lists each facility once', () => {
    expect(shelterBody({ name: ' 滨海公园 ', kind: 'park', address: ' 中心草坪 ', capacity: 1500, areaM2: null, facilities: ['water', 'water', 'toilets'], status: 'standby', intervalDays: 30 }))
      .toEqual({ name: '滨海公园', kind: 'park', address: '中心草坪', capacity: 1500, facilities: ['water', 'toilets'], status: 'standby', intervalDays: 30 });
    expect(shelterBody({ name: 'x', kind: 'school', address: 'y', capacity: 1, areaM2: 3200, facilities: [], status: 'open', intervalDays: 7 })).toMatchObject({ areaM2: 3200 });
  });
});

describe('a report’s deadline', () => {
  it('counts down in hours and minutes, rounded up to the minute', () => {
    expect(countdown('2026-12-04T13:20:00Z', NOW)).toEqual({ overdue: false, hours: 1, minutes: 20 });
    expect(countdown('2026-12-04T12:40:00Z', NOW)).toEqual({ overdue: false, hours: 0, minutes: 40 });
    expect(countdown('2026-12-04T12:00:10Z', NOW)).toEqual({ overdue: false, hours: 0, minutes: 1 });
  });

  it('is 已超时 once it passes, with how long ago', () => {
    expect(countdown('2026-12-04T12:00:00Z', NOW)).toEqual({ overdue: true, hours: 0, minutes: 0 });
    expect(countdown('2026-12-04T10:55:00Z', NOW)).toEqual({ overdue: true, hours: 1, minutes: 5 });
  });

  it('makes an open report overdue by the page’s clock or the server’s word; a handled one never', () => {
    expect(isOverdue({ status: 'open', dueAt: '2026-12-04T11:00:00Z' }, NOW)).toBe(true);
    expect(isOverdue({ status: 'open', dueAt: '2026-12-04T13:00:00Z' }, NOW)).toBe(false);
    expect(isOverdue({ status: 'open', dueAt: '2026-12-04T12:00:30Z', overdue: true }, NOW)).toBe(true);
    expect(isOverdue({ status: 'cleared', dueAt: '2026-12-04T11:00:00Z', overdue: true }, NOW)).toBe(false);
  });

  it('the share cleared in time, and the community’s clearance hours (the default until it sets its own)', () => {
    expect(inTimeShare({ cleared30: 0, clearedInTime30: 0 })).toBeNull();
    expect(inTimeShare({ cleared30: 3, clearedInTime30: 2 })).toBe(67);
    expect(inTimeShare({ cleared30: 4, clearedInTime30: 4 })).toBe(100);
    expect(clearanceOf([{ communityId: 'A', hours: 4 }], 'A', 2)).toBe(4);
    expect(clearanceOf([{ communityId: 'A', hours: 4 }], 'B', 2)).toBe(2);
    expect(clearanceOf([], undefined, 2)).toBe(2);
  });
});

describe('the report form: a lane or a location, and what blocks it', () => {
  it('asks for a lane or a location (on the lane’s field, as the server) and a description', () => {
    expect(reportProblems({})).toEqual([{ field: 'laneId', problem: 'lane_or_location' }, { field: 'description', problem: 'empty' }]);
    expect(reportProblems({ location: '  ', description: '堆满纸箱' })).toEqual([{ field: 'laneId', problem: 'lane_or_location' }]);
    expect(reportProblems({ laneId: 'l1', description: '白色轿车 浙L·D5123' })).toEqual([]);
    expect(reportProblems({ location: '5幢北侧小路', description: '电动车' })).toEqual([]);
    expect(reportProblems({ laneId: 'l1', location: 'x'.repeat(81), description: '车主 13812345678' })).toEqual([
      { field: 'location', problem: 'too_long' }, { field: 'description', problem: 'phone' },
    ]);
  });

  it('sends the lane, the location when typed, and the description, trimmed', () => {
    expect(reportBody({ laneId: 'l1', location: ' ', description: ' 堆满纸箱 ' })).toEqual({ laneId: 'l1', description: '堆满纸箱' });
    expect(reportBody({ laneId: null, location: ' 5幢北侧 ', description: '车' })).toEqual({ location: '5幢北侧', description: '车' });
    expect(reportBody({ laneId: 'l1', location: '东口', description: '车' })).toEqual({ laneId: 'l1', location: '东口', description: '车' });
  });

  it('names the place by its lane, its location, or both', () => {
    expect(placeOf({ laneName: '1号消防通道', location: null }, 'zh-CN')).toBe('1号消防通道');
    expect(placeOf({ laneName: null, location: '5幢北侧' }, 'zh-CN')).toBe('5幢北侧');
    expect(placeOf({ laneName: '1号消防通道', location: '东口' }, 'zh-CN')).toBe('1号消防通道（东口）');
    expect(placeOf({ laneName: 'Fire lane 1', location: 'east end' }, 'en')).toBe('Fire lane 1 (east end)');
  });
});

describe('the bell', () => {
  const t = ((key: string, o: Record<string, unknown> = {}) => `${key}|${Object.entries(o).map(([k, v]) => `${k}=${String(v)}`).join(',')}`) as unknown as TFunction;
  it('says the reference and the place, never the reporter; an overdue one its deadline', () => {
    expect(laneNotice('lane_report_new', { ref: 'TD-20261204-003', place: '1号消防通道' }, t)).toBe('emergencyInfra.bell.new|ref=TD-20261204-003,place=1号消防通道');
    expect(laneNotice('lane_report_new', { ref: 'TD-1', place: '' }, t)).toBe('emergencyInfra.bell.new|ref=TD-1,place=emergencyInfra.bell.somewhere|');
    const overdue = laneNotice('lane_report_overdue', { ref: 'TD-1', place: '救护车通道', dueAt: '2026-12-04T04:00:00Z' }, t);
    expect(overdue).toMatch(/^emergencyInfra\.bell\.overdue\|ref=TD-1,place=救护车通道,due=\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(laneNotice('lane_report_overdue', { ref: 'TD-1', place: '救护车通道' }, t)).toBe('emergencyInfra.bell.overdueNoTime|ref=TD-1,place=救护车通道');
  });
});
