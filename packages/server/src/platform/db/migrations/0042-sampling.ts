import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 核酸采样 (ADR 0079): a community's sampling sites and rounds, the sealed tubes of a round and the people in each
 * (`sampling_samples`: a resident of the community, or a walk-in whose ID number is stored encrypted with its blind
 * index and masked copy), the lab result imports, and the single-tube retests a positive pool or an invalid tube calls
 * for. Scope indexes are prefix indexes as migration 0027's; every referring column is indexed (ADR 0057).
 */
export const m0042Sampling: RxMigration = {
  name: '0042-sampling',
  async up(db, d) {
    const T = d.timestamp;
    const B = d.bool;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table sampling_sites (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      address text not null,
      stations integer not null check (stations between 1 and 50),
      active ${B} not null,
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1,
      unique (community_id, name)
    )`);
    await ddl(db, `create index sampling_sites_scope_idx on sampling_sites(${prefix})`);
    await ddl(db, 'create index sampling_sites_created_by_idx on sampling_sites(created_by)');
    await ddl(db, `create table sampling_rounds (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      round_date text not null,
      pool_size integer not null check (pool_size in (1, 5, 10, 20)),
      note text,
      status text not null check (status in ('open','closed')),
      created_by text not null references users(id),
      created_at ${T} not null,
      closed_at ${T},
      closed_by text references users(id),
      version integer not null default 1,
      unique (community_id, name)
    )`);
    await ddl(db, `create index sampling_rounds_scope_idx on sampling_rounds(${prefix})`);
    await ddl(db, 'create index sampling_rounds_community_idx on sampling_rounds(community_id, status, round_date)');
    await ddl(db, 'create index sampling_rounds_created_by_idx on sampling_rounds(created_by)');
    await ddl(db, 'create index sampling_rounds_closed_by_idx on sampling_rounds(closed_by) where closed_by is not null');
    await ddl(db, `create table sampling_result_imports (
      id text primary key,
      round_id text not null references sampling_rounds(id),
      org_path text not null,
      file_name text not null,
      rows_total integer not null,
      applied integer not null,
      unchanged integer not null,
      positives integer not null,
      invalids integer not null,
      errors text not null,
      imported_by text not null references users(id),
      imported_at ${T} not null
    )`);
    await ddl(db, 'create index sampling_result_imports_round_idx on sampling_result_imports(round_id, imported_at)');
    await ddl(db, 'create index sampling_result_imports_by_idx on sampling_result_imports(imported_by)');
    await ddl(db, `create index sampling_result_imports_scope_idx on sampling_result_imports(${prefix})`);
    await ddl(db, `create table sampling_tubes (
      id text primary key,
      round_id text not null references sampling_rounds(id),
      org_path text not null,
      barcode text not null unique,
      site_id text references sampling_sites(id),
      station integer,
      door_to_door ${B} not null,
      pool_size integer not null check (pool_size in (1, 5, 10, 20)),
      members integer not null check (members >= 1),
      collected_by text not null references users(id),
      sealed_at ${T} not null,
      result text not null check (result in ('pending','negative','positive','invalid')),
      result_at ${T},
      result_import_id text references sampling_result_imports(id)
    )`);
    await ddl(db, 'create index sampling_tubes_round_idx on sampling_tubes(round_id, sealed_at)');
    await ddl(db, 'create index sampling_tubes_round_result_idx on sampling_tubes(round_id, result)');
    await ddl(db, 'create index sampling_tubes_site_idx on sampling_tubes(site_id) where site_id is not null');
    await ddl(db, 'create index sampling_tubes_collected_by_idx on sampling_tubes(collected_by)');
    await ddl(db, 'create index sampling_tubes_import_idx on sampling_tubes(result_import_id) where result_import_id is not null');
    await ddl(db, `create index sampling_tubes_scope_idx on sampling_tubes(${prefix})`);
    await ddl(db, `create table sampling_samples (
      id text primary key,
      tube_id text not null references sampling_tubes(id),
      round_id text not null references sampling_rounds(id),
      position integer not null,
      person_key text not null,
      resident_id text references residents(id),
      grid_id text references orgs(id),
      org_path text not null,
      walkin_name text,
      walkin_id_enc text,
      walkin_id_bidx text,
      walkin_id_masked text,
      repeat_sample ${B} not null,
      collected_at ${T} not null,
      collected_on text not null,
      unique (tube_id, position)
    )`);
    await ddl(db, 'create index sampling_samples_round_person_idx on sampling_samples(round_id, person_key)');
    await ddl(db, 'create index sampling_samples_resident_idx on sampling_samples(resident_id) where resident_id is not null');
    await ddl(db, 'create index sampling_samples_grid_idx on sampling_samples(grid_id) where grid_id is not null');
    await ddl(db, `create index sampling_samples_scope_idx on sampling_samples(${prefix})`);
    await ddl(db, 'create index sampling_samples_collected_idx on sampling_samples(collected_at)');
    await ddl(db, `create table sampling_retests (
      id text primary key,
      round_id text not null references sampling_rounds(id),
      sample_id text not null references sampling_samples(id) on delete cascade,
      source_tube_id text not null references sampling_tubes(id),
      person_key text not null,
      resident_id text references residents(id),
      grid_id text references orgs(id),
      org_path text not null,
      reason text not null check (reason in ('positive_pool','invalid')),
      status text not null check (status in ('pending','sampled','negative','positive')),
      retest_tube_id text references sampling_tubes(id),
      recalled_on text not null,
      created_at ${T} not null,
      updated_at ${T} not null,
      unique (sample_id)
    )`);
    await ddl(db, 'create index sampling_retests_round_idx on sampling_retests(round_id, status)');
    await ddl(db, 'create index sampling_retests_person_idx on sampling_retests(round_id, person_key)');
    await ddl(db, 'create index sampling_retests_source_idx on sampling_retests(source_tube_id)');
    await ddl(db, 'create index sampling_retests_tube_idx on sampling_retests(retest_tube_id) where retest_tube_id is not null');
    await ddl(db, 'create index sampling_retests_resident_idx on sampling_retests(resident_id) where resident_id is not null');
    await ddl(db, 'create index sampling_retests_grid_idx on sampling_retests(grid_id) where grid_id is not null');
    await ddl(db, `create index sampling_retests_scope_idx on sampling_retests(${prefix})`);
  },
};
