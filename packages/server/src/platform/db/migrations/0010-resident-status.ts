import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * A resident leaves the registry's active population by moving out of the area (迁出) or dying (死亡), and can come back
 * (迁回). `residents.status` holds the current state; every change is kept here with its date, reason and author.
 */
export const m0010ResidentStatus: RxMigration = {
  name: '0010-resident-status',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table resident_status_changes (
      id text primary key,
      resident_id text not null references residents(id),
      org_path text not null,
      from_status text not null,
      to_status text not null check (to_status in ('active','moved_out','deceased')),
      effective_date text not null,
      reason text not null,
      changed_by text not null,
      changed_at ${T} not null
    )`);
    await ddl(db, `create index resident_status_changes_resident_idx on resident_status_changes(resident_id, changed_at)`);
  },
};
