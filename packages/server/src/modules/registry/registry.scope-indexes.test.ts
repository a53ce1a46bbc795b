// Area scope at district volume (migration 0027, ADR 0047): every area-scoped registry read filters
// `org_path like '<area path>%'`. Without an index the planner can use for that prefix, a community's or street's page
// reads every resident of the installation. These tests ask the database's own planner (EXPLAIN), on both dialects.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { queryPlan } from '../../../test/query-plan';

describe('area scope uses an index (query plans)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const plan = (build: Parameters<typeof queryPlan>[1]) => queryPlan(t.platform.database, build);

  const sqlite = () => t.platform.database.dialect.name === 'sqlite';
  // PostgreSQL turns the LIKE prefix into an index range with `text_pattern_ops` (any collation: ~>=~ / ~<~) or, in a
  // C-collated database, with a plain B-tree (>= / <); either way not a scan of the whole table.
  const PG_RESIDENTS_RANGE = /Index (Only )?Scan using residents_\w+ on residents[\s\S]*Index Cond: \(\(org_path (~>=~|>=) /;

  it("a street's active-population count reads an index range, not every resident", async () => {
    const p = await plan((db) => db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n'))
      .where('org_path', 'like', `${t.orgs.street.path}%`).where('status', '=', 'active'));
    if (sqlite()) expect(p).toMatch(/SEARCH residents USING COVERING INDEX residents_scope_idx \(org_path>\? AND org_path<\?\)/);
    else expect(p).toMatch(PG_RESIDENTS_RANGE);
  });

  it("a community's figures grouped by grid read an index range", async () => {
    const p = await plan((db) => db.selectFrom('residents as r').select(['r.org_path', (eb) => eb.fn.countAll().as('n'), sql<number>`sum(case when r.sex = 'M' then 1 else 0 end)`.as('male')])
      .where('r.org_path', 'like', `${t.orgs.community.path}%`).where('r.status', '=', 'active').groupBy('r.org_path'));
    if (sqlite()) expect(p).toMatch(/SEARCH r USING (COVERING )?INDEX residents_scope_idx \(org_path>\? AND org_path<\?\)/);
    else expect(p).toMatch(PG_RESIDENTS_RANGE);
  });

  it("an area's households read an index range", async () => {
    const p = await plan((db) => db.selectFrom('households as h').select(['h.org_path', (eb) => eb.fn.countAll().as('n')])
      .where('h.org_path', 'like', `${t.orgs.community.path}%`).groupBy('h.org_path'));
    if (sqlite()) expect(p).toMatch(/SEARCH h USING (COVERING )?INDEX households_scope_idx \(org_path>\? AND org_path<\?\)/);
    else expect(p).toMatch(/Index (Only )?Scan using households_\w+ on households[\s\S]*Index Cond: \(\(?org_path (~>=~|>=) /);
  });

  it('the possible-duplicate check finds the same name and birth date by index, not by reading every namesake', async () => {
    const p = await plan((db) => db.selectFrom('residents as d').select('d.id')
      .where('d.name', '=', '王芳').where('d.birth_date', '=', '1960-01-01').where('d.status', '=', 'active'));
    if (sqlite()) expect(p).toMatch(/SEARCH d USING INDEX residents_name_birth_idx \(name=\? AND birth_date=\? AND status=\?\)/);
    else expect(p).toMatch(/residents_name_birth_idx[\s\S]*Index Cond: \(\(name = .*birth_date = /);
  });
});
