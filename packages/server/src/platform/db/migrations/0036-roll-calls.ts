import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 关爱点名 (ADR 0073): a roll call of the residents of an area who hold some care tags, and one item per person with
 * the latest check. `roll_calls_scope_idx`: the roll calls of an area and below (prefix, as migration 0027), newest
 * first. `roll_call_items_list_idx`: a roll call's list and counts by grid and state; `roll_call_items_scope_idx`: the part of
 * a community's roll call inside a grid worker's area (items carry the resident's grid path at the start). Every referring column is indexed
 * (ADR 0057): `roll_call_items_resident_idx` also serves a resident's erasure and the breach-impact query. `seq`: the
 * person's place in address order when the roll call started (door to door), the list's order within a state.
 */
export const m0036RollCalls: RxMigration = {
  name: '0036-roll-calls',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table roll_calls (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      grid_id text references orgs(id),
      title text not null,
      tags text not null,
      started_by text not null references users(id),
      started_at ${T} not null,
      due_at ${T} not null,
      closed_at ${T},
      closed_by text references users(id),
      overdue_notified_at ${T},
      total integer not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index roll_calls_scope_idx on roll_calls(${prefix}, started_at)`);
    await ddl(db, 'create index roll_calls_grid_idx on roll_calls(grid_id) where grid_id is not null');
    await ddl(db, 'create index roll_calls_started_by_idx on roll_calls(started_by)');
    await ddl(db, 'create index roll_calls_closed_by_idx on roll_calls(closed_by) where closed_by is not null');
    await ddl(db, 'create index roll_calls_org_idx on roll_calls(org_id)');
    await ddl(db, 'create index roll_calls_due_idx on roll_calls(due_at) where closed_at is null and overdue_notified_at is null');
    await ddl(db, `create table roll_call_items (
      id text primary key,
      roll_call_id text not null references roll_calls(id),
      resident_id text not null references residents(id),
      grid_id text not null references orgs(id),
      org_path text not null,
      status text not null default 'pending' check (status in ('pending','safe','needs_help','unreachable','helped')),
      need text check (need in ('medicine','medical','supplies','care','other')),
      method text check (method in ('phone','visit','neighbour','message','self')),
      note text,
      attempts integer not null default 0,
      checked_by text references users(id),
      checked_at ${T},
      version integer not null default 1,
      seq integer not null,
      unique (roll_call_id, resident_id)
    )`);
    await ddl(db, 'create index roll_call_items_list_idx on roll_call_items(roll_call_id, grid_id, status)');
    await ddl(db, 'create index roll_call_items_scope_idx on roll_call_items(roll_call_id, org_path)');
    await ddl(db, 'create index roll_call_items_resident_idx on roll_call_items(resident_id)');
    await ddl(db, 'create index roll_call_items_grid_idx on roll_call_items(grid_id)');
    await ddl(db, 'create index roll_call_items_checked_by_idx on roll_call_items(checked_by) where checked_by is not null');
    await ddl(db, 'create index roll_call_items_checked_at_idx on roll_call_items(checked_at) where note is not null or need is not null');
  },
};
