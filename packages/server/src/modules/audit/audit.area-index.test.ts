// Both dialects (RENXING_TEST_DIALECT=postgres): migration 0026 runs on each, and the planner can use its index.
// The audit viewer of a district auditor (ADR 0046 addendum) counts and pages `audit_log` rows whose `actor_org` is one
// of the area's org ids, newest first (audit.service.ts `query`). Without an index on actor_org both read the whole log.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { queryPlan } from '../../../test/query-plan';

describe(`audit viewer's area filter uses an index (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let area: string[];
  beforeAll(async () => {
    t = await createTestApp();
    area = (await t.services.orgs.within(t.orgs.district.path)).map((o) => o.id);
  });
  afterAll(async () => t.close());

  // PostgreSQL reads the area's rows through the index (a bitmap scan for an IN list, or an index scan), never Seq Scan.
  const PG_AREA_INDEX = /(Bitmap Index Scan on|Index( Only)? Scan using) audit_log_actor_org_idx/;

  const plan = (build: Parameters<typeof queryPlan>[1]) => queryPlan(t.platform.database, build);

  it('migration 0026 created the index on this dialect', async () => {
    const { db, dialect } = t.platform.database;
    const names = dialect.name === 'sqlite'
      ? (t.platform.database.sqlite!.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'audit_log'`).all() as Array<{ name: string }>).map((r) => r.name)
      : (await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'audit_log' and schemaname = current_schema()`.execute(db)).rows.map((r) => r.indexname);
    expect(names).toContain('audit_log_actor_org_idx');
  });

  it("the district auditor's count reads the actor_org index", async () => {
    const p = await plan((db) => db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('actor_org', 'in', area));
    if (TEST_DIALECT === 'sqlite') expect(p).toMatch(/SEARCH audit_log USING COVERING INDEX audit_log_actor_org_idx \(actor_org=\?\)/);
    else expect(p).toMatch(PG_AREA_INDEX);
  });

  it("the district auditor's page (newest first) reads the actor_org index, not the whole log", async () => {
    const p = await plan((db) => db.selectFrom('audit_log').selectAll().where('actor_org', 'in', area).orderBy('id', 'desc').limit(50).offset(0));
    if (TEST_DIALECT === 'sqlite') {
      expect(p).toMatch(/SEARCH audit_log USING INDEX audit_log_actor_org_idx \(actor_org=\?\)/);
      expect(p).not.toMatch(/SCAN audit_log/);
    } else expect(p).toMatch(PG_AREA_INDEX);
  });
});
