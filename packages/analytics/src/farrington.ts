// Improved Farrington outbreak detection, re-implemented from the specification of R `surveillance`
// farringtonFlexible (ANALYTICS.md §1.2; reference: surveillance 1.20.3, GPL-2, no code copied).
//
// For each monitored time index k: quasi-Poisson log-link GLM on the reference windows (k - i·freq ± w, i = 1..b,
// plus the current window), optional seasonal factor with `noPeriods` levels, the most recent `pastWeeksNotIncluded`
// weeks excluded, Anscombe-residual reweighting of past outbreaks, trend decision, prediction and threshold
// ("delta" with a power transformation, "nbPlugin" or "muan" negative-binomial quantiles), limit54 rule.
//
// packageCompatibleDispersion (default true) reproduces the package, which after reweighting overwrites the glm's
// working weights with the prior weights ω, so that the Wald test of the trend and se.fit use
// φ_inf = Σ ω_i ((y_i − μ_i)/μ_i)² / df instead of the Pearson dispersion. false = textbook (Pearson) dispersion.
import { glmCoefficients, glmFit, glmPredict, type GlmFit } from './glm';
import { pnbinom, pnorm, ppois, qnbinom, qnorm, qpois } from './dist';

export type PowerTransform = '2/3' | '1/2' | 'none';
export type FarringtonThresholdMethod = 'delta' | 'nbPlugin' | 'muan';

export type FarringtonOptions = {
  /** observations per year: 52 (weekly), 12 (monthly), 365 (daily) */
  freq: number;
  /** 1-based time indices to monitor; default (freq·b + w + 1)..n */
  range?: number[];
  b?: number;
  w?: number;
  reweight?: boolean;
  weightsThreshold?: number;
  alpha?: number;
  trend?: boolean;
  pThresholdTrend?: number;
  limit54?: [number, number];
  powertrans?: PowerTransform;
  populationOffset?: boolean;
  /** population per time point (needed when populationOffset) */
  population?: number[];
  noPeriods?: number;
  /** default w */
  pastWeeksNotIncluded?: number;
  thresholdMethod?: FarringtonThresholdMethod;
  /** default true: reproduce R surveillance's dispersion after reweighting (see file header) */
  packageCompatibleDispersion?: boolean;
  /**
   * ISO dates (one per observation) for the package's epochAsDate mode: reference points are the same date 1..b
   * years back (weekly: nearest same weekday) and wtime counts steps of the first date difference.
   */
  dates?: string[];
  /** IRLS settings (R defaults 1e-8, 25) */
  glmEpsilon?: number;
  glmMaxit?: number;
};

/** One monitored time point (fields as the package's sts slots and control outputs; R NA = null). */
export type FarringtonPoint = {
  /** 1-based time index */
  t: number;
  observed: number;
  upperbound: number | null;
  alarm: boolean | null;
  expected: number | null;
  pValue: number | null;
  score: number | null;
  /** 1 if the trend was kept, 0 otherwise, null if no model converged */
  trend: 0 | 1 | null;
  /** trend coefficient when kept */
  trendVector: number | null;
  phi: number | null;
  /** as coded in the package: exp(eta0) for nbPlugin, exp(qnorm(1 - alpha, fit, se.fit)) otherwise (informational) */
  mu0: number | null;
};

export type ThresholdResult = { lower: number; upper: number; prob: number; score: number };

const nan = Number.NaN;

/**
 * Farrington (1996) threshold with a power transformation (package: algo.farrington.threshold.farrington).
 * mu0 = predFit (response scale), tau = phi + se²/mu0; U/L = (mu0^e ± z·s)^(1/e) sorted with NaN first, L floored
 * at 0; prob = P(N(mu0^e, s) > y^e); score = (y - mu0)/(U - mu0).
 */
