// The security admin's account list (GET /api/admin/users): user:manage only, the caller's org and below, whether a
// second factor is set up but never a password hash or secret, and each read is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';

describe('GET /api/admin/users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('secadmin gets the accounts with mfaEnrolled flags, paged, without secrets; the read is audited', async () => {
    await t.loginMfa('admin'); // the community admin has set up an authenticator
    const sec = await t.login('secadmin');
    const before = Number((await t.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    const r = await as(t, sec).get('/api/admin/users?pageSize=100');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ page: 1, pageSize: 100 });
    expect(body.total).toBe(body.items.length);
    const byName = new Map<string, any>(body.items.map((u: any) => [u.username, u]));
    expect(byName.get('admin')).toMatchObject({ displayName: '社区书记', role: 'community_admin', status: 'active', mfaEnrolled: true, org: { level: 'community' } });
    expect(byName.get('grid1')).toMatchObject({ role: 'grid_worker', mfaEnrolled: false, org: { level: 'grid' } });
    expect(byName.get('secadmin')).toMatchObject({ role: 'security_admin', org: { level: 'city' } });
    expect(Object.keys(byName.get('admin')).sort()).toEqual(['activeSessions', 'createdAt', 'displayName', 'id', 'mfaEnrolled', 'mustChangePassword', 'org', 'role', 'status', 'username', 'version']);
    // No password, hash or secret (the mustChangePassword flag is only a boolean).
    expect(r.body.replace(/"mustChangePassword":(true|false)/g, '')).not.toMatch(/password|passwordHash|mfa_|mfaSecret|secret|\$argon2|v1\./i);

    const rows = await t.platform.database.db.selectFrom('audit_log').selectAll().where('id', '>', before).execute();
    expect(rows.filter((a) => a.action === 'list' && a.object_type === 'user' && a.actor_id === sec.userId)).toHaveLength(1);
  });

  it('filters by username or display-name prefix and by role; pageSize is capped at 100', async () => {
    const sec = await t.login('secadmin');
    const q = async (qs: string) => (await as(t, sec).get(`/api/admin/users?${qs}`)).json();
    expect((await q('q=grid')).items.map((u: any) => u.username)).toEqual(['grid1']);
    expect((await q('q=GRI')).items.map((u: any) => u.username)).toEqual(['grid1']);
    expect((await q(`q=${encodeURIComponent('社区')}`)).items.map((u: any) => u.username).sort()).toEqual(['admin', 'doctor']);
    expect((await q('q=rid')).items).toEqual([]); // prefix, not substring
    expect((await q('q=%25')).items).toEqual([]); // a LIKE wildcard is matched literally
    expect((await q('role=security_admin')).items.map((u: any) => u.username)).toEqual(['secadmin']);
    const paged = await q('pageSize=2&page=2');
    expect(paged.items).toHaveLength(2);
    expect(paged.total).toBeGreaterThan(4);
    expect((await as(t, sec).get('/api/admin/users?pageSize=101')).statusCode).toBe(400);
    expect((await as(t, sec).get('/api/admin/users?role=nobody')).statusCode).toBe(400);
  });

  it('a community admin (without user:manage) gets 403; anonymous gets 401', async () => {
    const admin = await t.login('admin');
    expect((await as(t, admin).get('/api/admin/users')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(401);
  });
});
