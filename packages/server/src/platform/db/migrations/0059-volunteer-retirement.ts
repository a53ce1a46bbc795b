import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 志愿者退出 (ADR 0085 addendum): a community admin takes a volunteer off the roster with a reason (退出) and can put them
 * back (恢复). The roster entry stays, with its hours, for the community's counts; when, why and by whom are kept.
 */
export const m0059VolunteerRetirement: RxMigration = {
  name: '0059-volunteer-retirement',
  async up(db, d) {
    await ddl(db, `alter table volunteers add column retired_at ${d.timestamp}`);
    await ddl(db, 'alter table volunteers add column retired_reason text');
    await ddl(db, 'alter table volunteers add column retired_by text references users(id)');
    await ddl(db, 'create index volunteers_retired_by_idx on volunteers(retired_by) where retired_by is not null');
  },
};
