import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

describe('who accessed my data (SECURITY D24)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t);
    const resident = await t.services.auth.findByUsername('resident');
    await t.services.selfReports.linkAccount(resident!.id, fx.R1.id);
  });
  afterAll(async () => t.close());

  it('lists reads by others with time, role, organisation and purpose — no staff names — and audits the view', async () => {
    const w = await t.login('grid1');
    const d = await t.login('doctor');
    expect((await as(t, w).get(`/api/residents/${fx.R1.id}`)).statusCode).toBe(200);
    expect((await as(t, w).get(`/api/residents/${fx.R1.id}`, { 'x-purpose': 'epidemic.followup' })).statusCode).toBe(200);
    expect((await as(t, d).get(`/api/residents/${fx.R1.id}`, { 'x-purpose': 'epidemic.lab' })).statusCode).toBe(200);
    expect((await as(t, w).get(`/api/residents/${fx.R2.id}`)).statusCode).toBe(404); // someone else's record
    const me = await t.login('resident');
    const r = await as(t, me).get('/api/me/access-log');
    expect(r.statusCode).toBe(200);
    const reads = r.json().items.filter((x: { action: string }) => x.action === 'read');
    expect(reads).toHaveLength(3);
    expect(reads.map((x: { actorRole: string }) => x.actorRole).sort()).toEqual(['doctor', 'grid_worker', 'grid_worker']);
    expect(reads.map((x: { purpose: string }) => x.purpose)).toEqual(expect.arrayContaining(['epidemic.lab', 'epidemic.followup', 'registry.maintenance']));
    expect(reads.find((x: { actorRole: string }) => x.actorRole === 'grid_worker').organisation).toBe('第一网格');
    expect(r.body).not.toContain('第一网格网格员'); // the display name of the staff member
    expect(r.body).not.toContain(w.userId);
    const viewed = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'access_log_view').execute();
    expect(viewed).toHaveLength(1);
    // Staff cannot call it (deny by default for roles without self:read).
    expect((await as(t, w).get('/api/me/access-log')).statusCode).toBe(403);
  });

  it('pages and counts only accesses by others: the resident’s own views and reports never push them off the first page', async () => {
    const me = await t.login('resident');
    const all = (await as(t, me).get('/api/me/access-log?pageSize=100')).json();
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.items).toHaveLength(all.total);
    // The resident's own activity on the record: more own rows than a page holds.
    for (let i = 0; i < 4; i++) expect((await as(t, me).get('/api/me/access-log?pageSize=1')).statusCode).toBe(200);
    const pages = [];
    for (let page = 1; page <= all.total + 1; page++) {
      const r = (await as(t, me).get(`/api/me/access-log?page=${page}&pageSize=2`)).json();
      expect(r.total).toBe(all.total);
      pages.push(...r.items);
      if (page > Math.ceil(all.total / 2)) expect(r.items).toEqual([]);
    }
    expect(pages).toEqual(all.items);
    expect(pages.every((x: { actorRole: string }) => x.actorRole !== 'resident')).toBe(true);
  });

  it('says what each entry is about: a correction request read and decided is not a read of the record', async () => {
    const me = await t.login('resident');
    const sent = await as(t, me).post('/api/me/corrections', { field: 'phone', proposed: '13912345678', note: '换号了' });
    expect(sent.statusCode).toBe(201);
    const a = await t.login('admin');
    expect((await as(t, a).get(`/api/registry/corrections/${sent.json().id}`)).statusCode).toBe(200);
    expect((await as(t, a).post(`/api/registry/corrections/${sent.json().id}/resolve`, { decision: 'rejected', reply: '号码有误，请重新提交', version: 1 })).statusCode).toBe(200);
    const items = (await as(t, me).get('/api/me/access-log?pageSize=100')).json().items as Array<{ action: string; objectType: string | null; fields: string[] }>;
    expect(items.find((x) => x.action === 'correction_resolve')).toMatchObject({ objectType: 'correction_request', fields: ['phone'] });
    expect(items.find((x) => x.action === 'read' && x.objectType === 'correction_request')).toMatchObject({ fields: ['proposed', 'note'] });
    expect(items.filter((x) => x.action === 'read' && x.objectType === 'resident').length).toBeGreaterThanOrEqual(3);
  });
});
