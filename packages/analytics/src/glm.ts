// Generalised linear models for the detectors: IRLS for Poisson / quasi-Poisson log-link GLMs with prior weights and
// offset, reproducing the iteration of R's `glm.fit` (start mu = y + 0.1, Householder QR with limited column pivoting
// as LINPACK dqrdc2, tolerance min(1e-7, epsilon/1000), convergence |dev - devold| / (|dev| + 0.1) < epsilon,
// maxit 25, step halving on a non-finite deviance or invalid mu). Results therefore agree with R to rounding, not
// merely to the convergence tolerance. Also a small OLS (R's `lm.fit`) with RSS and adjusted R².
//
// Matrices are row-major arrays (one row per observation). Aliased (linearly dependent) columns get NaN coefficients,
// as R's NA, and are ignored by predictions.
import { pnorm, pt } from './dist';

const DBL_EPSILON = 2.220446049250313e-16;

// ---------------------------------------------------------------------------------------------------------------
// Householder QR with LINPACK dqrdc2 limited pivoting
// ---------------------------------------------------------------------------------------------------------------

export type QrDecomposition = {
  n: number;
  p: number;
  /** column-major n×p: R on and above the diagonal, Householder vectors below (LINPACK layout) */
  qr: Float64Array;
  /** LINPACK qraux (first component of each Householder vector) */
  qraux: Float64Array;
  /** pivot[j] = original column index of column j */
  pivot: number[];
  rank: number;
};

/**
 * QR decomposition of the column-major n×p matrix `a` (copied), moving a column to the end when its remaining norm
 * falls below `tol` times its original norm (dqrdc2 semantics: the rank-revealing pivoting of R's lm/glm).
 */
export function qrDecompose(a: Float64Array, n: number, p: number, tol = 1e-7): QrDecomposition {
  const x = Float64Array.from(a);
  const qraux = new Float64Array(p);
  const orig = new Float64Array(p);
  const pivot = Array.from({ length: p }, (_, j) => j);
  const colNorm = (j: number, from: number) => {
    let s = 0;
    let scale = 0;
    for (let i = from; i < n; i++) {
      const v = Math.abs(x[j * n + i]);
      if (v > 0) {
        if (scale < v) {
          s = 1 + s * (scale / v) * (scale / v);
          scale = v;
        } else s += (v / scale) * (v / scale);
      }
    }
    return scale * Math.sqrt(s);
  };
  for (let j = 0; j < p; j++) {
    const nr = colNorm(j, 0);
    orig[j] = nr === 0 ? 1 : nr;
  }
  const lup = Math.min(n, p);
  let k = p; // columns k..p-1 have been moved to the end as negligible
  for (let l = 0; l < lup; l++) {
    // cycle negligible columns to the end
    while (l < k && colNorm(l, l) < orig[l] * tol) {
      const col = x.slice(l * n, l * n + n);
      x.copyWithin(l * n, (l + 1) * n, p * n);
      x.set(col, (p - 1) * n);
      const pv = pivot[l];
      const on = orig[l];
      for (let j = l + 1; j < p; j++) {
        pivot[j - 1] = pivot[j];
        orig[j - 1] = orig[j];
      }
      pivot[p - 1] = pv;
      orig[p - 1] = on;
      k--;
    }
    if (l === n - 1) break;
    let nrmxl = colNorm(l, l);
    if (nrmxl === 0) continue;
    const ll = l * n + l;
    if (x[ll] !== 0) nrmxl = Math.sign(x[ll]) * Math.abs(nrmxl);
    for (let i = l; i < n; i++) x[l * n + i] /= nrmxl;
    x[ll] += 1;
    for (let j = l + 1; j < p; j++) {
      let dot = 0;
      for (let i = l; i < n; i++) dot += x[l * n + i] * x[j * n + i];
      const t = -dot / x[ll];
      for (let i = l; i < n; i++) x[j * n + i] += t * x[l * n + i];
    }
    qraux[l] = x[ll];
    x[ll] = -nrmxl;
  }
  return { n, p, qr: x, qraux, pivot, rank: Math.min(k, n) };
}

