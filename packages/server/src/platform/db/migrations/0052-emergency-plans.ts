import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 应急预案与演练 (ADR 0089): a community's emergency plans (one row per revision; the revisions of one plan share a
 * series), their drills (start, steps done against their target minutes, attendance, finish) and the drills' findings,
 * of which some are plan revision actions closed when a new revision that addresses them is published.
 */
export const m0052EmergencyPlans: RxMigration = {
  name: '0052-emergency-plans',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table emergency_plans (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      series_id text not null,
      revision integer not null,
      title text not null,
      hazard text not null check (hazard in ('epidemic','flood_typhoon','fire','other')),
      status text not null check (status in ('draft','active','retired')),
      roles text not null,
      steps text not null,
      revision_note text,
      published_at ${T},
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index emergency_plans_scope_idx on emergency_plans(${prefix})`);
    await ddl(db, 'create index emergency_plans_org_idx on emergency_plans(org_id)');
    await ddl(db, 'create unique index emergency_plans_series_idx on emergency_plans(series_id, revision)');
    await ddl(db, 'create index emergency_plans_created_by_idx on emergency_plans(created_by)');
    await ddl(db, `create table plan_drills (
      id text primary key,
      plan_id text not null references emergency_plans(id),
      series_id text not null,
      org_id text not null references orgs(id),
      org_path text not null,
      kind text not null check (kind in ('tabletop','functional')),
      place text,
      scheduled_at ${T} not null,
      status text not null check (status in ('scheduled','running','finished')),
      started_at ${T},
      finished_at ${T},
      step_marks text not null,
      attendance text not null,
      residents_count integer not null default 0,
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index plan_drills_scope_idx on plan_drills(${prefix})`);
    await ddl(db, 'create index plan_drills_plan_idx on plan_drills(plan_id)');
    await ddl(db, 'create index plan_drills_series_idx on plan_drills(series_id, scheduled_at)');
    await ddl(db, 'create index plan_drills_org_idx on plan_drills(org_id)');
    await ddl(db, 'create index plan_drills_created_by_idx on plan_drills(created_by)');
    await ddl(db, `create table plan_drill_findings (
      id text primary key,
      drill_id text not null references plan_drills(id),
      series_id text not null,
      org_path text not null,
      text text not null,
      severity text not null check (severity in ('low','medium','high')),
      action text,
      action_status text check (action_status in ('open','closed')),
      closed_by_plan_id text references emergency_plans(id),
      closed_at ${T},
      created_by text not null references users(id),
      created_at ${T} not null
    )`);
    await ddl(db, `create index plan_drill_findings_scope_idx on plan_drill_findings(${prefix})`);
    await ddl(db, 'create index plan_drill_findings_drill_idx on plan_drill_findings(drill_id)');
    await ddl(db, 'create index plan_drill_findings_series_idx on plan_drill_findings(series_id, action_status)');
    await ddl(db, 'create index plan_drill_findings_closed_by_idx on plan_drill_findings(closed_by_plan_id) where closed_by_plan_id is not null');
    await ddl(db, 'create index plan_drill_findings_created_by_idx on plan_drill_findings(created_by)');
  },
};
