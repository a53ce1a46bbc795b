import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cusum, type CusumTransform } from '../src/cusum';
import { bool, column, numReq, readCsv, relErr } from './csv';

const agona = column(readCsv('data_salmonella_agona_weekly.csv'), 'observed') as number[];
const range = Array.from({ length: 113 }, (_, i) => 200 + i);

function compare(file: string, opts: { k: number; h: number; trans: CusumTransform }): { ub: number; s: number } {
  const rows = readCsv(file);
  const res = cusum(agona, { range, ...opts });
  expect(res.length).toBe(rows.length);
  let ub = 0;
  let s = 0;
  res.forEach((p, i) => {
    const r = rows[i];
    expect(p.t).toBe(numReq(r.t));
    expect(p.observed).toBe(numReq(r.observed));
    expect(relErr(p.m, numReq(r.m))).toBeLessThan(1e-14);
    const wantS = numReq(r.cusum);
    s = Math.max(s, wantS === 0 ? Math.abs(p.cusum as number) : relErr(p.cusum as number, wantS));
    const wantU = numReq(r.upperbound);
    ub = Math.max(ub, wantU === 0 ? Math.abs(p.upperbound) : relErr(p.upperbound, wantU));
    expect(p.alarm, `t=${p.t}`).toBe(bool(r.alarm));
  });
  return { ub, s };
}

describe('cusum vs R surveillance 1.20.3 (salmonella.agona, range 200:312)', () => {
  it('trans = standard, k = 1.04, h = 2.26, m = mean(y[1:199])', () => {
    const e = compare('cusum_standard_salmonella_agona.csv', { k: 1.04, h: 2.26, trans: 'standard' });
    expect(e.s).toBeLessThanOrEqual(1e-9);
    expect(e.ub).toBe(0); // integer (ceiling) bounds are identical
    const r = cusum(agona, { range });
    expect(relErr(r[0].m, 2.93467336683417)).toBeLessThan(1e-14);
    const first = r.find((p) => p.alarm)!;
    expect(first.t).toBe(249);
    expect(first.cusum).toBeCloseTo(2.658, 3);
  });
  it('trans = anscombe, k = 0.5, h = 4', () => {
    const e = compare('cusum_anscombe_k05_h4_salmonella_agona.csv', { k: 0.5, h: 4, trans: 'anscombe' });
    expect(e.s).toBeLessThanOrEqual(1e-9);
    expect(e.ub).toBeLessThanOrEqual(1e-9);
  });
});

describe('cusum semantics', () => {
  it('defaults and m handling', () => {
    const a = cusum(agona, { range });
    const b = cusum(agona, { range, k: 1.04, h: 2.26, trans: 'standard', m: a[0].m });
    expect(b).toEqual(a);
    const v = cusum(agona, { range, m: range.map(() => a[0].m) });
    expect(v).toEqual(a);
  });
  it('reset: after an alarm the next step starts from 0', () => {
    const r = cusum(agona, { range, reset: true });
    const plain = cusum(agona, { range });
    for (let i = 1; i < r.length; i++) {
      const prev = r[i - 1].alarm ? 0 : (r[i - 1].cusum as number);
      const z = ((r[i].observed as number) - r[i].m) / Math.sqrt(r[i].m);
      expect(r[i].cusum).toBeCloseTo(Math.max(0, prev + z - 1.04), 12);
      expect(r[i].upperbound).toBe(Math.max(0, Math.ceil(Math.sqrt(r[i].m) * (2.26 + 1.04 - prev) + r[i].m)));
    }
    // identical until the first alarm, and fewer consecutive alarms afterwards
    const firstAlarm = plain.findIndex((p) => p.alarm);
    expect(r.slice(0, firstAlarm + 1)).toEqual(plain.slice(0, firstAlarm + 1));
    expect(r.filter((p) => p.alarm).length).toBeLessThan(plain.filter((p) => p.alarm).length);
    // without reset the bound can fall to 0 after an outbreak (the known package behaviour); with reset it cannot
    expect(plain.some((p) => p.upperbound === 0)).toBe(true);
    expect(r.every((p) => p.upperbound > 0)).toBe(true);
  });
  it('other transformations follow the package formulas', () => {
    const m = 3;
    const y = [1, 2, 3, 9, 12, 4, 0, 2];
    const rg = [3, 4, 5, 6, 7, 8];
    const k = 0.5;
    const h = 3;
    const check = (trans: CusumTransform, z: (x: number) => number, ub: (c: number, s: number) => number) => {
      const res = cusum(y, { range: rg, m, k, h, trans, alpha: 0.2 });
      let c = 0;
      res.forEach((p) => {
        const s = Math.max(0, c + z(p.observed as number) - k);
        expect(p.cusum).toBeCloseTo(s, 12);
        expect(p.alarm).toBe(s >= h);
        const u = ub(c, s);
        expect(p.upperbound).toBeCloseTo(Number.isNaN(u) || u < 0 ? 0 : u, 10);
        c = s;
      });
    };
    check('rossi', (x) => (x - 3 * m + 2 * Math.sqrt(x * m)) / (2 * Math.sqrt(m)),
      (c) => 2 * (h + k - c) * Math.sqrt(m) + 5 * m - 2 * Math.sqrt(4 * m * m + 2 * m ** 1.5 * (h + k - c)));
    check('anscombe2nd', (x) => (x ** (2 / 3) - (m ** (2 / 3) - m ** (-1 / 3) / 9)) / ((2 / 3) * m ** (1 / 6)),
      (c) => {
        const b = (2 / 3) * m ** (1 / 6) * (h + k - c) + (m ** (2 / 3) - m ** (1 / 3) / 9);
        return b < 0 ? 0 : b ** 1.5;
      });
    check('pearsonNegBin', (x) => (x - m) / Math.sqrt(m + 0.2 * m * m), (c) => Math.sqrt(m + 0.2 * m * m) * (h + k - c) + m);
    check('none', (x) => x, (_c, s) => h - s);
  });
  it('missing values make the statistic NA from there on (as R max(0, NA))', () => {
    const y: (number | null)[] = [2, 3, 2, 4, null, 3, 2];
    const r = cusum(y, { range: [3, 4, 5, 6, 7], m: 2.5 });
    expect(r[0].alarm).not.toBeNull();
    expect(r[2].cusum).toBeNull();
    expect(r[2].alarm).toBeNull();
    expect(r[4].alarm).toBeNull();
    expect(r[4].upperbound).toBe(0);
  });
  it('errors', () => {
    expect(() => cusum(agona, { range: [] })).toThrow(RangeError);
    expect(() => cusum(agona, { range: [1, 2] })).toThrow(RangeError);
    expect(() => cusum(agona, { range: [400] })).toThrow(RangeError);
    expect(() => cusum(agona, { range, m: [1, 2] })).toThrow(RangeError);
    expect(() => cusum(agona, { range, m: 0 })).toThrow(RangeError);
    expect(() => cusum(agona, { range, trans: 'foo' as CusumTransform })).toThrow("invalid 'trans'formation");
    expect(() => cusum(agona, { range: [5, 6], m: undefined, k: NaN })).toThrow(RangeError);
  });
  it('property: never alarms on a constant series at its own mean (k > 0)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 5, max: 80 }), fc.constantFrom<CusumTransform>('standard', 'rossi', 'anscombe'), fc.boolean(),
        (c, n, trans, reset) => {
          const y = new Array(n).fill(c);
          const rg = Array.from({ length: n - 3 }, (_, i) => i + 4);
          return cusum(y, { range: rg, trans, reset }).every((p) => p.alarm === false);
        }),
    );
  });
});
