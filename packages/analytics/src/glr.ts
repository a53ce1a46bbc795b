/**
 * Poisson GLR / LR CUSUM for a change in the intercept, re-implemented from the specification of R
 * `surveillance::algo.glrpois` with a given in-control mean mu0 (ANALYTICS.md §1.4; C routines `glr_cusum`,
 * `glr_cusum_window` and `lr_cusum` of surveillance 1.20.3; GPL-2, no code copied).
 *
 * GLR(n) = max_{k <= n} [ kappa_k * sum_{t=k..n} x_t + (1 - e^kappa_k) * sum_{t=k..n} mu0_t ],
 * kappa_k = dir * max(0, dir * log(sum x / sum mu0)). The first n with GLR(n) >= cARL raises an alarm; the chart then
 * restarts on the data after the alarm. `ret: 'cases'` gives the smallest x_n that would make GLR(n) >= cARL.
 * With `theta` given, the recursive LR CUSUM with fixed kappa = theta is used (alarm when the statistic > cARL).
 * Counts are truncated to integers as the package does (`as.integer`).
 */
import { checkRange, isNA, type Series } from './rstats';

export type GlrOptions = {
  /** 1-based time indices to monitor (required) */
  range: number[];
  /** in-control mean: a number or one value per range element (required; the GLM estimate of R is not offered here) */
  mu0: number | number[];
  /** threshold (default 5) */
  cARL?: number;
  /** direction of the change to detect (default 'inc') */
  dir?: 'inc' | 'dec';
  /** what the upperbound holds: the GLR statistic ('value', default) or the cases needed for an alarm ('cases') */
  ret?: 'value' | 'cases';
  /** number of observations needed before a change point can be estimated (default 1) */
  Mtilde?: number;
  /** window: look back at most M time points (default -1 = unlimited) */
  M?: number;
  /** fixed change in the intercept (LR CUSUM); default undefined = estimated (GLR) */
  theta?: number;
  /** upper limit of the case search for ret = 'cases' (default 1e4) */
  xMax?: number;
};

export type GlrPoint = {
  /** 1-based time index */
  t: number;
  observed: number;
  mu0: number;
  /** GLR (or LR) statistic at t within the current run */
  glr: number;
  /** cases needed at t for an alarm (only with ret = 'cases', else null) */
  casesNeeded: number | null;
  /** ret = 'value': the statistic; ret = 'cases': cases needed (NaN/negative -> 0 as in R) */
  upperbound: number;
  alarm: boolean;
};

/**
 * max over change points k = kHigh, kHigh-1, ..., kLow (0-based) of the log-likelihood ratio with the ML kappa for
 * the window x[k..n]; the sums start with x[kHigh+1..n] (C `glr`: kHigh = n, kLow = 0; `glr_window`:
 * kHigh = n - Mtilde, kLow = max(0, n - M)).
 */
function glrStat(n: number, x: number[], mu0: number[], dir: number, kHigh: number, kLow: number): number {
  let maxGLR = -1e99;
  let sumx = 0;
  let summu0 = 0;
  for (let l = kHigh + 1; l <= n; l++) {
    sumx += x[l];
    summu0 += mu0[l];
  }
  for (let k = kHigh; k >= kLow; k--) {
    sumx += x[k];
    summu0 += mu0[k];
    const kappa = dir * Math.max(0, dir * Math.log(sumx / summu0));
    const s = kappa * sumx + (1 - Math.exp(kappa)) * summu0;
    if (s > maxGLR) maxGLR = s;
  }
  return maxGLR;
}

type Run = { N: number; val: number[]; cases: number[] };

/** One run of the chart on x[0..]; N = 0-based index of the first alarm, or x.length if none. */
function runGlr(x: number[], mu0: number[], o: { cARL: number; dir: number; cases: boolean; Mtilde: number; M: number; xMax: number }): Run {
  const lx = x.length;
  const val = new Array<number>(lx).fill(0);
  const cases = new Array<number>(lx).fill(0);
  const windowed = o.M > 0;
  const start = windowed ? o.Mtilde : Math.max(0, o.Mtilde - 1);
  const stat = (n: number) =>
    windowed ? glrStat(n, x, mu0, o.dir, n - o.Mtilde, Math.max(0, n - o.M)) : glrStat(n, x, mu0, o.dir, n, 0);
  for (let n = start; n < lx; n++) {
    val[n] = stat(n);
    if (o.cases) {
      const old = x[n];
      let xn = -1;
      let g = o.cARL - o.dir;
      while (o.dir * g < o.cARL * o.dir && xn < o.xMax) {
        xn += 1;
        x[n] = xn;
        g = stat(n);
      }
      cases[n] = xn;
      x[n] = old;
    }
    if (val[n] >= o.cARL) return { N: n, val, cases };
  }
  return { N: lx, val, cases };
}

