import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Audit purge with checkpoints (SECURITY.md §6.3 and test 22, ADR 0030). Audit rows are kept at least 180 days
 * (Cybersecurity Law Art. 21); older ones may be removed only by the purge job, which first writes a checkpoint:
 * which prefix of the chain it removes (through_id), the hash of its last row (through_hash: the chain's new genesis),
 * how many rows and which times, and its own hash chained to the previous checkpoint.
 *
 * The database keeps enforcing the rules on the application's connection (the app owns the tables, so grants alone do
 * not bind it; the triggers do):
 * - audit_log: UPDATE and TRUNCATE stay impossible. DELETE is possible only for a row at or below the newest
 *   checkpoint's through_id AND older than 180 days by the database's own clock.
 * - audit_checkpoints: append-only (no UPDATE, DELETE, TRUNCATE). An insert must continue the checkpoint chain
 *   (next seq, prev_hash = the newest checkpoint's hash, through_id above it, the same installation, rows = the ids it
 *   covers) and name a stored audit row (through_id with exactly through_hash) whose covered rows are all older than
 *   180 days by the database's clock.
 * The 180 days are the legal floor and are fixed here; the configured retention (RENXING_AUDIT_RETENTION_DAYS, default
 * 1095) is the application's and may only be longer. Trigger names stay as in 0001 (audit_log_no_update,
 * audit_log_no_delete on SQLite; audit_log_no_change, audit_log_no_truncate on PostgreSQL).
 */
