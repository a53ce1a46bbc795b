// Pure rules of the 传播趋势 (R_t) page, unit-tested in rt.logic.test.ts: which model parameters may be sent, the
// messages for those that may not, and the one-line summary of the SEIR projection.
import { formatCount, formatEstimate } from '../../lib/numbers';
import type { Projection, RtQuery, RtResult } from './api';

// ---- Model parameters ------------------------------------------------------------------------------------------------

export type RtParam = 'siMean' | 'siSd' | 'window' | 'horizon' | 'population';
export const RT_PARAMS: readonly RtParam[] = ['siMean', 'siSd', 'window', 'horizon', 'population'];

type Bound = { min: number; minExclusive: boolean; max: number; integer: boolean; required: boolean };

/**
 * The smallest population the page sends. A grid, the smallest area, has hundreds of residents; a two-digit population
 * is a typing slip, and the SEIR model run on it says next to nothing (everyone soon counted as infected). Leaving the
 * field empty uses the registered residents of the area.
 */
export const POPULATION_MIN = 100;

/**
 * What GET /api/warnings/rt accepts (packages/server/src/modules/warnings/warnings.routes.ts: siMean > 1 and ≤ 30,
 * siSd > 0 and ≤ 30, window an integer 2–28, horizon an integer 1–90, population an integer up to 100,000,000), with a
 * tighter floor for the population (POPULATION_MIN, and the largest daily count: rtParamProblem). All but the population
 * are required: an empty box is not silently replaced by the server's default.
 */
export const RT_BOUNDS: Readonly<Record<RtParam, Bound>> = {
  siMean: { min: 1, minExclusive: true, max: 30, integer: false, required: true },
  siSd: { min: 0, minExclusive: true, max: 30, integer: false, required: true },
  window: { min: 2, minExclusive: false, max: 28, integer: true, required: true },
  horizon: { min: 1, minExclusive: false, max: 90, integer: true, required: true },
  population: { min: POPULATION_MIN, minExclusive: false, max: 100_000_000, integer: true, required: false },
};

/** What is wrong with one value: `min` at least, `above` more than, `belowCases` fewer people than counted in one day. */
export type RtParamProblem =
  | { kind: 'required' }
  | { kind: 'number' }
  | { kind: 'integer' }
  | { kind: 'min'; min: number }
  | { kind: 'above'; min: number }
  | { kind: 'max'; max: number }
  | { kind: 'belowCases'; min: number };

/** What the population check needs to know about the area: its largest daily count, when known. */
export type RtContext = { maxDailyCount?: number };

/**
 * The problem with one parameter's value, or null when it may be sent. Numbers only (a numeric text is not a number
 * here: the form's boxes give numbers). The population must also be at least the largest daily count of the area's
 * series (`ctx.maxDailyCount`): on that day that many were counted (people for most indicators), so a smaller
 * population cannot be right, and the model would find nobody left to infect (the near-zero forecast of a population of 10).
 */
export function rtParamProblem(param: RtParam, value: unknown, ctx: RtContext = {}): RtParamProblem | null {
  const b = RT_BOUNDS[param];
  if (value === null || value === undefined || value === '') return b.required ? { kind: 'required' } : null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { kind: 'number' };
  if (b.integer && !Number.isInteger(value)) return { kind: 'integer' };
  // The population's floor is the larger of POPULATION_MIN and the day with the most counted (named by the message).
  const counted = param === 'population' ? (ctx.maxDailyCount ?? 0) : 0;
  if (counted > b.min && value < counted) return { kind: 'belowCases', min: counted };
  if (b.minExclusive ? value <= b.min : value < b.min) return b.minExclusive ? { kind: 'above', min: b.min } : { kind: 'min', min: b.min };
  if (value > b.max) return { kind: 'max', max: b.max };
  return null;
}

export type RtFormValues = { scope: string; indicator: string; siMean: unknown; siSd: unknown; window: unknown; horizon: unknown; population: unknown };

