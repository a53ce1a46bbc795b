/**
 * Instantaneous reproduction number R_t (Cori et al., AJE 2013), re-implemented from the specification of
 * R `EpiEstim` 2.2.4 (`estimate_R` method "parametric_si", `discr_si`, `overall_infectivity`, `process_I`,
 * `make_config`, `check_times`; ANALYTICS.md §2; GPL >= 2, no code copied). EpiEstim 3.0.0 computes the same
 * numbers but drops windows whose estimate is NA (`keepNaRows: false`).
 */
import { pgamma, qgamma } from './dist';

/** Incidence: a count vector (index 0 = first time step; null = NA, counted as 0), or columns like EpiEstim's data frame. */
export type Incidence =
  | ReadonlyArray<number | null>
  | { I: ReadonlyArray<number | null>; dates?: ReadonlyArray<string | number> }
  | { local: ReadonlyArray<number | null>; imported: ReadonlyArray<number | null>; dates?: ReadonlyArray<string | number> };

/** Incidence after EpiEstim's `process_I`: all first-step cases imported, NA -> 0. */
export type ProcessedIncidence = {
  local: number[];
  imported: number[];
  dates?: (string | number)[];
  /** warnings R would emit (e.g. local[1] > 0 moved to imported) */
  warnings: string[];
};

export const WARN_LOCAL_FIRST =
  'incid$local[1] is >0 but must be 0, as all cases on the first time step are assumed imported. This is corrected automatically by cases being transferred to incid$imported.';
export const WARN_TOO_EARLY = "You're estimating R too early in the epidemic to get the desired posterior CV.";

/** EpiEstim `process_I`: split into local/imported with all cases of the first time step imported; NA -> 0. */
export function processIncidence(incid: Incidence): ProcessedIncidence {
  const warnings: string[] = [];
  let local: (number | null)[];
  let imported: (number | null)[];
  let dates: (string | number)[] | undefined;
  if (Array.isArray(incid)) {
    const I = incid as ReadonlyArray<number | null>;
    local = [...I];
    imported = I.map(() => 0);
    const init = I.length > 0 ? I[0] : null; // sum(incid[1, ]) = I[1] + 0 (NA stays NA, set to 0 below)
    if (I.length > 0) {
      local[0] = 0;
      imported[0] = init;
    }
  } else if ('local' in incid && 'imported' in incid) {
    if (incid.local.length !== incid.imported.length) throw new RangeError('local and imported must have the same length');
    local = [...incid.local];
    imported = [...incid.imported];
    dates = incid.dates ? [...incid.dates] : undefined;
    if (local.length > 0) {
      const l0 = local[0];
      if (l0 === null || l0 === undefined || Number.isNaN(l0)) throw new RangeError('missing value in local[1] (R: missing value where TRUE/FALSE needed)');
      if (l0 > 0) {
        warnings.push(WARN_LOCAL_FIRST);
        const i0 = imported[0];
        imported[0] = i0 === null || i0 === undefined ? null : l0 + i0;
        local[0] = 0;
      }
    }
  } else if ('I' in incid) {
    local = [...incid.I];
    imported = incid.I.map((_, i) => (i === 0 ? incid.I[0] : 0));
    if (local.length > 0) local[0] = 0;
    dates = incid.dates ? [...incid.dates] : undefined;
  } else {
    throw new RangeError("incid must be a vector or have either i) a column 'I', or ii) columns 'local' and 'imported'.");
  }
  const fix = (v: number | null | undefined): number => (v === null || v === undefined || Number.isNaN(v) ? 0 : v);
  const L = local.map(fix);
  const M = imported.map(fix);
  if (L.some((v) => v < 0) || M.some((v) => v < 0)) throw new RangeError('incid must contain only non negative integer values.');
  if (L.some((v) => !Number.isFinite(v)) || M.some((v) => !Number.isFinite(v))) throw new RangeError('incid must be finite');
  if (dates !== undefined && dates.length !== L.length) throw new RangeError('dates must have one entry per time step');
  return { local: L, imported: M, dates, warnings };
}

