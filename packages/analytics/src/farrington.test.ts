import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
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
