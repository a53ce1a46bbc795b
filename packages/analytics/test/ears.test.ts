import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { earsC, earsC3Documented, type EarsMethod, type EarsPoint } from '../src/ears';
import { bool, column, num, numReq, readCsv, relErr } from './csv';
import { earsC3DocumentedReference, earsCReference } from './ears-reference';

const REL = 1e-9;
const agona = column(readCsv('data_salmonella_agona_weekly.csv'), 'observed') as number[];
const small = [3, 5, 4, 6, 5, 4, 5, 6, 4, 5, 7, 5, 6, 4, 5, 6, 14, 18, 9, 6, 5, 4, 5, 6, 5, 7, 6, 5, 4, 20];
const sparse = [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0];

/** Compare one method's output with oracle rows; returns the max relative error of the upperbound. */
function compare(y: number[], rows: Record<string, string>[], opts: Parameters<typeof earsC>[1]): number {
  const res = earsC(y, opts);
  expect(res.map((p) => p.t)).toEqual(rows.map((r) => numReq(r.t)));
  let worst = 0;
  res.forEach((p, i) => {
    const r = rows[i];
    expect(p.observed).toBe(numReq(r.observed));
    const ub = num(r.upperbound);
    if (ub === null || Number.isNaN(ub)) expect(p.upperbound === null || Number.isNaN(p.upperbound)).toBe(true);
    else {
      const e = relErr(p.upperbound as number, ub);
      worst = Math.max(worst, ub === 0 ? Math.abs(p.upperbound as number) : e);
    }
    expect(p.alarm, `t=${p.t}`).toBe(bool(r.alarm));
  });
  return worst;
}

describe('earsC vs R surveillance 1.20.3 fixtures', () => {
  it('earsC_small_daily.csv: C1/C2/C3 defaults', () => {
    const rows = readCsv('earsC_small_daily.csv');
    for (const m of ['C1', 'C2', 'C3'] as EarsMethod[]) {
      const mine = rows.filter((r) => r.method === `${m}`);
      expect(mine.length).toBeGreaterThan(0);
      expect(compare(small, mine, { method: m })).toBeLessThanOrEqual(REL);
    }
    // spot values quoted in ANALYTICS.md §1.1
    const c1 = earsC(small);
    expect(relErr(c1.find((p) => p.t === 17)!.upperbound as number, 8.44432936158851)).toBeLessThan(1e-13);
    expect(relErr(c1.find((p) => p.t === 18)!.upperbound as number, 17.0737544142024)).toBeLessThan(1e-13);
    const c3 = earsC(small, { method: 'C3' });
    expect(c3.filter((p) => p.alarm).map((p) => p.t)).toEqual([18, 19, 20, 21]);
    expect(c3.find((p) => p.t === 30)!.alarm).toBe(false);
  });
  it('earsC_small_daily_C1_b14_a05.csv: baseline 14, alpha 0.05', () => {
    const rows = readCsv('earsC_small_daily_C1_b14_a05.csv');
    expect(compare(small, rows, { method: 'C1', baseline: 14, alpha: 0.05 })).toBeLessThanOrEqual(REL);
  });
  it('earsC_sparse_minSigma.csv: minSigma 0 / 0.5 / 1', () => {
    const rows = readCsv('earsC_sparse_minSigma.csv');
    const combos = [...new Set(rows.map((r) => `${r.method}|${r.minSigma}`))];
    expect(combos.length).toBe(5);
    for (const c of combos) {
      const [m, ms] = c.split('|');
      const mine = rows.filter((r) => `${r.method}|${r.minSigma}` === c);
      expect(compare(sparse, mine, { method: m as EarsMethod, minSigma: Number(ms) })).toBeLessThanOrEqual(REL);
    }
  });
  it('earsC_salmonella_agona.csv: C1/C2/C3 on 312 weeks (16/20/36 alarms)', () => {
    const rows = readCsv('earsC_salmonella_agona.csv');
    const counts: Record<string, number> = {};
    for (const m of ['C1', 'C2', 'C3'] as EarsMethod[]) {
      const mine = rows.filter((r) => r.method === m);
      expect(compare(agona, mine, { method: m })).toBeLessThanOrEqual(REL);
      counts[m] = earsC(agona, { method: m }).filter((p) => p.alarm).length;
    }
    expect(counts).toEqual({ C1: 16, C2: 20, C3: 36 });
  });
});

