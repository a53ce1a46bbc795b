import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { glmFit, glmPredict } from './glm';
import {
  anscombeResiduals,
  farringtonDesign,
  farringtonFlexible,
  farringtonThresholdDelta,
  farringtonThresholdNoufaily,
  farringtonWeights,
  type FarringtonOptions,
  type FarringtonPoint,
} from './farrington';
import { bool, num, readFixture, relErr } from '../test/csv-read';

const agona = readFixture('data_salmonella_agona_weekly.csv').map((r) => Number(r.observed));

describe('Farrington building blocks', () => {
  it('assign.weights (farrington_assign_weights.csv)', () => {
    const rows = readFixture('farrington_assign_weights.csv');
    const s = rows.map((r) => Number(r.s));
    const w1 = farringtonWeights(s, 1);
    const w258 = farringtonWeights(s, 2.58);
    rows.forEach((r, i) => {
      expect(relErr(w1[i], Number(r.w_thr1))).toBeLessThan(1e-12);
      expect(relErr(w258[i], Number(r['w_thr2.58']))).toBeLessThan(1e-12);
    });
  });

  it('delta thresholds (farrington_threshold_delta_grid.csv)', () => {
    let max = 0;
    for (const r of readFixture('farrington_threshold_delta_grid.csv')) {
      const t = farringtonThresholdDelta(Number(r.predFit), Number(r.predSeFit), Number(r.phi), r.powertrans as '2/3', Number(r.alpha), Number(r.y));
      for (const [a, b] of [
        [t.lower, num(r.lower)],
        [t.upper, num(r.upper)],
        [t.prob, num(r.prob)],
        [t.score, num(r.score)],
      ] as const) {
        const e = relErr(a, b, 1e-12);
        max = Math.max(max, e);
        expect(e, JSON.stringify(r)).toBeLessThan(1e-9);
      }
    }
    expect(max).toBeLessThan(1e-9);
  });

  it('nbPlugin / muan thresholds (farrington_threshold_noufaily_grid.csv)', () => {
    for (const r of readFixture('farrington_threshold_noufaily_grid.csv')) {
      const t = farringtonThresholdNoufaily(Number(r.eta0), Number(r.seEta0), Number(r.phi), r.method as 'muan', Number(r.alpha), Number(r.y));
      expect(t.lower).toBe(num(r.lower));
      expect(t.upper).toBe(num(r.upper));
      expect(relErr(t.prob, num(r.prob), 1e-12), JSON.stringify(r)).toBeLessThan(1e-9);
      expect(relErr(t.score, num(r.score), 1e-12), JSON.stringify(r)).toBeLessThan(1e-9);
    }
  });

  for (const [np, pwni] of [
    [1, 3],
    [1, 26],
    [10, 3],
    [10, 26],
  ]) {
    it(`GLM design for k=300, b=4, w=3, noPeriods=${np}, pastWeeksNotIncluded=${pwni}`, () => {
      const rows = readFixture(`farrington_dataGLM_k300_b4_w3_noPeriods${np}_pwni${pwni}.csv`);
      const d = farringtonDesign(agona, 300, { freq: 52, b: 4, w: 3, noPeriods: np, pastWeeksNotIncluded: pwni });
      expect(d.response).toEqual(rows.map((r) => Number(r.response)));
      expect(d.wtime).toEqual(rows.map((r) => Number(r.wtime)));
      expect(d.seasgroups).toEqual(rows.map((r) => Number(r.seasgroups)));
    });
  }
});

