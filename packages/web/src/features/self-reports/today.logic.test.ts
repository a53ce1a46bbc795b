import { describe, expect, it } from 'vitest';
import type { GridCoverage } from './api';
import { reportedPercent, reportedToday, reportingSummary } from './today.logic';

const grid = (o: Partial<GridCoverage>): GridCoverage => ({ gridId: 'g', name: '第一网格', residents: 0, reported: 0, fevers: 0, openFollowUps: 0, coverage: 0, ...o });

describe('dashboard reporting summary', () => {
  it('adds the grids up: reported, not reported, fevers today and open follow-ups of any day', () => {
    const s = reportingSummary([grid({ residents: 708, reported: 500, fevers: 3, openFollowUps: 4 }), grid({ residents: 722, reported: 100, fevers: 0, openFollowUps: 1 })]);
    expect(s).toEqual({ residents: 1430, reported: 600, notReported: 830, fevers: 3, openFollowUps: 5, percent: 41.9 });
  });

  it('never shows 100 % before everyone reported, nor a negative gap', () => {
    expect(reportingSummary([grid({ residents: 1000, reported: 999 })]).percent).toBe(99.9);
    expect(reportingSummary([grid({ residents: 3, reported: 5 })])).toMatchObject({ notReported: 0, percent: 100 });
    expect(reportingSummary([])).toMatchObject({ residents: 0, notReported: 0, percent: 0 });
  });
});

describe('reported percentage (workbench card and 体温自报 grid cards)', () => {
  it('is rounded down, so the two pages show the same figure for the same counts and 100 % only when everyone reported', () => {
    expect(reportedPercent(11, 708)).toBe(1.5);
    expect(reportedPercent(23, 6000)).toBe(0.3);
    expect(reportedPercent(9996, 10000)).toBe(99.9);
    expect(reportedPercent(999, 1000)).toBe(99.9);
    expect(reportedPercent(708, 708)).toBe(100);
    expect(reportedPercent(5, 3)).toBe(100);
    expect(reportedPercent(0, 0)).toBe(0);
    expect(reportingSummary([grid({ residents: 708, reported: 11 })]).percent).toBe(reportedPercent(11, 708));
  });
});

describe('already reported today', () => {
  const item = (residentId: string, reportDate: string, createdAt: string, temperature = 36.6) => ({ id: createdAt, residentId, reportDate, temperature, fever: false, symptoms: [], createdAt });
  it('finds the member’s latest report of today, not yesterday’s nor another member’s', () => {
    const items = [item('me', '2026-11-30', '2026-11-30T01:00:00Z', 36.5), item('kid', '2026-11-30', '2026-11-30T03:00:00Z'), item('me', '2026-11-30', '2026-11-30T02:00:00Z', 36.9), item('me', '2026-11-29', '2026-11-29T09:00:00Z')];
    expect(reportedToday(items, 'me', '2026-11-30')?.temperature).toBe(36.9);
    expect(reportedToday(items, 'me', '2026-12-01')).toBeNull();
    expect(reportedToday(items, 'grandma', '2026-11-30')).toBeNull();
    expect(reportedToday(items, undefined, '2026-11-30')).toBeNull();
  });
});
