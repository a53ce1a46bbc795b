import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Exports with dual control (SECURITY.md §5 T1): the request/approval/download log with file hash (`exports`), the
 * residents each export covers (`export_subjects`, for PIPL Art. 57 impact queries), and security alerts.
 */
export const m0003Exports: RxMigration = {
  name: '0003-exports',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table exports (
      id text primary key,
      kind text not null check (kind in ('residents')),
      requester_id text not null references users(id),
      requester_role text not null,
      org_id text not null references orgs(id),
      scope_path text not null,
      filters text not null default '{}',
      column_list text not null,
      unmasked text not null default '[]',
      purpose text not null,
      reason text not null,
      file_format text not null check (file_format in ('xlsx','csv')),
      row_count integer not null,
      data_class text not null check (data_class in ('other','health','whereabouts')),
      approval_level text not null check (approval_level in ('none','community','district')),
      approval_reasons text not null default '[]',
      status text not null check (status in ('pending_approval','pending_district_approval','ready','rejected','downloaded')),
      approver_id text references users(id),
      approver_role text,
      approved_unmasked text,
      decision_note text,
      decided_at ${T},
      expires_at ${T} not null,
      downloaded_at ${T},
      file_rows integer,
      file_bytes integer,
      file_sha256 text,
      created_at ${T} not null,
      updated_at ${T} not null
    )`);
    await ddl(db, `create index exports_requester_idx on exports(requester_id, created_at)`);
    await ddl(db, `create index exports_status_idx on exports(status, scope_path)`);
    await ddl(db, `create table export_subjects (
      export_id text not null references exports(id),
      resident_id text not null references residents(id),
      primary key (export_id, resident_id)
    )`);
    await ddl(db, `create index export_subjects_resident_idx on export_subjects(resident_id)`);
    await ddl(db, `create table security_alerts (
      id text primary key,
      created_at ${T} not null,
      kind text not null,
      severity text not null check (severity in ('normal','high')),
      actor_id text,
      org_path text,
      object_type text,
      object_id text,
      count integer,
      details text not null default '{}',
      status text not null default 'open' check (status in ('open','acknowledged','closed'))
    )`);
    await ddl(db, `create index security_alerts_created_idx on security_alerts(created_at)`);
  },
};
