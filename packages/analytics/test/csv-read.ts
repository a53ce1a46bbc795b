// Minimal CSV reader for the R/Python oracle fixtures in ./fixtures (test-only; the package itself does no I/O).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** Split one CSV line, honouring double-quoted fields ("" = escaped quote). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Raw rows (all lines, split), for files with trailer lines such as ahp_example_4dims.csv. */
export function readFixtureLines(name: string): string[][] {
  return readFileSync(join(here, 'fixtures', name), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map(splitLine);
}

/** Rows as records keyed by the header. */
export function readFixture(name: string): Record<string, string>[] {
  const [header, ...rows] = readFixtureLines(name);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** R-style number: NA -> null, otherwise parsed float (Inf/-Inf/NaN understood). */
export function num(s: string): number | null {
  if (s === 'NA' || s === '') return null;
  if (s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  const v = Number(s);
  if (Number.isNaN(v) && s !== 'NaN') throw new Error(`not a number: ${s}`);
  return v;
}

/** R logical: TRUE/FALSE/1/0 -> boolean, NA -> null. */
export function bool(s: string): boolean | null {
  if (s === 'NA' || s === '') return null;
  if (s === 'TRUE' || s === '1') return true;
  if (s === 'FALSE' || s === '0') return false;
  throw new Error(`not a logical: ${s}`);
}

/** Relative error |a - b| / max(|b|, floor); null/NaN must match null/NaN. */
export function relErr(a: number | null, b: number | null, floor = 1e-300): number {
  const an = a === null || Number.isNaN(a);
  const bn = b === null || Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : Infinity;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}
