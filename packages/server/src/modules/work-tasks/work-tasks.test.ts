import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { housekeeping } from '../../platform/jobs/housekeeping';
import { DEMO_PASSWORD } from '../../seed';

const HOUR = 3_600_000;
/** A 1×1 PNG (synthetic). */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** The first bytes of a JPEG, sent as a PNG. */
const JPEG_AS_PNG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64');
type Task = { id: string; status: string; version: number; assignee: { id: string; name: string } | null; grid: { id: string } | null; overdue: boolean; priority: string };
type Load = { userId: string; name: string; open: number; overdue: number; urgent: number; doneWeek: number };

describe('工作任务 work tasks (ADR 0087)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let street: Session;
  let grid1: Session;
  let volunteer: Session;
  let adminB: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T08:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await t.services.auth.createUser({ username: 'adminb', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    [admin, street, grid1, volunteer, adminB] = await Promise.all(['admin', 'street', 'grid1', 'volunteer', 'adminb'].map((u) => t.login(u)));
    for (const u of ['admin', 'grid1', 'doctor', 'volunteer']) ids[u] = (await t.services.auth.findByUsername(u))!.id;
  });
  afterAll(async () => t?.close());
  const due = (h: number) => new Date(t.clock.now().getTime() + h * HOUR).toISOString();
  const body = (o: Record<string, unknown> = {}) => ({ kind: 'door_check', title: '返乡人员入户核查', priority: 'normal', dueAt: due(24), ...o });
  const notes = async (kind: string, recipient: string) =>
    t.platform.database.db.selectFrom('notifications').select(['object_id', 'payload']).where('kind', '=', kind).where('recipient_id', '=', recipient).execute();
  const workload = async (s: Session = admin, q = '') => {
    const res = await as(t, s).get(`/api/tasks/workload${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Load[]; unassigned: number; grids: Array<{ id: string; workers: number }> };
  };

  it('the community sees who can take tasks and their load; the street picks a community; others are refused', async () => {
    const w = await workload();
    expect(w.items.map((i) => i.userId).sort()).toEqual([ids.admin, ids.grid1, ids.doctor, ids.volunteer].sort());
    expect(w.items.every((i) => i.open === 0 && i.doneWeek === 0)).toBe(true);
    expect(w.grids.find((g) => g.id === fx.g1.id)!.workers).toBe(1);
    expect(w.grids.find((g) => g.id === fx.g2.id)!.workers).toBe(0);
    const noCommunity = await as(t, street).get('/api/tasks/workload');
    expect(noCommunity.statusCode).toBe(400);
    expect(noCommunity.json().error.details[0].path).toBe('communityId');
    expect((await workload(street, `?communityId=${t.orgs.community.id}`)).items).toHaveLength(4);
    const outside = await as(t, adminB).get(`/api/tasks/workload?communityId=${t.orgs.community.id}`);
    expect(outside.statusCode).toBe(400);
    expect((await as(t, grid1).get('/api/tasks/workload')).statusCode).toBe(403);
    expect((await as(t, grid1).get('/api/tasks')).statusCode).toBe(403);
    expect((await as(t, grid1).post('/api/tasks', body({ assigneeId: ids.grid1 }))).statusCode).toBe(403);
  });

  it('bad input names the field; nothing is stored', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '核查 330902198001011233 家' }, 'body.title'],
      [{ detail: '联系 13812345678' }, 'body.detail'],
      [{ kind: 'cooking' }, 'body.kind'],
      [{ dueAt: due(-1) }, 'dueAt'],
      [{ gridIds: [fx.gB.id] }, 'gridIds.0'],
      [{ assigneeId: ids.grid1, gridIds: [fx.g1.id] }, 'assigneeId'],
      [{ assigneeId: (await t.services.auth.findByUsername('adminb'))!.id }, 'assigneeId'],
      [{ assigneeId: (await t.services.auth.findByUsername('street'))!.id }, 'assigneeId'],
    ];
    for (const [o, path] of cases) {
      const res = await as(t, admin).post('/api/tasks', body(o));
      expect(res.statusCode, JSON.stringify(o)).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path), JSON.stringify(o)).toContain(path);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await t.platform.database.db.selectFrom('work_tasks').select('id').execute()).toEqual([]);
  });

  it('one task per grid goes to each grid’s worker, or waits where a grid has none; the worker is told', async () => {
    const res = await as(t, admin).post('/api/tasks', body({ gridIds: [fx.g1.id, fx.g2.id], detail: '核对近 7 天返乡人员' }));
    expect(res.statusCode, res.body).toBe(201);
    const { batchId, items } = res.json() as { batchId: string; items: Task[] };
    expect(batchId).toBeTruthy();
    expect(items.map((i) => [i.grid?.id, i.assignee?.id ?? null])).toEqual([[fx.g1.id, ids.grid1], [fx.g2.id, null]]);
    ids.g1Check = items[0]!.id;
    ids.g2Check = items[1]!.id;
    const told = await notes('task_assigned', ids.grid1);
    expect(told.map((n) => n.object_id)).toEqual([ids.g1Check]);
    const payload = JSON.parse(String(told[0]!.payload)) as Record<string, unknown>;
    expect(payload).toMatchObject({ taskId: ids.g1Check, title: '返乡人员入户核查', kind: 'door_check' });
    expect(Object.values(payload).every((v) => typeof v === 'string')).toBe(true);
    const w = await workload();
    expect(w.unassigned).toBe(1);
    expect(w.items.find((i) => i.userId === ids.grid1)!.open).toBe(1);
    const batch = await as(t, admin).get(`/api/tasks?batchId=${batchId}`);
    expect(batch.json().total).toBe(2);
  });

  it('auto-assignment keeps the load even and never picks the dispatcher while others are free', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await as(t, admin).post('/api/tasks', body({ kind: 'statistics', title: `统计第${i + 1}批`, autoAssign: true }));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().items[0].assignee.id).not.toBe(ids.admin);
    }
    const others = (await workload()).items.filter((i) => i.userId !== ids.admin).map((i) => i.open);
    expect(others.reduce((a, b) => a + b, 0)).toBe(6); // grid 1's check and the five
    expect(Math.max(...others) - Math.min(...others)).toBeLessThanOrEqual(1);
  });

  it('我的任务: the worker’s own, urgent and overdue first; completing needs the assignee, a result and (disinfection) a photo', async () => {
    const dis = await as(t, admin).post('/api/tasks', body({ kind: 'disinfection', title: '3幢楼道消杀', place: '幸福小区3幢', priority: 'urgent', dueAt: due(2), assigneeId: ids.grid1 }));
    expect(dis.statusCode).toBe(201);
    ids.dis = dis.json().items[0].id;
    const mine = await as(t, grid1).get('/api/me/tasks');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().open[0]).toMatchObject({ id: ids.dis, priority: 'urgent', photoRequired: true });
    expect(mine.json().open.every((x: Task) => x.assignee?.id === ids.grid1)).toBe(true);
    expect((await auditRows(t, { request_id: mine.headers['x-request-id'] as string })).length).toBe(1);

    const v = 1;
    expect((await as(t, volunteer).post(`/api/me/tasks/${ids.dis}/complete`, { result: '已消杀', version: v })).json().error.code).toBe('not_assignee');
    const noPhoto = await as(t, grid1).post(`/api/me/tasks/${ids.dis}/complete`, { result: '已消杀完毕', version: v });
    expect(noPhoto.statusCode).toBe(400);
    expect(noPhoto.json().error.details[0].path).toBe('photo');
    const badPhoto = await as(t, grid1).post(`/api/me/tasks/${ids.dis}/complete`, { result: '已消杀完毕', photo: { mime: 'image/png', data: JPEG_AS_PNG }, version: v });
    expect(badPhoto.statusCode).toBe(400);
    expect((await as(t, grid1).get(`/api/tasks/${ids.dis}`)).json().task.status).toBe('open');

    const ok = await as(t, grid1).post(`/api/me/tasks/${ids.dis}/complete`, { result: '电梯、门把手、信报箱已消杀', photo: { mime: 'image/png', data: PNG }, version: v });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'done', hasPhoto: true, completedBy: { id: ids.grid1 }, result: '电梯、门把手、信报箱已消杀' });
    const stored = await t.platform.database.db.selectFrom('work_tasks').select('photo_enc').where('id', '=', ids.dis).executeTakeFirstOrThrow();
    expect(String(stored.photo_enc)).not.toContain(PNG.slice(0, 24));
    const photo = await as(t, admin).get(`/api/tasks/${ids.dis}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.toString('base64')).toBe(PNG);
    expect(await auditRows(t, { request_id: photo.headers['x-request-id'] as string })).toEqual([expect.objectContaining({ object_id: ids.dis, action: 'read' })]);
    expect((await as(t, grid1).post(`/api/me/tasks/${ids.dis}/complete`, { result: '再次', photo: { mime: 'image/png', data: PNG }, version: 2 })).json().error.code).toBe('task_closed');
    expect((await workload()).items.find((i) => i.userId === ids.grid1)!.doneWeek).toBe(1);
  });

  it('the community sends a done task back with a reason (the worker is told), reassigns and cancels; stale versions are refused', async () => {
    const back = await as(t, admin).post(`/api/tasks/${ids.dis}/reopen`, { reason: '照片看不清电梯按键', version: 2 });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'open', returnedReason: '照片看不清电梯按键', completedAt: null });
    expect((await notes('task_returned', ids.grid1)).map((n) => n.object_id)).toEqual([ids.dis]);
    expect((await as(t, grid1).post(`/api/tasks/${ids.dis}/reopen`, { reason: '自己退回', version: 3 })).statusCode).toBe(403);

    const stale = await as(t, admin).post(`/api/tasks/${ids.g2Check}/assign`, { assigneeId: ids.doctor, version: 9 });
    expect(stale.json().error.code).toBe('stale_version');
    const moved = await as(t, admin).post(`/api/tasks/${ids.g2Check}/assign`, { assigneeId: ids.doctor, version: 1 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().assignee.id).toBe(ids.doctor);
    expect((await notes('task_assigned', ids.doctor)).some((n) => n.object_id === ids.g2Check)).toBe(true);
    const auto = await as(t, admin).post(`/api/tasks/${ids.g2Check}/assign`, { auto: true, version: 2 });
    expect(auto.json().assignee.id).not.toBe(ids.doctor);
    const neither = await as(t, admin).post(`/api/tasks/${ids.g2Check}/assign`, { version: 3 });
    expect(neither.statusCode).toBe(400);

    const cancel = await as(t, admin).post(`/api/tasks/${ids.g2Check}/cancel`, { reason: '名单已由街道核销', version: 3 });
    expect(cancel.json()).toMatchObject({ status: 'cancelled', cancelReason: '名单已由街道核销' });
    expect((await as(t, admin).post(`/api/tasks/${ids.g2Check}/cancel`, { reason: '再取消', version: 4 })).json().error.code).toBe('task_closed');
    const rows = await auditRows(t, { object_id: ids.g2Check });
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'assign', 'cancel']));
  });

  it('scope: another community sees none of it (404), lists and filters cannot widen; overdue is counted', async () => {
    expect((await as(t, adminB).get(`/api/tasks/${ids.dis}`)).statusCode).toBe(404);
    expect((await as(t, adminB).post(`/api/tasks/${ids.dis}/cancel`, { reason: '越权取消', version: 3 })).statusCode).toBe(404);
    expect((await as(t, adminB).get(`/api/tasks?gridId=${fx.g1.id}`)).json().total).toBe(0);
    expect((await as(t, street).get('/api/tasks')).json().total).toBeGreaterThan(0);
    t.clock.advance(30 * HOUR);
    [admin, grid1] = await Promise.all(['admin', 'grid1'].map((u) => t.login(u))); // the sessions idled out
    const over = await as(t, admin).get('/api/tasks?status=overdue');
    expect(over.statusCode).toBe(200);
    expect(over.json().items.length).toBeGreaterThan(0);
    expect(over.json().items.every((i: Task) => i.overdue && i.status === 'open')).toBe(true);
    const w = await workload();
    expect(w.items.reduce((a, i) => a + i.overdue, 0)).toBe(over.json().total - w.unassigned);
    const mine = await as(t, grid1).get('/api/me/tasks');
    expect(mine.json().counts.overdue).toBe(mine.json().open.filter((x: Task) => x.overdue).length);
  });

  it('a task past its time tells its worker once (待分派: the admins); reassigning arms the reminder again', async () => {
    const mk = async (o: Record<string, unknown>) => {
      const res = await as(t, admin).post('/api/tasks', body({ title: '3幢楼道消杀复查', dueAt: due(1), ...o }));
      expect(res.statusCode, res.body).toBe(201);
      return (res.json().items as Task[])[0]!;
    };
    const mineTask = await mk({ assigneeId: ids.grid1 });
    const waiting = await mk({});
    expect(waiting.assignee).toBeNull();
    const step = async () => (await housekeeping(t.platform.database, t.clock.now())).steps['work-task-overdue'] as { notified: number };
    const about = async (id: string) => t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', 'task_overdue').where('object_id', '=', id).execute();
    await step(); // whatever the earlier tests left overdue is told now
    expect(await about(mineTask.id)).toHaveLength(0); // not yet past its time

    t.clock.advance(HOUR + 1000);
    expect((await step()).notified).toBe(2);
    expect((await step()).notified).toBe(0);
    const toWorker = await about(mineTask.id);
    expect(toWorker.map((n) => n.recipient_id)).toEqual([ids.grid1]);
    expect(JSON.parse(String(toWorker[0]!.payload))).toMatchObject({ taskId: mineTask.id, title: '3幢楼道消杀复查', unassigned: '' });
    const toAdmins = await about(waiting.id);
    expect(toAdmins.map((n) => n.recipient_id)).toEqual([ids.admin]);
    expect(JSON.parse(String(toAdmins[0]!.payload)).unassigned).toBe('1');

    [admin] = await Promise.all(['admin'].map((u) => t.login(u)));
    const moved = await as(t, admin).post(`/api/tasks/${mineTask.id}/assign`, { assigneeId: ids.doctor, version: mineTask.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await step()).notified).toBe(1);
    expect((await about(mineTask.id)).map((n) => n.recipient_id).sort()).toEqual([ids.grid1, ids.doctor].sort());
    const done = await as(t, admin).post(`/api/tasks/${waiting.id}/cancel`, { reason: '已由物业完成', version: waiting.version });
    expect(done.statusCode, done.body).toBe(200);
    expect((await step()).notified).toBe(0);
  });
});
