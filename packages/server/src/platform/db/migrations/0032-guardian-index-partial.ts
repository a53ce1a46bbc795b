import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * `residents_guardian_idx` (0030) becomes partial, `where guardian_id is not null`, like 0031's `households_head_idx`.
 * Its queries all ask `guardian_id = ?` (a guardian's children, the minors left when someone moves out or dies, the
 * erasure, the foreign-key check of `delete from residents`); an equality implies not null, so both planners still use
 * it. The full index was taken for the data-quality kind `minor_no_guardian` (`r.guardian_id is null`): SQLite read
 * every resident of the installation without a guardian — nearly all of them — to find a community's few children
 * without one (160–520 ms at 300,000 residents, growing with the installation, on the event loop), with or without
 * `sqlite_stat1` (ADR 0058); only `sqlite_stat4` (a full ANALYZE) showed it how many rows have no guardian. Through
 * `residents_scope_idx` the same page takes 2 ms.
 *
 * `drop index if exists` and the `deferred_indexes` row: a bulk load interrupted before this migration may have left
 * the index dropped with its old definition pending (deferred-indexes.ts), as in 0029.
 */
export const m0032GuardianIndexPartial: RxMigration = {
  name: '0032-guardian-index-partial',
  async up(db) {
    await ddl(db, 'drop index if exists residents_guardian_idx');
    await ddl(db, "delete from deferred_indexes where name = 'residents_guardian_idx'");
    await ddl(db, 'create index residents_guardian_idx on residents(guardian_id) where guardian_id is not null');
  },
};
