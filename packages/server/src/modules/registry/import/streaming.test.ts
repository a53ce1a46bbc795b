import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImport } from './pipeline';
import { readCsvRows } from './read';
import { TEMPLATE_HEADERS } from './template';
import { writeSyntheticCsv } from './test-support';

const N = 200_000;
let dir: string;
let csv: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stream-'));
  csv = join(dir, 'residents-200k.csv');
  await writeSyntheticCsv(csv, N, TEMPLATE_HEADERS);
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('streaming a 200,000-row CSV', () => {
  it('readCsvRows yields every row with consecutive numbers', async () => {
    expect((await stat(csv)).size).toBeGreaterThan(10 * 1024 * 1024); // bigger than the upload limit: callers raise it
    let rows = 0;
    let headers: string[] = [];
    let expected = 1;
    for await (const item of readCsvRows(csv)) {
      if ('headers' in item) headers = item.headers;
      else {
        if (item.row !== expected++) throw new Error(`row ${item.row} out of order`);
        rows++;
      }
    }
    expect(headers).toEqual([...TEMPLATE_HEADERS]);
    expect(rows).toBe(N);
  });

  it('parseImport validates all rows (no false duplicates) and ends with the summary', async () => {
    let last: unknown;
    let withErrors = 0;
    for await (const item of parseImport(csv, 'residents.csv', { limits: { maxCsvBytes: 64 * 1024 * 1024 }, now: new Date('2025-06-01T00:00:00+08:00') })) {
      if (item.kind === 'row' && item.errors.length > 0) withErrors++;
      last = item;
    }
    expect(withErrors).toBe(0);
    expect(last).toEqual({ kind: 'summary', rows: N, valid: N, invalid: 0, errors: 0, warnings: [] });
  });
});
