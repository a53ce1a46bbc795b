import { createReadStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { DEFAULT_ARCHIVE_LIMITS, openXlsxCore, type ArchiveLimits, type XlsxCore } from './archive';
import { probeTextFile, type CsvEncoding } from '../../../platform/text-encoding';
import { importErrors, isImportError } from './errors';

/**
 * First item of a row reader: the header row as written in the file, and where it is — `headerRow`, the spreadsheet's
 * own row number (XLSX: the worksheet row; CSV: the record number, i.e. the line Excel/WPS shows it on, blank lines
 * counted; 0 when the file has no header). A data row's spreadsheet row is `headerRow + row`.
 */
export type HeaderItem = { headers: string[]; headerRow: number };
/** A data row; `row` counts data rows from 1 (the line below the header is row 1; blank rows count but are not yielded). */
export type RowItem = { row: number; cells: string[] };
/** What the row readers yield: one HeaderItem, then RowItems. */
export type ReadItem = HeaderItem | RowItem;

/** Options shared by both readers. */
export type ReadOptions = {
  /** Picks the header row among the first `headerScanRows` non-blank rows; default: the first non-blank row. */
  isHeaderRow?: (cells: string[]) => boolean;
  /** How many non-blank rows to look at for the header (default 10). */
  headerScanRows?: number;
  /** More header columns than this → too_many_columns (default 200). */
  maxColumns?: number;
  /** More data rows than this → too_many_rows (default 1,000,000). */
  maxRows?: number;
};

/** CSV reader options. */
export type CsvReadOptions = ReadOptions & {
  /** Skip detection and decode with this encoding. */
  encoding?: CsvEncoding;
  /** Field delimiter; default: ',' unless the first line has tabs and no commas. */
  delimiter?: string;
  /** Read-chunk size in bytes (default 256 KiB); small values are for tests. */
  chunkSize?: number;
  /** Longest record (characters) before the file is refused as unreadable (default 1 MiB). */
  maxRecordChars?: number;
};

/** XLSX reader options. */
export type XlsxReadOptions = ReadOptions & { limits?: Partial<ArchiveLimits> };

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/** Thrown by a probing RowSink: this worksheet has no header row where one is looked for (try the next sheet). */
class NoHeaderRow extends Error {}

/** Header detection and row numbering shared by both readers. */
class RowSink {
  private readonly scan: number;
  private readonly maxColumns: number;
  private readonly maxRows: number;
  private buffered: Array<{ n: number; cells: string[] }> = [];
  private headerAt = -1;
  private headerWidth = 0;
  private dataRows = 0;

  /** `probe`: when no row within the scan window matches isHeaderRow, throw NoHeaderRow instead of falling back. */
  constructor(private readonly opts: ReadOptions, private readonly probe = false) {
    this.scan = opts.headerScanRows ?? 10;
    this.maxColumns = opts.maxColumns ?? 200;
    this.maxRows = opts.maxRows ?? 1_000_000;
  }

  private headerItem(n: number, cells: string[]): HeaderItem {
    let width = cells.length;
    while (width > 0 && cells[width - 1].trim() === '') width--;
    if (width > this.maxColumns) throw importErrors.tooManyColumns(this.maxColumns);
    this.headerAt = n;
    this.headerWidth = width;
    return { headers: cells.slice(0, width), headerRow: n };
  }

  private rowItem(n: number, cells: string[]): RowItem {
    if (++this.dataRows > this.maxRows) throw importErrors.tooManyRows(this.maxRows);
    const width = Math.max(this.headerWidth, Math.min(cells.length, this.maxColumns));
    const out = cells.length > width ? cells.slice(0, width) : cells;
    return { row: n - this.headerAt, cells: out };
  }

  /** Feed one physical row numbered `n` (1-based record/sheet row); returns the items to yield. */
  push(n: number, cells: string[]): ReadItem[] {
    if (this.headerAt >= 0) return isBlank(cells) ? [] : [this.rowItem(n, cells)];
    if (isBlank(cells)) return [];
    const pick = this.opts.isHeaderRow;
    if (!pick) return [this.headerItem(n, cells)];
    this.buffered.push({ n, cells });
    if (pick(cells)) {
      this.buffered = []; // rows above the header (titles, notes) are skipped
      return [this.headerItem(n, cells)];
    }
    if (this.buffered.length >= this.scan) {
      if (this.probe) throw new NoHeaderRow();
      return this.fallback();
    }
    return [];
  }

  /** No row matched the predicate: the first non-blank row is the header. */
  private fallback(): ReadItem[] {
    const rows = this.buffered;
    this.buffered = [];
    if (rows.length === 0) return [];
    const out: ReadItem[] = [this.headerItem(rows[0].n, rows[0].cells)];
    for (const r of rows.slice(1)) out.push(this.rowItem(r.n, r.cells));
    return out;
  }

  /** End of input: flush buffered rows; yields an empty header when the file had no non-blank row. */
  end(): ReadItem[] {
    if (this.headerAt >= 0) return [];
    if (this.probe) throw new NoHeaderRow();
    if (this.buffered.length) return this.fallback();
    return [{ headers: [], headerRow: 0 }];
  }
}

/**
 * Stream a CSV file as rows: BOM / UTF-8 / GBK detected from the first bytes (fatal UTF-8 probe), decoded
 * incrementally, CRLF / LF / CR line ends, RFC 4180 quoting (papaparse core parser). Memory is bounded by
 * one read chunk plus the longest record.
 */
export async function* readCsvRows(path: string, opts: CsvReadOptions = {}): AsyncGenerator<ReadItem> {
  let encoding = opts.encoding;
  if (!encoding) {
    const probe = await probeTextFile(path);
    if (!probe.ok) {
      throw probe.reason === 'binary'
        ? importErrors.typeMismatch('内容不是文本（含二进制数据）', 'the content is not text (binary data)')
        : importErrors.encoding(probe.reason === 'utf16' ? 'UTF-16 文本' : '既不是 UTF-8 也不是 GBK', probe.reason === 'utf16' ? 'UTF-16 text' : 'neither UTF-8 nor GBK');
    }
    encoding = probe.encoding;
  }
  const maxRecord = opts.maxRecordChars ?? 1024 * 1024;
  const decoder = new TextDecoder(encoding, { fatal: true });
  const sink = new RowSink(opts);
  let parser: Papa.Parser | undefined;
  let pending = '';
  let carryCr = false;
  let n = 0;
  const input = createReadStream(path, { highWaterMark: opts.chunkSize ?? 256 * 1024 });

  const makeParser = (sample: string) => {
    let delimiter = opts.delimiter;
    if (!delimiter) {
      const nl = sample.indexOf('\n');
      const first = nl >= 0 ? sample.slice(0, nl) : sample;
      delimiter = !first.includes(',') && first.includes('\t') ? '\t' : ',';
    }
    return new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"', escapeChar: '"' });
  };
  const decode = (buf?: Uint8Array): string => {
    try {
      return buf ? decoder.decode(buf, { stream: true }) : decoder.decode();
    } catch (e) {
      throw importErrors.encoding(`文件中途出现无法按 ${encoding} 解码的字节`, `bytes that are not valid ${encoding} in the middle of the file`);
    }
  };
  const normalize = (text: string, final: boolean): string => {
    let t = carryCr ? `\r${text}` : text;
    carryCr = !final && t.endsWith('\r');
    if (carryCr) t = t.slice(0, -1);
    return t.indexOf('\r') >= 0 ? t.replace(/\r\n?/g, '\n') : t;
  };
  function* feed(text: string, final: boolean): Generator<ReadItem> {
    const agg = pending + text;
    if (!agg) return;
    parser ??= makeParser(agg);
    const res = parser.parse(agg, 0, !final) as { data: string[][]; meta: { cursor: number } };
    pending = final ? '' : agg.slice(res.meta.cursor);
    if (pending.length > maxRecord) {
      throw importErrors.unreadable('单行内容过长或引号未闭合', 'a record is too long or a quote is not closed');
    }
    for (const cells of res.data) {
      n++;
      yield* sink.push(n, cells);
    }
  }

  try {
    for await (const chunk of input) {
      yield* feed(normalize(decode(chunk as Buffer), false), false);
    }
    yield* feed(normalize(decode(), true), true);
    yield* sink.end();
  } catch (e) {
    if (isImportError(e)) throw e;
    throw importErrors.unreadable('CSV 解析失败', 'CSV parsing failed', e);
  } finally {
    input.destroy();
  }
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Excel-style rendering of a number: exact integers without exponent, lossy big integers as 15-digit E notation. */
export function numberToCellString(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) {
    if (Math.abs(n) <= Number.MAX_SAFE_INTEGER) return String(n);
    // Beyond 2^53 the digits are not what was typed (Excel keeps 15 significant digits): show it like Excel does,
    // so an ID typed as a number fails the format check instead of passing with wrong digits.
    const [mant, exp] = n.toExponential(14).split('e');
    return `${mant.replace(/\.?0+$/, '')}E${exp.startsWith('-') ? exp : `+${exp.replace('+', '')}`}`;
  }
  return String(Number(n.toPrecision(15)));
}

/** Coerce an exceljs cell value to the string a user sees: dates as YYYY-MM-DD, formulas as their cached result. */
export function cellValueToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToCellString(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) return '';
    return `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      return (o.richText as Array<{ text?: unknown }>).map((r) => (typeof r?.text === 'string' ? r.text : '')).join('');
    }
    if (Object.hasOwn(o, 'formula') || Object.hasOwn(o, 'sharedFormula')) return cellValueToString(o.result);
    if (Object.hasOwn(o, 'error')) return typeof o.error === 'string' ? o.error : '';
    if (Object.hasOwn(o, 'text')) return cellValueToString(o.text);
  }
  return '';
}

/** True when an Excel number format displays dates (same rule as exceljs: y/m/d/h/s outside quotes and brackets). */
export function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== 'string' || fmt === '') return false;
  return /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Excel serial day number → Date (UTC midnight-based, as exceljs does). */
export function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** A streamed exceljs cell as a string; a formula's numeric result in a date format becomes a date. */
function xlsxCellToString(cell: ExcelJS.Cell, date1904: boolean, shared: CompactStrings): string {
  const v = cell.value as unknown;
  if (v !== null && typeof v === 'object' && typeof (v as { sharedString?: unknown }).sharedString === 'number') {
    return shared.get((v as { sharedString: number }).sharedString) ?? '';
  }
  if (v !== null && typeof v === 'object' && (Object.hasOwn(v, 'formula') || Object.hasOwn(v, 'sharedFormula'))) {
    const r = (v as { result?: unknown }).result;
    if (typeof r === 'number' && Number.isFinite(r) && isDateFormat(cell.numFmt)) return cellValueToString(excelSerialToDate(r, date1904));
    return cellValueToString(r);
  }
  return cellValueToString(v);
}

/** Append-only table of strings kept as UTF-8 in one growing buffer, outside the V8 heap. */
export class CompactStrings {
  private buf = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private ends = new Uint32Array(1 << 12);
  private n = 0;

  get size(): number {
    return this.n;
  }

  push(s: string): void {
    const room = s.length * 3; // UTF-8 bytes per UTF-16 unit, at most
    if (this.used + room > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + room));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    this.used += this.buf.write(s, this.used, 'utf8');
    if (this.n === this.ends.length) {
      const next = new Uint32Array(this.ends.length * 2);
      next.set(this.ends);
      this.ends = next;
    }
    this.ends[this.n++] = this.used;
  }

  get(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.n) return undefined;
    return this.buf.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }
}

/**
 * Keeps exceljs's shared-strings table in a CompactStrings instead of its JS array. exceljs caches the table as the
 * strings its XML parser produced — substrings of the parser's 64 KiB input chunks, each keeping its chunk alive — so
 * a 91 MB sharedStrings.xml (1,000,000 residents) held 250–300 MB of worker heap; as UTF-8 outside the heap the same
 * table takes a fraction of that. How: while the table is read, the reader's `sharedStrings` is a collector whose
 * `push` appends to the compact table; once the worksheet starts it reads as absent, so exceljs leaves shared-string
 * cells as `{ sharedString: index }`, which xlsxCellToString looks up. Relies on exceljs's streaming reader internals
 * (the `sharedStrings` property and `_parseWorksheet`), pinned by package-lock and covered by read.test.ts.
 */
function compactSharedStrings(reader: object): CompactStrings {
  const table = new CompactStrings();
  let collector: { push(x: unknown): void } | undefined;
  let inWorksheet = false;
  Object.defineProperty(reader, 'sharedStrings', {
    configurable: true,
    get: () => (inWorksheet ? undefined : collector),
    set: (v: unknown) => {
      collector = Array.isArray(v) ? { push: (x: unknown) => table.push(typeof x === 'string' ? x : cellValueToString(x)) } : undefined;
    },
  });
  const r = reader as { _parseWorksheet?: (...args: unknown[]) => Generator<unknown> };
  const parseWorksheet = r._parseWorksheet;
  if (typeof parseWorksheet !== 'function') throw new Error('exceljs WorkbookReader has no _parseWorksheet (version changed?)');
  r._parseWorksheet = function* (this: unknown, ...args: unknown[]) {
    inWorksheet = true;
    yield* parseWorksheet.apply(this, args);
  };
  return table;
}

/**
 * Stream a worksheet of an XLSX as rows with exceljs's streaming WorkbookReader, over a size-verified stored copy of the
 * needed parts (see openXlsxCore). Cell values become strings (cellValueToString).
 *
 * Which worksheet: the first (workbook order) — unless `isHeaderRow` is given and the workbook has more than one sheet:
 * then the first sheet whose first rows hold a header row (a notes or cover sheet in front of the data is passed
 * over). When no sheet has one, the first sheet is read as before (its first non-blank row is the header).
 */
export async function* readXlsxRows(path: string, opts: XlsxReadOptions = {}): AsyncGenerator<ReadItem> {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...opts.limits };
  const first = await openXlsxCore(path, limits);
  const sheetCount = Math.min(first.sheets.length, 50);
  if (!opts.isHeaderRow || sheetCount < 2) {
    yield* readSheet(first, new RowSink(opts), opts);
    return;
  }
  for (let i = 0; i < sheetCount; i++) {
    const core = i === 0 ? first : await openXlsxCore(path, limits, i);
    try {
      // Nothing is yielded before the header row is found, so a sheet without one is left without output.
      yield* readSheet(core, new RowSink(opts, true), opts);
      return;
    } catch (e) {
      if (!(e instanceof NoHeaderRow)) throw e;
    }
  }
  yield* readSheet(await openXlsxCore(path, limits), new RowSink(opts), opts);
}

/** The rows of the one worksheet `core` holds, through `sink`; closes `core`. */
async function* readSheet(core: XlsxCore, sink: RowSink, opts: XlsxReadOptions): AsyncGenerator<ReadItem> {
  const maxColumns = opts.maxColumns ?? 200;
  const race = core.guard;
  try {
    // Loaded on first use: exceljs takes about a second to import, which a CSV import (and its parse worker) need not pay.
    const { default: Excel } = await import('exceljs');
    const reader = new Excel.stream.xlsx.WorkbookReader(core.stream, {
      worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
    });
    const shared = compactSharedStrings(reader);
    const sheets = reader[Symbol.asyncIterator]();
    let done = false;
    for (let s = await race(sheets.next()); !s.done; s = await race(sheets.next())) {
      if (done) continue; // only one sheet is ever passed; drain defensively
      const rows = (s.value as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
      let last = 0;
      for (let r = await race(rows.next()); !r.done; r = await race(rows.next())) {
        const row = r.value;
        const num = row.number;
        if (!Number.isInteger(num) || num <= last) {
          throw importErrors.unreadable('工作表行号异常', 'worksheet row numbers are invalid');
        }
        last = num;
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          if (col <= maxColumns + 1) cells[col - 1] = xlsxCellToString(cell, core.date1904, shared);
        });
        for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = '';
        yield* sink.push(num, cells);
      }
      done = true;
    }
    yield* sink.end();
  } catch (e) {
    if (isImportError(e) || e instanceof NoHeaderRow) throw e;
    throw importErrors.unreadable('XLSX 解析失败', 'XLSX parsing failed', e);
  } finally {
    core.close();
  }
}
