// A resident's change history (变更记录, ADR 0041): GET /api/residents/:id/history lists who changed which fields of the
// record, when and why — never the values, never reads — in scope only, not for a restricted record without a grant,
// and the read is audited. Runs on SQLite and (npm run test:pg) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

describe('resident change history', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let grid1: Session;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-06-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    admin = await t.login('admin');
    grid1 = await t.login('grid1');
  });
  afterAll(async () => t.close());

  const version = async (id: string) => (await as(t, admin).get(`/api/residents/${id}`)).json().version as number;
  const history = (id: string, s: Session = admin, qs = '') => as(t, s).get(`/api/residents/${id}/history${qs}`);

  it('lists changes newest first with fields, reason and the staff member, never values or reads', async () => {
    const id = fx.R1.id;
    const before = (await history(id)).json();
    expect(before.items.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(before.items[0].by).toEqual({ kind: 'system' }); // the fixture creates through the system actor

    expect((await as(t, grid1).post(`/api/residents/${id}/update`, { version: await version(id), phone: '13912345678' })).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await as(t, admin).post(`/api/residents/${id}/status`, { version: await version(id), status: 'moved_out', effectiveDate: '2025-05-30', reason: '随子女迁往杭州' })).statusCode).toBe(200);
    await as(t, grid1).post(`/api/residents/${id}/reveal`, { field: 'phone', reason: '核对联系方式' }); // a read: not a change

    const r = await history(id);
    expect(r.statusCode).toBe(200);
    const h = r.json();
    expect(h.items.map((e: { action: string }) => e.action)).toEqual(['status', 'update', 'create']);
    expect(h.total).toBe(3);
    expect(h.items[0]).toMatchObject({ fields: ['status'], reason: expect.stringContaining('随子女迁往杭州'), by: { kind: 'user', role: 'community_admin' } });
    expect(h.items[1]).toMatchObject({ fields: ['phone'], by: { kind: 'user', role: 'grid_worker', organisation: expect.any(String) } });
    expect(h.items[1].by.displayName).toBeTruthy();
    expect(h.version).toBe(await version(id));
    expect(Date.parse(h.updatedAt)).toBeGreaterThan(Date.parse(h.createdAt));
    // Field names only: neither the new nor the old phone number appears anywhere in the answer.
    expect(r.body).not.toContain('13912345678');
    expect(r.body).not.toContain('13812345678');
    expect(r.body).not.toMatch(/1[3-9]\d{9}/);

    // Paging.
    const p2 = (await history(id, admin, '?page=2&pageSize=2')).json();
    expect(p2.items.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(p2.total).toBe(3);
  });

  it('an edit that changes nothing (the same phone number typed again, or no field) is no change: same version, no history line', async () => {
    const id = fx.R2.id; // phone 13900001111 in the fixture
    const v = await version(id);
    const same = await as(t, admin).post(`/api/residents/${id}/update`, { version: v, phone: '139 0000 1111' });
    expect(same.statusCode).toBe(200);
    expect(same.json().version).toBe(v);
    const nothing = await as(t, admin).post(`/api/residents/${id}/update`, { version: v });
    expect(nothing.statusCode).toBe(200);
    expect(await version(id)).toBe(v);
    expect((await history(id)).json().items.map((e: { action: string }) => e.action)).toEqual(['create']);
    // The answer shows the record (masked): each no-change edit is audited as a read of it, not as an update.
    for (const r of [same, nothing]) {
      const rows = await t.platform.database.db.selectFrom('audit_log').select(['action', 'object_id', 'reason', 'fields']).where('request_id', '=', String(r.headers['x-request-id'])).execute();
      expect(rows).toEqual([{ action: 'read', object_id: id, reason: 'update_unchanged', fields: JSON.stringify(['nameMasked', 'idMasked', 'phoneMasked', 'tags', 'household']) }]);
    }
    // A different number is a change.
    const changed = await as(t, admin).post(`/api/residents/${id}/update`, { version: v, phone: '13900001112' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().version).toBe(v + 1);
    const h = (await history(id)).json();
    expect(h.items.map((e: { action: string; fields: string[] }) => [e.action, e.fields])).toEqual([['update', ['phone']], ['create', expect.anything()]]);
    // A no-change edit made on the older version is still refused, with the current one named.
    const stale = await as(t, admin).post(`/api/residents/${id}/update`, { version: v, phone: '13900001112' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toEqual([expect.objectContaining({ path: 'version', message: `当前版本为 ${v + 1}` })]);
  });

  it('is audited as a read of the record with the count', async () => {
    const id = fx.R2.id;
    await history(id);
    const rows = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'read').where('object_id', '=', id).execute();
    const row = rows.find((x) => JSON.parse(x.fields).includes('history'));
    expect(row).toBeDefined();
    expect(row!.outcome).toBe('success');
    expect(Number(row!.count)).toBe(1);
  });

  it('answers 404 out of scope (audited as denied) and 400 on a bad page size', async () => {
    // grid1 is in G1; R2 lives in G2.
    const r = await history(fx.R2.id, grid1);
    expect(r.statusCode).toBe(404);
    const denied = await t.platform.database.db.selectFrom('audit_log').selectAll().where('object_id', '=', fx.R2.id).where('outcome', '=', 'denied').execute();
    expect(denied.some((x) => JSON.parse(x.fields).includes('history'))).toBe(true);
    const bad = await history(fx.R1.id, admin, '?pageSize=500');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toContain('pageSize');
  });

  it('shows nothing of a restricted record without a break-the-glass grant', async () => {
    const id = fx.R2.id;
    const sec = await t.loginMfa('admin');
    expect((await as(t, sec).post(`/api/residents/${id}/restriction`, { restricted: true, reason: '居民本人申请限制处理', version: await version(id) })).statusCode).toBe(200);
    // Nobody holds a grant yet, the community admin who restricted it included.
    const viewer = admin;
    const h = (await history(id, viewer)).json();
    expect(h.restricted).toBe(true);
    expect(h.items).toEqual([]);
    expect(h.total).toBe(0);
    // After breaking the glass the history is visible, the restriction itself in it.
    expect((await as(t, viewer).post(`/api/residents/${id}/break-glass`, { reason: '入户核查发热' })).statusCode).toBe(200);
    const open = (await history(id, viewer)).json();
    expect(open.restricted).toBe(true);
    expect(open.items[0]).toMatchObject({ action: 'restrict', fields: ['restricted'] });
  });
});