describe('earsC semantics', () => {
  it('defaults: range per method, alpha per method', () => {
    expect(earsC(small)[0].t).toBe(8);
    expect(earsC(small, { method: 'C2' })[0].t).toBe(10);
    expect(earsC(small, { method: 'C3' })[0].t).toBe(12);
    expect(earsC(small, { method: 'C3', alpha: 0.025 })).toEqual(earsC(small, { method: 'C3' }));
    expect(earsC(small, { method: 'C1', alpha: 0.001 })).toEqual(earsC(small));
    // an explicit range is sorted like R's sort(control$range)
    expect(earsC(small, { range: [20, 9, 15] }).map((p) => p.t)).toEqual([9, 15, 20]);
  });
  it('errors like R', () => {
    expect(() => earsC(small, { baseline: 2 })).toThrow('Minimum baseline to use is 3.');
    expect(() => earsC(small, { minSigma: -1 })).toThrow('minSigma');
    expect(() => earsC(small, { range: [7] })).toThrow('The vector of observed is too short!');
    expect(() => earsC(small, { method: 'C2', range: [9] })).toThrow('The vector of observed is too short!');
    expect(() => earsC(small, { method: 'C3', range: [11] })).toThrow('The vector of observed is too short!');
    expect(() => earsC([1, 2, 3, 4, 5, 6, 7])).toThrow('The vector of observed is too short!');
    expect(() => earsC(small, { range: [40] })).toThrow(RangeError);
    expect(() => earsC(small, { alpha: 0 })).toThrow(RangeError);
  });
  it('constant baseline: C1/C2 U = mean (mean+1 alarms); C3 0/0 gives NaN and NA alarm; minSigma makes it finite', () => {
    const y = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5];
    const c1 = earsC(y, { range: [12] })[0];
    expect(c1.upperbound).toBe(4);
    expect(c1.alarm).toBe(true);
    const c2 = earsC(y, { method: 'C2', range: [12] })[0];
    expect(c2.upperbound).toBe(4);
    const c3 = earsC(y, { method: 'C3', range: [12] })[0];
    expect(c3.upperbound).toBeNaN();
    expect(c3.alarm).toBeNull();
    const c3b = earsC(y, { method: 'C3', range: [12], minSigma: 0.5 })[0];
    expect(Number.isFinite(c3b.upperbound)).toBe(true);
    expect(c3b.alarm).not.toBeNull();
  });
  it('missing values (null = NA) propagate to upperbound and alarm', () => {
    const y: (number | null)[] = [...small];
    y[10] = null; // t = 11
    const r = earsC(y);
    for (const p of r) {
      const touches = p.t === 11 || (p.t - 7 <= 11 && 11 <= p.t - 1);
      if (touches) expect(p.alarm).toBeNull();
      else expect(p.alarm).not.toBeNull();
      if (p.t !== 11 && touches) expect(p.upperbound).toBeNull();
    }
    expect(r.find((p) => p.t === 11)!.observed).toBeNull();
    expect(r.find((p) => p.t === 11)!.upperbound).not.toBeNull(); // window 4..10 is complete
  });
  it('C3 as coded: alarm iff lag1 + lag2 > z and y[t] > 0 (sigma > 0)', () => {
    for (const p of earsC(agona, { method: 'C3', minSigma: 0.5 })) {
      const lagSum = (p.score as number) - Math.max(0, ((p.observed as number) - (p.expected as number)) / (p.sigma as number) - 1);
      expect(p.alarm).toBe(lagSum > 1.959963984540054 + 1e-12 ? (p.observed as number) > 0 : false);
    }
  });
  it('documented C3 variant: alarm iff sum of three truncated C2 >= z; threshold consistent', () => {
    const d = earsC3Documented(small);
    expect(d[0].t).toBe(12);
    for (const p of d) {
      expect(p.alarm).toBe((p.score as number) >= 1.959963984540054);
      if (p.upperbound !== null && p.upperbound > 0) {
        expect(p.alarm).toBe((p.observed as number) >= (p.upperbound as number) - 1e-12);
      }
    }
    // day 30 (y = 20, the largest excess) alarms in the documented variant but not in the package's C3
    expect(d.find((p) => p.t === 30)!.alarm).toBe(true);
  });
  it('property: no alarm on a constant series when minSigma > 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 10, max: 60 }),
        fc.constantFrom<EarsMethod>('C1', 'C2', 'C3'),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.integer({ min: 3, max: 8 }),
        (c, n, method, minSigma, baseline) => {
          const y = new Array(n).fill(c);
          if (n < baseline + 6) return true;
          const a = earsC(y, { method, minSigma, baseline });
          const b = earsC3Documented(y, { minSigma, baseline });
          return a.every((p) => p.alarm === false) && b.every((p) => p.alarm === false);
        },
      ),
    );
  });
});