/**
 * Discretised serial interval (EpiEstim `discr_si`, Cori et al. 2013 supplement): SI - 1 ~ Gamma(mean mu - 1, sd sigma),
 * w_k = k F(k) + (k-2) F(k-2) - 2(k-1) F(k-1) + a b [2 F1(k-1) - F1(k-2) - F1(k)], clipped at 0
 * (F = pgamma(shape a, scale b), F1 = pgamma(shape a + 1, scale b), a = ((mu-1)/sigma)^2, b = sigma^2/(mu-1)).
 */
export function discrSi(k: number | ReadonlyArray<number>, mu: number, sigma: number): number[] {
  if (!(sigma >= 0)) throw new RangeError('sigma must be >=0.');
  if (!(mu > 1)) throw new RangeError('mu must be >1');
  const ks = typeof k === 'number' ? [k] : [...k];
  if (ks.some((v) => v < 0)) throw new RangeError('all values in k must be >=0.');
  const a = ((mu - 1) / sigma) ** 2;
  const b = (sigma * sigma) / (mu - 1);
  const F = (x: number, shape: number) => pgamma(x, shape, b);
  return ks.map((kk) => {
    let res = kk * F(kk, a) + (kk - 2) * F(kk - 2, a) - 2 * (kk - 1) * F(kk - 1, a);
    res = res + a * b * (2 * F(kk - 1, a + 1) - F(kk - 2, a + 1) - F(kk, a + 1));
    return Number.isNaN(res) ? NaN : Math.max(0, res);
  });
}

/**
 * Overall infectivity (EpiEstim `overall_infectivity`): Lambda_1 = NA (null),
 * Lambda_t = sum_{s=1}^{t-1} w_s (local + imported)_{t-s}; siDistr[0] must be 0, missing tail entries count as 0.
 */
export function overallInfectivity(incid: Incidence | ProcessedIncidence, siDistr: ReadonlyArray<number>): (number | null)[] {
  const inc = 'warnings' in incid ? incid : processIncidence(incid);
  checkSiDistr(siDistr);
  return lambdaOf(inc.local.map((v, i) => v + inc.imported[i]), siDistr);
}

function checkSiDistr(si: ReadonlyArray<number>): void {
  if (si.length === 0) throw new RangeError('si_distr argument is missing');
  if (si[0] !== 0) throw new RangeError('si_distr should be so that si_distr[1] = 0.');
  if (si.some((v) => !(v >= 0))) throw new RangeError('si_distr must be a positive vector.');
}

function lambdaOf(total: number[], si: ReadonlyArray<number>): (number | null)[] {
  const T = total.length;
  const out: (number | null)[] = [null];
  for (let t = 2; t <= T; t++) {
    // sum(si_distr[1:t] * total[t:1], na.rm = TRUE): pairs w_s * I_{t-s}, s = 0..t-1
    let s = 0;
    for (let j = 0; j < t; j++) {
      const w = j < si.length ? si[j] : NaN;
      const v = w * total[t - 1 - j];
      if (!Number.isNaN(v)) s += v;
    }
    out.push(s);
  }
  return out;
}

export type EstimateROptions = {
  /** mean of the serial interval (> 1) */
  meanSi: number;
  /** standard deviation of the serial interval (> 0) */
  stdSi: number;
  /** window starts (1-based, integers in 2..T); default 2..(T-6) */
  tStart?: number[];
  /** window ends (1-based); default 8..T */
  tEnd?: number[];
  /** prior mean of R (default 5) */
  meanPrior?: number;
  /** prior standard deviation of R (default 5) */
  stdPrior?: number;
  /** desired posterior coefficient of variation, used for the "too early" warning (default 0.3) */
  cvPosterior?: number;
  /** keep windows whose estimate is NA (t_end <= mean SI) as rows of nulls like EpiEstim 2.2.4 (default true); false = 3.0.0 */
  keepNaRows?: boolean;
};

