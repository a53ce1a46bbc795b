/**
 * Test-only reference for src/ears.ts: the straightforward per-window implementation that the fast kernel replaced
 * (build each window as an array, R mean / sd through ../src/rstats, C2 recomputed wherever it is needed).
 * Property tests require the fast path to return exactly the same points (Object.is on every field).
 */
import { qnorm } from '../src/dist';
import type { EarsMethod, EarsOptions, EarsPoint } from '../src/ears';
import { checkRange, isNA, rMean, rPmax, rSd, type Series } from '../src/rstats';

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
export function earsCReference(y: Series, options: EarsOptions = {}): EarsPoint[] {
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
export function earsC3DocumentedReference(y: Series, options: Omit<EarsOptions, 'method'> = {}): EarsPoint[] {
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