/** Applies the j-th Householder reflection of the decomposition to y (in place; LINPACK dqrsl). */
function reflect(q: QrDecomposition, j: number, y: Float64Array): void {
  const { n, qr, qraux } = q;
  if (qraux[j] === 0) return;
  const jj = j * n + j;
  const diag = qr[jj];
  qr[jj] = qraux[j];
  let dot = 0;
  for (let i = j; i < n; i++) dot += qr[j * n + i] * y[i];
  const t = -dot / qr[jj];
  for (let i = j; i < n; i++) y[i] += t * qr[j * n + i];
  qr[jj] = diag;
}

/** Apply Qᵀ to y (in place): the reflections in order. */
function qrQty(q: QrDecomposition, y: Float64Array): void {
  const ju = Math.min(q.rank, q.n - 1);
  for (let j = 0; j < ju; j++) reflect(q, j, y);
}

/** Apply Q to y (in place): the reflections in reverse order. */
function qrQy(q: QrDecomposition, y: Float64Array): void {
  const ju = Math.min(q.rank, q.n - 1);
  for (let j = ju - 1; j >= 0; j--) reflect(q, j, y);
}

/** Solve R11 b = c for the leading rank×rank block of R. */
function backSolve(q: QrDecomposition, c: Float64Array): Float64Array {
  const { n, qr, rank } = q;
  const b = new Float64Array(rank);
  for (let j = rank - 1; j >= 0; j--) {
    let s = c[j];
    for (let k = j + 1; k < rank; k++) s -= qr[k * n + j] * b[k];
    b[j] = s / qr[j * n + j];
  }
  return b;
}

/** Solve R11ᵀ v = c (forward substitution). */
function forwardSolveT(q: QrDecomposition, c: Float64Array): Float64Array {
  const { n, qr, rank } = q;
  const v = new Float64Array(rank);
  for (let j = 0; j < rank; j++) {
    let s = c[j];
    for (let k = 0; k < j; k++) s -= qr[j * n + k] * v[k];
    v[j] = s / qr[j * n + j];
  }
  return v;
}

/** Least-squares fit of y on the decomposed matrix: coefficients in pivoted order (length rank), residuals, effects. */
function qrLs(q: QrDecomposition, y: Float64Array): { coef: Float64Array; residuals: Float64Array; fitted: Float64Array } {
  const qty = Float64Array.from(y);
  qrQty(q, qty);
  const coef = backSolve(q, qty);
  const r = Float64Array.from(qty);
  for (let i = 0; i < q.rank; i++) r[i] = 0;
  qrQy(q, r);
  const fitted = new Float64Array(q.n);
  for (let i = 0; i < q.n; i++) fitted[i] = y[i] - r[i];
  return { coef, residuals: r, fitted };
}

/** x0ᵀ (R11ᵀR11)⁻¹ x0 for a row x0 given in original column order (aliased columns ignored). */
function quadFormInv(q: QrDecomposition, x0: ArrayLike<number>): number {
  const c = new Float64Array(q.rank);
  for (let j = 0; j < q.rank; j++) c[j] = x0[q.pivot[j]];
  const v = forwardSolveT(q, c);
  let s = 0;
  for (let j = 0; j < q.rank; j++) s += v[j] * v[j];
  return s;
}

/** (R11ᵀR11)⁻¹ mapped back to original column order; rows/columns of aliased coefficients are NaN. */
function unscaledCov(q: QrDecomposition): number[][] {
  const { rank, p } = q;
  // Rinv: upper triangular inverse of R11
  const rinv: number[][] = Array.from({ length: rank }, () => new Array<number>(rank).fill(0));
  for (let col = 0; col < rank; col++) {
    const e = new Float64Array(rank);
    e[col] = 1;
    const b = backSolve(q, e);
    for (let i = 0; i < rank; i++) rinv[i][col] = b[i];
  }
  const out: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(Number.NaN));
  for (let a = 0; a < rank; a++)
    for (let b = 0; b < rank; b++) {
      let s = 0;
      for (let k = Math.max(a, b); k < rank; k++) s += rinv[a][k] * rinv[b][k];
      out[q.pivot[a]][q.pivot[b]] = s;
    }
  return out;
}

