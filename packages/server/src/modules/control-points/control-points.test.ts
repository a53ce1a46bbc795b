import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { housekeeping } from '../../platform/jobs/housekeeping';
import { seedAll } from '../../seed';

type Point = {
  compoundId: string; compoundName: string; communityName: string; threeNo: boolean; pointId: string | null; lead: { id: string; name: string } | null;
  intervalHours: number | null; lastPatrolAt: string | null; lastPatrolBy: string | null; nextDueAt: string | null; openProblems: number; status: string; version: number | null;
};
type Patrol = { id: string; patrolledBy: { id: string; name: string }; checks: Record<string, string>; problems: string[]; note: string | null; resolvedAt: string | null; resolvedBy: string | null; resolution: string | null; version: number };
const ALL_OK = { staffed: 'ok', registration: 'ok', disinfection: 'ok', lane_clear: 'ok', sanitation: 'ok' };
const HOUR = 3_600_000;

describe('三无小区管控点 control points (ADR 0074)', () => {
  let t: TestApp;
  let admin: Session;
  let grid1: Session;
  let volunteer: Session;
  let street: Session;
  const c: Record<'threeNo' | 'noPm' | 'managed' | 'other', string> = { threeNo: '', noPm: '', managed: '', other: '' };
  let otherWorker = '';
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    const reg = t.services.registry;
    c.threeNo = (await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '老街散居楼', noPropertyManagement: true, noCompetentAuthority: true, notEnclosed: true })).id;
    c.noPm = (await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '港务新村', noPropertyManagement: true })).id;
    c.managed = (await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '海景花园' })).id;
    c.other = (await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.other.id, name: '东门散居楼', noPropertyManagement: true, noCompetentAuthority: true, notEnclosed: true })).id;
    otherWorker = (await t.services.auth.createUser({ username: 'gridB1', displayName: '乙社区网格员', role: 'grid_worker', orgId: t.orgs.otherGrids[0]!.id, password: 'Renxing@Test2026' })).id;
    [admin, grid1, volunteer, street] = await Promise.all(['admin', 'grid1', 'volunteer', 'street'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());

  /** Staff sessions end after half an hour idle: after the clock moves, everyone signs in again. */
  const relogin = async () => {
    [admin, grid1, volunteer, street] = await Promise.all(['admin', 'grid1', 'volunteer', 'street'].map((u) => t.login(u)));
  };
  const board = async (s: Session) => {
    const r = await as(t, s).get('/api/control-points');
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: Point[]; counts: Record<string, number> };
  };
  const userId = async (u: string) => (await t.services.auth.findByUsername(u))!.id;
  const pointOf = async (s: Session, compoundId: string) => (await board(s)).items.find((i) => i.compoundId === compoundId)!;
  const patrol = (s: Session, pointId: string, body: unknown) => as(t, s).post(`/api/control-points/${pointId}/patrols`, body);
  const patrols = async (s: Session, pointId: string) => {
    const r = await as(t, s).get(`/api/control-points/${pointId}/patrols`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: Patrol[]; total: number };
  };

  it('the board lists the unmanaged compounds of the area — a grid worker and a volunteer see their community’s, the street both communities’', async () => {
    const a = await board(admin);
    expect(a.items.map((i) => [i.compoundName, i.threeNo, i.status])).toEqual([['港务新村', false, 'unassigned'], ['老街散居楼', true, 'unassigned']]);
    expect(a.counts).toEqual({ problem: 0, due: 0, unassigned: 2, ok: 0 });
    expect((await board(grid1)).items.map((i) => i.compoundId).sort()).toEqual([c.noPm, c.threeNo].sort());
    expect((await board(volunteer)).items.map((i) => i.compoundId).sort()).toEqual([c.noPm, c.threeNo].sort());
    expect((await board(street)).items.map((i) => i.compoundId).sort()).toEqual([c.noPm, c.threeNo, c.other].sort());
    // Nobody without the permission (a doctor, a resident).
    expect((await as(t, await t.login('doctor')).get('/api/control-points')).statusCode).toBe(403);
    expect((await as(t, await t.login('resident')).get('/api/control-points')).statusCode).toBe(403);
  });

  it('a community admin makes a compound a control point with a responsible person and an interval; bad input is refused naming the field', async () => {
    const grid1Id = await userId('grid1');
    const made = await as(t, admin).post('/api/control-points', { compoundId: c.threeNo, leadUserId: grid1Id, intervalHours: 24 });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ compoundId: c.threeNo, lead: { id: grid1Id, name: '第一网格网格员' }, intervalHours: 24, status: 'due', lastPatrolAt: null, version: 1 });
    // What the board then shows is the answer.
    expect(await pointOf(admin, c.threeNo)).toEqual(made.json());
    const [row] = await auditRows(t, { action: 'create', object_type: 'control_point' });
    expect(row).toMatchObject({ object_id: made.json().pointId, outcome: 'success' });

    const again = await as(t, admin).post('/api/control-points', { compoundId: c.threeNo, leadUserId: grid1Id, intervalHours: 12 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('control_point_exists');
    const field = async (body: Record<string, unknown>, status: number) => {
      const r = await as(t, admin).post('/api/control-points', { compoundId: c.noPm, leadUserId: grid1Id, intervalHours: 24, ...body });
      expect(r.statusCode, r.body).toBe(status);
      return r.json().error.details[0].path as string;
    };
    // A doctor, a street officer and another community's grid worker cannot be responsible; a managed compound or
    // another community's is not one to set up; the interval is 4–168 hours.
    expect(await field({ leadUserId: await userId('doctor') }, 400)).toBe('leadUserId');
    expect(await field({ leadUserId: await userId('street') }, 400)).toBe('leadUserId');
    expect(await field({ leadUserId: otherWorker }, 400)).toBe('leadUserId');
    expect(await field({ compoundId: c.managed }, 404)).toBe('compoundId');
    expect(await field({ compoundId: c.other }, 404)).toBe('compoundId');
    expect(await field({ intervalHours: 3 }, 400)).toBe('body.intervalHours');
    expect((await board(admin)).counts).toEqual({ problem: 0, due: 1, unassigned: 1, ok: 0 });
    // Grid workers patrol, they do not set up points.
    expect((await as(t, grid1).post('/api/control-points', { compoundId: c.noPm, leadUserId: grid1Id, intervalHours: 24 })).statusCode).toBe(403);
    // The candidates: the community's active admins, grid workers and volunteers — audited, since it names staff.
    const cand = await as(t, admin).get(`/api/control-points/lead-candidates?communityId=${t.orgs.community.id}`);
    expect(cand.statusCode, cand.body).toBe(200);
    expect((cand.json().items as Array<{ role: string }>).map((i) => i.role).sort()).toEqual(['community_admin', 'grid_worker', 'volunteer']);
    expect((await auditRows(t, { action: 'list', reason: 'control_point_lead_candidates' })).length).toBe(1);
    expect((await as(t, admin).get(`/api/control-points/lead-candidates?communityId=${t.orgs.other.id}`)).statusCode).toBe(404);
  });

  it('a patrol answers all five checks; a problem notifies the responsible person and the admins, stays open until resolved, and the board says so', async () => {
    const { pointId } = await pointOf(grid1, c.threeNo);
    const missing = await patrol(grid1, pointId!, { checks: { ...ALL_OK, sanitation: undefined } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('body.checks.sanitation');
    const phone = await patrol(grid1, pointId!, { checks: ALL_OK, note: '车主电话13812345678' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.details[0]).toMatchObject({ path: 'body.note', code: 'phone_not_allowed' });
    expect(await patrols(admin, pointId!)).toMatchObject({ total: 0 });

    const ok = await patrol(grid1, pointId!, { checks: ALL_OK, note: '卡口志愿者在岗' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ patrolledBy: { name: '第一网格网格员' }, problems: [], note: '卡口志愿者在岗', resolvedAt: null });
    expect(await pointOf(admin, c.threeNo)).toMatchObject({ status: 'ok', lastPatrolBy: '第一网格网格员', openProblems: 0, version: 1 });
    expect((await pointOf(admin, c.threeNo)).nextDueAt).toBe(new Date(t.clock.now().getTime() + 24 * HOUR).toISOString());

    t.clock.advance(HOUR);
    await relogin();
    const bad = await patrol(volunteer, pointId!, { checks: { ...ALL_OK, lane_clear: 'problem', sanitation: 'problem' }, note: '东侧消防通道被杂物堵住' });
    expect(bad.statusCode, bad.body).toBe(201);
    expect(bad.json().problems).toEqual(['lane_clear', 'sanitation']);
    expect(await pointOf(grid1, c.threeNo)).toMatchObject({ status: 'problem', openProblems: 1, lastPatrolBy: '志愿者' });
    const told = await t.platform.database.db.selectFrom('notifications').selectAll().where('kind', '=', 'control_point_problem').execute();
    expect(told.map((n) => n.recipient_id).sort()).toEqual([await userId('grid1'), await userId('admin')].sort());
    expect(JSON.parse(String(told[0]!.payload))).toEqual({ compound: '老街散居楼', problems: 'lane_clear,sanitation' });
    // The street reads the board and the patrols but does not patrol.
    expect((await patrols(street, pointId!)).total).toBe(2);
    expect((await patrol(street, pointId!, { checks: ALL_OK })).statusCode).toBe(403);
    // Another community's staff do not see the point at all.
    const gridB = await t.login('gridB1', 'Renxing@Test2026');
    expect((await as(t, gridB).get(`/api/control-points/${pointId}/patrols`)).statusCode).toBe(404);
    expect((await patrol(gridB, pointId!, { checks: ALL_OK })).statusCode).toBe(404);

    const list = await patrols(admin, pointId!);
    expect(list.items.map((p) => p.problems.length)).toEqual([2, 0]); // newest first
    const open = list.items[0]!;
    const resolve = (s: Session, p: Patrol, body: Record<string, unknown>) => as(t, s).post(`/api/control-points/${pointId}/patrols/${p.id}/resolve`, { version: p.version, ...body });
    expect((await resolve(admin, open, { resolution: '' })).json().error.details[0].path).toBe('body.resolution');
    expect((await resolve(admin, open, { resolution: '已清理', version: 7 })).json().error.details[0]).toMatchObject({ path: 'version', code: 'stale' });
    expect((await resolve(admin, list.items[1]!, { resolution: '无' })).json().error.code).toBe('no_problem');
    const done = await resolve(admin, open, { resolution: '已联系车主挪车，杂物已清走' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ resolvedBy: '社区书记', resolution: '已联系车主挪车，杂物已清走', patrolledBy: { name: '志愿者' }, version: 2 });
    expect((await resolve(grid1, open, { resolution: '再次整改' })).json().error.code).toBe('already_resolved');
    expect(await pointOf(admin, c.threeNo)).toMatchObject({ status: 'ok', openProblems: 0 });
    expect((await auditRows(t, { action: 'resolve', object_type: 'control_point_patrol' })).map((r) => r.object_id)).toEqual([open.id]);
    expect((await auditRows(t, { action: 'create', object_type: 'control_point_patrol' })).length).toBe(2);
  });

  it('a lapsed interval makes the point due and tells its responsible person once; a patrol or a new interval starts again', async () => {
    const step = async () => (await housekeeping(t.platform.database, t.clock.now())).steps['control-point-due'];
    expect(await step()).toEqual({ notified: 0 });
    t.clock.advance(24 * HOUR);
    await relogin();
    expect(await pointOf(admin, c.threeNo)).toMatchObject({ status: 'due' });
    expect(await step()).toEqual({ notified: 1 });
    expect(await step()).toEqual({ notified: 0 });
    const told = await t.platform.database.db.selectFrom('notifications').selectAll().where('kind', '=', 'control_point_due').execute();
    expect(told.map((n) => n.recipient_id)).toEqual([await userId('grid1')]);
    expect(JSON.parse(String(told[0]!.payload))).toEqual({ compound: '老街散居楼', hours: '24' });

    const p = await pointOf(admin, c.threeNo);
    expect((await patrol(grid1, p.pointId!, { checks: ALL_OK })).statusCode).toBe(201);
    expect(await pointOf(admin, c.threeNo)).toMatchObject({ status: 'ok' });
    // The admin hands the point to the volunteer with a 12-hour interval; a stale version is refused.
    const volunteerId = await userId('volunteer');
    const upd = await as(t, admin).post(`/api/control-points/${p.pointId}/update`, { leadUserId: volunteerId, intervalHours: 12, version: p.version });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ lead: { id: volunteerId, name: '志愿者' }, intervalHours: 12, version: 2, status: 'ok' });
    const stale = await as(t, admin).post(`/api/control-points/${p.pointId}/update`, { intervalHours: 8, version: p.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0]).toMatchObject({ path: 'version', code: 'stale' });
    expect((await as(t, grid1).post(`/api/control-points/${p.pointId}/update`, { intervalHours: 8, version: 2 })).statusCode).toBe(403);
    t.clock.advance(13 * HOUR);
    await relogin();
    expect(await step()).toEqual({ notified: 1 });
    const toVolunteer = await t.platform.database.db.selectFrom('notifications').select('recipient_id').where('kind', '=', 'control_point_due').orderBy('created_at').execute();
    expect(toVolunteer.at(-1)!.recipient_id).toBe(volunteerId);
  });

  it('a compound that is a control point is not deleted (its patrols are history); the refusal is a 409, not a failure', async () => {
    const del = await as(t, admin).post(`/api/places/compounds/${c.threeNo}/delete`);
    expect(del.statusCode, del.body).toBe(409);
    expect(del.json().error.code).toBe('not_empty');
    expect((await pointOf(admin, c.threeNo)).pointId).not.toBeNull();
    // A compound without a point and without buildings still goes.
    expect((await as(t, admin).post(`/api/places/compounds/${c.noPm}/delete`)).statusCode).toBe(200);
    expect((await board(admin)).items.map((i) => i.compoundId)).toEqual([c.threeNo]);
  });
});

describe('三无小区管控点 in the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('shows an open problem at the three-no compound and a compound not yet a point', async () => {
    const r = await as(t, await t.login('admin')).get('/api/control-points');
    expect(r.statusCode, r.body).toBe(200);
    const { items, counts } = r.json() as { items: Point[]; counts: Record<string, number> };
    // The demo community has two unmanaged compounds (a three-no one and one without property management); with more,
    // the second would be overdue and the others patrolled.
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(counts).toEqual({ problem: 1, unassigned: 1, due: items.length >= 3 ? 1 : 0, ok: Math.max(0, items.length - 3) });
    expect(items[0]).toMatchObject({ status: 'problem', threeNo: true, openProblems: 1 });
    const patrols = (await as(t, await t.login('grid1')).get(`/api/control-points/${items[0]!.pointId}/patrols`)).json().items as Patrol[];
    expect(patrols[0]!.problems).toEqual(['lane_clear']);
    expect(patrols).toHaveLength(6);
    // Seeding again adds nothing.
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, await t.login('admin')).get('/api/control-points')).json().items).toHaveLength(items.length);
  }, 60_000);
});
