// Both dialects (RENXING_TEST_DIALECT=postgres).
// Street offices and district command see today's self-report coverage of their area as counts (self-report:coverage):
// per community under a street, per street under a district, one level further down by orgId; counts of 1–4 hidden
// as for the population overview (ADR 0015); no names, ids or addresses of people. Staff who follow the reports up
// (self-report:read) keep their exact per-grid counts.
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { scanPi } from '../../../test/pi-scan';
import { SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';

type Figures = { residents: number | null; households: number | null; reported: number | null; householdsReported: number | null; fevers: number | null; openFollowUps: number | null };
type Area = { id: string; name: string; level: string; code: string; collection: 'open' | 'partly' | 'closed'; figures: Figures };
type Coverage = { date: string; area: Area; children: Area[]; suppressed: boolean; grids?: Array<{ gridId: string; residents: number; reported: number; fevers: number; openFollowUps: number }> };

const fig = (residents: number | null, households: number | null, reported: number | null, householdsReported: number | null, fevers: number | null, openFollowUps: number | null): Figures =>
  ({ residents, households, reported, householdsReported, fevers, openFollowUps });

/**
 * A second street (东港街道) beside the fixture's 昌国街道, with one community, one grid, one household of five
 * residents, and a street-office account of its own (`street2`).
 */
async function addSecondStreet(t: TestApp) {
  const reg = t.services.registry;
  const street = await t.services.orgs.create({ parentId: t.orgs.district.id, level: 'street', code: '330902009', name: '东港街道' });
  const community = await t.services.orgs.create({ parentId: street.id, level: 'community', code: '330902009001', name: 'C社区' });
  const grid = await t.services.orgs.create({ parentId: community.id, level: 'grid', code: '33090200900101', name: '第一网格' });
  const compound = await reg.createCompound(SYSTEM_ACTOR, { communityId: community.id, name: '东港小区' });
  const building = await reg.createBuilding(SYSTEM_ACTOR, { compoundId: compound.id, gridId: grid.id, name: '1幢' });
  const unit = await reg.createUnit(SYSTEM_ACTOR, { buildingId: building.id, name: '1单元' });
  const household = await reg.createHousehold(SYSTEM_ACTOR, { unitId: unit.id, room: '501' });
  const principal = staff(t, t.orgs.district.path);
  const residents = [];
  for (let i = 0; i < 5; i++) {
    residents.push(await reg.createResident(principal, SYSTEM_ACTOR, {
      householdId: household.id, name: `钱${'甲乙丙丁戊'[i]}`, idNumber: makeCnId('330902', `197${i}-03-1${i}`, 500 + i), phone: null, relation: i === 0 ? 'head' : 'other', residenceType: 'registered',
    }));
  }
  await t.services.auth.createUser({ username: 'street2', displayName: '东港街道防控办', role: 'street_staff', orgId: street.id, password: DEMO_PASSWORD });
  return { street, community, grid, household, residents };
}

/** A staff principal over `orgPath` for writing fixtures through the services (door-to-door reports, residents). */
function staff(t: TestApp, orgPath: string) {
  return {
    kind: 'user' as const, id: 'fixture-staff', username: 'fixture', displayName: 'x', role: 'doctor', orgId: t.orgs.district.id, orgPath,
    orgLevel: 'district', orgName: 'd', orgCode: 'd', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
  };
}

describe('self-report coverage for street offices and district command (counts only)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let east: Awaited<ReturnType<typeof addSecondStreet>>;
  const get = async (s: Session, q = '') => {
    const r = await as(t, s).get(`/api/self-reports/coverage${q}`);
    return { status: r.statusCode, body: r.body, json: r.json() as Coverage };
  };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-28T09:00:00+08:00' });
    fx = await seedScopedFixture(t, 8); // A社区 第一网格: 张三 (R1) and 8 others in one household; 第二网格: 李四 (R2); B社区: 王五 (R3)
    east = await addSecondStreet(t);
    const d = await t.login('district');
    expect((await as(t, d).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2026-11-20', legalRef: '定海区疫情防控指挥部通告第1号' })).statusCode).toBe(201);
    const report = (residentId: string, temperature: number) => t.services.selfReports.submit(staff(t, t.orgs.district.path), SYSTEM_ACTOR, { residentId, temperature, symptoms: [] });
    // Yesterday: 李四 had a fever, not yet followed up (an open follow-up of another day).
    await report(fx.R2.id, 38.1);
    t.clock.advance(24 * 3600_000);
    // Today, A社区: 张三 and five others with a fever, two more without, one of the nine silent; 李四 normal.
    await report(fx.R1.id, 38.5);
    await report(fx.R1.id, 38.7); // the same person twice: one reporter, one fever, one visit
    for (const e of fx.extras.slice(0, 5)) await report(e.id, 38.0);
    for (const e of fx.extras.slice(5, 7)) await report(e.id, 36.5);
    await report(fx.R2.id, 36.6);
    // B社区: 王五 with a fever. 东港街道: two of five reported, no fever.
    await report(fx.R3.id, 37.9);
    for (const r of east.residents.slice(0, 2)) await report(r.id, 36.4);
  });
  afterAll(async () => t.close());

  it('a street office sees each of its communities, counts of 1–4 as null, and not another street', async () => {
    const street = await t.login('street');
    const { status, json } = await get(street);
    expect(status).toBe(200);
    expect(json.date).toBe('2026-11-29');
    expect(json.suppressed).toBe(true);
    expect(json.grids).toBeUndefined(); // the per-grid list is for those who follow the reports up
    // 昌国街道: 11 residents in 3 households; 10 reported today (3 households); 7 fevers today; 8 awaiting a visit (李四's of yesterday).
    expect(json.area).toMatchObject({ id: t.orgs.street.id, level: 'street', collection: 'open', figures: fig(11, null, 10, null, 7, 8) });
    expect(json.children.map((c) => c.id)).toEqual([t.orgs.community.id, t.orgs.other.id]);
    const [a, b] = json.children;
    expect(a).toMatchObject({ name: t.orgs.community.name, level: 'community', collection: 'open', figures: fig(10, null, 9, null, 6, 7) });
    expect(b).toMatchObject({ name: t.orgs.other.name, figures: fig(null, null, null, null, null, null) }); // one resident, one fever
    // 东港街道 is not this street's: not listed, and asking for it or its community is 404 like any object out of scope.
    expect(JSON.stringify(json)).not.toContain('东港');
    expect((await get(street, `?orgId=${east.street.id}`)).status).toBe(404);
    expect((await get(street, `?orgId=${east.community.id}`)).status).toBe(404);
    expect((await get(street, `?orgId=${t.orgs.district.id}`)).status).toBe(404); // nor the district above it
    expect((await get(street, '?orgId=no-such-area')).status).toBe(404);
    // And the other way round: 东港's own street office sees 东港 only.
    const other = (await get(await t.login('street2'))).json;
    expect(other.area).toMatchObject({ id: east.street.id, figures: fig(5, null, null, null, 0, 0) });
    expect(other.children.map((c) => c.id)).toEqual([east.community.id]);
    expect(JSON.stringify(other)).not.toContain(t.orgs.community.name);
  });

  it('a street office opens one of its communities: its grids, with the same suppression', async () => {
    const street = await t.login('street');
    const { status, json } = await get(street, `?orgId=${t.orgs.community.id}`);
    expect(status).toBe(200);
    expect(json.area).toMatchObject({ id: t.orgs.community.id, figures: fig(10, null, 9, null, 6, 7) });
    expect(json.children).toHaveLength(t.orgs.grids.length);
    expect(json.children.find((c) => c.id === fx.g1.id)).toMatchObject({ level: 'grid', figures: fig(9, null, 8, null, 6, 6) });
    expect(json.children.find((c) => c.id === fx.g2.id)).toMatchObject({ figures: fig(null, null, null, null, 0, null) });
    expect(json.children.find((c) => c.id === t.orgs.grids[2]!.id)).toMatchObject({ figures: fig(0, 0, 0, 0, 0, 0) }); // zero is shown: nobody to protect
    expect(json.grids).toBeUndefined();
  });

  it('district command sees each street, and opens a street to its communities', async () => {
    const d = await t.login('district');
    const { status, json } = await get(d);
    expect(status).toBe(200);
    expect(json.area).toMatchObject({ id: t.orgs.district.id, level: 'district', figures: fig(16, null, 12, null, 7, 8) });
    expect(json.children.map((c) => [c.id, c.figures])).toEqual([
      [t.orgs.street.id, fig(11, null, 10, null, 7, 8)],
      [east.street.id, fig(5, null, null, null, 0, 0)],
    ]);
    const east2 = (await get(d, `?orgId=${east.street.id}`)).json;
    expect(east2.children).toEqual([expect.objectContaining({ id: east.community.id, name: 'C社区', figures: fig(5, null, null, null, 0, 0) })]);
    // Another day: what was reported then (李四's fever yesterday), follow-ups still open whatever the day.
    const yesterday = (await get(d, '?date=2026-11-28')).json;
    expect(yesterday).toMatchObject({ date: '2026-11-28', area: { figures: fig(16, null, null, null, null, 8) } });
  });

  it('staff who follow the reports up see exact counts and every grid, and cannot widen their scope either', async () => {
    const admin = (await get(await t.login('admin'))).json;
    expect(admin.suppressed).toBe(false);
    expect(admin.area.figures).toEqual(fig(10, 2, 9, 2, 6, 7));
    expect(admin.children.find((c) => c.id === fx.g2.id)!.figures).toEqual(fig(1, 1, 1, 1, 0, 1));
    expect(admin.grids!.find((g) => g.gridId === fx.g1.id)).toMatchObject({ residents: 9, reported: 8, fevers: 6, openFollowUps: 6 });
    expect(admin.grids!.find((g) => g.gridId === fx.g2.id)).toMatchObject({ residents: 1, reported: 1, fevers: 0, openFollowUps: 1 });
    const grid1 = await t.login('grid1');
    const mine = (await get(grid1)).json;
    expect(mine.grids!.map((g) => g.gridId)).toEqual([fx.g1.id]);
    expect(mine.children).toEqual([]);
    expect((await get(grid1, `?orgId=${fx.g2.id}`)).status).toBe(404);
    expect((await get(await t.login('admin'), `?orgId=${t.orgs.other.id}`)).status).toBe(404);
  });

  it('the answer names no person: no names, ids of residents or households, ID or phone numbers, addresses', async () => {
    const people = [fx.R1, fx.R2, fx.R3, ...fx.extras, ...east.residents].map((p) => p.id);
    // The names as stored (the summaries the fixture got back carry masked names only).
    const names = (await t.platform.database.db.selectFrom('residents').select('name').execute()).map((r) => r.name as string);
    expect(names).toEqual(expect.arrayContaining(['张三', '李四', '王五', '钱甲']));
    const households = [fx.h1, fx.h2, fx.h3, east.household];
    for (const [u, q] of [['street', ''], ['street', `?orgId=${t.orgs.community.id}`], ['district', ''], ['district', `?orgId=${east.street.id}`]] as const) {
      const { status, body, json } = await get(await t.login(u), q);
      expect(status).toBe(200);
      expect(scanPi(body), `${u}${q}`).toEqual([]);
      for (const id of people) expect(body).not.toContain(id);
      for (const name of names) {
        expect(body).not.toContain(name);
        expect(body).not.toContain(`${name.slice(0, 1)}*`); // nor masked
      }
      for (const h of households) expect(body).not.toContain(h.id);
      for (const word of ['幸福小区', '和平小区', '东海小区', '东港小区', '幢', '单元', '室']) expect(body).not.toContain(word); // no address
      // Only these keys: the area, its children and their counts.
      expect(Object.keys(json).sort()).toEqual(['area', 'children', 'date', 'suppressed']);
      for (const a of [json.area, ...json.children]) {
        expect(Object.keys(a).sort()).toEqual(['code', 'collection', 'figures', 'id', 'level', 'name']);
        expect(Object.keys(a.figures).sort()).toEqual(['fevers', 'households', 'householdsReported', 'openFollowUps', 'reported', 'residents']);
      }
    }
  });

  it('the permission is enforced: the count-only permission or self-report:read, nobody else', async () => {
    for (const u of ['street', 'district', 'admin', 'grid1', 'doctor']) expect((await get(await t.login(u))).status, u).toBe(200);
    for (const u of ['collector', 'volunteer', 'resident', 'auditor', 'secadmin', 'sysadmin']) expect((await get(await t.login(u))).status, u).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/self-reports/coverage' })).statusCode).toBe(401);
    // Counts only: the reports themselves and the list of who has not reported stay closed to the street office.
    const street = await t.login('street');
    expect((await as(t, street).get('/api/self-reports')).statusCode).toBe(403);
    expect((await as(t, street).get('/api/self-reports/unreported')).statusCode).toBe(403);
    expect((await as(t, street).post(`/api/self-reports/${fx.R1.id}/follow-up`, { version: 1, note: '已随访' })).statusCode).toBe(403);
  });
});

