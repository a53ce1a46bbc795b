import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/** Definitions of indexes a bulk load has dropped and not yet rebuilt (platform/db/deferred-indexes.ts). */
export const m0009DeferredIndexes: RxMigration = {
  name: '0009-deferred-indexes',
  async up(db, d) {
    await ddl(db, `create table deferred_indexes (
      name text primary key,
      table_name text not null,
      definition text not null,
      dropped_at ${d.timestamp} not null
    )`);
  },
};
