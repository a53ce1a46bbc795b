import { describe, expect, it } from 'vitest';
import type { Projection, RtRow, SeriesPoint } from './api';
import {
  alertChartOption, alertGridLabel, englishUnit, fmtP, incidenceChartOption, listStateFromParams, noteProblem, noteRule, paramsFromListState,
  noticeWhen, pickDay, queryFromListState, rtChartOption, rtTrend,
} from './warnings.logic';

const pt = (date: string, observed: number, level: SeriesPoint['level'], y: number | null, r: number | null): SeriesPoint => ({
  date, observed, denominator: null, expected: y === null ? null : y - 1, pValue: null, yellowLimit: y, redLimit: r, level, detectorLevel: level,
  detector: null, cause: null, rule: null,
});
const labels = { observed: 'o', expected: 'e', yellowBand: 'yb', redLimit: 'rl', alarms: 'a' };

describe('grid names', () => {
  it('name an alert\'s grid from the alert itself: with the community the server gives, for street and above', () => {
    const g = { id: 'a1', code: 'a1', name: '第一网格', communityName: 'A社区' };
    expect(alertGridLabel(g, 'street')).toBe('A社区 第一网格');
    expect(alertGridLabel(g, 'district')).toBe('A社区 第一网格');
    expect(alertGridLabel(g, 'community')).toBe('第一网格');
    expect(alertGridLabel(g, 'grid')).toBe('第一网格');
    expect(alertGridLabel({ ...g, communityName: null }, 'district')).toBe('第一网格');
  });
});

describe('English units', () => {
  it('says "1 pool" and "2 pools", "1 person" and "0 persons"', () => {
    expect(englishUnit('pools', 1)).toBe('pool');
    expect(englishUnit('persons', 1)).toBe('person');
    expect(englishUnit('pools', 2)).toBe('pools');
    expect(englishUnit('persons', 0)).toBe('persons');
    expect(englishUnit('events', null)).toBe('events');
  });
});

describe('list URL state', () => {
  it('round-trips and defaults to open warnings, ignoring junk', () => {
    const s = listStateFromParams(new URLSearchParams('status=resolved&level=red&indicator=fever_reports&from=2025-05-01&to=bad&page=3'));
    expect(s).toEqual({ status: 'resolved', level: 'red', indicator: 'fever_reports', gridId: undefined, from: '2025-05-01', to: undefined, page: 3 });
    expect(listStateFromParams(paramsFromListState(s))).toEqual(s);
    expect(listStateFromParams(new URLSearchParams('status=purple&level=blue&page=-1'))).toMatchObject({ status: 'open', level: undefined, page: 1 });
    expect(paramsFromListState({ status: 'open', page: 1 }).toString()).toBe('');
    expect(queryFromListState({ status: 'all', page: 2 })).toMatchObject({ status: undefined, page: 2, pageSize: 20 });
  });
});

describe('alert chart', () => {
  it('draws the yellow band as base + width, colours warning days and marks the alert day', () => {
    const o = alertChartOption([pt('2025-05-30', 2, 'blue', 4, 6), pt('2025-05-31', 5, 'yellow', 4, 6.5), pt('2025-06-01', 9, 'red', null, null)], '2025-06-01', labels);
    const byName = Object.fromEntries(o.series.map((s) => [s.name, s]));
    expect(byName['yellow-base']!.data).toEqual([4, 4, null]);
    expect(byName.yb!.data).toEqual([2, 2.5, null]);
    expect(byName.rl!.data).toEqual([6, 6.5, null]);
    expect((byName.a!.data as Array<{ value: unknown }>).map((d) => d.value)).toEqual([['2025-05-31', 5], ['2025-06-01', 9]]);
    expect((byName.o!.data as Array<{ itemStyle: { color: string } }>)[2]!.itemStyle.color).toBe('#cf1322');
    expect(byName.o!.markLine!.data).toEqual([{ xAxis: '2025-06-01' }]);
  });
});

