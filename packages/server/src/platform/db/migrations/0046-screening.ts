import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 大数据+网格 screening (ADR 0083): upper-level lists (close contacts, returnees, inbound travellers) with their row
 * errors, and one entry per stored row: the given identity (full ID / phone encrypted with blind indexes, masked forms),
 * the match against the registry with its confidence and evidence, the gate / order filter, the routing to a community
 * and grid, and the door-to-door check's outcome.
 */
export const m0046Screening: RxMigration = {
  name: '0046-screening',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table screening_lists (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      kind text not null check (kind in ('close_contact','secondary_contact','risk_area','inbound','other')),
      title text not null,
      source text not null,
      due_at ${T} not null,
      file_name text not null,
      rows_total integer not null,
      errors text not null,
      status text not null check (status in ('open','closed')),
      created_by text not null references users(id),
      created_at ${T} not null,
      day text not null,
      closed_by text references users(id),
      closed_at ${T},
      close_reason text,
      done_notified_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, `create index screening_lists_scope_idx on screening_lists(${prefix})`);
    await ddl(db, 'create index screening_lists_org_idx on screening_lists(org_id)');
    await ddl(db, 'create index screening_lists_created_by_idx on screening_lists(created_by)');
    await ddl(db, 'create index screening_lists_closed_by_idx on screening_lists(closed_by) where closed_by is not null');
    await ddl(db, `create table screening_entries (
      id text primary key,
      list_id text not null references screening_lists(id),
      row_no integer not null,
      org_path text not null,
      community_id text references orgs(id),
      grid_id text references orgs(id),
      name text not null,
      id_enc text,
      id_bidx text,
      id_masked text,
      phone_enc text,
      phone_bidx text,
      phone_masked text,
      address text,
      arrived_on text,
      origin text,
      note text,
      resident_id text references residents(id),
      state text not null check (state in ('matched','uncertain','unmatched')),
      confidence integer not null,
      evidence text not null,
      gate_seen_at ${T},
      status text not null check (status in ('open','done')),
      outcome text check (outcome in ('controlled','not_here','left','wrong_info','already_controlled')),
      measure text check (measure in ('home_quarantine','health_monitoring','centralised')),
      outcome_note text,
      checked_by text references users(id),
      checked_at ${T},
      created_at ${T} not null,
      day text not null,
      version integer not null default 1
    )`);
    await ddl(db, 'create index screening_entries_list_idx on screening_entries(list_id, row_no)');
    await ddl(db, `create index screening_entries_scope_idx on screening_entries(${prefix})`);
    await ddl(db, 'create index screening_entries_community_idx on screening_entries(community_id) where community_id is not null');
    await ddl(db, 'create index screening_entries_grid_idx on screening_entries(grid_id, status) where grid_id is not null');
    await ddl(db, 'create index screening_entries_resident_idx on screening_entries(resident_id) where resident_id is not null');
    await ddl(db, 'create index screening_entries_id_idx on screening_entries(id_bidx) where id_bidx is not null');
    await ddl(db, 'create index screening_entries_phone_idx on screening_entries(phone_bidx) where phone_bidx is not null');
    await ddl(db, 'create index screening_entries_checked_by_idx on screening_entries(checked_by) where checked_by is not null');
  },
};
