import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 应急避难场所与应急通道 (ADR 0078): a community's shelters and their inspections, its emergency lanes, its clearance
 * hours (`lane_settings`, whose row also serialises the numbering of the day's reports), and the occupation reports.
 * Scope indexes are prefix indexes as migration 0027's; every referring column is indexed (ADR 0057).
 */
export const m0041SheltersAndLanes: RxMigration = {
  name: '0041-shelters-and-lanes',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table shelters (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      kind text not null,
      address text not null,
      capacity integer not null check (capacity >= 1),
      area_m2 integer,
      facilities text not null,
      status text not null check (status in ('standby','open','closed')),
      interval_days integer not null check (interval_days between 7 and 365),
      last_inspected_at ${T},
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1,
      unique (community_id, name)
    )`);
    await ddl(db, `create index shelters_scope_idx on shelters(${prefix})`);
    await ddl(db, 'create index shelters_created_by_idx on shelters(created_by)');
    await ddl(db, `create table shelter_inspections (
      id text primary key,
      shelter_id text not null references shelters(id),
      org_path text not null,
      inspected_by text not null references users(id),
      inspected_at ${T} not null,
      checks text not null,
      problems integer not null,
      note text
    )`);
    await ddl(db, 'create index shelter_inspections_shelter_idx on shelter_inspections(shelter_id, inspected_at)');
    await ddl(db, 'create index shelter_inspections_by_idx on shelter_inspections(inspected_by)');
    await ddl(db, `create index shelter_inspections_scope_idx on shelter_inspections(${prefix})`);
    await ddl(db, `create table emergency_lanes (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      kind text not null check (kind in ('fire','evacuation','ambulance')),
      location text not null,
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1,
      unique (community_id, name)
    )`);
    await ddl(db, `create index emergency_lanes_scope_idx on emergency_lanes(${prefix})`);
    await ddl(db, 'create index emergency_lanes_created_by_idx on emergency_lanes(created_by)');
    await ddl(db, `create table lane_settings (
      community_id text primary key references orgs(id),
      org_path text not null,
      clearance_hours integer not null check (clearance_hours between 1 and 72),
      updated_by text references users(id),
      updated_at ${T} not null
    )`);
    await ddl(db, `create index lane_settings_scope_idx on lane_settings(${prefix})`);
    await ddl(db, 'create index lane_settings_updated_by_idx on lane_settings(updated_by) where updated_by is not null');
    await ddl(db, `create table lane_reports (
      id text primary key,
      ref text not null,
      community_id text not null references orgs(id),
      org_path text not null,
      lane_id text references emergency_lanes(id),
      location text,
      description text not null,
      reporter_id text not null references users(id),
      by_resident ${d.bool} not null,
      status text not null check (status in ('open','cleared','unfounded')),
      reported_at ${T} not null,
      due_at ${T} not null,
      handled_at ${T},
      handled_by text references users(id),
      resolution text,
      overdue_notified_at ${T},
      version integer not null default 1,
      unique (community_id, ref)
    )`);
    await ddl(db, `create index lane_reports_scope_idx on lane_reports(${prefix})`);
    await ddl(db, 'create index lane_reports_community_idx on lane_reports(community_id, status, due_at)');
    await ddl(db, 'create index lane_reports_lane_idx on lane_reports(lane_id) where lane_id is not null');
    await ddl(db, 'create index lane_reports_reporter_idx on lane_reports(reporter_id)');
    await ddl(db, 'create index lane_reports_handled_by_idx on lane_reports(handled_by) where handled_by is not null');
    await ddl(db, "create index lane_reports_overdue_idx on lane_reports(due_at) where status = 'open' and overdue_notified_at is null");
  },
};
