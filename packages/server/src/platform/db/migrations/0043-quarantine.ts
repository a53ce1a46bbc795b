import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 居家隔离 (ADR 0080): orders of residents under a policy template (the template's days, sampling days and checks per
 * day kept on the order), approved by an office above; the twice-daily health checks, door-sensor events and needs of
 * an order. Scope indexes are prefix indexes as migration 0027's; every referring column is indexed (ADR 0057).
 */
export const m0043Quarantine: RxMigration = {
  name: '0043-quarantine',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table quarantine_orders (
      id text primary key,
      resident_id text not null references residents(id),
      community_id text not null references orgs(id),
      grid_id text not null references orgs(id),
      org_path text not null,
      kind text not null check (kind in ('home_quarantine','health_monitoring')),
      policy_code text not null,
      days integer not null check (days between 1 and 28),
      sampling_days text not null,
      checks_per_day integer not null check (checks_per_day in (1, 2)),
      reason text not null check (reason in ('close_contact','secondary_contact','risk_area_return','inbound','other')),
      note text,
      start_date text not null,
      end_date text not null,
      sensor_id text,
      status text not null check (status in ('pending','active','released','cancelled')),
      proposed_by text not null references users(id),
      proposed_at ${T} not null,
      decided_by text references users(id),
      decided_at ${T},
      decision_note text,
      released_by text references users(id),
      released_at ${T},
      certificate_no text unique,
      cancel_reason text,
      door_notified_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, `create index quarantine_orders_scope_idx on quarantine_orders(${prefix})`);
    await ddl(db, 'create index quarantine_orders_resident_idx on quarantine_orders(resident_id, status)');
    await ddl(db, 'create index quarantine_orders_community_idx on quarantine_orders(community_id, status)');
    await ddl(db, 'create index quarantine_orders_grid_idx on quarantine_orders(grid_id)');
    await ddl(db, "create index quarantine_orders_sensor_idx on quarantine_orders(sensor_id) where sensor_id is not null and status in ('pending','active')");
    await ddl(db, 'create index quarantine_orders_proposed_by_idx on quarantine_orders(proposed_by)');
    await ddl(db, 'create index quarantine_orders_decided_by_idx on quarantine_orders(decided_by) where decided_by is not null');
    await ddl(db, 'create index quarantine_orders_released_by_idx on quarantine_orders(released_by) where released_by is not null');
    await ddl(db, `create table quarantine_checks (
      id text primary key,
      order_id text not null references quarantine_orders(id),
      org_path text not null,
      check_date text not null,
      slot text not null check (slot in ('am','pm')),
      temperature real not null,
      symptoms text not null,
      fever ${d.bool} not null,
      note text,
      checked_by text not null references users(id),
      by_self ${d.bool} not null,
      checked_at ${T} not null,
      unique (order_id, check_date, slot)
    )`);
    await ddl(db, `create index quarantine_checks_scope_idx on quarantine_checks(${prefix})`);
    await ddl(db, 'create index quarantine_checks_by_idx on quarantine_checks(checked_by)');
    await ddl(db, 'create index quarantine_checks_at_idx on quarantine_checks(checked_at)');
    await ddl(db, `create table quarantine_door_events (
      id text primary key,
      order_id text not null references quarantine_orders(id),
      org_path text not null,
      sensor_id text not null,
      event text not null check (event in ('open','close')),
      at ${T} not null,
      received_at ${T} not null
    )`);
    await ddl(db, 'create index quarantine_door_events_order_idx on quarantine_door_events(order_id, at)');
    await ddl(db, `create index quarantine_door_events_scope_idx on quarantine_door_events(${prefix})`);
    await ddl(db, 'create index quarantine_door_events_received_idx on quarantine_door_events(received_at)');
    await ddl(db, `create table quarantine_needs (
      id text primary key,
      order_id text not null references quarantine_orders(id),
      org_path text not null,
      kind text not null check (kind in ('groceries','medicine','medical','counselling','garbage','other')),
      detail text not null,
      status text not null check (status in ('open','taken','done')),
      created_by text not null references users(id),
      by_self ${d.bool} not null,
      created_at ${T} not null,
      taken_by text references users(id),
      taken_at ${T},
      done_note text,
      done_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, 'create index quarantine_needs_order_idx on quarantine_needs(order_id, status)');
    await ddl(db, `create index quarantine_needs_scope_idx on quarantine_needs(${prefix})`);
    await ddl(db, 'create index quarantine_needs_created_by_idx on quarantine_needs(created_by)');
    await ddl(db, 'create index quarantine_needs_taken_by_idx on quarantine_needs(taken_by) where taken_by is not null');
  },
};
