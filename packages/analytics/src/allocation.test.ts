import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allocateMinMaxUnmet,
  allocateProportional,
  allocateUtilitarian,
  allocateWaterFilling,
  roundToUnits,
  solveAllocationLp,
  solveAllocationLpSync,
  utilitarianAsLp,
  type AllocationInput,
  type LpAllocationProblem,
} from './allocation';
import { readFixture } from '../test/csv-read';

const rows = readFixture('allocation_lp_examples_S10.csv');
const input: AllocationInput = { demand: rows.map((r) => Number(r.demand)), weight: rows.map((r) => Number(r.weight)), supply: 10 };
const col = (name: string) => rows.map((r) => Number(r[name]));
const close = (a: number[], b: number[], tol = 1e-9) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(tol * Math.max(1, Math.abs(b[i]))));

describe('single-item allocation rules (allocation_lp_examples_S10.csv)', () => {
  it('A weighted utilitarian', () => {
    const r = allocateUtilitarian(input);
    expect(r.x).toEqual(col('A_weighted_utilitarian'));
    expect(r.objective).toBeCloseTo(22.9, 12);
  });
  it('B max-min proportional', () => {
    const r = allocateProportional(input);
    close(r.x, col('B_maxmin_proportional'));
    expect(r.z).toBe(0.625);
  });
  it('C weighted water-filling', () => {
    const r = allocateWaterFilling(input);
    close(r.x, col('C_weighted_waterfill_abs'));
    expect(Math.abs(r.lambda - 15 / 13)).toBeLessThan(1e-15);
  });
  it('D min-max weighted unmet fraction', () => {
    const r = allocateMinMaxUnmet(input);
    close(r.x, col('D_minmax_weighted_unmet_fraction'));
    expect(Math.abs(r.t - 0.553846)).toBeLessThan(1e-6);
    // the optimum equalises the weighted unmet fraction of every household that gets something
    r.x.forEach((x, i) => expect(Math.abs((input.weight![i] * (input.demand[i] - x)) / input.demand[i] - r.t)).toBeLessThan(1e-12));
  });
  it('serves everybody when supply covers demand, nobody when supply is 0', () => {
    const big = { ...input, supply: 100 };
    for (const f of [allocateUtilitarian, allocateProportional, allocateWaterFilling, allocateMinMaxUnmet]) {
      expect(f(big).x).toEqual(input.demand);
      expect(f({ ...input, supply: 0 }).x.every((v) => v === 0)).toBe(true);
    }
  });
  it('rejects negative or non-finite input', () => {
    expect(() => allocateUtilitarian({ demand: [1, -1], supply: 1 })).toThrow();
    expect(() => allocateWaterFilling({ demand: [1], weight: [NaN], supply: 1 })).toThrow();
    expect(() => allocateProportional({ demand: [1], supply: Infinity })).toThrow();
  });
});

