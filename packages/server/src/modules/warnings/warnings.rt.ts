/**
 * R_t and projection for an aggregated daily series (pure; no I/O).
 *
 * R_t: EpiEstim `estimate_R(method = "parametric_si")` from @renxing/analytics on sliding windows of `window` days
 * ending on every day (EpiEstim's default is weekly windows). Default serial interval for COVID-19: mean 7.5 d,
 * sd 3.4 d (Li et al., NEJM 2020; ANALYTICS.md §2), configurable per request.
 *
 * Projection: deterministic SEIR (@renxing/analytics `projectSeirRtBand`, RK4) driven by the latest window's posterior
 * R quantiles (Q0.025 / Median / Q0.975, ANALYTICS.md §4.2 [design proposal]).
 */
import { estimateRParametric, projectSeirRtBand } from '@renxing/analytics';
import { addDays } from './warnings.dates';

export const RT_DEFAULTS = { siMean: 7.5, siSd: 3.4, window: 7, days: 120, horizon: 28, latentDays: 5.2, infectiousDays: 7 } as const;

export type RtRow = {
  tStart: number; tEnd: number; dateStart: string; dateEnd: string;
  mean: number | null; std: number | null; q0025: number | null; median: number | null; q0975: number | null;
};

export type RtEstimate = { rows: RtRow[]; tooEarly: boolean; warnings: string[]; siMoments: { mean: number; std: number } | null };

/** EpiEstim parametric-SI R_t on windows [t − window + 1, t] for t = window + 1 … T (t_start ≥ 2 as EpiEstim requires). */
export function estimateRt(counts: number[], dates: string[], o: { siMean: number; siSd: number; window: number }): RtEstimate {
  const T = counts.length;
  if (T < o.window + 1) return { rows: [], tooEarly: true, warnings: [`need at least ${o.window + 1} days of data`], siMoments: null };
  const tStart: number[] = [];
  const tEnd: number[] = [];
  for (let s = 2; s + o.window - 1 <= T; s++) {
    tStart.push(s);
    tEnd.push(s + o.window - 1);
  }
  const r = estimateRParametric({ I: counts, dates }, { meanSi: o.siMean, stdSi: o.siSd, tStart, tEnd });
  return {
    rows: r.R.map((x) => ({
      tStart: x.tStart, tEnd: x.tEnd, dateStart: dates[x.tStart - 1]!, dateEnd: dates[x.tEnd - 1]!,
      mean: x.mean, std: x.std, q0025: x.q0025, median: x.median, q0975: x.q0975,
    })),
    tooEarly: r.tooEarly,
    warnings: r.warnings,
    siMoments: r.siMoments,
  };
}

type SeirPointLike = { day: number; cumOnsets: number };
type ProjectBand = (o: {
  N: number; sigma: number; gamma: number; latentStages?: number; init: { E?: number; I: number; R?: number }; days: number;
  low: number; median: number; high: number;
}) => { low: SeirPointLike[]; median: SeirPointLike[]; high: SeirPointLike[] };

export type Projection =
  | {
    available: true;
    model: 'seir';
    params: { population: number; populationSource: 'registry' | 'request'; latentDays: number; infectiousDays: number; rLow: number; rMedian: number; rHigh: number; basedOn: string };
    initial: { E: number; I: number; R: number };
    days: Array<{ date: string; low: number; median: number; high: number }>;
  }
  | { available: false; reason: 'seir_unavailable' | 'population_unknown' | 'no_estimate' };

/**
 * SEIR projection of daily new cases (onsets of infectiousness) for `horizon` days after the last observed day, at
 * the latest R_t's posterior Q0.025 / Median / Q0.975. Initial state from the mean daily count c of the last 7 days:
 * E = c·latentDays, I = c·infectiousDays (a steady flow), R = cases counted so far minus I (≥ 0), S = N − E − I − R.
 */
export function projectFromRt(
  counts: number[], lastDay: string, latest: RtRow | null,
  o: { population: number | null; populationSource: 'registry' | 'request'; latentDays: number; infectiousDays: number; horizon: number },
  projector: ProjectBand | null = projectSeirRtBand,
): Projection {
  if (!projector) return { available: false, reason: 'seir_unavailable' };
  if (!latest || latest.median === null || latest.q0025 === null || latest.q0975 === null) return { available: false, reason: 'no_estimate' };
  if (!o.population || o.population <= 0) return { available: false, reason: 'population_unknown' };
  const N = o.population;
  const last7 = counts.slice(-7);
  const c = last7.reduce((a, b) => a + b, 0) / Math.max(1, last7.length);
  let E = c * o.latentDays;
  let I = c * o.infectiousDays;
  const total = counts.reduce((a, b) => a + b, 0);
  let R = Math.max(0, total - I);
  const scale = E + I + R > N ? N / (E + I + R) : 1; // a population smaller than the counts: keep S ≥ 0
  E *= scale;
  I *= scale;
  R *= scale;
  // Rounding must not leave S = N − E − I − R a hair below zero (the model refuses a negative compartment: a 500 for a
  // population as small as the counts, walk-through of session 25). Taken in the order the model sums them, S is then
  // exactly 0 at worst.
  if (N - E - I - R < 0) {
    E = Math.min(E, N);
    I = Math.min(I, N - E);
    R = Math.max(0, N - E - I);
  }
  const band = projector({
    N, sigma: 1 / o.latentDays, gamma: 1 / o.infectiousDays, latentStages: 1, init: { E, I, R }, days: o.horizon,
    low: latest.q0025, median: latest.median, high: latest.q0975,
  });
  const daily = (pts: SeirPointLike[]) => pts.slice(1).map((p, i) => p.cumOnsets - pts[i]!.cumOnsets);
  const lo = daily(band.low);
  const me = daily(band.median);
  const hi = daily(band.high);
  return {
    available: true,
    model: 'seir',
    params: {
      population: N, populationSource: o.populationSource, latentDays: o.latentDays, infectiousDays: o.infectiousDays,
      rLow: latest.q0025, rMedian: latest.median, rHigh: latest.q0975, basedOn: `${latest.dateStart}..${latest.dateEnd}`,
    },
    initial: { E, I, R },
    days: me.map((m, i) => ({ date: addDays(lastDay, i + 1), low: lo[i]!, median: m, high: hi[i]! })),
  };
}