/** Hat values: diag of Q1 Q1ᵀ for the weighted design (values within 10·eps of 1 are set to 1, as R). */
function hatValues(q: QrDecomposition): number[] {
  const { n, rank } = q;
  const h = new Array<number>(n).fill(0);
  for (let j = 0; j < rank; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    qrQy(q, e);
    for (let i = 0; i < n; i++) h[i] += e[i] * e[i];
  }
  return h.map((v) => (v >= 1 - 10 * DBL_EPSILON ? 1 : v));
}

function toColumnMajor(X: number[][], rows: number[], scale?: ArrayLike<number>): Float64Array {
  const n = rows.length;
  const p = X.length ? X[0].length : 0;
  const a = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    const row = X[rows[r]];
    const s = scale ? scale[r] : 1;
    for (let j = 0; j < p; j++) a[j * n + r] = row[j] * s;
  }
  return a;
}

function checkDesign(X: number[][], y: ArrayLike<number>): number {
  if (X.length !== y.length) throw new Error('glm: X and y must have the same number of rows');
  if (X.length === 0) throw new Error('glm: no observations');
  const p = X[0].length;
  for (const row of X) {
    if (row.length !== p) throw new Error('glm: ragged design matrix');
    for (const v of row) if (!Number.isFinite(v)) throw new Error('glm: non-finite value in design matrix');
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// Poisson / quasi-Poisson IRLS
// ---------------------------------------------------------------------------------------------------------------

export type GlmFamily = 'poisson' | 'quasipoisson';

export type GlmOptions = {
  family?: GlmFamily;
  /** prior weights (default 1); observations with weight 0 do not enter the fit */
  weights?: number[];
  /** offset on the linear-predictor scale (default 0) */
  offset?: number[];
  /** convergence tolerance (default 1e-8) */
  epsilon?: number;
  /** maximum IRLS iterations (default 25) */
  maxit?: number;
  /** true if X contains an intercept column (only used for the null deviance; default true) */
  intercept?: boolean;
};

export type GlmFit = {
  family: GlmFamily;
  /** coefficients in the column order of X; NaN for aliased columns */
  coefficients: number[];
  aliased: boolean[];
  fitted: number[];
  linearPredictor: number[];
  /** IRLS working weights of the final iteration (prior × mu, as R's `weights`); 0 for unused observations */
  workingWeights: number[];
  /** working residuals (y - mu)/mu */
  workingResiduals: number[];
  priorWeights: number[];
  y: number[];
  offset: number[];
  /** (XᵀWX)⁻¹ in column order of X (NaN rows/cols for aliased columns) */
  covUnscaled: number[][];
  /** hat values for every observation (0 where the prior weight is 0) */
  hat: number[];
  deviance: number;
  nullDeviance: number;
  rank: number;
  dfResidual: number;
  dfNull: number;
  iter: number;
  converged: boolean;
  boundary: boolean;
  /** Pearson dispersion sum(w r²)/df for quasipoisson (NaN if df = 0), 1 for poisson */
  dispersion: number;
  /** QR of sqrt(W) X at the last iteration (rows = used observations) */
  qr: QrDecomposition;
  /** indices of the observations used in the final fit */
  used: number[];
};

const linkinv = (eta: number) => Math.max(Math.exp(eta), DBL_EPSILON);
const muEta = linkinv;

function poissonDev(y: ArrayLike<number>, mu: ArrayLike<number>, wt: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const r = y[i] > 0 ? wt[i] * (y[i] * Math.log(y[i] / mu[i]) - (y[i] - mu[i])) : mu[i] * wt[i];
    s += 2 * r;
  }
  return s;
}

/**
 * Fit a log-link Poisson / quasi-Poisson GLM by IRLS exactly as R's glm.fit (see file header).
 * Throws, like R, when no valid coefficients can be found (e.g. negative y).
 */
export function glmFit(X: number[][], y: number[], o: GlmOptions = {}): GlmFit {
  const p = checkDesign(X, y);
  const nobs = y.length;
  const family = o.family ?? 'quasipoisson';
  const weights = o.weights ?? new Array<number>(nobs).fill(1);
  const offset = o.offset ?? new Array<number>(nobs).fill(0);
  if (weights.length !== nobs || offset.length !== nobs) throw new Error('glm: weights/offset length must equal number of observations');
  for (let i = 0; i < nobs; i++) {
    if (!Number.isFinite(y[i])) throw new Error('glm: non-finite response');
    if (y[i] < 0) throw new Error("negative values not allowed for the 'Poisson' family");
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) throw new Error('glm: negative or non-finite weights not allowed');
    if (!Number.isFinite(offset[i])) throw new Error('glm: non-finite offset');
  }
  const epsilon = o.epsilon ?? 1e-8;
  const maxit = o.maxit ?? 25;
  const qrTol = Math.min(1e-7, epsilon / 1000);

  let eta = y.map((v) => Math.log(v + 0.1));
  let mu = eta.map(linkinv);
  let devold = poissonDev(y, mu, weights);
  let coefold: Float64Array | null = null;
  const start = new Float64Array(p);
  let coef = new Float64Array(p);
  let conv = false;
  let boundary = false;
  let iter = 0;
  let q: QrDecomposition | null = null;
  let good: number[] = [];
  let w = new Float64Array(0);
  let dev = devold;

  const evalAt = (b: Float64Array) => {
    const e = new Array<number>(nobs);
    for (let i = 0; i < nobs; i++) {
      let s = offset[i];
      const row = X[i];
      for (let j = 0; j < p; j++) s += row[j] * b[j];
      e[i] = s;
    }
    return e;
  };
  const validMu = (m: number[]) => m.every((v) => Number.isFinite(v) && v > 0);

  for (iter = 1; iter <= maxit; iter++) {
    const mev = eta.map(muEta);
    good = [];
    for (let i = 0; i < nobs; i++) if (weights[i] > 0 && mev[i] !== 0) good.push(i);
    if (good.length === 0) {
      conv = false;
      break;
    }
    const ng = good.length;
    const z = new Float64Array(ng);
    w = new Float64Array(ng);
    for (let r = 0; r < ng; r++) {
      const i = good[r];
      z[r] = eta[i] - offset[i] + (y[i] - mu[i]) / mev[i];
      w[r] = Math.sqrt((weights[i] * mev[i] * mev[i]) / mu[i]);
    }
    q = qrDecompose(toColumnMajor(X, good, w), ng, p, qrTol);
    const zw = new Float64Array(ng);
    for (let r = 0; r < ng; r++) zw[r] = z[r] * w[r];
    const ls = qrLs(q, zw);
    if (Array.from(ls.coef).some((v) => !Number.isFinite(v))) {
      conv = false;
      break;
    }
    if (ng < q.rank) throw new Error(`X matrix has rank ${q.rank}, but only ${ng} observations`);
    start.fill(0);
    for (let j = 0; j < q.rank; j++) start[q.pivot[j]] = ls.coef[j];
    eta = evalAt(start);
    mu = eta.map(linkinv);
    dev = poissonDev(y, mu, weights);
    boundary = false;
    if (!Number.isFinite(dev)) {
      if (coefold === null) throw new Error('no valid set of coefficients has been found: please supply starting values');
      let ii = 1;
      while (!Number.isFinite(dev)) {
        if (ii > maxit) throw new Error('inner loop 1; cannot correct step size');
        ii++;
        for (let j = 0; j < p; j++) start[j] = (start[j] + coefold[j]) / 2;
        eta = evalAt(start);
        mu = eta.map(linkinv);
        dev = poissonDev(y, mu, weights);
      }
      boundary = true;
    }
    if (!validMu(mu)) {
      if (coefold === null) throw new Error('no valid set of coefficients has been found: please supply starting values');
      let ii = 1;
      while (!validMu(mu)) {
        if (ii > maxit) throw new Error('inner loop 2; cannot correct step size');
        ii++;
        for (let j = 0; j < p; j++) start[j] = (start[j] + coefold[j]) / 2;
        eta = evalAt(start);
        mu = eta.map(linkinv);
      }
      boundary = true;
      dev = poissonDev(y, mu, weights);
    }
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      conv = true;
      coef = Float64Array.from(start);
      break;
    }
    devold = dev;
    coef = Float64Array.from(start);
    coefold = Float64Array.from(start);
  }
  if (iter > maxit) iter = maxit;
  if (q === null) throw new Error('glm: no observation with positive weight');

  const rank = q.rank;
  const aliased = new Array<boolean>(p).fill(false);
  for (let j = rank; j < p; j++) aliased[q.pivot[j]] = true;
  const coefficients = Array.from(coef, (v, j) => (aliased[j] ? Number.NaN : v));
  const residuals = y.map((v, i) => (v - mu[i]) / muEta(eta[i]));
  const wt = new Array<number>(nobs).fill(0);
  good.forEach((i, r) => (wt[i] = w[r] * w[r]));
  const hatGood = hatValues(q);
  const hat = new Array<number>(nobs).fill(0);
  good.forEach((i, r) => (hat[i] = hatGood[r]));
  const nOk = nobs - weights.filter((v) => v === 0).length;
  const intercept = o.intercept ?? true;
  const dfResidual = nOk - rank;
  const dfNull = nOk - (intercept ? 1 : 0);
  let nullDeviance: number;
  if (!intercept) nullDeviance = poissonDev(y, offset.map(linkinv), weights);
  else if (offset.every((v) => v === 0)) {
    let sw = 0;
    let swy = 0;
    for (let i = 0; i < nobs; i++) {
      sw += weights[i];
      swy += weights[i] * y[i];
    }
    const wtdmu = swy / sw;
    nullDeviance = poissonDev(y, new Array<number>(nobs).fill(wtdmu), weights);
  } else {
    nullDeviance = glmFit(
      y.map(() => [1]),
      y,
      // intercept: false only stops the recursion (its own null deviance is not used)
      { family, weights, offset, epsilon, maxit, intercept: false },
    ).deviance;
  }
  let dispersion = 1;
  if (family === 'quasipoisson') {
    let s = 0;
    for (let i = 0; i < nobs; i++) if (wt[i] > 0) s += wt[i] * residuals[i] * residuals[i];
    dispersion = dfResidual > 0 ? s / dfResidual : Number.NaN;
  }
  return {
    family,
    coefficients,
    aliased,
    fitted: mu,
    linearPredictor: eta,
    workingWeights: wt,
    workingResiduals: residuals,
    priorWeights: weights.slice(),
    y: y.slice(),
    offset: offset.slice(),
    covUnscaled: unscaledCov(q),
    hat,
    deviance: dev,
    nullDeviance,
    rank,
    dfResidual,
    dfNull,
    iter,
    converged: conv,
    boundary,
    dispersion,
    qr: q,
    used: good,
  };
}