export function farringtonThresholdDelta(predFit: number, predSeFit: number, phi: number, powertrans: PowerTransform, alpha: number, y: number): ThresholdResult {
  const mu0 = predFit;
  const tau = phi + (predSeFit * predSeFit) / mu0;
  let se: number;
  let e: number;
  switch (powertrans) {
    case 'none':
      se = Math.sqrt(mu0 * tau);
      e = 1;
      break;
    case '1/2':
      se = Math.sqrt((1 / 4) * tau);
      e = 1 / 2;
      break;
    case '2/3':
      se = Math.sqrt((4 / 9) * Math.pow(mu0, 1 / 3) * tau);
      e = 2 / 3;
      break;
    default:
      throw new Error('No proper exponent in algo.farrington.threshold.');
  }
  const z = qnorm(1 - alpha);
  const base = Math.pow(mu0, e);
  const inv = 1 / e;
  // R's `^`: x^2 is x*x, negative base with a non-integer power is NaN (Math.pow agrees on the latter)
  const rpow = (v: number) => (inv === 2 ? v * v : inv === 1 ? v : Math.pow(v, inv));
  const a = rpow(base - z * se);
  const b = rpow(base + z * se);
  // sort(..., na.last = FALSE): NaN first, then ascending
  let lo: number;
  let up: number;
  if (Number.isNaN(a) || Number.isNaN(b)) {
    lo = Number.isNaN(a) ? a : b;
    up = Number.isNaN(a) ? b : a;
  } else {
    lo = Math.min(a, b);
    up = Math.max(a, b);
  }
  lo = Number.isNaN(lo) ? 0 : Math.max(0, lo);
  const prob = pnorm(-(Math.pow(y, e) - base) / se);
  const score = Number.isNaN(up) ? nan : (y - predFit) / (up - predFit);
  return { lower: lo, upper: up, prob, score };
}

/**
 * Noufaily et al. (2013) thresholds (package: algo.farrington.threshold.noufaily); eta0, seEta0 on the log scale.
 * nbPlugin: mu = exp(eta0); muan: mu = exp(eta0 + qnorm(1 - alpha)·seEta0). phi > 1: negative binomial with mean mu
 * and variance phi·mu (size = mu/(phi - 1), prob = 1/phi), else Poisson. prob = P(Y >= y).
 * Package quirk kept: score = (y - eta0)/(U - eta0) with eta0 on the log scale.
 */
export function farringtonThresholdNoufaily(eta0: number, seEta0: number, phi: number, method: 'nbPlugin' | 'muan', alpha: number, y: number): ThresholdResult {
  const muq = method === 'nbPlugin' ? Math.exp(eta0) : Math.exp(qnorm(1 - alpha) * seEta0 + eta0);
  let lower = nan;
  let upper = nan;
  let prob = nan;
  if (muq !== Infinity) {
    if (phi > 1) {
      lower = qnbinom(alpha, muq / (phi - 1), 1 / phi);
      upper = qnbinom(1 - alpha, muq / (phi - 1), 1 / phi);
    } else {
      lower = qpois(alpha, muq);
      upper = qpois(1 - alpha, muq);
    }
    lower = Number.isNaN(lower) ? nan : Math.max(0, lower);
    prob = phi !== 1 ? pnbinom(y - 1, muq / (phi - 1), 1 / phi, false) : ppois(y - 1, muq, false);
  }
  const score = Number.isNaN(upper) ? nan : (y - eta0) / (upper - eta0);
  return { lower, upper, prob, score };
}

/**
 * Farrington reweighting (package: algo.farrington.assign.weights): γ = n / Σ (s_i^-2 if s_i > thr else 1),
 * ω_i = γ s_i^-2 if s_i > thr else γ.
 */
export function farringtonWeights(s: number[], weightsThreshold = 1): number[] {
  if (s.some((v) => Number.isNaN(v))) throw new Error('NAs are not allowed in subscripted assignments');
  let sum = 0;
  for (const v of s) sum += v > weightsThreshold ? Math.pow(v, -2) : 1;
  const gamma = s.length / sum;
  return s.map((v) => (v > weightsThreshold ? gamma * Math.pow(v, -2) : gamma));
}

