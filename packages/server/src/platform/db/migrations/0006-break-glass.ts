import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Break-the-glass (SECURITY.md §7 E26): time-limited grants to open a restricted resident record, each with a reason;
 * and notifications that point at any object (not only warning alerts), for the community admin to see who did it.
 */
export const m0006BreakGlass: RxMigration = {
  name: '0006-break-glass',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table break_glass_grants (
      id text primary key,
      resident_id text not null references residents(id),
      user_id text not null references users(id),
      org_path text not null,
      reason text not null,
      granted_at ${T} not null,
      expires_at ${T} not null
    )`);
    await ddl(db, `create index break_glass_user_idx on break_glass_grants(user_id, resident_id, expires_at)`);
    await ddl(db, `create index break_glass_org_idx on break_glass_grants(org_path, granted_at)`);
    await ddl(db, 'alter table notifications add column object_type text');
    await ddl(db, 'alter table notifications add column object_id text');
  },
};
