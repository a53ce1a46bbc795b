import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { sha256 } from '../ids';

const REDIS_URL = process.env.RENXING_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('sessions in Redis when REDIS_URL is set (real Redis on 127.0.0.1:6379)', () => {
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

  it('stores the session in Redis (not in SQL), and logout deletes it there', async () => {
    expect(t.platform.sessions.kind).toBe('redis');
    const s = await t.login('admin');
    const token = s.cookie.split('=')[1]!;
    const key = `rx:sess:${sha256(token)}`;
    expect(await redis.exists(key)).toBe(1);
    expect(await redis.ttl(key)).toBeGreaterThan(3600);
    const sqlRows = await t.platform.database.db.selectFrom('sessions').selectAll().execute();
    expect(sqlRows).toHaveLength(0);
    expect((await as(t, s).get('/api/auth/me')).statusCode).toBe(200);
    expect((await as(t, s).post('/api/auth/logout')).statusCode).toBe(204);
    expect(await redis.exists(key)).toBe(0);
    expect((await as(t, s).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('the second factor is recorded on the Redis session (a privileged call then passes the MFA gate)', async () => {
    const s = await t.loginMfa('street');
    const stored = JSON.parse((await redis.get(`rx:sess:${sha256(s.cookie.split('=')[1]!)}`))!);
    expect(Date.parse(stored.mfaAt)).toBe(t.clock.now().getTime());
    expect((await as(t, s).get('/api/auth/me')).json().user.mfa).toEqual({ enrolled: true, verified: true });
    const gate = await as(t, s).post('/api/exports/00000000-0000-7000-8000-000000000000/approve', { decision: 'approve', note: '同意' });
    expect(gate.statusCode).toBe(404);
    const plain = await t.login('street');
    expect((await as(t, plain).post('/api/exports/00000000-0000-7000-8000-000000000000/approve', { decision: 'approve', note: '同意' })).statusCode).toBe(401);
  });

  it('a password change ends every session of the user in Redis', async () => {
    const a = await t.login('doctor');
    const b = await t.login('doctor');
    const r = await as(t, a).post('/api/auth/password', { currentPassword: 'Renxing@Demo2026', newPassword: '社区医生的新口令 2026 秋' });
    expect(r.statusCode).toBe(204);
    expect((await as(t, b).get('/api/auth/me')).statusCode).toBe(401);
  });
});
