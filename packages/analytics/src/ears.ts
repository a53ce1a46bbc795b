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
import { checkRange, type Series } from './rstats';

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

/** The monitored 1-based indices: an explicit sorted list (duplicates kept, as R), or every t in first..last. */
type Resolved = { baseline: number; minSigma: number; z: number; list: number[] | null; first: number; last: number };

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
  if (o.range === undefined) {
    if (first > n) throw new RangeError('The vector of observed is too short!');
    return { baseline, minSigma, z, list: null, first, last: n };
  }
  if (o.range.length > 0 && Math.min(...o.range) - maxLag < 1) throw new RangeError('The vector of observed is too short!');
  const list = checkRange(o.range, n);
  if (list[0] - maxLag < 1) throw new RangeError('The vector of observed is too short!');
  return { baseline, minSigma, z, list, first: list[0], last: list[list.length - 1] };
}

// ---------------------------------------------------------------------------------------------------
// Fast kernel. The arithmetic is exactly that of R (and of `rMean` / `rSd` / `rPmax` in ./rstats):
// mean = sum / n in index order, then R's correction mean += sum(x - mean) / n when finite; var = sum((x - mean)^2) / (n - 1)
// about the corrected mean, in index order; sigma = max(sd, minSigma) (NaN propagates). It runs on a Float64Array copy of
// the series with a running NA count, so each window costs three passes over B values and allocates nothing; a window
// is NA when the running count changes across it. Results are bit-identical to the straightforward per-window version
// (kept as the test reference in test/ears-reference.ts).
// ---------------------------------------------------------------------------------------------------

/** Scratch buffers reused across calls (the functions below never re-enter). */
let vals = new Float64Array(0);
let naPrefix = new Int32Array(0);
let c2Mean = new Float64Array(0);
let c2Sigma = new Float64Array(0);
let c2Val = new Float64Array(0);
/** per u: bit 0 = the C2 window W2(u) has no NA, bit 1 = C2(u) is defined (window complete and y[u] not NA) */
let c2Flags = new Uint8Array(0);

/** Copy y into `vals` (NA -> 0) and fill `naPrefix` (naPrefix[i] = number of NA among y[0 .. i-1]). */
function load(y: Series): void {
  const n = y.length;
  // grow geometrically; give back the memory of an unusually long earlier series
  if (vals.length < n || (vals.length > 65536 && n < vals.length / 4)) {
    const cap = vals.length < n ? Math.max(n, 2 * vals.length) : n;
    vals = new Float64Array(cap);
    naPrefix = new Int32Array(cap + 1);
  }
  let na = 0;
  naPrefix[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (v === null || v === undefined) {
      vals[i] = 0;
      na++;
    } else vals[i] = v;
    naPrefix[i + 1] = na;
  }
}

function ensureC2(n: number): void {
  if (c2Mean.length < n + 1 || (c2Mean.length > 65536 && n + 1 < c2Mean.length / 4)) {
    const cap = c2Mean.length < n + 1 ? Math.max(n + 1, 2 * c2Mean.length) : n + 1;
    c2Mean = new Float64Array(cap);
    c2Sigma = new Float64Array(cap);
    c2Val = new Float64Array(cap);
    c2Flags = new Uint8Array(cap);
  }
}

/** Results of `winStats` (module scratch instead of an allocated object). */
let wMean = 0;
let wSigma = 0;

/** R mean and max(sd, minSigma) of vals[s .. s+B-1] (0-based, no NA inside). */
function winStats(s: number, B: number, minSigma: number): void {
  const v = vals;
  const e = s + B;
  let sum = 0;
  for (let i = s; i < e; i++) sum += v[i];
  let m = sum / B;
  if (Number.isFinite(m)) {
    let t = 0;
    for (let i = s; i < e; i++) t += v[i] - m;
    m += t / B;
  }
  let ss = 0;
  for (let i = s; i < e; i++) {
    const d = v[i] - m;
    ss += d * d;
  }
  wMean = m;
  wSigma = Math.max(Math.sqrt(ss / (B - 1)), minSigma);
}

/** True when the 1-based window [from, to] contains no NA. */
function complete(from: number, to: number): boolean {
  return naPrefix[to] === naPrefix[from - 1];
}

/**
 * C2 quantities for every 1-based u in [lo, hi]: mean and sigma of W2(u) = [u-B-2, u-3] and
 * C2(u) = (y[u] - mean) / sigma, with the NA flags of `c2Flags`.
 */
function fillC2(y: Series, lo: number, hi: number, B: number, minSigma: number): void {
  ensureC2(y.length);
  for (let u = lo; u <= hi; u++) {
    let flags = 0;
    if (complete(u - B - 2, u - 3)) {
      winStats(u - B - 3, B, minSigma);
      c2Mean[u] = wMean;
      c2Sigma[u] = wSigma;
      flags = 1;
      if (naPrefix[u] === naPrefix[u - 1]) {
        c2Val[u] = (vals[u - 1] - wMean) / wSigma;
        flags = 3;
      }
    }
    c2Flags[u] = flags;
  }
}

/** C2 quantities at every u in {t-2, t-1, t} for the monitored t (each u once; a sparse explicit range stays sparse). */
function fillC2All(y: Series, list: number[] | null, first: number, last: number, B: number, minSigma: number): void {
  if (list === null) {
    fillC2(y, first - 2, last, B, minSigma);
    return;
  }
  let done = -Infinity;
  for (const t of list) {
    if (t > done) fillC2(y, Math.max(t - 2, done + 1), t, B, minSigma);
    done = t;
  }
}

