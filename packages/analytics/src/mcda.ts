// Multi-criteria weighting: AHP (eigenvector and geometric-mean weights, consistency ratio) and entropy weights.
// Standard textbook MCDA (Saaty's random index table; Shannon-entropy weights), see ANALYTICS.md §5.4.

/** Saaty's random consistency index RI(n), n = 1..10 (RI(1) = RI(2) = 0). */
export const AHP_RANDOM_INDEX: readonly number[] = [0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];

export type AhpResult = {
  /** principal right eigenvector normalised to sum 1 */
  weights: number[];
  /** row geometric means normalised to sum 1 */
  geometricMeanWeights: number[];
  lambdaMax: number;
  /** consistency index (lambdaMax - n) / (n - 1); 0 for n <= 2 */
  ci: number;
  /** random index used; NaN when n > 10 (no table value) */
  ri: number;
  /** consistency ratio CI / RI; 0 for n <= 2, NaN when n > 10 */
  cr: number;
  /** cr < 0.1 (always true for n <= 2) */
  consistent: boolean;
  iterations: number;
};

export type AhpOptions = {
  /** relative tolerance for a[j][i] * a[i][j] = 1 (default 1e-6; pairwise judgements are often typed with few digits) */
  reciprocalTolerance?: number;
  /** power-iteration stop: max |w_k - w_{k-1}| (default 1e-15) */
  tolerance?: number;
  maxIterations?: number;
};

function checkSquarePositive(a: number[][]): number {
  const n = a.length;
  if (n === 0) throw new Error('AHP: empty pairwise comparison matrix');
  for (const row of a) {
    if (row.length !== n) throw new Error('AHP: pairwise comparison matrix must be square');
    for (const v of row) if (!(v > 0) || !Number.isFinite(v)) throw new Error('AHP: entries must be finite and > 0');
  }
  return n;
}

/**
 * AHP priority weights of a positive reciprocal pairwise-comparison matrix `a` (a[i][j] = importance of i over j).
 * Principal eigenvector by power iteration (the Perron vector of a positive matrix), lambdaMax = mean_i (A w)_i / w_i.
 */
export function ahp(a: number[][], o: AhpOptions = {}): AhpResult {
  const n = checkSquarePositive(a);
  const rtol = o.reciprocalTolerance ?? 1e-6;
  for (let i = 0; i < n; i++) {
    if (Math.abs(a[i][i] - 1) > rtol) throw new Error('AHP: diagonal entries must be 1');
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(a[i][j] * a[j][i] - 1) > rtol) throw new Error(`AHP: matrix is not reciprocal at (${i + 1},${j + 1})`);
    }
  }
  const tol = o.tolerance ?? 1e-15;
  const maxIt = o.maxIterations ?? 10_000;
  let w = new Array<number>(n).fill(1 / n);
  let it = 0;
  for (; it < maxIt; it++) {
    const next = new Array<number>(n).fill(0);
    let s = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += a[i][j] * w[j];
      next[i] = v;
      s += v;
    }
    let diff = 0;
    for (let i = 0; i < n; i++) {
      next[i] /= s;
      diff = Math.max(diff, Math.abs(next[i] - w[i]));
    }
    w = next;
    if (diff <= tol) {
      it++;
      break;
    }
  }
  let lambda = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += a[i][j] * w[j];
    lambda += v / w[i];
  }
  lambda /= n;
  const gm = a.map((row) => Math.exp(row.reduce((s, v) => s + Math.log(v), 0) / n));
  const gs = gm.reduce((s, v) => s + v, 0);
  const ci = n <= 2 ? 0 : (lambda - n) / (n - 1);
  const ri = n < AHP_RANDOM_INDEX.length ? AHP_RANDOM_INDEX[n] : Number.NaN;
  const cr = n <= 2 ? 0 : ci / ri;
  return {
    weights: w,
    geometricMeanWeights: gm.map((v) => v / gs),
    lambdaMax: lambda,
    ci,
    ri,
    cr,
    consistent: n <= 2 || cr < 0.1,
    iterations: it,
  };
}

export type CriterionDirection = 'benefit' | 'cost';

export type EntropyOptions = {
  /** per column; default all 'benefit' */
  directions?: CriterionDirection[];
  /** 'minmax' (default): x' = (x - min)/(max - min) (cost: (max - x)/(max - min)); 'none': use x as given (must be >= 0) */
  normalize?: 'minmax' | 'none';
};

export type EntropyResult = {
  /** normalised matrix x' (rows = alternatives, columns = criteria) */
  normalized: number[][];
  /** entropy e_j in [0, 1] */
  entropy: number[];
  /** w_j = (1 - e_j) / sum_k (1 - e_k); equal weights if every column carries no information */
  weights: number[];
  /** composite score per row: sum_j w_j x'_ij */
  composite: number[];
};

/**
 * Entropy weight method: p_ij = x'_ij / sum_i x'_ij, e_j = -(1/ln m) sum_i p_ij ln p_ij (0 ln 0 = 0),
 * w_j = (1 - e_j) / sum (1 - e_k). A constant (or all-zero) column has e_j = 1 (weight 0).
 */
export function entropyWeights(x: number[][], o: EntropyOptions = {}): EntropyResult {
  const m = x.length;
  if (m < 2) throw new Error('entropyWeights: need at least 2 alternatives');
  const k = x[0].length;
  if (k === 0) throw new Error('entropyWeights: need at least 1 criterion');
  for (const row of x) {
    if (row.length !== k) throw new Error('entropyWeights: ragged matrix');
    for (const v of row) if (!Number.isFinite(v)) throw new Error('entropyWeights: non-finite value');
  }
  const dirs = o.directions ?? new Array<CriterionDirection>(k).fill('benefit');
  if (dirs.length !== k) throw new Error('entropyWeights: directions length must equal number of criteria');
  const norm = o.normalize ?? 'minmax';
  const xn: number[][] = x.map(() => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < m; i++) {
      lo = Math.min(lo, x[i][j]);
      hi = Math.max(hi, x[i][j]);
    }
    for (let i = 0; i < m; i++) {
      if (norm === 'none') {
        if (x[i][j] < 0) throw new Error('entropyWeights: negative value with normalize = none');
        xn[i][j] = x[i][j];
      } else if (hi === lo) {
        xn[i][j] = 0;
      } else {
        xn[i][j] = dirs[j] === 'cost' ? (hi - x[i][j]) / (hi - lo) : (x[i][j] - lo) / (hi - lo);
      }
    }
  }
  const lnm = Math.log(m);
  const e = new Array<number>(k).fill(1);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += xn[i][j];
    if (!(s > 0)) continue;
    let h = 0;
    let distinct = false;
    for (let i = 0; i < m; i++) {
      const p = xn[i][j] / s;
      if (p > 0) h -= p * Math.log(p);
      if (xn[i][j] !== xn[0][j]) distinct = true;
    }
    e[j] = distinct ? h / lnm : 1;
  }
  const d = e.map((v) => 1 - v);
  const ds = d.reduce((s, v) => s + v, 0);
  const w = ds > 0 ? d.map((v) => v / ds) : new Array<number>(k).fill(1 / k);
  const composite = xn.map((row) => row.reduce((s, v, j) => s + w[j] * v, 0));
  return { normalized: xn, entropy: e, weights: w, composite };
}
