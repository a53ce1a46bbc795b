import { SUPPRESSED_COUNT as S, WITHHELD_COUNT as W } from '@renxing/shared';
import { describe, expect, it } from 'vitest';
import { published, publishedTotal } from './transparency.suppression';

/**
 * Complementary suppression (ADR 0044): a total published next to its parts must not let a reader work out a "<5"
 * part by subtraction. Each case also checks what a reader could compute from the published cells.
 */

const sum = (parts: number[]) => publishedTotal({ kind: 'sum', parts });

/** The parts' values a reader cannot rule out, given the published total and parts (each "<5" part is 1–4). */
function candidates(total: number | string, parts: number[]): number[][] {
  const shown = parts.map(published);
  const options = shown.map((x) => (x === S ? [1, 2, 3, 4] : [x as number]));
  const all = options.reduce<number[][]>((acc, o) => acc.flatMap((a) => o.map((v) => [...a, v])), [[]]);
  return all.filter((c) => {
    const t = c.reduce((a, b) => a + b, 0);
    return typeof total === 'number' ? t === total : total === S ? t >= 1 && t <= 4 : t >= 5;
  });
}

describe('primary suppression', () => {
  it('shows 1–4 as "<5", 0 and 5 or more as they are', () => {
    expect([0, 1, 4, 5, 123].map(published)).toEqual([0, S, S, 5, 123]);
  });
});

describe('a total that is the sum of its parts', () => {
  it('one "<5" part: the total is withheld, so total − the others no longer gives the part', () => {
    expect(sum([6, 3])).toBe(W);
    expect(sum([7, 2, 9])).toBe(W);
    // Published exactly, the total would pin the part: 9 − 6 = 3.
    expect(candidates(9, [6, 3]).map((c) => c[1])).toEqual([3]);
    // Withheld, the part can be anything from 1 to 4.
    expect(candidates(W, [6, 3]).map((c) => c[1])).toEqual([1, 2, 3, 4]);
  });

  it('the smallest case: 5 + 1 = 6 is withheld too (a second withheld part would still be pinned: it must be ≥ 5)', () => {
    expect(sum([5, 1])).toBe(W);
    expect(candidates(W, [5, 1]).map((c) => c[1])).toEqual([1, 2, 3, 4]);
  });

  it('two "<5" parts: withheld as well — 7 + 1 + 1 = 9 would pin both at 1', () => {
    expect(sum([7, 1, 1])).toBe(W);
    expect(candidates(9, [7, 1, 1])).toEqual([[7, 1, 1]]);
    expect(candidates(W, [7, 1, 1]).length).toBeGreaterThan(1);
    expect(sum([5, 4, 4])).toBe(W); // 13 would pin both at 4
    expect(sum([9, 2, 3])).toBe(W); // 14 would tell their sum: 5
  });

  it('no "<5" part: the total is published exactly; zeros stay zeros and do not withhold anything', () => {
    expect(sum([6, 0])).toBe(6);
    expect(sum([7, 5, 0])).toBe(12);
    expect(sum([0, 0, 0])).toBe(0);
    expect(sum([])).toBe(0);
    expect([6, 0, 0].map(published)).toEqual([6, 0, 0]);
  });

  it('a total of 1–4 is "<5" itself: its parts are each 0 or "<5", nothing is exact', () => {
    expect(sum([3, 0])).toBe(S);
    expect(sum([2, 1, 1])).toBe(S);
    expect(sum([4])).toBe(S);
    for (const parts of [[3, 0], [2, 1, 1], [1, 1]]) {
      for (const c of parts.map(published)) expect(c === 0 || c === S).toBe(true);
      // Every "<5" part still has more than one possible value.
      const seen = parts.map((_, i) => new Set(candidates(S, parts).map((c) => c[i])));
      parts.forEach((v, i) => expect(v === 0 || seen[i]!.size > 1).toBe(true));
    }
  });

  it('the same counts always give the same answer (installation-wide figures look the same in every area)', () => {
    expect(sum([7, 2])).toBe(sum([7, 2]));
    expect(sum([2, 7])).toBe(W);
  });

  it('refuses what is not a count', () => {
    expect(() => sum([-1, 6])).toThrow();
    expect(() => sum([1.5, 6])).toThrow();
  });
});

describe('a total that counts one listed part and an unlisted rest (subset)', () => {
  const subset = (total: number, part: number) => publishedTotal({ kind: 'subset', total, part });

  it('a "<5" part is safe: the unlisted rest is its complement, the total stays exact', () => {
    expect(subset(7, 2)).toBe(7); // 2 of 7 exports needed approval: the reader sees "<5" of 7, the rest is 3–6
    expect(subset(5, 4)).toBe(5);
  });

  it('an exact part with an unlisted rest of 1–4 withholds the total (subtraction would show the rest)', () => {
    expect(subset(7, 5)).toBe(W);
    expect(subset(9, 5)).toBe(W);
    expect(subset(10, 5)).toBe(10); // the rest is 5
    expect(subset(6, 6)).toBe(6); // the rest is 0
    expect(subset(6, 0)).toBe(6); // the rest is 6
  });

  it('a total of 0 or 1–4 is published as such', () => {
    expect(subset(0, 0)).toBe(0);
    expect(subset(3, 1)).toBe(S);
    expect(subset(3, 3)).toBe(S);
  });

  it('refuses a part larger than its total', () => {
    expect(() => subset(5, 6)).toThrow();
  });
});

describe('figures without a total next to them', () => {
  it('are only suppressed one by one (deletion requests by outcome, safeguards, restrictions …)', () => {
    // Deletion requests decided in the month by outcome have no published total (requests made in the month are another
    // set of requests), so each is shown as it is.
    expect([0, 2, 7].map(published)).toEqual([0, S, 7]);
  });
});
