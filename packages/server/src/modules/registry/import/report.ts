import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RowError } from './validate';

/**
 * Columns of the error report: the spreadsheet's own row number (what Excel/WPS shows at the left; empty for jobs
 * stored before it was kept), then the row counted from the line below the header (the file may have title rows above it).
 */
export const REPORT_HEADERS = ['表格中的行号', '行号（表头下第几行）', '列', '错误代码', '说明'] as const;

/**
 * Spreadsheet-formula neutralisation (OWASP CSV injection; SECURITY.md §7 C16): a cell starting with
 * = + - @ TAB or CR gets a leading apostrophe. Reused by the export feature.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field per RFC 4180 (quoted when it holds a delimiter, quote or line break), after neutralisation. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const v = neutralizeCell(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

type Errors = Iterable<RowError> | AsyncIterable<RowError>;
type Target = string | Writable;

const openTarget = (out: Target): { stream: Writable } => ({ stream: typeof out === 'string' ? createWriteStream(out) : out });

async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Write the error report as UTF-8 CSV with BOM (Excel opens it correctly), CRLF line ends. Streams; the target
 * (path or Writable) is ended when the report is complete, like the XLSX writers do.
 */
export async function writeErrorReportCsv(errors: Errors, out: Target): Promise<void> {
  const { stream } = openTarget(out);
  await write(stream, `\uFEFF${REPORT_HEADERS.join(',')}\r\n`);
  for await (const e of errors) {
    await write(stream, `${[e.sheetRow === undefined ? '' : csvField(e.sheetRow), csvField(e.row), csvField(e.column), csvField(e.code), csvField(e.message)].join(',')}\r\n`);
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/** Write the error report as XLSX with exceljs's streaming writer (ends the target); every text cell is a neutralised string. */
export async function writeErrorReportXlsx(errors: Errors, out: Target): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter(
    typeof out === 'string' ? { filename: out, useSharedStrings: false, useStyles: true } : { stream: out, useSharedStrings: false, useStyles: true },
  );
  const ws = wb.addWorksheet('导入错误');
  ws.columns = [
    { header: REPORT_HEADERS[0], key: 'sheetRow', width: 14 },
    { header: REPORT_HEADERS[1], key: 'row', width: 20 },
    { header: REPORT_HEADERS[2], key: 'column', width: 16 },
    { header: REPORT_HEADERS[3], key: 'code', width: 18 },
    { header: REPORT_HEADERS[4], key: 'message', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for await (const e of errors) {
    ws.addRow([e.sheetRow ?? null, e.row, neutralizeCell(e.column), neutralizeCell(e.code), neutralizeCell(e.message)]).commit();
  }
  ws.commit();
  await wb.commit();
}