const configs: Record<string, FarringtonOptions> = {
  farrington_like_b4w3_wt1_pwni3_a0: { freq: 52, b: 4, w: 3, noPeriods: 1, weightsThreshold: 1, pastWeeksNotIncluded: 3, pThresholdTrend: 0.05, alpha: 0.1, range: [] },
  noufaily_like_np10_wt2: { freq: 52, b: 4, w: 3, noPeriods: 10, weightsThreshold: 2.58, pastWeeksNotIncluded: 26, pThresholdTrend: 1, alpha: 0.1, range: [] },
  noufaily_nbPlugin: { freq: 52, b: 4, w: 3, noPeriods: 10, weightsThreshold: 2.58, pastWeeksNotIncluded: 26, pThresholdTrend: 1, alpha: 0.1, thresholdMethod: 'nbPlugin', range: [] },
  defaults_b5w3_a0: { freq: 52 },
};
const configFor = (name: string): FarringtonOptions => {
  if (name.startsWith('farrington_like')) return configs.farrington_like_b4w3_wt1_pwni3_a0;
  if (name.endsWith('_nbPlugin')) return configs.noufaily_nbPlugin;
  if (name.startsWith('noufaily_like')) return configs.noufaily_like_np10_wt2;
  return configs.defaults_b5w3_a0;
};

describe('farringtonFlexible on salmonella.agona (farringtonFlexible_salmonella_agona.csv)', () => {
  const all = readFixture('farringtonFlexible_salmonella_agona.csv');
  const byConfig = new Map<string, typeof all>();
  for (const r of all) byConfig.set(r.config, [...(byConfig.get(r.config) ?? []), r]);
  for (const [name, rows] of byConfig) {
    it(name, () => {
      const base = configFor(name);
      const opts = { ...base, range: name.startsWith('defaults') ? undefined : rows.map((r) => Number(r.t)) };
      const res = farringtonFlexible(agona, opts);
      expect(res.map((p) => p.t)).toEqual(rows.map((r) => Number(r.t)));
      let maxErr = 0;
      res.forEach((p: FarringtonPoint, i) => {
        const r = rows[i];
        expect(p.observed).toBe(Number(r.observed));
        expect(p.alarm, `alarm t=${p.t}`).toBe(bool(r.alarm));
        expect(p.trend, `trend t=${p.t}`).toBe(num(r.trend));
        for (const [k, v] of [
          ['upperbound', p.upperbound],
          ['expected', p.expected],
          ['pvalue', p.pValue],
          ['score', p.score],
          ['trendVector', p.trendVector],
          ['phi', p.phi],
          ['mu0', p.mu0],
        ] as const) {
          const e = relErr(v, num(r[k]), 1e-300);
          maxErr = Math.max(maxErr, e);
          expect(e, `${k} t=${p.t}: ${v} vs ${r[k]}`).toBeLessThan(1e-6);
        }
      });
      console.log(`${name}: max relative error ${maxErr.toExponential(2)}`);
    });
  }
});

