// ADR 0013 — the security admin disables and re-enables accounts (POST /api/admin/users/:id/disable | enable): a
// disabled user's sessions end at once (database store, principal cache and Redis), the API tokens they issued stop
// authenticating, login answers exactly like a wrong password, and each change carries a reason in the audit log.
// Runs on SQLite, and on PostgreSQL through `npm run test:pg` (RENXING_TEST_DIALECT=postgres).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_DIALECT, type Session, type TestApp } from '../../../test/harness';
import { sha256 } from '../../platform/ids';
import { DEMO_PASSWORD } from '../../seed/foundation';

const REDIS_URL = process.env.RENXING_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const login = (t: TestApp, username: string, password = DEMO_PASSWORD) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const me = (t: TestApp, s: Session) => as(t, s).get('/api/auth/me').then((r) => r.statusCode);
const userId = async (t: TestApp, username: string) => (await t.services.auth.findByUsername(username))!.id;

describe(`disabling and re-enabling accounts (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let sec: Session;
  const disable = (s: Session, id: string, body: unknown = { reason: '离职，收回账号' }) => as(t, s).post(`/api/admin/users/${id}/disable`, body);
  const enable = (s: Session, id: string, body: unknown = { reason: '返岗，恢复账号' }) => as(t, s).post(`/api/admin/users/${id}/enable`, body);
  const status = async (id: string) => (await t.services.auth.findById(id))!.status;

  beforeAll(async () => {
    t = await createTestApp();
    sec = await t.loginMfa('secadmin');
  });
  afterAll(async () => t.close());

  it('disable ends every session of the user at once (next request 401), in the store too; the change is audited with the reason', async () => {
    const a = await t.login('volunteer');
    const b = await t.login('volunteer');
    expect([await me(t, a), await me(t, b)]).toEqual([200, 200]); // resolved (and, on SQLite, cached)
    const r = await disable(sec, a.userId);
    expect(r.statusCode).toBe(204);
    expect([await me(t, a), await me(t, b)]).toEqual([401, 401]); // no clock advance: not merely the cache expiring
    expect(await status(a.userId)).toBe('disabled');
    const stored = await t.platform.database.db.selectFrom('sessions').select('id').where('user_id', '=', a.userId).execute();
    expect(stored).toEqual([]);
    const rows = await auditRows(t, { action: 'disable', object_id: a.userId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object_type: 'user', reason: '离职，收回账号', outcome: 'success', severity: 'high', actor_id: sec.userId, actor_role: 'security_admin' });
  });

  it('login of a disabled account fails with exactly the answer of a wrong password; enable restores login, audited with the reason', async () => {
    const id = await userId(t, 'collector');
    expect((await disable(sec, id)).statusCode).toBe(204);
    const disabled = await login(t, 'collector'); // the right password
    const wrong = await login(t, 'doctor', 'not-the-password-1');
    const unknown = await login(t, 'nobody-by-this-name');
    expect(disabled.statusCode).toBe(401);
    expect(disabled.json().error).toEqual({ code: 'invalid_credentials', message: '用户名或密码错误', messageEn: 'Wrong username or password', details: [] });
    expect(disabled.json().error).toEqual(wrong.json().error);
    expect(disabled.json().error).toEqual(unknown.json().error);
    expect(disabled.cookies).toEqual([]);

    const r = await enable(sec, id);
    expect(r.statusCode).toBe(204);
    expect(await status(id)).toBe('active');
    const back = await login(t, 'collector');
    expect(back.statusCode).toBe(200);
    const rows = await auditRows(t, { action: 'enable', object_id: id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object_type: 'user', reason: '返岗，恢复账号', outcome: 'success', severity: 'high', actor_id: sec.userId });
  });

  it('API tokens issued by a disabled account stop authenticating until it is enabled again', async () => {
    await t.services.auth.createUser({ username: 'secadmin2', displayName: '安全管理员乙', role: 'security_admin', orgId: t.orgs.city.id, password: DEMO_PASSWORD });
    const issuer = await t.loginMfa('secadmin2');
    const issued = await as(t, issuer).post('/api/admin/api-tokens', { name: '东门测温门禁', role: 'device', orgId: t.orgs.community.id, scopes: ['device:event'] });
    expect(issued.statusCode).toBe(201);
    const bearer = (): Promise<number> =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${issued.json().token}` } }).then((r) => r.statusCode);
    const listed = async () => (await t.services.auth.listApiTokens(null)).find((x) => x.id === issued.json().id)!;
    expect(await bearer()).toBe(200);
    expect((await listed()).issuerActive).toBe(true);

    expect((await disable(sec, issuer.userId)).statusCode).toBe(204);
    expect(await bearer()).toBe(401);
    expect(await me(t, issuer)).toBe(401);
    expect(await listed()).toMatchObject({ issuerActive: false, revokedAt: null });

    expect((await enable(sec, issuer.userId)).statusCode).toBe(204);
    expect(await bearer()).toBe(200);
    expect((await listed()).issuerActive).toBe(true);
  });

  it('refuses to disable oneself (409, naming the field and the rule), audited as denied', async () => {
    const r = await disable(sec, sec.userId);
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({
      code: 'cannot_disable_self', message: '不能停用自己的账号', messageEn: 'You cannot disable your own account',
      details: [{ path: 'id', code: 'self', message: expect.stringContaining('另一位安全管理员'), messageEn: expect.stringContaining('another security admin') }],
    });
    expect(await status(sec.userId)).toBe('active');
    expect(await me(t, sec)).toBe(200);
    expect(await auditRows(t, { action: 'disable', object_id: sec.userId })).toMatchObject([{ outcome: 'denied', reason: 'self' }]);
  });

  it('a change to the state the account already has answers 409; of two concurrent disables exactly one wins', async () => {
    const id = await userId(t, 'sysadmin');
    const both = await Promise.all([disable(sec, id), disable(sec, id)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    expect(both.find((r) => r.statusCode === 409)!.json().error).toMatchObject({ code: 'user_already_disabled', message: '该账号已经是停用状态', messageEn: 'This account is already disabled' });
    expect(await auditRows(t, { action: 'disable', object_id: id })).toHaveLength(1);
    expect((await enable(sec, id)).statusCode).toBe(204);
    const again = await enable(sec, id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('user_already_active');
    expect(await auditRows(t, { action: 'enable', object_id: id })).toHaveLength(1);
  });

  it('a reason of at least 2 characters is required (400 naming body.reason); unknown fields are refused', async () => {
    const id = await userId(t, 'doctor');
    const missing = await disable(sec, id, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'body.reason', message: '必填', messageEn: 'is required' }] });
    const short = await enable(sec, id, { reason: ' 无 ' }); // trimmed to one character
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details).toEqual([expect.objectContaining({ path: 'body.reason', code: 'too_small' })]);
    const extra = await disable(sec, id, { reason: '离职收回', force: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details).toEqual([expect.objectContaining({ path: 'body.force', code: 'unknown_field' })]);
    expect(await status(id)).toBe('active');
  });

  it("an account outside the caller's org (or unknown) answers 404, audited as denied; inside it the change works", async () => {
    // A security admin of community A: the street above and community B are outside.
    await t.services.auth.createUser({ username: 'seca', displayName: 'A社区安全员', role: 'security_admin', orgId: t.orgs.community.id, password: DEMO_PASSWORD });
    await t.services.auth.createUser({ username: 'bdoctor', displayName: 'B社区医生', role: 'doctor', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    const local = await t.loginMfa('seca');
    for (const username of ['bdoctor', 'street']) {
      const id = await userId(t, username);
      const r = await disable(local, id);
      expect(r.statusCode, username).toBe(404);
      expect(r.json().error).toMatchObject({ code: 'not_found', messageEn: 'User not found' });
      expect(await status(id)).toBe('active');
      expect(await auditRows(t, { action: 'disable', object_id: id, actor_id: local.userId })).toMatchObject([{ outcome: 'denied' }]);
    }
    expect((await disable(local, '00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    const grid = await userId(t, 'grid1');
    expect((await disable(local, grid)).statusCode).toBe(204);
    expect((await enable(local, grid)).statusCode).toBe(204);
  });

  it('roles without user:manage get 403, anonymous 401, and the security admin needs the second factor', async () => {
    const id = await userId(t, 'doctor');
    const admin = await t.login('admin');
    expect((await disable(admin, id)).statusCode).toBe(403);
    expect((await enable(admin, id)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/users/${id}/disable`, payload: { reason: '离职收回' } })).statusCode).toBe(401);
    const plain = await t.login('secadmin'); // password only in this session
    const r = await disable(plain, id);
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('mfa_required');
    expect(await status(id)).toBe('active');
  });

  it('both routes are in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ url: '/api/docs/json' })).json();
    expect(Object.keys(spec.paths['/api/admin/users/{id}/disable'])).toEqual(['post']);
    expect(Object.keys(spec.paths['/api/admin/users/{id}/enable'])).toEqual(['post']);
  });
});

describe('disabling an account ends its sessions in Redis (REDIS_URL, real Redis on 127.0.0.1:6379)', () => {
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    t = await createTestApp({ config: { redisUrl: REDIS_URL } });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
    await t.close();
  });

  it('deletes the Redis session keys; the next request answers 401', async () => {
    expect(t.platform.sessions.kind).toBe('redis');
    const sec = await t.loginMfa('secadmin');
    const target = await t.login('street');
    const key = `rx:sess:${sha256(target.cookie.split('=')[1]!)}`;
    expect(await redis.exists(key)).toBe(1);
    expect(await me(t, target)).toBe(200);
    expect((await as(t, sec).post(`/api/admin/users/${target.userId}/disable`, { reason: '账号疑似被盗用' })).statusCode).toBe(204);
    expect(await redis.exists(key)).toBe(0);
    expect(await redis.exists(`rx:sess:user:${target.userId}`)).toBe(0);
    expect(await me(t, target)).toBe(401);
  });
});