/** Standardised Anscombe residuals 1.5 (y^(2/3) mu^(-1/6) - mu^(1/2)) / sqrt(phi (1 - h)). */
export function anscombeResiduals(fit: GlmFit, phi: number): number[] {
  return fit.y.map((y, i) => {
    const mu = fit.fitted[i];
    const a = (3 / 2) * (Math.pow(y, 2 / 3) * Math.pow(mu, -1 / 6) - Math.sqrt(mu));
    return a / Math.sqrt(phi * (1 - fit.hat[i]));
  });
}

/** R's from:to (either direction). */
function rSeq(from: number, to: number): number[] {
  const out: number[] = [];
  if (from <= to) for (let v = from; v <= to; v++) out.push(v);
  else for (let v = from; v >= to; v--) out.push(v);
  return out;
}

/** v[idx] <- val with R index rules for our cases (0 dropped, negative → error, beyond the end ignored). */
function assignR(v: number[], idx: number[], val: number): void {
  if (idx.some((i) => i < 0)) throw new Error("only 0's may be mixed with negative subscripts");
  for (const i of idx) if (i >= 1 && i < v.length) v[i] = val;
}

/** floor division and modulo with R semantics (%/% and %%) */
const rDiv = (a: number, b: number) => Math.floor(a / b);
const rMod = (a: number, b: number) => a - Math.floor(a / b) * b;

/**
 * Seasonal block labels (package: blocks()) on 1..n (index 0 unused; NaN = not in any block). `refIndices` are the
 * 1-based indices of the current time point and its b reference points, most recent first.
 */
export function farringtonBlocks(n: number, refIndices: number[], w: number, p: number): number[] {
  const f = new Array<number>(n + 1).fill(nan);
  const k = refIndices[0];
  assignR(f, rSeq(k - w, k), p);
  for (let i = 1; i < refIndices.length; i++) {
    const refWeek = refIndices[i];
    assignR(f, rSeq(refWeek - w, refWeek + w), p);
    if (p !== 1) {
      const period = refIndices[i - 1] - 2 * w - 1 - refWeek;
      if (period < p - (2 * w + 1)) throw new Error('Number of factors too big!');
      const len = rDiv(period, p - 1);
      const rest = rMod(period, p - 1);
      const lengths = new Array<number>(p - 1).fill(len);
      for (let j = 0; j < rest; j++) lengths[j] += 1;
      const cum = [0];
      for (const l of lengths) cum.push(cum[cum.length - 1] + l);
      for (let j = 1; j <= p - 1; j++) assignR(f, rSeq(refWeek + w + 1 + cum[j - 1], refWeek + w + 1 + cum[j] - 1), j);
    }
  }
  return f;
}

export type FarringtonDesign = {
  /** 1-based time indices of the rows */
  index: number[];
  response: number[];
  wtime: number[];
  seasgroups: number[];
  population: number[] | null;
  /** wtime of the time point to predict */
  predictWtime: number;
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** days since 1970-01-01 of an ISO date (UTC), as R's as.numeric(as.Date(x)) */
function dayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`invalid ISO date: ${iso}`);
  const v = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(v);
  if (d.getUTCDate() !== Number(m[3]) || d.getUTCMonth() !== Number(m[2]) - 1) throw new Error(`invalid ISO date: ${iso}`);
  return v / 86_400_000;
}
/** R format(date, "%w"): 0 = Sunday */
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

/**
 * Reference dates (package: algo.farrington.referencetimepoints with epochAsDate): the same date 0..b years back
 * (R seq by "-1 year": 29 Feb → 1 Mar), for weekly data moved to the nearest date with the same weekday.
 */
function referenceDays(iso: string, b: number, freq: number): number[] {
  const m = ISO_DATE.exec(iso)!;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const dd = Number(m[3]);
  const ref = Array.from({ length: b + 1 }, (_, i) => Date.UTC(y - i, mo, dd) / 86_400_000);
  if (freq !== 52) return ref;
  const dayToGet = weekdayOf(ref[0]);
  return ref.map((r) => {
    const a = r - (weekdayOf(r) - dayToGet);
    const bb = a + (a > r ? -7 : 7);
    return Math.abs(a - r) > Math.abs(bb - r) ? bb : a;
  });
}

