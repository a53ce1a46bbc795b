import { describe, expect, it } from 'vitest';
import { IN_LIST_MAX, inChunks } from './in-chunks';

describe('inChunks', () => {
  it('fetches every distinct key once, in slices of at most IN_LIST_MAX, and concatenates the rows', async () => {
    const keys = [...Array.from({ length: 1203 }, (_, i) => i), 5, 700, 1202];
    const slices: number[][] = [];
    const rows = await inChunks(keys, async (part) => {
      slices.push(part);
      return part.map((k) => ({ k }));
    });
    expect(slices.map((s) => s.length)).toEqual([IN_LIST_MAX, IN_LIST_MAX, 1203 - 2 * IN_LIST_MAX]);
    expect(rows.map((r) => r.k)).toEqual(Array.from({ length: 1203 }, (_, i) => i));
  });

  it('does not call fetch for no keys', async () => {
    let calls = 0;
    expect(await inChunks([], async () => (calls++, []))).toEqual([]);
    expect(calls).toBe(0);
  });
});
