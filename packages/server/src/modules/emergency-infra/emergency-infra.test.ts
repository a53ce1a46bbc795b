import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { housekeeping } from '../../platform/jobs/housekeeping';
import { seedAll } from '../../seed';
import { DEMO_PASSWORD } from '../../seed/foundation';

type Shelter = { id: string; name: string; capacity: number; status: string; lastInspectedAt: string | null; lastInspectionProblems: number | null; due: boolean; version: number };
type Report = { id: string; ref: string; laneName: string | null; location: string | null; reporter: 'resident' | { id: string; name: string }; status: string; dueAt: string; overdue: boolean; resolution: string | null; version: number };
const HOUR = 3_600_000;
const ALL_OK = { access: 'ok', signage: 'ok', water: 'ok', power: 'ok', sanitation: 'ok', equipment: 'ok' };

describe('应急避难场所与应急通道 shelters and lanes (ADR 0078)', () => {
  let t: TestApp;
  let admin: Session;
  let grid1: Session;
  let volunteer: Session;
  let street: Session;
  let resident: Session;
  let outsider: Session;
  let shelter: Shelter;
  let laneId = '';

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    const fx = await seedScopedFixture(t);
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    const other = await t.services.auth.createUser({ username: 'resident_b', displayName: '乙社区居民', role: 'resident', orgId: t.orgs.otherGrids[0]!.id, password: DEMO_PASSWORD });
    await t.services.selfReports.linkAccount(other.id, fx.R3.id);
    await relogin();
  });
  afterAll(async () => t?.close());
  const relogin = async () => {
    [admin, grid1, volunteer, street, resident, outsider] = await Promise.all(['admin', 'grid1', 'volunteer', 'street', 'resident', 'resident_b'].map((u) => t.login(u)));
  };
  const shelters = async (s: Session) => {
    const r = await as(t, s).get('/api/shelters');
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: Shelter[]; coverage: Array<{ communityId: string; residents: number; capacity: number; share: number | null }> };
  };
  const reports = async (s: Session, q = '') => (await as(t, s).get(`/api/lane-reports${q}`)).json() as { items: Report[]; total: number };

  it('a community admin adds a shelter; coverage sets its capacity against the residents; bad input names the field', async () => {
    const body = { name: '社区党群服务中心', kind: 'community_centre', address: '一楼大厅', capacity: 3, facilities: ['water', 'power'], status: 'standby', intervalDays: 30 };
    expect((await as(t, grid1).post('/api/shelters', body)).statusCode).toBe(403);
    const bad = await as(t, admin).post('/api/shelters', { ...body, capacity: 0, address: '联系人 13812345678' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.address', 'body.capacity']);
    const r = await as(t, admin).post('/api/shelters', body);
    expect(r.statusCode, r.body).toBe(201);
    shelter = r.json();
    expect(shelter).toMatchObject({ name: '社区党群服务中心', capacity: 3, lastInspectedAt: null, due: true, version: 1 });
    expect((await as(t, admin).post('/api/shelters', body)).json().error.code).toBe('duplicate');
    const { coverage } = await shelters(admin);
    // Community A has two active residents (R1, R2): three places cover 150 %.
    expect(coverage).toEqual([{ communityId: t.orgs.community.id, communityName: expect.any(String), residents: 2, capacity: 3, share: 150 }]);
    // The street sees both communities' coverage; B has no shelter.
    const s = await shelters(street);
    expect(s.coverage.map((c) => [c.communityId, c.capacity]).sort()).toEqual([[t.orgs.community.id, 3], [t.orgs.other.id, 0]].sort());
    // A closed shelter does not count.
    const closed = await as(t, admin).post(`/api/shelters/${shelter.id}/update`, { ...body, status: 'closed', version: 1 });
    expect(closed.json()).toMatchObject({ status: 'closed', version: 2, due: false });
    expect((await shelters(admin)).coverage[0]!.capacity).toBe(0);
    expect((await as(t, admin).post(`/api/shelters/${shelter.id}/update`, { ...body, version: 1 })).json().error.code).toBe('stale_version');
    shelter = (await as(t, admin).post(`/api/shelters/${shelter.id}/update`, { ...body, version: 2 })).json();
  });

  it('a volunteer inspects a shelter: six checks all required, a problem counted; it is due again after its interval', async () => {
    const missing = await as(t, volunteer).post(`/api/shelters/${shelter.id}/inspections`, { checks: { ...ALL_OK, water: undefined } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('body.checks.water');
    const r = await as(t, volunteer).post(`/api/shelters/${shelter.id}/inspections`, { checks: { ...ALL_OK, signage: 'problem' }, note: '指示牌被遮挡' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ problems: ['signage'], by: { name: '志愿者' } });
    expect((await shelters(admin)).items[0]).toMatchObject({ lastInspectionProblems: 1, due: false });
    const hist = (await as(t, grid1).get(`/api/shelters/${shelter.id}/inspections`)).json();
    expect(hist).toMatchObject({ total: 1, items: [{ problems: ['signage'], note: '指示牌被遮挡' }] });
    const [row] = await auditRows(t, { action: 'shelter_inspection', object_id: shelter.id });
    expect(row).toMatchObject({ outcome: 'success', count: 1 });
  });

  it('staff and residents report a blocked lane; each gets a reference and a deadline; the admins are told; a resident reporter is not named', async () => {
    const lane = await as(t, admin).post('/api/lanes', { name: '1号消防通道', kind: 'fire', location: '1幢东侧' });
    expect(lane.statusCode, lane.body).toBe(201);
    laneId = lane.json().id;
    expect((await as(t, admin).post('/api/lanes/settings', { clearanceHours: 3 })).json()).toEqual({ communityId: t.orgs.community.id, hours: 3 });
    const none = await as(t, grid1).post('/api/lane-reports', { description: '有车' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details[0].path).toBe('laneId');
    const otherLane = (await as(t, street).post('/api/lanes', { name: 'x', kind: 'fire', location: 'y' })).statusCode;
    expect(otherLane).toBe(403);
    const r = await as(t, grid1).post('/api/lane-reports', { laneId, description: '白色轿车堵住通道口' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ ref: 'TD-20261204-001', laneName: '1号消防通道', status: 'open', reporter: { name: '第一网格网格员' }, overdue: false });
    expect(Date.parse(r.json().dueAt)).toBe(Date.parse('2026-12-04T12:00:00+08:00'));
    const n = await t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', 'lane_report_new').execute();
    expect(n.map((x) => String(x.recipient_id))).toEqual([admin.userId]);
    expect(JSON.parse(String(n[0]!.payload))).toEqual({ ref: 'TD-20261204-001', place: '1号消防通道' });

    expect((await as(t, resident).get('/api/me/lanes')).json().items).toMatchObject([{ id: laneId, name: '1号消防通道' }]);
    expect((await as(t, outsider).get('/api/me/lanes')).json().items).toEqual([]);
    expect((await as(t, outsider).post('/api/me/lane-reports', { laneId, description: '有车' })).json().error.details[0].path).toBe('laneId');
    const mine = await as(t, resident).post('/api/me/lane-reports', { location: '3幢楼道', description: '楼道堆满纸箱和旧家具' });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ ref: 'TD-20261204-002', status: 'open' });
    expect((await as(t, resident).post('/api/me/lane-reports', { location: '3幢', description: '电话 13812345678' })).json().error.details[0].path).toBe('body.description');
    const list = await reports(admin);
    expect(list.items.map((i) => [i.ref, i.reporter === 'resident' ? 'resident' : 'staff'])).toEqual([['TD-20261204-001', 'staff'], ['TD-20261204-002', 'resident']]);
    expect((await as(t, resident).get('/api/me/lane-reports')).json().items).toMatchObject([{ ref: 'TD-20261204-002', location: '3幢楼道', status: 'open' }]);
    expect((await as(t, resident).get('/api/lane-reports')).statusCode).toBe(403);
  });

  it('the admin clears a report (version-checked); one past its deadline tells the admins once; the figures follow', async () => {
    const [first, second] = (await reports(admin)).items;
    expect((await as(t, grid1).post(`/api/lane-reports/${first!.id}/handle`, { outcome: 'cleared', resolution: '已挪车', version: 1 })).statusCode).toBe(403);
    const h = await as(t, admin).post(`/api/lane-reports/${first!.id}/handle`, { outcome: 'cleared', resolution: '已联系车主挪车', version: 1 });
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json()).toMatchObject({ status: 'cleared', resolution: '已联系车主挪车', handledBy: '社区书记', version: 2 });
    expect((await as(t, admin).post(`/api/lane-reports/${first!.id}/handle`, { outcome: 'cleared', resolution: 'x', version: 2 })).json().error.code).toBe('not_open');
    await t.clock.advance(3 * HOUR + 1000);
    expect((await housekeeping(t.platform.database, t.clock.now())).steps['lane-report-overdue']).toEqual({ notified: 1 });
    expect((await housekeeping(t.platform.database, t.clock.now())).steps['lane-report-overdue']).toEqual({ notified: 0 });
    const n = await t.platform.database.db.selectFrom('notifications').select(['payload']).where('kind', '=', 'lane_report_overdue').execute();
    expect(JSON.parse(String(n[0]!.payload))).toMatchObject({ ref: second!.ref, place: '3幢楼道' });
    await relogin();
    expect((await as(t, admin).get('/api/lanes')).json()).toMatchObject({
      items: [{ id: laneId, openReports: 0 }], clearanceHours: [{ communityId: t.orgs.community.id, hours: 3 }], figures: { open: 1, overdue: 1, cleared30: 1, clearedInTime30: 1 },
    });
    expect((await reports(admin)).items[0]).toMatchObject({ ref: second!.ref, overdue: true });
    const u = await as(t, admin).post(`/api/lane-reports/${second!.id}/handle`, { outcome: 'unfounded', resolution: '现场核实楼道已清空', version: 1 });
    expect(u.json().status).toBe('unfounded');
    expect((await as(t, resident).get('/api/me/lane-reports')).json().items).toMatchObject([{ status: 'unfounded', resolution: '现场核实楼道已清空' }]);
  });
});

describe('应急避难场所与应急通道 in the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('has three shelters (one due), coverage below the population, four lanes and a resident’s overdue report', async () => {
    const admin = await t.login('admin');
    const s = (await as(t, admin).get('/api/shelters')).json();
    expect(s.items).toHaveLength(3);
    expect(s.items.filter((x: Shelter) => x.due).map((x: Shelter) => x.name)).toEqual(['滨海公园']);
    expect(s.coverage[0].capacity).toBe(2500);
    expect(s.coverage[0].share).toBeLessThan(100);
    const lanes = (await as(t, admin).get('/api/lanes')).json();
    expect(lanes.items).toHaveLength(4);
    expect(lanes.figures).toMatchObject({ open: 2, overdue: 1, cleared30: 1 });
    const open = (await as(t, admin).get('/api/lane-reports?status=open')).json().items as Report[];
    expect(open[0]).toMatchObject({ overdue: true, reporter: 'resident', laneName: '1号消防通道' });
    const mine = (await as(t, await t.login('resident')).get('/api/me/lane-reports')).json().items;
    expect(mine).toMatchObject([{ laneName: '1号消防通道', status: 'open' }]);
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, admin).get('/api/shelters')).json().items).toHaveLength(3);
  }, 60_000);
});