/** One estimation window (EpiEstim column in brackets); null = NA. */
export type RRow = {
  /** [t_start] */
  tStart: number;
  /** [t_end] */
  tEnd: number;
  /** [date_start] when dates were given */
  dateStart?: string | number;
  /** [date_end] when dates were given */
  dateEnd?: string | number;
  /** [Mean(R)] */
  mean: number | null;
  /** [Std(R)] */
  std: number | null;
  /** [Quantile.0.025(R)] */
  q0025: number | null;
  /** [Quantile.0.05(R)] */
  q005: number | null;
  /** [Quantile.0.25(R)] */
  q025: number | null;
  /** [Median(R)] */
  median: number | null;
  /** [Quantile.0.75(R)] */
  q075: number | null;
  /** [Quantile.0.95(R)] */
  q095: number | null;
  /** [Quantile.0.975(R)] */
  q0975: number | null;
  /** posterior Gamma shape a (null when NA) */
  shape: number | null;
  /** posterior Gamma scale b (null when NA) */
  scale: number | null;
};

export type EstimateRResult = {
  R: RRow[];
  method: 'parametric_si';
  /** discrete SI w_0..w_T (length T + 1, w_0 = 0, last 0 padded) */
  siDistr: number[];
  /** [SI.Moments] mean and sd of the discrete SI */
  siMoments: { mean: number; std: number };
  /** dates, or 1..T */
  dates: (string | number)[];
  I: number[];
  ILocal: number[];
  IImported: number[];
  /** overall infectivity Lambda_t (null at t = 1) */
  lambda: (number | null)[];
  /** true when the first window holds fewer cases than ceiling(1/cv^2 - a_prior) (R warns) */
  tooEarly: boolean;
  /** warnings R would emit */
  warnings: string[];
};

function isoDay(d: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) throw new RangeError(`incid$dates must be dates (YYYY-MM-DD) or numbers (got ${d})`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

function checkDates(dates: ReadonlyArray<string | number>): void {
  const v = dates.map((d) => (typeof d === 'number' ? d : isoDay(d)));
  for (let i = 1; i < v.length; i++) {
    if (!(v[i] > v[i - 1])) throw new RangeError('dates in incid must be in ascending order');
    if (v[i] - v[i - 1] !== 1) throw new RangeError('incid$dates must contain dates which are all in a row.');
  }
}

function checkTimes(tStart: number[], tEnd: number[], T: number): void {
  if (tStart.length !== tEnd.length) throw new RangeError('t_start and t_end must have the same length.');
  if (tStart.some((s, i) => s > tEnd[i])) throw new RangeError('t_start[i] must be <= t_end[i] for all i.');
  if (tStart.some((s) => s < 2 || s > T || s % 1 !== 0)) {
    throw new RangeError('t_start must be a vector of integers between 2 and the number of timesteps in incid.');
  }
  if (tEnd.some((e) => e < 2 || e > T || e % 1 !== 0)) {
    throw new RangeError('t_end must be a vector of integers between 2 and the number of timesteps in incid.');
  }
}

const PROBS = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975] as const;

