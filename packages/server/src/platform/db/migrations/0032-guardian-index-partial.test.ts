// Both dialects (RENXING_TEST_DIALECT=postgres).
// Migration 0032: residents_guardian_idx is partial (`where guardian_id is not null`). The data-quality kind
// minor_no_guardian (`r.guardian_id is null`, registry.quality.ts) then reads the area through residents_scope_idx
// instead of every guardian-less resident of the installation through the guardian index; the lookups by a guardian
// still read residents_guardian_idx. Asked of each database's planner (SQLite EXPLAIN QUERY PLAN; PostgreSQL EXPLAIN
// with sequential scans off), without statistics (SQLite's sqlite_stat1 does not change this plan either: measured at
// 300,000 residents, ADR 0058 addendum).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../../test/harness';
import { queryPlan } from '../../../../test/query-plan';

describe(`0032 partial guardian index (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const sqlite = () => t.platform.database.dialect.name === 'sqlite';
  const plan = (build: Parameters<typeof queryPlan>[1]) => queryPlan(t.platform.database, build);
  const C18 = '2007-06-01';

  it('minor_no_guardian (count and page) reads the area through residents_scope_idx, not residents_guardian_idx', async () => {
    const P = t.orgs.community.path;
    const area = (db: Parameters<Parameters<typeof queryPlan>[1]>[0]) => db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id')
      .where('r.org_path', 'like', `${P}%`).where('r.status', '=', 'active').where(sql<boolean>`(r.birth_date > ${C18} and r.guardian_id is null)`);
    for (const build of [
      (db: Parameters<Parameters<typeof queryPlan>[1]>[0]) => area(db).select((eb) => eb.fn.countAll().as('n')),
      (db: Parameters<Parameters<typeof queryPlan>[1]>[0]) => area(db).select('r.id').orderBy('r.org_path').orderBy('h.address').orderBy('r.id').limit(50),
    ]) {
      const p = await plan(build);
      expect(p, p).not.toMatch(/residents_guardian_idx/);
      expect(p, p).toMatch(/residents_scope_idx/);
    }
  });

  it("a guardian's children and the count of minors left still read residents_guardian_idx", async () => {
    const g = 'r-guardian';
    const wards = await plan((db) => db.selectFrom('residents').select(['id', 'birth_date']).where('guardian_id', '=', g).where('status', '=', 'active')
      .where('birth_date', '>', C18).orderBy('birth_date').orderBy('id'));
    expect(wards, wards).toMatch(/residents_guardian_idx/);
    const left = await plan((db) => db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('guardian_id', '=', g).where('status', '=', 'active'));
    expect(left, left).toMatch(/residents_guardian_idx/);
  });

  it('the index is partial on both dialects', async () => {
    const { db } = t.platform.database;
    const def = sqlite()
      ? (await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and name = 'residents_guardian_idx'`.execute(db)).rows[0]?.sql
      : (await sql<{ sql: string }>`select indexdef as sql from pg_indexes where schemaname = current_schema() and indexname = 'residents_guardian_idx'`.execute(db)).rows[0]?.sql;
    expect(def).toMatch(/where \(?guardian_id is not null\)?/i);
  });
});
