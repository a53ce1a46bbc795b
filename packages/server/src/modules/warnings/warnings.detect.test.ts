import { earsC, essenceEwma, essenceRegression, essenceSwitch, pnorm } from '@renxing/analytics';
import { describe, expect, it } from 'vitest';
import { detect, evaluateSeries, hardRuleLevel } from './warnings.detect';
import { DetectorConfigSchema } from './warnings.config';

/** Deterministic test series: mulberry32 + Poisson by inversion. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poisson(r: () => number, lambda: number) {
  let k = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = r();
  while (u > s && k < 1000) {
    k++;
    p *= lambda / k;
    s += p;
  }
  return k;
}
function days(n: number, start = '2025-01-01') {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(t0 + i * 86_400_000).toISOString().slice(0, 10));
}
const cfg = (c: unknown) => DetectorConfigSchema.parse(c);

describe('detector wiring', () => {
  it('auto on ≥ 31 days is the library ESSENCE switch: same colours and p-values, day by day', () => {
    const r = rng(7);
    const y = Array.from({ length: 90 }, (_, i) => poisson(r, 4 + (i % 7 === 5 ? 2 : 0)));
    y[85] = 19;
    y[86] = 23;
    const d = days(90);
    const lib = essenceSwitch(y, d);
    const got = detect(y, d, cfg({ method: 'auto', options: {} }));
    expect(got.map((x) => x.level)).toEqual(lib.map((x) => x.level));
    expect(got.map((x) => x.pValue)).toEqual(lib.map((x) => x.pValue));
    expect(got[86]!.level).toBe('red');
    expect(got.filter((x) => x.detector !== null).every((x) => x.detector === (lib[d.indexOf(x.date)]!.detector === 'regression' ? 'essence_regression' : 'essence_ewma'))).toBe(true);
  });

  it('auto on a short series falls back to EARS C2 with minSigma 0.5; p = 1 − Φ(score), red ⇔ p < 0.01', () => {
    const y = [2, 3, 1, 2, 2, 3, 2, 1, 2, 3, 2, 2, 9, 2, 3, 4, 2, 2, 12, 3];
    const d = days(y.length);
    const got = detect(y, d, cfg({ method: 'auto', options: {} }));
    const lib = earsC(y, { method: 'C2', baseline: 7, minSigma: 0.5 });
    expect(got.slice(0, 9).every((x) => x.level === 'grey' && x.detector === null)).toBe(true);
    for (const p of lib) {
      const g = got[p.t - 1]!;
      expect(g.detector).toBe('ears_c2');
      expect(g.expected).toBe(p.expected);
      expect(g.pValue).toBeCloseTo(1 - pnorm(p.score!), 12);
      // the package alarm (alpha 0.001) implies red; red is exactly p < 0.01
      if (p.alarm) expect(g.level).toBe('red');
      expect(g.level === 'red').toBe(g.pValue! < 0.01);
    }
    expect(got[12]!.level).toBe('red');
    expect(got[18]!.level).toBe('red');
  });

  it('series shorter than the EARS baseline + 3 stay grey', () => {
    const got = detect([1, 2, 3, 9, 1], days(5), cfg({ method: 'auto', options: {} }));
    expect(got.every((x) => x.level === 'grey' && x.pValue === null)).toBe(true);
  });

  it('explicit EWMA and regression use the library functions', () => {
    const r = rng(11);
    const y = Array.from({ length: 70 }, () => poisson(r, 6));
    const d = days(70);
    expect(detect(y, d, cfg({ method: 'essence_ewma', options: { B: 21 } })).map((x) => x.pValue)).toEqual(essenceEwma(y, d, { B: 21 }).map((x) => x.pValue));
    expect(detect(y, d, cfg({ method: 'essence_regression', options: { B: 21 } })).map((x) => x.level)).toEqual(essenceRegression(y, d, { B: 21 }).map((x) => x.level));
  });

  it('threshold band agrees with the library colours: red ⇔ y > redLimit, yellow-or-red ⇔ y > yellowLimit', () => {
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const lambda = [0.3, 1, 3, 8, 20][seed % 5]!;
      const y = Array.from({ length: 100 }, (_, i) => poisson(r, lambda * (i > 80 && seed % 3 === 0 ? 3 : 1)));
      const d = days(100, '2025-03-03');
      for (const method of ['essence_switch', 'essence_ewma', 'essence_regression', 'ears_c2'] as const) {
        const rows = detect(y, d, cfg({ method, options: {} }));
        const lib = method === 'essence_switch' ? essenceSwitch(y, d) : method === 'essence_regression' ? essenceRegression(y, d) : null;
        for (const [k, x] of rows.entries()) {
          if (x.pValue === null || x.redLimit === null || x.yellowLimit === null) continue;
          // regression's alert suppression greys some rows whatever the count; the band is the core test's
          if (lib && lib[k]!.level === 'grey') continue;
          if (Math.abs(x.observed - x.redLimit) > 1e-7) expect(x.level === 'red', `${method} seed ${seed} day ${k}`).toBe(x.observed > x.redLimit);
          if (Math.abs(x.observed - x.yellowLimit) > 1e-7) expect(x.level === 'red' || x.level === 'yellow', `${method} seed ${seed} day ${k}`).toBe(x.observed > x.yellowLimit);
          expect(x.yellowLimit).toBeLessThanOrEqual(x.redLimit + 1e-12);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('EWMA bands come from the library and exist exactly on the days it has a statistic', () => {
    const r = rng(3);
    const y = Array.from({ length: 60 }, () => poisson(r, 5));
    const d = days(60);
    const lib = essenceEwma(y, d);
    const rows = detect(y, d, cfg({ method: 'essence_ewma', options: {} }));
    expect(rows.map((x) => x.redLimit === null)).toEqual(lib.map((p) => p.statistic === null));
    expect(rows.map((x) => x.redLimit)).toEqual(lib.map((p) => p.limits?.red ?? null));
  });
});

describe('hard rules', () => {
  it('any positive → red; fixed thresholds; the more severe of rule and detector wins', () => {
    expect(hardRuleLevel(1, { anyPositiveRed: true, redAtLeast: null, yellowAtLeast: null })).toEqual({ level: 'red', rule: 'any_positive' });
    expect(hardRuleLevel(0, { anyPositiveRed: true, redAtLeast: null, yellowAtLeast: null }).level).toBeNull();
    expect(hardRuleLevel(2, { anyPositiveRed: false, redAtLeast: 3, yellowAtLeast: 1 })).toEqual({ level: 'yellow', rule: 'yellow_at_least' });
    expect(hardRuleLevel(3, { anyPositiveRed: false, redAtLeast: 3, yellowAtLeast: 1 })).toEqual({ level: 'red', rule: 'red_at_least' });
    // a single positive pool after 40 quiet days: the rule makes it red whatever the detector says
    const y = [...new Array(40).fill(0), 1];
    const out = evaluateSeries(y, days(41), { detector: cfg({ method: 'auto', options: {} }), hardRules: { anyPositiveRed: true, redAtLeast: null, yellowAtLeast: null } });
    expect(out[40]!.finalLevel).toBe('red');
    expect(out[40]!.cause).toBe('hard_rule');
    expect(out[39]!.finalLevel).toBe('blue');
  });
});

describe('config validation', () => {
  it('names the offending field', () => {
    const a = DetectorConfigSchema.safeParse({ method: 'essence_switch', options: { B: 30 } });
    expect(a.success).toBe(false);
    expect(a.error!.issues[0]!.path).toEqual(['options', 'B']);
    const b = DetectorConfigSchema.safeParse({ method: 'ears_c2', options: { minSigma: -1 } });
    expect(b.error!.issues[0]!.path).toEqual(['options', 'minSigma']);
  });
});
