import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Import history (导入记录, ADR 0021): each import run keeps the org path it could write to (the community, or the
 * grid of a grid worker) so runs are listed and their error reports downloaded by scope like other records, and what
 * the file was (sniffed format, size) instead of its name, which may name a person. Runs recorded before this
 * migration get their community's path.
 */
export const m0011ImportHistory: RxMigration = {
  name: '0011-import-history',
  async up(db) {
    await ddl(db, `alter table import_jobs add column scope_path text not null default ''`);
    await ddl(db, `update import_jobs set scope_path = coalesce((select o.path from orgs o where o.id = import_jobs.community_id), '')`);
    await ddl(db, 'alter table import_jobs add column file_format text');
    await ddl(db, 'alter table import_jobs add column file_bytes bigint');
    await ddl(db, 'create index import_jobs_scope_idx on import_jobs(scope_path, created_at)');
  },
};
