import { ageOn, validateCnId } from '@renxing/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { SEED_ACTOR } from '../../seed';
import { DEMO_DEFAULT_SEED, type DemoStreamResident, generateResidents } from './demo';
import { seedRegistryDemo, seedScale } from './index';
import { householdGuardians } from './registry.seed';

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

describe('scale seed: household heads and minors\' guardians, as in the demo', () => {
  let t: TestApp;
  const total = 4000;
  const now = new Date('2026-11-29T00:00:00+08:00');
  type Stored = { id: string; household_id: string; relation: string; birth_date: string; guardian_id: string | null; status: string; id_number: string };
  let residents: Stored[];
  let heads: Map<string, string | null>;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    // An odd batch size: many writes, each ending somewhere inside the stream's households.
    await seedScale(t.platform, t.services.audit, t.services.orgs, SEED_ACTOR, total, { batch: 333 });
    const { db } = t.platform.database;
    residents = (await db.selectFrom('residents').select(['id', 'household_id', 'relation', 'birth_date', 'guardian_id', 'status', 'id_number_enc']).execute())
      .map(({ id_number_enc, ...r }) => ({ ...r, id_number: t.platform.crypto.decrypt('residents.id_number', id_number_enc) }));
    heads = new Map((await db.selectFrom('households').select(['id', 'head_resident_id']).execute()).map((h) => [h.id, h.head_resident_id]));
  });
  afterAll(async () => t.close());
  const adult = (r: Stored) => ageOn(r.birth_date, now) >= 18;

  it('every household with a 户主 member has that member as its head', async () => {
    expect(residents).toHaveLength(total);
    const withHead = residents.filter((r) => r.relation === 'head');
    expect(new Set(withHead.map((r) => r.household_id)).size).toBe(withHead.length);
    expect(withHead.length).toBeGreaterThan(1000);
    for (const r of withHead) expect(heads.get(r.household_id)).toBe(r.id);
    // And no household has a head that is not its own 户主 member.
    const byId = new Map(residents.map((r) => [r.id, r]));
    for (const [hid, head] of heads) if (head) expect([byId.get(head)?.household_id, byId.get(head)?.relation]).toEqual([hid, 'head']);
  });

  it("every minor in a household with an adult has a guardian who is an active adult of the same household", async () => {
    const byId = new Map(residents.map((r) => [r.id, r]));
    const hasAdult = new Set(residents.filter(adult).map((r) => r.household_id));
    const minors = residents.filter((r) => !adult(r) && hasAdult.has(r.household_id));
    expect(minors.length).toBeGreaterThan(300);
    for (const m of minors) {
      const g = m.guardian_id ? byId.get(m.guardian_id) : undefined;
      expect(g, `guardian of minor ${m.id}`).toBeDefined();
      expect([g!.household_id, g!.status, adult(g!)]).toEqual([m.household_id, 'active', true]);
    }
    // Adults have no guardian.
    expect(residents.filter((r) => adult(r) && r.guardian_id)).toEqual([]);
  });

  it('is deterministic: the heads and guardians are those of the seed\'s stream (the same seed gives the same ones)', async () => {
    const stream: DemoStreamResident[] = [...generateResidents({ seed: DEMO_DEFAULT_SEED, total, now })];
    const byRef = new Map(stream.map((r) => [`${r.communityIndex}:${r.ref}`, r]));
    const idNumberOf = new Map(residents.map((r) => [r.id, r.id_number]));
    const stored = new Map(residents.map((r) => [r.id_number, r]));
    for (const r of stream) {
      const s = stored.get(r.idNumber)!;
      const guardian = r.guardianRef ? byRef.get(`${r.communityIndex}:${r.guardianRef}`)!.idNumber : null;
      expect(s.guardian_id ? idNumberOf.get(s.guardian_id) : null).toBe(guardian);
      if (r.relationToHead === '户主') expect(heads.get(s.household_id)).toBe(s.id);
    }
    expect(stream.filter((r) => r.guardianRef).length).toBe(residents.filter((r) => r.guardian_id).length);
  });

  it('chooses a guardian when the stream names none: an adult present, 户主/配偶/父母 first, in stream order', () => {
    type M = Parameters<typeof householdGuardians>[0][number];
    const m = (ref: string, age: number, relationToHead: M['relationToHead'], o: Partial<M> = {}): M => ({ ref, age, relationToHead, residenceType: 'registered', guardianRef: null, ...o });
    // Named guardian wins; otherwise 户主 (even listed after another adult); an away 户主 yields to a present 配偶.
    expect(householdGuardians([m('a', 30, '其他'), m('b', 40, '户主'), m('c', 5, '子女'), m('d', 7, '子女', { guardianRef: 'a' })])).toEqual([null, null, 1, 0]);
    expect(householdGuardians([m('a', 50, '户主', { residenceType: 'away' }), m('b', 45, '配偶'), m('c', 10, '孙子女')])).toEqual([null, null, 1]);
    // A named guardian who is missing or a minor is not used (a minor 户主 gets a guardian too); no adult at all: none.
    expect(householdGuardians([m('a', 16, '户主'), m('b', 20, '其他'), m('c', 3, '子女', { guardianRef: 'a' }), m('d', 2, '子女', { guardianRef: 'zz' })])).toEqual([1, null, 1, 1]);
    expect(householdGuardians([m('a', 17, '户主'), m('b', 15, '其他')])).toEqual([null, null]);
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
