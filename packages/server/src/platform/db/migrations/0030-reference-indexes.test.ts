// Both dialects (RENXING_TEST_DIALECT=postgres).
// Migration 0030: lookups by a referring column must not read a table that grows with the population (the delete check
// of an org through these indexes: modules/orgs/orgs.delete-check-plan.test.ts). At 994,622
// residents and 3.16 million self-reports (SQLite) these did, holding the event loop: deleting an org — the delete
// check's `grid_id = ? or org_path like ?` (an OR is an index lookup only when every term is) and the foreign-key check
// of `delete from orgs` (an index on the child column, or a full scan of the child table) — 1.9–7 s; a resident's
// 今日体温 page (a household's reports, newest first) 3.7–5.1 s; deleting an empty room 1.4 s; a resident's 我的孩子
// consent page (a guardian's children) 0.6 s. Asked of each database's planner (SQLite EXPLAIN QUERY PLAN; PostgreSQL
// EXPLAIN with sequential scans off).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../../test/harness';
import { GROWING } from '../../../../test/growing-tables';
import { expectNoScan, foreignKeysTo, indexLeadingColumns, queryPlan } from '../../../../test/query-plan';

describe(`0030 reference indexes (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const sqlite = () => t.platform.database.dialect.name === 'sqlite';

  it('every foreign key to orgs, households or residents on a growing table has an index led by its column (the check of a delete)', async () => {
    const fks = await foreignKeysTo(t.platform.database, ['orgs', 'households', 'residents']);
    const indexed = await indexLeadingColumns(t.platform.database);
    const growingFks = fks.filter((k) => GROWING.includes(k.split('.')[0]!));
    expect(growingFks).toEqual(expect.arrayContaining(['residents.grid_id', 'households.grid_id', 'warning_observations.grid_id', 'residents.guardian_id', 'resident_moves.from_household_id']));
    expect(growingFks.filter((k) => !indexed.has(k))).toEqual([]);
  });

  const noScan = (p: string, what: string) => expectNoScan(t.platform.database, p, what);

  it("a household's self-reports newest first (今日体温) and a room's reports (delete check) read self_reports_household_idx", async () => {
    const h = 'h-0000';
    const mine = await queryPlan(t.platform.database, (db) => db.selectFrom('self_reports').selectAll().where('household_id', '=', h).orderBy('created_at', 'desc').limit(30));
    noScan(mine, 'mine');
    if (sqlite()) expect(mine).toMatch(/SEARCH self_reports USING INDEX self_reports_household_idx \(household_id=\?\)/);
    else expect(mine).toMatch(/Index Scan( Backward)? using self_reports_household_idx on self_reports/);
    expect(mine).not.toMatch(/TEMP B-TREE|Sort/); // already in created_at order
    const room = await queryPlan(t.platform.database, (db) => db.selectFrom('self_reports as s').innerJoin('residents as r', 'r.id', 's.resident_id').select((eb) => eb.fn.countAll().as('n'))
      .where('s.household_id', '=', h).where('r.household_id', '<>', h));
    noScan(room, 'room');
    const moves = await queryPlan(t.platform.database, (db) => db.selectFrom('resident_moves').select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => eb.or([eb('from_household_id', '=', h), eb('to_household_id', '=', h)])));
    noScan(moves, 'moves');
  });

  it("a guardian's children (我的孩子, wards left by a move-out, erasure) read residents_guardian_idx", async () => {
    const g = 'r-0000';
    const wards = await queryPlan(t.platform.database, (db) => db.selectFrom('residents').select(['id', 'name', 'birth_date', 'tags']).where('guardian_id', '=', g).where('status', '=', 'active')
      .where('birth_date', '>', '2012-12-01').orderBy('birth_date').orderBy('id'));
    noScan(wards, 'wards');
    expect(wards).toMatch(/residents_guardian_idx/);
    const left = await queryPlan(t.platform.database, (db) => db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('guardian_id', '=', g).where('status', '=', 'active'));
    noScan(left, 'left');
    expect(left).toMatch(/residents_guardian_idx/);
  });
});
