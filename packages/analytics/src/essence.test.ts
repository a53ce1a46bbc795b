import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { essenceEwma, essenceLevel, essenceRegression, essenceRegressionCore, essenceSwitch, isoWeekday } from './essence';
import { num, readFixture, relErr } from '../test/csv-read';

const input = readFixture('data_essence_synthetic_daily120.csv');
const y = input.map((r) => Number(r.count));
const dates = input.map((r) => r.date);

function compare(got: (number | null | undefined)[], want: (number | null)[], tol: number, what: string): number {
  let max = 0;
  want.forEach((w, i) => {
    const e = relErr(got[i] ?? null, w, 1e-300);
    max = Math.max(max, e);
    expect(e, `${what} row ${i + 1}: ${got[i]} vs ${w}`).toBeLessThan(tol);
  });
  return max;
}

describe('ESSENCE EWMA (rnssp_alert_ewma_B28_g2_w0.4_0.9.csv)', () => {
  it('reproduces expected, statistic, p-value and colour for every day', () => {
    const ref = readFixture('rnssp_alert_ewma_B28_g2_w0.4_0.9.csv');
    const r = essenceEwma(y, dates);
    expect(r.map((p) => p.date)).toEqual(ref.map((x) => x.date));
    expect(r.map((p) => p.level)).toEqual(ref.map((x) => x.alert));
    const e1 = compare(r.map((p) => p.expected), ref.map((x) => num(x.baseline_expected)), 1e-12, 'expected');
    const e2 = compare(r.map((p) => p.statistic), ref.map((x) => num(x.test_statistic)), 1e-10, 'statistic');
    // p = 1 - pt(T): absolute error is what 1 - pt can carry
    ref.forEach((x, i) => {
      const w = num(x['p.value']);
      if (w === null) expect(r[i].pValue).toBeNull();
      else expect(Math.abs(r[i].pValue! - w), `p row ${i + 1}`).toBeLessThan(1e-12 + 1e-9 * w);
    });
    console.log(`EWMA max rel err: expected ${e1.toExponential(2)}, statistic ${e2.toExponential(2)}`);
    // the injected outbreak (days 95-99) gives red on 2022-06-05..07
    expect(r.filter((p) => p.level === 'red').map((p) => p.date)).toEqual(expect.arrayContaining(['2022-06-05', '2022-06-06', '2022-06-07']));
  });
});

describe('ESSENCE adaptive regression (rnssp_adaptive_regression_core_B28_g2.csv)', () => {
  it('reproduces the core outputs for every day', () => {
    const ref = readFixture('rnssp_adaptive_regression_core_B28_g2.csv');
    const r = essenceRegressionCore(y, dates);
    expect(r.map((p) => p.level)).toEqual(ref.map((x) => x.alert));
    const e1 = compare(r.map((p) => p.expected), ref.map((x) => num(x.baseline_expected)), 1e-10, 'expected');
    const e2 = compare(r.map((p) => p.statistic), ref.map((x) => num(x.test_statistic)), 1e-9, 'statistic');
    const e3 = compare(r.map((p) => p.sigma), ref.map((x) => num(x.sigma)), 1e-10, 'sigma');
    const e4 = compare(r.map((p) => p.adjustedRSquared), ref.map((x) => num(x.adjusted_r_squared)), 1e-9, 'adjR2');
    ref.forEach((x, i) => {
      const w = num(x['p.value']);
      if (w === null) expect(r[i].pValue).toBeNull();
      else expect(Math.abs(r[i].pValue! - w), `p row ${i + 1}`).toBeLessThan(1e-12 + 1e-9 * w);
    });
    console.log(`regression max rel err: expected ${e1.toExponential(2)}, statistic ${e2.toExponential(2)}, sigma ${e3.toExponential(2)}, adjR2 ${e4.toExponential(2)}`);
  });

  it('suppression only ever downgrades non-blue alerts on days below the trailing 7-day mean', () => {
    const core = essenceRegressionCore(y, dates);
    for (const colour of ['grey', 'blue'] as const) {
      const sup = essenceRegression(y, dates, { suppressedLevel: colour });
      sup.forEach((p, k) => {
        if (p.level !== core[k].level) {
          expect(p.level).toBe(colour);
          expect(core[k].level).not.toBe('blue');
          const ma7 = y.slice(k - 6, k + 1).reduce((a, b) => a + b, 0) / 7;
          expect(y[k]).toBeLessThan(ma7);
        }
      });
    }
  });

  it('suppresses a weekday alert below its 7-day mean; on weekends only if also below the 7-week same-weekday mean', () => {
    const n = 160;
    const ds = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2023, 0, 2 + i)).toISOString().slice(0, 10)); // 2023-01-02 is a Monday
    const ys = Array.from({ length: n }, (_, i) => 20 + (i % 3));
    const spikeBefore = (k: number) => {
      for (let j = k - 2; j < k; j++) ys[j] = 100; // inside the guard band: not in the regression baseline
      ys[k] = 35;
    };
    const wed = 51; // Wednesday
    const sat1 = 89; // Saturday with calm previous Saturdays -> alert kept
    const sat2 = 152; // Saturday whose 7-week same-weekday mean is high -> alert suppressed
    spikeBefore(wed);
    spikeBefore(sat1);
    ys[sat2 - 42] = 100; // Saturdays outside the 28-day regression baseline but inside the 7-week window
    ys[sat2 - 35] = 100;
    spikeBefore(sat2);
    expect([wed, sat1, sat2].map((k) => isoWeekday(ds[k]))).toEqual([3, 6, 6]);
    const core = essenceRegressionCore(ys, ds);
    for (const k of [wed, sat1, sat2]) expect(core[k].level, `core ${ds[k]}`).not.toBe('blue');
    const sup = essenceRegression(ys, ds);
    expect(sup[wed].level).toBe('grey');
    expect(sup[sat1].level).toBe(core[sat1].level);
    expect(sup[sat2].level).toBe('grey');
    expect(essenceRegression(ys, ds, { suppressedLevel: 'blue' })[wed].level).toBe('blue');
    expect(essenceRegression(ys, ds, { suppress: false })[wed].level).toBe(core[wed].level);
  });
});

