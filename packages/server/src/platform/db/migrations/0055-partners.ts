import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 多方协同与社会组织服务 (ADR 0091): the community's (or street's) partner units — party organisation, residents' and
 * owners' committees, property company, social organisations (registered with a credit code, or filed), volunteer teams,
 * units based in the area — with the people who act for them; the responsibility matrix (one lead per task kind); the
 * services they offer, the records of services given (how many residents, optionally who), and the slots of bookable
 * services (counselling) with the residents' bookings (one live booking per slot).
 */
export const m0055Partners: RxMigration = {
  name: '0055-partners',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table partner_units (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      kind text not null check (kind in ('party','residents_committee','owners_committee','property','social_org','volunteer_team','resident_unit')),
      name text not null,
      reg_status text check (reg_status in ('registered','filed')),
      credit_code text,
      contact_name text,
      contact_phone_enc text,
      contact_phone_masked text,
      services_note text,
      active ${d.bool} not null,
      ended_at ${T},
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index partner_units_scope_idx on partner_units(${prefix})`);
    await ddl(db, 'create index partner_units_org_idx on partner_units(org_id, kind)');
    await ddl(db, 'create index partner_units_created_by_idx on partner_units(created_by)');
    await ddl(db, 'create unique index partner_units_code_idx on partner_units(credit_code) where credit_code is not null');
    await ddl(db, `create table partner_members (
      unit_id text not null references partner_units(id),
      user_id text not null references users(id),
      org_path text not null,
      added_by text not null references users(id),
      added_at ${T} not null,
      primary key (unit_id, user_id)
    )`);
    await ddl(db, 'create index partner_members_user_idx on partner_members(user_id)');
    await ddl(db, `create index partner_members_scope_idx on partner_members(${prefix})`);
    await ddl(db, 'create index partner_members_added_by_idx on partner_members(added_by)');
    await ddl(db, `create table partner_duties (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      task_kind text not null,
      unit_id text not null references partner_units(id),
      role text not null check (role in ('lead','support','inform')),
      set_by text not null references users(id),
      set_at ${T} not null
    )`);
    await ddl(db, 'create unique index partner_duties_unit_idx on partner_duties(unit_id, task_kind)');
    // One lead per task kind in an org: the second is refused by the database as well (409 lead_taken).
    await ddl(db, "create unique index partner_duties_lead_idx on partner_duties(org_id, task_kind) where role = 'lead'");
    await ddl(db, 'create index partner_duties_org_idx on partner_duties(org_id, task_kind)');
    await ddl(db, `create index partner_duties_scope_idx on partner_duties(${prefix})`);
    await ddl(db, 'create index partner_duties_set_by_idx on partner_duties(set_by)');
    await ddl(db, `create table partner_services (
      id text primary key,
      unit_id text not null references partner_units(id),
      org_path text not null,
      category text not null check (category in ('haircut','counselling','errands','elderly_care','other')),
      name text not null,
      description text,
      bookable ${d.bool} not null,
      active ${d.bool} not null,
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, 'create index partner_services_unit_idx on partner_services(unit_id)');
    await ddl(db, `create index partner_services_scope_idx on partner_services(${prefix})`);
    await ddl(db, 'create index partner_services_created_by_idx on partner_services(created_by)');
    await ddl(db, `create table service_records (
      id text primary key,
      service_id text not null references partner_services(id),
      unit_id text not null references partner_units(id),
      org_path text not null,
      day text not null,
      place text not null,
      served_count integer not null check (served_count >= 1),
      note text,
      created_by text not null references users(id),
      created_at ${T} not null
    )`);
    await ddl(db, 'create index service_records_service_idx on service_records(service_id, day)');
    await ddl(db, 'create index service_records_unit_idx on service_records(unit_id, day)');
    await ddl(db, `create index service_records_scope_idx on service_records(${prefix})`);
    await ddl(db, 'create index service_records_created_by_idx on service_records(created_by)');
    await ddl(db, `create table service_record_residents (
      record_id text not null references service_records(id),
      resident_id text not null references residents(id),
      primary key (record_id, resident_id)
    )`);
    await ddl(db, 'create index service_record_residents_resident_idx on service_record_residents(resident_id)');
    await ddl(db, `create table service_slots (
      id text primary key,
      service_id text not null references partner_services(id),
      unit_id text not null references partner_units(id),
      org_path text not null,
      starts_at ${T} not null,
      minutes integer not null,
      mode text not null check (mode in ('phone','video','visit')),
      status text not null check (status in ('open','withdrawn')),
      created_by text not null references users(id),
      created_at ${T} not null
    )`);
    await ddl(db, 'create index service_slots_service_idx on service_slots(service_id, starts_at)');
    await ddl(db, 'create index service_slots_unit_idx on service_slots(unit_id, starts_at)');
    await ddl(db, 'create index service_slots_created_by_idx on service_slots(created_by)');
    await ddl(db, `create index service_slots_scope_idx on service_slots(${prefix})`);
    await ddl(db, `create table service_bookings (
      id text primary key,
      slot_id text not null references service_slots(id),
      service_id text not null references partner_services(id),
      unit_id text not null references partner_units(id),
      org_path text not null,
      resident_id text not null references residents(id),
      booked_by text not null references users(id),
      by_self ${d.bool} not null,
      note text,
      status text not null check (status in ('pending','confirmed','cancelled')),
      confirmed_by text references users(id),
      confirmed_at ${T},
      cancelled_by text references users(id),
      cancelled_at ${T},
      cancel_reason text,
      created_at ${T} not null,
      version integer not null default 1
    )`);
    // A slot holds one live booking: the second is refused by the database (409 slot_taken).
    await ddl(db, "create unique index service_bookings_slot_idx on service_bookings(slot_id) where status <> 'cancelled'");
    await ddl(db, 'create index service_bookings_slot_all_idx on service_bookings(slot_id)');
    await ddl(db, 'create index service_bookings_resident_idx on service_bookings(resident_id, created_at)');
    await ddl(db, 'create index service_bookings_unit_idx on service_bookings(unit_id, status)');
    await ddl(db, 'create index service_bookings_service_idx on service_bookings(service_id)');
    await ddl(db, `create index service_bookings_scope_idx on service_bookings(${prefix})`);
    await ddl(db, 'create index service_bookings_booked_by_idx on service_bookings(booked_by)');
    await ddl(db, 'create index service_bookings_confirmed_by_idx on service_bookings(confirmed_by) where confirmed_by is not null');
    await ddl(db, 'create index service_bookings_cancelled_by_idx on service_bookings(cancelled_by) where cancelled_by is not null');
  },
};
