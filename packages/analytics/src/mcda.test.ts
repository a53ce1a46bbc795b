import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ahp, entropyWeights } from './mcda';
import { readFixture, readFixtureLines, relErr } from '../test/csv-read';

describe('ahp', () => {
  it('reproduces ahp_example_4dims.csv (eigen and geometric-mean weights, lambdaMax, CI, CR)', () => {
    const lines = readFixtureLines('ahp_example_4dims.csv');
    const rows = lines.slice(1, 5);
    const a = rows.map((r) => r.slice(1, 5).map(Number));
    const r = ahp(a);
    rows.forEach((row, i) => {
      expect(relErr(r.weights[i], Number(row[5]))).toBeLessThan(1e-9);
      expect(relErr(r.geometricMeanWeights[i], Number(row[6]))).toBeLessThan(1e-9);
    });
    const tail = lines[5];
    expect(tail[0]).toBe('lambda_max');
    expect(relErr(r.lambdaMax, Number(tail[1]))).toBeLessThan(1e-9);
    expect(relErr(r.ci, Number(tail[3]))).toBeLessThan(1e-8);
    expect(relErr(r.cr, Number(tail[5]))).toBeLessThan(1e-8);
    expect(r.ri).toBe(0.9);
    expect(r.consistent).toBe(true);
  });

  it('flags an inconsistent matrix and rejects a non-reciprocal one', () => {
    const bad = [
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ];
    const r = ahp(bad);
    expect(r.cr).toBeGreaterThan(0.1);
    expect(r.consistent).toBe(false);
    expect(() => ahp([[1, 2], [2, 1]])).toThrow(/reciprocal/);
  });

  it('weights sum to 1 and are positive for any reciprocal matrix (property)', () => {
    const judgement = fc.constantFrom(1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(fc.constant(n), fc.array(judgement, { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }))), ([n, upper]) => {
        const a = Array.from({ length: n }, () => new Array<number>(n).fill(1));
        let k = 0;
        for (let i = 0; i < n; i++)
          for (let j = i + 1; j < n; j++) {
            a[i][j] = upper[k++];
            a[j][i] = 1 / a[i][j];
          }
        const r = ahp(a);
        const s = r.weights.reduce((x, y) => x + y, 0);
        const g = r.geometricMeanWeights.reduce((x, y) => x + y, 0);
        expect(Math.abs(s - 1)).toBeLessThan(1e-12);
        expect(Math.abs(g - 1)).toBeLessThan(1e-12);
        expect(r.weights.every((w) => w > 0)).toBe(true);
        expect(r.lambdaMax).toBeGreaterThanOrEqual(n - 1e-9);
      }),
    );
  });
});

describe('entropyWeights', () => {
  it('reproduces entropy_weight_example_5x4.csv', () => {
    const lines = readFixtureLines('entropy_weight_example_5x4.csv');
    const rows = readFixture('entropy_weight_example_5x4.csv').filter((r) => r.community.startsWith('C'));
    const x = rows.map((r) => [r.x1, r.x2, r.x3, r.x4].map(Number));
    const r = entropyWeights(x);
    rows.forEach((row, i) => {
      [row.minmax_x1, row.minmax_x2, row.minmax_x3, row.minmax_x4].forEach((v, j) => expect(Math.abs(r.normalized[i][j] - Number(v))).toBeLessThan(1e-9));
      expect(relErr(r.composite[i], Number(row.composite))).toBeLessThan(1e-9);
    });
    const e = lines.find((l) => l[0] === 'entropy_e')!.slice(1).map(Number);
    const w = lines.find((l) => l[0] === 'weight')!.slice(1).map(Number);
    e.forEach((v, j) => expect(relErr(r.entropy[j], v)).toBeLessThan(1e-9));
    w.forEach((v, j) => expect(relErr(r.weights[j], v)).toBeLessThan(1e-9));
  });

  it('cost criteria are reversed and a constant column gets weight 0', () => {
    const r = entropyWeights(
      [
        [1, 5, 3],
        [2, 5, 1],
        [4, 5, 2],
      ],
      { directions: ['benefit', 'benefit', 'cost'] },
    );
    expect(r.normalized.map((row) => row[2])).toEqual([0, 1, 0.5]);
    expect(r.weights[1]).toBe(0);
    expect(Math.abs(r.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-15);
  });
});
