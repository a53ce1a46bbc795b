import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Risk early warning (SYSTEM.md capability 22): indicators with their default detector configuration (reference data,
 * inserted here so that every deployment can ingest), per-org overrides of that configuration, daily observations per
 * grid × indicator × date, alerts with their lifecycle (raised → acknowledged → resolved), and user notifications.
 */
export const m0004Warnings: RxMigration = {
  name: '0004-warnings',
  async up(db, d) {
    const T = d.timestamp;
    const B = d.bool;
    const TRUE = d.name === 'sqlite' ? '1' : 'true';
    // double precision: REAL affinity on SQLite, float8 on PostgreSQL.
    const F = 'double precision';
    await ddl(db, `create table warning_indicators (
      code text primary key,
      name_zh text not null,
      name_en text not null,
      unit_zh text not null,
      unit_en text not null,
      source text not null,
      detector ${d.json} not null,
      hard_rules ${d.json} not null,
      raise_on ${d.json} not null,
      enabled ${B} not null default ${TRUE},
      sort_order integer not null default 0,
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create table warning_indicator_settings (
      indicator_code text not null references warning_indicators(code),
      org_id text not null references orgs(id),
      org_path text not null,
      detector ${d.json} not null,
      hard_rules ${d.json} not null,
      raise_on ${d.json} not null,
      enabled ${B} not null,
      updated_by text not null references users(id),
      updated_at ${T} not null,
      version integer not null default 1,
      primary key (indicator_code, org_id)
    )`);
    await ddl(db, `create table warning_observations (
      grid_id text not null references orgs(id),
      org_path text not null,
      indicator_code text not null references warning_indicators(code),
      obs_date text not null,
      count integer not null check (count >= 0),
      denominator integer check (denominator is null or denominator >= 0),
      source text not null,
      updated_at ${T} not null,
      primary key (grid_id, indicator_code, obs_date)
    )`);
    await ddl(db, `create index warning_observations_ind_date_idx on warning_observations(indicator_code, obs_date)`);
    await ddl(db, `create index warning_observations_path_idx on warning_observations(org_path, indicator_code, obs_date)`);
    await ddl(db, `create table warning_alerts (
      id text primary key,
      grid_id text not null references orgs(id),
      org_path text not null,
      indicator_code text not null references warning_indicators(code),
      alert_date text not null,
      level text not null check (level in ('red','yellow')),
      cause text not null check (cause in ('detector','hard_rule')),
      detector text,
      rule text,
      observed integer not null,
      expected ${F},
      p_value ${F},
      yellow_limit ${F},
      red_limit ${F},
      status text not null default 'raised' check (status in ('raised','acknowledged','resolved')),
      raised_at ${T} not null,
      escalated_at ${T},
      acknowledged_at ${T},
      acknowledged_by text references users(id),
      ack_note text,
      resolved_at ${T},
      resolved_by text references users(id),
      resolution_note text,
      version integer not null default 1,
      unique (grid_id, indicator_code, alert_date)
    )`);
    await ddl(db, `create index warning_alerts_scope_idx on warning_alerts(org_path, status)`);
    await ddl(db, `create index warning_alerts_date_idx on warning_alerts(alert_date)`);
    await ddl(db, `create table notifications (
      id text primary key,
      recipient_id text not null references users(id),
      kind text not null,
      alert_id text references warning_alerts(id),
      created_at ${T} not null,
      read_at ${T},
      unique (recipient_id, alert_id, kind)
    )`);
    await ddl(db, `create index notifications_recipient_idx on notifications(recipient_id, created_at)`);

    const now = new Date().toISOString();
    for (const i of DEFAULT_INDICATORS) {
      await db.insertInto('warning_indicators').values({
        code: i.code, name_zh: i.nameZh, name_en: i.nameEn, unit_zh: i.unitZh, unit_en: i.unitEn, source: i.source,
        detector: JSON.stringify(i.detector), hard_rules: JSON.stringify(i.hardRules), raise_on: JSON.stringify(i.raiseOn),
        enabled: d.name === 'sqlite' ? 1 : true, sort_order: i.sortOrder, created_at: now, updated_at: now, version: 1,
      }).execute();
    }
  },
};

/**
 * The five starting indicators (SYSTEM.md 22). Detector default `auto` = ESSENCE switch with ≥ B+g+1 days of history,
 * else EARS C2 with minSigma 0.5 (ANALYTICS.md §3.2 [design proposal]). Frozen here as the migration's reference data;
 * later changes go through the config API (audited) or a new migration.
 */
export const DEFAULT_INDICATORS = [
  {
    code: 'fever_reports', nameZh: '发热自报', nameEn: 'Fever self-reports', unitZh: '人', unitEn: 'persons', source: 'self_reports', sortOrder: 1,
    detector: { method: 'auto', options: {} }, hardRules: { anyPositiveRed: false, redAtLeast: null, yellowAtLeast: null }, raiseOn: ['red', 'yellow'],
  },
  {
    code: 'positive_pools', nameZh: '阳性混管', nameEn: 'Positive pooled samples', unitZh: '管', unitEn: 'pools', source: 'sampling', sortOrder: 2,
    detector: { method: 'auto', options: {} }, hardRules: { anyPositiveRed: true, redAtLeast: null, yellowAtLeast: null }, raiseOn: ['red', 'yellow'],
  },
  {
    code: 'gate_anomalies', nameZh: '卡口异常', nameEn: 'Checkpoint anomalies', unitZh: '次', unitEn: 'events', source: 'gates', sortOrder: 3,
    detector: { method: 'auto', options: {} }, hardRules: { anyPositiveRed: false, redAtLeast: null, yellowAtLeast: null }, raiseOn: ['red', 'yellow'],
  },
  {
    code: 'quarantine_breaches', nameZh: '隔离违规', nameEn: 'Quarantine breaches', unitZh: '起', unitEn: 'incidents', source: 'quarantine', sortOrder: 4,
    detector: { method: 'auto', options: {} }, hardRules: { anyPositiveRed: false, redAtLeast: 3, yellowAtLeast: 1 }, raiseOn: ['red', 'yellow'],
  },
  {
    code: 'complaints', nameZh: '投诉', nameEn: 'Complaints', unitZh: '件', unitEn: 'complaints', source: 'complaints', sortOrder: 5,
    detector: { method: 'auto', options: {} }, hardRules: { anyPositiveRed: false, redAtLeast: null, yellowAtLeast: null }, raiseOn: ['red', 'yellow'],
  },
] as const;