describe('R_t charts', () => {
  const row = (end: string, mean: number | null, lo: number | null, hi: number | null): RtRow => ({
    tStart: 1, tEnd: 7, dateStart: end, dateEnd: end, mean, std: null, q0025: lo, median: mean, q0975: hi,
  });
  it('skips NA windows and stacks the credible band', () => {
    const o = rtChartOption([row('2025-05-01', null, null, null), row('2025-05-02', 1.2, 0.8, 1.7)], { mean: 'm', band: 'b', one: '1' });
    expect(o.xAxis.data).toEqual(['2025-05-02']);
    expect(o.series[0]!.data).toEqual([0.8]);
    expect(o.series[1]!.data).toEqual([0.9]);
  });
  it('appends the projection after the observed days', () => {
    const proj: Projection = {
      available: true, model: 'seir',
      params: { population: 1000, populationSource: 'request', latentDays: 5.2, infectiousDays: 7, rLow: 0.8, rMedian: 1.1, rHigh: 1.5, basedOn: '' },
      initial: { E: 1, I: 1, R: 0 }, days: [{ date: '2025-06-02', low: 1, median: 2, high: 4 }],
    };
    const o = incidenceChartOption([{ date: '2025-05-31', count: 3 }, { date: '2025-06-01', count: 5 }], proj, { observed: 'o', median: 'm', band95: 'b' });
    expect(o.xAxis.data).toEqual(['2025-05-31', '2025-06-01', '2025-06-02']);
    expect(o.series.find((s) => s.name === 'm')!.data).toEqual([null, 5, 2]);
    expect(o.series.find((s) => s.name === 'b')!.data).toEqual([null, null, 3]);
    const none = incidenceChartOption([{ date: '2025-06-01', count: 5 }], { available: false, reason: 'seir_unavailable' }, { observed: 'o', median: 'm', band95: 'b' });
    expect(none.series).toHaveLength(1);
  });
  it('reads the trend from the whole interval', () => {
    expect(rtTrend(row('d', 1.5, 1.1, 2))).toBe('growing');
    expect(rtTrend(row('d', 0.6, 0.4, 0.9))).toBe('shrinking');
    expect(rtTrend(row('d', 1.1, 0.7, 1.6))).toBe('uncertain');
    expect(rtTrend(null)).toBeNull();
    expect(fmtP(0.0004)).toBe('< 0.001');
  });
});

describe('date filter on a phone (two day pickers)', () => {
  it('sets one end and keeps the other, clears an end, and keeps the range in order', () => {
    expect(pickDay({}, 'from', '2026-11-01')).toEqual({ from: '2026-11-01', to: undefined });
    expect(pickDay({ from: '2026-11-01' }, 'to', '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(pickDay({ from: '2026-11-01', to: '2026-11-30' }, 'from', undefined)).toEqual({ from: undefined, to: '2026-11-30' });
    expect(pickDay({ from: '2026-11-01', to: '2026-11-30' }, 'from', '2026-12-05')).toEqual({ from: '2026-11-30', to: '2026-12-05' });
    expect(pickDay({ from: '2026-11-10', to: '2026-11-30' }, 'to', '2026-11-02')).toEqual({ from: '2026-11-02', to: '2026-11-10' });
    // The same URL state as the range picker's.
    const s = listStateFromParams(paramsFromListState({ status: 'open', page: 1, ...pickDay({ from: '2026-11-01' }, 'to', '2026-11-30') }));
    expect(s).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
  });
});

describe('alert notes count trimmed text, like the server', () => {
  const messages = { missing: 'missing', short: 'short' };
  const check = (required: boolean, v: string | undefined) =>
    noteRule(required, messages).validator({}, v).then(() => 'ok', (e: Error) => e.message);

  it('处置完毕 refuses a note of one character padded with spaces or full-width spaces', async () => {
    expect(await check(true, ' 好')).toBe('short');
    expect(await check(true, '\u3000好')).toBe('short');
    expect(await check(true, '好 \n')).toBe('short');
    expect(await check(true, '\u3000\u3000')).toBe('missing');
    expect(await check(true, undefined)).toBe('missing');
    expect(await check(true, ' 已处置 ')).toBe('ok');
    expect(noteRule(true, messages).required).toBe(true);
  });
  it('确认 takes no note or a note of at least 2 characters (trimmed)', async () => {
    expect(await check(false, '')).toBe('ok');
    expect(await check(false, '\u3000 ')).toBe('ok');
    expect(await check(false, '\u3000好')).toBe('short');
    expect(await check(false, '好的')).toBe('ok');
    expect(noteProblem('　好　', true)).toBe('short');
  });
});

describe('the time of a notice in the bell', () => {
  const dataOf = (day: string) => `${day} 的数据`;
  it('shows one time for a warning of the same day, and names the day of the data when it is an earlier one', () => {
    expect(noticeWhen(new Date(2026, 11, 2, 8, 5), '2026-12-02', dataOf)).toBe('12-02 08:05');
    expect(noticeWhen(new Date(2026, 11, 2, 8, 5), '2026-12-01', dataOf)).toBe('12-01 的数据 · 12-02 08:05');
    expect(noticeWhen(new Date(2026, 0, 1, 0, 30), '2025-12-31', dataOf)).toBe('12-31 的数据 · 01-01 00:30');
    expect(noticeWhen(new Date(2026, 11, 2, 23, 59), null, dataOf)).toBe('12-02 23:59');
  });
});