describe('farringtonFlexible dispersion switch, offsets, errors', () => {
  const noufaily: FarringtonOptions = { freq: 52, b: 4, w: 3, noPeriods: 10, weightsThreshold: 2.58, pastWeeksNotIncluded: 26, pThresholdTrend: 1, alpha: 0.1 };

  it('without reweighting the package-compatible and textbook modes coincide', () => {
    const o = { ...noufaily, reweight: false, range: [270, 290, 312] };
    expect(farringtonFlexible(agona, { ...o, packageCompatibleDispersion: false })).toEqual(farringtonFlexible(agona, o));
  });

  it('package mode uses sum(omega r^2)/df, textbook mode the Pearson dispersion, for se.fit (manual replication)', () => {
    const k = 300;
    const o = { ...noufaily, trend: false, range: [k] };
    const d = farringtonDesign(agona, k, { freq: 52, b: 4, w: 3, noPeriods: 10, pastWeeksNotIncluded: 26 });
    const levels = [...new Set(d.seasgroups)].sort((a, b) => a - b);
    const X = d.response.map((_, r) => [1, ...levels.slice(1).map((l) => (d.seasgroups[r] === l ? 1 : 0))]);
    const x0 = [1, ...levels.slice(1).map((l) => (l === 10 ? 1 : 0))];
    const f0 = glmFit(X, d.response);
    const phi0 = Math.max(1, f0.dispersion);
    const omega = farringtonWeights(anscombeResiduals(f0, phi0), 2.58);
    const f1 = glmFit(X, d.response, { weights: omega });
    const phi = Math.max(1, f1.dispersion);
    const phiInf = omega.reduce((s, w, i) => s + w * f1.workingResiduals[i] ** 2, 0) / f1.dfResidual;
    expect(Math.abs(phiInf - f1.dispersion)).toBeGreaterThan(1e-3); // the two dispersions really differ here
    const y = agona[k - 1];
    for (const [compat, disp] of [
      [true, phiInf],
      [false, f1.dispersion],
    ] as const) {
      const pr = glmPredict(f1, x0, { type: 'response', dispersion: disp });
      const lu = farringtonThresholdDelta(pr.fit, pr.seFit, phi, '2/3', 0.1, y);
      const [p] = farringtonFlexible(agona, { ...o, packageCompatibleDispersion: compat });
      expect(relErr(p.upperbound, lu.upper)).toBeLessThan(1e-12);
      expect(relErr(p.phi, phi)).toBeLessThan(1e-12);
    }
  });

  it('textbook dispersion changes results somewhere on salmonella.agona (the quirk matters)', () => {
    const a = farringtonFlexible(agona, { ...noufaily, range: Array.from({ length: 31 }, (_, i) => 282 + i) });
    const b = farringtonFlexible(agona, { ...noufaily, range: Array.from({ length: 31 }, (_, i) => 282 + i), packageCompatibleDispersion: false });
    const maxDiff = Math.max(...a.map((p, i) => Math.abs((p.upperbound ?? 0) - (b[i].upperbound ?? 0))));
    expect(maxDiff).toBeGreaterThan(1e-3);
  });

  it('a constant population offset leaves expected counts and thresholds unchanged', () => {
    const range = [270, 285, 300, 312];
    const a = farringtonFlexible(agona, { freq: 52, b: 4, range });
    const b = farringtonFlexible(agona, { freq: 52, b: 4, range, populationOffset: true, population: agona.map(() => 123456) });
    a.forEach((p, i) => {
      expect(relErr(b[i].upperbound, p.upperbound)).toBeLessThan(1e-9);
      expect(relErr(b[i].expected, p.expected)).toBeLessThan(1e-9);
      expect(b[i].alarm).toBe(p.alarm);
    });
  });

  it('errors as the package', () => {
    expect(() => farringtonFlexible(agona, { freq: 52, b: 6, range: [300] })).toThrow(/Some reference time points did not exist/);
    expect(() => farringtonFlexible(agona, { freq: 52, limit54: [5, 0] })).toThrow(/limit54/);
    expect(() => farringtonFlexible(agona, { freq: 52, b: 2, w: 3, noPeriods: 60, range: [300] })).toThrow(/Number of factors too big/);
    expect(() => farringtonFlexible(agona, { freq: 52, range: [400] })).toThrow(/outside/);
  });

  it('limit54: no upperbound and no alarm unless >= 5 cases in the last 4 periods', () => {
    const y = agona.slice();
    y.splice(296, 4, 0, 0, 0, 4); // t = 297..300: 4 cases in total
    const [p] = farringtonFlexible(y, { freq: 52, b: 4, range: [300] });
    expect(p.upperbound).toBeNull();
    expect(p.expected).toBeNull();
    expect(p.alarm).toBe(false);
    expect(p.score).not.toBeNull();
  });
});

describe('Farrington never alarms on a constant series (property)', () => {
  it('delta (all power transforms), nbPlugin and muan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom('2/3', '1/2', 'none') as fc.Arbitrary<'2/3' | '1/2' | 'none'>,
        fc.constantFrom('delta', 'nbPlugin', 'muan') as fc.Arbitrary<'delta' | 'nbPlugin' | 'muan'>,
        fc.constantFrom(1, 3),
        fc.boolean(),
        (c, powertrans, thresholdMethod, noPeriods, reweight) => {
          const y = new Array<number>(12 * 4 + 10).fill(c);
          const res = farringtonFlexible(y, { freq: 12, b: 3, w: 1, noPeriods, powertrans, thresholdMethod, reweight, alpha: 0.05 });
          for (const p of res) expect(p.alarm, `c=${c} t=${p.t} U=${p.upperbound}`).not.toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });
});
