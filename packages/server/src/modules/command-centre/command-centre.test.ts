import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { housekeeping } from '../../platform/jobs/housekeeping';
import { DEFAULT_GROUPS } from './command-centre.service';
import { seedCommandCentreDemo } from './command-centre.seed';

const HOUR = 3_600_000;
type Item = { id: string; source: string; figure: number | null; figures: Record<string, unknown> | null; minutes: string | null; version: number };
type Meeting = { meeting: { id: string; status: string; date: string; startsAt: string; version: number }; items: Item[]; decisions: Array<{ id: string; title: string; version: number }>; addenda: unknown[]; attendance: Array<{ id: string }> };

describe('指挥部 command centre (ADR 0090)', () => {
  let t: TestApp;
  let district: Session;
  let street: Session;
  let admin: Session;
  let grid1: Session;
  const ids: Record<string, string> = {};
  const day = (offsetDays = 0) => new Date(t.clock.now().getTime() + 8 * HOUR + offsetDays * 24 * HOUR).toISOString().slice(0, 10);

  beforeAll(async () => {
    // A Friday morning in Shanghai.
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    [district, street, admin, grid1] = await Promise.all(['district', 'street', 'admin', 'grid1'].map((u) => t.login(u)));
    for (const u of ['district', 'street', 'admin', 'grid1', 'auditor']) ids[u] = (await t.services.auth.findByUsername(u))!.id;
  });
  afterAll(async () => t?.close());
  /** Moves the clock on and signs everyone in again (sessions end after 30 idle minutes). */
  const later = async (ms: number) => {
    t.clock.advance(ms);
    [district, street, admin, grid1] = await Promise.all(['district', 'street', 'admin', 'grid1'].map((u) => t.login(u)));
  };
  const D = () => t.orgs.district.id;

  it('working groups: the district creates them with a lead and members of its area; a taken name is 409; bad people and text are 400 naming the field', async () => {
    expect((await as(t, grid1).get(`/api/command/${D()}/groups`)).statusCode).toBe(403);
    // Not a member yet: the community secretary does not see the district's command.
    expect((await as(t, admin).get(`/api/command/${D()}/today`)).statusCode).toBe(404);
    expect((await as(t, admin).post(`/api/command/${D()}/groups`, { name: '社区组' })).statusCode).toBe(403);
    const res = await as(t, district).post(`/api/command/${D()}/groups`, { name: '社区组', duties: '指导社区落实网格化管理', leadId: ids.street, memberIds: [ids.admin] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: '社区组', lead: { id: ids.street }, members: [{ id: ids.admin }] });
    ids.group = res.json().id;
    const dup = await as(t, district).post(`/api/command/${D()}/groups`, { name: '社区组' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('group_exists');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '医疗组', memberIds: [ids.auditor] }, 'memberIds.0'],
      [{ name: '医疗组', leadId: ids.grid1 }, 'leadId'],
      [{ name: '医疗组', duties: '联系 13812345678' }, 'body.duties'],
      [{ name: '' }, 'body.name'],
    ];
    for (const [b, path] of cases) {
      const bad = await as(t, district).post(`/api/command/${D()}/groups`, b);
      expect(bad.statusCode, JSON.stringify(b)).toBe(400);
      expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(bad.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await t.platform.database.db.selectFrom('command_groups').select('name').execute()).map((g) => g.name)).toEqual(['社区组']);
    // Now a member, the secretary reads it.
    expect((await as(t, admin).get(`/api/command/${D()}/today`)).statusCode).toBe(200);
    expect((await as(t, admin).get('/api/command/centres')).json().items).toEqual([expect.objectContaining({ id: D(), canManage: false })]);
    expect((await as(t, district).get('/api/command/centres')).json().items[0]).toMatchObject({ id: D(), canManage: true });
  });

  it('值班表: one leader per day, the same person twice on a day is 409; today shows who is on duty', async () => {
    const put = (b: Record<string, unknown>) => as(t, district).post(`/api/command/${D()}/roster`, { date: day(), ...b });
    expect((await put({ role: 'leader', userId: ids.district })).statusCode).toBe(201);
    const officer = await put({ role: 'officer', userId: ids.street, groupId: ids.group });
    expect(officer.statusCode, officer.body).toBe(201);
    const twice = await put({ role: 'officer', userId: ids.district });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('duty_taken');
    const leader = await put({ role: 'leader', userId: ids.admin });
    expect(leader.statusCode).toBe(409);
    expect(leader.json().error.code).toBe('leader_taken');
    expect((await put({ role: 'officer', userId: ids.auditor })).statusCode).toBe(400);
    const today = (await as(t, district).get(`/api/command/${D()}/today`)).json();
    expect(today.onDuty).toMatchObject({ date: day(), leader: { user: { id: ids.district } }, officers: [{ user: { id: ids.street }, group: { id: ids.group, name: '社区组' } }] });
    const week = (await as(t, street).get(`/api/command/${D()}/roster`)).json();
    expect(week.days).toHaveLength(7);
    expect(week.from).toBe('2026-11-30'); // that week's Monday
    expect(week.days.find((d: { date: string }) => d.date === day()).officers).toHaveLength(1);
    expect(week.canManage).toBe(false); // the street reads the district's roster as a member; it manages its own street's
  });

  it('调度会: the agenda is built from live figures and keeps each figure as it stood; minutes, a decision with its owner told, then the minutes lock', async () => {
    // A community task that is past its time: a live figure for the district's agenda.
    const task = await as(t, admin).post('/api/tasks', { kind: 'statistics', title: '统计独居老人药品需求', priority: 'urgent', dueAt: new Date(t.clock.now().getTime() + HOUR).toISOString(), assigneeId: ids.grid1 });
    expect(task.statusCode, task.body).toBe(201);
    await later(2 * HOUR);
    const open = await as(t, district).post(`/api/command/${D()}/meetings`, {});
    expect(open.statusCode, open.body).toBe(201);
    const m = open.json() as Meeting;
    expect(m.meeting).toMatchObject({ date: day(), status: 'open', startsAt: `${day()}T10:00:00.000Z` }); // 18:00 Shanghai
    ids.meeting = m.meeting.id;
    expect((await as(t, district).post(`/api/command/${D()}/meetings`, {})).json().error.code).toBe('meeting_exists');
    // The street manages its own street's command, not the district's above it.
    expect((await as(t, street).post(`/api/command/meetings/${ids.meeting}/agenda`)).statusCode).toBe(403);

    const gen = await as(t, district).post(`/api/command/meetings/${ids.meeting}/agenda`);
    expect(gen.statusCode, gen.body).toBe(200);
    const agenda = gen.json() as Meeting;
    expect(agenda.items.map((i) => i.source)).toEqual(['tasks', 'alerts', 'sampling', 'supplies', 'decisions']);
    const tasks = agenda.items.find((i) => i.source === 'tasks')!;
    expect(tasks).toMatchObject({ figure: 1, figures: { open: 1, overdue: 1, unassigned: 0 } });

    // The task is cancelled afterwards: the agenda keeps the figure it had when generated.
    await as(t, admin).post(`/api/tasks/${task.json().items[0].id}/cancel`, { reason: '需求已由医院统计', version: 1 });
    const read = (await as(t, district).get(`/api/command/meetings/${ids.meeting}`)).json() as Meeting;
    expect(read.items.find((i) => i.source === 'tasks')!.figure).toBe(1);

    const min = await as(t, district).post(`/api/command/items/${tasks.id}/minutes`, { minutes: '社区今日内完成统计并报街道', version: tasks.version });
    expect(min.statusCode, min.body).toBe(200);
    const afterMin = min.json() as Meeting;
    expect(afterMin.items.find((i) => i.id === tasks.id)).toMatchObject({ minutes: '社区今日内完成统计并报街道', version: tasks.version + 1 });
    expect((await as(t, district).post(`/api/command/items/${tasks.id}/minutes`, { minutes: '旧版本', version: tasks.version })).json().error.code).toBe('stale_version');
    expect((await as(t, district).post(`/api/command/meetings/${ids.meeting}/attendance`, { userIds: [ids.district, ids.street, ids.admin] })).json().attendance).toHaveLength(3);

    const noOwner = await as(t, district).post(`/api/command/meetings/${ids.meeting}/decisions`, { title: '完成药品需求统计', dueDate: day() });
    expect(noOwner.statusCode).toBe(400);
    expect(noOwner.json().error.details[0].path).toBe('ownerUserId');
    const past = await as(t, district).post(`/api/command/meetings/${ids.meeting}/decisions`, { title: '完成药品需求统计', ownerUserId: ids.admin, dueDate: day(-1) });
    expect(past.json().error.details[0].path).toBe('dueDate');
    const dec = await as(t, district).post(`/api/command/meetings/${ids.meeting}/decisions`, { title: '完成药品需求统计', ownerUserId: ids.admin, dueDate: day(), itemId: tasks.id });
    expect(dec.statusCode, dec.body).toBe(201);
    ids.decision = dec.json().id;
    const told = await t.platform.database.db.selectFrom('notifications').select(['object_id', 'payload']).where('kind', '=', 'command_decision').where('recipient_id', '=', ids.admin).execute();
    expect(told.map((n) => n.object_id)).toEqual([ids.decision]);
    expect(JSON.parse(String(told[0]!.payload))).toMatchObject({ title: '完成药品需求统计', dueDate: day(), command: '定海区' });
    const group = await as(t, district).post(`/api/command/meetings/${ids.meeting}/decisions`, { title: '社区组排查返乡人员', ownerGroupId: ids.group, dueDate: day(3) });
    expect(group.statusCode).toBe(201);
    // The group's decision goes to its lead.
    expect(await t.platform.database.db.selectFrom('notifications').select('recipient_id').where('kind', '=', 'command_decision').where('object_id', '=', group.json().id).execute())
      .toEqual([{ recipient_id: ids.street }]);

    const end = await as(t, district).post(`/api/command/meetings/${ids.meeting}/end`, { version: read.meeting.version });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json().meeting.status).toBe('ended');
    const locked = await as(t, district).post(`/api/command/items/${tasks.id}/minutes`, { minutes: '会后改动', version: tasks.version + 1 });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('meeting_ended');
    expect((await as(t, district).post(`/api/command/meetings/${ids.meeting}/agenda`)).json().error.code).toBe('meeting_ended');
    expect((await as(t, district).post(`/api/command/meetings/${ids.meeting}/decisions`, { title: '会后决议', ownerUserId: ids.admin, dueDate: day() })).statusCode).toBe(409);
    const add = await as(t, district).post(`/api/command/meetings/${ids.meeting}/addenda`, { body: '更正：统计报送对象为街道防控办' });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().items.find((i: Item) => i.id === tasks.id).minutes).toBe('社区今日内完成统计并报街道');
    expect(add.json().addenda).toHaveLength(1);
    expect((await auditRows(t, { object_type: 'command_meeting', object_id: ids.meeting })).map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'generate_agenda', 'end', 'read']));
  });

  it('我的督办事项: the owner sees the decision and closes it with a note; an overdue decision comes back on the next agenda', async () => {
    const mine = await as(t, admin).get('/api/me/command/decisions');
    expect(mine.statusCode).toBe(200);
    // Their own, and 社区组's (they are a member).
    expect(mine.json().open.map((d: { title: string }) => d.title)).toEqual(['完成药品需求统计', '社区组排查返乡人员']);
    expect((await auditRows(t, { request_id: mine.headers['x-request-id'] as string })).length).toBe(1);
    // The street leads 社区组: the group's decision is theirs.
    expect((await as(t, street).get('/api/me/command/decisions')).json().open.map((d: { title: string }) => d.title)).toEqual(['社区组排查返乡人员']);
    // Only a manager cancels: the owner may not.
    expect((await as(t, admin).post(`/api/command/decisions/${ids.decision}/close`, { status: 'cancelled', note: '不需要了', version: 1 })).statusCode).toBe(403);

    // A day later the decision is overdue: flagged, and back on the next meeting's agenda.
    await later(24 * HOUR);
    const flagged = (await as(t, district).get(`/api/command/${D()}/decisions?status=overdue`)).json().items;
    expect(flagged.map((d: { id: string; overdue: boolean }) => [d.id, d.overdue])).toEqual([[ids.decision, true]]);
    // The owner is told once that it is overdue.
    const step = async () => (await housekeeping(t.platform.database, t.clock.now())).steps['command-decision-overdue'] as { notified: number };
    expect(await step()).toEqual({ notified: 1 });
    expect(await step()).toEqual({ notified: 0 });
    const told = await t.platform.database.db.selectFrom('notifications').select('payload').where('kind', '=', 'command_decision').where('recipient_id', '=', ids.admin).where('object_id', '=', ids.decision).orderBy('created_at').execute();
    expect(told.map((n) => JSON.parse(String(n.payload)).overdue)).toEqual(['', '1']);
    const next = (await as(t, district).post(`/api/command/${D()}/meetings`, {})).json() as Meeting;
    const agenda = (await as(t, district).post(`/api/command/meetings/${next.meeting.id}/agenda`)).json() as Meeting;
    const back = agenda.items.find((i) => i.source === 'decisions')!;
    expect(back.figure).toBe(1);
    expect(back.figures).toMatchObject({ overdue: 1, items: [{ id: ids.decision, title: '完成药品需求统计' }] });
    expect(agenda.items.find((i) => i.source === 'tasks')!.figure).toBe(0);

    const done = await as(t, admin).post(`/api/command/decisions/${ids.decision}/close`, { status: 'done', note: '统计表已报街道', version: 1 });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', note: '统计表已报街道', overdue: false, closedBy: { id: ids.admin } });
    expect((await as(t, admin).post(`/api/command/decisions/${ids.decision}/close`, { status: 'done', note: '再次', version: 2 })).json().error.code).toBe('decision_closed');
    const after = (await as(t, admin).get('/api/me/command/decisions')).json();
    expect(after.open.map((d: { title: string }) => d.title)).toEqual(['社区组排查返乡人员']);
    expect(after.closed.map((d: { id: string }) => d.id)).toEqual([ids.decision]);
  });

  it('the demo seeds the district’s 13 working groups, a roster and yesterday’s meeting with an overdue decision', async () => {
    const t2 = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    try {
      const u = async (n: string) => (await t2.services.auth.findByUsername(n))!.id;
      const o = { districtId: t2.orgs.district.id, districtPath: t2.orgs.district.path, users: { district: await u('district'), street: await u('street'), admin: await u('admin') } };
      await seedCommandCentreDemo(t2.platform, o);
      await seedCommandCentreDemo(t2.platform, o); // idempotent
      const d = await t2.login('district');
      const today = (await as(t2, d).get(`/api/command/${t2.orgs.district.id}/today`)).json();
      expect(today.groups.map((g: { name: string }) => g.name)).toEqual([...DEFAULT_GROUPS]);
      expect(today.onDuty.leader.user.id).toBe(o.users.district);
      expect(today.counts).toEqual({ open: 2, overdue: 1 });
      expect(today.meeting).toBeNull();
      const s = await t2.login('street');
      expect((await as(t2, s).get('/api/me/command/decisions')).json().counts).toEqual({ open: 2, overdue: 1 });
    } finally {
      await t2.close();
    }
  });
});
