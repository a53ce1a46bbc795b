import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../test/harness';

describe('API conventions: OpenAPI, metrics, idempotency, API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('serves the OpenAPI document and interactive docs at /api/docs', async () => {
    const doc = await t.app.inject({ url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/residents/search', '/api/duty-logs']));
    const body = spec.paths['/api/duty-logs'].post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    const ui = await t.app.inject({ url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('/metrics is Prometheus text and needs system:ops', async () => {
    const anon = await t.app.inject({ url: '/metrics' });
    expect(anon.statusCode).toBe(401);
    const sys = await t.login('sysadmin');
    await as(t, sys).get('/api/auth/me');
    const m = await as(t, sys).get('/metrics');
    expect(m.statusCode).toBe(200);
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.body).toMatch(/# TYPE http_requests_total counter/);
    expect(m.body).toMatch(/http_requests_total\{method="GET",route="\/api\/auth\/me",status="200"\} \d+/);
    expect(m.body).toMatch(/http_request_duration_seconds_bucket\{method="GET",le="0.05"\} \d+/);
    expect(m.body).toMatch(/db_write_batches_total \d+/);
  });

  it('L55/L56: Idempotency-Key replays the stored response; a changed payload is 422', async () => {
    const s = await t.login('grid1');
    const key = 'dutylog-0001-abcdef';
    const first = await as(t, s).post('/api/duty-logs', { category: 'incident', content: '消防通道被占用' }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const again = await as(t, s).post('/api/duty-logs', { category: 'incident', content: '消防通道被占用' }, { 'idempotency-key': key });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const rows = await t.platform.database.db.selectFrom('duty_logs').selectAll().where('content', '=', '消防通道被占用').execute();
    expect(rows).toHaveLength(1);
    const changed = await as(t, s).post('/api/duty-logs', { category: 'incident', content: '另一件事' }, { 'idempotency-key': key });
    expect(changed.statusCode).toBe(422);
    expect(changed.json().error.code).toBe('idempotency_key_reused');
    const badKey = await as(t, s).post('/api/duty-logs', { category: 'incident', content: 'x' }, { 'idempotency-key': 'no' });
    expect(badKey.statusCode).toBe(400);
  });

  it('concurrent writes are group-committed and each is acknowledged once committed', async () => {
    const s = await t.login('grid1');
    const before = t.platform.database.writes.stats.batches;
    const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => as(t, s).post('/api/duty-logs', { category: 'shift', content: `batch ${i}` })));
    expect(rs.every((r) => r.statusCode === 201)).toBe(true);
    const rows = await t.platform.database.db.selectFrom('duty_logs').select('id').where('content', 'like', 'batch %').execute();
    expect(rows).toHaveLength(40);
    // Fewer transactions than writes: concurrent requests shared commits.
    expect(t.platform.database.writes.stats.batches - before).toBeLessThan(40 * 2);
    expect(t.platform.database.writes.stats.maxBatch).toBeGreaterThan(1);
    expect((await t.services.audit.verify()).ok).toBe(true);
  });

  it('a failing write in a group commit rolls back only itself', async () => {
    const { writes, db } = t.platform.database;
    const results = await Promise.allSettled([
      writes.run((trx) => trx.insertInto('orgs').values({ id: 'gc-ok-1', parent_id: null, level: 'city', code: 'gc1', name: 'a', path: '/gc1/', created_at: new Date().toISOString() }).execute()),
      writes.run((trx) => trx.insertInto('orgs').values({ id: 'gc-bad', parent_id: 'missing-parent', level: 'city', code: 'gc2', name: 'b', path: '/gc2/', created_at: new Date().toISOString() }).execute()),
      writes.run((trx) => trx.insertInto('orgs').values({ id: 'gc-ok-2', parent_id: null, level: 'city', code: 'gc3', name: 'c', path: '/gc3/', created_at: new Date().toISOString() }).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const ids = (await db.selectFrom('orgs').select('id').where('id', 'like', 'gc-%').execute()).map((r) => r.id).sort();
    expect(ids).toEqual(['gc-ok-1', 'gc-ok-2']);
  });

  it('API tokens: hashed at rest, scoped, revocable; bearer calls need no CSRF', async () => {
    const sec = await t.loginMfa('secadmin');
    const bad = await as(t, sec).post('/api/admin/api-tokens', { name: 'gate-01', role: 'device', orgId: t.orgs.grids[0]!.id, scopes: ['resident:read'] });
    expect(bad.statusCode).toBe(400);
    const created = await as(t, sec).post('/api/admin/api-tokens', { name: 'duty-bot', role: 'grid_worker', orgId: t.orgs.grids[0]!.id, scopes: ['duty-log:write'] });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const stored = await t.platform.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    // The secret is everything after `rx_<id>_` (base64url: it may itself contain '_').
    const secret = (token as string).slice(`rx_${id}_`.length);
    expect(secret.length).toBeGreaterThanOrEqual(20);
    expect(stored.token_hash).not.toContain(secret);
    const w = await t.app.inject({ method: 'POST', url: '/api/duty-logs', headers: { authorization: `Bearer ${token}` }, payload: { category: 'other', content: 'from a token' } });
    expect(w.statusCode).toBe(201);
    const r = await t.app.inject({ method: 'GET', url: '/api/duty-logs', headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(403); // scope is duty-log:write only
    expect((await as(t, sec).delete(`/api/admin/api-tokens/${id}`)).statusCode).toBe(204);
    const after = await t.app.inject({ method: 'POST', url: '/api/duty-logs', headers: { authorization: `Bearer ${token}` }, payload: { category: 'other', content: 'revoked' } });
    expect(after.statusCode).toBe(401);
  });
});
