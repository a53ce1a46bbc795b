// Both dialects (RENXING_TEST_DIALECT=postgres).
// Migration 0029 (ADR 0050): the BINARY `org_path` indexes of residents and households are gone, and the queries that
// could use them still read an index range; the other area-scoped tables that grow with the population or with time
// (self-reports, duty log, alerts, care tags) filter `org_path like '<area>%'` through an index range too. Each test
// asks the database's own planner (SQLite EXPLAIN QUERY PLAN; PostgreSQL EXPLAIN with sequential scans off).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../../test/harness';
import { prefixRange, queryPlan } from '../../../../test/query-plan';
import { residentIdsUnder } from '../../../modules/registry';

describe(`0029 scope-prefix indexes (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const plan = (build: Parameters<typeof queryPlan>[1]) => queryPlan(t.platform.database, build);
  const sqlite = () => t.platform.database.dialect.name === 'sqlite';
  const DAY = '2026-11-30';
  const liteRange = prefixRange.sqlite;
  const pgRange = prefixRange.postgres;

  async function indexNames(): Promise<string[]> {
    const { db } = t.platform.database;
    const rows = sqlite()
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db)).rows
      : (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(db)).rows;
    return rows.map((r) => r.name);
  }

  it('drops the BINARY residents/households org_path indexes and the ones it replaces; creates the new ones', async () => {
    const names = await indexNames();
    for (const gone of ['residents_org_idx', 'households_org_idx', 'self_reports_org_date_idx', 'duty_logs_org_idx']) expect(names).not.toContain(gone);
    for (const made of ['residents_scope_idx', 'households_scope_idx', 'self_reports_scope_idx', 'self_reports_open_idx', 'duty_logs_scope_idx', 'warning_alerts_scope_idx', 'resident_tags_tag_idx']) {
      expect(names).toContain(made);
    }
  });

  it('the queries that used residents_org_idx (lists ordered by path, per-grid figures, the export file, residentIdsUnder, the seed) read residents_scope_idx', async () => {
    const P = t.orgs.community.path;
    const cases: Array<Parameters<typeof queryPlan>[1]> = [
      // registry list / quality list: ordered by org_path, address, id
      (db) => db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').where('r.org_path', 'like', `${P}%`).where('r.status', '=', 'active')
        .select(['r.id']).orderBy('r.org_path').orderBy('h.address').orderBy('r.id').limit(20),
      // a community's figures per grid (PostgreSQL grouped them in residents_org_idx order)
      (db) => db.selectFrom('residents as r').select(['r.org_path', (eb) => eb.fn.countAll().as('n')]).where('r.org_path', 'like', `${P}%`).where('r.status', '=', 'active').groupBy('r.org_path'),
      // the ids of an area's residents, a subquery of the transparency report and the audit pack
      (db) => db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('subject_id', 'in', residentIdsUnder(P) as never),
      // the demo seed's household head of a grid (a prefix now, was `org_path = ?`)
      (db) => db.selectFrom('residents').select('id').where('org_path', 'like', `${t.orgs.grids[0]!.path}%`).where('relation', '=', 'head').orderBy('id').limit(1),
    ];
    for (const build of cases) {
      const p = await plan(build);
      if (sqlite()) expect(p).toMatch(/SEARCH (r|rx_r|residents) USING (COVERING )?INDEX residents_scope_idx \(org_path>\? AND org_path<\?\)/);
      else expect(p).toMatch(/Index (Only )?Scan using residents_scope_idx on residents[\s\S]*Index Cond: \(\(org_path ~>=~ /);
    }
  });

  it("an area's households ordered by path and address read households_scope_idx", async () => {
    const p = await plan((db) => db.selectFrom('households as h').select(['h.id']).where('h.org_path', 'like', `${t.orgs.community.path}%`).where('h.head_resident_id', 'is', null)
      .orderBy('h.org_path').orderBy('h.address').orderBy('h.id').limit(20));
    expect(p).toMatch(sqlite() ? liteRange('h', 'households_scope_idx') : pgRange('households', 'households_scope_idx'));
  });

  it("self-reports: a day's list, 未报告 and coverage read (report_date, org_path); open follow-ups (any day) read (follow_up_status, org_path)", async () => {
    const P = t.orgs.community.path;
    const S = t.orgs.street.path;
    const day: Array<Parameters<typeof queryPlan>[1]> = [
      (db) => db.selectFrom('self_reports as s').where('s.org_path', 'like', `${P}%`).where('s.report_date', '=', DAY).select(['s.id']).orderBy('s.fever', 'desc').orderBy('s.created_at', 'desc').limit(20),
      (db) => db.selectFrom('self_reports').select('resident_id').distinct().where('org_path', 'like', `${P}%`).where('report_date', '=', DAY),
      (db) => db.selectFrom('self_reports').select(['grid_id', (eb) => eb.fn.count('resident_id').distinct().as('n')]).where('org_path', 'like', `${S}%`).where('report_date', '=', DAY).groupBy('grid_id'),
    ];
    for (const build of day) {
      const p = await plan(build);
      expect(p).toMatch(sqlite() ? liteRange('(s|self_reports)', 'self_reports_scope_idx', ['report_date']) : pgRange('self_reports', 'self_reports_scope_idx', ['report_date']));
    }
    const open: Array<Parameters<typeof queryPlan>[1]> = [
      (db) => db.selectFrom('self_reports as s').where('s.org_path', 'like', `${P}%`).where('s.follow_up_status', '=', 'open').select(['s.id']).orderBy('s.created_at').orderBy('s.id').limit(20),
      (db) => db.selectFrom('self_reports').select(['grid_id', (eb) => eb.fn.countAll().as('n')]).where('org_path', 'like', `${S}%`).where('follow_up_status', '=', 'open').groupBy('grid_id'),
    ];
    for (const build of open) {
      const p = await plan(build);
      expect(p).toMatch(sqlite() ? liteRange('(s|self_reports)', 'self_reports_open_idx', ['follow_up_status']) : pgRange('self_reports', 'self_reports_open_idx', ['follow_up_status']));
    }
  });

  it("an area's duty log reads duty_logs_scope_idx", async () => {
    const p = await plan((db) => db.selectFrom('duty_logs').where('org_path', 'like', `${t.orgs.street.path}%`).selectAll().orderBy('occurred_at', 'desc').limit(50));
    if (sqlite()) expect(p).toMatch(liteRange('duty_logs', 'duty_logs_scope_idx'));
    else expect(p).toMatch(/Index Scan on duty_logs_scope_idx\s+\([^)]*\)\s+Index Cond: \(\(org_path ~>=~ |Index Scan using duty_logs_scope_idx on duty_logs[\s\S]*Index Cond: \(\(org_path ~>=~ /);
  });

  it("an area's open alerts (list and workbench counts) read warning_alerts_scope_idx", async () => {
    const S = t.orgs.street.path;
    for (const build of [
      (db: Parameters<Parameters<typeof queryPlan>[1]>[0]) => db.selectFrom('warning_alerts as a').where('a.org_path', 'like', `${S}%`).where('a.status', 'in', ['raised', 'acknowledged']).select('a.id').orderBy('a.id', 'desc').limit(20),
      (db: Parameters<Parameters<typeof queryPlan>[1]>[0]) => db.selectFrom('warning_alerts').select(['level', 'status', (eb) => eb.fn.countAll().as('n')]).where('org_path', 'like', `${S}%`).where('status', 'in', ['raised', 'acknowledged']).groupBy(['level', 'status']),
    ]) {
      const p = await plan(build);
      expect(p).toMatch(sqlite() ? liteRange('(a|warning_alerts)', 'warning_alerts_scope_idx') : pgRange('warning_alerts', 'warning_alerts_scope_idx'));
    }
  });

  it('the care-tag filter of lists and exports reads (tag, org_path) as an equality and a range', async () => {
    const p = await plan((db) => db.selectFrom('resident_tags').select('resident_id').where('tag', '=', 'elderly60').where('org_path', 'like', `${t.orgs.community.path}%`));
    expect(p).toMatch(sqlite() ? liteRange('resident_tags', 'resident_tags_tag_idx', ['tag']) : pgRange('resident_tags', 'resident_tags_tag_idx', ['tag']));
  });
});
