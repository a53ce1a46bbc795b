/**
 * Detector wiring for the warning service (pure; no I/O). Runs the configured @renxing/analytics detector on a daily
 * grid series, maps each day's p-value to the NSSP-ESSENCE colour (red p < 0.01, yellow 0.01 ≤ p < 0.05, blue
 * p ≥ 0.05, grey no p-value) and derives, for charts, the count above which the day would turn yellow / red.
 *
 * - ESSENCE (switch / EWMA / regression): levels and p-values are the library's (Rnssp-compatible). The threshold
 *   band is the inversion of the test on the day's count: regression `ŷ + qt(q, L-8)·σ` (here); EWMA
 *   `min over w of (expected + qt(q, L-1)·σ_w − (1−w)·z_{t−1,w}) / w` with the carried (clamped) EWMA values (the
 *   library's `limits`) — both checked against the library's colours in warnings.detect.test.ts.
 * - EARS C1/C2 (R surveillance::earsC): the library gives mean and max(sd, minSigma); the platform's p-value is the
 *   one-sided normal tail of the EARS score, `1 − Φ((y − mean)/σ*)`, the same normal model behind EARS's
 *   `upperbound = mean + qnorm(1 − alpha)·σ*` (so `p < alpha ⇔ alarm`). Band: `mean + qnorm(0.95 | 0.99)·σ*`.
 */
import { earsC, essenceEwma, essenceLevel, essenceRegression, essenceSwitch, pnorm, qnorm, qt } from '@renxing/analytics';
import type { AlertLevel, DetectorConfig, HardRules, Level } from './warnings.config';
import { LEVEL_RANK } from './warnings.config';

/** Which detector produced a day's statistic. */
export type UsedDetector = 'essence_regression' | 'essence_ewma' | 'ears_c1' | 'ears_c2';

export type DetectorDay = {
  date: string;
  observed: number;
  expected: number | null;
  pValue: number | null;
  /** count above which the day is yellow (p < 0.05) / red (p < 0.01); null without a baseline */
  yellowLimit: number | null;
  redLimit: number | null;
  /** NSSP colour of the statistical detector alone */
  level: Level;
  detector: UsedDetector | null;
};

/** Platform defaults (ANALYTICS.md §3.1 Rnssp defaults; §1.1 minSigma > 0 for grid-level daily counts). */
export const ESSENCE_DEFAULTS = { B: 28, g: 2, w1: 0.4, w2: 0.9, r2Threshold: 0.6 } as const;
export const EARS_DEFAULTS = { baseline: 7, minSigma: 0.5 } as const;

const num = (v: number | null | undefined): number | null => (v === null || v === undefined || Number.isNaN(v) ? null : v);

function grey(y: number[], dates: string[]): DetectorDay[] {
  return y.map((v, k) => ({ date: dates[k]!, observed: v, expected: null, pValue: null, yellowLimit: null, redLimit: null, level: 'grey', detector: null }));
}

function runEars(y: number[], dates: string[], method: 'C1' | 'C2', o: { baseline?: number; minSigma?: number }): DetectorDay[] {
  const baseline = o.baseline ?? EARS_DEFAULTS.baseline;
  const minSigma = o.minSigma ?? EARS_DEFAULTS.minSigma;
  const out = grey(y, dates);
  if (y.length < baseline + (method === 'C1' ? 1 : 3)) return out;
  const z95 = qnorm(0.95);
  const z99 = qnorm(0.99);
  for (const p of earsC(y, { method, baseline, minSigma })) {
    const d = out[p.t - 1]!;
    const score = num(p.score);
    const pValue = score === null ? null : pnorm(score, 0, 1, false);
    const ex = num(p.expected);
    const sd = num(p.sigma);
    d.expected = ex;
    d.pValue = pValue;
    d.yellowLimit = ex === null || sd === null ? null : ex + z95 * sd;
    d.redLimit = ex === null || sd === null ? null : ex + z99 * sd;
    d.level = essenceLevel(pValue);
    d.detector = method === 'C1' ? 'ears_c1' : 'ears_c2';
  }
  return out;
}

/** Regression band for 1-based row t: L = min(B, t − g − 1) baseline days, df = L − 8. */
function regressionBand(t: number, expected: number | null, sigma: number | null, B: number, g: number) {
  if (expected === null || sigma === null) return { yellow: null, red: null };
  const df = Math.min(B, t - g - 1) - 8;
  return { yellow: expected + qt(0.95, df) * sigma, red: expected + qt(0.99, df) * sigma };
}

