// Both dialects (RENXING_TEST_DIALECT=postgres).
// Migration 0031 (ADR 0057, addendum): lookups by a referring column that 0030 left without an index, each a read of
// the whole table — the erasure of a resident record clearing the head of the households the person headed (every
// household: ~330,000 at a million residents), deleting the person's break-the-glass grants and minors' data requests
// (and the foreign-key check of `delete from residents` on both), and the accounts of an org (the delete check of an
// org, and whom to notify of every correction request, minor's data request, grant and warning alert). Asked of each
// database's planner (SQLite EXPLAIN QUERY PLAN; PostgreSQL EXPLAIN with sequential scans off).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../../test/harness';
import { expectNoScan, expectUsesIndex, foreignKeysTo, indexLeadingColumns, queryPlan } from '../../../../test/query-plan';
import { ORG_REFERENCES, referringRows } from '../../../modules/orgs/orgs.admin';

describe(`0031 reference indexes (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const noScan = (p: string, what: string) => expectNoScan(t.platform.database, p, what);
  const r = 'r-0000';

  it('every foreign key to residents has an index led by its column (the check of the erasure’s `delete from residents`)', async () => {
    const keys = await foreignKeysTo(t.platform.database, ['residents']);
    const indexed = await indexLeadingColumns(t.platform.database);
    expect(keys).toEqual(expect.arrayContaining(['break_glass_grants.resident_id', 'minor_access_requests.resident_id', 'residents.guardian_id']));
    expect(keys.filter((k) => !indexed.has(k))).toEqual([]);
  });

  it('the erasure clears the head of households through households_head_idx', async () => {
    const p = await queryPlan(t.platform.database, (db) => db.updateTable('households').set((eb) => ({ head_resident_id: null, version: eb('version', '+', 1) }))
      .where('head_resident_id', '=', r));
    noScan(p, 'head');
    expectUsesIndex(p, 'households_head_idx', 'head');
  });

  it("the erasure deletes the person's break-the-glass grants and minors' data requests through their resident index", async () => {
    for (const [table, index] of [['break_glass_grants', 'break_glass_resident_idx'], ['minor_access_requests', 'minor_access_resident_idx']] as const) {
      const p = await queryPlan(t.platform.database, (db) => db.deleteFrom(table).where('resident_id', '=', r));
      noScan(p, table);
      expectUsesIndex(p, index, table);
    }
  });

  it("an org's accounts (the delete check of an org; whom to notify) read users_org_idx", async () => {
    const grid = t.orgs.grids[0]!;
    const ref = ORG_REFERENCES.find((x) => x.table === 'users')!;
    const check = await queryPlan(t.platform.database, (db) => referringRows(db, ref, grid).select((eb) => eb.fn.countAll().as('n')));
    noScan(check, 'delete check');
    expectUsesIndex(check, 'users_org_idx', 'delete check');
    // auth.service.ts activeUserIds: the community admins (or staff) of the org and its ancestors.
    const notify = await queryPlan(t.platform.database, (db) => db.selectFrom('users').select('id').where('role', 'in', ['community_admin'])
      .where('status', '=', 'active').where('org_id', 'in', [grid.id, t.orgs.community.id]).orderBy('id'));
    noScan(notify, 'activeUserIds');
    expectUsesIndex(notify, 'users_org_idx', 'activeUserIds');
  });
});
