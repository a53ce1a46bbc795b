import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Area-scope indexes for the other tables that grow with the population or with time, and the end of the BINARY
 * `org_path` indexes that no query can use (ADR 0050, after ADR 0047 / migration 0027).
 *
 * An `org_path like '<area>%'` filter is an index range only on a NOCASE column in SQLite and with `text_pattern_ops`
 * (or a C-collated column) in PostgreSQL — see 0027. Asked with EXPLAIN on both dialects:
 *
 * - `residents_org_idx (org_path, id)` and `households_org_idx (org_path)` (0002) served nothing 0027's scope indexes
 *   do not serve: on SQLite only `org_path = ?` (no query of the server; the demo seed now asks with the grid's prefix)
 *   and on PostgreSQL the same prefix ranges (residents' `org_path` is C-collated) that `residents_scope_idx` now
 *   answers. Dropped: two fewer indexes to maintain on every resident and household write and bulk load.
 * - `self_reports` (one row per resident and day, 28 days kept): the day's list, 未报告 and coverage counts filter a day
 *   and an area → `(report_date, org_path)`, an equality then a range; the open follow-ups of an area (any day) →
 *   `(follow_up_status, org_path)`. The BINARY `(org_path, report_date)` of 0005 is replaced.
 * - `duty_logs`: the duty log of an area → `(org_path, occurred_at)` with the prefix collation, replacing 0001's.
 * - `warning_alerts (org_path, status)` and `resident_tags (tag, org_path)`: the same columns, rebuilt with the prefix
 *   collation (an area's open alerts on the workbench; the care-tag filter of lists and exports).
 *
 * - `orgs (parent_id)`: the area pickers load an org's direct children, level by level (ADR 0052).
 *
 * `drop index if exists` and the `deferred_indexes` rows: a bulk load interrupted before this migration may have left
 * one of these dropped with its old definition pending (platform/db/deferred-indexes.ts).
 */
export const m0029ScopePrefixIndexesMore: RxMigration = {
  name: '0029-scope-prefix-indexes-more',
  async up(db, d) {
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    const replaced = ['residents_org_idx', 'households_org_idx', 'self_reports_org_date_idx', 'duty_logs_org_idx', 'warning_alerts_scope_idx', 'resident_tags_tag_idx'];
    for (const name of replaced) await ddl(db, `drop index if exists ${name}`);
    await ddl(db, `delete from deferred_indexes where name in (${replaced.map((n) => `'${n}'`).join(', ')})`);
    await ddl(db, `create index self_reports_scope_idx on self_reports(report_date, ${prefix})`);
    await ddl(db, `create index self_reports_open_idx on self_reports(follow_up_status, ${prefix})`);
    await ddl(db, `create index duty_logs_scope_idx on duty_logs(${prefix}, occurred_at)`);
    await ddl(db, `create index warning_alerts_scope_idx on warning_alerts(${prefix}, status)`);
    await ddl(db, `create index resident_tags_tag_idx on resident_tags(tag, ${prefix})`);
    // One level of the area pickers (ADR 0052: an org's direct children) and the delete check of an org.
    await ddl(db, 'create index if not exists orgs_parent_idx on orgs(parent_id)');
  },
};
