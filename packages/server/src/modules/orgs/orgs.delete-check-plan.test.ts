// Both dialects (RENXING_TEST_DIALECT=postgres).
// The delete check of an org (ORG_REFERENCES, referringRows) counts `grid_id = ? or org_path like '<path>%'` per table;
// an OR is an index lookup only when each of its terms is. At 994,622 residents and 3.16 million self-reports it read
// residents, households and self_reports in full, holding the event loop (1.9–7 s; migration 0030, ADR 0057). Asked of
// each database's planner (SQLite EXPLAIN QUERY PLAN; PostgreSQL EXPLAIN with sequential scans off).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { expectNoScan, queryPlan } from '../../../test/query-plan';
import { GROWING } from '../../../test/growing-tables';
import { ORG_REFERENCES, referringRows } from './orgs.admin';

describe(`the delete check of an org reads growing tables through indexes (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('the delete check of a grid reads each growing table through indexes, never in full', async () => {
    const grid = t.orgs.grids[0]!;
    for (const table of GROWING) {
      const ref = ORG_REFERENCES.find((r) => r.table === table)!;
      expect(ref, table).toBeDefined();
      const p = await queryPlan(t.platform.database, (db) => referringRows(db, ref, grid).select((eb) => eb.fn.countAll().as('n')));
      expectNoScan(t.platform.database, p, table);
    }
  });
});
