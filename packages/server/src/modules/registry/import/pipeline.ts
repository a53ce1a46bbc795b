import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError, importErrors, isImportError } from './errors';
import { FIELD_LABELS, looksLikeHeaderRow, mapHeaders, type HeaderMapping, type HeaderWarning } from './headers';
import { readCsvRows, readXlsxRows, type ReadItem } from './read';
import { inspectUpload, type UploadInspection, type UploadLimits } from './sniff';
import { DuplicateTracker, validateRow, type ResidentImportRecord, type RowError } from './validate';

/** Options of parseImport. */
export type ParseImportOptions = {
  /** Clock for birth-date checks (default: now). */
  now?: Date;
  limits?: Partial<UploadLimits>;
  /** Default 1,000,000. */
  maxRows?: number;
  /** Default 200. */
  maxColumns?: number;
  /** Privileged columns (健康码, 隔离状态 …): ignored with a warning (default) or the file is refused. */
  privilegedColumns?: 'ignore' | 'reject';
};

/** First item: what the file is, how its headers were mapped, and the header's spreadsheet row (see HeaderItem). */
export type ParseHeadersItem = { kind: 'headers'; file: UploadInspection; headers: string[]; headerRow: number; mapping: HeaderMapping; warnings: HeaderWarning[] };
/** One non-blank data row with its record (when valid) and its errors. */
export type ParseRowItem = { kind: 'row'; row: number; record?: ResidentImportRecord; errors: RowError[] };
/** Last item: counts. `rows` counts non-blank data rows. */
export type ParseSummaryItem = { kind: 'summary'; rows: number; valid: number; invalid: number; errors: number; warnings: HeaderWarning[] };
/** Items yielded by parseImport. */
export type ParseImportItem = ParseHeadersItem | ParseRowItem | ParseSummaryItem;

/**
 * Sniff → stream rows → map headers → validate, one row at a time (memory stays flat for 1,000,000 rows).
 * Yields a headers item, then row items, then a summary. Throws ImportError for file-level problems
 * (including missing required headers, 422).
 */
export async function* parseImport(path: string, declaredName?: string, opts: ParseImportOptions = {}): AsyncGenerator<ParseImportItem> {
  const file = await inspectUpload(path, declaredName, opts.limits);
  const now = opts.now ?? new Date();
  const readOpts = { isHeaderRow: looksLikeHeaderRow, maxRows: opts.maxRows, maxColumns: opts.maxColumns };
  const rows: AsyncGenerator<ReadItem> =
    file.kind === 'csv'
      ? readCsvRows(path, { ...readOpts, encoding: file.encoding })
      : readXlsxRows(path, { ...readOpts, limits: opts.limits });
  try {
    const first = await rows.next();
    const headers = !first.done && 'headers' in first.value ? first.value.headers : [];
    const headerRow = !first.done && 'headers' in first.value ? first.value.headerRow : 0;
    if (headers.length === 0) throw importErrors.empty();
    const mapping = mapHeaders(headers);
    if (mapping.missing.length > 0) {
      const names = mapping.missing.map((f) => FIELD_LABELS[f].zh);
      throw new ImportError(
        'missing_headers',
        `缺少必填列：${names.join('、')}`,
        `Missing required columns: ${mapping.missing.map((f) => FIELD_LABELS[f].en).join(', ')}`,
        422,
        mapping.missing.map((f) => ({
          path: FIELD_LABELS[f].zh, code: 'required',
          message: `缺少列「${FIELD_LABELS[f].zh}」`, messageEn: `Column "${FIELD_LABELS[f].en}" is missing`,
        })),
      );
    }
    if (opts.privilegedColumns === 'reject' && mapping.ignored.some((c) => c.reason === 'privileged')) {
      const cols = mapping.ignored.filter((c) => c.reason === 'privileged').map((c) => c.header);
      throw new ImportError('privileged_columns', `文件含有不能导入的列：${cols.join('、')}`, `The file has columns that cannot be imported: ${cols.join(', ')}`, 400);
    }
    yield { kind: 'headers', file, headers, headerRow, mapping, warnings: mapping.warnings };

    const duplicates = new DuplicateTracker();
    let count = 0, valid = 0, errorCount = 0;
    for await (const item of rows) {
      if ('headers' in item) continue;
      const { record, errors } = validateRow(item.cells, mapping, { now, row: item.row, duplicates, headerRow });
      count++;
      if (record) valid++;
      errorCount += errors.length;
      yield record ? { kind: 'row', row: item.row, record, errors } : { kind: 'row', row: item.row, errors };
    }
    yield { kind: 'summary', rows: count, valid, invalid: count - valid, errors: errorCount, warnings: mapping.warnings };
  } catch (e) {
    if (isImportError(e)) throw e;
    throw importErrors.unreadable('处理失败', 'processing failed', e);
  } finally {
    await rows.return(undefined);
  }
}

/** Result of parseImportBuffer: valid records, all row errors and the header warnings. */
export type ParsedImport = { rows: ResidentImportRecord[]; errors: RowError[]; warnings: HeaderWarning[] };

/**
 * Parse an in-memory upload (fuzzing, small files): resolves `{ rows, errors, warnings }` or rejects with an
 * ImportError only. The type is sniffed from the bytes unless `declaredName` is given.
 */
export async function parseImportBuffer(bytes: Uint8Array, opts: ParseImportOptions & { declaredName?: string } = {}): Promise<ParsedImport> {
  const dir = await mkdtemp(join(tmpdir(), 'renxing-import-'));
  try {
    const path = join(dir, 'upload');
    await writeFile(path, bytes);
    const out: ParsedImport = { rows: [], errors: [], warnings: [] };
    for await (const item of parseImport(path, opts.declaredName, opts)) {
      if (item.kind === 'headers') out.warnings = item.warnings;
      else if (item.kind === 'row') {
        if (item.record) out.rows.push(item.record);
        for (const e of item.errors) out.errors.push(e);
      }
    }
    return out;
  } catch (e) {
    if (isImportError(e)) throw e;
    throw importErrors.unreadable('处理失败', 'processing failed', e);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
