import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Disclosures of audit rows (ADR 0046): the residents whose data a list, search or household answer showed, one row per
 * (audit row, resident), written in the same transaction as the audit row. The audit row's hash covers the sorted list
 * (modules/audit), so a row removed or added here breaks the chain at that audit row.
 *
 * - Primary key (resident_id, audit_id): a resident's "who accessed my data" page reads one key range; the index on
 *   audit_id serves verify (pages of the chain), the breach impact query (by audit row) and the purge.
 * - No foreign keys: the resident id stays after an erasure, like `audit_log.subject_id` (ids only; ADR 0037), and the
 *   audit purge removes these rows in the same transaction as their audit rows.
 * - Append-only like `audit_log` (0001, 0017), enforced on the application's connection:
 *   INSERT only for the newest audit row (`audit_head.last_id`: the row the same transaction just appended — nothing
 *   can be added to an older row); UPDATE and TRUNCATE refused; DELETE only for rows at or below the newest purge
 *   checkpoint whose audit row is older than 180 days by the database's clock (or already gone with its purge chunk).
 */
export const m0024AuditDisclosures: RxMigration = {
  name: '0024-audit-disclosures',
  async up(db, d) {
    const big = d.name === 'sqlite' ? 'integer' : 'bigint';
    await ddl(db, `create table audit_disclosures (
      audit_id ${big} not null,
      resident_id text not null,
      primary key (resident_id, audit_id)
    )${d.name === 'sqlite' ? ' without rowid' : ''}`);
    await ddl(db, 'create index audit_disclosures_audit_idx on audit_disclosures(audit_id)');

    if (d.name === 'sqlite') {
      const floor = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-180 days')`;
      await ddl(db, `create trigger audit_disclosures_no_insert before insert on audit_disclosures
        when new.audit_id <> (select last_id from audit_head where id = 1)
        begin select raise(abort, 'audit_disclosures is append-only: rows may be added only for the newest audit row'); end`);
      await ddl(db, `create trigger audit_disclosures_no_update before update on audit_disclosures begin select raise(abort, 'audit_disclosures is append-only'); end`);
      await ddl(db, `create trigger audit_disclosures_no_delete before delete on audit_disclosures
        when not (old.audit_id <= (select coalesce(max(through_id), 0) from audit_checkpoints)
          and coalesce((select ts from audit_log where id = old.audit_id), '') < ${floor})
        begin select raise(abort, 'audit_disclosures is append-only: only rows of audit rows at or below the newest purge checkpoint and older than 180 days may be deleted'); end`);
    } else {
      const floor = `to_char((now() at time zone 'UTC') - interval '180 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      // Statement triggers over the transition tables: one check per INSERT / DELETE statement, not per row (a list
      // answer inserts up to a page of rows, a purge chunk deletes thousands).
      await ddl(db, `create or replace function rx_audit_disclosures_insert_guard() returns trigger language plpgsql as $$
        begin
          if exists (select 1 from rx_new where audit_id <> (select last_id from audit_head where id = 1)) then
            raise exception 'audit_disclosures is append-only: rows may be added only for the newest audit row';
          end if;
          return null;
        end $$`);
      await ddl(db, `create trigger audit_disclosures_no_insert after insert on audit_disclosures referencing new table as rx_new
        for each statement execute function rx_audit_disclosures_insert_guard()`);
      await ddl(db, `create or replace function rx_audit_disclosures_delete_guard() returns trigger language plpgsql as $$
        declare
          last_through bigint;
        begin
          select coalesce(max(through_id), 0) into last_through from audit_checkpoints;
          if exists (
            select 1 from rx_old o left join audit_log a on a.id = o.audit_id
            where not (o.audit_id <= last_through and coalesce(a.ts, '') < ${floor})
          ) then
            raise exception 'audit_disclosures is append-only: only rows of audit rows at or below the newest purge checkpoint and older than 180 days may be deleted';
          end if;
          return null;
        end $$`);
      await ddl(db, `create trigger audit_disclosures_no_delete after delete on audit_disclosures referencing old table as rx_old
        for each statement execute function rx_audit_disclosures_delete_guard()`);
      await ddl(db, `create or replace function rx_audit_disclosures_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_disclosures is append-only'; end $$`);
      await ddl(db, `create trigger audit_disclosures_no_update before update on audit_disclosures for each row execute function rx_audit_disclosures_append_only()`);
      await ddl(db, `create trigger audit_disclosures_no_truncate before truncate on audit_disclosures for each statement execute function rx_audit_disclosures_append_only()`);
      await ddl(db, 'revoke update, delete, truncate on audit_disclosures from public');
    }
  },
};
