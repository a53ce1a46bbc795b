// NSSP-ESSENCE daily detectors as implemented in CDC's Rnssp (alert_ewma / ewma_loop, adaptive_regression /
// alert_regression, alert_switch; Apache-2.0, re-implemented from ANALYTICS.md §3.1 and the R sources' behaviour).
// Colours: red p < 0.01, yellow 0.01 <= p < 0.05, blue p >= 0.05, grey p missing (no baseline).
// Dates are ISO 'YYYY-MM-DD' strings interpreted in UTC; rows are taken in the order given (as Rnssp).
import { olsFit } from './glm';
import { pt, qt } from './dist';

export type EssenceLevel = 'red' | 'yellow' | 'blue' | 'grey';

export type EssencePoint = {
  /** 1-based row index */
  t: number;
  date: string;
  observed: number;
  /** baseline_expected (EWMA: in rescaled units when the series was rescaled) */
  expected: number | null;
  statistic: number | null;
  pValue: number | null;
  level: EssenceLevel;
  /** regression only */
  sigma?: number | null;
  /** regression (and switch) only */
  adjustedRSquared?: number | null;
  /** switch only: which detector produced the row (null when there is no statistic) */
  detector?: 'regression' | 'ewma' | null;
  /**
   * EWMA (and switch rows from the EWMA): the smallest count on this day that would have given p < 0.05 (`yellow`) and
   * p < 0.01 (`red`), in the series' own units — the band a chart draws. Null where there is no statistic.
   */
  limits?: { yellow: number; red: number } | null;
};