/** Recursive LR CUSUM with known kappa (C `lr_cusum`): alarm when the statistic exceeds cARL. */
function runLr(x: number[], mu0: number[], kappa: number, cARL: number): Run {
  const lx = x.length;
  const val = new Array<number>(lx).fill(0);
  const cases = new Array<number>(lx).fill(0);
  for (let n = 0; n < lx; n++) {
    const zn = kappa * x[n] + (1 - Math.exp(kappa)) * mu0[n];
    const prev = n === 0 ? 0 : val[n - 1];
    val[n] = Math.max(0, prev + zn);
    cases[n] = (cARL - prev + mu0[n] * (Math.exp(kappa) - 1)) / kappa;
    if (val[n] > cARL) return { N: n, val, cases };
  }
  return { N: lx, val, cases };
}

/** Poisson GLR detector as R `surveillance::algo.glrpois` with a given mu0 (intercept chart). */
export function glrPoisson(y: Series, options: GlrOptions): GlrPoint[] {
  const cARL = options.cARL ?? 5;
  const dirName = options.dir ?? 'inc';
  const ret = options.ret ?? 'value';
  const Mtilde = options.Mtilde ?? 1;
  const M = options.M ?? -1;
  const xMax = options.xMax ?? 1e4;
  if (dirName !== 'inc' && dirName !== 'dec') throw new RangeError("dir must be 'inc' or 'dec'");
  if (ret !== 'value' && ret !== 'cases') throw new RangeError("ret must be 'value' or 'cases'");
  if (!Number.isFinite(cARL)) throw new RangeError('cARL must be a finite number');
  if (!Number.isInteger(Mtilde) || Mtilde < 1) throw new RangeError('Mtilde must be a positive integer');
  if (M > 0 && M < Mtilde) throw new RangeError('M must be >= Mtilde (or -1)');
  if (options.theta !== undefined && (options.theta === 0 || !Number.isFinite(options.theta))) {
    throw new RangeError('theta must be a non-zero finite number');
  }
  if (options.range === undefined) throw new RangeError('range is required');
  const range = checkRange(options.range, y.length);
  const n = range.length;
  let mu: number[];
  if (typeof options.mu0 === 'number') mu = new Array(n).fill(options.mu0);
  else {
    if (!Array.isArray(options.mu0) || options.mu0.length !== n) throw new RangeError('mu0 must be a number or have one value per range element');
    mu = [...options.mu0];
  }
  for (const m of mu) if (!(m > 0) || !Number.isFinite(m)) throw new RangeError('mu0 must be positive and finite');
  const xs: number[] = range.map((t) => {
    const v = y[t - 1];
    if (isNA(v) || !Number.isFinite(v)) throw new RangeError(`missing or non-finite observation at t=${t}`);
    return Math.trunc(v);
  });
  const dir = dirName === 'inc' ? 1 : -1;
  const glr = new Array<number>(n).fill(0);
  const cases: (number | null)[] = new Array(n).fill(null);
  const alarm = new Array<boolean>(n).fill(false);
  let done = 0;
  while (done < n) {
    const x = xs.slice(done);
    const m = mu.slice(done);
    const res = options.theta === undefined
      ? runGlr(x, m, { cARL, dir, cases: ret === 'cases', Mtilde, M, xMax })
      : runLr(x, m, options.theta, cARL);
    const upto = Math.min(res.N + 1, x.length);
    for (let i = 0; i < upto; i++) {
      glr[done + i] = res.val[i];
      if (ret === 'cases') cases[done + i] = res.cases[i];
    }
    if (res.N < x.length) alarm[done + res.N] = true;
    done += res.N + 1;
  }
  return range.map((t, i) => {
    let ub = ret === 'value' ? glr[i] : (cases[i] as number);
    if (Number.isNaN(ub) || ub < 0) ub = 0;
    return { t, observed: xs[i], mu0: mu[i], glr: glr[i], casesNeeded: cases[i], upperbound: ub, alarm: alarm[i] };
  });
}