describe('self-report coverage says where temperatures are collected (emergency periods, ADR 0027)', () => {
  let t: TestApp;
  let east: Awaited<ReturnType<typeof addSecondStreet>>;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T09:00:00+08:00' });
    await seedScopedFixture(t, 0);
    east = await addSecondStreet(t);
  });
  afterAll(async () => t.close());

  it('closed everywhere before a declaration; open, partly or closed per area once a community and a street have their own', async () => {
    const d = await t.login('district');
    const street = await t.login('street');
    const state = async (s: Session, q = '') => {
      const c = (await as(t, s).get(`/api/self-reports/coverage${q}`)).json() as Coverage;
      return [c.area.collection, ...c.children.map((x) => x.collection)];
    };
    expect(await state(d)).toEqual(['closed', 'closed', 'closed']);
    for (const orgId of [t.orgs.community.id, east.street.id]) {
      expect((await as(t, d).post('/api/emergencies', { orgId, startDate: '2026-11-29', legalRef: '定海区疫情防控指挥部通告第2号' })).statusCode).toBe(201);
    }
    // The district: 昌国街道 only in A社区, 东港街道 wholly.
    expect(await state(d)).toEqual(['partly', 'partly', 'open']);
    // The street: A社区 collects, B社区 does not.
    expect(await state(street)).toEqual(['partly', 'open', 'closed']);
    // A community: all its grids as it is.
    expect(await state(street, `?orgId=${t.orgs.community.id}`)).toEqual(['open', ...t.orgs.grids.map(() => 'open')]);
    expect(await state(street, `?orgId=${t.orgs.other.id}`)).toEqual(['closed', ...t.orgs.otherGrids.map(() => 'closed')]);
    expect(await state(await t.login('street2'))).toEqual(['open', 'open']);
  });
});