/** R `max(0, C2(u) - 1)` (NaN propagates); only for u with C2 defined. */
function lagOf(u: number): number {
  return Math.max(0, c2Val[u] - 1);
}

function point(t: number, observed: number | null, upperbound: number | null, alarm: boolean | null, expected: number | null,
  sigma: number | null, score: number | null): EarsPoint {
  return { t, observed, upperbound, alarm, expected, sigma, score };
}

/** y > ub, or null (R NA) when either is NA or NaN. */
function alarmOf(obs: number, ub: number): boolean | null {
  if (Number.isNaN(ub) || Number.isNaN(obs)) return null;
  return obs > ub;
}

/** EARS C1/C2/C3 as R `surveillance::earsC` (C3 as coded by the package). Returns one point per monitored t. */
export function earsC(y: Series, options: EarsOptions = {}): EarsPoint[] {
  const method = options.method ?? 'C1';
  if (method !== 'C1' && method !== 'C2' && method !== 'C3') throw new RangeError(`unknown EARS method ${String(method)}`);
  const { baseline: B, minSigma, z, list, first, last } = resolve(y, options, method);
  load(y);
  const count = list === null ? last - first + 1 : list.length;
  const out: EarsPoint[] = new Array(count);
  if (method === 'C1' || method === 'C2') {
    // window [t - lag - B + 1, t - lag] (1-based): C1 lag 1, C2 lag 3
    const lag = method === 'C1' ? 1 : 3;
    for (let k = 0; k < count; k++) {
      const t = list === null ? first + k : list[k];
      const obsNA = naPrefix[t] !== naPrefix[t - 1];
      const obs = obsNA ? null : vals[t - 1];
      const to = t - lag;
      if (!complete(to - B + 1, to)) {
        out[k] = point(t, obs, null, null, null, null, null);
        continue;
      }
      winStats(to - B, B, minSigma);
      const mean = wMean;
      const sigma = wSigma;
      const ub = mean + z * sigma;
      if (obs === null) out[k] = point(t, null, ub, null, mean, sigma, null);
      else out[k] = point(t, obs, ub, alarmOf(obs, ub), mean, sigma, (obs - mean) / sigma);
    }
    return out;
  }
  // C3 as coded: needs C2 at t - 2, t - 1, t
  fillC2All(y, list, first, last, B, minSigma);
  for (let k = 0; k < count; k++) {
    const t = list === null ? first + k : list[k];
    const obsNA = naPrefix[t] !== naPrefix[t - 1];
    const obs = obsNA ? null : vals[t - 1];
    const f = c2Flags[t];
    const mean = f & 1 ? c2Mean[t] : null;
    const sigma = f & 1 ? c2Sigma[t] : null;
    const lagsOk = (c2Flags[t - 1] & 2) !== 0 && (c2Flags[t - 2] & 2) !== 0;
    const lag1 = lagsOk ? lagOf(t - 1) : 0;
    const lag2 = lagsOk ? lagOf(t - 2) : 0;
    let ub: number | null = null;
    let alarm: boolean | null = null;
    if (obs !== null && sigma !== null && lagsOk) {
      ub = Math.max(0, obs + sigma * (z - (lag2 + lag1)));
      alarm = alarmOf(obs, ub);
    }
    const score = lagsOk && f & 2 ? lagOf(t) + lag1 + lag2 : null;
    out[k] = point(t, obs, ub, alarm, mean, sigma, score);
  }
  return out;
}

/**
 * EARS C3 as documented (man page; Hutwagner et al. 2003): score C3(t) = sum_{i=t-2..t} max(0, C2(i) - 1),
 * alarm = C3(t) >= z with z = qnorm(1 - alpha) (alpha default 0.025). upperbound = the smallest y[t] with
 * C3(t) >= z, i.e. mean2(t) + sigma2(t) (1 + z - lag1 - lag2) when z > lag1 + lag2, else 0 (alarm whatever y[t]).
 */
export function earsC3Documented(y: Series, options: Omit<EarsOptions, 'method'> = {}): EarsPoint[] {
  const { baseline: B, minSigma, z, list, first, last } = resolve(y, options, 'C3');
  load(y);
  const count = list === null ? last - first + 1 : list.length;
  const out: EarsPoint[] = new Array(count);
  fillC2All(y, list, first, last, B, minSigma);
  for (let k = 0; k < count; k++) {
    const t = list === null ? first + k : list[k];
    const obs = naPrefix[t] !== naPrefix[t - 1] ? null : vals[t - 1];
    const f = c2Flags[t];
    const mean = f & 1 ? c2Mean[t] : null;
    const sigma = f & 1 ? c2Sigma[t] : null;
    const lagsOk = (c2Flags[t - 1] & 2) !== 0 && (c2Flags[t - 2] & 2) !== 0;
    const lag1 = lagsOk ? lagOf(t - 1) : 0;
    const lag2 = lagsOk ? lagOf(t - 2) : 0;
    const score = lagsOk && f & 2 ? lagOf(t) + lag1 + lag2 : null;
    let ub: number | null = null;
    if (mean !== null && sigma !== null && lagsOk) {
      const rest = z - lag1 - lag2;
      ub = Number.isNaN(rest) ? NaN : rest > 0 ? mean + sigma * (1 + rest) : 0;
    }
    const alarm = score === null || Number.isNaN(score) ? null : score >= z;
    out[k] = point(t, obs, ub, alarm, mean, sigma, score);
  }
  return out;
}