/**
 * The GLM data for time point k (package: algo.farrington.data.glm). Integer time unless `dates` (ISO strings, one
 * per observation) are given: then reference points are found by date and wtime = (date - first date)/(first step).
 */
export function farringtonDesign(
  y: number[],
  k: number,
  o: { freq: number; b: number; w: number; noPeriods: number; pastWeeksNotIncluded: number; population?: number[]; dates?: string[] },
): FarringtonDesign {
  const n = y.length;
  const missingRef = "Some reference time points did not exist; decrease 'b' or postpone 'range'.";
  let refIndices: number[];
  let days: number[] | null = null;
  if (o.dates) {
    if (o.dates.length !== n) throw new Error('dates must have one entry per observation');
    if (![52, 12, 365].includes(o.freq)) throw new Error('with dates, freq must be 52, 12 or 365');
    days = o.dates.map(dayNumber);
    const ref = new Set(referenceDays(o.dates[k - 1], o.b, o.freq));
    const hit: number[] = [];
    days.forEach((d, i) => ref.has(d) && hit.push(i + 1));
    if (new Set(hit.map((i) => days![i - 1])).size !== ref.size) throw new Error(missingRef);
    refIndices = hit.reverse();
  } else {
    refIndices = Array.from({ length: o.b + 1 }, (_, i) => k - i * o.freq);
    if (refIndices.some((r) => r < 1 || r > n)) throw new Error(missingRef);
  }
  const blocks = farringtonBlocks(n, refIndices, o.w, o.noPeriods);
  const ids = blocks.slice();
  assignR(ids, rSeq(k - o.pastWeeksNotIncluded, k), nan);
  const blockIndexes: number[] = [];
  for (let i = 1; i <= n; i++) if (!Number.isNaN(ids[i])) blockIndexes.push(i);
  const step = days ? days[1] - days[0] : 1;
  const wt = (i: number) => (days ? (days[i - 1] - days[blockIndexes[0] - 1]) / step : i);
  const d: FarringtonDesign = { index: [], response: [], wtime: [], seasgroups: [], population: o.population ? [] : null, predictWtime: k };
  for (const i of blockIndexes) {
    const v = y[i - 1];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    d.index.push(i);
    d.response.push(v);
    d.wtime.push(wt(i));
    d.seasgroups.push(blocks[i]);
    d.population?.push(o.population![i - 1]);
  }
  if (days && d.index.length > 0) d.predictWtime = (days[k - 1] - days[d.index[0] - 1]) / step;
  return d;
}

type Fitted = { fit: GlmFit; phi: number; omega: number[] | null; hasTrend: boolean; levels: number[] };

function designMatrix(d: FarringtonDesign, trend: boolean, factors: boolean): { X: number[][]; levels: number[] } {
  const levels = factors ? Array.from(new Set(d.seasgroups)).sort((a, b) => a - b) : [];
  if (factors && levels.length < 2) throw new Error('contrasts can be applied only to factors with 2 or more levels');
  const X = d.response.map((_, r) => {
    const row = [1];
    if (trend) row.push(d.wtime[r]);
    for (let l = 1; l < levels.length; l++) row.push(d.seasgroups[r] === levels[l] ? 1 : 0);
    return row;
  });
  return { X, levels };
}

function newRow(k: number, trend: boolean, levels: number[], noPeriods: number): number[] {
  const row = [1];
  if (trend) row.push(k);
  if (levels.length > 0 && !levels.includes(noPeriods)) throw new Error(`factor seasgroups has new level ${noPeriods}`);
  for (let l = 1; l < levels.length; l++) row.push(levels[l] === noPeriods ? 1 : 0);
  return row;
}

type Ctl = Required<Omit<FarringtonOptions, 'range' | 'population' | 'pastWeeksNotIncluded' | 'dates'>> & { pastWeeksNotIncluded: number };

