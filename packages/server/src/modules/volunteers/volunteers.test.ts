import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { seedAll } from '../../seed';
import { eraseVolunteersOf } from './volunteers.service';

const HOUR = 3_600_000;
type Shift = { id: string; slots: number; filled: number; members?: Array<{ nameMasked: string; minutes: number | null }> };

describe('志愿者 volunteers (ADR 0085)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let street: Session;
  let grid1: Session;
  let volunteer: Session;
  const apps: Record<string, { id: string; version: number }> = {};
  const vols: Record<string, string> = {};
  let gate = '';

  beforeAll(async () => {
    // 08:00 in Shanghai.
    t = await createTestApp({ clockStart: '2026-12-04T08:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await relogin();
  });
  afterAll(async () => t?.close());
  const relogin = async () => {
    [admin, street, grid1, volunteer] = await Promise.all(['admin', 'street', 'grid1', 'volunteer'].map((u) => t.login(u)));
  };
  const pub = (method: 'GET' | 'POST', url: string, payload?: unknown) => t.app.inject({ method, url, payload: payload as never });
  const notes = async (kind: string) => t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', kind).execute();
  const idOf = async (u: string) => (await t.services.auth.findByUsername(u))!.id;
  const form = (o: Record<string, unknown> = {}) => ({
    communityId: t.orgs.community.id, name: '林志远', phone: '13957811001', skills: ['gate', 'shopping'], availability: { weekdays: ['sat', 'sun'], bands: ['morning'] }, ...o,
  });

  it('anyone applies on the public form; bad input names the field; the same mobile twice in a community is refused', async () => {
    const meta = await pub('GET', '/api/public/volunteers/form');
    expect(meta.statusCode).toBe(200);
    expect(meta.json().communities.find((c: { id: string }) => c.id === t.orgs.community.id)).toMatchObject({ name: t.orgs.community.name, code: t.orgs.community.code });
    expect(meta.json().skills.find((s: { code: string }) => s.code === 'sampling').zh).toBe('核酸采样协助');

    const bad = await pub('POST', '/api/public/volunteers/applications', form({ skills: ['cooking'], availability: { weekdays: [], bands: ['morning'] }, note: '我的手机 13957811009' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.availability.weekdays', 'body.note', 'body.skills.0'].sort());
    const badPhone = await pub('POST', '/api/public/volunteers/applications', form({ phone: '12345' }));
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details[0].path).toBe('phone');
    expect((await pub('POST', '/api/public/volunteers/applications', form({ communityId: fx.g1.id }))).json().error.details[0].path).toBe('communityId');

    const ok = await pub('POST', '/api/public/volunteers/applications', form());
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'pending', nameMasked: '林**', phoneMasked: '139****1001' });
    expect(JSON.stringify(ok.json())).not.toContain('13957811001');
    const row = await t.platform.database.db.selectFrom('volunteer_applications').selectAll().where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(row.phone_enc).not.toContain('13957811001');
    expect(row.phone_bidx).toBeTruthy();
    apps.lin = { id: ok.json().id, version: 1 };

    // The same mobile again: answered like a new application (a 409 would tell anyone the number applied here), folded —
    // nothing new stored, the audit says it was a duplicate.
    const dup = await pub('POST', '/api/public/volunteers/applications', form({ name: '林志', phone: '139 5781 1001' }));
    expect(dup.statusCode).toBe(201);
    expect(Object.keys(dup.json()).sort()).toEqual(Object.keys(ok.json()).sort());
    expect(dup.json()).toMatchObject({ status: 'pending', phoneMasked: '139****1001' });
    expect(dup.json().id).not.toBe(ok.json().id);
    const bidx = row.phone_bidx as string;
    expect((await t.platform.database.db.selectFrom('volunteer_applications').select('id').where('phone_bidx', '=', bidx).execute()).map((r) => r.id)).toEqual([ok.json().id]);
    expect(await auditRows(t, { request_id: dup.headers['x-request-id'] as string })).toEqual([expect.objectContaining({ object_id: ok.json().id, outcome: 'denied', reason: 'duplicate_application' })]);
    // Another community is another roster.
    expect((await pub('POST', '/api/public/volunteers/applications', form({ communityId: t.orgs.other.id }))).statusCode).toBe(201);
    for (const [k, name, phone] of [['zhou', '周雨桐', '13957811002'], ['xu', '许建国', '13957811003'], ['chen', '陈思琪', '13957811004']] as const) {
      const r = await pub('POST', '/api/public/volunteers/applications', form({ name, phone, skills: ['sampling'] }));
      apps[k] = { id: r.json().id, version: 1 };
    }
  });

  it('the community reviews: masked list (audited); approve links the volunteer account, who is told; a rejection needs a reason', async () => {
    expect((await as(t, grid1).get('/api/volunteers/applications')).statusCode).toBe(403);
    const list = await as(t, admin).get('/api/volunteers/applications?status=pending');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((a: { id: string }) => a.id).sort()).toEqual([apps.lin!.id, apps.zhou!.id, apps.xu!.id, apps.chen!.id].sort());
    expect(list.json().items.every((a: { phoneMasked: string }) => /^\d{3}\*{4}\d{4}$/.test(a.phoneMasked))).toBe(true);
    expect((await auditRows(t, { request_id: list.headers['x-request-id'] as string })).length).toBeGreaterThan(0);
    // The street reads but does not decide; the other community does not see these.
    expect((await as(t, street).get('/api/volunteers/applications')).json().items.length).toBe(5);
    expect((await as(t, street).post(`/api/volunteers/applications/${apps.lin!.id}/decide`, { decision: 'approve', version: 1 })).statusCode).toBe(403);

    const noReason = await as(t, admin).post(`/api/volunteers/applications/${apps.chen!.id}/decide`, { decision: 'reject', version: 1 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('reason');
    const rejected = await as(t, admin).post(`/api/volunteers/applications/${apps.chen!.id}/decide`, { decision: 'reject', reason: '本期名额已满', version: 1 });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: '本期名额已满', volunteerId: null });
    expect((await as(t, admin).post(`/api/volunteers/applications/${apps.chen!.id}/decide`, { decision: 'approve', version: 2 })).json().error.code).toBe('already_decided');
    // Rejected: the same mobile may apply again.
    expect((await pub('POST', '/api/public/volunteers/applications', form({ name: '陈思琪', phone: '13957811004' }))).statusCode).toBe(201);

    const wrongUser = await as(t, admin).post(`/api/volunteers/applications/${apps.lin!.id}/decide`, { decision: 'approve', userId: await idOf('grid1'), version: 1 });
    expect(wrongUser.json().error.details[0].path).toBe('userId');
    const lin = await as(t, admin).post(`/api/volunteers/applications/${apps.lin!.id}/decide`, { decision: 'approve', userId: await idOf('volunteer'), version: 1 });
    expect(lin.statusCode).toBe(200);
    vols.lin = lin.json().volunteerId;
    expect((await notes('volunteer_approved')).map((n) => n.recipient_id)).toEqual([await idOf('volunteer')]);
    for (const k of ['zhou', 'xu'] as const) vols[k] = (await as(t, admin).post(`/api/volunteers/applications/${apps[k]!.id}/decide`, { decision: 'approve', version: 1 })).json().volunteerId;
    // Approved: the same mobile is on the roster, a new application is folded (nothing stored).
    const before = await t.platform.database.db.selectFrom('volunteer_applications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect((await pub('POST', '/api/public/volunteers/applications', form({ phone: '13957811002' }))).statusCode).toBe(201);
    expect(await t.platform.database.db.selectFrom('volunteer_applications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before);

    const roster = await as(t, admin).get('/api/volunteers');
    expect(roster.json().items.map((v: { nameMasked: string; linked: boolean }) => [v.nameMasked, v.linked])).toEqual([['林**', true], ['周**', false], ['许**', false]]);
  });

  it('shifts: published with checks; volunteers sign up or are assigned; no over-booking, no overlapping shifts; the assigned are told', async () => {
    const shift = (o: Record<string, unknown> = {}) => as(t, admin).post('/api/volunteers/shifts', {
      kind: 'gate', title: '东门卡口早班', place: '东门卡口', day: '2026-12-04', starts: '08:30', ends: '12:00', slots: 2, skill: 'gate', ...o,
    });
    const bad = await shift({ ends: '08:00', day: '2026-12-03', slots: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.slots']);
    expect((await shift({ ends: '08:00' })).json().error.details[0].path).toBe('ends');
    expect((await shift({ day: '2026-12-03' })).json().error.details[0].path).toBe('day');
    expect((await as(t, street).post('/api/volunteers/shifts', {})).statusCode).toBe(403);
    const g = await shift();
    expect(g.statusCode).toBe(201);
    gate = g.json().id;
    const overlapping = (await shift({ kind: 'sampling', title: '采样秩序', place: '广场', starts: '11:00', ends: '13:00', slots: 1, skill: undefined })).json().id as string;

    const mine = await as(t, volunteer).get('/api/me/volunteering');
    expect(mine.json()).toMatchObject({ onRoster: true, nameMasked: '林**', hours: 0 });
    expect(mine.json().openShifts.map((s: Shift) => s.id)).toEqual([gate, overlapping]);
    expect((await as(t, volunteer).post(`/api/me/volunteering/shifts/${gate}/sign-up`)).statusCode).toBe(201);
    expect((await as(t, volunteer).post(`/api/me/volunteering/shifts/${gate}/sign-up`)).json().error.code).toBe('already_on_shift');
    expect((await as(t, volunteer).post(`/api/me/volunteering/shifts/${overlapping}/sign-up`)).json().error.code).toBe('overlapping_shift');
    expect((await as(t, admin).post(`/api/volunteers/shifts/${gate}/assign`, { volunteerId: vols.zhou })).statusCode).toBe(201);
    expect((await notes('volunteer_assigned')).length).toBe(0); // 周 has no account
    const full = await as(t, admin).post(`/api/volunteers/shifts/${gate}/assign`, { volunteerId: vols.xu });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('shift_full');
    expect((await as(t, admin).post(`/api/volunteers/shifts/${overlapping}/assign`, { volunteerId: 'nope' })).json().error.details[0].path).toBe('volunteerId');

    const later = (await shift({ kind: 'grocery', title: '隔离户代购', place: '服务中心', day: '2026-12-05', starts: '14:00', ends: '16:00', slots: 3, skill: undefined })).json().id as string;
    expect((await as(t, admin).post(`/api/volunteers/shifts/${later}/assign`, { volunteerId: vols.lin })).statusCode).toBe(201);
    expect((await notes('volunteer_assigned')).map((n) => [n.recipient_id, JSON.parse(String(n.payload)).title ?? n.payload])).toEqual([[await idOf('volunteer'), '隔离户代购']]);

    const list = await as(t, street).get('/api/volunteers/shifts?from=2026-12-04&to=2026-12-10');
    expect(list.json().items.map((s: Shift) => [s.id, s.filled, s.slots])).toEqual([[gate, 2, 2], [overlapping, 0, 1], [later, 1, 3]]);
    expect(list.json().items[0].members.map((m: { nameMasked: string }) => m.nameMasked).sort()).toEqual(['周**', '林**'].sort());
    expect((await auditRows(t, { request_id: list.headers['x-request-id'] as string })).length).toBeGreaterThan(0);
    expect((await as(t, street).get('/api/volunteers/shifts?from=2026-12-10&to=2026-12-04')).json().error.details[0].path).toBe('querystring.to');
  });

  it('check-in and check-out give the service hours: on the roster and on 我的志愿服务', async () => {
    const later = (await as(t, volunteer).get('/api/me/volunteering')).json().myShifts[1].id as string;
    expect((await as(t, volunteer).post(`/api/me/volunteering/shifts/${later}/check-in`)).json().error.code).toBe('not_yet');
    expect((await as(t, volunteer).post(`/api/me/volunteering/shifts/${gate}/check-out`)).json().error.code).toBe('not_checked_in');
    expect((await as(t, grid1).post(`/api/me/volunteering/shifts/${gate}/check-in`)).statusCode).toBe(403);
    t.clock.advance(HOUR / 2); // 08:30
    expect((await as(t, volunteer).post(`/api/me/volunteering/shifts/${gate}/check-in`)).statusCode).toBe(200);
    expect((await as(t, volunteer).post(`/api/me/volunteering/shifts/${gate}/check-in`)).json().error.code).toBe('already_checked_in');
    t.clock.advance(3.5 * HOUR); // 12:00
    await relogin();
    const out = await as(t, volunteer).post(`/api/me/volunteering/shifts/${gate}/check-out`);
    expect(out.json()).toMatchObject({ minutes: 210 });
    const mine = await as(t, volunteer).get('/api/me/volunteering');
    expect(mine.json()).toMatchObject({ hours: 3.5, minutes: 210, shiftsDone: 1 });
    expect(mine.json().myShifts.map((s: { id: string; checkedOutAt: string | null }) => [s.id, !!s.checkedOutAt])).toEqual([[gate, true], [later, false]]);
    const roster = await as(t, admin).get('/api/volunteers');
    expect(roster.json().items.map((v: { nameMasked: string; hours: number; shiftsDone: number }) => [v.nameMasked, v.hours, v.shiftsDone])).toEqual([['林**', 3.5, 1], ['周**', 0, 0], ['许**', 0, 0]]);
    // A volunteer account not on the roster sees that, and cannot sign up.
    await t.platform.database.db.updateTable('volunteers').set({ user_id: null }).where('id', '=', vols.lin!).execute();
    expect((await as(t, volunteer).get('/api/me/volunteering')).json()).toMatchObject({ onRoster: false });
    expect((await as(t, volunteer).post(`/api/me/volunteering/shifts/${later}/sign-up`)).json().error.code).toBe('not_on_roster');
    await t.platform.database.db.updateTable('volunteers').set({ user_id: await idOf('volunteer') }).where('id', '=', vols.lin!).execute();
  });

  it('check-in opens an hour before the start, also the evening before a shift just after midnight; a day that has passed answers shift_past', async () => {
    // Still 2026-12-04 in Shanghai; 林** is on tomorrow's 14:00 shift (隔离户代购).
    const later = (await as(t, volunteer).get('/api/me/volunteering')).json().myShifts.find((s: Shift & { title: string }) => s.title === '隔离户代购').id as string;
    const night = (await as(t, admin).post('/api/volunteers/shifts', {
      kind: 'gate', title: '东门卡口夜班', place: '东门卡口', day: '2026-12-05', starts: '00:30', ends: '02:00', slots: 1,
    })).json().id as string;
    expect((await as(t, admin).post(`/api/volunteers/shifts/${night}/assign`, { volunteerId: vols.lin })).statusCode).toBe(201);
    t.clock.set('2026-12-04T23:29:00+08:00');
    await relogin();
    const early = await as(t, volunteer).post(`/api/me/volunteering/shifts/${night}/check-in`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('not_yet');
    t.clock.set('2026-12-04T23:30:00+08:00'); // an hour before 00:30 the next day
    const inAt = await as(t, volunteer).post(`/api/me/volunteering/shifts/${night}/check-in`);
    expect(inAt.statusCode).toBe(200);
    expect(inAt.json().checkedInAt).toBe('2026-12-04T15:30:00.000Z');
    // The 14:00 shift of 2026-12-05 was never checked into: once that day has passed, check-in is closed.
    t.clock.set('2026-12-06T00:10:00+08:00');
    await relogin();
    const past = await as(t, volunteer).post(`/api/me/volunteering/shifts/${later}/check-in`);
    expect(past.statusCode).toBe(409);
    expect(past.json().error.code).toBe('shift_past');
    expect(past.json().error).toMatchObject({ message: '这个班次的日期已经过去，不能再签到', messageEn: 'This shift’s day has passed; check-in is closed' });
  });

  it('the roster entry: edited and linked to one account at a time (409 account_linked), 退出 with a reason frees future shifts and tells the account, 恢复 puts it back', async () => {
    // Now 2026-12-06 00:10 in Shanghai; 林** is linked to the volunteer account.
    const db = t.platform.database.db;
    const ver = async (id: string) => Number((await db.selectFrom('volunteers').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    const accounts = (await as(t, admin).get('/api/volunteers/accounts')).json().items as Array<{ id: string; name: string; linkedTo: { volunteerId: string; active: boolean } | null }>;
    expect(accounts.map((a) => [a.id, a.linkedTo?.volunteerId ?? null])).toEqual([[await idOf('volunteer'), vols.lin]]);
    expect((await as(t, street).get('/api/volunteers/accounts')).statusCode).toBe(403);

    const bad = await as(t, admin).patch(`/api/volunteers/${vols.zhou}`, { skills: ['cooking'], version: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.skills.0');
    expect((await as(t, admin).patch(`/api/volunteers/${vols.zhou}`, { skills: ['driving'], version: 9 })).statusCode).toBe(409);
    const taken = await as(t, admin).patch(`/api/volunteers/${vols.zhou}`, { userId: await idOf('volunteer'), version: await ver(vols.zhou!) });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'account_linked', message: '这个账号已关联了名册中的志愿者林**' });
    expect((await as(t, admin).patch(`/api/volunteers/${vols.zhou}`, { skills: ['driving', 'shopping'], version: await ver(vols.zhou!) })).statusCode).toBe(200);
    expect((await as(t, admin).get('/api/volunteers')).json().items.find((v: { id: string }) => v.id === vols.zhou).skills).toEqual(['driving', 'shopping']);

    // A shift next week: 林** is on it; leaving the roster frees it (past shifts and their hours stay).
    const next = (await as(t, admin).post('/api/volunteers/shifts', { kind: 'grocery', title: '下周代购', place: '服务中心', day: '2026-12-08', starts: '09:00', ends: '11:00', slots: 2 })).json().id as string;
    expect((await as(t, admin).post(`/api/volunteers/shifts/${next}/assign`, { volunteerId: vols.lin })).statusCode).toBe(201);
    const noReason = await as(t, admin).post(`/api/volunteers/${vols.lin}/retire`, { retire: true, version: await ver(vols.lin!) });
    expect(noReason.json().error.details[0].path).toBe('reason');
    expect((await as(t, grid1).post(`/api/volunteers/${vols.lin}/retire`, { retire: true, reason: '搬离本社区', version: 1 })).statusCode).toBe(403);
    const retired = await as(t, admin).post(`/api/volunteers/${vols.lin}/retire`, { retire: true, reason: '搬离本社区', version: await ver(vols.lin!) });
    expect(retired.json()).toMatchObject({ active: false, freedShifts: 1 });
    expect(await db.selectFrom('volunteer_shift_members').select('id').where('shift_id', '=', next).execute()).toEqual([]);
    expect((await notes('volunteer_retired')).map((n) => [n.recipient_id, JSON.parse(String(n.payload)).freedShifts])).toEqual([[await idOf('volunteer'), '1']]);
    expect((await as(t, admin).get('/api/volunteers')).json().items.map((v: { id: string }) => v.id)).not.toContain(vols.lin);
    const gone = (await as(t, admin).get('/api/volunteers?status=retired')).json().items;
    expect(gone.map((v: { id: string; retiredReason: string; active: boolean; shiftsDone: number }) => [v.id, v.retiredReason, v.active, v.shiftsDone])).toEqual([[vols.lin, '搬离本社区', false, 1]]);
    expect((await as(t, volunteer).get('/api/me/volunteering')).json()).toMatchObject({ onRoster: false });
    expect((await as(t, admin).post(`/api/volunteers/${vols.lin}/retire`, { retire: true, reason: '再次', version: await ver(vols.lin!) })).json().error.code).toBe('already_retired');

    // Their account stays with the retired entry: approving a new application with it says to reinstate instead.
    await pub('POST', '/api/public/volunteers/applications', form({ name: '林小远', phone: '13957811031' }));
    const pending = await db.selectFrom('volunteer_applications').select(['id', 'version']).where('name', '=', '林小远').executeTakeFirstOrThrow();
    const held = await as(t, admin).post(`/api/volunteers/applications/${pending.id}/decide`, { decision: 'approve', userId: await idOf('volunteer'), version: Number(pending.version) });
    expect(held.statusCode).toBe(409);
    expect(held.json().error.message).toContain('已退出');
    expect((await db.selectFrom('volunteer_applications').select('status').where('id', '=', pending.id).executeTakeFirstOrThrow()).status).toBe('pending');

    const back = await as(t, admin).post(`/api/volunteers/${vols.lin}/retire`, { retire: false, version: await ver(vols.lin!) });
    expect(back.json()).toMatchObject({ active: true });
    expect((await as(t, volunteer).get('/api/me/volunteering')).json()).toMatchObject({ onRoster: true, shiftsDone: 1 });
    expect((await as(t, admin).get('/api/volunteers?status=retired')).json().items).toEqual([]);
    // Unlinked, the account can go to 周**, who is told as on approval.
    expect((await as(t, admin).patch(`/api/volunteers/${vols.lin}`, { userId: null, version: await ver(vols.lin!) })).statusCode).toBe(200);
    const before = (await notes('volunteer_approved')).length;
    expect((await as(t, admin).patch(`/api/volunteers/${vols.zhou}`, { userId: await idOf('volunteer'), version: await ver(vols.zhou!) })).statusCode).toBe(200);
    expect((await notes('volunteer_approved')).length).toBe(before + 1);
    expect((await as(t, volunteer).get('/api/me/volunteering')).json()).toMatchObject({ onRoster: true, nameMasked: '周**' });
    expect((await as(t, admin).patch(`/api/volunteers/${vols.zhou}`, { userId: null, version: await ver(vols.zhou!) })).statusCode).toBe(200);
    expect((await as(t, admin).patch(`/api/volunteers/${vols.lin}`, { userId: await idOf('volunteer'), version: await ver(vols.lin!) })).statusCode).toBe(200);
    expect((await auditRows(t, { object_id: vols.lin! })).map((r) => r.action)).toEqual(expect.arrayContaining(['retire', 'reinstate', 'update']));
  });

  it('a resident’s erasure removes their applications and empties their roster entry (matched by the record’s mobile in its community)', async () => {
    await pub('POST', '/api/public/volunteers/applications', form({ name: '张三', phone: '13812345678' }));
    const app = await t.platform.database.db.selectFrom('volunteer_applications').select(['id', 'version']).where('name', '=', '张三').executeTakeFirstOrThrow();
    await as(t, admin).post(`/api/volunteers/applications/${app.id}/decide`, { decision: 'approve', version: Number(app.version) });
    // The same mobile applied in community B is not R1's (R1 lives in community A).
    await pub('POST', '/api/public/volunteers/applications', form({ name: '张三', phone: '13812345678', communityId: t.orgs.other.id }));
    const counts = await t.platform.database.writes.run((trx) => eraseVolunteersOf(trx, fx.R1.id));
    expect(counts).toEqual({ volunteer_applications: 1, volunteers: 1 });
    const left = await t.platform.database.db.selectFrom('volunteers').select(['name', 'phone_enc', 'active']).where('application_id', 'is', null).execute();
    expect(left.map((r) => [r.name, r.phone_enc])).toEqual([['已删除', null]]);
    expect((await as(t, admin).get('/api/volunteers')).json().items.map((v: { nameMasked: string }) => v.nameMasked).sort()).toEqual(['周**', '林**', '许**'].sort());
    expect((await t.platform.database.db.selectFrom('volunteer_applications').select('org_path').where('name', '=', '张三').execute()).map((r) => r.org_path)).toEqual([t.orgs.other.path]);
  });
});

describe('志愿者 in the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('has five volunteers with hours, a pending application, shifts this week; the volunteer account sees its own record; seeding twice adds nothing', async () => {
    const admin = await t.login('admin');
    const roster = (await as(t, admin).get('/api/volunteers')).json().items as Array<{ hours: number; linked: boolean }>;
    expect(roster.length).toBe(5);
    expect(roster.filter((v) => v.hours > 0).length).toBe(3);
    expect(roster.filter((v) => v.linked).length).toBe(1);
    expect((await as(t, admin).get('/api/volunteers/applications?status=pending')).json().items.length).toBe(1);
    const mine = (await as(t, await t.login('volunteer')).get('/api/me/volunteering')).json();
    expect(mine).toMatchObject({ onRoster: true, hours: 4, shiftsDone: 1 });
    expect(mine.myShifts.length).toBe(1);
    expect(mine.openShifts.length).toBeGreaterThan(0);
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, admin).get('/api/volunteers')).json().items.length).toBe(5);
  }, 60_000);
});
