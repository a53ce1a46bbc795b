import { sql } from 'kysely';
import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * A resident may withdraw their own open deletion request (ADR 0037 addendum): `deletion_requests.status` also takes
 * 'withdrawn'. PostgreSQL: the status check constraint is replaced. SQLite cannot alter a check constraint, so the table
 * is rebuilt with the same columns, defaults and checks, its rows copied, and the indexes of 0022 recreated exactly
 * (including the partial unique index that keeps one open request per resident). No table refers to deletion_requests.
 */
export const m0025DeletionWithdrawn: RxMigration = {
  name: '0025-deletion-withdrawn',
  async up(db, d) {
    const statuses = `('open','erased','restricted','rejected','withdrawn')`;
    if (d.name === 'postgres') {
      // The check's name is PostgreSQL's default for a column check (`deletion_requests_status_check`); looked up to be sure.
      const found = await sql<{ conname: string }>`select c.conname from pg_constraint c
        where c.conrelid = 'deletion_requests'::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%status%'`.execute(db);
      for (const { conname } of found.rows) await ddl(db, `alter table deletion_requests drop constraint "${conname.replace(/"/g, '""')}"`);
      await ddl(db, `alter table deletion_requests add constraint deletion_requests_status_check check (status in ${statuses})`);
      return;
    }
    const T = d.timestamp;
    await ddl(db, `create table deletion_requests_new (
      id text primary key,
      resident_id text not null,
      account_id text not null,
      org_path text not null,
      grid_id text not null,
      ground text not null check (ground in ('moved_away','no_longer_necessary','consent_withdrawn','retention_expired','unlawful','other')),
      scope text not null check (scope in ('care_tags','record')),
      note_enc text,
      status text not null default 'open' check (status in ${statuses}),
      reply text,
      decided_by text,
      decided_at ${T},
      certificate_id text,
      created_at ${T} not null,
      version integer not null default 1
    )`);
    const cols = 'id, resident_id, account_id, org_path, grid_id, ground, scope, note_enc, status, reply, decided_by, decided_at, certificate_id, created_at, version';
    await ddl(db, `insert into deletion_requests_new (${cols}) select ${cols} from deletion_requests`);
    await ddl(db, 'drop table deletion_requests');
    await ddl(db, 'alter table deletion_requests_new rename to deletion_requests');
    await ddl(db, `create unique index deletion_requests_open_idx on deletion_requests(resident_id) where status = 'open'`);
    await ddl(db, 'create index deletion_requests_scope_idx on deletion_requests(org_path, status)');
    await ddl(db, 'create index deletion_requests_resident_idx on deletion_requests(resident_id)');
    await ddl(db, 'create index deletion_requests_created_idx on deletion_requests(created_at)');
    await ddl(db, 'create index deletion_requests_decided_idx on deletion_requests(decided_at)');
  },
};
