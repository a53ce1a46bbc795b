import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { housekeeping } from '../../platform/jobs/housekeeping';
import { seedAll } from '../../seed';
import { eraseComplaintsOf } from './complaints.service';

const HOUR = 3_600_000;
/** The smallest PNG: a 1×1 transparent pixel. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
type Ann = { id: string; title: string; status: string; pinned: boolean; version: number };

describe('政务公开与群众监督 announcements and complaints (ADR 0086)', () => {
  let t: TestApp;
  let admin: Session;
  let street: Session;
  let district: Session;
  let grid1: Session;
  let resident: Session;
  let secadmin: Session;
  let communityCode = '';
  let residentId = '';
  const pub = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload: payload as never, headers });

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    const fx = await seedScopedFixture(t);
    residentId = fx.R1.id;
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    await relogin();
    communityCode = t.orgs.community.code;
  });
  afterAll(async () => t?.close());
  const relogin = async () => {
    [admin, street, district, grid1, resident, secadmin] = await Promise.all(['admin', 'street', 'district', 'grid1', 'resident', 'secadmin'].map((u) => t.login(u)));
  };

  it('staff publish, schedule, edit (versions) and withdraw; the public page lists the area’s own and those above, pinned first', async () => {
    const body = { title: '本周六便民服务日', body: '上午 9 点在党群服务中心。', category: 'notice', pinned: true };
    expect((await as(t, grid1).post('/api/announcements', body)).statusCode).toBe(403);
    const bad = await as(t, admin).post('/api/announcements', { ...body, title: '', category: 'gossip' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.category', 'body.title']);
    const a = await as(t, admin).post('/api/announcements', body);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ status: 'published', pinned: true, version: 1, orgName: t.orgs.community.name });
    const s = await as(t, street).post('/api/announcements', { title: '冬季防病科普', body: '勤洗手、常通风。', category: 'science' });
    expect(s.statusCode, s.body).toBe(201);
    const later = await as(t, district).post('/api/announcements', { title: '下周核酸安排', body: '另行通知', category: 'policy', publishAt: '2026-12-05T09:00:00+08:00' });
    expect(later.json().status).toBe('scheduled');
    // The other community's item does not show on this community's page.
    const list = async () => (await pub('GET', `/api/public/announcements?org=${communityCode}`)).json();
    expect((await list()).items.map((i: { title: string }) => i.title)).toEqual(['本周六便民服务日', '冬季防病科普']);
    expect((await pub('GET', `/api/public/announcements?org=${t.orgs.street.code}`)).json().items.map((i: { title: string }) => i.title)).toEqual(['冬季防病科普']);
    expect((await pub('GET', '/api/public/announcements?org=abc')).json().error.details[0].path).toBe('querystring.org');
    expect((await pub('GET', `/api/public/announcements/${later.json().id}`)).statusCode).toBe(404);
    t.clock.advance(24 * HOUR);
    await relogin();
    expect((await list()).items.map((i: { title: string }) => i.title)).toEqual(['本周六便民服务日', '下周核酸安排', '冬季防病科普']);

    const ed = await as(t, admin).put(`/api/announcements/${a.json().id}`, { ...body, title: '本周六便民服务日（改期）', version: 1 });
    expect(ed.json()).toMatchObject({ version: 2, title: '本周六便民服务日（改期）' });
    expect((await as(t, admin).put(`/api/announcements/${a.json().id}`, { ...body, version: 1 })).json().error.code).toBe('stale_version');
    expect((await as(t, admin).get(`/api/announcements/${a.json().id}/versions`)).json().items.map((v: { version: number; title: string }) => [v.version, v.title]))
      .toEqual([[2, '本周六便民服务日（改期）'], [1, '本周六便民服务日']]);
    expect((await pub('GET', `/api/public/announcements/${a.json().id}`)).json()).toMatchObject({ title: '本周六便民服务日（改期）', edited: true });
    expect((await as(t, resident).get('/api/me/announcements')).json().items).toHaveLength(3);
    // The street does not edit the community's item, it only sees it in its area.
    expect((await as(t, street).get('/api/announcements')).json().items.map((i: Ann) => i.title)).toContain('本周六便民服务日（改期）');
    const w = await as(t, admin).post(`/api/announcements/${a.json().id}/withdraw`, { reason: '活动取消', version: 2 });
    expect(w.json()).toMatchObject({ status: 'withdrawn', withdrawReason: '活动取消' });
    expect((await list()).items).toHaveLength(2);
    expect((await pub('GET', `/api/public/announcements/${a.json().id}`)).statusCode).toBe(404);
    const [row] = await auditRows(t, { action: 'withdraw', object_id: a.json().id });
    expect(row).toMatchObject({ object_type: 'announcement', reason: '活动取消' });
  });

  it('feeds: RSS 2.0 and JSON Feed per area, with ETag and Last-Modified answering 304', async () => {
    const r = await pub('GET', `/api/public/feeds/${communityCode}/rss.xml`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/rss+xml');
    expect(r.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"><channel>/);
    expect(r.body.match(/<item>/g)).toHaveLength(2);
    expect(r.body).toContain('<title>下周核酸安排</title>');
    const etag = String(r.headers.etag);
    expect((await pub('GET', `/api/public/feeds/${communityCode}/rss.xml`, undefined, { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await pub('GET', `/api/public/feeds/${communityCode}/rss.xml`, undefined, { 'if-modified-since': String(r.headers['last-modified']) })).statusCode).toBe(304);
    const j = await pub('GET', `/api/public/feeds/${communityCode}/feed.json`);
    expect(j.json()).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', items: [{ title: '下周核酸安排' }, { title: '冬季防病科普' }] });
    // A new item changes the validator.
    await as(t, admin).post('/api/announcements', { title: '停水通知', body: '明日 9–12 点停水。', category: 'notice' });
    const again = await pub('GET', `/api/public/feeds/${communityCode}/rss.xml`, undefined, { 'if-none-match': etag });
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).not.toBe(etag);
    expect((await pub('GET', '/api/public/feeds/999999999999/rss.xml')).statusCode).toBe(404);
  });

  let ticket = '';
  let code = '';
  let complaintId = '';
  it('anyone submits a complaint with a photo and a mobile; bad input names the field; the ticket and code track it without personal data', async () => {
    const base = { category: 'sanitation', communityCode, place: '5 幢垃圾投放点', description: '垃圾两天没清运' };
    const bad = await pub('POST', '/api/public/complaints', { ...base, place: '电话 13812345678', photo: { mime: 'image/png', data: Buffer.from('<svg/>').toString('base64') } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.place');
    const badPhoto = await pub('POST', '/api/public/complaints', { ...base, photo: { mime: 'image/jpeg', data: PNG } });
    expect(badPhoto.json().error.details[0]).toMatchObject({ path: 'photo', code: 'invalid_photo' });
    expect((await pub('POST', '/api/public/complaints', { ...base, communityCode: t.orgs.street.code })).json().error.details[0].path).toBe('communityCode');
    const r = await pub('POST', '/api/public/complaints', { ...base, contact: '13900001111', photo: { mime: 'image/png', data: PNG } });
    expect(r.statusCode, r.body).toBe(201);
    ({ ticket, code } = r.json());
    expect(ticket).toBe('TS-20261205-0001');
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(Date.parse(r.json().dueAt) - t.clock.now().getTime()).toBe(48 * HOUR);
    const stored = await t.platform.database.db.selectFrom('complaints').select(['id', 'contact_enc', 'contact_masked', 'photo_enc', 'code_hash']).executeTakeFirstOrThrow();
    complaintId = String(stored.id);
    expect(String(stored.contact_enc)).not.toContain('13900001111');
    expect(String(stored.photo_enc)).not.toContain(PNG.slice(0, 20));
    expect(String(stored.code_hash)).not.toContain(code);
    expect((await pub('POST', '/api/public/complaints/track', { ticket, code: 'AAAAAAAA' })).statusCode).toBe(404);
    const tr = await pub('POST', '/api/public/complaints/track', { ticket: ticket.toLowerCase(), code: code.toLowerCase() });
    expect(tr.statusCode, tr.body).toBe(200);
    expect(tr.json()).toMatchObject({ ticket, status: 'new', contactMasked: '139****1111', history: [{ kind: 'submitted' }] });
    expect(Object.keys(tr.json()).sort()).toEqual(['category', 'closedAt', 'communityName', 'contactMasked', 'description', 'dueAt', 'history', 'place', 'resolution', 'status', 'submittedAt', 'ticket']);
    const n = await t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', 'complaint_new').execute();
    expect(n.map((x) => String(x.recipient_id))).toEqual([admin.userId]);
  });

  it('the admin accepts and assigns; the assignee is told and sees it; a public reply reaches the tracking page; closing is final', async () => {
    expect((await as(t, grid1).get(`/api/complaints/${complaintId}`)).statusCode).toBe(404);
    const q = (await as(t, admin).get('/api/complaints')).json();
    expect(q).toMatchObject({ total: 1, figures: { open: 1, overdue: 0 }, items: [{ ticket, status: 'new', hasPhoto: true, contactMasked: '139****1111' }] });
    const d = (await as(t, admin).get(`/api/complaints/${complaintId}`)).json();
    expect(d.assignable.map((u: { name: string }) => u.name)).toContain('第一网格网格员');
    const photo = await as(t, admin).get(`/api/complaints/${complaintId}/photo`);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(true);
    expect((await as(t, resident).get(`/api/complaints/${complaintId}`)).statusCode).toBe(403);
    expect((await as(t, admin).post(`/api/complaints/${complaintId}/accept`, { priority: 'high', assigneeId: resident.userId, version: 1 })).json().error.details[0].path).toBe('assigneeId');
    const acc = await as(t, admin).post(`/api/complaints/${complaintId}/accept`, { priority: 'high', assigneeId: grid1.userId, version: 1 });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ status: 'accepted', priority: 'high', assignee: { name: '第一网格网格员' }, version: 2 });
    const n = await t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', 'complaint_assigned').execute();
    expect(n.map((x) => [String(x.recipient_id), JSON.parse(String(x.payload)).ticket])).toEqual([[grid1.userId, ticket]]);
    expect((await as(t, grid1).get('/api/complaints')).json().items.map((i: { ticket: string }) => i.ticket)).toEqual([ticket]);
    expect((await as(t, grid1).post(`/api/complaints/${complaintId}/reply`, { text: '已联系保洁，今天下午清运', public: true, version: 2 })).statusCode).toBe(200);
    expect((await as(t, grid1).post(`/api/complaints/${complaintId}/reply`, { text: '保洁公司人手不足', public: false, version: 3 })).statusCode).toBe(200);
    const tr = (await pub('POST', '/api/public/complaints/track', { ticket, code })).json();
    expect(tr.history.map((h: { kind: string; text: string | null }) => [h.kind, h.text])).toEqual([['submitted', null], ['accepted', null], ['reply', '已联系保洁，今天下午清运']]);
    const c = await as(t, grid1).post(`/api/complaints/${complaintId}/close`, { outcome: 'resolved', reason: '已清运完毕', version: 4 });
    expect(c.json()).toMatchObject({ status: 'resolved', resolution: '已清运完毕', closedBy: '第一网格网格员' });
    expect((await as(t, admin).post(`/api/complaints/${complaintId}/reply`, { text: 'x', public: true, version: 5 })).json().error.code).toBe('closed');
    expect((await pub('POST', '/api/public/complaints/track', { ticket, code })).json()).toMatchObject({ status: 'resolved', resolution: '已清运完毕' });
    const full = (await as(t, admin).get(`/api/complaints/${complaintId}`)).json();
    expect(full.history.map((h: { kind: string }) => h.kind)).toEqual(['submitted', 'accepted', 'assigned', 'reply', 'note', 'resolved']);
  });

  it('a privacy leak goes to the security admins at once; a blocked fire lane is forwarded to the lanes as an occupation report; overdue is told once', async () => {
    const leak = await pub('POST', '/api/public/complaints', { category: 'privacy_leak', communityCode, place: '业主群', description: '名单截图被发到群里' });
    expect(Date.parse(leak.json().dueAt) - t.clock.now().getTime()).toBe(24 * HOUR);
    const n = await t.platform.database.db.selectFrom('notifications').select(['recipient_id']).where('kind', '=', 'complaint_privacy_leak').execute();
    expect(n.map((x) => String(x.recipient_id))).toEqual([secadmin.userId]);
    const sq = (await as(t, secadmin).get('/api/complaints?category=privacy_leak')).json();
    expect(sq.items).toMatchObject([{ ticket: leak.json().ticket, priority: 'high' }]);
    expect((await as(t, secadmin).post(`/api/complaints/${sq.items[0].id}/reply`, { text: 'x', public: false, version: 1 })).statusCode).toBe(403);
    // The security admin reads the privacy leaks only (not the street lamps), and their figures.
    const all = (await as(t, secadmin).get('/api/complaints')).json();
    expect(all.items.map((i: { category: string }) => i.category)).toEqual(['privacy_leak']);
    expect(all.figures).toEqual({ open: 1, overdue: 0 });
    expect((await as(t, secadmin).get(`/api/complaints/${complaintId}`)).statusCode).toBe(404);
    expect((await as(t, admin).get(`/api/complaints/${complaintId}`)).statusCode).toBe(200);

    const lane = await as(t, resident).post('/api/me/complaints', { category: 'fire_lane', place: '1幢东侧消防通道', description: '白色轿车堵住通道口' });
    expect(lane.statusCode, lane.body).toBe(201);
    expect(Date.parse(lane.json().dueAt) - t.clock.now().getTime()).toBe(2 * HOUR);
    const id = (await as(t, admin).get('/api/complaints?category=fire_lane')).json().items[0].id;
    const acc = (await as(t, admin).post(`/api/complaints/${id}/accept`, { priority: 'urgent', version: 1 })).json();
    expect(acc.laneReport).toMatchObject({ ref: 'TD-20261205-001', status: 'open' });
    const lr = (await as(t, admin).get('/api/lane-reports')).json().items;
    expect(lr).toMatchObject([{ ref: 'TD-20261205-001', location: '1幢东侧消防通道', description: `[${lane.json().ticket}] 白色轿车堵住通道口` }]);
    expect((await as(t, resident).get('/api/me/complaints')).json().items).toMatchObject([{ ticket: lane.json().ticket, status: 'accepted' }]);

    t.clock.advance(2 * HOUR + 1000);
    await relogin();
    expect((await housekeeping(t.platform.database, t.clock.now())).steps['complaint-overdue']).toEqual({ notified: 1 });
    expect((await housekeeping(t.platform.database, t.clock.now())).steps['complaint-overdue']).toEqual({ notified: 0 });
    const q = (await as(t, admin).get('/api/complaints?overdue=true')).json();
    expect(q.items.map((i: { ticket: string; overdue: boolean }) => [i.ticket, i.overdue])).toEqual([[lane.json().ticket, true]]);
    expect(q.figures, JSON.stringify((await as(t, admin).get('/api/complaints')).json().items.map((i: { ticket: string; status: string; category: string }) => [i.ticket, i.status, i.category]))).toEqual({ open: 2, overdue: 1 });
  });

  it('erasing a resident removes the contact of the complaints they made or that gave their mobile', async () => {
    await pub('POST', '/api/public/complaints', { category: 'other', communityCode, place: '小区门口', description: '路灯坏了', contact: '13812345678' });
    const db = t.platform.database.db;
    const n = await t.platform.database.writes.run((trx) => eraseComplaintsOf(trx, residentId));
    expect(n).toEqual({ complaints: 2 });
    const rows = await db.selectFrom('complaints').select(['category', 'contact_enc', 'reporter_id']).where('category', 'in', ['other', 'fire_lane']).execute();
    expect(rows.every((r) => r.contact_enc === null && r.reporter_id === null)).toBe(true);
  });
});

describe('政务公开与群众监督 in the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('has announcements of three levels (one scheduled), complaints in each state with one overdue, and a privacy leak', async () => {
    const admin = await t.login('admin');
    const code = t.orgs.community.code;
    const pubList = (await t.app.inject({ method: 'GET', url: `/api/public/announcements?org=${code}` })).json();
    expect(pubList.items).toHaveLength(3);
    expect(pubList.items[0]).toMatchObject({ pinned: true });
    expect((await as(t, admin).get('/api/announcements?status=scheduled')).json().items).toHaveLength(1);
    const q = (await as(t, admin).get('/api/complaints')).json();
    expect(q.items.map((i: { status: string }) => i.status).sort()).toEqual(['accepted', 'new', 'new', 'resolved']);
    expect(q.figures).toMatchObject({ open: 3, overdue: 1 });
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, admin).get('/api/complaints')).json().total).toBe(4);
  }, 60_000);
});
