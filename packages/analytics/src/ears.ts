/**
 * EARS C1 / C2 / C3 aberration detection, re-implemented from the specification of R `surveillance::earsC`
 * (ANALYTICS.md §1.1; reference surveillance 1.20.3 = 1.26.0 for this file; GPL-2, no code copied).
 *
 * - C1: reference window y[t-B .. t-1]; C2: y[t-B-2 .. t-3] (2-day guard band).
 *   U(t) = mean + z * max(sd, minSigma), z = qnorm(1 - alpha), sd with denominator B - 1; alarm = y[t] > U(t).
 * - C3 "as coded" by the package (`earsC`): U3(t) = max(0, y[t] + max(sd2(t), minSigma) * (z - lag1 - lag2)),
 *   lag_k = max(0, C2(t-k) - 1); alarm = y[t] > U3(t).
 * - `earsC3Documented`: the man-page / Hutwagner et al. (2003) statistic C3(t) = sum_{i=t-2..t} max(0, C2(i) - 1),
 *   alarm = C3(t) >= z (not what the package returns; offered as a separate method).
 *
 * Missing values: `null` in the input is R's NA; a window or value touching NA gives upperbound `null` and alarm
 * `null` (R: NA). 0/0 (constant baseline with minSigma = 0 in C3) gives upperbound NaN and alarm `null` (R: NaN / NA).
 */
import { qnorm } from './dist';
import { checkRange, isNA, rMean, rPmax, rSd, type Series } from './rstats';

export type EarsMethod = 'C1' | 'C2' | 'C3';

export type EarsOptions = {
  /** 'C1' (default), 'C2' or 'C3' (C3 as coded by the package) */
  method?: EarsMethod;
  /** number of reference values B (default 7, must be >= 3) */
  baseline?: number;
  /** lower bound for the standard deviation (default 0, must be >= 0; Burkom suggests 0.5 or 1 for sparse data) */
  minSigma?: number;
  /** one-sided level; default 0.001 for C1/C2 and 0.025 for C3 (R's behaviour when alpha is omitted) */
  alpha?: number;
  /** 1-based time indices to monitor; default C1 (B+1):n, C2 (B+3):n, C3 (B+5):n */
  range?: number[];
};

export type EarsPoint = {
  /** 1-based time index */
  t: number;
  observed: number | null;
  /** threshold; null = R NA (missing data), NaN = R NaN (0/0) */
  upperbound: number | null;
  /** y[t] > upperbound (C3 documented variant: score >= z); null when undetermined (R NA) */
  alarm: boolean | null;
  /** mean of the reference window (C3: of the C2 window of t) */
  expected: number | null;
  /** max(sd, minSigma) of the reference window */
  sigma: number | null;
  /** C1/C2: (y - expected) / sigma; C3: sum_{i=t-2..t} max(0, C2(i) - 1) (the documented C3 statistic) */
  score: number | null;
};

type Resolved = { method: EarsMethod; baseline: number; minSigma: number; z: number; range: number[] };

function resolve(y: Series, o: EarsOptions, method: EarsMethod): Resolved {
  const baseline = o.baseline ?? 7;
  const minSigma = o.minSigma ?? 0;
  if (!(minSigma >= 0)) throw new RangeError('The minimum sigma parameter (minSigma) needs to be positive');
  if (!(baseline >= 3)) throw new RangeError('Minimum baseline to use is 3.');
  if (!Number.isInteger(baseline)) throw new RangeError('baseline must be an integer');
  const alpha = o.alpha ?? (method === 'C3' ? 0.025 : 0.001);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha must be in (0, 1)');
  const z = qnorm(1 - alpha);
  const n = y.length;
  const first = method === 'C1' ? baseline + 1 : method === 'C2' ? baseline + 3 : baseline + 5;
  const maxLag = method === 'C1' ? baseline : method === 'C2' ? baseline + 2 : baseline + 4;
  let range: number[];
  if (o.range === undefined) {
    if (first > n) throw new RangeError('The vector of observed is too short!');
    range = [];
    for (let t = first; t <= n; t++) range.push(t);
  } else {
    if (o.range.length > 0 && Math.min(...o.range) - maxLag < 1) throw new RangeError('The vector of observed is too short!');
    range = checkRange(o.range, n);
  }
  if (range[0] - maxLag < 1) throw new RangeError('The vector of observed is too short!');
  return { method, baseline, minSigma, z, range };
}

/** Values y[from..to] (1-based, inclusive). */
function window(y: Series, from: number, to: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = from; i <= to; i++) out.push(isNA(y[i - 1]) ? null : (y[i - 1] as number));
  return out;
}

type WindowStats = { mean: number | null; sigma: number | null };

function stats(y: Series, from: number, to: number, minSigma: number): WindowStats {
  const w = window(y, from, to);
  return { mean: rMean(w), sigma: rPmax(rSd(w), minSigma) };
}

