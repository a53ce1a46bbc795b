import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Lookups by a referring column that read a whole growing table, found at 994,622 residents and 3.16 million
 * self-reports on SQLite (the scale notes of 2026-11-30). Each of these ran on the event loop and held every other
 * request for as long.
 *
 * Deleting an org (a grid on 地点管理, a street or community on 行政区划): 1.9 s at 441 self-reports, 4–7 s of SQL at
 * 3.16 million.
 * - The delete check (`referringRows` in orgs.admin.ts, ORG_REFERENCES) counts `grid_id = ? or org_path like
 *   '<path>%'` per table. An OR is an index lookup only when each of its terms is: `residents.grid_id`,
 *   `households.grid_id` and `self_reports.grid_id` had no index, so those tables were read in full (self-reports are
 *   now checked by grid only, PATH_IMPLIED_BY_GRID: an index led by `org_path` there was preferred by PostgreSQL over
 *   0029's `(report_date, org_path)` for a day's list); `resident_consents` and
 *   `resident_status_changes` are checked by path only and had no index on it; `resident_moves` by `from_grid_id` /
 *   `to_grid_id`; `warning_observations` (one row per grid, indicator and day) by both — its BINARY
 *   `(org_path, indicator_code, obs_date)` serves the daily job's equality lookups, not a prefix (0027).
 * - The `delete from orgs` itself: with foreign keys on, each referring table is searched for the deleted id — without an
 *   index on the child column a full scan of residents and households again (0.7–1.3 s). `warning_observations.grid_id`
 *   and `duty_logs.org_id` likewise.
 *
 * A household's self-reports, newest first: the resident's 今日体温 page (`GET /api/self-reports/mine`) walked
 * `self_reports_created_idx` backwards through every report of the installation looking for 30 of one household
 * (3.7–5.1 s per page view); deleting an empty room counts the reports made in it (1.4 s) → `(household_id, created_at)`.
 * Deleting a household also checks `resident_moves.from_household_id` / `to_household_id` (foreign keys).
 *
 * A grid's fever count of a day, recounted after every fever report: read as "the day, filtered by grid" it took the
 * whole day from `self_reports_scope_idx (report_date, org_path)` — at ~790,000 reports a day 1.5–2.3 s on SQLite,
 * holding the event loop, per fever — so the grid index above is `(grid_id, report_date)`.
 *
 * A guardian's children, `residents.guardian_id`: a resident's 我的孩子 consent page (`GET /api/me/wards/consent`,
 * 0.62–0.67 s per view), the count of minors left without a guardian when someone moves out or dies, the erasure's
 * unlinking and the foreign-key check of deleting a resident — each a scan of every resident.
 *
 * The path indexes use the prefix collation of 0027/0029 (`collate nocase` / `text_pattern_ops`).
 */
export const m0030ReferenceIndexes: RxMigration = {
  name: '0030-reference-indexes',
  async up(db, d) {
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    // Deleting an org.
    await ddl(db, 'create index residents_grid_idx on residents(grid_id)');
    await ddl(db, 'create index households_grid_idx on households(grid_id)');
    // Also a grid's reports of one day: the fever count after every fever report (self-reports.service.ts gridFeversQuery).
    await ddl(db, 'create index self_reports_grid_idx on self_reports(grid_id, report_date)');
    await ddl(db, 'create index warning_observations_grid_idx on warning_observations(grid_id)');
    await ddl(db, `create index warning_observations_scope_idx on warning_observations(${prefix})`);
    await ddl(db, 'create index duty_logs_org_id_idx on duty_logs(org_id)');
    await ddl(db, 'create index resident_moves_from_grid_idx on resident_moves(from_grid_id)');
    await ddl(db, 'create index resident_moves_to_grid_idx on resident_moves(to_grid_id)');
    await ddl(db, `create index resident_consents_scope_idx on resident_consents(${prefix})`);
    await ddl(db, `create index resident_status_changes_scope_idx on resident_status_changes(${prefix})`);
    // A household's self-reports and moves.
    await ddl(db, 'create index self_reports_household_idx on self_reports(household_id, created_at)');
    await ddl(db, 'create index resident_moves_from_household_idx on resident_moves(from_household_id)');
    await ddl(db, 'create index resident_moves_to_household_idx on resident_moves(to_household_id)');
    // A guardian's children.
    await ddl(db, 'create index residents_guardian_idx on residents(guardian_id)');
  },
};