export const m0017AuditCheckpoints: RxMigration = {
  name: '0017-audit-checkpoints',
  async up(db, d) {
    const big = d.name === 'sqlite' ? 'integer' : 'bigint';
    // Times are the audit rows' own ISO-8601 text (and created_at the same format), so the canonical JSON that is
    // hashed reads back identically on both dialects (ADR 0004).
    await ddl(db, `create table audit_checkpoints (
      seq ${big} primary key,
      through_id ${big} not null,
      through_hash text not null,
      rows_purged ${big} not null,
      oldest_ts text not null,
      newest_ts text not null,
      created_at text not null,
      actor text,
      installation text not null,
      prev_hash text not null,
      hash text not null
    )`);
    // The delete guard asks for max(through_id) per deleted row: an index keeps that one lookup.
    await ddl(db, `create unique index audit_checkpoints_through_idx on audit_checkpoints(through_id)`);

    if (d.name === 'sqlite') {
      // strftime(…) is ISO-8601 with milliseconds and Z, the format of audit_log.ts: text order is time order.
      const floor = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-180 days')`;
      await ddl(db, 'drop trigger if exists audit_log_no_delete');
      await ddl(db, 'drop trigger if exists audit_log_no_update');
      await ddl(db, `create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`);
      await ddl(db, `create trigger audit_log_no_delete before delete on audit_log
        when not (old.id <= (select coalesce(max(through_id), 0) from audit_checkpoints) and old.ts < ${floor})
        begin select raise(abort, 'audit_log is append-only: only rows at or below the newest purge checkpoint and older than 180 days may be deleted'); end`);
      await ddl(db, `create trigger audit_checkpoints_no_update before update on audit_checkpoints begin select raise(abort, 'audit_checkpoints is append-only'); end`);
      await ddl(db, `create trigger audit_checkpoints_no_delete before delete on audit_checkpoints begin select raise(abort, 'audit_checkpoints is append-only'); end`);
      await ddl(db, `create trigger audit_checkpoints_check before insert on audit_checkpoints begin
        select case
          when new.seq <> coalesce((select max(seq) from audit_checkpoints), 0) + 1
            then raise(abort, 'audit checkpoint refused: seq must follow the newest checkpoint')
          when new.prev_hash <> coalesce((select hash from audit_checkpoints order by seq desc limit 1), '${'0'.repeat(64)}')
            then raise(abort, 'audit checkpoint refused: prev_hash must be the newest checkpoint''s hash')
          when new.through_id <= coalesce((select max(through_id) from audit_checkpoints), 0)
            then raise(abort, 'audit checkpoint refused: through_id must be above the newest checkpoint')
          when new.rows_purged <> new.through_id - coalesce((select max(through_id) from audit_checkpoints), 0)
            then raise(abort, 'audit checkpoint refused: rows_purged must be the number of ids it covers')
          when new.installation <> coalesce((select installation from audit_checkpoints order by seq desc limit 1), (select substr(hash, 1, 16) from audit_log where id = 1), '')
            then raise(abort, 'audit checkpoint refused: installation differs')
          when not exists (select 1 from audit_log where id = new.through_id and hash = new.through_hash)
            then raise(abort, 'audit checkpoint refused: through_id and through_hash must name a stored audit row')
          when new.newest_ts >= ${floor}
            or (select max(ts) from audit_log where id > coalesce((select max(through_id) from audit_checkpoints), 0) and id <= new.through_id) >= ${floor}
            then raise(abort, 'audit checkpoint refused: audit rows younger than 180 days cannot be purged (Cybersecurity Law Art. 21)')
        end;
      end`);
    } else {
      const floor = `to_char((now() at time zone 'UTC') - interval '180 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      await ddl(db, 'drop trigger if exists audit_log_no_change on audit_log');
      await ddl(db, `create or replace function rx_audit_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE'
             and old.id <= (select coalesce(max(through_id), 0) from audit_checkpoints)
             and old.ts < ${floor} then
            return old;
          end if;
          if tg_op = 'DELETE' then
            raise exception 'audit_log is append-only: only rows at or below the newest purge checkpoint and older than 180 days may be deleted';
          end if;
          raise exception 'audit_log is append-only';
        end $$`);
      await ddl(db, `create trigger audit_log_no_change before update or delete on audit_log for each row execute function rx_audit_guard()`);
      // audit_log_no_truncate (0001) stays: TRUNCATE bypasses row triggers and is never allowed.
      await ddl(db, `create or replace function rx_audit_checkpoints_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_checkpoints is append-only'; end $$`);
      await ddl(db, `create trigger audit_checkpoints_no_change before update or delete on audit_checkpoints for each row execute function rx_audit_checkpoints_append_only()`);
      await ddl(db, `create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints for each statement execute function rx_audit_checkpoints_append_only()`);
      await ddl(db, `create or replace function rx_audit_checkpoint_check() returns trigger language plpgsql as $$
        declare
          last record;
          last_through bigint;
          inst text;
          newest text;
        begin
          -- Two concurrent inserts claim the same seq: the primary key lets only one of them commit.
          select seq, hash, through_id, installation into last from audit_checkpoints order by seq desc limit 1;
          last_through := coalesce(last.through_id, 0);
          if new.seq <> coalesce(last.seq, 0) + 1 then
            raise exception 'audit checkpoint refused: seq must follow the newest checkpoint';
          end if;
          if new.prev_hash <> coalesce(last.hash, '${'0'.repeat(64)}') then
            raise exception 'audit checkpoint refused: prev_hash must be the newest checkpoint''s hash';
          end if;
          if new.through_id <= last_through then
            raise exception 'audit checkpoint refused: through_id must be above the newest checkpoint';
          end if;
          if new.rows_purged <> new.through_id - last_through then
            raise exception 'audit checkpoint refused: rows_purged must be the number of ids it covers';
          end if;
          inst := coalesce(last.installation, (select substr(hash, 1, 16) from audit_log where id = 1), '');
          if new.installation <> inst then
            raise exception 'audit checkpoint refused: installation differs';
          end if;
          if not exists (select 1 from audit_log where id = new.through_id and hash = new.through_hash) then
            raise exception 'audit checkpoint refused: through_id and through_hash must name a stored audit row';
          end if;
          select max(ts) into newest from audit_log where id > last_through and id <= new.through_id;
          if new.newest_ts >= ${floor} or newest >= ${floor} then
            raise exception 'audit checkpoint refused: audit rows younger than 180 days cannot be purged (Cybersecurity Law Art. 21)';
          end if;
          return new;
        end $$`);
      await ddl(db, `create trigger audit_checkpoints_check before insert on audit_checkpoints for each row execute function rx_audit_checkpoint_check()`);
      await ddl(db, `revoke update, delete, truncate on audit_checkpoints from public`);
    }
  },
};
