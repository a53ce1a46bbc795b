// Population overview (GET /api/registry/overview) and the daily refresh of age-derived care tags, on SQLite and (via
// `npm run test:pg`) PostgreSQL. Expected figures are computed here from the residents the test creates, with the
// shared `ageOn`, not copied from the implementation.
import { ageOn, makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import type { CareTag, ResidenceType } from './residents.codec';

type Made = { id: string; gridId: string; communityId: string; birthDate: string; residenceType: ResidenceType; tags: CareTag[]; sex: 'M' | 'F'; householdId: string };

/**
 * The overview once no community of the caller's area is being recounted behind an earlier answer (ADR 0048 addendum):
 * asks again until `refreshing` is false.
 */
async function settled(t: TestApp, s: Session) {
  for (let i = 0; i < 200; i++) {
    const b = (await as(t, s).get('/api/registry/overview')).json();
    if (!b.refreshing) return { total: b.area.figures.residents as number | null, computedAt: b.computedAt as string, refreshing: false as boolean, asOf: b.asOf as string };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the overview was still refreshing after 200 asks');
}

describe('registry population overview and age tags', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  const made: Made[] = [];
  let seq = 100;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-06-01T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    const admin = await t.services.auth.findByUsername('admin');
    const principal = {
      kind: 'user' as const, id: admin!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    const add = async (householdId: string, gridId: string, communityId: string, birthDate: string, residenceType: ResidenceType, tags: CareTag[], guardianId?: string) => {
      // The 孕妇 tag fits only a woman (an even sequence number in the ID).
      if (tags.includes('pregnant') && seq % 2 === 1) seq++;
      const idNumber = makeCnId('330902', birthDate, seq++);
      // Care tags are set with the resident's separate consent (ADR 0033), attested by the worker.
      const consent = tags.length ? { method: 'written' as const } : undefined;
      const r = await t.services.registry.createResident(principal, SYSTEM_ACTOR, { householdId, name: `测试${seq}`, idNumber, phone: null, relation: 'other', residenceType, tags, guardianId, consent });
      made.push({ id: r.id, gridId, communityId, birthDate, residenceType, tags, sex: r.sex as 'M' | 'F', householdId });
    };
    // Grid 1 of community A: six elderly people living alone (so the street sees ≥ 5), a floating tenant, a pregnant woman.
    for (let i = 0; i < 6; i++) await add(fx.h1.id, fx.g1.id, t.orgs.community.id, `19${40 + i}-03-0${1 + i}`, 'registered', ['living_alone']);
    await add(fx.h1.id, fx.g1.id, t.orgs.community.id, '1995-07-15', 'floating', []);
    await add(fx.h1.id, fx.g1.id, t.orgs.community.id, '1996-02-20', 'tenant', ['pregnant']);
    // Grid 2: one disabled person (a cell of 1 → suppressed for the street), a child.
    await add(fx.h2.id, fx.g2.id, t.orgs.community.id, '1970-10-10', 'registered', ['disabled']);
    await add(fx.h2.id, fx.g2.id, t.orgs.community.id, '2016-05-05', 'registered', [], fx.R2.id);
  });
  afterAll(async () => t.close());

  /** Every active resident the fixture and this test created, with community and grid. */
  const population = () => [
    { gridId: fx.g1.id, communityId: t.orgs.community.id, birthDate: '1980-01-01', residenceType: 'registered', tags: [] as string[], householdId: fx.h1.id },
    { gridId: fx.g2.id, communityId: t.orgs.community.id, birthDate: '1949-12-31', residenceType: 'registered', tags: [] as string[], householdId: fx.h2.id },
    { gridId: fx.gB.id, communityId: t.orgs.other.id, birthDate: '1880-01-01', residenceType: 'registered', tags: [] as string[], householdId: fx.h3.id },
    ...made,
  ];
  const expected = (people: ReturnType<typeof population>) => {
    const now = t.clock.now();
    const age = (b: string) => ageOn(b, now);
    return {
      residents: people.length,
      households: new Set(people.map((p) => p.householdId)).size,
      floating: people.filter((p) => p.residenceType === 'floating').length,
      tenant: people.filter((p) => p.residenceType === 'tenant').length,
      elderly60: people.filter((p) => age(p.birthDate) >= 60).length,
      elderly80: people.filter((p) => age(p.birthDate) >= 80).length,
      minors: people.filter((p) => age(p.birthDate) < 18).length,
      livingAlone: people.filter((p) => p.tags.includes('living_alone')).length,
      elderlyAlone: people.filter((p) => p.tags.includes('living_alone') && age(p.birthDate) >= 60).length,
      pregnant: people.filter((p) => p.tags.includes('pregnant')).length,
      disabled: people.filter((p) => p.tags.includes('disabled')).length,
    };
  };

  it('a community admin sees their community and each grid, exact figures, nothing from another community', async () => {
    const s = await t.login('admin');
    const r = await as(t, s).get('/api/registry/overview');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.area).toMatchObject({ id: t.orgs.community.id, level: 'community' });
    expect(body.suppressed).toBe(false);
    expect(body.asOf).toBe('2025-06-01');
    const inA = population().filter((p) => p.communityId === t.orgs.community.id);
    expect(body.area.figures).toMatchObject(expected(inA));
    expect(body.children.map((c: { id: string }) => c.id)).toEqual(t.orgs.grids.map((g) => g.id));
    const g1 = body.children.find((c: { id: string }) => c.id === fx.g1.id);
    const g2 = body.children.find((c: { id: string }) => c.id === fx.g2.id);
    expect(g1.figures).toMatchObject(expected(inA.filter((p) => p.gridId === fx.g1.id)));
    expect(g2.figures).toMatchObject(expected(inA.filter((p) => p.gridId === fx.g2.id)));
    expect(body.children.find((c: { id: string }) => c.id === t.orgs.grids[5]!.id).figures.residents).toBe(0);
    // No personal data in an aggregate.
    expect(r.body).not.toMatch(/(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])|测试\d|张三/);
  });

  it('the street office sees its communities with counts of 1–4 suppressed (PRIV-01); zero and ≥ 5 are shown', async () => {
    const s = await t.login('street');
    const body = (await as(t, s).get('/api/registry/overview')).json();
    expect(body.area).toMatchObject({ id: t.orgs.street.id, level: 'street' });
    expect(body.suppressed).toBe(true);
    const inA = expected(population().filter((p) => p.communityId === t.orgs.community.id));
    const a = body.children.find((c: { id: string }) => c.id === t.orgs.community.id).figures;
    expect(inA.residents).toBeGreaterThanOrEqual(5);
    expect(a.residents).toBe(inA.residents);
    expect(inA.elderlyAlone).toBeGreaterThanOrEqual(5);
    expect(a.elderlyAlone).toBe(inA.elderlyAlone);
    expect(inA.disabled).toBeGreaterThan(0);
    expect(inA.disabled).toBeLessThan(5);
    expect(a.disabled).toBeNull();
    expect(a.pregnant).toBeNull();
    expect(a.away).toBe(0);
    const b = body.children.find((c: { id: string }) => c.id === t.orgs.other.id).figures;
    expect(b.residents).toBeNull(); // one resident in community B
  });

  it('orgId narrows to a sub-area; outside the scope it is 404; a grid worker sees only their grid; no permission → 403', async () => {
    const admin = await t.login('admin');
    // A second compound in grid 1 with one resident, so that the grid's breakdown has two rows to tell apart.
    const reg = t.services.registry;
    const c2 = await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '安康小区' });
    const b2 = await reg.createBuilding(SYSTEM_ACTOR, { compoundId: c2.id, gridId: fx.g1.id, name: '1幢' });
    const u2 = await reg.createUnit(SYSTEM_ACTOR, { buildingId: b2.id, name: '1单元' });
    const h2 = await reg.createHousehold(SYSTEM_ACTOR, { unitId: u2.id, room: '101' });
    const admin0 = await t.services.auth.findByUsername('admin');
    const principal = {
      kind: 'user' as const, id: admin0!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    const lone = await reg.createResident(principal, SYSTEM_ACTOR, { householdId: h2.id, name: '安居', idNumber: makeCnId('330902', '1938-09-09', 77), phone: null, relation: 'head', residenceType: 'registered', tags: ['living_alone'], consent: { method: 'written' } });
    made.push({ id: lone.id, gridId: fx.g1.id, communityId: t.orgs.community.id, birthDate: '1938-09-09', residenceType: 'registered', tags: ['living_alone'], sex: lone.sex as 'M' | 'F', householdId: h2.id });
    const g1 = (await as(t, admin).get(`/api/registry/overview?orgId=${fx.g1.id}`)).json();
    expect(g1.area).toMatchObject({ id: fx.g1.id, level: 'grid' });
    expect(g1.area.figures.residents).toBe(population().filter((p) => p.gridId === fx.g1.id).length);
    // A grid's breakdown is by residential compound.
    const inG1 = population().filter((p) => p.gridId === fx.g1.id);
    expect(g1.children.map((c: { id: string; level: string }) => [c.id, c.level])).toEqual([[c2.id, 'compound'], [fx.places.pA1.compound.id, 'compound']]);
    expect(g1.children[0].figures).toMatchObject(expected(inG1.filter((p) => p.householdId === h2.id)));
    expect(g1.children[1].figures).toMatchObject(expected(inG1.filter((p) => p.householdId !== h2.id)));
    const other = await as(t, admin).get(`/api/registry/overview?orgId=${t.orgs.other.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect((await as(t, admin).get(`/api/registry/overview?orgId=${t.orgs.street.id}`)).statusCode).toBe(404);
    expect((await as(t, admin).get('/api/registry/overview?gridId=x')).statusCode).toBe(400);

    const grid = await t.login('grid1');
    const mine = (await as(t, grid).get('/api/registry/overview')).json();
    expect(mine.area.id).toBe(t.orgs.grids[0]!.id);
    expect(mine.area.figures.residents).toBe(population().filter((p) => p.gridId === t.orgs.grids[0]!.id).length);

    expect((await as(t, await t.login('volunteer')).get('/api/registry/overview')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/registry/overview' })).statusCode).toBe(401);
  });

  it('a street overview reuses each community\'s figures for two minutes, and a community\'s fresh count at once (ADR 0048)', async () => {
    const street = await t.login('street');
    const admin = await t.login('admin');
    const count = async (s: typeof street) => {
      const b = (await as(t, s).get('/api/registry/overview')).json();
      return { total: b.area.figures.residents as number | null, computedAt: b.computedAt as string, refreshing: b.refreshing as boolean, asOf: b.asOf as string };
    };
    t.clock.advance(121_000); // past any community figures reused by the tests above
    const before = await settled(t, street);
    const community = await count(admin);
    const admin0 = await t.services.auth.findByUsername('admin');
    const principal = {
      kind: 'user' as const, id: admin0!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    const add = async (householdId: string, gridId: string, communityId: string, n: number) => {
      const r = await t.services.registry.createResident(principal, SYSTEM_ACTOR, { householdId, name: '新住户', idNumber: makeCnId('330902', '1990-01-01', n), phone: null, relation: 'other', residenceType: 'registered' });
      made.push({ id: r.id, gridId, communityId, birthDate: '1990-01-01', residenceType: 'registered', tags: [], sex: r.sex as 'M' | 'F', householdId });
    };
    await add(fx.h1.id, fx.g1.id, t.orgs.community.id, 321);
    t.clock.advance(60_000);
    expect(await count(street)).toEqual(before); // nobody counted community A since: reused
    // The community admin's overview counts afresh — and that count is community A's share of the street's figures.
    expect((await count(admin)).total).toBe(community.total! + 1);
    const now = await count(street);
    expect(now.total).toBe(before.total! + 1);
    expect(now.computedAt).toBe(before.computedAt); // community B's figures are still those of the first count
    // Community B changes; nobody there looks: the street sees it once B's figures are two minutes old — first the
    // older figures at once, marked as being recounted, then (the recount done behind that answer) the new ones.
    await add(fx.h3.id, fx.gB.id, t.orgs.other.id, 322);
    expect((await count(street)).total).toBe(before.total! + 1);
    t.clock.advance(61_000);
    const stale = await count(street);
    expect(stale).toEqual({ ...before, total: before.total! + 1, refreshing: true });
    const after = await settled(t, street);
    expect(after.total).toBe(before.total! + 2);
    expect(after.computedAt).not.toBe(before.computedAt);
  });

  it('the district\'s figures, composed from its communities, equal a direct count of its residents (ADR 0048)', async () => {
    t.clock.advance(121_000);
    const district = await t.login('district');
    await settled(t, district);
    const body = (await as(t, district).get('/api/registry/overview')).json();
    expect(body.refreshing).toBe(false);
    expect(body.area.level).toBe('district');
    const db = t.platform.database.db;
    const path = (await db.selectFrom('orgs').select('path').where('id', '=', body.area.id).executeTakeFirstOrThrow()).path as string;
    const direct = await db.selectFrom('residents').select([
      (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.count('household_id').distinct().as('h'),
    ]).where('org_path', 'like', `${path}%`).where('status', '=', 'active').executeTakeFirstOrThrow();
    // The district has no resident:read: counts of 1–4 are suppressed.
    const shown = (v: number) => (v > 0 && v < 5 ? null : v);
    expect(Number(direct.n)).toBeGreaterThanOrEqual(5);
    expect(body.area.figures.residents).toBe(Number(direct.n));
    expect(body.area.figures.households).toBe(shown(Number(direct.h)));
    const all = expected(population());
    for (const [k, v] of Object.entries(all)) expect(body.area.figures[k], k).toBe(shown(v));
    // And each street below it adds up to what the street's own overview says.
    const street = (await as(t, await t.login('street')).get('/api/registry/overview')).json();
    const child = body.children.find((c: { id: string }) => c.id === street.area.id);
    expect(child.figures).toEqual(street.area.figures);
  });

  it('age tags follow birthdays: the daily refresh adds 60+ and drops "minor" the day they apply, once, audited', async () => {
    const reg = t.services.registry;
    const admin = await t.services.auth.findByUsername('admin');
    const principal = {
      kind: 'user' as const, id: admin!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    // Clock: 2025-06-01 (Shanghai). One person turns 60 on 2025-06-02, another turns 18 that day.
    const sixty = await reg.createResident(principal, SYSTEM_ACTOR, { householdId: fx.h2.id, name: '将满六十', idNumber: makeCnId('330902', '1965-06-02', 7), phone: null, relation: 'other', residenceType: 'registered' });
    const teen = await reg.createResident(principal, SYSTEM_ACTOR, {
      householdId: fx.h2.id, name: '将成年', idNumber: makeCnId('330902', '2007-06-02', 9), phone: null, relation: 'child', residenceType: 'registered', guardianId: fx.R2.id,
    });
    expect(sixty.tags).not.toContain('elderly60');
    expect(teen.tags).toContain('minor');
    expect((await t.services.registryOverview.refreshAgeTags(SYSTEM_ACTOR)).changed).toBe(0); // nothing is stale today

    t.clock.set('2025-06-02T00:30:00+08:00');
    // Scanned in pages of 3 residents (the fixture has more): both are found across pages.
    const first = await t.services.registryOverview.refreshAgeTags(SYSTEM_ACTOR, { scanPage: 3 });
    expect(first.changed).toBe(2);
    const s = await t.login('admin');
    const tagged = async (tag: string) => {
      const r = await as(t, s).get(`/api/residents?tag=${tag}&pageSize=100`);
      expect(r.statusCode).toBe(200);
      return r.json().items.map((x: { id: string }) => x.id) as string[];
    };
    expect(await tagged('elderly60')).toContain(sixty.id);
    expect(await tagged('minor')).not.toContain(teen.id);
    const row = await t.platform.database.db.selectFrom('residents').select(['tags', 'version']).where('id', '=', sixty.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.tags as string)).toContain('elderly60');
    expect(Number(row.version)).toBe(Number(sixty.version)); // a derived change does not make the user's copy stale
    const audit = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'refresh_age_tags').execute();
    expect(audit).toHaveLength(1);
    expect(Number(audit[0]!.count)).toBe(2);
    expect((await t.services.registryOverview.refreshAgeTags(SYSTEM_ACTOR)).changed).toBe(0); // idempotent
  });

  it('figures of an earlier day are never answered: after midnight (Asia/Shanghai) the street waits for a fresh count', async () => {
    const street = await t.login('street');
    const first = await settled(t, street);
    // To the next day's 00:30 in Shanghai (ages change with the date): every community's figures are from yesterday.
    const now = t.clock.now().getTime();
    const shanghaiMidnight = Math.ceil((now + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000;
    t.clock.set(new Date(shanghaiMidnight + 30 * 60_000));
    const b = (await as(t, await t.login('street')).get('/api/registry/overview')).json();
    expect(b.refreshing).toBe(false);
    expect(b.computedAt).toBe(t.clock.now().toISOString());
    expect(b.asOf).not.toBe(first.asOf);
  });
});
