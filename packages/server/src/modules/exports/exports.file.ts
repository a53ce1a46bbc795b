import ExcelJS from 'exceljs';
import { csvField, neutralizeCell } from '../registry';

/** Who made the file, when, and why — written into header rows (both formats) and the XLSX document properties. */
export type Watermark = {
  exportId: string;
  userId: string;
  username: string;
  generatedAt: string;
  /** The purpose as the reader should see it (an export's purpose label, or the impact file's text). */
  purpose: string;
  /** The purpose's code (e.g. epidemic.screening), kept in the XLSX document properties. */
  purposeCode?: string;
  rowCount: number;
};

export type ExportTable = { headers: string[]; rows: string[][]; watermark: Watermark };

export const NOTICE = '本文件含个人信息，仅限上述用途在职责范围内使用，严禁转发、公开或用于其他目的；导出已登记并留痕。';
const NOTICE_EN = 'Contains personal information. Use only for the stated purpose; do not forward or publish. This export is logged.';

// Characters XML 1.0 cannot carry (a cell holding one would make the XLSX unreadable); dropped from every cell.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * One text cell ready for a spreadsheet: control characters XML cannot hold are removed, then formula
 * neutralisation (a leading = + - @ TAB CR gets an apostrophe; SECURITY.md §7 C16, ASVS 5.0 1.2.10).
 */
export function safeCell(value: string): string {
  return neutralizeCell(value.replace(XML_INVALID, ''));
}

/** The watermark as label/value rows (the first rows of the sheet, above the column headers). */
export function watermarkRows(w: Watermark): string[][] {
  return [
    ['导出编号 Export ID', w.exportId],
    ['导出人 User ID', `${w.userId} (${w.username})`],
    ['导出时间 Exported at (UTC)', w.generatedAt],
    ['用途 Purpose', w.purpose],
    ['行数 Rows', String(w.rowCount)],
    ['说明 Notice', `${NOTICE} ${NOTICE_EN}`],
  ];
}

/** UTF-8 CSV with BOM and CRLF line ends; RFC 4180 quoting after neutralisation; watermark rows first, then a blank row. */
export function buildCsv(t: ExportTable): Buffer {
  const line = (cells: string[]) => cells.map((c) => csvField(c.replace(XML_INVALID, ''))).join(',');
  const lines = [...watermarkRows(t.watermark).map(line), '', line(t.headers), ...t.rows.map(line)];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** XLSX where every cell is a string (never a formula), with the watermark in header rows, page header and properties. */
export async function buildXlsx(t: ExportTable): Promise<Buffer> {
  const w = t.watermark;
  const wb = new ExcelJS.Workbook();
  const at = new Date(w.generatedAt);
  wb.creator = `renxing user ${w.userId}`;
  wb.lastModifiedBy = `renxing user ${w.userId}`;
  wb.created = at;
  wb.modified = at;
  wb.title = `居民导出 ${w.exportId}`;
  wb.subject = w.purpose;
  wb.keywords = `exportId=${w.exportId}; userId=${w.userId}; generatedAt=${w.generatedAt}`;
  wb.category = 'renxing-export';
  wb.description = `${NOTICE} exportId=${w.exportId} userId=${w.userId} username=${w.username} generatedAt=${w.generatedAt} purpose=${w.purpose}${w.purposeCode ? ` purposeCode=${w.purposeCode}` : ''} rows=${w.rowCount}`;
  const ws = wb.addWorksheet('导出数据');
  // Printed pages carry the watermark too ("&" starts a header/footer code, so it is doubled in data).
  const hf = (s: string) => s.replace(/&/g, '&&');
  ws.headerFooter.oddHeader = `&L${hf(`导出编号 ${w.exportId}`)}&R${hf(`${w.userId} ${w.generatedAt}`)}`;
  ws.headerFooter.oddFooter = `&L${hf(NOTICE)}&R&P/&N`;
  const put = (cells: string[]) => {
    const row = ws.addRow(cells.map(safeCell));
    row.eachCell((c) => {
      c.numFmt = '@'; // text format: typing into the cell later does not turn it into a formula or number either
    });
    return row;
  };
  for (const r of watermarkRows(w)) put(r).font = { italic: true, color: { argb: 'FF888888' } };
  ws.addRow([]);
  put(t.headers).font = { bold: true };
  for (const r of t.rows) put(r);
  ws.columns.forEach((c, i) => {
    c.width = i === 0 ? 24 : 18;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
