import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Retention job (PRIV-04, ADR 0024): one deletion certificate per run — when it ran, who started it, how many rows or
 * values it removed per table and column (never what they were), hash-chained to the previous certificate
 * (`hash = SHA-256(prev_hash || canonical counts)`). Append-only like the audit log. Indexes on the age columns the job
 * reads, so each chunk is an index range scan instead of a table scan.
 */
export const m0012RetentionRuns: RxMigration = {
  name: '0012-retention-runs',
  async up(db, d) {
    const T = d.timestamp;
    // seq orders the chain; being the primary key, two concurrent runs cannot both claim the same link.
    await ddl(db, `create table retention_runs (
      seq ${d.name === 'sqlite' ? 'integer' : 'bigint'} primary key,
      id text not null unique,
      started_at ${T} not null,
      finished_at ${T} not null,
      actor text,
      total bigint not null,
      counts text not null,
      prev_hash text not null,
      hash text not null
    )`);
    if (d.name === 'sqlite') {
      await ddl(db, `create trigger retention_runs_no_update before update on retention_runs begin select raise(abort, 'retention_runs is append-only'); end`);
      await ddl(db, `create trigger retention_runs_no_delete before delete on retention_runs begin select raise(abort, 'retention_runs is append-only'); end`);
    } else {
      await ddl(db, `create or replace function rx_retention_runs_append_only() returns trigger language plpgsql as $$
        begin raise exception 'retention_runs is append-only'; end $$`);
      await ddl(db, `create trigger retention_runs_no_change before update or delete on retention_runs for each row execute function rx_retention_runs_append_only()`);
      await ddl(db, `create trigger retention_runs_no_truncate before truncate on retention_runs for each statement execute function rx_retention_runs_append_only()`);
      await ddl(db, `revoke update, delete, truncate on retention_runs from public`);
    }
    await ddl(db, `create index self_reports_created_idx on self_reports(created_at)`);
    await ddl(db, `create index idempotency_keys_created_idx on idempotency_keys(created_at)`);
  },
};
