import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { glrPoisson } from '../src/glr';
import { bool, column, numReq, readCsv, relErr } from './csv';

const agona = column(readCsv('data_salmonella_agona_weekly.csv'), 'observed') as number[];
const range = Array.from({ length: 113 }, (_, i) => 200 + i);

/** Brute force GLR(n) for a run starting at index s (0-based, inclusive). */
function bruteGlr(x: number[], mu: number[], s: number, n: number): number {
  let best = -1e99;
  for (let k = s; k <= n; k++) {
    let sx = 0;
    let sm = 0;
    for (let t = k; t <= n; t++) {
      sx += x[t];
      sm += mu[t];
    }
    const kappa = Math.max(0, Math.log(sx / sm));
    best = Math.max(best, kappa * sx + (1 - Math.exp(kappa)) * sm);
  }
  return best;
}

describe('glrPoisson vs R surveillance 1.20.3 (salmonella.agona, mu0 = mean(y[1:199]), c.ARL = 5)', () => {
  const rows = readCsv('glrpois_fixedmu0_cARL5_salmonella_agona.csv');
  it('ret = value: statistic and alarms', () => {
    const mu0 = numReq(rows[0].mu0);
    const res = glrPoisson(agona, { range, mu0 });
    let worst = 0;
    res.forEach((p, i) => {
      expect(p.t).toBe(numReq(rows[i].t));
      expect(p.observed).toBe(numReq(rows[i].observed));
      const want = numReq(rows[i].glr_value);
      worst = Math.max(worst, want === 0 ? Math.abs(p.upperbound) : relErr(p.upperbound, want));
      expect(p.alarm, `t=${p.t}`).toBe(bool(rows[i].alarm));
    });
    expect(worst).toBeLessThanOrEqual(1e-9);
    expect(res.filter((p) => p.alarm).map((p) => p.t)).toEqual([248, 264, 294]);
  });
  it('ret = cases: cases needed and identical alarms', () => {
    const mu0 = numReq(rows[0].mu0);
    const res = glrPoisson(agona, { range, mu0, ret: 'cases' });
    res.forEach((p, i) => {
      expect(p.upperbound, `t=${p.t}`).toBe(numReq(rows[i].cases_needed));
      expect(p.casesNeeded).toBe(numReq(rows[i].cases_needed));
      expect(p.alarm).toBe(bool(rows[i].alarm_cases));
    });
  });
});

describe('glrPoisson semantics', () => {
  it('restarts after an alarm; statistic equals the brute-force maximum over change points of the current run', () => {
    const y = [2, 3, 1, 2, 9, 11, 2, 1, 3, 2, 2, 8, 10, 12, 1, 2];
    const mu = 2.5;
    const rg = y.map((_, i) => i + 1);
    const res = glrPoisson(y, { range: rg, mu0: mu, cARL: 4 });
    const muv = y.map(() => mu);
    let s = 0;
    res.forEach((p, i) => {
      expect(p.glr).toBeCloseTo(bruteGlr(y, muv, s, i), 12);
      if (p.alarm) s = i + 1;
    });
    expect(res.some((p) => p.alarm)).toBe(true);
  });
  it('cases needed is the smallest count that gives an alarm', () => {
    const y = [2, 3, 1, 2, 4, 5, 2, 1, 3, 2];
    const rg = y.map((_, i) => i + 1);
    const res = glrPoisson(y, { range: rg, mu0: 2.2, cARL: 3, ret: 'cases' });
    let s = 0;
    res.forEach((p, i) => {
      const c = p.casesNeeded as number;
      const x = [...y];
      x[i] = c;
      expect(bruteGlr(x, y.map(() => 2.2), s, i)).toBeGreaterThanOrEqual(3);
      if (c > 0) {
        x[i] = c - 1;
        expect(bruteGlr(x, y.map(() => 2.2), s, i)).toBeLessThan(3);
      }
      if (p.alarm) s = i + 1;
    });
  });
  it('theta given: recursive LR CUSUM with fixed kappa', () => {
    const y = [2, 3, 1, 2, 9, 11, 2, 1, 3, 2];
    const rg = y.map((_, i) => i + 1);
    const kappa = Math.log(2);
    const res = glrPoisson(y, { range: rg, mu0: 2.5, theta: kappa, cARL: 4, ret: 'cases' });
    let prev = 0;
    for (const p of res) {
      const v = Math.max(0, prev + kappa * p.observed + (1 - Math.exp(kappa)) * 2.5);
      expect(p.glr).toBeCloseTo(v, 12);
      expect(p.alarm).toBe(v > 4);
      expect(p.upperbound).toBeCloseTo(Math.max(0, (4 - prev + 2.5 * (Math.exp(kappa) - 1)) / kappa), 12);
      prev = p.alarm ? 0 : v;
    }
  });
  it('window-limited chart (M > 0) only looks back M points', () => {
    const y = [2, 2, 2, 2, 2, 2, 6, 6, 6, 6];
    const rg = y.map((_, i) => i + 1);
    const full = glrPoisson(y, { range: rg, mu0: 2, cARL: 100 });
    const win = glrPoisson(y, { range: rg, mu0: 2, cARL: 100, M: 2 });
    expect(win[0].glr).toBe(0); // n < Mtilde has no statistic
    for (let i = 1; i < y.length; i++) expect(win[i].glr).toBeLessThanOrEqual(full[i].glr + 1e-12);
  });
  it('errors', () => {
    expect(() => glrPoisson(agona, { range, mu0: [1, 2] })).toThrow(RangeError);
    expect(() => glrPoisson(agona, { range, mu0: 0 })).toThrow(RangeError);
    expect(() => glrPoisson(agona, { range: [], mu0: 1 })).toThrow(RangeError);
    expect(() => glrPoisson([1, null, 2], { range: [1, 2, 3], mu0: 1 })).toThrow(RangeError);
    expect(() => glrPoisson(agona, { range, mu0: 1, ret: 'x' as 'value' })).toThrow(RangeError);
    expect(() => glrPoisson(agona, { range, mu0: 1, theta: 0 })).toThrow(RangeError);
  });
  it('property: a series at or below its in-control mean never alarms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 3, max: 60 }), (c, n) => {
        const y = new Array(n).fill(c);
        const rg = y.map((_, i) => i + 1);
        return glrPoisson(y, { range: rg, mu0: c + 0.5 }).every((p) => !p.alarm && p.glr === 0);
      }),
    );
  });
});
