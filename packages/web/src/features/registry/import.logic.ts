import type { TFunction } from 'i18next';
import { formatCount } from '../../lib/numbers';
import type { ImportResult, ImportRowError } from './api';

/**
 * The spreadsheet's own row of an import error (表格中的行号: the number Excel/WPS shows at the left, header and title
 * rows counted), or "—" for runs stored before the server kept it. `row` stays the data row below the header.
 */
export function importErrorSheetRow(e: Pick<ImportRowError, 'row' | 'sheetRow'>): string {
  return e.sheetRow === undefined ? '—' : String(e.sheetRow);
}

/**
 * The sentence and the note of a finished import. "更新" counts only the people whose record the file changed: a
 * re-imported file whose people all match the records said "更新 3 人。其中 3 人与系统中一致，不会改动", which reads as
 * three changes (walk-through, ADR 0065). Those who match are named in the note instead ("另有 3 人…"). Counts with
 * thousands separators in `language` (lib/numbers.ts).
 */
export function importOutcome(
  r: Pick<ImportResult, 'status' | 'imported' | 'updated' | 'unchanged' | 'errorCount'>, t: TFunction, language: string,
): { title: string; unchanged: string | null } {
  const n = (v: number) => formatCount(v, language);
  const unchanged = Math.max(0, Math.min(r.unchanged ?? 0, r.updated));
  const counts = { imported: n(r.imported), updated: n(r.updated - unchanged), errors: n(r.errorCount) };
  const title =
    r.status === 'committed'
      ? t('registry.import.committed', counts)
      : r.status === 'partial'
        ? t('registry.import.partial', counts)
        : t('registry.import.rejected', counts);
  return { title, unchanged: r.status !== 'rejected' && unchanged > 0 ? t('registry.import.unchangedDone', { n: n(unchanged) }) : null };
}
