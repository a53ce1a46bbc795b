import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Resident registry: places below the grid (compound → building → unit), households, residents (ID and phone
 * encrypted, looked up through keyed blind indexes), care tags, move history, staff assignments, import jobs.
 */
export const m0002Registry: RxMigration = {
  name: '0002-registry',
  async up(db, d) {
    const T = d.timestamp;
    const B = d.bool;
    const F = d.name === 'sqlite' ? '0' : 'false';
    await ddl(db, `create table compounds (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      no_property_management ${B} not null default ${F},
      no_competent_authority ${B} not null default ${F},
      not_enclosed ${B} not null default ${F},
      created_at ${T} not null,
      unique (community_id, name)
    )`);
    await ddl(db, `create table buildings (
      id text primary key,
      compound_id text not null references compounds(id),
      grid_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      lead_user_id text references users(id),
      created_at ${T} not null,
      unique (compound_id, name)
    )`);
    await ddl(db, `create index buildings_grid_idx on buildings(grid_id)`);
    await ddl(db, `create table units (
      id text primary key,
      building_id text not null references buildings(id),
      name text not null,
      created_at ${T} not null,
      unique (building_id, name)
    )`);
    await ddl(db, `create table households (
      id text primary key,
      unit_id text not null references units(id),
      grid_id text not null references orgs(id),
      org_path text not null,
      room text not null,
      address text not null,
      household_type text not null default 'family' check (household_type in ('family','collective','rental')),
      head_resident_id text,
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1,
      unique (unit_id, room)
    )`);
    await ddl(db, `create index households_org_idx on households(org_path)`);
    // Scope path and search keys compare bytewise on PostgreSQL too (COLLATE "C"; SQLite's BINARY already is):
    // prefix ranges (张 → [张, 张+1), zs → [zs, zt)) and `org_path LIKE 'prefix%'` are then plain index ranges
    // whatever the database's locale.
    const C = d.name === 'postgres' ? ' collate "C"' : '';
    await ddl(db, `create table residents (
      id text primary key,
      household_id text not null references households(id),
      grid_id text not null references orgs(id),
      org_path text${C} not null,
      name text${C} not null,
      name_pinyin text${C} not null,
      name_initials text${C} not null,
      id_number_enc text not null,
      id_bidx text not null unique,
      id_masked text not null,
      id_tail text${C} not null,
      phone_enc text,
      phone_bidx text,
      phone_masked text,
      phone_tail text${C},
      sex text not null check (sex in ('M','F')),
      birth_date text not null,
      relation text not null,
      residence_type text not null check (residence_type in ('registered','floating','tenant','away')),
      tags text not null default '[]',
      guardian_id text references residents(id),
      external_ref text,
      restricted ${B} not null default ${F},
      status text not null default 'active' check (status in ('active','moved_out','deceased')),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index residents_org_idx on residents(org_path, id)`);
    await ddl(db, `create index residents_household_idx on residents(household_id)`);
    // Search keys: the key range is read in (key, id) order and the caller's scope (org_path prefix) is checked on the
    // index entry itself, so people outside the scope cost no table lookup. At a million residents a common
    // two-letter initial spans ~30,000 entries of which a community sees a few dozen.
    await ddl(db, `create index residents_initials_idx on residents(name_initials, id, org_path)`);
    await ddl(db, `create index residents_pinyin_idx on residents(name_pinyin, id, org_path)`);
    await ddl(db, `create index residents_name_idx on residents(name, id, org_path)`);
    await ddl(db, `create index residents_idtail_idx on residents(id_tail, id, org_path)`);
    await ddl(db, `create index residents_phonetail_idx on residents(phone_tail, id, org_path)`);
    await ddl(db, `create index residents_phone_bidx_idx on residents(phone_bidx)`);
    await ddl(db, `create table resident_tags (
      resident_id text not null references residents(id),
      tag text not null,
      org_path text not null,
      primary key (resident_id, tag)
    )`);
    await ddl(db, `create index resident_tags_tag_idx on resident_tags(tag, org_path)`);
    await ddl(db, `create table resident_moves (
      id text primary key,
      resident_id text not null references residents(id),
      from_household_id text references households(id),
      to_household_id text not null references households(id),
      from_grid_id text,
      to_grid_id text not null,
      moved_at ${T} not null,
      moved_by text not null,
      reason text not null
    )`);
    await ddl(db, `create index resident_moves_resident_idx on resident_moves(resident_id, moved_at)`);
    await ddl(db, `create table grid_assignments (
      grid_id text not null references orgs(id),
      user_id text not null references users(id),
      duty text not null check (duty in ('grid_worker','building_lead')),
      building_id text references buildings(id),
      created_at ${T} not null,
      primary key (grid_id, user_id, duty)
    )`);
    await ddl(db, `create table import_jobs (
      id text primary key,
      community_id text not null references orgs(id),
      created_by text not null references users(id),
      filename_hash text not null,
      kind text not null,
      mode text not null check (mode in ('all_or_nothing','partial')),
      dry_run ${B} not null,
      status text not null,
      rows_total integer not null default 0,
      imported integer not null default 0,
      updated integer not null default 0,
      error_count integer not null default 0,
      errors text not null default '[]',
      warnings text not null default '[]',
      created_at ${T} not null,
      finished_at ${T}
    )`);
  },
};
