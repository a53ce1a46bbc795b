import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 三无小区管控点 (ADR 0074): a control point per unmanaged compound (its responsible person and patrol interval) and
 * the patrols recorded there. `control_points_scope_idx`: the points of an area and below (prefix, as migration 0027);
 * `control_points_due_idx`: the housekeeping step's points not yet told of a lapse. `control_point_patrols_point_idx`:
 * a point's patrols newest first; `control_point_patrols_open_idx`: its open problems. Every referring column is
 * indexed (ADR 0057).
 */
export const m0037ControlPoints: RxMigration = {
  name: '0037-control-points',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table control_points (
      id text primary key,
      compound_id text not null unique references compounds(id),
      community_id text not null references orgs(id),
      org_path text not null,
      lead_user_id text not null references users(id),
      interval_hours integer not null check (interval_hours between 4 and 168),
      last_patrol_at ${T},
      due_notified_at ${T},
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index control_points_scope_idx on control_points(${prefix})`);
    await ddl(db, 'create index control_points_community_idx on control_points(community_id)');
    await ddl(db, 'create index control_points_lead_idx on control_points(lead_user_id)');
    await ddl(db, 'create index control_points_created_by_idx on control_points(created_by)');
    await ddl(db, 'create index control_points_due_idx on control_points(last_patrol_at) where due_notified_at is null');
    await ddl(db, `create table control_point_patrols (
      id text primary key,
      point_id text not null references control_points(id),
      org_path text not null,
      patrolled_by text not null references users(id),
      patrolled_at ${T} not null,
      checks text not null,
      problems integer not null,
      note text,
      resolved_at ${T},
      resolved_by text references users(id),
      resolution text,
      version integer not null default 1
    )`);
    await ddl(db, 'create index control_point_patrols_point_idx on control_point_patrols(point_id, patrolled_at)');
    await ddl(db, 'create index control_point_patrols_open_idx on control_point_patrols(point_id) where problems > 0 and resolved_at is null');
    await ddl(db, 'create index control_point_patrols_by_idx on control_point_patrols(patrolled_by)');
    await ddl(db, 'create index control_point_patrols_resolved_by_idx on control_point_patrols(resolved_by) where resolved_by is not null');
  },
};
