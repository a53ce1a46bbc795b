import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed';

const HOUR = 3_600_000;
type Figure = { code: string; system: { value: number; readAt: string } | null; answer: { value: number; system: number; reason: string | null } | null; source: { zh: string } };
type Item = { id: string; status: string; version: number; overdue: boolean; community: { id: string; name: string }; mergedInto: { itemId: string } | null; answers: Record<string, { value: number }> | null; request: { id: string; title: string } };

describe('上级任务统一受理 and 日报 (ADR 0093)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let district: Session;
  let street: Session;
  let admin: Session;
  let adminB: Session;
  let grid1: Session;
  let requestId = '';
  let itemA = '';

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T08:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await t.services.auth.createUser({ username: 'adminb', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    [district, street, admin, adminB, grid1] = await Promise.all(['district', 'street', 'admin', 'adminb', 'grid1'].map((u) => t.login(u)));
    // Live data of community A today: R1 reported with a fever, R2 without; R3 (community B) reported.
    const { db, codec } = t.platform.database;
    const rep = (id: string, r: { id: string }, h: { id: string }, g: { id: string; path: string }, fever: boolean) => db.insertInto('self_reports').values({
      id, resident_id: r.id, household_id: h.id, grid_id: g.id, org_path: g.path, report_date: '2026-12-04', temperature: fever ? 38.2 : 36.5,
      fever: codec.bool(fever), symptoms: '[]', note: null, reported_by: r.id, channel: 'self', follow_up_status: 'none', created_at: codec.ts(t.clock.now()),
    }).execute();
    await rep('sr-1', fx.R1, fx.h1, fx.g1, true);
    await rep('sr-2', fx.R2, fx.h2, fx.g2, false);
    await rep('sr-3', fx.R3, fx.h3, fx.gB, false);
  });
  afterAll(async () => t?.close());
  const later = (h: number) => new Date(t.clock.now().getTime() + h * HOUR).toISOString();
  const body = (o: Record<string, unknown> = {}) => ({
    direction: 'issued', sourceDept: '区卫健委', title: '每日疫情防控数据报送', deadline: later(6), figures: ['residents_active', 'self_reported', 'fever'], ...o,
  });
  const item = async (s: Session, id: string) => {
    const res = await as(t, s).get(`/api/requests/items/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Item & { figures: Figure[]; canAnswer: boolean };
  };
  const inbox = async (s: Session) => (await as(t, s).get('/api/requests')).json() as { items: Item[]; requests: Array<{ id: string; total: number; submitted: number }> };

  it('bad input names the field; grid workers may not issue; nothing is stored', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '核查 330902198001011233' }, 'body.title'],
      [{ figures: ['horoscope'] }, 'body.figures.0'],
      [{ figures: [] }, 'body.figures'],
      [{ deadline: later(-1) }, 'deadline'],
      [{ communityIds: ['nope'] }, 'communityIds.0'],
    ];
    for (const [o, path] of cases) {
      const res = await as(t, district).post('/api/requests', body(o));
      expect(res.statusCode, JSON.stringify(o)).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path), JSON.stringify(o)).toContain(path);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await as(t, grid1).post('/api/requests', body())).statusCode).toBe(403);
    expect((await as(t, grid1).get('/api/requests')).statusCode).toBe(403);
    expect(await t.platform.database.db.selectFrom('upper_requests').select('id').execute()).toEqual([]);
  });

  it('the district issues one request: one item per community, each community admin told', async () => {
    const res = await as(t, district).post('/api/requests', body());
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json() as { request: { id: string }; items: Item[] };
    requestId = r.request.id;
    expect(r.items.map((i) => i.community.id).sort()).toEqual([t.orgs.community.id, t.orgs.other.id].sort());
    expect(r.items.every((i) => i.status === 'todo' && i.answers === null)).toBe(true);
    const a = await inbox(admin);
    expect(a.items).toHaveLength(1);
    itemA = a.items[0]!.id;
    expect(a.items[0]!.community.id).toBe(t.orgs.community.id);
    const adminId = (await t.services.auth.findByUsername('admin'))!.id;
    const notes = await t.platform.database.db.selectFrom('notifications').select(['object_id']).where('kind', '=', 'upper_request').where('recipient_id', '=', adminId).execute();
    expect(notes.map((n) => n.object_id)).toEqual([itemA]);
    // Community B's admin does not see A's item.
    expect((await as(t, adminB).get(`/api/requests/items/${itemA}`)).statusCode).toBe(404);
    expect((await inbox(district)).requests.find((x) => x.id === requestId)!.total).toBe(2);
  });

  it('the community sees the figures read from live data with their source and time', async () => {
    const i = await item(admin, itemA);
    const v = Object.fromEntries(i.figures.map((f) => [f.code, f.system!.value]));
    expect(v).toEqual({ residents_active: 2, self_reported: 2, fever: 1 });
    expect(i.figures.find((f) => f.code === 'fever')!.source.zh).toBe('健康自报');
    expect(i.figures[0]!.system!.readAt).toBe(t.clock.now().toISOString());
    expect(i.canAnswer).toBe(true);
    const b = await item(adminB, (await inbox(adminB)).items[0]!.id);
    expect(Object.fromEntries(b.figures.map((f) => [f.code, f.system!.value]))).toEqual({ residents_active: 1, self_reported: 1, fever: 0 });
  });

  it('a correction needs a reason and keeps what the system read; 报送 locks; the district sees it and downloads the xlsx', async () => {
    const i = await item(admin, itemA);
    const submitEarly = await as(t, admin).post(`/api/requests/items/${itemA}/submit`, { version: i.version });
    expect(submitEarly.statusCode).toBe(409);
    expect(submitEarly.json().error.code).toBe('not_filled');
    const values = [{ code: 'residents_active', value: 2 }, { code: 'self_reported', value: 3 }, { code: 'fever', value: 1 }];
    const noReason = await as(t, admin).put(`/api/requests/items/${itemA}/answer`, { values, version: i.version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('values.1.reason');
    const missing = await as(t, admin).put(`/api/requests/items/${itemA}/answer`, { values: values.slice(0, 1), version: i.version });
    expect(missing.statusCode).toBe(400);
    expect((await as(t, district).put(`/api/requests/items/${itemA}/answer`, { values, version: i.version })).statusCode).toBe(403);
    values[1] = { ...values[1]!, reason: '一户纸质登记未录入系统' } as never;
    const ok = await as(t, admin).put(`/api/requests/items/${itemA}/answer`, { values, version: i.version });
    expect(ok.statusCode, ok.body).toBe(200);
    const filled = ok.json() as Item & { figures: Figure[] };
    expect(filled.status).toBe('filled');
    expect(filled.figures.find((f) => f.code === 'self_reported')!.answer).toMatchObject({ value: 3, system: 2, reason: '一户纸质登记未录入系统' });
    expect(filled.figures.find((f) => f.code === 'fever')!.answer!.reason).toBeNull();
    // Not shown to the district before 报送.
    expect((await as(t, district).get(`/api/requests/${requestId}`)).json().items.find((x: Item) => x.id === itemA).answers).toBeNull();
    const sub = await as(t, admin).post(`/api/requests/items/${itemA}/submit`, { version: filled.version });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().status).toBe('submitted');
    const again = await as(t, admin).put(`/api/requests/items/${itemA}/answer`, { values, version: filled.version + 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('submitted');
    const table = (await as(t, district).get(`/api/requests/${requestId}`)).json() as { items: Item[] };
    expect(table.items.find((x) => x.id === itemA)!.answers).toMatchObject({ self_reported: { value: 3 }, fever: { value: 1 } });
    expect(table.items.find((x) => x.id !== itemA)!.status).toBe('todo');
    const x = await as(t, district).get(`/api/requests/${requestId}/xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows = ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const rowA = rows.find((r) => r[0] === t.orgs.community.name)!;
    expect(rowA.slice(1, 5)).toEqual(['已报送', 2, 3, 1]);
    expect(String(rowA[6])).toContain('一户纸质登记未录入系统');
    const rowB = rows.find((r) => r[0] === t.orgs.other.name)!;
    expect(rowB[1]).toBe('待办');
    expect(rowB[2] ?? null).toBeNull();
    // Another district's staff would not see it; the street (below the district) does not see the district's request.
    expect((await as(t, street).get(`/api/requests/${requestId}`)).statusCode).toBe(404);
  });

  it('a like request from another department is linked to the open one (合并) and answered with it', async () => {
    const first = await as(t, street).post('/api/requests', body({ direction: 'issued', sourceDept: '街道办', title: '健康监测数据', figures: ['fever', 'self_reported'], communityIds: [t.orgs.other.id] }));
    expect(first.statusCode, first.body).toBe(201);
    const dup = await as(t, adminB).post('/api/requests', body({ direction: 'received', sourceDept: '区疾控中心', title: '发热人数统计', figures: ['self_reported', 'fever'] }));
    expect(dup.statusCode, dup.body).toBe(201);
    const d = dup.json() as { request: { duplicateOf: string | null }; items: Item[] };
    expect(d.request.duplicateOf).toBe(first.json().request.id);
    const primary = first.json().items[0] as Item;
    expect(d.items[0]!.mergedInto!.itemId).toBe(primary.id);
    const merged = d.items[0]!;
    const blocked = await as(t, adminB).put(`/api/requests/items/${merged.id}/answer`, { values: [{ code: 'fever', value: 0 }, { code: 'self_reported', value: 1 }], version: 1 });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('merged');
    const f = await as(t, adminB).put(`/api/requests/items/${primary.id}/answer`, { values: [{ code: 'fever', value: 0 }, { code: 'self_reported', value: 1 }], version: 1 });
    expect(f.statusCode, f.body).toBe(200);
    expect((await as(t, adminB).post(`/api/requests/items/${primary.id}/submit`, { version: 2 })).statusCode).toBe(200);
    const m = await item(adminB, merged.id);
    expect(m.status).toBe('submitted');
    expect(m.answers).toMatchObject({ fever: { value: 0 }, self_reported: { value: 1 } });
  });

  it('overdue is flagged once the deadline passes', async () => {
    t.clock.advance(7 * HOUR);
    [district, admin, adminB, grid1] = await Promise.all(['district', 'admin', 'adminb', 'grid1'].map((u) => t.login(u)));
    const b = await inbox(adminB);
    expect(b.items.find((i) => i.request.id === requestId)!.overdue).toBe(true);
    expect((await inbox(admin)).items.find((i) => i.id === itemA)!.overdue).toBe(false);
    // The housekeeping step tells B's admins once of their overdue item; A's (submitted) and the merged one are not told.
    const itemB = b.items.find((i) => i.request.id === requestId)!.id;
    const adminBId = (await t.services.auth.findByUsername('adminb'))!.id;
    const overdueNotes = async () => (await t.platform.database.db.selectFrom('notifications').select(['object_id', 'recipient_id', 'payload']).where('kind', '=', 'upper_request').execute())
      .filter((n) => JSON.parse(String(n.payload)).overdue === 'yes');
    expect(await t.services.requests.notifyOverdue(t.clock.now())).toEqual({ notified: 1 });
    expect((await overdueNotes()).map((n) => [n.object_id, n.recipient_id])).toEqual([[itemB, adminBId]]);
    expect(await t.services.requests.notifyOverdue(t.clock.now())).toEqual({ notified: 0 });
  });

  it('日报: every section for the area and the day, per community for the district; xlsx cells; out of range refused', async () => {
    const r = await as(t, district).get('/api/reports/daily?day=2026-12-04');
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json() as { sections: Array<{ code: string; figures: Array<{ code: string; value: number }> }>; communities: Array<{ id: string; values: Record<string, number> }> };
    expect(d.sections.map((s) => s.code)).toEqual(['population', 'health', 'control', 'gates', 'support', 'complaints']);
    const v = Object.fromEntries(d.sections.flatMap((s) => s.figures.map((f) => [f.code, f.value])));
    expect(v).toMatchObject({ residents_active: 3, self_reported: 3, fever: 1, self_report_coverage: 100 });
    expect(d.communities.find((c) => c.id === t.orgs.community.id)!.values.fever).toBe(1);
    const a = (await as(t, admin).get('/api/reports/daily?day=2026-12-04')).json() as typeof d;
    expect(a.communities).toEqual([]);
    expect((await as(t, admin).get(`/api/reports/daily?orgId=${t.orgs.other.id}`)).statusCode).toBe(400);
    expect((await as(t, admin).get('/api/reports/daily?day=2027-01-01')).statusCode).toBe(400);
    expect((await as(t, grid1).get('/api/reports/daily')).statusCode).toBe(403);
    const x = await as(t, admin).get('/api/reports/daily/xlsx?day=2026-12-04');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(rows.find((row) => row[1] === '发热人数')!.slice(2, 4)).toEqual([1, '人']);
    expect(rows.find((row) => row[1] === '当日健康自报人数')![2]).toBe(2);
  });
});
