import { afterEach, describe, expect, it } from 'vitest';
import { auditRows, createTestApp, type TestApp } from '../../test/harness';
import { loadConfig } from '../config';

// RENXING_TRUST_PROXY (ADR 0036 addendum): behind a reverse proxy the client's address comes from X-Forwarded-For, but
// only when the socket peer is a configured proxy; otherwise the header is ignored, so a client cannot forge its address
// in the audit log or dodge the public-route rate limit.
const env = (v?: string) => loadConfig({ RENXING_DATA_DIR: '/tmp/rx-trust-proxy-test', ...(v === undefined ? {} : { RENXING_TRUST_PROXY: v }) });

describe('trusted reverse proxies (RENXING_TRUST_PROXY)', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  const failedLogin = (remoteAddress: string, forwarded?: string) =>
    t!.app.inject({
      method: 'POST', url: '/api/auth/login', remoteAddress, headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
      payload: { username: 'grid1', password: 'Wrong-Password-1' },
    });
  const lastFailureIp = async () => (await auditRows(t!, { action: 'login_failed' })).at(-1)?.ip;

  it('parses addresses, CIDR ranges and named ranges; refuses anything else, naming the variable', () => {
    expect(env().trustProxy).toEqual([]);
    expect(env('127.0.0.1, 10.0.0.0/8,::1,fd00::/8 , loopback').trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['true', '*', '10.0.0.0/33', '::1/129', 'proxy.example', '10.0.0.1/8/1', '10.0.0.0/x']) {
      expect(() => env(bad), bad).toThrow(/RENXING_TRUST_PROXY/);
    }
  });

  it('without it the socket peer is the client: a forwarded header is ignored in the audit log', async () => {
    t = await createTestApp();
    expect((await failedLogin('127.0.0.1', '203.0.113.7')).statusCode).toBe(401);
    expect(await lastFailureIp()).toBe('127.0.0.1');
  });

  it('with it the audit log records the client named by a configured proxy, and only by one', async () => {
    t = await createTestApp({ config: { trustProxy: ['127.0.0.1'] } });
    expect((await failedLogin('127.0.0.1', '203.0.113.7')).statusCode).toBe(401);
    expect(await lastFailureIp()).toBe('203.0.113.7');
    // A client that is not a configured proxy cannot name another address.
    expect((await failedLogin('198.51.100.9', '203.0.113.8')).statusCode).toBe(401);
    expect(await lastFailureIp()).toBe('198.51.100.9');
  });

  it('the public-route rate limit counts each client behind the proxy on its own', async () => {
    t = await createTestApp({ config: { trustProxy: ['127.0.0.1'], publicRatePerMinute: 2 }, seed: false });
    const get = (client: string) => t!.app.inject({ method: 'GET', url: '/api/privacy/notice', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    expect((await get('203.0.113.1')).statusCode).toBe(200);
    expect((await get('203.0.113.1')).statusCode).toBe(200);
    expect((await get('203.0.113.1')).statusCode).toBe(429);
    expect((await get('203.0.113.2')).statusCode).toBe(200);
  });
});
