// ADR 0017 — account administration by the security admin: create an account with a one-time password, change its
// name / role / org, reset a forgotten password; a one-time password restricts the session until the user has set
// their own (enforced centrally in http/access.ts). Runs on SQLite, and on PostgreSQL with RENXING_TEST_DIALECT=postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_DIALECT, type Session, type TestApp } from '../../../test/harness';
import { DEMO_PASSWORD, DEMO_USERS } from '../../seed/foundation';
import { ONE_TIME_PASSWORD_LENGTH, oneTimePassword, ROLE_ORG_LEVELS } from './account-rules';

const NEW_PASSWORD = 'Wangge-Zhang#2026';

const login = (t: TestApp, username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe(`account administration (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let sec: Session;
  const create = (s: Session, body: unknown) => as(t, s).post('/api/admin/users', body);
  const update = (s: Session, id: string, body: unknown) => as(t, s).post(`/api/admin/users/${id}/update`, body);
  const reset = (s: Session, id: string, body: unknown = { reason: '本人忘记密码，当面核实身份' }) => as(t, s).post(`/api/admin/users/${id}/password-reset`, body);
  const grid = (i: number) => t.orgs.grids[i]!.id;

  /** Everything stored or written that could hold a secret: audit rows, every users column, the log lines. */
  async function traces(): Promise<string> {
    const db = t.platform.database.db;
    const audit = await db.selectFrom('audit_log').selectAll().execute();
    const users = await db.selectFrom('users').selectAll().execute();
    return JSON.stringify(audit) + JSON.stringify(users) + t.logs.join('\n');
  }

  beforeAll(async () => {
    t = await createTestApp();
    sec = await t.loginMfa('secadmin');
  });
  afterAll(async () => t.close());

  it('one-time passwords: 16 characters of an unambiguous alphabet, different each time, passing the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const pw = oneTimePassword('zhang.wei');
      expect(pw).toMatch(new RegExp(`^[A-HJ-NP-Za-km-np-z2-9]{${ONE_TIME_PASSWORD_LENGTH}}$`));
      seen.add(pw);
    }
    expect(seen.size).toBe(200);
  });

  it('creates a grid worker with a one-time password: login works, but until the password is changed every other API answers 403 password_change_required', async () => {
    const r = await create(sec, { username: ' Zhang.Wei ', displayName: ' 张伟 ', role: 'grid_worker', orgId: grid(1) });
    expect(r.statusCode).toBe(201);
    const { user, oneTimePassword: otp } = r.json();
    expect(user).toMatchObject({ username: 'zhang.wei', displayName: '张伟', role: 'grid_worker', org: { id: grid(1), name: '第二网格', level: 'grid' }, status: 'active', mustChangePassword: true, version: 1 });
    expect(otp).toHaveLength(16);
    expect(r.body).not.toMatch(/argon2|passwordHash|password_hash/);
    const stored = await t.services.auth.findById(user.id);
    expect(stored!.mustChangePassword).toBe(true);
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);

    // The one-time password is nowhere: not in the audit log, not in any users column, not in the logs.
    expect(await traces()).not.toContain(otp);
    const rows = await auditRows(t, { action: 'user_create', object_id: user.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object_type: 'user', outcome: 'success', severity: 'normal', actor_id: sec.userId });
    expect(JSON.parse(rows[0]!.fields as string)).toEqual(['username', 'displayName', 'role', 'org']);

    // Login with it works; the session is restricted to me / change password / logout.
    const first = await login(t, 'zhang.wei', otp);
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({ username: 'zhang.wei', role: 'grid_worker', mustChangePassword: true });
    const s = await t.login('zhang.wei', otp);
    const me = await as(t, s).get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.mustChangePassword).toBe(true);
    for (const [method, url] of [['GET', '/api/residents?pageSize=5'], ['GET', '/api/notifications'], ['GET', '/api/self-reports/coverage'], ['POST', '/api/auth/mfa/setup']] as const) {
      const res = await t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'password_change_required', message: '请先设置您自己的密码', messageEn: 'Set your own password first' });
    }
    // Changing the password to the same one-time password is refused; to a new one works and ends the session.
    const same = await as(t, s).post('/api/auth/password', { currentPassword: otp, newPassword: otp });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.details[0]).toMatchObject({ path: 'newPassword', code: 'same_as_current' });
    expect((await as(t, s).post('/api/auth/password', { currentPassword: otp, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
    expect((await as(t, s).get('/api/auth/me')).statusCode).toBe(401);
    expect((await login(t, 'zhang.wei', otp)).statusCode).toBe(401);

    // With their own password: full access of a grid worker, in their grid.
    const own = await t.login('zhang.wei', NEW_PASSWORD);
    const me2 = (await as(t, own).get('/api/auth/me')).json().user;
    expect(me2).toMatchObject({ mustChangePassword: false, org: { name: '第二网格' } });
    expect(me2.permissions).toContain('resident:read');
    expect((await as(t, own).get('/api/residents?pageSize=5')).statusCode).toBe(200);
    expect((await as(t, own).get('/api/notifications')).statusCode).toBe(200);
    expect(await traces()).not.toContain(NEW_PASSWORD);
  });

  it('logout works during the forced change; exactly me, change password and logout are open to such a session', async () => {
    const r = await create(sec, { username: 'li.na', displayName: '李娜', role: 'volunteer', orgId: t.orgs.community.id });
    const s = await t.login('li.na', r.json().oneTimePassword);
    expect((await as(t, s).post('/api/auth/logout')).statusCode).toBe(204);
    expect((await as(t, s).get('/api/auth/me')).statusCode).toBe(401);
    const open = t.routes.filter((x) => x.duringPasswordChange).map((x) => `${x.method} ${x.url}`).sort();
    expect(open).toEqual(['GET /api/auth/me', 'POST /api/auth/logout', 'POST /api/auth/password']);
  });

  it('demo (seeded) accounts are not affected: the flag is false and their sessions are not restricted', async () => {
    for (const u of DEMO_USERS) expect((await t.services.auth.findByUsername(u.username))!.mustChangePassword, u.username).toBe(false);
    const admin = await t.login('admin');
    expect((await as(t, admin).get('/api/auth/me')).json().user.mustChangePassword).toBe(false);
    expect((await as(t, admin).get('/api/residents?pageSize=5')).statusCode).toBe(200);
    const list = (await as(t, sec).get('/api/admin/users?q=admin')).json();
    expect(list.items[0]).toMatchObject({ username: 'admin', mustChangePassword: false, version: 1 });
  });

  it('a taken username answers 409 naming username (also after lower-casing)', async () => {
    const r = await create(sec, { username: 'GRID1', displayName: '重名', role: 'grid_worker', orgId: grid(0) });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'duplicate_username', details: [{ path: 'username', code: 'duplicate' }] });
    expect(r.json().error.message).toContain('grid1');
    expect(r.json().error.messageEn).toContain('grid1');
  });

  it('username and display name rules: 3–32 of [a-z0-9._-], display name 1–64 after trimming', async () => {
    for (const username of ['ab', 'a'.repeat(33), 'zhang wei', '张伟', 'x@y']) {
      const r = await create(sec, { username, displayName: '某人', role: 'volunteer', orgId: t.orgs.community.id });
      expect(r.statusCode, username).toBe(400);
      expect(r.json().error.details[0], username).toMatchObject({ path: expect.stringMatching(/username$/) });
    }
    for (const displayName of ['   ', 'x'.repeat(65)]) {
      const r = await create(sec, { username: 'ok.name', displayName, role: 'volunteer', orgId: t.orgs.community.id });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details[0].path).toBe('body.displayName');
    }
    const extra = await create(sec, { username: 'ok.name', displayName: '某人', role: 'volunteer', orgId: t.orgs.community.id, password: 'Mine#123456789' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details[0]).toMatchObject({ path: 'body.password', code: 'unknown_field' });
  });

  it('the role must fit the org level (400 naming role); resident and device accounts are not created here', async () => {
    const cases: Array<[string, string]> = [
      ['grid_worker', t.orgs.community.id], ['community_admin', grid(0)], ['street_staff', t.orgs.community.id], ['district_staff', t.orgs.street.id],
      ['doctor', grid(0)], ['security_admin', t.orgs.community.id], ['auditor', t.orgs.street.id],
    ];
    for (const [role, orgId] of cases) {
      const r = await create(sec, { username: `bad.${role}`.replace(/_/g, '-'), displayName: '错配', role, orgId });
      expect(r.statusCode, role).toBe(400);
      expect(r.json().error.details, role).toEqual([expect.objectContaining({ path: 'role', code: 'role_org_mismatch' })]);
    }
    for (const role of ['resident', 'device']) {
      const r = await create(sec, { username: `no-${role}`, displayName: '不行', role, orgId: grid(0) });
      expect(r.statusCode, role).toBe(400);
      expect(r.json().error.details, role).toEqual([expect.objectContaining({ path: 'role', code: 'role_not_assignable' })]);
    }
    expect(Object.keys(ROLE_ORG_LEVELS)).not.toContain('resident');
    // A volunteer may belong to a grid; a privileged role is audited at high severity.
    expect((await create(sec, { username: 'vol.grid3', displayName: '第三网格志愿者', role: 'volunteer', orgId: grid(2) })).statusCode).toBe(201);
    const aud = await create(sec, { username: 'auditor.dh', displayName: '定海区审计员', role: 'auditor', orgId: t.orgs.district.id });
    expect(aud.statusCode).toBe(201);
    expect(await auditRows(t, { action: 'user_create', object_id: aud.json().user.id })).toMatchObject([{ severity: 'high' }]);
    expect(await t.services.auth.findByUsername('no-resident')).toBeNull();
  });

  it("an org outside the admin's scope answers 404 naming orgId (audited as denied); so does an account outside it", async () => {
    await t.services.auth.createUser({ username: 'sec.a', displayName: 'A社区安全员', role: 'security_admin', orgId: t.orgs.community.id, password: DEMO_PASSWORD });
    const local = await t.loginMfa('sec.a');
    for (const orgId of [t.orgs.otherGrids[0]!.id, t.orgs.street.id, '00000000-0000-7000-8000-000000000000']) {
      const r = await create(local, { username: 'out.of.scope', displayName: '越权', role: 'grid_worker', orgId });
      expect(r.statusCode).toBe(404);
      expect(r.json().error).toMatchObject({ code: 'not_found', details: [{ path: 'orgId', code: 'not_found' }] });
    }
    expect(await t.services.auth.findByUsername('out.of.scope')).toBeNull();
    expect((await auditRows(t, { action: 'user_create', actor_id: local.userId })).map((r) => [r.outcome, r.object_type, r.reason])).toEqual(Array(3).fill(['denied', 'user', 'org_out_of_scope']));
    // Inside the scope it works; the org list offers only the community and its grids.
    expect((await create(local, { username: 'in.scope', displayName: '本社区网格员', role: 'grid_worker', orgId: grid(3) })).statusCode).toBe(201);
    const orgList = (await as(t, local).get('/api/admin/orgs')).json();
    expect(orgList.items.map((o: any) => o.level).sort()).toEqual(['community', ...Array(8).fill('grid')]);
    expect(orgList.items.find((o: any) => o.id === grid(1)).label).toBe('A社区 / 第二网格');
    expect(orgList.roleLevels.grid_worker).toEqual(['grid']);
    const grids = (await as(t, local).get('/api/admin/orgs?level=grid')).json().items;
    expect(grids).toHaveLength(8);
    // Accounts outside: update and reset answer 404.
    const street = (await t.services.auth.findByUsername('street'))!;
    expect((await update(local, street.id, { version: street.version, displayName: '改名' })).statusCode).toBe(404);
    expect((await reset(local, street.id)).statusCode).toBe(404);
    expect((await t.services.auth.findById(street.id))!.displayName).toBe('街道防控办');
  });

  it('changing role or org ends the sessions and the new rights apply at once; a stale version answers 409', async () => {
    const created = (await create(sec, { username: 'wang.fang', displayName: '王芳', role: 'volunteer', orgId: t.orgs.community.id })).json();
    const first = await t.login('wang.fang', created.oneTimePassword);
    await as(t, first).post('/api/auth/password', { currentPassword: created.oneTimePassword, newPassword: NEW_PASSWORD });
    const s = await t.login('wang.fang', NEW_PASSWORD);
    expect((await as(t, s).get('/api/residents?pageSize=5')).statusCode).toBe(403); // a volunteer reads no residents
    const v1 = (await t.services.auth.findById(created.user.id))!.version;

    // Name only: no session ends.
    const named = await update(sec, created.user.id, { version: v1, displayName: ' 王芳芳 ' });
    expect(named.statusCode).toBe(200);
    expect(named.json()).toMatchObject({ displayName: '王芳芳', version: v1 + 1 });
    expect((await as(t, s).get('/api/auth/me')).json().user.displayName).toBe('王芳芳');

    // A stale version is refused, nothing changes.
    const stale = await update(sec, created.user.id, { version: v1, role: 'grid_worker', orgId: grid(1) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', details: [{ path: 'version' }] });
    expect((await t.services.auth.findById(created.user.id))!.role).toBe('volunteer');

    // The role must fit the (new) org: grid worker needs a grid.
    const misfit = await update(sec, created.user.id, { version: v1 + 1, role: 'grid_worker' });
    expect(misfit.statusCode).toBe(400);
    expect(misfit.json().error.details[0]).toMatchObject({ path: 'role', code: 'role_org_mismatch' });

    const moved = await update(sec, created.user.id, { version: v1 + 1, role: 'grid_worker', orgId: grid(1) });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ role: 'grid_worker', org: { id: grid(1), level: 'grid' }, version: v1 + 2 });
    expect((await as(t, s).get('/api/auth/me')).statusCode).toBe(401); // the session ended at once
    const again = await t.login('wang.fang', NEW_PASSWORD);
    expect((await as(t, again).get('/api/auth/me')).json().user).toMatchObject({ role: 'grid_worker', org: { name: '第二网格' } });
    expect((await as(t, again).get('/api/residents?pageSize=5')).statusCode).toBe(200);
    const rows = await auditRows(t, { action: 'user_update', object_id: created.user.id });
    expect(rows.map((r) => JSON.parse(r.fields as string))).toEqual([['displayName'], ['role', 'org']]);
    expect(rows[1]).toMatchObject({ outcome: 'success', severity: 'normal', reason: expect.stringContaining('role=volunteer->grid_worker') });

    // A grid worker moving to another grid.
    const v = (await t.services.auth.findById(created.user.id))!.version;
    expect((await update(sec, created.user.id, { version: v, orgId: grid(4) })).json().org.name).toBe('第五网格');
    expect((await as(t, again).get('/api/auth/me')).statusCode).toBe(401);

    // Resident accounts and the device role stay out of this.
    const resident = (await t.services.auth.findByUsername('resident'))!;
    const r1 = await update(sec, resident.id, { version: resident.version, role: 'volunteer' });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details[0]).toMatchObject({ path: 'role', code: 'role_not_assignable' });
    const vol = (await t.services.auth.findByUsername('volunteer'))!;
    const r2 = await update(sec, vol.id, { version: vol.version, role: 'device' });
    expect(r2.json().error.details[0]).toMatchObject({ path: 'role', code: 'role_not_assignable' });

    // Giving a privileged role is audited at high severity.
    const sv = (await t.services.auth.findById(created.user.id))!.version;
    expect((await update(sec, created.user.id, { version: sv, role: 'auditor', orgId: t.orgs.district.id })).statusCode).toBe(200);
    expect((await auditRows(t, { action: 'user_update', object_id: created.user.id })).at(-1)).toMatchObject({ severity: 'high' });
  });

  it('a security admin cannot change their own role or org, nor reset their own password here (409)', async () => {
    const self = (await t.services.auth.findById(sec.userId))!;
    const r = await update(sec, sec.userId, { version: self.version, role: 'auditor' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'cannot_change_self', details: [{ path: 'role', code: 'self' }] });
    const o = await update(sec, sec.userId, { version: self.version, orgId: t.orgs.district.id });
    expect(o.json().error).toMatchObject({ code: 'cannot_change_self', details: [{ path: 'orgId' }] });
    const p = await reset(sec, sec.userId);
    expect(p.statusCode).toBe(409);
    expect(p.json().error).toMatchObject({ code: 'cannot_reset_self', details: [{ path: 'id', code: 'self' }] });
    expect((await t.services.auth.findById(sec.userId))!).toMatchObject({ role: 'security_admin', orgId: t.orgs.city.id, version: self.version });
    expect((await as(t, sec).get('/api/auth/me')).statusCode).toBe(200);
  });

  it('password reset: the old password fails, the new one-time password works (restricted), sessions end, audited with the reason', async () => {
    const doctor = (await t.services.auth.findByUsername('doctor'))!;
    const s = await t.login('doctor');
    const r = await reset(sec, doctor.id);
    expect(r.statusCode).toBe(200);
    const otp = r.json().oneTimePassword as string;
    expect(otp).toHaveLength(16);
    expect(r.json().user).toMatchObject({ username: 'doctor', mustChangePassword: true });
    expect((await as(t, s).get('/api/auth/me')).statusCode).toBe(401);
    expect((await login(t, 'doctor', DEMO_PASSWORD)).statusCode).toBe(401);
    const s2 = await t.login('doctor', otp);
    expect((await as(t, s2).get('/api/residents?pageSize=5')).json().error.code).toBe('password_change_required');
    expect(await auditRows(t, { action: 'password_reset', object_id: doctor.id })).toMatchObject([
      { reason: '本人忘记密码，当面核实身份', severity: 'high', outcome: 'success', actor_id: sec.userId },
    ]);
    expect(await traces()).not.toContain(otp);
    const short = await reset(sec, doctor.id, { reason: ' ' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('body.reason');
  });

  it('a reset lifts a login lock-out of the account', async () => {
    const collector = (await t.services.auth.findByUsername('collector'))!;
    for (let i = 0; i < 5; i++) await login(t, 'collector', 'wrong-password-123');
    expect((await login(t, 'collector', DEMO_PASSWORD)).statusCode).toBe(429);
    const otp = (await reset(sec, collector.id)).json().oneTimePassword;
    expect((await login(t, 'collector', otp)).statusCode).toBe(200);
  });

  it('a community admin (no user:manage) gets 403; a security admin without the second factor gets 401 mfa_required', async () => {
    const admin = await t.login('admin');
    const vol = (await t.services.auth.findByUsername('volunteer'))!;
    const body = { username: 'nope.one', displayName: '不行', role: 'volunteer', orgId: t.orgs.community.id };
    expect((await create(admin, body)).statusCode).toBe(403);
    expect((await update(admin, vol.id, { version: vol.version, displayName: 'x' })).statusCode).toBe(403);
    expect((await reset(admin, vol.id)).statusCode).toBe(403);
    expect((await as(t, admin).get('/api/admin/orgs')).statusCode).toBe(403);
    const plain = await t.login('secadmin');
    for (const res of [await create(plain, body), await update(plain, vol.id, { version: vol.version, displayName: 'x' }), await reset(plain, vol.id)]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('mfa_required');
    }
    expect(await t.services.auth.findByUsername('nope.one')).toBeNull();
    expect((await t.services.auth.findById(vol.id))!.displayName).toBe('志愿者');
  });

  it('a new colleague cannot take the published demo password as their own (in any case or width)', async () => {
    const r = await create(sec, { username: 'demo.copy', displayName: '照抄演示', role: 'volunteer', orgId: t.orgs.community.id });
    const otp = r.json().oneTimePassword as string;
    const s = await t.login('demo.copy', otp);
    for (const pw of [DEMO_PASSWORD, DEMO_PASSWORD.toLowerCase(), ` ${DEMO_PASSWORD} `, 'Ｒｅｎｘｉｎｇ＠Ｄｅｍｏ２０２６']) {
      const res = await as(t, s).post('/api/auth/password', { currentPassword: otp, newPassword: pw });
      expect(res.statusCode, pw).toBe(400);
      expect(res.json().error.details[0]).toMatchObject({ path: 'newPassword', code: 'common', message: '这是公开的演示密码，人人都知道，请换一个' });
    }
    expect((await as(t, s).post('/api/auth/password', { currentPassword: otp, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
  });

  it('guessing the current password on the change-password form is throttled: the 6th try is 429 even with the right one', async () => {
    const r = await create(sec, { username: 'guess.me', displayName: '猜密码', role: 'volunteer', orgId: t.orgs.community.id });
    const otp = r.json().oneTimePassword as string;
    const s = await t.login('guess.me', otp);
    for (let i = 0; i < 5; i++) {
      const res = await as(t, s).post('/api/auth/password', { currentPassword: `wrong-guess-${i}`, newPassword: NEW_PASSWORD });
      expect(res.statusCode, `try ${i}`).toBe(401);
      expect(res.json().error.details[0]).toMatchObject({ path: 'currentPassword', code: 'invalid_credentials' });
    }
    const locked = await as(t, s).post('/api/auth/password', { currentPassword: otp, newPassword: NEW_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const denied = await auditRows(t, { action: 'password_change', object_id: r.json().user.id });
    expect(denied.map((d) => d.outcome)).toEqual(Array(6).fill('denied'));
    // After the lock the right password works again, and the counter starts afresh.
    t.clock.advance(16 * 60_000);
    const again = await t.login('guess.me', otp);
    expect((await as(t, again).post('/api/auth/password', { currentPassword: otp, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
  });

  it('the routes are in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ url: '/api/docs/json' })).json();
    expect(Object.keys(spec.paths['/api/admin/users'])).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/api/admin/users/{id}/update'])).toEqual(['post']);
    expect(Object.keys(spec.paths['/api/admin/users/{id}/password-reset'])).toEqual(['post']);
    expect(Object.keys(spec.paths['/api/admin/orgs'])).toEqual(['get']);
  });
});
