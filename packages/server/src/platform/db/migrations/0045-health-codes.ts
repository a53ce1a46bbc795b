import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 健康码 (ADR 0082): the mirror of each resident's health-code colour (one current row), its history (every change with
 * an epidemic reason code), the upstream imports (counts and row errors only) and residents' appeals.
 */
export const m0045HealthCodes: RxMigration = {
  name: '0045-health-codes',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    const reasons = "('close_contact','secondary_contact','risk_area','positive','fever','quarantine','sampling_overdue','inbound','cleared','appeal_upheld','upstream')";
    await ddl(db, `create table health_code_imports (
      id text primary key,
      org_path text not null,
      file_name text not null,
      rows_total integer not null,
      applied integer not null,
      unchanged integer not null,
      errors text not null,
      created_by text not null references users(id),
      created_at ${T} not null
    )`);
    await ddl(db, `create index health_code_imports_scope_idx on health_code_imports(${prefix})`);
    await ddl(db, 'create index health_code_imports_created_by_idx on health_code_imports(created_by)');
    await ddl(db, `create table health_codes (
      resident_id text primary key references residents(id),
      org_path text not null,
      colour text not null check (colour in ('green','yellow','red')),
      reason_code text not null check (reason_code in ${reasons}),
      source text not null check (source in ('upstream','manual')),
      since ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index health_codes_scope_idx on health_codes(${prefix})`);
    await ddl(db, 'create index health_codes_colour_idx on health_codes(colour)');
    await ddl(db, `create table health_code_history (
      id text primary key,
      resident_id text not null references residents(id),
      org_path text not null,
      colour text not null check (colour in ('green','yellow','red')),
      previous text check (previous in ('green','yellow','red')),
      reason_code text not null check (reason_code in ${reasons}),
      source text not null check (source in ('upstream','manual')),
      note text,
      changed_by text references users(id),
      import_id text references health_code_imports(id),
      at ${T} not null,
      day text not null
    )`);
    await ddl(db, 'create index health_code_history_resident_idx on health_code_history(resident_id, at)');
    await ddl(db, `create index health_code_history_scope_idx on health_code_history(${prefix})`);
    await ddl(db, 'create index health_code_history_by_idx on health_code_history(changed_by) where changed_by is not null');
    await ddl(db, 'create index health_code_history_import_idx on health_code_history(import_id) where import_id is not null');
    await ddl(db, 'create index health_code_history_at_idx on health_code_history(at)');
    await ddl(db, `create table health_appeals (
      id text primary key,
      resident_id text not null references residents(id),
      org_path text not null,
      colour text not null check (colour in ('yellow','red')),
      reason text not null,
      status text not null check (status in ('open','upheld','rejected')),
      created_by text not null references users(id),
      created_at ${T} not null,
      day text not null,
      decided_by text references users(id),
      decided_at ${T},
      decision_note text,
      version integer not null default 1
    )`);
    await ddl(db, 'create index health_appeals_resident_idx on health_appeals(resident_id, status)');
    await ddl(db, `create index health_appeals_scope_idx on health_appeals(${prefix})`);
    await ddl(db, 'create index health_appeals_created_by_idx on health_appeals(created_by)');
    await ddl(db, 'create index health_appeals_decided_by_idx on health_appeals(decided_by) where decided_by is not null');
  },
};
