// SQLite only (skipped on PostgreSQL, whose ANALYZE this does not change).
// The planner statistics a bulk load leaves behind (withDeferredIndexes: `renxing import` into an empty registry,
// `seed --scale`). A full ANALYZE also writes `sqlite_stat4`: 24 sampled keys per index. An `org_path like
// '<community>%'` range that holds no sample is then estimated far below its size, and the name / pinyin search of that
// community read the whole community through residents_scope_idx and sorted it, instead of walking the search index in
// order and stopping at the limit (30 of 50 communities at 300,000 residents). Under the analysis limit of
// `PRAGMA optimize` (ADR 0058) SQLite writes `sqlite_stat1` only, and the search keeps its index.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { queryPlan } from '../../../test/query-plan';
import { withDeferredIndexes } from './deferred-indexes';

const COMMUNITIES = 50;
const PER_COMMUNITY = 600;

describe.skipIf(TEST_DIALECT === 'postgres')('planner statistics after a bulk load (SQLite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const raw = t.platform.database.sqlite!;
    const grid = t.orgs.grids[0]!.id;
    // 30,000 synthetic residents in 50 "communities" (org_path /t/NN/), four surnames; one placeholder household
    // (foreign keys off for the fill only: no units or buildings needed for a plan).
    raw.pragma('foreign_keys = OFF');
    raw.exec(`insert into households (id, unit_id, grid_id, org_path, room, address, created_at, updated_at)
      values ('h-bulk', 'u-bulk', '${grid}', '/t/', '101', 'x', '2025-01-01', '2025-01-01')`);
    raw.exec(`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${COMMUNITIES * PER_COMMUNITY - 1})
      insert into residents (id, household_id, grid_id, org_path, name, name_pinyin, name_initials, id_number_enc, id_bidx, id_masked,
        id_tail, sex, birth_date, relation, residence_type, created_at, updated_at)
      select printf('r-%06d', i), 'h-bulk', '${grid}', printf('/t/%02d/', i % ${COMMUNITIES}), printf('n%06d', i),
        (case i % 4 when 0 then 'zhang' when 1 then 'wang' when 2 then 'li' else 'chen' end) || printf('%06d', i),
        (case i % 4 when 0 then 'zh' when 1 then 'w' when 2 then 'l' else 'c' end) || printf('%06d', i),
        'e', printf('b-%06d', i), 'm', '0000', 'M', '1980-01-01', 'self', 'registered', '2025-01-01', '2025-01-01' from n`);
    raw.pragma('foreign_keys = ON');
  });
  afterAll(async () => t.close());

  const raw = () => t.platform.database.sqlite!;
  const stat4Rows = () => (raw().prepare("select count(*) as n from sqlite_stat4 where tbl = 'residents'").get() as { n: number }).n;
  /** The pinyin search of a community (registry.service.ts searchResidents), as the service builds it. */
  const searchPlan = (community: number) => queryPlan(t.platform.database, (db) => db.selectFrom('residents as r')
    .innerJoin('households as h', 'h.id', 'r.household_id').select(['r.id', 'r.name', 'h.address'])
    .where('r.org_path', 'like', `/t/${String(community).padStart(2, '0')}/%`).where('r.status', '=', 'active')
    .where('r.name_pinyin', '>=', 'zh').where('r.name_pinyin', '<', 'zi').orderBy('r.name_pinyin').orderBy('r.id').limit(20));
  const scopeScans = async () => {
    const off: number[] = [];
    for (let c = 0; c < COMMUNITIES; c++) if (!/residents_pinyin_idx/.test(await searchPlan(c))) off.push(c);
    return off;
  };

  it('a full ANALYZE (sqlite_stat4) turns the search of some communities into a scope scan — the case below guards', async () => {
    await sql`analyze residents`.execute(t.platform.database.db);
    expect(stat4Rows()).toBeGreaterThan(0);
    expect((await scopeScans()).length).toBeGreaterThan(0);
  });

  it('withDeferredIndexes analyzes under the limit: sqlite_stat1 only, the old sqlite_stat4 rows gone, every search on its index', async () => {
    await withDeferredIndexes(t.platform.database, ['residents'], async () => {});
    const stat1 = raw().prepare("select stat from sqlite_stat1 where idx = 'residents_pinyin_idx'").get() as { stat: string } | undefined;
    expect(Number(stat1?.stat.split(' ')[0])).toBeGreaterThanOrEqual(COMMUNITIES * PER_COMMUNITY);
    expect(stat4Rows()).toBe(0);
    expect(await scopeScans()).toEqual([]);
    for (const c of [0, 17, 49]) expect(await searchPlan(c)).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    // The connection's own limit is left as it was (none).
    expect(Number(raw().pragma('analysis_limit', { simple: true }))).toBe(0);
  });
});
