// The audit viewer shows which audit rows named residents (ADR 0046): `GET /api/audit` gives each row `disclosed` (how
// many residents the answer showed), and `GET /api/audit/:id/disclosures` the record ids of one row — for the auditor
// only (audit:read), ids only (SECURITY D23: the auditor does not read residents), the read itself audited.
// Both dialects (RENXING_TEST_DIALECT=postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { systemActor } from './audit.service';

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

// The viewer reads the rows of the auditor's area (ADR 0046 addendum): an auditor at a district sees the rows whose actor
// belongs to an org within the district, none of another district's and none without an actor org (system, anonymous);
// another district's row answers 404 like an unknown id, recorded as denied. The auditor at the root (舟山市) sees all.
describe(`audit viewer: the auditor's area (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let d1Ids: string[];
  let d2Grid: string;
  let gridD2: string;
  let d1Login: number;
  let d2Row: number;
  let systemRow: number;
  type ScopeRow = { id: number; actorId: string | null; actorOrg: string | null; reason: string | null };

  beforeAll(async () => {
    t = await createTestApp();
    const { orgs, auth, audit } = t.services;
    // A second district with a grid and a worker there; an auditor placed at the first district (定海区).
    const d2 = await orgs.create({ parentId: t.orgs.city.id, level: 'district', code: '330903', name: '普陀区' });
    const s2 = await orgs.create({ parentId: d2.id, level: 'street', code: '330903001', name: '沈家门街道' });
    const c2 = await orgs.create({ parentId: s2.id, level: 'community', code: '330903001001', name: 'C社区' });
    d2Grid = (await orgs.create({ parentId: c2.id, level: 'grid', code: '33090300100101', name: '第一网格' })).id;
    gridD2 = (await auth.createUser({ username: 'grid_d2', displayName: '普陀网格员', role: 'grid_worker', orgId: d2Grid, password: DEMO_PASSWORD })).id;
    await auth.createUser({ username: 'auditor_d1', displayName: '定海区审计员', role: 'auditor', orgId: t.orgs.district.id, password: DEMO_PASSWORD });
    d1Ids = (await orgs.within(t.orgs.district.path)).map((o) => o.id);
    expect(d1Ids).not.toContain(d2Grid);

    const grid1 = await t.login('grid1');
    await t.login('grid_d2');
    const { db } = t.platform.database;
    d1Login = Number((await db.selectFrom('audit_log').select('id').where('actor_id', '=', grid1.userId).where('action', '=', 'login').executeTakeFirstOrThrow()).id);
    // A row of the second district with a free-text reason about one of its residents, and a system row.
    d2Row = (await audit.record({ ...systemActor(null), actorId: gridD2, actorRole: 'grid_worker', actorOrg: d2Grid }, {
      action: 'status_change', objectType: 'resident', reason: '普陀区居民住院（测试）', outcome: 'success',
    })).id;
    systemRow = (await audit.record(systemActor('system:test'), { action: 'retention_run', outcome: 'success', reason: '系统任务（测试）' })).id;
  });
  afterAll(async () => t.close());

  it('a district auditor lists only the rows of actors in the district: no other district, no system rows', async () => {
    const aud = await t.login('auditor_d1');
    const { db } = t.platform.database;
    const inArea = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('actor_org', 'in', d1Ids).executeTakeFirstOrThrow()).n);
    const res = await as(t, aud).get('/api/audit?pageSize=200');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: ScopeRow[]; total: number };
    expect(body.total).toBe(inArea);
    expect(body.items).toHaveLength(inArea);
    for (const r of body.items) expect(d1Ids, `row ${r.id}`).toContain(r.actorOrg);
    const ids = body.items.map((r) => r.id);
    expect(ids).toContain(d1Login);
    expect(ids).not.toContain(d2Row);
    expect(ids).not.toContain(systemRow);
    expect(res.body).not.toContain('普陀区居民住院');
    // Filters narrow within the area; they never reach outside it.
    expect((await as(t, aud).get(`/api/audit?actorId=${gridD2}`)).json()).toMatchObject({ items: [], total: 0 });
    expect((await as(t, aud).get('/api/audit?action=retention_run')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('a district auditor asking for another district’s or a system row’s disclosures: 404 like an unknown id, recorded as denied', async () => {
    const aud = await t.login('auditor_d1');
    for (const id of [d2Row, systemRow]) {
      const res = await as(t, aud).get(`/api/audit/${id}/disclosures`);
      expect(res.statusCode, `row ${id}`).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'not_found', message: '审计记录不存在', messageEn: 'Audit entry not found' });
      expect(res.body).not.toContain('普陀区');
      const denied = await auditRows(t, { actor_id: aud.userId, action: 'audit_disclosures', object_id: String(id) });
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ outcome: 'denied', object_type: 'audit_log', reason: 'out_of_scope' });
    }
    // A row of its own district still opens.
    const own = await as(t, aud).get(`/api/audit/${d1Login}/disclosures`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ auditId: d1Login, residentIds: [], total: 0 });
  });

  it('the chain check stays installation-wide for a district auditor (counts and hashes, no row content)', async () => {
    const aud = await t.login('auditor_d1');
    const res = await as(t, aud).get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const head = Number((await t.platform.database.db.selectFrom('audit_head').select('last_id').executeTakeFirstOrThrow()).last_id);
    expect(body).toMatchObject({ ok: true, firstBrokenId: null, reason: null });
    expect(body.checked).toBeGreaterThanOrEqual(head - 1);
    expect(res.body).not.toContain('普陀区');
  });

  it('the auditor at the root (舟山市) still sees every row, other districts and system rows included', async () => {
    const aud = await t.login('auditor');
    const { db } = t.platform.database;
    const all = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const res = await as(t, aud).get('/api/audit?pageSize=200');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: ScopeRow[]; total: number };
    expect(body.total).toBe(all);
    const ids = body.items.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([d1Login, d2Row, systemRow]));
    expect(body.items.find((r) => r.id === d2Row)?.reason).toBe('普陀区居民住院（测试）');
    for (const id of [d2Row, systemRow]) expect((await as(t, aud).get(`/api/audit/${id}/disclosures`)).statusCode, `row ${id}`).toBe(200);
    expect(await auditRows(t, { actor_id: aud.userId, outcome: 'denied' })).toEqual([]);
  });

  // The viewer names staff actors by username (an auditor should not have to copy UUIDs); the id stays in the row.
  it('each row names its staff actor by username (actorName), null for system rows; the id is still there', async () => {
    const aud = await t.login('auditor');
    const grid1 = await t.login('grid1');
    const body = (await as(t, aud).get('/api/audit?pageSize=200')).json() as { items: (ScopeRow & { actorName: string | null })[] };
    const byId = new Map(body.items.map((r) => [r.id, r]));
    expect(byId.get(d1Login)).toMatchObject({ actorId: grid1.userId, actorName: 'grid1' });
    expect(byId.get(d2Row)).toMatchObject({ actorId: gridD2, actorName: 'grid_d2' });
    expect(byId.get(systemRow)).toMatchObject({ actorId: 'system:test', actorName: null });
    // Every row has the field; a row's name is its own actor's (no mix-ups across a page of many actors).
    const { db } = t.platform.database;
    const users = new Map((await db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [String(u.id), String(u.username)]));
    for (const r of body.items) {
      expect(r, `row ${r.id}`).toHaveProperty('actorName');
      expect(r.actorName, `row ${r.id}`).toBe((r.actorId && users.get(r.actorId)) ?? null);
    }
  });

  // The viewer names the actor's unit too (单位 showed an org id); a unit deleted since keeps only its id.
  it('each row names its actor’s unit (actorOrgName), null without a unit or for a deleted one; the id is still there', async () => {
    const aud = await t.login('auditor');
    const { db } = t.platform.database;
    const { orgs, audit } = t.services;
    const gone = await orgs.create({ parentId: t.orgs.community.id, level: 'grid', code: '33090200100199', name: '临时网格（测试）' });
    const goneRow = (await audit.record({ ...systemActor(null), actorId: gridD2, actorRole: 'grid_worker', actorOrg: gone.id }, {
      action: 'status_change', objectType: 'resident', outcome: 'success',
    })).id;
    await db.deleteFrom('orgs').where('id', '=', gone.id).execute();
    const body = (await as(t, aud).get('/api/audit?pageSize=200')).json() as { items: (ScopeRow & { actorOrgName: string | null })[] };
    const byId = new Map(body.items.map((r) => [r.id, r]));
    expect(byId.get(d2Row)).toMatchObject({ actorOrg: d2Grid, actorOrgName: '第一网格' });
    expect(byId.get(systemRow)).toMatchObject({ actorOrg: null, actorOrgName: null });
    expect(byId.get(goneRow)).toMatchObject({ actorOrg: gone.id, actorOrgName: null });
    const names = new Map((await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [String(o.id), String(o.name)]));
    for (const r of body.items) expect(r.actorOrgName, `row ${r.id}`).toBe((r.actorOrg && names.get(r.actorOrg)) ?? null);
  });

  it('the actor filter takes a username as well as an id (same rows); an unknown username is 400 naming actorId', async () => {
    const aud = await t.login('auditor');
    const byId = (await as(t, aud).get(`/api/audit?actorId=${gridD2}&pageSize=200`)).json() as { items: ScopeRow[]; total: number };
    expect(byId.total).toBeGreaterThan(0);
    for (const name of ['grid_d2', ' GRID_D2 ']) {
      const res = await as(t, aud).get(`/api/audit?actorId=${encodeURIComponent(name)}&pageSize=200`);
      expect(res.statusCode, name).toBe(200);
      const body = res.json() as { items: ScopeRow[]; total: number };
      expect(body.total, name).toBe(byId.total);
      expect(body.items.map((r) => r.id), name).toEqual(byId.items.map((r) => r.id));
      for (const r of body.items) expect(r.actorId).toBe(gridD2);
    }
    // A non-username actor id (system source) still filters as an id.
    expect((await as(t, aud).get('/api/audit?actorId=system:test')).json().items.map((r: ScopeRow) => r.id)).toEqual([systemRow]);
    const bad = await as(t, aud).get('/api/audit?actorId=nobody_here');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation_failed' });
    expect(bad.json().error.details).toEqual([{
      path: 'querystring.actorId', code: 'unknown_username', message: '操作人：没有用户名为「nobody_here」的账号', messageEn: 'actor: no account has the username "nobody_here"',
    }]);
    // A district auditor's filter by username still stays inside the district.
    const d1 = await t.login('auditor_d1');
    expect((await as(t, d1).get('/api/audit?actorId=grid_d2')).json()).toMatchObject({ items: [], total: 0 });
  });
});
