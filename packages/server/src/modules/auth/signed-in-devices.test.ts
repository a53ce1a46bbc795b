// ADR 0026 — 登录设备: a user lists their signed-in devices (coarse label, masked network, never the raw User-Agent or
// the full address) and ends one or all others at once; a security admin signs a user out everywhere without disabling
// the account (same permission, second factor and scope rules as disable). Database store on SQLite and PostgreSQL
// (RENXING_TEST_DIALECT=postgres), and the Redis store (real Redis on 127.0.0.1:6379).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_DIALECT, type Session, type TestApp } from '../../../test/harness';
import { sha256 } from '../../platform/ids';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { FIELD_REGISTRY, listSchemaColumns } from '../privacy';
import { deviceLabel, maskIp } from './device-label';

const REDIS_URL = process.env.RENXING_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; 23049RAD8C Build/UKQ1.230804.001) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.200 Mobile Safari/537.36';
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const PHONE_IP = '10.23.45.67';
const OFFICE_IP = '2409:8a00:1234:5678:9abc::42';

/** Logs in as if from a device: its User-Agent and client address. */
async function loginFrom(t: TestApp, username: string, userAgent: string, remoteAddress: string): Promise<Session> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD }, headers: { 'user-agent': userAgent }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies[0]!;
  return { cookie: `${c.name}=${c.value}`, csrf: res.json().csrfToken, userId: res.json().user.id };
}
const token = (s: Session) => s.cookie.split('=')[1]!;
const me = (t: TestApp, s: Session) => as(t, s).get('/api/auth/me').then((r) => r.statusCode);
const list = async (t: TestApp, s: Session) => {
  const r = await as(t, s).get('/api/auth/sessions');
  expect(r.statusCode).toBe(200);
  return r.json().items as { id: string; deviceLabel: string | null; ipNetwork: string | null; signedInAt: string; lastActiveAt: string; current: boolean }[];
};

