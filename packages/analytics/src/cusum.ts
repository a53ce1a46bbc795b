/**
 * Approximate one-sided Poisson CUSUM, re-implemented from the specification of R `surveillance::algo.cusum`
 * (ANALYTICS.md §1.3; reference surveillance 1.20.3, `reset` as added in 1.25.0; GPL-2, no code copied).
 *
 * x = y[range] is standardised with the in-control mean m (default: mean of y[1 .. range[0]-1]),
 * S_0 = 0, S_t = max(0, S_{t-1} + z_t - k), alarm_t = S_t >= h. The upperbound is the count at t that would make
 * the CUSUM signal given S_{t-1} (transformation specific; NaN/negative -> 0 as in the package).
 * With `reset: true` the statistic carried to t+1 is 0 after an alarm (1.25.0 option; the platform default to use).
 */
import { checkRange, isNA, rMean, type Series } from './rstats';

export type CusumTransform = 'standard' | 'rossi' | 'anscombe' | 'anscombe2nd' | 'pearsonNegBin' | 'none';

export type CusumOptions = {
  /** 1-based time indices to monitor (required, as in R where the default `range` is not defined) */
  range: number[];
  /** reference value (default 1.04) */
  k?: number;
  /** decision boundary (default 2.26) */
  h?: number;
  /** in-control mean: a number, or one value per range element; default mean(y[1 .. range[0]-1]) */
  m?: number | number[];
  /** standardisation (default 'standard') */
  trans?: CusumTransform;
  /** negative binomial dispersion for 'pearsonNegBin' (default 0.1) */
  alpha?: number;
  /** reset the statistic to 0 after an alarm (default false = surveillance <= 1.24 behaviour) */
  reset?: boolean;
};

export type CusumPoint = {
  /** 1-based time index */
  t: number;
  observed: number | null;
  /** in-control mean used at t */
  m: number;
  /** CUSUM statistic S_t (the value compared with h, before any reset) */
  cusum: number | null;
  /** cases needed at t for the CUSUM to signal given S_{t-1} (NaN/negative -> 0 as in R) */
  upperbound: number;
  /** S_t >= h; null when S_t is undetermined (missing data) */
  alarm: boolean | null;
};

function standardise(x: number, m: number, trans: CusumTransform, alpha: number): number {
  switch (trans) {
    case 'rossi':
      return (x - 3 * m + 2 * Math.sqrt(x * m)) / (2 * Math.sqrt(m));
    case 'standard':
      return (x - m) / Math.sqrt(m);
    case 'anscombe':
      return (1.5 * (Math.pow(x, 2 / 3) - Math.pow(m, 2 / 3))) / Math.pow(m, 1 / 6);
    case 'anscombe2nd':
      return (Math.pow(x, 2 / 3) - (Math.pow(m, 2 / 3) - Math.pow(m, -1 / 3) / 9)) / ((2 / 3) * Math.pow(m, 1 / 6));
    case 'pearsonNegBin':
      return (x - m) / Math.sqrt(m + alpha * m * m);
    case 'none':
      return x;
  }
}

/** Cases needed at t given S_{t-1} = c (or, for 'none', h - S_t as the package does). */
function bound(c: number, st: number, m: number, h: number, k: number, trans: CusumTransform, alpha: number): number {
  let u: number;
  switch (trans) {
    case 'rossi':
      u = 2 * h * Math.sqrt(m) + 2 * k * Math.sqrt(m) - 2 * c * Math.sqrt(m) + 5 * m -
        2 * Math.sqrt(4 * m * m + 2 * Math.pow(m, 1.5) * h + 2 * Math.pow(m, 1.5) * k - 2 * Math.pow(m, 1.5) * c);
      break;
    case 'standard':
      u = Math.ceil(Math.sqrt(m) * (h + k - c) + m);
      break;
    case 'anscombe': {
      const b = (2 / 3) * Math.pow(m, 1 / 6) * (h + k - c) + Math.pow(m, 2 / 3);
      u = b < 0 ? 0 : Math.pow(b, 1.5);
      break;
    }
    case 'anscombe2nd': {
      // as coded in the package (note m^(1/3) here vs m^(-1/3) in the transformation)
      const b = (2 / 3) * Math.pow(m, 1 / 6) * (h + k - c) + (Math.pow(m, 2 / 3) - Math.pow(m, 1 / 3) / 9);
      u = b < 0 ? 0 : Math.pow(b, 1.5);
      break;
    }
    case 'pearsonNegBin':
      u = Math.sqrt(m + alpha * m * m) * (h + k - c) + m;
      break;
    case 'none':
      u = h - st;
      break;
  }
  if (Number.isNaN(u) || u < 0) return 0;
  return u;
}

/** One-sided CUSUM as R `surveillance::algo.cusum` (plus the 1.25.0 `reset` option). */
export function cusum(y: Series, options: CusumOptions): CusumPoint[] {
  const k = options.k ?? 1.04;
  const h = options.h ?? 2.26;
  const trans = options.trans ?? 'standard';
  const alpha = options.alpha ?? 0.1;
  const reset = options.reset ?? false;
  if (!['standard', 'rossi', 'anscombe', 'anscombe2nd', 'pearsonNegBin', 'none'].includes(trans)) {
    throw new RangeError("invalid 'trans'formation");
  }
  if (!Number.isFinite(k) || !Number.isFinite(h)) throw new RangeError('k and h must be finite numbers');
  if (options.range === undefined) throw new RangeError('range is required');
  const range = checkRange(options.range, y.length);
  const n = range.length;
  let mVec: number[];
  if (options.m === undefined) {
    if (range[0] < 2) throw new RangeError('no observations before range[0] to estimate m');
    const m = rMean(y.slice(0, range[0] - 1).map((v) => (isNA(v) ? null : v)));
    if (m === null) throw new RangeError('missing values before range[0]: give m explicitly');
    mVec = new Array(n).fill(m);
  } else if (typeof options.m === 'number') {
    mVec = new Array(n).fill(options.m);
  } else {
    if (options.m.length !== n) throw new RangeError('m must be a number or have one value per range element');
    mVec = [...options.m];
  }
  for (const m of mVec) if (!(m > 0) || !Number.isFinite(m)) throw new RangeError('m must be positive and finite');
  const out: CusumPoint[] = [];
  let prev = 0; // S_{t-1} carried forward (NaN once a missing value entered the sum, as R's NA)
  for (let i = 0; i < n; i++) {
    const t = range[i];
    const yv = y[t - 1];
    const obs = isNA(yv) ? null : yv;
    const m = mVec[i];
    const z = obs === null ? NaN : standardise(obs, m, trans, alpha);
    const st = Math.max(0, prev + (z - k)); // Math.max propagates NaN like R's max()
    const alarm = Number.isNaN(st) ? null : st >= h;
    out.push({ t, observed: obs, m, cusum: Number.isNaN(st) ? null : st, upperbound: bound(prev, st, m, h, k, trans, alpha), alarm });
    prev = reset && alarm === true ? 0 : st;
  }
  return out;
}
