import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../http/errors';
import { uuidv7 } from '../../platform/ids';
import { inspectUpload, isImportError, readCsvRows, readXlsxRows, type ReadItem } from './import';

export type SheetRow = { row: number; cells: string[] };
export type Sheet = { headers: string[]; rows: SheetRow[] };

/**
 * A small uploaded spreadsheet read whole (another module's import, e.g. a lab's result sheet, ADR 0079): saved to a
 * private file under the data directory, checked like the resident import (size, type sniffed from the bytes, zip-bomb
 * limits, UTF-8 / GBK), read as CSV or XLSX with the header row the caller recognises, then the file is removed. File
 * errors answer as the resident import's do (400 / 413 with their codes); more than `maxRows` data rows is 413.
 */
export async function readUploadedSheet(
  dataDir: string, stream: Readable & { truncated?: boolean }, fileName: string,
  o: { maxRows: number; isHeaderRow: (cells: string[]) => boolean },
): Promise<Sheet> {
  const dir = path.join(dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `${uuidv7()}.upload`);
  try {
    await pipeline(stream, fs.createWriteStream(tmp, { mode: 0o600 }));
    if (stream.truncated) throw new AppError(413, 'too_large', '文件过大', 'File too large');
    const kind = (await inspectUpload(tmp, fileName)).kind;
    const opts = { isHeaderRow: o.isHeaderRow, maxRows: o.maxRows };
    const items: AsyncGenerator<ReadItem> = kind === 'xlsx' ? readXlsxRows(tmp, opts) : readCsvRows(tmp, opts);
    const sheet: Sheet = { headers: [], rows: [] };
    for await (const it of items) {
      if ('headers' in it) sheet.headers = it.headers;
      else sheet.rows.push({ row: it.row, cells: it.cells });
    }
    return sheet;
  } catch (e) {
    if (isImportError(e)) throw new AppError(e.status, e.code, e.message, e.messageEn, e.details);
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
