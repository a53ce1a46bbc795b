import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_INDEX_KEY, type TestApp } from '../../test/harness';
import { loadConfig } from '../config';
import { createMemoryRateLimitStore } from './public-rate-limit';

const A = '203.0.113.7';
const B = '203.0.113.8';
const get = (t: TestApp, url: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, remoteAddress, headers });

/** Spends the whole minute's allowance of `ip` on public routes (all must pass). */
async function exhaust(t: TestApp, ip: string, limit = 60) {
  for (let i = 0; i < limit; i++) {
    const r = await get(t, i % 2 ? '/api/privacy/notice' : '/api/transparency/areas', ip);
    expect(r.statusCode, `request ${i + 1} of ${limit}`).toBe(200);
  }
}

describe('public route rate limit (in memory, ADR 0036)', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp();
    cookie = (await t.login('admin')).cookie;
    t.clock.advance(10_000); // 10 s into the window
  });
  afterAll(async () => t.close());

  it('answers the 61st public request in a minute from one address with 429 and Retry-After', async () => {
    await exhaust(t, A);
    const r = await get(t, '/api/transparency/areas', A);
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBe('50');
    expect(r.json().error).toEqual({
      code: 'rate_limited', message: '请求过于频繁，请 50 秒后再试', messageEn: 'Too many requests; try again in 50 seconds', details: [],
    });
    // Every public route shares the allowance — except login, which has its own per-account throttle and lock-out: behind
    // a reverse proxy all users share one address, and a per-address limit would lock everyone out of signing in.
    expect((await get(t, '/api/privacy/notice', A)).statusCode).toBe(429);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: A, payload: { username: 'admin', password: 'x' } });
    expect(login.statusCode).toBe(401);
  });

  it('still serves another address', async () => {
    expect((await get(t, '/api/transparency/areas', B)).statusCode).toBe(200);
  });

  it('does not limit signed-in routes or /healthz from the limited address', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await get(t, '/api/auth/me', A, { cookie })).statusCode).toBe(200);
      expect((await get(t, '/healthz', A)).statusCode).toBe(200);
    }
  });

  it('never limits /healthz, however often it is polled', async () => {
    for (let i = 0; i < 70; i++) expect((await get(t, '/healthz', B)).statusCode).toBe(200);
  });

  it('lets the address through again once the window is over', async () => {
    t.clock.advance(49_000);
    expect((await get(t, '/api/privacy/notice', A)).statusCode).toBe(429);
    t.clock.advance(1_000);
    await exhaust(t, A);
    expect((await get(t, '/api/privacy/notice', A)).statusCode).toBe(429);
  });
});

describe('public route rate limit configuration', () => {
  it('reads RENXING_PUBLIC_RATE_PER_MIN (default 60) and refuses a bad value naming it', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).publicRatePerMinute).toBe(60);
    expect(loadConfig({ RENXING_PUBLIC_RATE_PER_MIN: '5' } as NodeJS.ProcessEnv).publicRatePerMinute).toBe(5);
    expect(() => loadConfig({ RENXING_PUBLIC_RATE_PER_MIN: '0' } as NodeJS.ProcessEnv)).toThrow(/RENXING_PUBLIC_RATE_PER_MIN/);
  });

  it('uses the configured limit', async () => {
    const t = await createTestApp({ config: { publicRatePerMinute: 3 }, seed: false });
    try {
      await exhaust(t, A, 3);
      expect((await get(t, '/api/privacy/notice', A)).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('keeps memory bounded: a new window drops old counters, and at most maxKeys addresses are kept', async () => {
    const store = createMemoryRateLimitStore(3);
    for (const k of ['a', 'b', 'c', 'd']) await store.hit(k, 0, 60_000);
    expect(store.size()).toBe(3);
    expect(await store.hit('a', 0, 60_000)).toBe(1); // the oldest was evicted: counting starts again
    expect(await store.hit('d', 0, 60_000)).toBe(2);
    await store.hit('e', 60_000, 60_000);
    expect(store.size()).toBe(1);
  });
});

describe('public route rate limit and the web app', () => {
  it('never limits the built web files or the HTML shell of client routes', async () => {
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renxing-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html><body><div id="root"></div></body></html>');
    fs.writeFileSync(path.join(webDir, 'assets', 'index-abc.js'), 'export const x = 1;\n');
    const t = await createTestApp({ seed: false, config: { webDir, publicRatePerMinute: 2 } });
    try {
      for (let i = 0; i < 5; i++) {
        expect((await get(t, '/assets/index-abc.js', A)).statusCode).toBe(200);
        expect((await get(t, '/', A)).statusCode).toBe(200);
        expect((await get(t, '/transparency', A)).statusCode).toBe(200);
      }
      await exhaust(t, A, 2);
      expect((await get(t, '/api/privacy/notice', A)).statusCode).toBe(429);
      expect((await get(t, '/assets/index-abc.js', A)).statusCode).toBe(200);
    } finally {
      await t.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    }
  });
});

describe('public route rate limit (Redis store)', () => {
  const prefix = `rx:test:rl:${crypto.randomBytes(6).toString('hex')}:`;
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { redisUrl: 'redis://127.0.0.1:6379', publicRateRedisPrefix: prefix }, seed: false });
    t.clock.advance(15_000);
  });
  afterAll(async () => {
    await t.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('counts in Redis per window, keyed by an HMAC of the address (never the address), with an expiry', async () => {
    await exhaust(t, A);
    const r = await get(t, '/api/privacy/notice', A);
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBe('45');
    expect(r.json().error.code).toBe('rate_limited');
    expect((await get(t, '/api/privacy/notice', B)).statusCode).toBe(200);

    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(2);
    expect(keys.join(' ')).not.toContain(A);
    const hmacA = crypto.createHmac('sha256', Buffer.from(TEST_INDEX_KEY, 'hex')).update(`public-rate:${A}`).digest('hex');
    const windowStart = t.clock.now().getTime() - 15_000;
    const keyA = `${prefix}${hmacA}:${windowStart}`;
    expect(keys).toContain(keyA);
    expect(await redis.get(keyA)).toBe('61');
    expect(await redis.pttl(keyA)).toBeGreaterThan(0);
  });

  it('lets the address through again in the next window', async () => {
    t.clock.advance(45_000);
    expect((await get(t, '/api/privacy/notice', A)).statusCode).toBe(200);
  });
});
