import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Import history (ADR 0021 addendum): why a run ended as `failed` — the file-level error code (missing_headers,
 * type_mismatch, empty_file, encoding, archive_limits, too_many_rows, too_many_columns, privileged_columns, unreadable)
 * or `stopped` (the run broke off for another reason), so the history can say "文件被拒：缺少必填列" instead of
 * "文件无法读取" for every refusal. Null for other outcomes and for runs recorded before this migration.
 */
export const m0028ImportFailureCode: RxMigration = {
  name: '0028-import-failure-code',
  async up(db) {
    await ddl(db, 'alter table import_jobs add column failure_code text');
  },
};
