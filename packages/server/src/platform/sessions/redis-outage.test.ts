// Redis (REDIS_URL) going down AFTER start, with a real second redis-server of the test's own (never the shared one on
// 6379): the clients' 'error' events are handled (one warning per outage, no "[ioredis] Unhandled error event" storm),
// a request that needs the session store answers 503 with a bilingual message within the bounded retries, a public
// route is let through by the rate limiter, and once redis-server is back on the same port everything works again.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { RedisUnavailableError } from '../redis-watch';

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = net.createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
});

/** Starts redis-server on `port` (no persistence) and waits until it answers PING. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      return child;
    } catch {
      if (i > 200 || child.exitCode !== null) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((r) => setTimeout(r, 25));
    } finally {
      probe.disconnect();
    }
  }
}

async function stopRedis(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const warnings = (t: TestApp, store: string) => t.logs.filter((l) => l.includes('Redis unreachable') && l.includes(`"store":"${store}"`));

describe('Redis going down after start (own redis-server on a free port)', () => {
  let t: TestApp;
  let port: number;
  let server: ChildProcess;
  beforeAll(async () => {
    port = await freePort();
    server = await startRedis(port);
    t = await createTestApp({ config: { redisUrl: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await t?.close();
    if (server) await stopRedis(server);
  });

  it('answers 503 while it is down (one warning per outage), and works again once it is back on the same port', async () => {
    expect(t.platform.sessions.kind).toBe('redis');
    const admin = await t.login('admin');
    expect((await as(t, admin).get('/api/auth/me')).statusCode).toBe(200);

    await stopRedis(server);
    // A request that needs the session: 503 naming the cause in both languages, not a hang, a 500 or a crash.
    for (let i = 0; i < 3; i++) {
      const r = await as(t, admin).get('/api/auth/me');
      expect(r.statusCode, r.body).toBe(503);
      expect(r.headers['retry-after']).toBe('5');
      expect(r.json().error).toMatchObject({ code: 'redis_unavailable', message: expect.stringContaining('Redis'), messageEn: expect.stringContaining('Redis') });
    }
    // The store itself rejects with the mapped error (after its bounded retries).
    await expect(t.platform.sessions.get('no-such-session')).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(t.platform.sessions.create({
      id: 'outage-test', userId: admin.userId, csrfToken: 'c', createdAt: new Date().toISOString(), lastSeenAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(), userAgentHash: null, mfaAt: null, deviceLabel: null, ipNetwork: null,
    })).rejects.toBeInstanceOf(RedisUnavailableError);
    // A public route is let through by the rate limiter (its store is down too).
    expect((await t.app.inject({ method: 'GET', url: '/api/privacy/notice' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/privacy/notice' })).statusCode).toBe(200);
    // Many reconnection attempts failed by now, each an 'error' event: handled, and warned once per client.
    expect(warnings(t, 'sessions')).toHaveLength(1);
    expect(warnings(t, 'public-rate-limit')).toHaveLength(1);
    expect(t.logs.filter((l) => l.includes('public rate limit store unavailable'))).toHaveLength(1);

    server = await startRedis(port);
    // The clients reconnect in the background; the store answers again (the old sessions went with the old server).
    let back = false;
    for (let i = 0; i < 100 && !back; i++) {
      back = await t.platform.sessions.get('no-such-session').then((s) => s === null, () => false);
    }
    expect(back).toBe(true);
    expect((await as(t, admin).get('/api/auth/me')).statusCode).toBe(401);
    const again = await t.login('admin');
    expect((await as(t, again).get('/api/auth/me')).statusCode).toBe(200);
    expect(t.logs.some((l) => l.includes('Redis reachable again') && l.includes('"store":"sessions"'))).toBe(true);
  });
});
