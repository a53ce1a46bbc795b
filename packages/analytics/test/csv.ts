/**
 * Minimal CSV reader for the test fixtures in ./fixtures (R `write.csv` / pandas output):
 * comma separated, optional double quotes (with "" escapes), first line is the header.
 * Values stay strings; use `num` / `bool` / `column` to convert with R's missing-value conventions.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export type CsvRow = Record<string, string>;

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Absolute path of a file in test/fixtures. */
export function fixturePath(name: string): string {
  return join(FIXTURE_DIR, name);
}

/** Split CSV text into records of fields (RFC 4180 quoting). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let i = 0;
  const s = text.replace(/^\uFEFF/, '');
  while (i < s.length) {
    const ch = s[i];
    if (inQuotes) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      record.push(field);
      field = '';
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Read a fixture (file name in test/fixtures, or an absolute path) into header-keyed rows. */
export function readCsv(nameOrPath: string): CsvRow[] {
  const path = nameOrPath.startsWith('/') ? nameOrPath : fixturePath(nameOrPath);
  const [header, ...body] = parseCsv(readFileSync(path, 'utf8'));
  return body.map((rec) => {
    const row: CsvRow = {};
    header.forEach((h, j) => {
      row[h] = rec[j] ?? '';
    });
    return row;
  });
}

/** R-style number: NA/empty -> null, NaN/Inf/-Inf understood. */
export function num(v: string): number | null {
  const t = v.trim();
  if (t === 'NA' || t === '') return null;
  if (t === 'NaN') return NaN;
  if (t === 'Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  const x = Number(t);
  if (Number.isNaN(x)) throw new Error(`not a number: ${v}`);
  return x;
}

/** Number that must be present (throws on NA). */
export function numReq(v: string): number {
  const x = num(v);
  if (x === null) throw new Error('unexpected NA');
  return x;
}

/** R-style logical: TRUE/FALSE/1/0, NA -> null. */
export function bool(v: string): boolean | null {
  const t = v.trim();
  if (t === 'TRUE' || t === '1' || t === 'True' || t === 'true') return true;
  if (t === 'FALSE' || t === '0' || t === 'False' || t === 'false') return false;
  if (t === 'NA' || t === '') return null;
  throw new Error(`not a logical: ${v}`);
}

/** One numeric column of a table. */
export function column(rows: CsvRow[], name: string): (number | null)[] {
  return rows.map((r) => {
    if (!(name in r)) throw new Error(`no column ${name}`);
    return num(r[name]);
  });
}

/** |a - b| <= abs + rel * |b|, treating null/NaN as equal only to null/NaN. */
export function close(a: number | null, b: number | null, rel: number, abs = 0): boolean {
  const aMissing = a === null || Number.isNaN(a);
  const bMissing = b === null || Number.isNaN(b);
  if (aMissing || bMissing) return aMissing && bMissing;
  if (a === b) return true;
  return Math.abs((a as number) - (b as number)) <= abs + rel * Math.abs(b as number);
}

/** Relative error |a-b|/|b| (absolute when b == 0). */
export function relErr(a: number, b: number): number {
  if (a === b) return 0;
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
