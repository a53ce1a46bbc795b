// Detectors and R_t on generated series (Poisson, negative binomial with season, constant runs, NA, large counts)
// against R 4.2.2 / surveillance 1.20.3 / EpiEstim 2.2.4 outputs (test/fixtures/gen_detectors_reference.R).
import { describe, expect, it } from 'vitest';
import { earsC, type EarsMethod } from '../src/ears';
import { cusum, type CusumTransform } from '../src/cusum';
import { glrPoisson } from '../src/glr';
import { estimateRParametric, type RRow } from '../src/epiestim';
import { bool, num, numReq, readCsv, relErr, type CsvRow } from './csv';

const inputs = readCsv('r_random_inputs.csv');
const series: Record<string, (number | null)[]> = {};
for (const r of inputs) (series[r.series] ??= []).push(num(r.y));

function groupBy(rows: CsvRow[], key: (r: CsvRow) => string): Map<string, CsvRow[]> {
  const m = new Map<string, CsvRow[]>();
  for (const r of rows) {
    const k = key(r);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(r);
  }
  return m;
}

/** relative error, absolute when the reference is 0 */
function err(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : relErr(got, want);
}

describe('earsC on generated series (42 configurations)', () => {
  const groups = groupBy(readCsv('r_random_earsC.csv'), (r) => [r.series, r.method, r.baseline, r.minSigma, r.alpha].join('|'));
  it('covers NA and NaN cases', () => {
    expect(groups.size).toBe(42);
  });
  for (const [key, rows] of groups) {
    it(key, () => {
      const [s, method, baseline, minSigma, alpha] = key.split('|');
      const res = earsC(series[s], {
        method: method as EarsMethod, baseline: Number(baseline), minSigma: Number(minSigma), ...(alpha === 'default' ? {} : { alpha: Number(alpha) }),
      });
      expect(res.map((p) => p.t)).toEqual(rows.map((r) => numReq(r.t)));
      res.forEach((p, i) => {
        const want = num(rows[i].upperbound);
        if (want === null) expect(p.upperbound, `t=${p.t}`).toBeNull();
        else if (Number.isNaN(want)) expect(p.upperbound, `t=${p.t}`).toBeNaN();
        else expect(err(p.upperbound as number, want), `t=${p.t}`).toBeLessThanOrEqual(1e-9);
        expect(p.alarm, `t=${p.t}`).toBe(bool(rows[i].alarm));
      });
    });
  }
});

describe('algo.cusum on generated series (35 configurations)', () => {
  const groups = groupBy(readCsv('r_random_cusum.csv'), (r) => [r.series, r.trans, r.k, r.h, r.mspec].join('|'));
  for (const [key, rows] of groups) {
    it(key, () => {
      const [s, trans, k, h, mspec] = key.split('|');
      const range = rows.map((r) => numReq(r.t));
      const res = cusum(series[s], {
        range, k: Number(k), h: Number(h), trans: trans as CusumTransform, alpha: 0.3,
        ...(mspec === 'vector' ? { m: rows.map((r) => numReq(r.m)) } : {}),
      });
      res.forEach((p, i) => {
        expect(err(p.m, numReq(rows[i].m))).toBeLessThanOrEqual(1e-14);
        expect(err(p.cusum as number, numReq(rows[i].cusum)), `t=${p.t}`).toBeLessThanOrEqual(1e-9);
        expect(err(p.upperbound, numReq(rows[i].upperbound)), `t=${p.t}`).toBeLessThanOrEqual(1e-9);
        expect(p.alarm, `t=${p.t}`).toBe(bool(rows[i].alarm));
      });
    });
  }
});

describe('algo.glrpois on generated series (16 configurations)', () => {
  const groups = groupBy(readCsv('r_random_glrpois.csv'), (r) => [r.series, r.cARL, r.ret, r.mu0spec].join('|'));
  for (const [key, rows] of groups) {
    it(key, () => {
      const [s, cARL, ret] = key.split('|');
      const res = glrPoisson(series[s], {
        range: rows.map((r) => numReq(r.t)), mu0: rows.map((r) => numReq(r.mu0)), cARL: Number(cARL), ret: ret as 'value' | 'cases',
      });
      res.forEach((p, i) => {
        expect(err(p.upperbound, numReq(rows[i].upperbound)), `t=${p.t}`).toBeLessThanOrEqual(1e-9);
        expect(p.alarm, `t=${p.t}`).toBe(bool(rows[i].alarm));
      });
    });
  }
});

describe('EpiEstim estimate_R (parametric_si) on generated incidence (16 configurations)', () => {
  const inc: Record<string, number[]> = {};
  for (const r of readCsv('r_random_epiestim_inputs.csv')) (inc[r.incid] ??= []).push(numReq(r.I));
  const cfgs: Record<string, { meanSi: number; stdSi: number; w?: number; meanPrior: number; stdPrior: number }> = {
    '1': { meanSi: 2.6, stdSi: 1.5, meanPrior: 5, stdPrior: 5 },
    '2': { meanSi: 7.5, stdSi: 3.4, meanPrior: 5, stdPrior: 5 },
    '3': { meanSi: 4.7, stdSi: 2.9, w: 14, meanPrior: 1, stdPrior: 2 },
    '4': { meanSi: 1.3, stdSi: 0.4, w: 3, meanPrior: 5, stdPrior: 5 },
  };
  const keys: [keyof RRow, string][] = [['mean', 'mean'], ['std', 'std'], ['q0025', 'q0025'], ['q005', 'q005'], ['q025', 'q025'], ['median', 'median'], ['q075', 'q075'], ['q095', 'q095'], ['q0975', 'q0975']];
  const groups = groupBy(readCsv('r_random_epiestim.csv'), (r) => `${r.incid}|${r.config}`);
  for (const [key, rows] of groups) {
    it(key, () => {
      const [s, c] = key.split('|');
      const cfg = cfgs[c];
      const I = inc[s];
      const win = cfg.w === undefined ? {} : (() => {
        const tStart = Array.from({ length: I.length - cfg.w + 1 - 1 }, (_, i) => i + 2);
        return { tStart, tEnd: tStart.map((t) => t + (cfg.w as number) - 1) };
      })();
      const res = estimateRParametric(I, { ...cfg, ...win });
      expect(res.R.length).toBe(rows.length);
      expect(err(res.siMoments.mean, numReq(rows[0].si_mean))).toBeLessThanOrEqual(1e-12);
      expect(err(res.siMoments.std, numReq(rows[0].si_std))).toBeLessThanOrEqual(1e-9);
      res.R.forEach((r, i) => {
        expect(r.tStart).toBe(numReq(rows[i].t_start));
        for (const [k, col] of keys) {
          const want = num(rows[i][col]);
          if (want === null) expect(r[k]).toBeNull();
          else expect(err(r[k] as number, want), `${col} window ${r.tStart}`).toBeLessThanOrEqual(1e-9);
        }
      });
    });
  }
});
