// Both dialects (RENXING_TEST_DIALECT=postgres).
// After every fever report the grid's fever indicator is recounted (residents with a fever in the grid that day). At a
// million residents a day holds ~790,000 reports: counted as "the day, filtered by grid" it read the whole day from
// self_reports_scope_idx (report_date = ?) — 1.5–2.3 s on SQLite, holding the event loop — for each fever. The count
// reads the grid's day as one range of self_reports_grid_idx (grid_id, report_date) instead (migration 0030); asked of
// the database's own planner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { queryPlan } from '../../../test/query-plan';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { gridFeversQuery } from './self-reports.service';

describe(`the fever count of a grid after a fever report (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T09:00:00+08:00' });
    fx = await seedScopedFixture(t, 3);
    // Temperatures are collected only while an emergency covers the area (ADR 0027).
    const d = await t.login('district');
    expect((await as(t, d).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2026-11-01', legalRef: '定海区疫情防控指挥部通告第1号' })).statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  it("reads the grid's day as one range of self_reports_grid_idx (grid_id, report_date), not the whole day", async () => {
    const grid = t.orgs.grids[0]!;
    const p = await queryPlan(t.platform.database, (db) => gridFeversQuery(db, t.platform.database.codec, grid.id, '2026-11-29'));
    if (t.platform.database.dialect.name === 'sqlite') expect(p).toMatch(/SEARCH self_reports USING INDEX self_reports_grid_idx \(grid_id=\? AND report_date=\?\)/);
    else expect(p).toMatch(/Index (Only )?Scan using self_reports_grid_idx on self_reports[\s\S]*Index Cond: \(\(grid_id = [^)]*\) AND \(report_date = /);
  });

  it('counts the residents of that grid with a fever that day (another grid and day, and normal temperatures, not)', async () => {
    const doc = await t.login('doctor');
    for (const [who, temp] of [[fx.R1, 38.4], [fx.R1, 38.6], [fx.extras[0]!, 36.5], [fx.R2, 38.2]] as const) {
      expect((await as(t, doc).post('/api/self-reports', { residentId: who.id, temperature: temp })).statusCode).toBe(201);
    }
    const date = (await t.platform.database.db.selectFrom('self_reports').select('report_date').where('resident_id', '=', fx.R1.id).executeTakeFirstOrThrow()).report_date as string;
    const count = async (g: { id: string }, d: string) => Number((await gridFeversQuery(t.platform.database.db, t.platform.database.codec, g.id, d).executeTakeFirstOrThrow()).n);
    const g1 = fx.g1 as { id: string };
    const g2 = fx.g2 as { id: string };
    expect(await count(g1, date)).toBe(1); // R1 twice = one resident; extras[0] (g1) had no fever
    expect(await count(g2, date)).toBe(1);
    expect(await count(g1, '2001-01-01')).toBe(0);
  });
});
