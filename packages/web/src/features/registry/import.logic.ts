import type { ImportRowError } from './api';

/**
 * The spreadsheet's own row of an import error (表格中的行号: the number Excel/WPS shows at the left, header and title
 * rows counted), or "—" for runs stored before the server kept it. `row` stays the data row below the header.
 */
export function importErrorSheetRow(e: Pick<ImportRowError, 'row' | 'sheetRow'>): string {
  return e.sheetRow === undefined ? '—' : String(e.sheetRow);
}