export type CoefficientRow = { estimate: number; se: number; statistic: number; pValue: number };

/**
 * Coefficient table as R's summary.glm: se = sqrt(dispersion · diag((XᵀWX)⁻¹)); quasi family: t = est/se and
 * p = 2·pt(-|t|, df_res); poisson: z and 2·pnorm(-|z|). `dispersion` defaults to the fit's own estimate.
 */
export function glmCoefficients(fit: GlmFit, dispersion: number = fit.dispersion): CoefficientRow[] {
  return fit.coefficients.map((est, j) => {
    if (fit.aliased[j]) return { estimate: Number.NaN, se: Number.NaN, statistic: Number.NaN, pValue: Number.NaN };
    const se = Math.sqrt(dispersion * fit.covUnscaled[j][j]);
    const stat = est / se;
    const pValue = fit.family === 'quasipoisson' ? 2 * pt(-Math.abs(stat), fit.dfResidual) : 2 * pnorm(-Math.abs(stat));
    return { estimate: est, se, statistic: stat, pValue };
  });
}

export type GlmPrediction = { fit: number; seFit: number };

/**
 * Prediction at the row x0 (original column order) as R's predict.glm(se.fit = TRUE): link scale
 * fit = x0·β + offset, se = sqrt(dispersion · x0ᵀ(XᵀWX)⁻¹x0); response scale fit = exp(eta) (floored at eps),
 * se multiplied by dmu/deta.
 */