/** The problems of the whole form, by parameter (only those with one). Empty: the form may be sent. */
export function rtFormProblems(v: RtFormValues, ctx: RtContext = {}): Partial<Record<RtParam, RtParamProblem>> {
  const out: Partial<Record<RtParam, RtParamProblem>> = {};
  for (const p of RT_PARAMS) {
    const problem = rtParamProblem(p, v[p], ctx);
    if (problem) out[p] = problem;
  }
  return out;
}

/** The request for a valid form (rtFormProblems empty); null otherwise, so that nothing is sent. */
export function rtQueryFromForm(v: RtFormValues, ctx: RtContext = {}): RtQuery | null {
  if (Object.keys(rtFormProblems(v, ctx)).length > 0) return null;
  return {
    scope: v.scope, indicator: v.indicator, siMean: v.siMean as number, siSd: v.siSd as number, window: v.window as number, horizon: v.horizon as number,
    population: (v.population as number | null | undefined) ?? undefined,
  };
}

/**
 * The largest daily count of the series shown, when it is the series of the area and indicator in the form (a series
 * of another area says nothing about this one's population); undefined otherwise.
 */
export function maxDailyCountFor(data: Pick<RtResult, 'scope' | 'indicator' | 'incidence'> | undefined, scope: string | undefined, indicator: string | undefined): number | undefined {
  if (!data || data.scope.id !== scope || data.indicator.code !== indicator || data.incidence.length === 0) return undefined;
  return Math.max(...data.incidence.map((d) => d.count));
}

/** A text of the page by key (warnings.rt.…) with its values, for i18next's t. */
export type RtMessage<K extends string, V> = { key: K; vars: V };
export type ProblemVars = { min?: string; max?: string };
export type SummaryVars = { days: string; date: string; median: string; low: string; high: string; unit: string };

/** The field message of a problem (keys under warnings.rt.invalid; numbers as the UI language writes them). */
export function rtProblemMessage(p: RtParamProblem, lang: string): RtMessage<`warnings.rt.invalid.${RtParamProblem['kind']}`, ProblemVars> {
  switch (p.kind) {
    case 'required':
    case 'number':
    case 'integer':
      return { key: `warnings.rt.invalid.${p.kind}`, vars: {} };
    case 'min':
    case 'above':
      return { key: `warnings.rt.invalid.${p.kind}`, vars: { min: formatEstimate(p.min, lang, 1) } };
    case 'belowCases':
      return { key: 'warnings.rt.invalid.belowCases', vars: { min: formatCount(p.min, lang) } };
    case 'max':
      return { key: 'warnings.rt.invalid.max', vars: { max: formatEstimate(p.max, lang, 1) } };
  }
}

// ---- Projection summary ----------------------------------------------------------------------------------------------

/** The projection's last day: how many days ahead, its date, and the daily count's median and 95% range. */
export type ProjectionSummary = { days: number; date: string; median: number; low: number; high: number };

/** The last projected day, or null when there is no projection (not available, no days, a value not a number). */
export function projectionSummary(p: Projection | undefined): ProjectionSummary | null {
  if (!p || !p.available || p.days.length === 0) return null;
  const last = p.days[p.days.length - 1]!;
  if (![last.low, last.median, last.high].every(Number.isFinite)) return null;
  return { days: p.days.length, date: last.date, median: last.median, low: Math.min(last.low, last.high), high: Math.max(last.low, last.high) };
}

/** A projected daily count as read: one decimal below 10 (0.4 is not 0), whole numbers from 10 on. */
export function dailyEstimate(v: number, lang: string): string {
  return formatEstimate(v, lang, Math.abs(v) < 10 ? 1 : 0);
}

/**
 * The one line under the SEIR card's title: 预计 28 天后（2026-06-30）每日约 12 人（区间 3–40）. `unit` is the
 * indicator's unit as shown after a number (shared.tsx unitOf, with its leading space).
 */
export function projectionSummaryMessage(s: ProjectionSummary, lang: string, unit: string): RtMessage<'warnings.rt.projectionSummary', SummaryVars> {
  return {
    key: 'warnings.rt.projectionSummary',
    vars: { days: formatCount(s.days, lang), date: s.date, median: dailyEstimate(s.median, lang), low: dailyEstimate(s.low, lang), high: dailyEstimate(s.high, lang), unit },
  };
}
