/**
 * Helpers for the `renxing analyze` tests: run the CLI function in-process on the fixtures of
 * test/fixtures/analytics (or on in-memory files), read CSV output into records and compare numbers the R way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv, runAnalyze } from '../src/modules/analytics-cli';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'analytics');

/** Absolute path of a fixture file. */
export const fixture = (name: string): string => path.join(FIXTURES, name);

export type CliResult = { code: number; out: string; err: string };

/** Run `renxing analyze …` in-process; `files` are in-memory files (name → text) tried before the disk. */
export async function analyze(argv: string[], files: Record<string, string> = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await runAnalyze(argv, {
    stdout: (t) => { out += t; },
    stderr: (t) => { err += t; },
    readFile: (p) => (p in files ? files[p] : fs.readFileSync(p, 'utf8')),
  });
  return { code, out, err };
}

export type Rec = Record<string, string>;

/** CSV text → records keyed by header name. */
export function records(text: string): Rec[] {
  const { header, rows } = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Records of a fixture file. */
export const fixtureRecords = (name: string): Rec[] => records(fs.readFileSync(fixture(name), 'utf8'));

/** R number field → number | null (NA, NaN → null). */
export function num(v: string | undefined): number | null {
  if (v === undefined) throw new Error('missing field');
  if (v === 'NA' || v === 'NaN' || v === '') return null;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  const x = Number(v);
  if (Number.isNaN(x)) throw new Error(`not a number: ${v}`);
  return x;
}

/** R logical (TRUE/FALSE or 1/0 of survRes objects) → boolean | null. */
export function logical(v: string): boolean | null {
  if (v === 'TRUE' || v === '1') return true;
  if (v === 'FALSE' || v === '0') return false;
  if (v === 'NA') return null;
  throw new Error(`not a logical: ${v}`);
}

/**
 * Relative error of `got` against `want` (both R values from CSV text); both NA → 0, one NA → Infinity;
 * |want| below `floor` is compared absolutely against `floor`.
 */
export function relErr(got: string, want: string, floor = 1e-300): number {
  const a = num(got);
  const b = num(want);
  if (a === null || b === null) return a === b ? 0 : Infinity;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

/** Max relative error of a column over paired records (throws on a missing column). */
export function maxRelErr(got: Rec[], want: Rec[], gotCol: string, wantCol: string, floor?: number): { max: number; at: number } {
  let max = 0;
  let at = -1;
  if (got.length !== want.length) throw new Error(`row count ${got.length} vs ${want.length}`);
  got.forEach((g, i) => {
    const e = relErr(g[gotCol], want[i][wantCol], floor);
    if (e > max) {
      max = e;
      at = i;
    }
  });
  return { max, at };
}

/** A one-column CSV with a header. */
export const csvOf = (name: string, values: (number | null)[]): string => `${name}\n${values.map((v) => (v === null ? 'NA' : String(v))).join('\n')}\n`;
