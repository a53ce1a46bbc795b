// SECURITY.md §7 G34 — MFA for privileged actions: a password-only session gets 401 mfa_required on export approval;
// after setting up TOTP (or entering a code in a later session) the same call passes the gate. Codes work once, wrong
// codes are throttled, the secret is encrypted at rest, and a security admin can reset a lost authenticator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { base32Decode, hotp, stepAt } from './totp';

describe('second factor for privileged actions (G34)', () => {
  let t: TestApp;
  let secret: Buffer;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const approve = (s: { cookie: string; csrf: string; userId: string }) =>
    as(t, s).post('/api/exports/00000000-0000-7000-8000-000000000000/approve', { decision: 'approve', note: '同意' });
  const step = () => stepAt(t.clock.now().getTime());

  it('password only → 401 mfa_required (enroll); set up an authenticator → the approval passes the gate', async () => {
    const admin = await t.login('admin');
    const me = (await as(t, admin).get('/api/auth/me')).json();
    expect(me.user.mfa).toEqual({ enrolled: false, verified: false });
    const r = await approve(admin);
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toMatchObject({ code: 'mfa_required', details: [{ path: 'mfa', code: 'enroll' }] });

    const setup = await as(t, admin).post('/api/auth/mfa/setup');
    expect(setup.statusCode).toBe(200);
    expect(setup.json().otpauthUri).toMatch(/^otpauth:\/\/totp\/Renxing%20%E9%9F%A7%E6%80%A7%3Aadmin\?/);
    secret = base32Decode(setup.json().secret);
    // The secret is stored encrypted, never in plain or base32 form.
    const row = await t.platform.database.db.selectFrom('users').select(['mfa_pending_enc', 'mfa_secret_enc']).where('id', '=', admin.userId).executeTakeFirstOrThrow();
    expect(row.mfa_secret_enc).toBeNull();
    expect(row.mfa_pending_enc).toMatch(/^v1\./);
    expect(row.mfa_pending_enc).not.toContain(setup.json().secret);

    const wrong = await as(t, admin).post('/api/auth/mfa/enable', { code: hotp(secret, step() + 5) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0]).toMatchObject({ path: 'code', code: 'mfa_code_invalid' });
    expect((await approve(admin)).statusCode).toBe(401);

    const ok = await as(t, admin).post('/api/auth/mfa/enable', { code: hotp(secret, step()) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ enrolled: true, verified: true });
    const after = await approve(admin);
    expect(after.statusCode).toBe(404); // past the MFA gate: the (made-up) export does not exist
    expect((await as(t, admin).get('/api/auth/me')).json().user.mfa).toEqual({ enrolled: true, verified: true });
    const again = await as(t, admin).post('/api/auth/mfa/setup');
    expect(again.statusCode).toBe(409);
  });

  it('a new session needs a code (verify); each code works once', async () => {
    t.clock.advance(60_000);
    const s = await t.login('admin');
    const r = await approve(s);
    expect(r.statusCode).toBe(401);
    expect(r.json().error.details[0].code).toBe('verify');
    const code = hotp(secret, step());
    expect((await as(t, s).post('/api/auth/mfa/verify', { code })).statusCode).toBe(200);
    expect((await approve(s)).statusCode).toBe(404);
    const other = await t.login('admin');
    const replay = await as(t, other).post('/api/auth/mfa/verify', { code });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.details[0].code).toBe('mfa_code_invalid');
    expect((await approve(other)).statusCode).toBe(401);
    // Roles without the permission still get 403 first (the MFA gate does not reveal anything to them).
    const grid = await t.login('grid1');
    expect((await approve(grid)).statusCode).toBe(403);
  });

  it('five wrong codes lock the second factor (429 with retry-after), audited at high severity', async () => {
    t.clock.advance(16 * 60_000); // past the throttle window of the two wrong codes above
    const s = await t.login('admin');
    const before = Number((await t.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    const bad = String((Number(hotp(secret, step())) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) expect((await as(t, s).post('/api/auth/mfa/verify', { code: bad })).statusCode).toBe(400);
    const locked = await as(t, s).post('/api/auth/mfa/verify', { code: hotp(secret, step()) });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const rows = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'mfa_verify_failed').where('object_id', '=', s.userId).where('id', '>', before).execute();
    expect(rows).toHaveLength(5);
    expect(rows.every((x) => x.severity === 'high')).toBe(true);
  });

  it('a security admin (with their own second factor) resets a lost authenticator; the user sets up again', async () => {
    const target = await t.login('admin');
    const sec = await t.login('secadmin');
    const denied = await as(t, sec).post(`/api/admin/users/${target.userId}/mfa-reset`);
    expect(denied.statusCode).toBe(401);
    const secOk = await t.loginMfa('secadmin');
    expect((await as(t, secOk).post(`/api/admin/users/${target.userId}/mfa-reset`)).statusCode).toBe(204);
    expect((await as(t, target).get('/api/auth/me')).statusCode).toBe(401); // the user's sessions ended
    const fresh = await t.login('admin');
    expect((await as(t, fresh).get('/api/auth/me')).json().user.mfa).toEqual({ enrolled: false, verified: false });
    expect((await approve(fresh)).json().error.details[0].code).toBe('enroll');
    const reset = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'mfa_reset').execute();
    expect(reset).toHaveLength(1);
    expect(reset[0]).toMatchObject({ severity: 'high', object_id: target.userId, actor_id: secOk.userId });
  });
  it("a security admin cannot reset the authenticator of an account outside their org: 404, audited as denied, nothing changed", async () => {
    // A security admin of community A; the doctor of community B is outside their scope.
    await t.services.auth.createUser({ username: 'seca-mfa', displayName: 'A社区安全员', role: 'security_admin', orgId: t.orgs.community.id, password: DEMO_PASSWORD });
    await t.services.auth.createUser({ username: 'bdoctor-mfa', displayName: 'B社区医生', role: 'doctor', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    const outsider = await t.login('bdoctor-mfa');
    expect((await as(t, outsider).post('/api/auth/mfa/setup')).statusCode).toBe(200);
    const before = await t.platform.database.db.selectFrom('users').select('mfa_pending_enc').where('id', '=', outsider.userId).executeTakeFirstOrThrow();
    expect(before.mfa_pending_enc).not.toBeNull();
    const local = await t.loginMfa('seca-mfa');
    const r = await as(t, local).post(`/api/admin/users/${outsider.userId}/mfa-reset`);
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatchObject({ code: 'not_found', messageEn: 'User not found' });
    const after = await t.platform.database.db.selectFrom('users').select('mfa_pending_enc').where('id', '=', outsider.userId).executeTakeFirstOrThrow();
    expect(after.mfa_pending_enc).toBe(before.mfa_pending_enc);
    expect((await as(t, outsider).get('/api/auth/me')).statusCode).toBe(200); // the outsider's session survives
    const denied = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'mfa_reset').where('object_id', '=', outsider.userId).execute();
    expect(denied).toMatchObject([{ outcome: 'denied', actor_id: local.userId }]);
    // Inside the scope (a grid worker of community A) the reset works.
    const grid = await t.login('grid1');
    expect((await as(t, local).post(`/api/admin/users/${grid.userId}/mfa-reset`)).statusCode).toBe(204);
  });
});
