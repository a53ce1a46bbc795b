import type { ImportRun, ImportRunStatus } from './import-history.api';

/** How a run was made: a check only (dry run), or an import in one of the two modes. */
export type ImportRunKind = 'dry_run' | 'partial' | 'all_or_nothing';

export function importRunKind(r: Pick<ImportRun, 'dryRun' | 'mode'>): ImportRunKind {
  return r.dryRun ? 'dry_run' : r.mode;
}

/** Tag colour of an outcome: green stored, orange stored in part, red nothing stored, blue a check, grey unfinished. */
export function importRunColor(status: ImportRunStatus): string {
  switch (status) {
    case 'committed':
      return 'green';
    case 'partial':
      return 'orange';
    case 'rejected':
    case 'failed':
      return 'red';
    case 'dry_run':
      return 'blue';
    default:
      return 'default';
  }
}

/**
 * What a run stored under 新登记 / 更新: a check (dry run) stored nothing, so it shows "—" there, not the counts it would
 * have stored (the title of the cell still tells them).
 */
export function importRunStored(r: Pick<ImportRun, 'dryRun'>, count: number): number | '—' {
  return r.dryRun ? '—' : count;
}

/** "XLSX · 1.2 MB" (what is known of the file: its sniffed type and size; never its name). */
export function importRunFile(r: Pick<ImportRun, 'format' | 'fileBytes'>): string {
  const parts: string[] = [];
  if (r.format) parts.push(r.format.toUpperCase());
  if (r.fileBytes !== null) parts.push(r.fileBytes >= 1024 * 1024 ? `${(r.fileBytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(r.fileBytes / 1024))} KB`);
  return parts.join(' · ') || '—';
}

/** The error report link is offered only when the server says the row errors are stored. */
export function hasErrorReport(r: Pick<ImportRun, 'errorCount' | 'errorReport'>): boolean {
  return r.errorReport && r.errorCount > 0;
}

/** The i18n key of a run's outcome: a failed run by why it failed (failureCode), else by its status. */
export function importRunOutcomeKey(r: Pick<ImportRun, 'status' | 'failureCode'>, known: (key: string) => boolean): string {
  if (r.status === 'failed' && r.failureCode) {
    const key = `registry.importHistory.failure.${r.failureCode}`;
    if (known(key)) return key;
  }
  return `registry.importHistory.status.${r.status}`;
}
