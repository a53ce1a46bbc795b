import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 卡口 (ADR 0081): gates of a community with their terminal's identity and policy; passage events (whereabouts: no
 * images, no ID numbers; `(device_id, event_id)` unique so a device's repeated delivery is stored once); visitors'
 * codes for a day; the community's registered vehicles (plate encrypted, its blind index unique per community).
 */
export const m0044Gates: RxMigration = {
  name: '0044-gates',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table gates (
      id text primary key,
      community_id text not null references orgs(id),
      grid_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      kind text not null check (kind in ('pedestrian','vehicle','mixed')),
      location text,
      purpose text not null,
      signage_on text,
      device_id text unique,
      device_mismatches integer not null default 0,
      device_held_at ${T},
      policy text not null,
      status text not null check (status in ('active','inactive')),
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index gates_scope_idx on gates(${prefix})`);
    await ddl(db, 'create index gates_community_idx on gates(community_id)');
    await ddl(db, 'create index gates_grid_idx on gates(grid_id)');
    await ddl(db, 'create index gates_created_by_idx on gates(created_by)');
    await ddl(db, `create table gate_visits (
      id text primary key,
      gate_id text not null references gates(id),
      community_id text not null references orgs(id),
      org_path text not null,
      name_enc text not null,
      phone_enc text not null,
      phone_bidx text not null,
      host text not null,
      reason text not null check (reason in ('family','delivery','repair','medical','other')),
      visit_date text not null,
      code text not null unique,
      status text not null check (status in ('registered','entered')),
      created_at ${T} not null,
      entered_at ${T}
    )`);
    await ddl(db, 'create index gate_visits_gate_idx on gate_visits(gate_id)');
    await ddl(db, 'create index gate_visits_community_idx on gate_visits(community_id, visit_date)');
    await ddl(db, `create index gate_visits_scope_idx on gate_visits(${prefix})`);
    await ddl(db, 'create index gate_visits_phone_idx on gate_visits(phone_bidx)');
    await ddl(db, 'create index gate_visits_created_idx on gate_visits(created_at)');
    await ddl(db, `create table gate_vehicles (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      plate_enc text not null,
      plate_bidx text not null,
      plate_masked text not null,
      kind text not null check (kind in ('resident','supply','medical','service')),
      resident_id text references residents(id),
      note text,
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1,
      unique (community_id, plate_bidx)
    )`);
    await ddl(db, `create index gate_vehicles_scope_idx on gate_vehicles(${prefix})`);
    await ddl(db, 'create index gate_vehicles_resident_idx on gate_vehicles(resident_id) where resident_id is not null');
    await ddl(db, 'create index gate_vehicles_created_by_idx on gate_vehicles(created_by)');
    await ddl(db, `create table gate_events (
      id text primary key,
      gate_id text not null references gates(id),
      org_path text not null,
      device_id text,
      event_id text,
      direction text not null check (direction in ('in','out')),
      method text not null check (method in ('face','idcard','qr','plate','manual')),
      subject text not null check (subject in ('resident','visitor','vehicle','unknown')),
      resident_id text references residents(id),
      visit_id text references gate_visits(id),
      vehicle_id text references gate_vehicles(id),
      claimed_colour text check (claimed_colour in ('green','yellow','red')),
      match_score real,
      decision text not null check (decision in ('allow','deny','review')),
      reasons text not null,
      device_time ${T},
      at ${T} not null,
      day text not null,
      checked_by text references users(id),
      review_outcome text check (review_outcome in ('let_in','turned_away')),
      reviewed_by text references users(id),
      reviewed_at ${T},
      review_note text,
      unique (device_id, event_id)
    )`);
    await ddl(db, 'create index gate_events_gate_idx on gate_events(gate_id, at)');
    await ddl(db, `create index gate_events_scope_idx on gate_events(${prefix})`);
    await ddl(db, 'create index gate_events_at_idx on gate_events(at)');
    await ddl(db, `create index gate_events_day_idx on gate_events(day, ${prefix})`);
    await ddl(db, 'create index gate_events_resident_idx on gate_events(resident_id) where resident_id is not null');
    await ddl(db, 'create index gate_events_visit_idx on gate_events(visit_id) where visit_id is not null');
    await ddl(db, 'create index gate_events_vehicle_idx on gate_events(vehicle_id) where vehicle_id is not null');
    await ddl(db, 'create index gate_events_checked_by_idx on gate_events(checked_by) where checked_by is not null');
    await ddl(db, 'create index gate_events_reviewed_by_idx on gate_events(reviewed_by) where reviewed_by is not null');
    await ddl(db, "create index gate_events_open_idx on gate_events(gate_id) where decision = 'review' and review_outcome is null");
  },
};