export function glmPredict(
  fit: GlmFit,
  x0: number[],
  o: { type?: 'link' | 'response'; dispersion?: number; offset?: number } = {},
): GlmPrediction {
  if (x0.length !== fit.coefficients.length) throw new Error('glmPredict: x0 has the wrong length');
  let eta = o.offset ?? 0;
  for (let j = 0; j < x0.length; j++) if (!fit.aliased[j]) eta += x0[j] * fit.coefficients[j];
  const disp = o.dispersion ?? fit.dispersion;
  const se = Math.sqrt(quadFormInv(fit.qr, x0) * disp);
  if ((o.type ?? 'link') === 'link') return { fit: eta, seFit: se };
  return { fit: linkinv(eta), seFit: se * Math.abs(muEta(eta)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Ordinary least squares (R lm.fit + summary.lm quantities)
// ---------------------------------------------------------------------------------------------------------------

export type OlsFit = {
  coefficients: number[];
  aliased: boolean[];
  fitted: number[];
  residuals: number[];
  rank: number;
  dfResidual: number;
  /** residual sum of squares */
  rss: number;
  /** sqrt(rss / df) */
  sigma: number;
  rSquared: number;
  adjRSquared: number;
  covUnscaled: number[][];
  qr: QrDecomposition;
};

/**
 * OLS by Householder QR (R's lm.fit, tol 1e-7). R² as summary.lm: mss = Σ(f - mean f)² with an intercept
 * (Σ f² without), R² = mss/(mss + rss), adjusted R² = 1 - (1 - R²)(n - int)/df_res.
 */
export function olsFit(X: number[][], y: number[], o: { intercept?: boolean; tol?: number } = {}): OlsFit {
  const p = checkDesign(X, y);
  const n = y.length;
  const rows = Array.from({ length: n }, (_, i) => i);
  const q = qrDecompose(toColumnMajor(X, rows), n, p, o.tol ?? 1e-7);
  const ls = qrLs(q, Float64Array.from(y));
  const aliased = new Array<boolean>(p).fill(false);
  for (let j = q.rank; j < p; j++) aliased[q.pivot[j]] = true;
  const coefficients = new Array<number>(p).fill(Number.NaN);
  for (let j = 0; j < q.rank; j++) coefficients[q.pivot[j]] = ls.coef[j];
  const fitted = Array.from(ls.fitted);
  const residuals = Array.from(ls.residuals);
  const rss = residuals.reduce((s, r) => s + r * r, 0);
  const df = n - q.rank;
  const intercept = o.intercept ?? true;
  let mss = 0;
  if (intercept) {
    const m = fitted.reduce((s, v) => s + v, 0) / n;
    for (const f of fitted) mss += (f - m) * (f - m);
  } else for (const f of fitted) mss += f * f;
  const r2 = mss / (mss + rss);
  const dfInt = intercept ? 1 : 0;
  return {
    coefficients,
    aliased,
    fitted,
    residuals,
    rank: q.rank,
    dfResidual: df,
    rss,
    sigma: Math.sqrt(rss / df),
    rSquared: r2,
    adjRSquared: 1 - (1 - r2) * ((n - dfInt) / df),
    covUnscaled: unscaledCov(q),
    qr: q,
  };
}
