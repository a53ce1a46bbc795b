import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Deletion requests (PIPL Art. 47, SECURITY.md PRIV-09 second half, ADR 0037). A resident asks for their care tags or
 * their whole registry record to be deleted, on one of the Art. 47 grounds; the community admin of the record's area
 * erases, restricts (Art. 47 para 2: storage and security only) or rejects it with a reply.
 *
 * `deletion_requests.resident_id` has no foreign key on purpose: an erased record's row is gone, while the request (its
 * ground, scope, decision and area, never the note) stays as the record of what was done — an id like the audit log's.
 * The note is AES-GCM encrypted (column name as associated data); note and reply are emptied a year after the decision
 * by the retention job, and at once on a whole-record erasure. At most one open request per resident (partial unique
 * index, both dialects). `org_path` / `grid_id` are the record's place when the request was made (the deciders' scope).
 *
 * `deletion_certificates`: one per decision — counts per table (never values), decision, scope, time, operator —
 * hash-chained (`hash = SHA-256(prev_hash || canonical JSON)`) and append-only like `retention_runs` (triggers; revoked
 * privileges on PostgreSQL). A separate chain from the retention job's: those certify what the daily job removed by age,
 * these what a person asked for.
 */
export const m0022DeletionRequests: RxMigration = {
  name: '0022-deletion-requests',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table deletion_requests (
      id text primary key,
      resident_id text not null,
      account_id text not null,
      org_path text not null,
      grid_id text not null,
      ground text not null check (ground in ('moved_away','no_longer_necessary','consent_withdrawn','retention_expired','unlawful','other')),
      scope text not null check (scope in ('care_tags','record')),
      note_enc text,
      status text not null default 'open' check (status in ('open','erased','restricted','rejected')),
      reply text,
      decided_by text,
      decided_at ${T},
      certificate_id text,
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create unique index deletion_requests_open_idx on deletion_requests(resident_id) where status = 'open'`);
    await ddl(db, 'create index deletion_requests_scope_idx on deletion_requests(org_path, status)');
    await ddl(db, 'create index deletion_requests_resident_idx on deletion_requests(resident_id)');
    await ddl(db, 'create index deletion_requests_created_idx on deletion_requests(created_at)');
    // The retention job empties note and reply a year after the decision; the figures count decisions by time.
    await ddl(db, 'create index deletion_requests_decided_idx on deletion_requests(decided_at)');
    await ddl(db, `create table deletion_certificates (
      seq ${d.name === 'sqlite' ? 'integer' : 'bigint'} primary key,
      id text not null unique,
      request_id text not null,
      decision text not null,
      scope text not null,
      decided_at ${T} not null,
      actor text not null,
      total bigint not null,
      counts text not null,
      prev_hash text not null,
      hash text not null
    )`);
    if (d.name === 'sqlite') {
      await ddl(db, `create trigger deletion_certificates_no_update before update on deletion_certificates begin select raise(abort, 'deletion_certificates is append-only'); end`);
      await ddl(db, `create trigger deletion_certificates_no_delete before delete on deletion_certificates begin select raise(abort, 'deletion_certificates is append-only'); end`);
    } else {
      await ddl(db, `create or replace function rx_deletion_certificates_append_only() returns trigger language plpgsql as $$
        begin raise exception 'deletion_certificates is append-only'; end $$`);
      await ddl(db, `create trigger deletion_certificates_no_change before update or delete on deletion_certificates for each row execute function rx_deletion_certificates_append_only()`);
      await ddl(db, `create trigger deletion_certificates_no_truncate before truncate on deletion_certificates for each statement execute function rx_deletion_certificates_append_only()`);
      await ddl(db, `revoke update, delete, truncate on deletion_certificates from public`);
    }
  },
};
