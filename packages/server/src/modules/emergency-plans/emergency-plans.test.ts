import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { DEMO_PASSWORD, SEED_ACTOR } from '../../seed';
import { seedEmergencyPlansDemo } from './emergency-plans.seed';

const MIN = 60_000;
const DAY = 86_400_000;
type Step = { no: number; elapsedMinutes: number | null; late: boolean | null; doneAt: string | null };

describe('应急预案与演练 emergency plans and drills (ADR 0089)', () => {
  let t: TestApp;
  let admin: Session;
  let street: Session;
  let grid1: Session;
  let adminB: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T08:00:00+08:00' });
    await seedScopedFixture(t);
    await t.services.auth.createUser({ username: 'adminb', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    [admin, street, grid1, adminB] = await Promise.all(['admin', 'street', 'grid1', 'adminb'].map((u) => t.login(u)));
    for (const u of ['admin', 'grid1', 'doctor', 'volunteer', 'adminb']) ids[u] = (await t.services.auth.findByUsername(u))!.id;
  });
  afterAll(async () => t?.close());
  const at = (minutes: number) => new Date(t.clock.now().getTime() + minutes * MIN).toISOString();
  const plan = (o: Record<string, unknown> = {}) => ({
    title: '社区疫情防控应急预案', hazard: 'epidemic',
    roles: [{ name: '总指挥', duties: '统一调度', staffIds: [ids.admin] }, { name: '排查组', staffIds: [ids.grid1] }],
    steps: [{ title: '启动预案', role: '总指挥', targetMinutes: 5 }, { title: '入户排查', role: '排查组', targetMinutes: 30 }],
    ...o,
  });
  const notes = async (kind: string, recipient: string) =>
    t.platform.database.db.selectFrom('notifications').select(['object_id', 'payload']).where('kind', '=', kind).where('recipient_id', '=', recipient).execute();

  it('bad input names the field (zh-CN and English); nothing is stored; readers may not write', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '预' }, 'body.title'],
      [{ hazard: 'earthquake' }, 'body.hazard'],
      [{ extra: 1 }, 'body'],
      [{ steps: [{ title: '启动', role: '不存在的组', targetMinutes: 5 }] }, 'steps.0.role'],
      [{ steps: [{ title: '启动', role: '总指挥', targetMinutes: 1441 }] }, 'body.steps.0.targetMinutes'],
      [{ roles: [{ name: '总指挥', staffIds: [ids.adminb] }], steps: [] }, 'roles.0.staffIds.0'],
      [{ roles: [{ name: '总指挥', staffIds: [ids.volunteer] }], steps: [] }, 'roles.0.staffIds.0'],
      [{ roles: [{ name: '总指挥' }, { name: '总指挥' }], steps: [] }, 'roles.1.name'],
      [{ roles: [{ name: '总指挥', duties: '电话 13812345678' }], steps: [] }, 'body.roles.0.duties'],
    ];
    for (const [o, path] of cases) {
      const res = await as(t, admin).post('/api/plans', plan(o));
      expect(res.statusCode, JSON.stringify(o)).toBe(400);
      const err = res.json().error;
      expect(err.details.map((d: { path: string }) => d.path).join(' '), JSON.stringify(o)).toContain(path);
      expect(err.message).toMatch(/[\u4e00-\u9fff]/);
      expect(err.details[0].messageEn ?? err.message).toBeTruthy();
    }
    expect(await t.platform.database.db.selectFrom('emergency_plans').select('id').execute()).toEqual([]);
    expect((await as(t, grid1).post('/api/plans', plan())).statusCode).toBe(403);
    expect((await as(t, street).post('/api/plans', plan())).statusCode).toBe(403);
  });

  it('a draft is edited version-checked (stale 409), published, then only revised; readers see active plans and their role', async () => {
    const created = await as(t, admin).post('/api/plans', plan());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ revision: 1, status: 'draft', version: 1, steps: [{ no: 1, targetMinutes: 5 }, { no: 2, role: '排查组' }] });
    ids.p1 = created.json().id;
    expect((await as(t, grid1).get(`/api/plans/${ids.p1}`)).statusCode).toBe(404); // a draft is the manager's
    const edited = await as(t, admin).put(`/api/plans/${ids.p1}`, { ...plan({ title: '社区疫情防控应急预案（试行）' }), version: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().version).toBe(2);
    const stale = await as(t, admin).put(`/api/plans/${ids.p1}`, { ...plan(), version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    const pub = await as(t, admin).post(`/api/plans/${ids.p1}/publish`, { version: 2 });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'active', version: 3 });
    const again = await as(t, admin).put(`/api/plans/${ids.p1}`, { ...plan(), version: 3 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('plan_not_draft');

    const mine = await as(t, grid1).get(`/api/plans/${ids.p1}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().plan.myRoles).toEqual(['排查组']);
    expect(mine.json().plan.canManage).toBe(false);
    expect((await as(t, street).get('/api/plans')).json().items.map((i: { id: string }) => i.id)).toEqual([ids.p1]);
  });

  it('scope: another community gets 404 for the plan and its drills; its list stays empty', async () => {
    expect((await as(t, adminB).get(`/api/plans/${ids.p1}`)).statusCode).toBe(404);
    expect((await as(t, adminB).post(`/api/plans/${ids.p1}/drills`, { scheduledAt: at(60), kind: 'tabletop' })).statusCode).toBe(404);
    expect((await as(t, adminB).post(`/api/plans/${ids.p1}/revise`, { version: 3 })).statusCode).toBe(404);
    expect((await as(t, adminB).get('/api/plans')).json().items).toEqual([]);
  });

  it('a drill is scheduled in the future (role holders told), run: each step’s elapsed minutes against its target, attendance, finish', async () => {
    const past = await as(t, admin).post(`/api/plans/${ids.p1}/drills`, { scheduledAt: at(-5), kind: 'functional' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details[0].path).toBe('scheduledAt');
    const s = await as(t, admin).post(`/api/plans/${ids.p1}/drills`, { scheduledAt: at(60), kind: 'functional', place: '社区党群服务中心' });
    expect(s.statusCode, s.body).toBe(201);
    ids.d1 = s.json().id;
    const told = await notes('drill_scheduled', ids.grid1);
    expect(told.map((n) => n.object_id)).toEqual([ids.d1]);
    expect(JSON.parse(String(told[0]!.payload))).toMatchObject({ planTitle: '社区疫情防控应急预案（试行）', kind: 'functional', kindName: '实战演练', place: '社区党群服务中心' });
    expect(await notes('drill_scheduled', ids.admin)).toEqual([]); // the scheduler is not told of their own drill
    expect((await as(t, adminB).get(`/api/drills/${ids.d1}`)).statusCode).toBe(404);

    expect((await as(t, admin).post(`/api/drills/${ids.d1}/steps/1`, { version: 1, done: true })).json().error.code).toBe('drill_state');
    t.clock.advance(60 * MIN);
    [admin] = await Promise.all([t.login('admin')]);
    const started = await as(t, admin).post(`/api/drills/${ids.d1}/start`, { version: 1 });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().status).toBe('running');
    t.clock.advance(3 * MIN);
    const s1 = await as(t, admin).post(`/api/drills/${ids.d1}/steps/1`, { version: 2, done: true });
    expect(s1.statusCode, s1.body).toBe(200);
    expect(s1.json().steps[0]).toMatchObject({ no: 1, elapsedMinutes: 3, late: false });
    t.clock.advance(40 * MIN);
    [admin] = await Promise.all([t.login('admin')]); // the session idled out
    const s2 = await as(t, admin).post(`/api/drills/${ids.d1}/steps/2`, { version: 3, done: true });
    expect((s2.json().steps as Step[])[1]).toMatchObject({ no: 2, elapsedMinutes: 43, late: true });
    expect((await as(t, admin).post(`/api/drills/${ids.d1}/steps/2`, { version: 3, done: false })).statusCode).toBe(409);
    expect((await as(t, admin).post(`/api/drills/${ids.d1}/steps/9`, { version: 4, done: true })).json().error.details[0].path).toBe('no');
    const badAtt = await as(t, admin).post(`/api/drills/${ids.d1}/attendance`, { version: 4, present: [ids.grid1, ids.adminb], residents: 12 });
    expect(badAtt.json().error.details[0].path).toBe('present.1');
    const att = await as(t, admin).post(`/api/drills/${ids.d1}/attendance`, { version: 4, present: [ids.admin, ids.grid1], residents: 12 });
    expect(att.statusCode, att.body).toBe(200);
    expect(att.json()).toMatchObject({ residentsCount: 12, attendance: [{ id: ids.admin }, { id: ids.grid1 }] });
    expect((await as(t, admin).post(`/api/drills/${ids.d1}/findings`, { text: '排查组集合太慢', severity: 'medium' })).json().error.code).toBe('drill_state');
    const fin = await as(t, admin).post(`/api/drills/${ids.d1}/finish`, { version: 5 });
    expect(fin.json()).toMatchObject({ status: 'finished' });
  });

  it('findings become revision actions; a new revision that addresses one closes it; the old revision stays readable', async () => {
    const f1 = await as(t, admin).post(`/api/drills/${ids.d1}/findings`, { text: '排查组集合太慢，入户排查晚了13分钟', severity: 'medium', action: '修订预案：排查组提前在网格待命' });
    expect(f1.statusCode, f1.body).toBe(201);
    const f2 = await as(t, admin).post(`/api/drills/${ids.d1}/findings`, { text: '物资清点表格式不统一', severity: 'low', action: '修订预案：统一物资清点表' });
    const [a1, a2] = f2.json().findings.map((f: { id: string }) => f.id);
    expect(f2.json().findings.map((f: { actionStatus: string }) => f.actionStatus)).toEqual(['open', 'open']);
    const badFinding = await as(t, admin).post(`/api/drills/${ids.d1}/findings`, { text: '联系人 330902198001011233', severity: 'low' });
    expect(badFinding.json().error.details[0].path).toBe('body.text');

    const list = (await as(t, admin).get('/api/plans')).json().items[0];
    expect(list).toMatchObject({ id: ids.p1, openActions: 2, drillOverdue: false, lastDrill: { id: ids.d1, daysSince: 0, lateSteps: [{ no: 2, elapsedMinutes: 43, targetMinutes: 30 }] } });

    const rev = await as(t, admin).post(`/api/plans/${ids.p1}/revise`, { version: 3 });
    expect(rev.statusCode, rev.body).toBe(201);
    expect(rev.json()).toMatchObject({ revision: 2, status: 'draft' });
    ids.p2 = rev.json().id;
    expect((await as(t, admin).post(`/api/plans/${ids.p1}/revise`, { version: 3 })).json().error.code).toBe('draft_exists');
    const wrong = await as(t, admin).post(`/api/plans/${ids.p2}/publish`, { version: 1, addresses: [a1, ids.d1] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('addresses.1');
    expect((await as(t, admin).get(`/api/plans/${ids.p2}`)).json().plan.status).toBe('draft'); // nothing half-written
    const pub = await as(t, admin).post(`/api/plans/${ids.p2}/publish`, { version: 1, note: '排查组提前待命', addresses: [a1] });
    expect(pub.statusCode, pub.body).toBe(200);

    const d = (await as(t, admin).get(`/api/plans/${ids.p2}`)).json();
    expect(d.plan).toMatchObject({ revision: 2, status: 'active' });
    expect(d.revisions.map((r: { revision: number; status: string }) => [r.revision, r.status])).toEqual([[2, 'active'], [1, 'retired']]);
    expect(d.actions.find((x: { id: string }) => x.id === a1)).toMatchObject({ actionStatus: 'closed', closedByRevision: 2 });
    expect(d.openActions.map((x: { id: string }) => x.id)).toEqual([a2]);
    grid1 = await t.login('grid1');
    const old = await as(t, admin).get(`/api/plans/${ids.p1}`);
    expect(old.json().plan).toMatchObject({ revision: 1, status: 'retired' });
    expect((await as(t, grid1).get(`/api/plans/${ids.p1}`)).statusCode).toBe(404); // readers: the active revision
    expect((await as(t, admin).get('/api/plans')).json().items.map((i: { id: string; openActions: number }) => [i.id, i.openActions])).toEqual([[ids.p2, 1]]);
  });

  it('a plan with no drill in 365 days is flagged 超期未演练 (the service’s clock)', async () => {
    t.clock.advance(364 * DAY);
    [admin] = await Promise.all([t.login('admin')]);
    expect((await as(t, admin).get('/api/plans')).json().items[0]).toMatchObject({ drillOverdue: false, lastDrill: { daysSince: 364 } });
    t.clock.advance(2 * DAY);
    [admin, grid1] = await Promise.all([t.login('admin'), t.login('grid1')]);
    expect((await as(t, admin).get('/api/plans')).json().items[0]).toMatchObject({ drillOverdue: true, lastDrill: { daysSince: 366 } });
    expect((await as(t, grid1).get(`/api/plans/${ids.p2}`)).json().drillOverdue).toBe(true);
  });

  it('安排人员: the active revision’s role holders change without a new revision (version-checked); the newly given a role are told', async () => {
    [admin, grid1] = await Promise.all([t.login('admin'), t.login('grid1')]);
    const before = (await as(t, admin).get(`/api/plans/${ids.p2}`)).json().plan;
    const v = before.version as number;
    const put = (id: string, body: unknown, who = admin) => as(t, who).put(`/api/plans/${id}/staff`, body);
    expect((await put(ids.p1!, { roles: [{ name: '排查组', staffIds: [ids.grid1] }], version: 5 })).json().error.code).toBe('plan_retired');
    const unknown = await put(ids.p2!, { roles: [{ name: '宣传组', staffIds: [] }], version: v });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('roles.0.name');
    expect((await put(ids.p2!, { roles: [{ name: '排查组', staffIds: [ids.grid1, ids.adminb] }], version: v })).json().error.details[0].path).toBe('roles.0.staffIds.1');
    expect((await put(ids.p2!, { roles: [{ name: '排查组', staffIds: [ids.doctor] }], version: v }, grid1)).statusCode).toBe(403);
    expect((await as(t, admin).get(`/api/plans/${ids.p2}`)).json().plan.version).toBe(v); // nothing written

    const ok = await put(ids.p2!, { roles: [{ name: '排查组', staffIds: [ids.grid1, ids.doctor] }], version: v });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ revision: 2, status: 'active', version: v + 1 });
    expect(ok.json().roles.map((r: { name: string; staff: Array<{ id: string }> }) => [r.name, r.staff.map((x) => x.id)])).toEqual([['总指挥', [ids.admin]], ['排查组', [ids.grid1, ids.doctor]]]);
    expect(ok.json().steps).toEqual(before.steps);
    const told = await notes('plan_role_assigned', ids.doctor!);
    expect(told.map((n) => [n.object_id, JSON.parse(String(n.payload)).roles])).toEqual([[ids.p2, '排查组']]);
    expect(await notes('plan_role_assigned', ids.grid1!)).toEqual([]); // already held it
    expect((await put(ids.p2!, { roles: [{ name: '排查组', staffIds: [ids.grid1] }], version: v })).statusCode).toBe(409); // stale
    expect((await as(t, await t.login('doctor')).get(`/api/plans/${ids.p2}`)).json().plan.myRoles).toEqual(['排查组']);
  });

  it('demo: the epidemic plan in revision 2 (last drill’s late steps, one open action), the typhoon plan flagged, next week’s tabletop', async () => {
    await t.platform.database.db.deleteFrom('plan_drill_findings').execute();
    await t.platform.database.db.deleteFrom('plan_drills').execute();
    await t.platform.database.db.deleteFrom('emergency_plans').execute();
    const pa = await t.services.auth.principalWithoutSession((await t.services.auth.findByUsername('adminb'))!);
    await seedEmergencyPlansDemo(t.platform, t.services.plans, SEED_ACTOR, { admin: pa!, users: { grid1: null, doctor: null } });
    adminB = await t.login('adminb');
    const items = (await as(t, adminB).get('/api/plans')).json().items as Array<Record<string, any>>;
    expect(items.map((i) => [i.title, i.revision, i.drillOverdue])).toEqual([['台风防御预案', 1, true], ['社区疫情防控应急预案', 2, false]]);
    const ep = items[1]!;
    expect(ep.openActions).toBe(1);
    expect(ep.lastDrill.revision).toBe(1);
    expect(ep.lastDrill.daysSince).toBeGreaterThanOrEqual(39);
    expect(ep.lastDrill.lateSteps.map((s: { no: number }) => s.no)).toEqual([3, 4, 7, 8, 9]);
    expect(ep.nextDrill).toMatchObject({ kind: 'tabletop', status: 'scheduled' });
  });
});