/**
 * Runs the configured detector on a daily series (`dates` consecutive ISO days, `y` counts). `auto` and the ESSENCE
 * methods need B+g+1 days (31 with the defaults); shorter series fall back to EARS C2 (baseline 7, minSigma 0.5),
 * which needs baseline+3 days; shorter still → grey ("no baseline").
 */
export function detect(y: number[], dates: string[], cfg: DetectorConfig): DetectorDay[] {
  if (y.length !== dates.length) throw new Error('dates and counts must have the same length');
  if (y.length === 0) return [];
  if (cfg.method === 'ears_c1' || cfg.method === 'ears_c2') return runEars(y, dates, cfg.method === 'ears_c1' ? 'C1' : 'C2', cfg.options);
  const ess: { B?: number; g?: number; w1?: number; w2?: number; r2Threshold?: number } = cfg.method === 'auto' ? (cfg.options.essence ?? {}) : cfg.options;
  const B = ess.B ?? ESSENCE_DEFAULTS.B;
  const g = ess.g ?? ESSENCE_DEFAULTS.g;
  const w1 = ess.w1 ?? ESSENCE_DEFAULTS.w1;
  const w2 = ess.w2 ?? ESSENCE_DEFAULTS.w2;
  const r2Threshold = ess.r2Threshold ?? ESSENCE_DEFAULTS.r2Threshold;
  if (y.length < B + g + 1) return runEars(y, dates, 'C2', cfg.method === 'auto' ? (cfg.options.ears ?? {}) : {});

  const out = grey(y, dates);
  const useReg = cfg.method !== 'essence_ewma';
  const reg = useReg ? essenceRegression(y, dates, { B, g }) : null;
  const rows = cfg.method === 'essence_ewma'
    ? essenceEwma(y, dates, { B, g, w1, w2 }).map((p) => ({ ...p, detector: p.statistic === null ? null : ('ewma' as const) }))
    : cfg.method === 'essence_regression'
      ? reg!.map((p) => ({ ...p, detector: p.statistic === null ? null : ('regression' as const) }))
      : essenceSwitch(y, dates, { B, g, w1, w2, r2Threshold });
  rows.forEach((p, k) => {
    const d = out[k]!;
    d.level = p.level;
    d.pValue = num(p.pValue);
    d.expected = num(p.expected);
    if (p.detector === 'regression') {
      const band = regressionBand(p.t, num(p.expected), num(reg![k]!.sigma), B, g);
      d.detector = 'essence_regression';
      d.yellowLimit = band.yellow;
      d.redLimit = band.red;
    } else if (p.detector === 'ewma') {
      d.detector = 'essence_ewma';
      d.yellowLimit = p.limits?.yellow ?? null;
      d.redLimit = p.limits?.red ?? null;
    }
  });
  return out;
}

/** The level a day's count reaches under the fixed rules, and which rule (null: none applies). */
export function hardRuleLevel(count: number, rules: HardRules): { level: AlertLevel | null; rule: string | null } {
  if (rules.anyPositiveRed && count > 0) return { level: 'red', rule: 'any_positive' };
  if (rules.redAtLeast !== null && count >= rules.redAtLeast) return { level: 'red', rule: 'red_at_least' };
  if (rules.yellowAtLeast !== null && count >= rules.yellowAtLeast) return { level: 'yellow', rule: 'yellow_at_least' };
  return { level: null, rule: null };
}

export type EvaluatedDay = DetectorDay & {
  /** the day's colour after hard rules (never lower than the detector's) */
  finalLevel: Level;
  cause: 'detector' | 'hard_rule' | null;
  rule: string | null;
};

/** Overlays the hard rules on the detector's colour: the more severe wins; a tie is attributed to the rule. */
export function evaluateSeries(y: number[], dates: string[], cfg: { detector: DetectorConfig; hardRules: HardRules }): EvaluatedDay[] {
  return detect(y, dates, cfg.detector).map((d) => {
    const h = hardRuleLevel(d.observed, cfg.hardRules);
    const hardWins = h.level !== null && LEVEL_RANK[h.level] >= LEVEL_RANK[d.level];
    const finalLevel: Level = hardWins ? h.level! : d.level;
    const cause = hardWins ? 'hard_rule' : finalLevel === 'red' || finalLevel === 'yellow' ? 'detector' : null;
    return { ...d, finalLevel, cause, rule: hardWins ? h.rule : null };
  });
}