/** EpiEstim `estimate_R(incid, method = "parametric_si", config = make_config(...))` (closed-form Gamma posterior). */
export function estimateRParametric(incid: Incidence, options: EstimateROptions): EstimateRResult {
  const inc = processIncidence(incid);
  const warnings = [...inc.warnings];
  const T = inc.local.length;
  if (inc.dates) checkDates(inc.dates);
  const meanPrior = options.meanPrior ?? 5;
  const stdPrior = options.stdPrior ?? 5;
  const cv = options.cvPosterior ?? 0.3;
  const keep = options.keepNaRows ?? true;
  let tStart: number[];
  let tEnd: number[];
  if (options.tStart === undefined || options.tEnd === undefined) {
    if (T < 8) throw new RangeError('default weekly windows need at least 8 time steps; give tStart and tEnd');
    tStart = [];
    tEnd = [];
    for (let t = 2; t <= T - 6; t++) {
      tStart.push(t);
      tEnd.push(t + 6);
    }
  } else {
    tStart = [...options.tStart];
    tEnd = [...options.tEnd];
  }
  checkTimes(tStart, tEnd, T);
  if (!(meanPrior > 0)) throw new RangeError('config$mean_prior must be >0.');
  if (!(stdPrior > 0)) throw new RangeError('config$std_prior must be >0.');
  if (options.meanSi === undefined || options.stdSi === undefined) throw new RangeError('method parametric_si requires meanSi and stdSi');
  if (!(options.meanSi > 1)) throw new RangeError('method parametric_si requires a value >1 for config$mean_si.');
  if (!(options.stdSi > 0)) throw new RangeError('method parametric_si requires a >0 value for config$std_si.');
  if (cv < 0) throw new RangeError('config$cv_posterior must be >0.');

  const aPrior = (meanPrior / stdPrior) ** 2;
  const bPrior = (stdPrior * stdPrior) / meanPrior;
  const total = inc.local.map((v, i) => v + inc.imported[i]);

  const minCases = Math.ceil(1 / (cv * cv) - aPrior);
  let first = 0;
  for (let t = tStart[0]; t <= tEnd[0]; t++) first += total[t - 1];
  const tooEarly = first < minCases;
  if (tooEarly) warnings.push(WARN_TOO_EARLY);

  const si = discrSi(Array.from({ length: T }, (_, i) => i), options.meanSi, options.stdSi);
  while (si.length < T + 1) si.push(0);
  let meanSi = 0;
  let m2 = 0;
  si.forEach((w, k) => {
    meanSi += w * k;
    m2 += w * k * k;
  });
  const stdSi = Math.sqrt(m2 - meanSi * meanSi);
  const lambda = lambdaOf(total, si);

  const rows: RRow[] = [];
  for (let i = 0; i < tStart.length; i++) {
    const ts = tStart[i];
    const te = tEnd[i];
    const row: RRow = {
      tStart: ts, tEnd: te, mean: null, std: null, q0025: null, q005: null, q025: null, median: null, q075: null, q095: null,
      q0975: null, shape: null, scale: null,
    };
    if (inc.dates) {
      row.dateStart = inc.dates[ts - 1];
      row.dateEnd = inc.dates[te - 1];
    }
    if (te > meanSi) {
      let sl = 0;
      let sLam = 0;
      for (let t = ts; t <= te; t++) {
        sl += inc.local[t - 1];
        sLam += lambda[t - 1] as number;
      }
      const a = aPrior + sl;
      const b = 1 / (1 / bPrior + sLam);
      const q = PROBS.map((p) => qgamma(p, a, b));
      Object.assign(row, {
        mean: a * b, std: Math.sqrt(a) * b, q0025: q[0], q005: q[1], q025: q[2], median: q[3], q075: q[4], q095: q[5], q0975: q[6],
        shape: a, scale: b,
      });
    }
    if (keep || row.mean !== null) rows.push(row);
  }
  return {
    R: rows,
    method: 'parametric_si',
    siDistr: si,
    siMoments: { mean: meanSi, std: stdSi },
    dates: inc.dates ? [...inc.dates] : Array.from({ length: T }, (_, i) => i + 1),
    I: total,
    ILocal: [...inc.local],
    IImported: [...inc.imported],
    lambda,
    tooEarly,
    warnings,
  };
}

/** Column names of EpiEstim's `R` data frame, in order. */
export const EPIESTIM_COLUMNS = [
  't_start', 't_end', 'Mean(R)', 'Std(R)', 'Quantile.0.025(R)', 'Quantile.0.05(R)', 'Quantile.0.25(R)', 'Median(R)',
  'Quantile.0.75(R)', 'Quantile.0.95(R)', 'Quantile.0.975(R)',
] as const;

/** Rows keyed by EpiEstim's column names (date_start/date_end included when dates were given, as in 3.0.0). */
export function epiEstimTable(result: Pick<EstimateRResult, 'R'>): Record<string, number | string | null>[] {
  return result.R.map((r) => {
    const o: Record<string, number | string | null> = { t_start: r.tStart, t_end: r.tEnd };
    if (r.dateStart !== undefined) {
      o.date_start = r.dateStart;
      o.date_end = r.dateEnd ?? null;
    }
    Object.assign(o, {
      'Mean(R)': r.mean, 'Std(R)': r.std, 'Quantile.0.025(R)': r.q0025, 'Quantile.0.05(R)': r.q005, 'Quantile.0.25(R)': r.q025,
      'Median(R)': r.median, 'Quantile.0.75(R)': r.q075, 'Quantile.0.95(R)': r.q095, 'Quantile.0.975(R)': r.q0975,
    });
    return o;
  });
}
