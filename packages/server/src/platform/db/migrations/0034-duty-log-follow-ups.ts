import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 待跟进 in the duty log (ADR 0071): an entry may ask the next shift to follow something up (`follow_up`), and a later
 * entry settles it (`closes_id`, 办结). The log stays append-only — settling is an entry of its own, not a change of the
 * open one. `duty_logs_closes_idx` is unique: an item is settled once (a second 办结 of the same item is refused), and
 * "still open" is a look-up through it. `duty_logs_open_idx` holds only the entries that asked for a follow-up, in
 * the area's prefix order as `duty_logs_scope_idx` (0029): the open items of an area read that, not the whole log.
 */
export const m0034DutyLogFollowUps: RxMigration = {
  name: '0034-duty-log-follow-ups',
  async up(db, d) {
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `alter table duty_logs add column follow_up ${d.bool} not null default ${d.name === 'sqlite' ? 0 : 'false'}`);
    await ddl(db, 'alter table duty_logs add column closes_id text references duty_logs(id)');
    await ddl(db, 'create unique index duty_logs_closes_idx on duty_logs(closes_id) where closes_id is not null');
    await ddl(db, `create index duty_logs_open_idx on duty_logs(${prefix}, occurred_at) where follow_up`);
  },
};
