import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 病例与密接 (ADR 0084): the district's cases (a resident of the district by id, or a person given by name and numbers,
 * encrypted), their source case (the transmission chain), and each case's contacts with the exposure, the close contact
 * a secondary one came through, the case a contact became, and the screening list and row it was sent on.
 */
export const m0047Cases: RxMigration = {
  name: '0047-cases',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table cases (
      id text primary key,
      code text not null unique,
      org_path text not null,
      resident_id text references residents(id),
      name text,
      id_enc text,
      id_bidx text,
      id_masked text,
      phone_enc text,
      phone_bidx text,
      phone_masked text,
      classification text not null check (classification in ('confirmed','asymptomatic','suspected')),
      status text not null check (status in ('active','recovered','excluded')),
      onset_on text,
      reported_on text not null,
      exposure_note text,
      source_case_id text references cases(id),
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index cases_scope_idx on cases(${prefix})`);
    await ddl(db, 'create index cases_resident_idx on cases(resident_id) where resident_id is not null');
    await ddl(db, 'create index cases_source_idx on cases(source_case_id) where source_case_id is not null');
    await ddl(db, 'create index cases_created_by_idx on cases(created_by)');
    await ddl(db, 'create index cases_reported_idx on cases(reported_on)');
    await ddl(db, 'create index cases_id_bidx_idx on cases(id_bidx) where id_bidx is not null');
    await ddl(db, `create table case_contacts (
      id text primary key,
      case_id text not null references cases(id),
      org_path text not null,
      kind text not null check (kind in ('close','secondary')),
      name text not null,
      id_enc text,
      id_bidx text,
      id_masked text,
      phone_enc text,
      phone_bidx text,
      phone_masked text,
      address text,
      exposure_on text not null,
      setting text not null check (setting in ('household','work','transport','dining','medical','other')),
      note text,
      via_contact_id text references case_contacts(id),
      became_case_id text references cases(id),
      list_id text references screening_lists(id),
      list_row integer,
      created_by text not null references users(id),
      created_at ${T} not null,
      day text not null,
      version integer not null default 1
    )`);
    await ddl(db, 'create index case_contacts_case_idx on case_contacts(case_id, kind)');
    await ddl(db, `create index case_contacts_scope_idx on case_contacts(${prefix})`);
    await ddl(db, 'create index case_contacts_via_idx on case_contacts(via_contact_id) where via_contact_id is not null');
    await ddl(db, 'create index case_contacts_became_idx on case_contacts(became_case_id) where became_case_id is not null');
    await ddl(db, 'create index case_contacts_list_idx on case_contacts(list_id, list_row) where list_id is not null');
    await ddl(db, 'create index case_contacts_created_by_idx on case_contacts(created_by)');
    await ddl(db, 'create index case_contacts_id_bidx_idx on case_contacts(id_bidx) where id_bidx is not null');
  },
};