/** package: algo.farrington.fitGLM.flexible */
function fitFlexible(d: FarringtonDesign, timeTrend: boolean, c: Ctl): Fitted | null {
  const factors = c.noPeriods !== 1;
  const offset = c.populationOffset ? d.population!.map((v) => Math.log(v)) : undefined;
  const glmOpts = { family: 'quasipoisson' as const, offset, epsilon: c.glmEpsilon, maxit: c.glmMaxit };
  let hasTrend = timeTrend;
  let dm = designMatrix(d, hasTrend, factors);
  let fit = glmFit(dm.X, d.response, glmOpts);
  if (!fit.converged) {
    if (timeTrend) {
      hasTrend = false;
      dm = designMatrix(d, false, factors);
      fit = glmFit(dm.X, d.response, glmOpts);
    }
    if (!fit.converged) return null;
  }
  let phi = Math.max(fit.dispersion, 1);
  if (Number.isNaN(fit.dispersion)) phi = nan;
  let omega: number[] | null = null;
  if (c.reweight) {
    const s = anscombeResiduals(fit, phi);
    omega = farringtonWeights(s, c.weightsThreshold);
    fit = glmFit(dm.X, d.response, { ...glmOpts, weights: omega });
    phi = Number.isNaN(fit.dispersion) ? nan : Math.max(fit.dispersion, 1);
  }
  return { fit, phi, omega, hasTrend, levels: dm.levels };
}

/** dispersion used by summary.glm / predict.glm on the package's fitted object */
function inferenceDispersion(m: Fitted, packageCompatible: boolean): number {
  if (!packageCompatible || m.omega === null) return m.fit.dispersion;
  const { fit, omega } = m;
  let s = 0;
  for (let i = 0; i < omega.length; i++) if (omega[i] > 0) s += omega[i] * fit.workingResiduals[i] * fit.workingResiduals[i];
  return fit.dfResidual > 0 ? s / fit.dfResidual : nan;
}

type FinalModel = { pred: { fit: number; seFit: number }; doTrend: boolean; coeffTime: number; phi: number };

