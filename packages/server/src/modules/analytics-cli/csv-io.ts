/**
 * CSV input and R-style CSV output for `renxing analyze`.
 *
 * Input: RFC 4180 (double quotes with "" escapes), comma separated, first line = header, optional UTF-8 BOM, LF or CRLF.
 * Missing values: empty field, NA, NaN (any case of na/nan) → null.
 * Output: values formatted as R's write.csv does: numbers with up to 15 significant digits, fixed or scientific notation
 * by R's width rule (scipen = 0), NA for missing / NaN, TRUE / FALSE for logicals; strings and the header are quoted only
 * when they need it (R's read.csv reads both forms).
 */

/** A parsed CSV: header names and the data rows (each padded / cut to the header's length). */
export type CsvTable = { header: string[]; rows: string[][] };

export class CsvError extends Error {}

/** Split CSV text into a header and rows (RFC 4180 quoting; blank lines skipped). */
export function parseCsv(text: string): CsvTable {
  const records: string[][] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = s.length;
  let i = 0;
  let record: string[] = [];
  let line = 1;
  while (i <= n) {
    if (i === n) {
      if (record.length > 0) records.push(record);
      break;
    }
    let field: string;
    if (s.charCodeAt(i) === 34 /* " */) {
      const startLine = line;
      let buf = '';
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) throw new CsvError(`unterminated quoted field starting on line ${startLine}`);
        buf += s.slice(i, q);
        for (let j = i; j < q; j++) if (s.charCodeAt(j) === 10) line++;
        if (s.charCodeAt(q + 1) === 34) {
          buf += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      field = buf;
      const c = s.charCodeAt(i);
      if (i < n && c !== 44 && c !== 10 && c !== 13) throw new CsvError(`unexpected character after a quoted field on line ${line}`);
    } else {
      let j = i;
      for (; j < n; j++) {
        const c = s.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13) break;
      }
      field = s.slice(i, j);
      i = j;
    }
    record.push(field);
    if (i >= n) {
      records.push(record);
      record = [];
      break;
    }
    const c = s.charCodeAt(i);
    if (c === 44) {
      i++;
      if (i === n) record.push('');
      continue;
    }
    // end of line (\n, \r\n or \r)
    i += c === 13 && s.charCodeAt(i + 1) === 10 ? 2 : 1;
    line++;
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  }
  if (records.length === 0) throw new CsvError('the CSV file is empty (no header line)');
  const header = records[0].map((h) => h.trim());
  const width = header.length;
  const rows = records.slice(1).map((r) => (r.length === width ? r : r.length > width ? r.slice(0, width) : [...r, ...new Array<string>(width - r.length).fill('')]));
  return { header, rows };
}

/** True for the spellings of a missing value in input CSVs (empty, NA, NaN). */
export function isMissingField(v: string): boolean {
  const t = v.trim();
  return t === '' || t === 'NA' || t === 'na' || t === 'NaN' || t === 'nan' || t === 'NAN';
}

/** Parse a numeric field: null for missing, NaN when not a number (the caller reports it). */
export function parseNumberField(v: string): number | null {
  // fast path: a plain number (Number('') is 0 and Number(' ') too, hence the length/first-character test)
  const c = v.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45 || c === 46) {
    const x = Number(v);
    if (!Number.isNaN(x)) return x;
  }
  if (isMissingField(v)) return null;
  const t = v.trim();
  if (t === 'Inf' || t === '+Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  const x = Number(t);
  return Number.isNaN(x) ? NaN : x;
}

/**
 * One number as R's write.csv prints it (15 significant digits, R's fixed-vs-scientific width rule with scipen = 0).
 * Integers below 1e15 print as integers (R does so for integer vectors; for a double 100000 R would print 1e+05).
 */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NA';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e15) {
    // fast path: 15 significant digits in fixed notation; when a fractional digit remains after dropping trailing
    // zeros, R's width rule always picks fixed notation here (fixed width = nsig + 1 - min(kpower, 0) <= sci width)
    const p = x.toPrecision(15);
    let end = p.length;
    while (p.charCodeAt(end - 1) === 48 /* 0 */) end--;
    if (p.charCodeAt(end - 1) !== 46 /* . */ && p.includes('.')) return end === p.length ? p : p.slice(0, end);
  }
  const neg = x < 0;
  const e14 = Math.abs(x).toExponential(14); // d.dddddddddddddde±X, correctly rounded to 15 significant digits
  const ePos = e14.indexOf('e');
  let digits = e14[0] + e14.slice(2, ePos);
  const kpower = Number(e14.slice(ePos + 1));
  digits = digits.replace(/0+$/, '');
  if (digits === '') digits = '0';
  const nsig = digits.length;
  // R formatReal: fixed width = neg + max(1, kpower + 1) + (rgt > 0 ? rgt + 1 : 0), rgt = max(0, nsig - kpower - 1);
  // scientific width = neg + (nsig > 1 ? nsig + 1 : 1) + 4 (e+XX), one more for a 3-digit exponent.
  const rgt = Math.max(0, nsig - kpower - 1);
  const left = Math.max(1, kpower + 1);
  const fixedWidth = left + (rgt > 0 ? rgt + 1 : 0);
  const sciWidth = (nsig > 1 ? nsig + 1 : 1) + (Math.abs(kpower) >= 100 ? 5 : 4);
  let body: string;
  if (fixedWidth <= sciWidth) {
    // R: sprintf("%.*f", rgt, x) — exact decimal digits (also beyond the 15th for large integers)
    body = Math.abs(x).toFixed(rgt);
  } else {
    const mant = nsig > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ea = Math.abs(kpower);
    body = `${mant}e${kpower < 0 ? '-' : '+'}${ea < 10 ? '0' : ''}${ea}`;
  }
  return neg ? `-${body}` : body;
}

/** R's logical: TRUE / FALSE / NA. */
export function formatLogical(b: boolean | null | undefined): string {
  return b === null || b === undefined ? 'NA' : b ? 'TRUE' : 'FALSE';
}

/** A CSV field for a string, quoted only when needed (comma, quote, line break, surrounding spaces); null → NA. */
export function formatString(s: string | null | undefined): string {
  if (s === null || s === undefined) return 'NA';
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header line. */
export function formatHeader(names: ReadonlyArray<string>): string {
  return `${names.map(formatString).join(',')}\n`;
}

/** Collects output lines and flushes them to a sink in large chunks (fast for millions of lines). */
export class LineBuffer {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: (text: string) => void, private readonly chunk = 1 << 20) {}
  push(line: string): void {
    this.parts.push(line);
    this.size += line.length;
    if (this.size >= this.chunk) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.sink(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
