// Pure helpers of the warning pages: URL state, p-values and the echarts options (tested without a browser). Counts and
// expected values are formatted by lib/numbers.ts.
import dayjs from 'dayjs';
import type { AlertLevel, AlertQuery, Level, Projection, RtRow, SeriesPoint, StatusFilter } from './api';

/** NSSP-ESSENCE colours as shown on screen (yellow darkened to stay readable on white). */
export const LEVEL_COLORS: Record<Level, string> = { red: '#cf1322', yellow: '#d48806', blue: '#1677ff', grey: '#8c8c8c' };
/** antd Tag presets for the same levels. */
export const LEVEL_TAG: Record<Level, string> = { red: 'red', yellow: 'gold', blue: 'blue', grey: 'default' };

export const PAGE_SIZE = 20;
/**
 * The list's status choices, all of them, in this order: 未处置 (new and acknowledged together), each status, 全部. The
 * control offers every one, so a status chosen from a card or a link is always shown as chosen.
 */
export const STATUS_CHOICES: readonly StatusFilter[] = ['open', 'raised', 'acknowledged', 'resolved', 'all'];
const LEVELS: readonly AlertLevel[] = ['red', 'yellow'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type ListState = { status: StatusFilter; level?: AlertLevel; indicator?: string; gridId?: string; from?: string; to?: string; page: number };

/** Filters live in the URL (reload, back and shared links keep them); default: open warnings. */
export function listStateFromParams(p: URLSearchParams): ListState {
  const status = p.get('status') as StatusFilter | null;
  const level = p.get('level') as AlertLevel | null;
  const page = Number(p.get('page'));
  const day = (k: string) => {
    const v = p.get(k);
    return v && DAY.test(v) ? v : undefined;
  };
  return {
    status: status && STATUS_CHOICES.includes(status) ? status : 'open',
    level: level && LEVELS.includes(level) ? level : undefined,
    indicator: p.get('indicator') || undefined,
    gridId: p.get('gridId') || undefined,
    from: day('from'),
    to: day('to'),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function paramsFromListState(s: ListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.status !== 'open') p.set('status', s.status);
  for (const k of ['level', 'indicator', 'gridId', 'from', 'to'] as const) if (s[k]) p.set(k, s[k]!);
  if (s.page > 1) p.set('page', String(s.page));
  return p;
}

export function queryFromListState(s: ListState): AlertQuery {
  return {
    status: s.status === 'all' ? undefined : s.status, level: s.level, indicator: s.indicator, gridId: s.gridId, from: s.from, to: s.to,
    page: s.page, pageSize: PAGE_SIZE,
  };
}

/**
 * The date filter on a phone: two single-day pickers (a range picker's two-month panel does not fit a phone). Picking
 * one end keeps the other; a start after the end (or an end before the start) swaps them, so the range stays in order.
 */
export function pickDay(range: { from?: string; to?: string }, end: 'from' | 'to', day: string | undefined): { from?: string; to?: string } {
  const next = { from: range.from, to: range.to, [end]: day };
  return next.from && next.to && next.from > next.to ? { from: next.to, to: next.from } : next;
}

/** Notes as the server counts them (zod `.trim()`): spaces, newlines and the full-width space U+3000 do not count. */
export const NOTE_MIN = 2;
/** What is wrong with an alert note: nothing, missing (required for 处置完毕) or too short. */
export function noteProblem(text: string | undefined, required: boolean): 'missing' | 'short' | null {
  const n = (text ?? '').trim().length;
  if (n === 0) return required ? 'missing' : null;
  return n < NOTE_MIN ? 'short' : null;
}

/**
 * The note field's rule (antd Form): counts trimmed text like the server. antd's own `min` counts the spaces, so " 好"
 * or "　好" passed the form and the server refused it with a generic message.
 */
export function noteRule(required: boolean, messages: { missing: string; short: string }) {
  return {
    required,
    validator: (_: unknown, value: string | undefined): Promise<void> => {
      const problem = noteProblem(value, required);
      return problem ? Promise.reject(new Error(messages[problem])) : Promise.resolve();
    },
  };
}

/**
 * An alert's grid as shown, from the alert itself (the server names the grid's community; ADR 0048): with its community
 * for users whose area holds communities (street and above) — no area tree needed (the pickers label grids the same
 * way: lib/area-picker.logic.ts, ADR 0052).
 */
export function alertGridLabel(grid: { name: string; communityName?: string | null }, orgLevel: string): string {
  return grid.communityName && orgLevel !== 'community' && orgLevel !== 'grid' ? `${grid.communityName} ${grid.name}` : grid.name;
}

/** An English unit for a count: "1 pool", "2 pools" (the indicators' English units are plurals ending in "s"). */
export function englishUnit(plural: string, count: number | null | undefined): string {
  return count === 1 && /[^s]s$/.test(plural) ? plural.slice(0, -1) : plural;
}

/** p-values in the usual reporting style. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

const round = (v: number | null, d = 3) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d);
const shortDate = (d: string) => d.slice(5);

export type AlertChartLabels = { observed: string; expected: string; yellowBand: string; redLimit: string; alarms: string };

/**
 * Series chart of an alert: daily counts as bars (warning days in their colour), expected level dashed, the yellow
 * range as a band between the yellow and red limits (stacked: invisible base + width), the red limit as a line,
 * dots on warning days and a marker line at the alert's day.
 */
export function alertChartOption(points: SeriesPoint[], alertDate: string | null, labels: AlertChartLabels, compact = false) {
  const dates = points.map((p) => p.date);
  const alarm = (p: SeriesPoint) => p.level === 'red' || p.level === 'yellow';
  return {
    animation: false,
    grid: { left: 8, right: 12, top: compact ? 56 : 40, bottom: 8, containLabel: true },
    legend: { top: 0, itemGap: 10, data: [labels.observed, labels.expected, labels.yellowBand, labels.redLimit] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: dates, axisLabel: { formatter: shortDate, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, minInterval: 1 },
    series: [
      {
        name: labels.observed, type: 'bar', barMaxWidth: 14, z: 3,
        data: points.map((p) => ({ value: p.observed, itemStyle: { color: alarm(p) ? LEVEL_COLORS[p.level] : '#7da2d6' } })),
        markLine: alertDate
          ? { symbol: 'none', silent: true, label: { show: false }, lineStyle: { color: '#595959', type: 'dotted' }, data: [{ xAxis: alertDate }] }
          : undefined,
      },
      {
        name: labels.expected, type: 'line', showSymbol: false, z: 4, lineStyle: { type: 'dashed', color: '#434343', width: 1.5 }, itemStyle: { color: '#434343' },
        data: points.map((p) => round(p.expected)),
      },
      {
        name: 'yellow-base', type: 'line', stack: 'band', showSymbol: false, silent: true, lineStyle: { opacity: 0 }, tooltip: { show: false },
        data: points.map((p) => (p.yellowLimit === null || p.redLimit === null ? null : round(Math.max(0, p.yellowLimit)))),
      },
      {
        name: labels.yellowBand, type: 'line', stack: 'band', showSymbol: false, lineStyle: { opacity: 0 }, itemStyle: { color: '#fadb14' },
        areaStyle: { color: 'rgba(250, 219, 20, 0.28)' },
        data: points.map((p) => (p.yellowLimit === null || p.redLimit === null ? null : round(p.redLimit - Math.max(0, p.yellowLimit)))),
      },
      {
        name: labels.redLimit, type: 'line', showSymbol: false, lineStyle: { color: LEVEL_COLORS.red, width: 1, type: [4, 3] }, itemStyle: { color: LEVEL_COLORS.red },
        data: points.map((p) => round(p.redLimit)),
      },
      {
        name: labels.alarms, type: 'scatter', symbolSize: 11, z: 5,
        data: points.filter(alarm).map((p) => ({ value: [p.date, p.observed], itemStyle: { color: LEVEL_COLORS[p.level], borderColor: '#fff', borderWidth: 2 } })),
      },
    ],
  };
}

export type RtChartLabels = { mean: string; band: string; one: string };

/** Mean R_t over the window end dates with its 95% credible band (Q0.025–Q0.975) and the R = 1 line. */
export function rtChartOption(rows: RtRow[], labels: RtChartLabels) {
  const ok = rows.filter((r) => r.mean !== null);
  return {
    animation: false,
    grid: { left: 8, right: 44, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: [labels.mean, labels.band] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: ok.map((r) => r.dateEnd), axisLabel: { formatter: shortDate, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, name: 'R_t' },
    series: [
      { name: 'band-base', type: 'line', stack: 'ci', showSymbol: false, silent: true, lineStyle: { opacity: 0 }, tooltip: { show: false }, data: ok.map((r) => round(r.q0025)) },
      {
        name: labels.band, type: 'line', stack: 'ci', showSymbol: false, lineStyle: { opacity: 0 }, itemStyle: { color: '#91caff' }, areaStyle: { color: 'rgba(22, 119, 255, 0.18)' },
        data: ok.map((r) => (r.q0975 === null || r.q0025 === null ? null : round(r.q0975 - r.q0025))),
      },
      {
        name: labels.mean, type: 'line', showSymbol: false, lineStyle: { color: '#0958d9', width: 2 }, itemStyle: { color: '#0958d9' }, data: ok.map((r) => round(r.mean)),
        markLine: { symbol: 'none', silent: true, label: { formatter: labels.one }, lineStyle: { color: LEVEL_COLORS.red, type: 'dashed' }, data: [{ yAxis: 1 }] },
      },
    ],
  };
}

export type IncidenceChartLabels = { observed: string; median: string; band95: string };

/** Observed daily counts (bars) followed by the projection's median (dashed) and Q0.025–Q0.975 band. */
export function incidenceChartOption(incidence: Array<{ date: string; count: number }>, projection: Projection, labels: IncidenceChartLabels) {
  const future = projection.available ? projection.days : [];
  const dates = [...incidence.map((x) => x.date), ...future.map((d) => d.date)];
  const pad = (n: number) => new Array<null>(n).fill(null);
  const last = incidence.at(-1);
  // The projection line starts at the last observed day so that the two connect.
  const head = last ? [...pad(incidence.length - 1), last.count] : [];
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: future.length ? [labels.observed, labels.median, labels.band95] : [labels.observed] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: dates, axisLabel: { formatter: shortDate, hideOverlap: true } },
    yAxis: { type: 'value', min: 0 },
    series: [
      { name: labels.observed, type: 'bar', barMaxWidth: 10, itemStyle: { color: '#7da2d6' }, data: [...incidence.map((x) => x.count), ...pad(future.length)] },
      ...(future.length
        ? [
            {
              name: 'proj-base', type: 'line', stack: 'proj', showSymbol: false, silent: true, lineStyle: { opacity: 0 }, tooltip: { show: false },
              data: [...pad(incidence.length), ...future.map((d) => round(d.low, 2))],
            },
            {
              name: labels.band95, type: 'line', stack: 'proj', showSymbol: false, lineStyle: { opacity: 0 }, itemStyle: { color: '#ffa39e' },
              areaStyle: { color: 'rgba(207, 19, 34, 0.14)' }, data: [...pad(incidence.length), ...future.map((d) => round(d.high - d.low, 2))],
            },
            {
              name: labels.median, type: 'line', showSymbol: false, lineStyle: { color: LEVEL_COLORS.red, type: 'dashed', width: 2 }, itemStyle: { color: LEVEL_COLORS.red },
              data: [...head, ...future.map((d) => round(d.median, 2))],
            },
          ]
        : []),
    ],
  };
}

/** How to read the latest R_t: growing only when the whole 95% interval is above 1. */
export function rtTrend(latest: RtRow | null): 'growing' | 'shrinking' | 'uncertain' | null {
  if (!latest || latest.q0025 === null || latest.q0975 === null) return null;
  if (latest.q0025 > 1) return 'growing';
  if (latest.q0975 < 1) return 'shrinking';
  return 'uncertain';
}

/**
 * The time line of a notice in the bell: when it came, and — for a warning about an earlier day's counts (the morning
 * run flags yesterday) — which day's data it is about. A warning noticed on its own day shows one time, not two dates.
 * `dataOf` words the day (the caller's i18n); `createdAt` is shown in local time.
 */
export function noticeWhen(createdAt: Date, alertDate: string | null, dataOf: (day: string) => string): string {
  const at = dayjs(createdAt);
  const time = at.format('MM-DD HH:mm');
  return alertDate && alertDate !== at.format('YYYY-MM-DD') ? `${dataOf(dayjs(alertDate).format('MM-DD'))} · ${time}` : time;
}
