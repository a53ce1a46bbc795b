import { validateCnId } from '@renxing/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { SEED_ACTOR } from '../../seed';
import { seedRegistryDemo, seedScale } from './index';

describe('demo community seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    await seedRegistryDemo(t.platform, t.services.audit, t.services.orgs, SEED_ACTOR);
  });
  afterAll(async () => t.close());

  it('creates A社区 with ~6,000 residents in ~2,000 households, 8 grids, a three-no compound; idempotent', async () => {
    const { db } = t.platform.database;
    const n = async (table: string, where?: [string, string]) => {
      let q = db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
      if (where) q = q.where(where[0], 'like', where[1]);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    const aPath = t.orgs.community.path;
    expect(await n('residents', ['org_path', `${aPath}%`])).toBe(6000);
    const households = await n('households', ['org_path', `${aPath}%`]);
    expect(households).toBeGreaterThan(1800);
    expect(households).toBeLessThan(2400);
    const grids = await db.selectFrom('residents').select('grid_id').distinct().where('org_path', 'like', `${aPath}%`).execute();
    expect(grids).toHaveLength(8);
    const threeNo = await db.selectFrom('compounds').selectAll().where('community_id', '=', t.orgs.community.id).execute();
    expect(threeNo.filter((c) => t.platform.database.codec.readBool(c.no_property_management) && t.platform.database.codec.readBool(c.not_enclosed)).length).toBeGreaterThanOrEqual(1);
    const alone = await db.selectFrom('resident_tags').select((eb) => eb.fn.countAll().as('n')).where('tag', '=', 'living_alone').executeTakeFirstOrThrow();
    expect(Number(alone.n)).toBeGreaterThan(100);
    const again = await seedRegistryDemo(t.platform, t.services.audit, t.services.orgs, SEED_ACTOR);
    expect(again.a.skipped).toBe(true);
    expect(await n('residents', ['org_path', `${aPath}%`])).toBe(6000);
  });

  it('stored IDs decrypt to valid numbers whose birth date matches the record', async () => {
    const rows = await t.platform.database.db.selectFrom('residents').select(['id_number_enc', 'birth_date', 'sex']).limit(200).execute();
    for (const r of rows) {
      const v = validateCnId(t.platform.crypto.decrypt('residents.id_number', r.id_number_enc), t.clock.now());
      expect(v.ok).toBe(true);
      if (v.ok) expect([v.birthDate, v.sex]).toEqual([r.birth_date, r.sex]);
    }
  });

  it('a grid worker sees only grid 1, filters by care tag, and finds people by pinyin initials', async () => {
    const s = await t.login('grid1');
    const list = await as(t, s).get('/api/residents?pageSize=100');
    expect(list.json().total).toBeGreaterThan(400);
    expect(list.json().total).toBeLessThan(1200);
    expect(new Set(list.json().items.map((x: { gridId: string }) => x.gridId))).toEqual(new Set([t.orgs.grids[0]!.id]));
    const alone = await as(t, s).get('/api/residents?tag=living_alone&pageSize=100');
    expect(alone.json().items.every((x: { tags: string[] }) => x.tags.includes('living_alone') && x.tags.includes('elderly60'))).toBe(true);
    const first = list.json().items[0];
    const prof = (await as(t, s).get(`/api/residents/${first.id}`)).json();
    const initials = (await import('@renxing/shared')).pinyinKeys(prof.name).initials;
    const found = await as(t, s).post('/api/residents/search', { q: initials, limit: 100 });
    expect(found.json().items.map((x: { id: string }) => x.id)).toContain(first.id);
    const tree = await as(t, s).get('/api/places/tree');
    expect(tree.json().items.length).toBeGreaterThan(0);
  });
});

describe('scale seed (benchmarks)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
  });
  afterAll(async () => t.close());

  const indexes = async () => {
    const { db, sqlite } = t.platform.database;
    if (sqlite) return (sqlite.prepare(`select name from sqlite_master where type = 'index' and tbl_name in ('residents', 'resident_tags', 'households') order by name`).all() as Array<{ name: string }>).map((r) => r.name);
    const r = await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = current_schema()
      and tablename in ('residents', 'resident_tags', 'households') order by indexname`.execute(db);
    return r.rows.map((x) => x.indexname);
  };

  it('loads N residents into an empty registry with every index rebuilt, searchable by pinyin initials', async () => {
    const before = await indexes();
    expect(before).toContain('residents_initials_idx');
    const res = await seedScale(t.platform, t.services.audit, t.services.orgs, SEED_ACTOR, 3000);
    expect(res.residents).toBe(3000);
    expect(await indexes()).toEqual(before);
    const { db } = t.platform.database;
    expect(Number((await db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(3000);
    const r = await db.selectFrom('residents').select(['id', 'name_initials']).where('org_path', 'like', `${t.orgs.community.path}%`).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const s = await t.login('admin');
    const found = await as(t, s).post('/api/residents/search', { q: r.name_initials, limit: 100 });
    expect(found.statusCode).toBe(200);
    expect(found.json().items.length).toBeGreaterThan(0);
  });
});

describe('scale seed on top of the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    await seedRegistryDemo(t.platform, t.services.audit, t.services.orgs, SEED_ACTOR);
  });
  afterAll(async () => t.close());

  it('adds the other communities and leaves the demo communities as they are (no duplicate ID number)', async () => {
    const { db } = t.platform.database;
    const count = async (prefix: string) => Number((await db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n);
    const a = t.orgs.community;
    const before = await count(t.orgs.district.path);
    const res = await seedScale(t.platform, t.services.audit, t.services.orgs, SEED_ACTOR, 14000);
    expect(res.skippedCommunities).toEqual([a.code, '330902001002']);
    expect(res.residents).toBeGreaterThan(4000);
    expect(await count(a.path)).toBe(6000);
    expect(await count(t.orgs.district.path)).toBe(before + res.residents);
    const c = await t.services.orgs.byCode('330902001003');
    expect(await count(c!.path)).toBe(res.residents);
  });
});