/** What the property tests covered (asserted below so that the generators keep producing useful cases). */
const checked = { points: 0, na: 0, nan: 0, alarms: 0 };

/** Same points, bit for bit: Object.is on every field (null vs NaN, +0 vs -0 distinguished). */
function samePoints(a: EarsPoint[], b: EarsPoint[]): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  checked.points += a.length;
  for (const p of a) if (p.upperbound !== null && Number.isNaN(p.upperbound)) checked.nan++; else if (p.upperbound === null) checked.na++; else if (p.alarm) checked.alarms++;
  const keys = ['t', 'observed', 'upperbound', 'alarm', 'expected', 'sigma', 'score'] as const;
  for (let i = 0; i < a.length; i++) {
    if (Object.keys(a[i]).join() !== keys.join()) return `keys ${Object.keys(a[i]).join()}`;
    for (const k of keys) if (!Object.is(a[i][k], b[i][k])) return `t=${a[i].t} ${k}: ${String(a[i][k])} vs ${String(b[i][k])}`;
  }
  return null;
}

/** Run fast and reference; both must throw the same message or return the same points. */
function agree(run: () => EarsPoint[], ref: () => EarsPoint[]): string | null {
  let ra: EarsPoint[] | Error;
  let rb: EarsPoint[] | Error;
  try { ra = run(); } catch (e) { ra = e as Error; }
  try { rb = ref(); } catch (e) { rb = e as Error; }
  if (ra instanceof Error || rb instanceof Error) {
    return ra instanceof Error && rb instanceof Error && ra.message === rb.message ? null : `throws: ${String(ra)} vs ${String(rb)}`;
  }
  return samePoints(ra, rb);
}

/** Count series with NA (null/undefined), zero runs, constant runs (0/0 in C3), NaN, Infinity and non-integers. */
const valueArb = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 12 }) },
  { weight: 10, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -0, 1e300, 1e-300, 123456789) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 50, noNaN: true }) },
);
const seriesArb = fc.array(
  fc.tuple(valueArb, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 5 })),
  { minLength: 1, maxLength: 60 },
).map((runs) => {
  // runs of repeated values (constant baselines) or single values
  const y: (number | null | undefined)[] = [];
  for (const [v, len, kind] of runs) for (let i = 0; i < (kind === 0 ? len : 1); i++) y.push(v);
  return y as (number | null)[];
});
const optsArb = fc.record(
  {
    baseline: fc.integer({ min: 3, max: 12 }),
    minSigma: fc.oneof(fc.constant(0), fc.constant(0.5), fc.constant(1), fc.double({ min: 0, max: 3, noNaN: true })),
    alpha: fc.oneof(fc.constant(0.001), fc.constant(0.025), fc.double({ min: 1e-6, max: 0.5, noNaN: true })),
  },
  { requiredKeys: [] },
);
/**
 * An explicit range (unsorted, duplicates allowed): positions as fractions of the series, mostly inside the valid
 * part (first monitored index .. n), sometimes anywhere in 1..n+2 (then both implementations must throw alike).
 */