/** C2 statistic at u: (y[u] - mean(W2(u))) / max(sd(W2(u)), minSigma); null = NA. */
function c2At(y: Series, u: number, B: number, minSigma: number): number | null {
  const st = stats(y, u - B - 2, u - 3, minSigma);
  const yu = y[u - 1];
  if (isNA(yu) || st.mean === null || st.sigma === null) return null;
  return (yu - st.mean) / st.sigma;
}

/** R `max(0, v)` inside pmax: NA stays NA, NaN stays NaN. */
function pos(v: number | null): number | null {
  return rPmax(0, v);
}

function alarmOf(obs: number | null, ub: number | null): boolean | null {
  if (obs === null || ub === null || Number.isNaN(ub) || Number.isNaN(obs)) return null;
  return obs > ub;
}

/** EARS C1/C2/C3 as R `surveillance::earsC` (C3 as coded by the package). Returns one point per monitored t. */
export function earsC(y: Series, options: EarsOptions = {}): EarsPoint[] {
  const method = options.method ?? 'C1';
  if (method !== 'C1' && method !== 'C2' && method !== 'C3') throw new RangeError(`unknown EARS method ${String(method)}`);
  const { baseline: B, minSigma, z, range } = resolve(y, options, method);
  const out: EarsPoint[] = [];
  for (const t of range) {
    const obs = isNA(y[t - 1]) ? null : (y[t - 1] as number);
    if (method === 'C1' || method === 'C2') {
      const st = method === 'C1' ? stats(y, t - B, t - 1, minSigma) : stats(y, t - B - 2, t - 3, minSigma);
      const ub = st.mean === null || st.sigma === null ? null : st.mean + z * st.sigma;
      const score = obs === null || st.mean === null || st.sigma === null ? null : (obs - st.mean) / st.sigma;
      out.push({ t, observed: obs, upperbound: ub, alarm: alarmOf(obs, ub), expected: st.mean, sigma: st.sigma, score });
      continue;
    }
    // C3 as coded
    const st = stats(y, t - B - 2, t - 3, minSigma);
    const c2t = c2At(y, t, B, minSigma);
    const lag1 = pos(c2At(y, t - 1, B, minSigma) === null ? null : (c2At(y, t - 1, B, minSigma) as number) - 1);
    const lag2 = pos(c2At(y, t - 2, B, minSigma) === null ? null : (c2At(y, t - 2, B, minSigma) as number) - 1);
    let ub: number | null;
    if (obs === null || st.sigma === null || lag1 === null || lag2 === null) ub = null;
    else ub = rPmax(0, obs + st.sigma * (z - (lag2 + lag1)));
    const cur = pos(c2t === null ? null : c2t - 1);
    const score = cur === null || lag1 === null || lag2 === null ? null : cur + lag1 + lag2;
    out.push({ t, observed: obs, upperbound: ub, alarm: alarmOf(obs, ub), expected: st.mean, sigma: st.sigma, score });
  }
  return out;
}

/**
 * EARS C3 as documented (man page; Hutwagner et al. 2003): score C3(t) = sum_{i=t-2..t} max(0, C2(i) - 1),
 * alarm = C3(t) >= z with z = qnorm(1 - alpha) (alpha default 0.025). upperbound = the smallest y[t] with
 * C3(t) >= z, i.e. mean2(t) + sigma2(t) (1 + z - lag1 - lag2) when z > lag1 + lag2, else 0 (alarm whatever y[t]).
 */
export function earsC3Documented(y: Series, options: Omit<EarsOptions, 'method'> = {}): EarsPoint[] {
  const { baseline: B, minSigma, z, range } = resolve(y, options, 'C3');
  const out: EarsPoint[] = [];
  for (const t of range) {
    const obs = isNA(y[t - 1]) ? null : (y[t - 1] as number);
    const st = stats(y, t - B - 2, t - 3, minSigma);
    const c = [t - 2, t - 1, t].map((u) => {
      const v = c2At(y, u, B, minSigma);
      return pos(v === null ? null : v - 1);
    });
    const [lag2, lag1, cur] = c;
    const score = cur === null || lag1 === null || lag2 === null ? null : cur + lag1 + lag2;
    let ub: number | null = null;
    if (st.mean !== null && st.sigma !== null && lag1 !== null && lag2 !== null) {
      const rest = z - lag1 - lag2;
      ub = Number.isNaN(rest) ? NaN : rest > 0 ? st.mean + st.sigma * (1 + rest) : 0;
    }
    const alarm = score === null || Number.isNaN(score) ? null : score >= z;
    out.push({ t, observed: obs, upperbound: ub, alarm, expected: st.mean, sigma: st.sigma, score });
  }
  return out;
}