/** package: algo.farrington.glm */
function farringtonGlm(d: FarringtonDesign, populationNow: number, c: Ctl): FinalModel | null {
  let model = fitFlexible(d, c.trend, c);
  if (model === null) return null;
  const offsetNow = c.populationOffset ? Math.log(populationNow) : undefined;
  let doTrend = false;
  if (model.hasTrend) {
    const disp = inferenceDispersion(model, c.packageCompatibleDispersion);
    const x0 = newRow(d.predictWtime, true, model.levels, c.noPeriods);
    const pred = glmPredict(model.fit, x0, { type: 'response', dispersion: disp, offset: offsetNow });
    const coefRow = glmCoefficients(model.fit, disp)[1];
    const significant = !model.fit.aliased[1] && coefRow.pValue < c.pThresholdTrend;
    const atLeastThreeYears = c.b >= 3;
    const maxResp = Math.max(...d.response);
    const noExtrapolation = pred.fit <= maxResp;
    doTrend = atLeastThreeYears && significant && noExtrapolation;
    if (!doTrend) {
      model = fitFlexible(d, false, c);
      if (model === null) return null;
    }
  }
  const disp = inferenceDispersion(model, c.packageCompatibleDispersion);
  const x0 = newRow(d.predictWtime, model.hasTrend, model.levels, c.noPeriods);
  const pred = glmPredict(model.fit, x0, {
    type: c.thresholdMethod === 'delta' ? 'response' : 'link',
    dispersion: disp,
    offset: offsetNow,
  });
  const coeffTime = doTrend ? model.fit.coefficients[1] : nan;
  return { pred, doTrend, coeffTime, phi: model.phi };
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/**
 * farringtonFlexible for one count series y (y[0] is t = 1). Returns one point per monitored t in `range`.
 * Errors as the package: missing reference points, limit54 out of bounds, too many factor levels.
 */
export function farringtonFlexible(y: number[], options: FarringtonOptions): FarringtonPoint[] {
  const c: Ctl = {
    freq: options.freq,
    b: options.b ?? 5,
    w: options.w ?? 3,
    reweight: options.reweight ?? true,
    weightsThreshold: options.weightsThreshold ?? 2.58,
    alpha: options.alpha ?? 0.05,
    trend: options.trend ?? true,
    pThresholdTrend: options.pThresholdTrend ?? 0.05,
    limit54: options.limit54 ?? [5, 4],
    powertrans: options.powertrans ?? '2/3',
    populationOffset: options.populationOffset ?? false,
    noPeriods: options.noPeriods ?? 1,
    pastWeeksNotIncluded: options.pastWeeksNotIncluded ?? options.w ?? 3,
    thresholdMethod: options.thresholdMethod ?? 'delta',
    packageCompatibleDispersion: options.packageCompatibleDispersion ?? true,
    glmEpsilon: options.glmEpsilon ?? 1e-8,
    glmMaxit: options.glmMaxit ?? 25,
  };
  if (!Number.isInteger(c.freq) || c.freq < 1) throw new Error('freq must be a positive integer');
  if (!Number.isInteger(c.b) || c.b < 1) throw new Error('b must be a positive integer');
  if (!Number.isInteger(c.w) || c.w < 0) throw new Error('w must be a non-negative integer');
  if (!Number.isInteger(c.noPeriods) || c.noPeriods < 1) throw new Error('noPeriods must be a positive integer');
  if (!['2/3', '1/2', 'none'].includes(c.powertrans)) throw new Error('No proper exponent in algo.farrington.threshold.');
  if (!['delta', 'nbPlugin', 'muan'].includes(c.thresholdMethod)) throw new Error("'arg' should be one of “delta”, “nbPlugin”, “muan”");
  if (!(c.limit54[0] >= 0 && c.limit54[1] > 0)) throw new Error('The limit54 arguments are out of bounds: cases >= 0 and period > 0.');
  const n = y.length;
  if (c.populationOffset) {
    if (!options.population || options.population.length !== n) throw new Error('populationOffset needs a population value for every time point');
  }
  const range = options.range ?? rSeq(c.freq * c.b + c.w + 1, n);
  for (const k of range) if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`range value ${k} is outside 1..${n}`);

  return range.map((k) => {
    const observed = y[k - 1];
    const d = farringtonDesign(y, k, { ...c, population: options.population, dates: options.dates });
    const fm = farringtonGlm(d, options.population?.[k - 1] ?? 1, c);
    if (fm === null) {
      return { t: k, observed, upperbound: null, alarm: null, expected: null, pValue: null, score: null, trend: null, trendVector: null, phi: null, mu0: null };
    }
    const lu =
      c.thresholdMethod === 'delta'
        ? farringtonThresholdDelta(fm.pred.fit, fm.pred.seFit, fm.phi, c.powertrans, c.alpha, observed)
        : farringtonThresholdNoufaily(fm.pred.fit, fm.pred.seFit, fm.phi, c.thresholdMethod, c.alpha, observed);
    let recent = 0;
    for (let j = k - c.limit54[1] + 1; j <= k; j++) recent += y[j - 1];
    const enoughCases = recent >= c.limit54[0]; // false also when a recent count is missing (R: NA)
    const X = enoughCases ? lu.score : nan;
    const alarm = !Number.isNaN(X) && X > 1 && observed !== 0;
    const upperbound = enoughCases ? orNull(lu.upper) : null;
    let expected: number | null = null;
    if (!Number.isNaN(lu.upper) && enoughCases) expected = c.thresholdMethod === 'delta' ? fm.pred.fit : Math.exp(fm.pred.fit);
    const mu0 = c.thresholdMethod === 'nbPlugin' ? Math.exp(fm.pred.fit) : Math.exp(qnorm(1 - c.alpha) * fm.pred.seFit + fm.pred.fit);
    return {
      t: k,
      observed,
      upperbound,
      alarm,
      expected: expected === null ? null : orNull(expected),
      pValue: orNull(lu.prob),
      score: orNull(lu.score),
      trend: fm.doTrend ? 1 : 0,
      trendVector: fm.doTrend ? orNull(fm.coeffTime) : null,
      phi: orNull(fm.phi),
      mu0: orNull(mu0),
    };
  });
}