/** NSSP colour of a p-value (R case_when: NA → grey). */
export function essenceLevel(p: number | null): EssenceLevel {
  if (p === null || Number.isNaN(p)) return 'grey';
  if (p < 0.01) return 'red';
  if (p < 0.05) return 'yellow';
  return 'blue';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO weekday (1 = Monday … 7 = Sunday) of an ISO date string, in UTC (R format(date, "%u")). */
export function isoWeekday(date: string): number {
  const m = ISO.exec(date);
  if (!m) throw new Error(`invalid ISO date: ${date}`);
  const dt = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (dt.getUTCFullYear() !== Number(m[1]) || dt.getUTCMonth() !== Number(m[2]) - 1 || dt.getUTCDate() !== Number(m[3])) throw new Error(`invalid ISO date: ${date}`);
  const d = dt.getUTCDay();
  return d === 0 ? 7 : d;
}

function checkInput(fn: string, y: number[], dates: string[], B: number, g: number): void {
  if (dates.length !== y.length) throw new Error(`Error in ${fn}(): dates and counts must have the same length`);
  if (B < 7) throw new Error(`Error in ${fn}(): baseline length argument B must be greater than or equal to 7`);
  if (g < 0) throw new Error(`Error in ${fn}(): guardband length argument g cannot be negative`);
  if (!Number.isInteger(B) || !Number.isInteger(g)) throw new Error(`Error in ${fn}(): B and g must be integers`);
  if (y.length < B + g + 1) throw new Error(`Error in ${fn}(): not enough historical data`);
  for (const d of dates) isoWeekday(d);
  if (new Set(dates).size !== dates.length) {
    throw new Error(`Error in ${fn}(): Number of unique dates does not equal the number of rows. Should your dataframe be grouped?`);
  }
  for (const v of y) if (!Number.isFinite(v)) throw new Error(`Error in ${fn}(): counts must be finite numbers`);
}

/** R mean(): sum/n refined by the mean deviation. */
function rMean(x: number[]): number {
  const n = x.length;
  let s = 0;
  for (const v of x) s += v;
  let m = s / n;
  let t = 0;
  for (const v of x) t += v - m;
  m += t / n;
  return m;
}

/** R sd(): two-pass with the refined mean, denominator n - 1. */
function rSd(x: number[]): number {
  const m = rMean(x);
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return Math.sqrt(s / (x.length - 1));
}

/** R round(x, 5) for the t quantiles used as control limits. */
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

function median(x: number[]): number {
  const s = x.slice().sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

export type EwmaOptions = { B?: number; g?: number; w1?: number; w2?: number };

/**
 * Rnssp alert_ewma (ewma_loop): two EWMAs (w1 gradual, w2 sudden) tested against a baseline mean/sd of the L days
 * ending g+1 days before the test day (L grows from 7 to B); outlying smoothed values are clamped at the alert limit;
 * the smaller p-value is reported (ties → w2). Series with max < 1 (percentages) are divided by the median of their
 * positive values first.
 */
export function essenceEwma(y: number[], dates: string[], o: EwmaOptions = {}): EssencePoint[] {
  const B = o.B ?? 28;
  const g = o.g ?? 2;
  const w1 = o.w1 ?? 0.4;
  const w2 = o.w2 ?? 0.9;
  checkInput('alert_ewma', y, dates, B, g);
  const N = y.length;
  const minBaseline = 7;
  const maxBaseline = B;
  const pos = y.filter((v) => v > 0);
  const scale = Math.max(...y) < 1 && pos.length >= 1 ? median(pos) : 1;
  const ys = scale !== 1 ? y.map((v) => v / scale) : y.slice();

  const expected = new Array<number>(N).fill(Number.NaN);
  const limits: Array<{ yellow: number; red: number } | null> = new Array(N).fill(null);
  const stat = new Array<number>(N).fill(Number.NaN);
  const pval = new Array<number>(N).fill(Number.NaN);
  const z1 = new Array<number>(N).fill(Number.NaN);
  const z2 = new Array<number>(N).fill(Number.NaN);
  z1[0] = ys[0];
  z2[0] = ys[0];
  for (let i0 = 1; i0 < minBaseline + g; i0++) {
    z1[i0] = w1 * ys[i0] + (1 - w1) * z1[i0 - 1];
    z2[i0] = w2 * ys[i0] + (1 - w2) * z2[i0 - 1];
  }
  // baseline indices (1-based) first..last
  let first = 1;
  let last = minBaseline - 1;
  const lnHalf = Math.log(10 * 0.05);
  for (let i = minBaseline + g + 1; i <= N; i++) {
    if (last < maxBaseline) first -= 1;
    first += 1;
    last += 1;
    const L = last - first + 1;
    const nDf = L - 1;
    const base = ys.slice(first - 1, last);
    const ex = rMean(base);
    const sigma = rSd(base);
    const corr = (w: number) => Math.sqrt(w / (2 - w) + 1 / L - 2 * Math.pow(1 - w, g + 1) * ((1 - Math.pow(1 - w, L)) / L));
    const uclAlert = round5(qt(1 - 0.01, nDf));
    const uclWarning = round5(qt(1 - 0.05, nDf));
    const minSigma = (w: number) => (w / uclWarning) * (0.01 + 0.05 * (1 - w) * (1 - w));
    const constant = (w: number) => (0.1289 - (0.2414 - 0.1826 * Math.pow(1 - w, 4)) * lnHalf) * (w / uclWarning);
    const s1 = Math.max(minSigma(w1), sigma * corr(w1) + constant(w1));
    const s2 = Math.max(minSigma(w2), sigma * corr(w2) + constant(w2));
    const k = i - 1;
    // The count that puts z = w·y + (1−w)·z_prev exactly at ex + q·s, for either EWMA (the smaller one alarms first).
    const limit = (w: number, s: number, prev: number, q: number) => (ex + q * s - (1 - w) * prev) / w;
    const q95 = qt(0.95, nDf);
    const q99 = qt(0.99, nDf);
    limits[k] = {
      yellow: Math.min(limit(w1, s1, z1[k - 1], q95), limit(w2, s2, z2[k - 1], q95)) * scale,
      red: Math.min(limit(w1, s1, z1[k - 1], q99), limit(w2, s2, z2[k - 1], q99)) * scale,
    };
    z1[k] = w1 * ys[k] + (1 - w1) * z1[k - 1];
    z2[k] = w2 * ys[k] + (1 - w2) * z2[k - 1];
    const t1 = (z1[k] - ex) / s1;
    const t2 = (z2[k] - ex) / s2;
    if (Math.abs(t1) > uclAlert) z1[k] = ex + Math.sign(t1) * uclAlert * s1;
    if (Math.abs(t2) > uclAlert) z2[k] = ex + Math.sign(t2) * uclAlert * s2;
    const p1 = 1 - pt(t1, nDf);
    const p2 = 1 - pt(t2, nDf);
    expected[k] = ex;
    if (p1 < p2) {
      pval[k] = p1;
      stat[k] = t1;
    } else {
      pval[k] = p2;
      stat[k] = t2;
    }
  }
  return y.map((v, k) => ({
    t: k + 1,
    date: dates[k],
    observed: v,
    expected: orNull(expected[k]),
    statistic: orNull(stat[k]),
    pValue: orNull(pval[k]),
    level: essenceLevel(orNull(pval[k])),
    limits: Number.isNaN(stat[k]) ? null : limits[k],
  }));
}

export type RegressionOptions = {
  B?: number;
  g?: number;
  /**
   * alert_regression's post-hoc rule (default true): a non-blue alert is suppressed when y is below its trailing
   * 7-day mean (weekdays) or below both that and the same-weekday 7-week mean (Sat/Sun).
   */
  suppress?: boolean;
  /** colour of a suppressed alert: 'grey' (default; Rnssp grouped-data branch) or 'blue' (Rnssp ungrouped branch at ae5ba22) */
  suppressedLevel?: 'grey' | 'blue';
};

/**
 * Rnssp adaptive_regression (the core, without suppression): OLS y ~ 1 + time + Mon..Sat on the L days (11..B)
 * ending g+1 days before the test day; forecast at time L+g+1 floored at 0; sigma = max(sqrt(RSS/(L-8)) ·
 * sqrt((L+7)(L-4)/(L(L-7))), 0.01/round(qt(0.95, L-8), 5)); p = 1 - pt((y - ŷ)/sigma, L-8).
 */
export function essenceRegressionCore(y: number[], dates: string[], o: { B?: number; g?: number } = {}): EssencePoint[] {
  const B = o.B ?? 28;
  const g = o.g ?? 2;
  checkInput('alert_regression', y, dates, B, g);
  if (B % 7 !== 0) throw new Error('Error in alert_regression(): baseline length argument B must be a multiple of 7');
  const N = y.length;
  const minBaseline = 11;
  const maxBaseline = B;
  const dow = dates.map(isoWeekday);
  const out: EssencePoint[] = y.map((v, k) => ({
    t: k + 1,
    date: dates[k],
    observed: v,
    expected: null,
    statistic: null,
    pValue: null,
    level: 'grey' as EssenceLevel,
    sigma: null,
    adjustedRSquared: null,
  }));
  let first = 1;
  let last = minBaseline - 1;
  for (let i = minBaseline + g + 1; i <= N; i++) {
    if (last < maxBaseline) first -= 1;
    first += 1;
    last += 1;
    const L = last - first + 1;
    const ndxTest = last < maxBaseline ? last + g + 1 : B + g + 1;
    const nDf = L - 8;
    const X: number[][] = [];
    const yb: number[] = [];
    for (let r = first; r <= last; r++) {
      const d = dow[r - 1];
      X.push([1, r - first + 1, d === 1 ? 1 : 0, d === 2 ? 1 : 0, d === 3 ? 1 : 0, d === 4 ? 1 : 0, d === 5 ? 1 : 0, d === 6 ? 1 : 0]);
      yb.push(y[r - 1]);
    }
    const fit = olsFit(X, yb);
    const beta = fit.coefficients;
    const mse = (1 / nDf) * fit.residuals.reduce((s, r) => s + r * r, 0);
    const fv = fit.fitted;
    const mf = rMean(fv);
    let mss = 0;
    for (const f of fv) mss += (f - mf) * (f - mf);
    const rss = fit.residuals.reduce((s, r) => s + r * r, 0);
    const r2 = mss / (rss + mss);
    let r2adj = 1 - (1 - r2) * ((L - 1) / fit.dfResidual);
    if (Number.isNaN(r2adj)) r2adj = 0;
    const minSigma = 0.01 / round5(qt(1 - 0.05, nDf));
    const sigma = Math.max(Math.sqrt(mse) * Math.sqrt(((L + 7) * (L - 4)) / (L * (L - 7))), minSigma);
    const dt = dow[i - 1];
    const lin = beta[0] + ndxTest * beta[1];
    const raw = dt < 7 ? lin + beta[dt + 1] : lin;
    const ex = Number.isNaN(raw) ? Number.NaN : Math.max(0, raw);
    const T = (y[i - 1] - ex) / sigma;
    const p = 1 - pt(T, nDf);
    const pt1 = out[i - 1];
    pt1.expected = orNull(ex);
    pt1.statistic = orNull(T);
    pt1.pValue = orNull(p);
    pt1.level = essenceLevel(orNull(p));
    pt1.sigma = orNull(sigma);
    pt1.adjustedRSquared = r2adj;
  }
  return out;
}

/** zoo::rollmean(x, 7, align = "right", fill = NA) via the running-sum update zoo uses. */
function rollmean7(x: number[]): number[] {
  const k = 7;
  const n = x.length;
  const out = new Array<number>(n).fill(Number.NaN);
  if (n < k) return out;
  let s = 0;
  for (let j = 0; j < k; j++) s += x[j];
  out[k - 1] = s / k;
  for (let j = k; j < n; j++) {
    s += x[j] - x[j - k];
    out[j] = s / k;
  }
  return out;
}

/** Rnssp alert_regression: the regression core plus the moving-average alert suppression (see RegressionOptions). */
export function essenceRegression(y: number[], dates: string[], o: RegressionOptions = {}): EssencePoint[] {
  const core = essenceRegressionCore(y, dates, o);
  if (o.suppress === false) return core;
  const colour = o.suppressedLevel ?? 'grey';
  const dow = dates.map(isoWeekday);
  const ma7 = rollmean7(y);
  // remove_alert: TRUE / FALSE / null (NA)
  const remove = core.map((p, k) => (Number.isNaN(ma7[k]) ? null : p.level !== 'blue' && y[k] < ma7[k]));
  const removeWday = new Array<boolean>(y.length).fill(false);
  for (const wd of [6, 7]) {
    const idx = Array.from({ length: y.length }, (_, k) => k)
      .filter((k) => dow[k] === wd)
      .sort((a, b) => (dates[a] < dates[b] ? -1 : dates[a] > dates[b] ? 1 : 0));
    const wma = rollmean7(idx.map((k) => y[k]));
    idx.forEach((k, j) => {
      const lt = Number.isNaN(wma[j]) ? null : y[k] < wma[j];
      removeWday[k] = core[k].level !== 'blue' && remove[k] === true && lt === true;
    });
  }
  return core.map((p, k) => {
    const weekend = dow[k] === 6 || dow[k] === 7;
    const rm = remove[k];
    if (rm === true && !weekend) return { ...p, level: colour };
    if (rm === true && removeWday[k]) return { ...p, level: colour };
    return p;
  });
}

export type SwitchOptions = EwmaOptions & { suppressedLevel?: 'grey' | 'blue'; /** adjusted R² threshold, default 0.60 */ r2Threshold?: number };

/**
 * Rnssp alert_switch: per day, the regression result (with alert_regression's suppression) when its adjusted R² is
 * >= 0.60, otherwise the EWMA result (also when R² is missing, i.e. before the regression baseline exists).
 */
export function essenceSwitch(y: number[], dates: string[], o: SwitchOptions = {}): EssencePoint[] {
  const reg = essenceRegression(y, dates, { B: o.B, g: o.g, suppressedLevel: o.suppressedLevel });
  const ewma = essenceEwma(y, dates, o);
  const thr = o.r2Threshold ?? 0.6;
  return reg.map((r, k) => {
    const useReg = r.adjustedRSquared !== null && r.adjustedRSquared !== undefined && r.adjustedRSquared >= thr;
    const src = useReg ? r : ewma[k];
    return {
      t: src.t,
      date: src.date,
      observed: src.observed,
      expected: src.expected,
      statistic: src.statistic,
      pValue: src.pValue,
      level: src.level,
      adjustedRSquared: r.adjustedRSquared ?? null,
      detector: src.statistic === null ? null : useReg ? 'regression' : 'ewma',
      ...(useReg ? {} : { limits: ewma[k].limits ?? null }),
    };
  });
}