describe('device label and masked address (pure)', () => {
  it('keeps browser family + major version + OS family, and nothing else of the User-Agent', () => {
    expect(deviceLabel(ANDROID_CHROME)).toBe('Chrome 131 · Android');
    expect(deviceLabel(IPHONE_SAFARI)).toBe('Safari 17 · iOS');
    expect(deviceLabel('Mozilla/5.0 (Linux; Android 13; V2227A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN'))
      .toBe('WeChat 8 · Android');
    expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86')).toBe('Edge 131 · Windows');
    expect(deviceLabel('Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox 133 · macOS');
    expect(deviceLabel('Mozilla/5.0 (Phone; OpenHarmony 4.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile HuaweiBrowser/5.0.3.300')).toBe('Huawei Browser 5 · HarmonyOS');
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36')).toBe('Chrome 131 · Linux');
    expect(deviceLabel('curl/8.5.0')).toBeNull();
    expect(deviceLabel(undefined)).toBeNull();
  });

  it('cuts the address to its network part: IPv4 a.b.*.*, IPv6 the first three groups', () => {
    expect(maskIp(PHONE_IP)).toBe('10.23.*.*');
    expect(maskIp('::ffff:192.168.1.20')).toBe('192.168.*.*');
    expect(maskIp(OFFICE_IP)).toBe('2409:8a00:1234:*');
    expect(maskIp('2409:8a00::1')).toBe('2409:8a00:0:*');
    expect(maskIp('fe80::1%eth0')).toBe('fe80:0:0:*');
    expect(maskIp('::1')).toBe('0:0:0:*');
    expect(maskIp('999.1.1.1')).toBeNull();
    expect(maskIp('not an address')).toBeNull();
    expect(maskIp(null)).toBeNull();
  });
});

describe(`signed-in devices, database session store (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let sec: Session;
  beforeAll(async () => {
    t = await createTestApp();
    sec = await t.loginMfa('secadmin');
  });
  afterAll(async () => t.close());

  it('two logins from different devices: both listed with label and masked network, the current one marked; no raw UA or full IP stored or returned', async () => {
    const phone = await loginFrom(t, 'grid1', ANDROID_CHROME, PHONE_IP);
    const office = await loginFrom(t, 'grid1', IPHONE_SAFARI, OFFICE_IP);
    const r = await as(t, phone).get('/api/auth/sessions');
    const items = (r.json().items as Awaited<ReturnType<typeof list>>);
    expect(items).toHaveLength(2);
    const byLabel = new Map(items.map((i) => [i.deviceLabel, i]));
    expect(byLabel.get('Chrome 131 · Android')).toMatchObject({ ipNetwork: '10.23.*.*', current: true, signedInAt: t.clock.now().toISOString() });
    expect(byLabel.get('Safari 17 · iOS')).toMatchObject({ ipNetwork: '2409:8a00:1234:*', current: false });
    expect((await list(t, office)).find((i) => i.current)!.deviceLabel).toBe('Safari 17 · iOS');
    // The handle is neither the cookie token nor the stored id (its hash), nor a part of either.
    for (const s of [phone, office]) {
      for (const i of items) {
        expect(i.id).toMatch(/^[0-9a-f]{32}$/);
        expect(token(s)).not.toContain(i.id);
        expect(sha256(token(s))).not.toContain(i.id);
      }
    }
    // Nothing of the raw User-Agent or the full address in the response or the stored rows.
    const rows = await t.platform.database.db.selectFrom('sessions').selectAll().where('user_id', '=', phone.userId).execute();
    expect(rows.map((x) => [x.device_label, x.ip_network]).sort()).toEqual([['Chrome 131 · Android', '10.23.*.*'], ['Safari 17 · iOS', '2409:8a00:1234:*']]);
    for (const text of [r.body, JSON.stringify(rows)]) {
      for (const secret of [PHONE_IP, '5678:9abc', 'Mozilla', 'Build/UKQ1', '6778.200', '15E148', token(phone), token(office)]) expect(text).not.toContain(secret);
    }
    expect(Object.keys(rows[0]!)).not.toContain('ip');
    // The list is a read of personal data: audited.
    expect(await auditRows(t, { action: 'list', object_type: 'session', actor_id: phone.userId })).toMatchObject([{ outcome: 'success', count: 2 }, { outcome: 'success' }]);
  });

  it('ending the other device makes its cookie answer 401 at once (cache included); audited; a second end or the current one is refused', async () => {
    const mine = await loginFrom(t, 'doctor', ANDROID_CHROME, PHONE_IP);
    const lost = await loginFrom(t, 'doctor', IPHONE_SAFARI, '172.16.3.4');
    expect([await me(t, mine), await me(t, lost)]).toEqual([200, 200]); // resolved and, on SQLite, cached
    const items = await list(t, mine);
    const other = items.find((i) => !i.current)!;
    const r = await as(t, mine).post(`/api/auth/sessions/${other.id}/end`);
    expect(r.statusCode).toBe(204);
    expect(await me(t, lost)).toBe(401); // no clock advance: not the cache expiring
    expect(await me(t, mine)).toBe(200);
    expect((await list(t, mine)).map((i) => i.current)).toEqual([true]);
    expect(await auditRows(t, { action: 'session_end', actor_id: mine.userId })).toMatchObject([{ outcome: 'success', object_type: 'session', object_id: sha256(token(lost)).slice(0, 16) }]);
    expect((await as(t, mine).post(`/api/auth/sessions/${other.id}/end`)).statusCode).toBe(404);
    const current = (await list(t, mine))[0]!;
    const self = await as(t, mine).post(`/api/auth/sessions/${current.id}/end`);
    expect(self.statusCode).toBe(409);
    expect(self.json().error).toMatchObject({ code: 'current_session', details: [{ path: 'id' }] });
    expect(await me(t, mine)).toBe(200);
  });

  it('who-am-I and login tell the web app the idle timeout, so it can sign out a tab nobody uses while its polls keep the session alive', async () => {
    const s = await loginFrom(t, 'doctor', ANDROID_CHROME, PHONE_IP);
    const r = await as(t, s).get('/api/auth/me');
    expect(r.json().user.sessionIdleMinutes).toBe(t.config.sessionIdleMinutes);
    const l = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'doctor', password: DEMO_PASSWORD } });
    expect(l.json().user.sessionIdleMinutes).toBe(t.config.sessionIdleMinutes);
  });

  it("someone else's session handle (or an unknown one) answers 404 and ends nothing; audited as denied", async () => {
    const a = await loginFrom(t, 'collector', ANDROID_CHROME, PHONE_IP);
    const b = await loginFrom(t, 'volunteer', IPHONE_SAFARI, PHONE_IP);
    const theirs = (await list(t, b))[0]!.id;
    const r = await as(t, a).post(`/api/auth/sessions/${theirs}/end`);
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not_found');
    expect(await me(t, b)).toBe(200);
    expect((await as(t, a).post(`/api/auth/sessions/${'0'.repeat(32)}/end`)).statusCode).toBe(404);
    // Neither the stored id nor the token works as a handle.
    expect((await as(t, a).post(`/api/auth/sessions/${sha256(token(a))}/end`)).statusCode).toBe(404);
    expect(await auditRows(t, { action: 'session_end', actor_id: a.userId })).toMatchObject([{ outcome: 'denied' }, { outcome: 'denied' }, { outcome: 'denied' }]);
  });

  it('end-others keeps the current session and ends every other one at once; writes need the CSRF token', async () => {
    const [a, b, c] = [await loginFrom(t, 'street', ANDROID_CHROME, PHONE_IP), await t.login('street'), await t.login('street')];
    expect([await me(t, b), await me(t, c)]).toEqual([200, 200]);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/sessions/end-others', headers: { cookie: a.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect([await me(t, b), await me(t, c)]).toEqual([200, 200]);
    const r = await as(t, a).post('/api/auth/sessions/end-others');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ended: 2 });
    expect([await me(t, a), await me(t, b), await me(t, c)]).toEqual([200, 401, 401]);
    expect((await list(t, a)).map((i) => i.current)).toEqual([true]);
    expect(await auditRows(t, { action: 'session_end_others', actor_id: a.userId })).toMatchObject([{ outcome: 'success', count: 2, object_id: a.userId }]);
  });

  it('residents see their devices too; sessions from before ADR 0026 show without a label', async () => {
    const res = await t.login('resident');
    const old = { ...(await t.platform.sessions.get(sha256(token(res))))!, id: sha256('an-old-session'), deviceLabel: null, ipNetwork: null };
    await t.platform.sessions.create(old);
    const items = await list(t, res);
    expect(items).toHaveLength(2);
    expect(items.find((i) => !i.current)).toMatchObject({ deviceLabel: null, ipNetwork: null });
  });

  it("the security admin signs a user out everywhere without disabling the account: second factor, audited with the reason, sessions counted in the list", async () => {
    const a = await loginFrom(t, 'admin', ANDROID_CHROME, PHONE_IP);
    const b = await loginFrom(t, 'admin', IPHONE_SAFARI, OFFICE_IP);
    expect([await me(t, a), await me(t, b)]).toEqual([200, 200]);
    const users = await as(t, sec).get('/api/admin/users?pageSize=100');
    expect(users.json().items.find((u: any) => u.id === a.userId).activeSessions).toBe(2);

    const plain = await t.login('secadmin'); // password only
    const noMfa = await as(t, plain).post(`/api/admin/users/${a.userId}/sessions/end`, { reason: '手机丢失' });
    expect(noMfa.statusCode).toBe(401);
    expect(noMfa.json().error.code).toBe('mfa_required');
    expect((await as(t, a).post(`/api/admin/users/${b.userId}/sessions/end`, { reason: '手机丢失' })).statusCode).toBe(403);
    expect((await as(t, sec).post(`/api/admin/users/${a.userId}/sessions/end`, {})).statusCode).toBe(400);
    expect([await me(t, a), await me(t, b)]).toEqual([200, 200]);

    const r = await as(t, sec).post(`/api/admin/users/${a.userId}/sessions/end`, { reason: '手机丢失，全部下线' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ended: 2 });
    expect([await me(t, a), await me(t, b)]).toEqual([401, 401]);
    expect(await t.platform.database.db.selectFrom('sessions').select('id').where('user_id', '=', a.userId).execute()).toEqual([]);
    expect((await t.services.auth.findById(a.userId))!.status).toBe('active');
    expect((await t.login('admin')).userId).toBe(a.userId); // not disabled: can sign in again
    expect(await auditRows(t, { action: 'sessions_end_all', object_id: a.userId })).toMatchObject([
      { outcome: 'success', severity: 'high', reason: '手机丢失，全部下线', count: 2, actor_id: sec.userId, object_type: 'user' },
    ]);
    const again = await as(t, sec).get('/api/admin/users?pageSize=100');
    expect(again.json().items.find((u: any) => u.id === a.userId).activeSessions).toBe(1);
  });

  it("out of the admin's scope (or unknown) answers 404 audited as denied; one's own account is refused", async () => {
    await t.services.auth.createUser({ username: 'seca', displayName: 'A社区安全员', role: 'security_admin', orgId: t.orgs.community.id, password: DEMO_PASSWORD });
    const local = await t.loginMfa('seca');
    const target = await t.login('sysadmin'); // city level: outside community A
    const r = await as(t, local).post(`/api/admin/users/${target.userId}/sessions/end`, { reason: '手机丢失' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatchObject({ code: 'not_found', messageEn: 'User not found' });
    expect(await me(t, target)).toBe(200);
    expect(await auditRows(t, { action: 'sessions_end_all', object_id: target.userId })).toMatchObject([{ outcome: 'denied', severity: 'high', actor_id: local.userId }]);
    expect((await as(t, local).post('/api/admin/users/00000000-0000-7000-8000-000000000000/sessions/end', { reason: '手机丢失' })).statusCode).toBe(404);
    const self = await as(t, local).post(`/api/admin/users/${local.userId}/sessions/end`, { reason: '手机丢失' });
    expect(self.statusCode).toBe(409);
    expect(self.json().error).toMatchObject({ code: 'cannot_sign_out_self', details: [{ path: 'id', code: 'self' }] });
    expect(await me(t, local)).toBe(200);
    const grid = await t.login('volunteer');
    expect((await as(t, local).post(`/api/admin/users/${grid.userId}/sessions/end`, { reason: '手机丢失' })).statusCode).toBe(200);
    expect(await me(t, grid)).toBe(401);
  });

  it('the new session columns are classified in the field registry (personal, gone with the session); the full address column is gone', async () => {
    expect(FIELD_REGISTRY.sessions!.device_label).toMatchObject({ class: 'personal', exportable: 'never', retention: { days: null, from: 'sessionEnd' } });
    expect(FIELD_REGISTRY.sessions!.ip_network).toMatchObject({ class: 'personal', exportable: 'never', retention: { days: null, from: 'sessionEnd' } });
    const cols = (await listSchemaColumns(t.platform.database)).filter((c) => c.table === 'sessions').map((c) => c.column);
    expect(cols).toEqual(expect.arrayContaining(['device_label', 'ip_network']));
    expect(cols).not.toContain('ip');
    expect(Object.keys(FIELD_REGISTRY.sessions!).sort()).toEqual([...cols].sort());
  });
});

describe('signed-in devices with the Redis session store (REDIS_URL, real Redis on 127.0.0.1:6379)', () => {
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
  const key = (s: Session) => `rx:sess:${sha256(token(s))}`;

  it('lists both devices from Redis (masked, no raw UA or full IP in the record), ends the other one at once, end-others keeps the current one', async () => {
    expect(t.platform.sessions.kind).toBe('redis');
    const phone = await loginFrom(t, 'grid1', ANDROID_CHROME, PHONE_IP);
    const lost = await loginFrom(t, 'grid1', IPHONE_SAFARI, OFFICE_IP);
    const stored = (await redis.get(key(phone)))!;
    expect(JSON.parse(stored)).toMatchObject({ deviceLabel: 'Chrome 131 · Android', ipNetwork: '10.23.*.*' });
    for (const secret of [PHONE_IP, 'Mozilla', 'Build/UKQ1']) expect(stored).not.toContain(secret);
    expect(JSON.parse(stored)).not.toHaveProperty('ip');
    const items = await list(t, phone);
    expect(items.map((i) => [i.deviceLabel, i.ipNetwork, i.current]).sort()).toEqual([['Chrome 131 · Android', '10.23.*.*', true], ['Safari 17 · iOS', '2409:8a00:1234:*', false]]);
    expect(await me(t, lost)).toBe(200);
    expect((await as(t, phone).post(`/api/auth/sessions/${items.find((i) => !i.current)!.id}/end`)).statusCode).toBe(204);
    expect(await redis.exists(key(lost))).toBe(0);
    expect(await me(t, lost)).toBe(401);
    expect(await me(t, phone)).toBe(200);

    const x = await t.login('grid1');
    const y = await t.login('grid1');
    expect((await as(t, phone).post('/api/auth/sessions/end-others')).json()).toEqual({ ended: 2 });
    expect([await me(t, phone), await me(t, x), await me(t, y)]).toEqual([200, 401, 401]);
    expect(await redis.smembers(`rx:sess:user:${phone.userId}`)).toEqual([sha256(token(phone))]);
  });

  it("the security admin's sign-out-everywhere deletes every Redis session key of the user; the account stays active", async () => {
    const sec = await t.loginMfa('secadmin');
    const a = await t.login('doctor');
    const b = await t.login('doctor');
    const users = await as(t, sec).get('/api/admin/users?pageSize=100');
    expect(users.json().items.find((u: any) => u.id === a.userId).activeSessions).toBe(2);
    const r = await as(t, sec).post(`/api/admin/users/${a.userId}/sessions/end`, { reason: '手机丢失' });
    expect(r.json()).toEqual({ ended: 2 });
    expect([await redis.exists(key(a)), await redis.exists(key(b)), await redis.exists(`rx:sess:user:${a.userId}`)]).toEqual([0, 0, 0]);
    expect([await me(t, a), await me(t, b)]).toEqual([401, 401]);
    expect((await t.services.auth.findById(a.userId))!.status).toBe('active');
  });
});
