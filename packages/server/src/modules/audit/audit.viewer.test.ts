// The audit viewer shows which audit rows named residents (ADR 0046): `GET /api/audit` gives each row `disclosed` (how
// many residents the answer showed), and `GET /api/audit/:id/disclosures` the record ids of one row — for the auditor
// only (audit:read), ids only (SECURITY D23: the auditor does not read residents), the read itself audited.
// Both dialects (RENXING_TEST_DIALECT=postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

type Row = { id: number; action: string; actorId: string | null; disclosed: number };

describe(`audit viewer: disclosures of list and search rows (ADR 0046, ${TEST_DIALECT})`, () => {
  let t: TestApp;
  let grid1: string;
  let searchIds: string[];
  let listIds: string[];
  let searchRow: number;
  let listRow: number;

  beforeAll(async () => {
    t = await createTestApp();
    await seedScopedFixture(t, 5); // residents in the worker's grid for the list and search below
    const w = await t.login('grid1');
    grid1 = w.userId;
    const list = await as(t, w).get('/api/residents?pageSize=4');
    expect(list.statusCode).toBe(200);
    listIds = list.json().items.map((i: { id: string }) => i.id);
    const search = await as(t, w).post('/api/residents/search', { q: 'zhao', limit: 3 });
    expect(search.statusCode).toBe(200);
    searchIds = search.json().items.map((i: { id: string }) => i.id);
    const { db } = t.platform.database;
    const newest = async (action: string) =>
      Number((await db.selectFrom('audit_log').select('id').where('actor_id', '=', grid1).where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id);
    listRow = await newest('list');
    searchRow = await newest('search');
  });
  afterAll(async () => t.close());

  it('the audit list gives every row of the page the number of residents its answer showed (0 when none)', async () => {
    expect(searchIds).toHaveLength(3);
    expect(listIds).toHaveLength(4);
    const aud = await t.login('auditor');
    const res = await as(t, aud).get(`/api/audit?actorId=${grid1}&pageSize=20`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Row[];
    const byId = new Map(items.map((r) => [r.id, r]));
    expect(byId.get(searchRow)).toMatchObject({ action: 'search', disclosed: 3 });
    expect(byId.get(listRow)).toMatchObject({ action: 'list', disclosed: 4 });
    // Every row carries the field; rows that named nobody (the worker's login) say 0.
    expect(items.find((r) => r.action === 'login')).toMatchObject({ disclosed: 0 });
    const { db } = t.platform.database;
    for (const r of items) {
      const n = await db.selectFrom('audit_disclosures').select((eb) => eb.fn.countAll().as('n')).where('audit_id', '=', r.id).executeTakeFirstOrThrow();
      expect(r.disclosed, `row ${r.id}`).toBe(Number(n.n));
    }
    // A filter that finds the search row alone: still counted.
    const only = (await as(t, aud).get(`/api/audit?actorId=${grid1}&action=search`)).json().items as Row[];
    expect(only.map((r) => [r.id, r.disclosed])).toEqual([[searchRow, 3]]);
  });

  it('one row’s disclosures: exactly the ids the answer returned, paged; audited like the other viewer reads', async () => {
    const aud = await t.login('auditor');
    const res = await as(t, aud).get(`/api/audit/${searchRow}/disclosures`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ auditId: searchRow, residentIds: [...searchIds].sort(), total: 3, page: 1, pageSize: 100 });
    // Ids only: no names, ID numbers or phone numbers of the residents.
    expect(res.body).not.toMatch(/赵|张三|1361234/);
    const list = (await as(t, aud).get(`/api/audit/${listRow}/disclosures?pageSize=3&page=2`)).json();
    expect(list).toMatchObject({ auditId: listRow, total: 4, page: 2, pageSize: 3 });
    expect(list.residentIds).toEqual([...listIds].sort().slice(3));
    const first = (await as(t, aud).get(`/api/audit/${listRow}/disclosures?pageSize=3`)).json();
    expect([...first.residentIds, ...list.residentIds]).toEqual([...listIds].sort());

    // The read is audited: which row, how many ids; the auditor's own row names no residents.
    const { db } = t.platform.database;
    const row = await db.selectFrom('audit_log').selectAll().where('actor_id', '=', aud.userId).where('action', '=', 'audit_disclosures')
      .where('object_id', '=', String(searchRow)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ object_type: 'audit_log', outcome: 'success', count: 3, subject_id: null });
    expect(await db.selectFrom('audit_disclosures').select('resident_id').where('audit_id', '=', Number(row.id)).execute()).toEqual([]);

    // A row that named nobody: an empty list, not an error.
    const login = (await db.selectFrom('audit_log').select('id').where('actor_id', '=', grid1).where('action', '=', 'login').executeTakeFirstOrThrow()).id;
    expect((await as(t, aud).get(`/api/audit/${login}/disclosures`)).json()).toMatchObject({ residentIds: [], total: 0 });
    expect((await t.services.audit.verify()).ok).toBe(true);
  });

  it('only the auditor (audit:read): grid worker, system admin and security admin get 403, nobody logged in 401', async () => {
    for (const u of ['grid1', 'sysadmin', 'secadmin', 'admin']) {
      const s = await t.login(u);
      expect((await as(t, s).get(`/api/audit/${searchRow}/disclosures`)).statusCode, u).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/audit/${searchRow}/disclosures` })).statusCode).toBe(401);
  });

  it('an unknown row is 404; a malformed id or page size is 400 naming the field in Chinese and English', async () => {
    const aud = await t.login('auditor');
    const head = Number((await t.platform.database.db.selectFrom('audit_head').select('last_id').executeTakeFirstOrThrow()).last_id);
    const missing = await as(t, aud).get(`/api/audit/${head + 1000}/disclosures`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'not_found', message: '审计记录不存在', messageEn: 'Audit entry not found' });
    for (const bad of ['abc', '0', '1.5']) {
      const r = await as(t, aud).get(`/api/audit/${bad}/disclosures`);
      expect(r.statusCode, bad).toBe(400);
      const e = r.json().error;
      expect(e.code).toBe('validation_failed');
      expect(e.details[0].path).toBe('params.id');
      expect(e.message).toContain('params.id');
      expect(e.messageEn).toContain('params.id');
    }
    const big = await as(t, aud).get(`/api/audit/${searchRow}/disclosures?pageSize=501`);
    expect(big.statusCode).toBe(400);
    expect(big.json().error.details[0]).toMatchObject({ path: 'querystring.pageSize', message: '不能大于 500', messageEn: 'must be at most 500' });
  });

  it('a search whose end is before its start is 400 naming `to` (not an empty list)', async () => {
    const aud = await t.login('auditor');
    const r = await as(t, aud).get('/api/audit?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details).toEqual([{ path: 'querystring.to', code: 'before_from', message: '结束时间不能早于开始时间', messageEn: 'must not be before from' }]);
    expect((await as(t, aud).get('/api/audit?from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z')).statusCode).toBe(200);
  });

  it('is in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ url: '/api/docs/json' })).json();
    expect(spec.paths['/api/audit/{id}/disclosures'].get.tags).toEqual(['audit']);
  });
});
