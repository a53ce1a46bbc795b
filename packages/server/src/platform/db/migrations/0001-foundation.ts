import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/** Org hierarchy, accounts, sessions, API tokens, idempotency ledger, tamper-evident audit log, duty log. */
export const m0001Foundation: RxMigration = {
  name: '0001-foundation',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table orgs (
      id text primary key,
      parent_id text references orgs(id),
      level text not null check (level in ('city','district','street','community','grid')),
      code text not null unique,
      name text not null,
      path text not null,
      created_at ${T} not null
    )`);
    await ddl(db, `create index orgs_path_idx on orgs(path)`);
    await ddl(db, `create table users (
      id text primary key,
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      role text not null,
      org_id text not null references orgs(id),
      status text not null default 'active' check (status in ('active','disabled')),
      must_change_password ${d.bool} not null default ${d.name === 'sqlite' ? 0 : 'false'},
      password_changed_at ${T} not null,
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create table login_throttle (
      key text primary key,
      failures integer not null,
      window_started_at ${T} not null,
      locked_until ${T}
    )`);
    await ddl(db, `create table sessions (
      id text primary key,
      user_id text not null references users(id),
      csrf_token text not null,
      created_at ${T} not null,
      last_seen_at ${T} not null,
      expires_at ${T} not null,
      ip text,
      user_agent_hash text
    )`);
    await ddl(db, `create index sessions_user_idx on sessions(user_id)`);
    await ddl(db, `create table api_tokens (
      id text primary key,
      name text not null,
      token_hash text not null,
      role text not null,
      org_id text not null references orgs(id),
      scopes ${d.json} not null,
      created_by text not null references users(id),
      created_at ${T} not null,
      expires_at ${T},
      revoked_at ${T},
      last_used_at ${T}
    )`);
    await ddl(db, `create table idempotency_keys (
      actor_id text not null,
      key text not null,
      request_hash text not null,
      status_code integer not null,
      response_body text not null,
      created_at ${T} not null,
      primary key (actor_id, key)
    )`);
    // Audit rows are plain text/integers so the canonical JSON that is hashed reads back identically on both dialects.
    await ddl(db, `create table audit_log (
      id ${d.name === 'sqlite' ? 'integer' : 'bigint'} primary key,
      ts text not null,
      actor_id text,
      actor_role text,
      actor_org text,
      session_id text,
      ip text,
      user_agent_hash text,
      action text not null,
      object_type text,
      object_id text,
      subject_id text,
      fields text not null,
      purpose text,
      reason text,
      outcome text not null check (outcome in ('success','denied','error')),
      severity text not null default 'normal',
      request_id text,
      count integer,
      prev_hash text not null,
      hash text not null
    )`);
    await ddl(db, `create index audit_log_ts_idx on audit_log(ts)`);
    await ddl(db, `create index audit_log_actor_idx on audit_log(actor_id, ts)`);
    await ddl(db, `create index audit_log_subject_idx on audit_log(subject_id, ts)`);
    await ddl(db, `create table audit_head (
      id integer primary key check (id = 1),
      last_id ${d.name === 'sqlite' ? 'integer' : 'bigint'} not null,
      last_hash text not null
    )`);
    await ddl(db, `insert into audit_head (id, last_id, last_hash) values (1, 0, '${'0'.repeat(64)}')`);
    if (d.name === 'sqlite') {
      await ddl(db, `create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`);
      await ddl(db, `create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`);
    } else {
      await ddl(db, `create or replace function rx_audit_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_log is append-only'; end $$`);
      await ddl(db, `create trigger audit_log_no_change before update or delete on audit_log for each row execute function rx_audit_append_only()`);
      await ddl(db, `create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function rx_audit_append_only()`);
      await ddl(db, `revoke update, delete, truncate on audit_log from public`);
    }
    await ddl(db, `create table duty_logs (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      author_id text not null,
      category text not null,
      content text not null,
      occurred_at ${T} not null,
      created_at ${T} not null
    )`);
    await ddl(db, `create index duty_logs_org_idx on duty_logs(org_path, occurred_at)`);
  },
};
