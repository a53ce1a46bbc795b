import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_INDEX_KEY, type TestApp, type Session } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';
import { scanPi } from '../../../test/pi-scan';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

describe('registry privacy and scope (SECURITY.md §7 A, B, D, F)', () => {
  let t: TestApp;
  let fx: Fx;
  let w1: Session;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t, 60);
    w1 = await t.login('grid1');
    admin = await t.login('admin');
  });
  afterAll(async () => t.close());

  it('A3: a minor needs a guardian (422) and is tagged minor', async () => {
    const body = { householdId: fx.h1.id, name: '张小宝', idNumber: FIXTURE_IDS.MINOR, relation: 'child', residenceType: 'registered' };
    const r = await as(t, w1).post('/api/residents', body);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('guardian_required');
    const ok = await as(t, w1).post('/api/residents', { ...body, guardianId: fx.R1.id });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().tags).toContain('minor');
    expect(ok.json().age).toBe(10); // the clock is 2025-06-01, the 10th birthday
  });

  it('A7: list responses carry no full ID or phone number', async () => {
    const r = await as(t, w1).get('/api/residents?page=1&pageSize=50');
    expect(r.statusCode).toBe(200);
    expect(r.json().items.length).toBeGreaterThan(10);
    expect(scanPi(r.body)).toEqual([]);
    expect(r.json().items[0].idMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });

  it('A8: reveal needs the permission and a reason, and is audited without plaintext', async () => {
    const vol = await t.login('volunteer');
    const a = await as(t, vol).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'idNumber', reason: '核对核酸登记' });
    expect(a.statusCode).toBe(403);
    const denied = await auditRows(t, { actor_id: vol.userId, outcome: 'denied' });
    expect(denied.length).toBeGreaterThan(0);
    const b = await as(t, w1).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'idNumber' });
    expect(b.statusCode).toBe(400);
    expect(b.json().error.details[0].path).toBe('body.reason');
    const c = await as(t, w1).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'idNumber', reason: '核对核酸登记' });
    expect(c.statusCode).toBe(200);
    expect(c.json().value).toBe(FIXTURE_IDS.R1);
    const rows = await auditRows(t, { action: 'reveal', object_id: fx.R1.id, outcome: 'success' });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.fields)).toEqual(['idNumber']);
    expect(rows[0]!.reason).toBe('核对核酸登记');
    expect(JSON.stringify(rows[0])).not.toContain(FIXTURE_IDS.R1);
  });

  it('A9: the blind index is a keyed HMAC, not a plain hash', async () => {
    const row = await t.platform.database.db.selectFrom('residents').select(['id_bidx', 'id_number_enc']).where('id', '=', fx.R1.id).executeTakeFirstOrThrow();
    expect(row.id_bidx).not.toBe(crypto.createHash('sha256').update(FIXTURE_IDS.R1).digest('hex'));
    expect(row.id_bidx).toBe(crypto.createHmac('sha256', Buffer.from(TEST_INDEX_KEY, 'hex')).update(`cnid:${FIXTURE_IDS.R1}`).digest('hex'));
    expect(row.id_number_enc).not.toContain(FIXTURE_IDS.R1);
  });

  it('B10: an out-of-scope resident answers 404 and the denial is audited', async () => {
    const r = await as(t, w1).get(`/api/residents/${fx.R2.id}`);
    expect(r.statusCode).toBe(404);
    const rows = await auditRows(t, { actor_id: w1.userId, object_id: fx.R2.id, outcome: 'denied' });
    expect(rows.length).toBe(1);
    expect((await as(t, w1).get(`/api/residents/${fx.R1.id}`)).statusCode).toBe(200);
    // Reveal and move outside scope are equally invisible.
    expect((await as(t, w1).post(`/api/residents/${fx.R2.id}/reveal`, { field: 'phone', reason: '核对' })).statusCode).toBe(404);
  });

  it('B11: filters cannot widen scope; pageSize is bounded', async () => {
    const g2 = await as(t, w1).get(`/api/residents?gridId=${fx.g2.id}`);
    expect(g2.statusCode).toBe(200);
    expect(g2.json().items).toEqual([]);
    const otherCommunity = await as(t, w1).get(`/api/residents?communityId=${t.orgs.other.id}`);
    expect(otherCommunity.statusCode).toBe(400);
    const big = await as(t, w1).get('/api/residents?pageSize=100000');
    expect(big.statusCode).toBe(400);
    const all = await as(t, admin).get('/api/residents?pageSize=100');
    const ids = all.json().items.map((x: { id: string }) => x.id);
    expect(ids).toContain(fx.R2.id);
    expect(ids).not.toContain(fx.R3.id); // community B is outside community A's scope
    const search = await as(t, w1).post('/api/residents/search', { q: 'ls' });
    expect(search.json().items.map((x: { id: string }) => x.id)).not.toContain(fx.R2.id);
  });

  it('list and search rows name their grid (gridName, one lookup per page; ADR 0052)', async () => {
    const all = (await as(t, admin).get('/api/residents?pageSize=100')).json().items as Array<{ id: string; gridId: string; gridName: string | null }>;
    const names = new Map([[fx.g1.id, fx.g1.name], [fx.g2.id, fx.g2.name]]);
    expect(new Set(all.map((r) => r.gridId))).toEqual(new Set([fx.g1.id, fx.g2.id]));
    expect(all.every((r) => r.gridName === names.get(r.gridId))).toBe(true);
    const found = (await as(t, admin).post('/api/residents/search', { q: '李四' })).json().items as Array<{ id: string; gridName: string | null }>;
    expect(found).toEqual([expect.objectContaining({ id: fx.R2.id, gridName: fx.g2.name })]);
    expect(fx.g2.name).toBe('第二网格');
  });

  it('B13 (adapted): a search-only role (sampling collector) gets the minimal projection', async () => {
    const col = await t.login('collector');
    const r = await as(t, col).post('/api/residents/search', { q: 'zs' });
    expect(r.statusCode).toBe(200);
    const item = r.json().items.find((x: { id: string }) => x.id === fx.R1.id);
    expect(Object.keys(item).sort()).toEqual(['building', 'id', 'idMasked', 'nameMasked', 'unit']);
    expect((await as(t, col).get(`/api/residents/${fx.R1.id}`)).statusCode).toBe(403);
  });

  it('D18: reads and searches are audited with purpose, request id and masked term', async () => {
    const read = await as(t, w1).get(`/api/residents/${fx.R1.id}`, { 'x-purpose': 'epidemic.followup' });
    expect(read.statusCode).toBe(200);
    const search = await as(t, w1).post('/api/residents/search', { q: '张' });
    expect(search.statusCode).toBe(200);
    const [readRow] = await auditRows(t, { action: 'read', object_id: fx.R1.id, purpose: 'epidemic.followup' });
    expect(readRow).toMatchObject({ actor_id: w1.userId, actor_role: 'grid_worker', outcome: 'success', request_id: read.headers['x-request-id'] });
    expect(readRow!.ts).toMatch(/^\d{4}-/);
    const searches = await auditRows(t, { action: 'search', actor_id: w1.userId });
    const last = searches[searches.length - 1]!;
    expect(Number(last.count)).toBe(search.json().items.length);
    expect(last.reason).not.toContain('张');
  });

  it('purpose binding: unknown purpose 400, purpose not allowed for the role 403', async () => {
    expect((await as(t, w1).get(`/api/residents/${fx.R1.id}`, { 'x-purpose': 'marketing' })).statusCode).toBe(400);
    expect((await as(t, w1).get(`/api/residents/${fx.R1.id}`, { 'x-purpose': 'epidemic.lab' })).statusCode).toBe(403);
    const doc = await t.login('doctor');
    expect((await as(t, doc).get(`/api/residents/${fx.R1.id}`, { 'x-purpose': 'epidemic.lab' })).statusCode).toBe(200);
  });

  it('F29: masked values are never written back; a stale version answers 409', async () => {
    const prof = await as(t, w1).get(`/api/residents/${fx.R1.id}`);
    const before = await t.platform.database.db.selectFrom('residents').select(['id_number_enc', 'id_bidx']).where('id', '=', fx.R1.id).executeTakeFirstOrThrow();
    const withMasked = await as(t, w1).post(`/api/residents/${fx.R1.id}/update`, { version: prof.json().version, idNumber: prof.json().idMasked, phone: '13812349999' });
    expect(withMasked.statusCode).toBe(400);
    expect(withMasked.json().error.details.map((d: { path: string }) => d.path)).toContain('body.idNumber');
    const ok = await as(t, w1).post(`/api/residents/${fx.R1.id}/update`, { version: prof.json().version, phone: '13812349999' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().phoneMasked).toBe('138****9999');
    const after = await t.platform.database.db.selectFrom('residents').select(['id_number_enc', 'id_bidx']).where('id', '=', fx.R1.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const stale = await as(t, w1).post(`/api/residents/${fx.R1.id}/update`, { version: prof.json().version, phone: '13812340000' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0].message).toContain(String(prof.json().version + 1));
    const health = await as(t, w1).post(`/api/residents/${fx.R1.id}/update`, { version: ok.json().version, healthCode: 'green' });
    expect(health.statusCode).toBe(400);
    const [upd] = await auditRows(t, { action: 'update', object_id: fx.R1.id });
    expect(JSON.parse(upd!.fields)).toEqual(['phone']);
    expect(JSON.stringify(upd)).not.toContain('13812349999');
  });

  it('H40: no personal data in URLs — GET with idNumber is refused and lookups are POST', async () => {
    expect((await as(t, w1).get(`/api/residents?idNumber=${FIXTURE_IDS.R1}`)).statusCode).toBe(400);
    for (const r of t.routes.filter((x) => x.method === 'GET')) {
      expect(r.url).not.toMatch(/:(idNumber|phone|name)\b/);
    }
    const look = await as(t, w1).post('/api/residents/lookup', { idNumber: FIXTURE_IDS.R1.toLowerCase() });
    expect(look.statusCode).toBe(200);
    expect(look.json().found.id).toBe(fx.R1.id);
    const lookOut = await as(t, w1).post('/api/residents/lookup', { idNumber: FIXTURE_IDS.R2 });
    expect(lookOut.json().found).toBeNull();
  });

  it('search finds 张三 by initials, full pinyin, ID tail and phone tail', async () => {
    for (const q of ['zs', 'zhangsan', '1233', '张三']) {
      const r = await as(t, w1).post('/api/residents/search', { q });
      expect(r.statusCode, q).toBe(200);
      expect(r.json().items.map((x: { id: string }) => x.id), q).toContain(fx.R1.id);
    }
  });

  it('moving a resident keeps the history and follows the new scope', async () => {
    const prof = (await as(t, admin).get(`/api/residents/${fx.extras[0]!.id}`)).json();
    const mv = await as(t, admin).post(`/api/residents/${fx.extras[0]!.id}/move`, { version: prof.version, toHouseholdId: fx.h2.id, reason: '搬迁至和平小区' });
    expect(mv.statusCode).toBe(200);
    expect(mv.json().gridId).toBe(fx.g2.id);
    const after = (await as(t, admin).get(`/api/residents/${fx.extras[0]!.id}`)).json();
    expect(after.moves).toHaveLength(1);
    expect(after.moves[0]).toMatchObject({ fromHouseholdId: fx.h1.id, toHouseholdId: fx.h2.id });
    expect((await as(t, w1).get(`/api/residents/${fx.extras[0]!.id}`)).statusCode).toBe(404);
  });

  it('D25: when the audit write fails the read fails closed with 503 and no data', async () => {
    const { db, dialect } = t.platform.database;
    const { sql } = await import('kysely');
    if (dialect.name === 'sqlite') {
      await sql.raw(`create trigger audit_fail before insert on audit_log begin select raise(abort, 'injected audit failure'); end`).execute(db);
    } else {
      await sql.raw(`create or replace function rx_audit_fail() returns trigger language plpgsql as $$ begin raise exception 'injected audit failure'; end $$`).execute(db);
      await sql.raw(`create trigger audit_fail before insert on audit_log for each row execute function rx_audit_fail()`).execute(db);
    }
    try {
      const r = await as(t, w1).get(`/api/residents/${fx.R1.id}`);
      expect(r.statusCode).toBe(503);
      expect(r.body).not.toContain('张三');
      expect(r.body).not.toContain(fx.R1.idMasked);
      expect(t.logs.some((l) => l.includes('audit write failed'))).toBe(true);
    } finally {
      await sql.raw('drop trigger audit_fail' + (dialect.name === 'postgres' ? ' on audit_log' : '')).execute(db);
    }
  });
});