const rangeArb = fc.option(fc.tuple(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 12 }), fc.boolean()), { nil: undefined });
function rangeOf(sel: [number[], boolean] | undefined, n: number, lowest: number): number[] | undefined {
  if (sel === undefined) return undefined;
  const [fr, anywhere] = sel;
  const lo = anywhere ? 1 : Math.min(lowest, n);
  const hi = anywhere ? n + 2 : n;
  return fr.map((f) => lo + Math.floor(f * (hi - lo + 1)));
}

describe('earsC fast kernel = straightforward reference (test/ears-reference.ts)', () => {
  it('property: C1/C2/C3 and the documented C3 agree exactly on random series with NA, zeros, constant runs, NaN', () => {
    fc.assert(
      fc.property(seriesArb, optsArb, rangeArb, fc.constantFrom<EarsMethod>('C1', 'C2', 'C3'), (y, base, sel, method) => {
        const B = base.baseline ?? 7;
        const o = { ...base, method, range: rangeOf(sel, y.length, B + (method === 'C1' ? 1 : method === 'C2' ? 3 : 5)) };
        const d = { ...base, range: rangeOf(sel, y.length, B + 5) };
        const e1 = agree(() => earsC(y, o), () => earsCReference(y, o));
        const e2 = agree(() => earsC3Documented(y, d), () => earsC3DocumentedReference(y, d));
        if (e1 || e2) throw new Error(`${method} ${JSON.stringify(o)} y=${JSON.stringify(y)}: ${e1 ?? e2}`);
        return true;
      }),
      { numRuns: 3000 },
    );
    // the generators must reach every branch: NA windows, 0/0 thresholds, alarms
    expect(checked.points).toBeGreaterThan(5000);
    expect(checked.na).toBeGreaterThan(500);
    expect(checked.nan).toBeGreaterThan(100);
    expect(checked.alarms).toBeGreaterThan(300);
  });
  it('property: long Poisson-like series with sprinkled NA (default ranges) agree exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 20, maxLength: 800 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.constantFrom<EarsMethod>('C1', 'C2', 'C3'),
        fc.constantFrom(0, 0.5),
        (counts, naAt, method, minSigma) => {
          const y: (number | null)[] = [...counts];
          for (const i of naAt) y[i % y.length] = null;
          const e1 = agree(() => earsC(y, { method, minSigma }), () => earsCReference(y, { method, minSigma }));
          const e2 = agree(() => earsC3Documented(y, { minSigma }), () => earsC3DocumentedReference(y, { minSigma }));
          if (e1 || e2) throw new Error(`${method} minSigma ${minSigma}: ${e1 ?? e2}`);
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
  it('scratch buffers: a long series, then a short one, then the long one again give the same answers', () => {
    const huge = Array.from({ length: 300_000 }, (_, i) => (i * 31) % 11);
    for (const range of [[299_990, 300_000], [300_000, 20, 150_001, 150_000, 20]]) {
      expect(samePoints(earsC(huge, { method: 'C3', range }), earsCReference(huge, { method: 'C3', range }))).toBeNull();
      expect(samePoints(earsC3Documented(huge, { range }), earsC3DocumentedReference(huge, { range }))).toBeNull();
    }
    const long = Array.from({ length: 2000 }, (_, i) => (i % 97 === 5 ? null : (i * 7919) % 23));
    const a = earsC(long, { method: 'C3' });
    const short = earsC(small, { method: 'C3' });
    expect(samePoints(short, earsCReference(small, { method: 'C3' }))).toBeNull();
    expect(samePoints(earsC(long, { method: 'C3' }), a)).toBeNull();
    expect(samePoints(a, earsCReference(long, { method: 'C3' }))).toBeNull();
  });
});