describe('allocation never exceeds supply or demand (property)', () => {
  const arb = fc.integer({ min: 1, max: 12 }).chain((n) =>
    fc.record({
      demand: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.integer({ min: 0, max: 50 })), { minLength: n, maxLength: n }),
      weight: fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: n, maxLength: n }),
      supply: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5e4, noNaN: true }), fc.integer({ min: 0, max: 300 })),
    }),
  );
  for (const [name, f] of [
    ['A', allocateUtilitarian],
    ['B', allocateProportional],
    ['C', allocateWaterFilling],
    ['D', allocateMinMaxUnmet],
  ] as const) {
    it(`rule ${name}`, () => {
      fc.assert(
        fc.property(arb, (inp) => {
          const r = f(inp);
          let s = 0;
          r.x.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(inp.demand[i]);
            s += x;
          });
          expect(s).toBeLessThanOrEqual(inp.supply);
          // no supply is wasted while demand is unmet (all four rules are Pareto efficient)
          const total = inp.demand.reduce((a, b) => a + b, 0);
          expect(s).toBeGreaterThanOrEqual(Math.min(total, inp.supply) * (1 - 1e-9) - 1e-9);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('LP / MILP path', () => {
  it('HiGHS and YALPS give the rule-A optimum on the fixture', async () => {
    const a = allocateUtilitarian(input);
    const lp = utilitarianAsLp(input);
    const h = await solveAllocationLp(lp);
    expect(h.status).toBe('optimal');
    expect(Math.abs(h.objective - a.objective)).toBeLessThan(1e-9);
    close(h.x.map((r) => r[0]), a.x, 1e-9);
    const y = solveAllocationLpSync(lp);
    expect(y.status).toBe('optimal');
    expect(Math.abs(y.objective - a.objective)).toBeLessThan(1e-9);
    close(y.x.map((r) => r[0]), a.x, 1e-9);
  });

  it('LP optimum equals rule A objective for random single-item instances (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }).chain((n) =>
          fc.record({
            demand: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
            weight: fc.array(fc.integer({ min: 0, max: 30 }).map((v) => v / 10), { minLength: n, maxLength: n }),
            supply: fc.integer({ min: 0, max: 100 }),
          }),
        ),
        async (inp) => {
          const a = allocateUtilitarian(inp);
          const h = await solveAllocationLp(utilitarianAsLp(inp));
          expect(h.status).toBe('optimal');
          expect(Math.abs(h.objective - a.objective)).toBeLessThan(1e-7 * Math.max(1, a.objective));
        },
      ),
      { numRuns: 40 },
    );
  });

  const kits: LpAllocationProblem = {
    items: [
      { id: 'rice_kg', supply: 40 },
      { id: 'masks', supply: 100 },
      { id: 'medicine', supply: 6 },
    ],
    products: [
      { id: 'food_kit', composition: [5, 10, 0], value: 1 },
      { id: 'medical_kit', composition: [0, 10, 1], value: 2 },
    ],
    households: [
      { id: 'elderly_alone', weight: 3, demand: [2, 2], minimum: [1, 1] },
      { id: 'family4', weight: 1, demand: [3, 1] },
      { id: 'pregnant', weight: 2, demand: [2, 2], minimum: [1, 0] },
      { id: 'student', weight: 1, demand: [1, 0] },
    ],
    integer: true,
  };

  it('multi-item kits with minimum guarantees: HiGHS MILP = YALPS MILP, feasible and integral', async () => {
    const h = await solveAllocationLp(kits);
    const y = solveAllocationLpSync(kits);
    expect(h.status).toBe('optimal');
    expect(y.status).toBe('optimal');
    expect(Math.abs(h.objective - y.objective)).toBeLessThan(1e-9);
    for (const r of [h, y]) {
      r.itemUsage.forEach((u, j) => expect(u).toBeLessThanOrEqual(kits.items[j].supply + 1e-9));
      r.x.forEach((row, i) =>
        row.forEach((v, p) => {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(kits.households[i].minimum?.[p] ?? 0);
          expect(v).toBeLessThanOrEqual(kits.households[i].demand[p]);
        }),
      );
    }
    // masks (100) bind: 10 per kit of either kind -> at most 10 kits; rice allows 8 food kits, medicine 6 medical kits
    expect(h.itemUsage[1]).toBeLessThanOrEqual(100);
    // brute-force check of the integer optimum
    let best = -Infinity;
    const hs = kits.households;
    const rng = (k: number) => Array.from({ length: k + 1 }, (_, v) => v);
    for (const a0 of rng(2)) for (const a1 of rng(2)) for (const b0 of rng(3)) for (const b1 of rng(1)) for (const c0 of rng(2)) for (const c1 of rng(2)) for (const d0 of rng(1)) {
      if (a0 < 1 || a1 < 1 || c0 < 1) continue;
      const food = a0 + b0 + c0 + d0;
      const med = a1 + b1 + c1;
      if (food * 5 > 40 || (food + med) * 10 > 100 || med > 6) continue;
      const obj = hs[0].weight * (a0 + 2 * a1) + hs[1].weight * (b0 + 2 * b1) + hs[2].weight * (c0 + 2 * c1) + hs[3].weight * d0;
      best = Math.max(best, obj);
    }
    expect(h.objective).toBe(best);
  });

  it('reports infeasible minimum guarantees', async () => {
    const bad: LpAllocationProblem = { items: [{ id: 'a', supply: 1 }], households: [{ id: 'h', weight: 1, demand: [3], minimum: [2] }] };
    expect((await solveAllocationLp(bad)).status).toBe('infeasible');
    expect(solveAllocationLpSync(bad).status).toBe('infeasible');
  });
});

describe('roundToUnits: whole units by largest remainder', () => {
  it('rounds the oracle instance under rule C to integers summing to S, never above demand', () => {
    const d = [4, 2, 3, 1, 5, 1];
    const w = [3, 2, 1.2, 1.5, 1, 3];
    const c = allocateWaterFilling({ demand: d, weight: w, supply: 10 });
    const u = roundToUnits(c.x, d, w, 10);
    // x = (45/13, 2, 18/13, 1, 15/13, 1): floors (3,2,1,1,1,1) = 9, the one unit left goes to the largest remainder (6/13).
    expect(u).toEqual([4, 2, 1, 1, 1, 1]);
    expect(u.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('gives the units of equal remainders to the larger weight, then the earlier household', () => {
    const d = [1, 1, 1, 1, 1];
    expect(roundToUnits([0.4, 0.4, 0.4, 0.4, 0.4], d, [1, 1, 1, 1, 1], 2)).toEqual([1, 1, 0, 0, 0]);
    const w = [1, 3, 1, 3, 1];
    const c = allocateWaterFilling({ demand: d, weight: w, supply: 2 });
    expect(roundToUnits(c.x, d, w, 2)).toEqual([0, 1, 0, 1, 0]);
    expect(roundToUnits([0.5, 0.5, 0.5, 0.5], [1, 1, 1, 1], [1, 2, 2, 1], 2)).toEqual([0, 1, 1, 0]);
  });

  it('never gives more than the supply nor above demand, and keeps integer shares as they are', () => {
    expect(roundToUnits([2, 3, 0], [2, 3, 4], [1, 1, 1], 5)).toEqual([2, 3, 0]);
    const u = roundToUnits([0.9, 0.9, 0.9], [1, 1, 1], [1, 1, 1], 2);
    expect(u.reduce((a, b) => a + b, 0)).toBe(2);
    expect(roundToUnits([1.6, 1.6], [1, 5], [1, 1], 10)).toEqual([1, 2]);
    expect(() => roundToUnits([1], [1, 2], [1], 1)).toThrow(/same length/);
  });
});