describe('ESSENCE EWMA on percentages', () => {
  it('divides a series with max < 1 by the median of its positive values (same result as dividing by hand)', () => {
    const pct = y.map((v) => v / 1000);
    const pos = pct.filter((v) => v > 0).sort((a, b) => a - b);
    const med = pos.length % 2 ? pos[(pos.length - 1) / 2] : (pos[pos.length / 2 - 1] + pos[pos.length / 2]) / 2;
    const a = essenceEwma(pct, dates);
    const b = essenceEwma(pct.map((v) => v / med), dates);
    a.forEach((p, k) => {
      expect(p.expected).toBe(b[k].expected);
      expect(p.statistic).toBe(b[k].statistic);
      expect(p.observed).toBe(pct[k]);
    });
    expect(a.map((p) => p.level)).toEqual(b.map((p) => p.level));
  });
});

describe('ESSENCE switch', () => {
  it('uses regression when adjusted R² >= 0.60, EWMA otherwise', () => {
    const reg = essenceRegression(y, dates);
    const ew = essenceEwma(y, dates);
    const sw = essenceSwitch(y, dates);
    sw.forEach((p, k) => {
      const r2 = reg[k].adjustedRSquared;
      const src = r2 !== null && r2 !== undefined && r2 >= 0.6 ? reg[k] : ew[k];
      expect(p.pValue).toBe(src.pValue);
      expect(p.level).toBe(src.level);
      expect(p.detector).toBe(src.statistic === null ? null : src === reg[k] ? 'regression' : 'ewma');
    });
    expect(sw.slice(0, 9).every((p) => p.level === 'grey')).toBe(true);
  });
});

describe('ESSENCE helpers and errors', () => {
  it('colours and weekdays', () => {
    expect([null, 0.001, 0.01, 0.049, 0.05, 0.7].map(essenceLevel)).toEqual(['grey', 'red', 'yellow', 'yellow', 'blue', 'blue']);
    expect(isoWeekday('2022-03-01')).toBe(2);
    expect(isoWeekday('2022-03-06')).toBe(7);
    expect(() => isoWeekday('2022-02-30')).toThrow();
  });
  it('errors as Rnssp', () => {
    expect(() => essenceEwma(y.slice(0, 30), dates.slice(0, 30))).toThrow(/not enough historical data/);
    expect(() => essenceEwma(y, dates, { B: 6 })).toThrow(/greater than or equal to 7/);
    expect(() => essenceRegressionCore(y, dates, { B: 30 })).toThrow(/multiple of 7/);
    expect(() => essenceEwma(y, dates.map(() => '2022-03-01'))).toThrow(/unique dates/);
  });
});

describe('ESSENCE never alarms on a constant series (property)', () => {
  it('EWMA, regression and switch', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 31, max: 90 }),
        fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 0.99, noNaN: true })),
        fc.integer({ min: 0, max: 3000 }),
        (n, c, startDay) => {
          const ds = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2021, 0, 1 + startDay + i)).toISOString().slice(0, 10));
          const ys = new Array<number>(n).fill(c);
          for (const r of [essenceEwma(ys, ds), essenceRegression(ys, ds), essenceRegressionCore(ys, ds), essenceSwitch(ys, ds)]) {
            for (const p of r) expect(p.level === 'red' || p.level === 'yellow', `${p.date} ${p.level} p=${p.pValue}`).toBe(false);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
