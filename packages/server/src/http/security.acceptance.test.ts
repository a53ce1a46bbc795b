import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../config';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DATA_KEY, TEST_DIALECT, TEST_INDEX_KEY, type TestApp } from '../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../test/registry-fixture';
import { LOGIN_POLICY, ROLE_PERMISSIONS, ROLES } from '../modules/auth';
import { accessAllows } from './access';
import { FIELD_REGISTRY, TECHNICAL_TABLES, listSchemaColumns } from '../modules/privacy';

const BIN = path.resolve(import.meta.dirname, '../../bin/renxing.mjs');

describe('foundation security acceptance (SECURITY.md §7)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t, 5);
  });
  afterAll(async () => t.close());

  it('B12: every route declares access, and every role outside it gets 403 (deny by default)', async () => {
    const missing = t.routes.filter((r) => !r.access);
    expect(missing).toEqual([]);
    const sessions = Object.fromEntries(await Promise.all(
      ['district', 'street', 'admin', 'grid1', 'doctor', 'collector', 'volunteer', 'resident', 'auditor', 'secadmin', 'sysadmin'].map(async (u) => [u, await t.login(u)] as const),
    ));
    const roleOf: Record<string, string> = {
      district: 'district_staff', street: 'street_staff', admin: 'community_admin', grid1: 'grid_worker', doctor: 'doctor', collector: 'collector',
      volunteer: 'volunteer', resident: 'resident', auditor: 'auditor', secadmin: 'security_admin', sysadmin: 'system_admin',
    };
    let checked = 0;
    for (const route of t.routes) {
      if (route.access === 'public' || route.access === 'authenticated') continue;
      const url = route.url.replace(/:(\w+)/g, 'x0000000');
      for (const [u, s] of Object.entries(sessions)) {
        // A route may accept any one of several permissions (the self-report coverage: self-report:read or :coverage).
        const allowed = accessAllows(route.access!, (p) => ROLE_PERMISSIONS[roleOf[u] as (typeof ROLES)[number]].includes(p));
        if (allowed) continue;
        const res = await as(t, s)[route.method.toLowerCase() as 'get'](url, {} as never);
        expect(res.statusCode, `${u} ${route.method} ${route.url}`).toBe(403);
        checked++;
      }
      const anon = await t.app.inject({ method: route.method as 'GET', url });
      expect(anon.statusCode, `anonymous ${route.method} ${route.url}`).toBe(401);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('D23: separation of duties — sysadmin and security admin cannot read residents or the audit log; auditor can only read the audit log', async () => {
    const sys = await t.login('sysadmin');
    const sec = await t.login('secadmin');
    const aud = await t.login('auditor');
    expect((await as(t, sys).get(`/api/residents/${fx.R1.id}`)).statusCode).toBe(403);
    expect((await as(t, sys).get('/api/audit')).statusCode).toBe(403);
    expect((await as(t, sec).get(`/api/residents/${fx.R1.id}`)).statusCode).toBe(403);
    expect((await as(t, sec).get('/api/audit')).statusCode).toBe(403);
    expect((await as(t, aud).post(`/api/residents/${fx.R1.id}/update`, { version: 1, phone: null })).statusCode).toBe(403);
    const list = await as(t, aud).get('/api/audit?pageSize=10');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(10);
  });

  it('D19: the audit log cannot be updated or deleted through the application connection', async () => {
    const { db } = t.platform.database;
    const before = await db.selectFrom('audit_log').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    await expect(sql`update audit_log set outcome = 'success' where id = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = 1`.execute(db)).rejects.toThrow(/append-only/);
    if (TEST_DIALECT === 'postgres') await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await db.selectFrom('audit_log').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('D20: the hash chain verifies, and a tampered row is named by the verifier', async () => {
    const { db, dialect } = t.platform.database;
    // Make sure there are enough rows, then tamper with one in the middle as a superuser would.
    const s = await t.login('admin');
    for (let i = 0; i < 20; i++) await as(t, s).post('/api/duty-logs', { category: 'other', content: `entry ${i}` });
    const ok = await t.services.audit.verify();
    expect(ok).toMatchObject({ ok: true, firstBrokenId: null });
    const target = Math.floor(ok.checked / 2);
    if (dialect.name === 'sqlite') {
      await sql.raw('drop trigger audit_log_no_update').execute(db);
      await sql`update audit_log set object_id = 'tampered' where id = ${target}`.execute(db);
    } else {
      await sql.raw('alter table audit_log disable trigger audit_log_no_change').execute(db);
      await sql`update audit_log set object_id = 'tampered' where id = ${target}`.execute(db);
      await sql.raw('alter table audit_log enable trigger audit_log_no_change').execute(db);
    }
    const bad = await t.services.audit.verify();
    expect(bad).toMatchObject({ ok: false, firstBrokenId: target, reason: 'hash_mismatch' });
    const aud = await t.login('auditor');
    expect((await as(t, aud).get('/api/audit/verify')).json()).toMatchObject({ ok: false, firstBrokenId: target });
    if (dialect.name === 'sqlite') {
      // The command-line verifier exits non-zero and names the row.
      const r = spawnSync(process.execPath, [BIN, 'audit', 'verify'], {
        env: { ...process.env, RENXING_DATA_DIR: t.config.dataDir, RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY }, encoding: 'utf8', timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(`row ${target}`);
    }
  });

  it('D21: no full ID or phone number in the application logs or the audit log', async () => {
    const text = t.logs.join('\n');
    for (const v of [...Object.values(FIXTURE_IDS), '13812345678', '13900001111']) expect(text).not.toContain(v);
    const rows = await t.platform.database.db.selectFrom('audit_log').selectAll().execute();
    const dump = JSON.stringify(rows);
    for (const v of [...Object.values(FIXTURE_IDS), '13812345678', '13900001111']) expect(dump).not.toContain(v);
    // And the scrubber itself works on a line that tries.
    t.platform.logger.warn({ note: `test ${FIXTURE_IDS.R1} 13812345678` }, 'scrub check');
    expect(t.logs[t.logs.length - 1]).not.toContain(FIXTURE_IDS.R1);
    expect(t.logs[t.logs.length - 1]).toContain('[REDACTED-ID]');
  });

  it('G32: lock-out after repeated failures, identical for unknown accounts, audited', async () => {
    const attempt = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    for (const u of ['doctor', 'nobody-here']) {
      const bodies: string[] = [];
      for (let i = 1; i <= LOGIN_POLICY.maxFailures; i++) {
        const r = await attempt(u, `wrong-password-${i}`);
        expect(r.statusCode).toBe(401);
        bodies.push(r.json().error.message);
      }
      expect(new Set(bodies).size).toBe(1);
      const locked = await attempt(u, 'wrong-again-xx');
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect((await attempt('doctor', 'Renxing@Demo2026')).statusCode).toBe(429);
    const failed = await t.platform.database.db.selectFrom('audit_log').select('id').where('action', '=', 'login_failed').execute();
    expect(failed.length).toBeGreaterThanOrEqual(10);
    t.clock.advance(LOGIN_POLICY.lockMs + 1000);
    expect((await attempt('doctor', 'Renxing@Demo2026')).statusCode).toBe(200);
  });

  it('G33: password policy rejects short and common passwords; hashes are argon2id', async () => {
    const s = await t.login('street');
    const change = (newPassword: string) => as(t, s).post('/api/auth/password', { currentPassword: 'Renxing@Demo2026', newPassword });
    const short = await change('Passw0rd!');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0]).toMatchObject({ path: 'newPassword', code: 'too_short' });
    const common = await change('123456789012');
    expect(common.json().error.details[0]).toMatchObject({ path: 'newPassword', code: 'common' });
    // Long is not enough: "a" × 200 was taken (walk-through, session 25); repeated or sequential characters are refused.
    const repeated = await change('a'.repeat(200));
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().error.details[0]).toMatchObject({ path: 'newPassword', code: 'repetitive' });
    expect((await change('海风吹过舟山的码头 2026')).statusCode).toBe(204);
    const u = await t.platform.database.db.selectFrom('users').select('password_hash').where('username', '=', 'street').executeTakeFirstOrThrow();
    expect(u.password_hash).toMatch(/^\$argon2id\$/);
    // Changing the password ended the session.
    expect((await as(t, s).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('G35: __Host- cookie with Secure/HttpOnly/SameSite, idle timeout, fresh id per login, dead after logout', async () => {
    const r1 = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'volunteer', password: 'Renxing@Demo2026' } });
    const setCookie = String(r1.headers['set-cookie']);
    expect(setCookie).toMatch(/^__Host-rx_sid=/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    const c1 = r1.cookies[0]!.value;
    const s1 = { cookie: `__Host-rx_sid=${c1}`, csrf: r1.json().csrfToken, userId: '' };
    expect((await as(t, s1).get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance((t.config.sessionIdleMinutes + 1) * 60_000);
    expect((await as(t, s1).get('/api/auth/me')).statusCode).toBe(401);
    const s2 = await t.login('volunteer');
    expect(s2.cookie).not.toBe(s1.cookie);
    expect((await as(t, s2).post('/api/auth/logout')).statusCode).toBe(204);
    expect((await as(t, s2).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('G36: cookie writes need the CSRF token and same origin; text/plain gets 415', async () => {
    const s = await t.login('grid1');
    const noToken = await t.app.inject({ method: 'POST', url: '/api/duty-logs', headers: { cookie: s.cookie }, payload: { category: 'other', content: 'x' } });
    expect(noToken.statusCode).toBe(403);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/duty-logs', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.example', host: 'localhost:80' }, payload: { category: 'other', content: 'x' } });
    expect(foreign.statusCode).toBe(403);
    const plain = await t.app.inject({ method: 'POST', url: '/api/duty-logs', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'text/plain' }, payload: 'category=other' });
    expect(plain.statusCode).toBe(415);
    const ok = await as(t, s).post('/api/duty-logs', { category: 'other', content: 'ok' });
    expect(ok.statusCode).toBe(201);
  });

  it('H38: internal errors give a generic body with the request id; the log has the detail', async () => {
    const s = await t.login('grid1');
    await sql.raw('alter table duty_logs rename to duty_logs_moved').execute(t.platform.database.db);
    try {
      const r = await as(t, s).post('/api/duty-logs', { category: 'other', content: 'boom' });
      expect(r.statusCode).toBe(500);
      expect(r.json()).toEqual({ error: { code: 'internal', message: expect.any(String), messageEn: 'Internal server error', details: [] }, requestId: r.headers['x-request-id'] });
      expect(r.body).not.toMatch(/duty_logs|sqlite|at \w+ \(|\.ts:/i);
      expect(t.logs.some((l) => l.includes(String(r.headers['x-request-id'])) && l.includes('unhandled error'))).toBe(true);
    } finally {
      await sql.raw('alter table duty_logs_moved rename to duty_logs').execute(t.platform.database.db);
    }
  });

  it('H39: security headers on JSON responses; no-store on personal data; no X-Powered-By', async () => {
    const s = await t.login('grid1');
    const r = await as(t, s).get(`/api/residents/${fx.R1.id}`);
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['strict-transport-security']).toContain('max-age=');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-powered-by']).toBeUndefined();
  });

  it('validation errors name the field in zh-CN and English; unknown properties are rejected (no mass assignment)', async () => {
    const s = await t.login('grid1');
    const r = await as(t, s).post('/api/duty-logs', { category: 'party', content: '', role: 'admin' });
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.role', 'body.category', 'body.content']));
    for (const d of r.json().error.details) {
      expect(d.message).toMatch(/[\u4e00-\u9fff]/);
      expect(d.messageEn).toMatch(/[a-z]/);
    }
  });

  it('N65: every database column is classified, and encrypted columns hold no plaintext', async () => {
    const cols = await listSchemaColumns(t.platform.database);
    const missing = cols.filter((c) => !TECHNICAL_TABLES.has(c.table) && !FIELD_REGISTRY[c.table]?.[c.column]).map((c) => `${c.table}.${c.column}`);
    expect(missing).toEqual([]);
    const stale = Object.entries(FIELD_REGISTRY).flatMap(([tb, cs]) => Object.keys(cs).filter((c) => !cols.some((x) => x.table === tb && x.column === c)).map((c) => `${tb}.${c}`));
    expect(stale).toEqual([]);
    if (TEST_DIALECT === 'sqlite') {
      const raw = t.platform.database.sqlite!;
      raw.pragma('wal_checkpoint(TRUNCATE)');
      const fs = await import('node:fs');
      const bytes = fs.readFileSync(t.config.sqlitePath).toString('latin1');
      expect(bytes).not.toContain(FIXTURE_IDS.R1);
      expect(bytes).not.toContain('13900001111');
    }
  });
});

describe('startup refusals', () => {
  it('A9: production mode without keys refuses to start', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, RENXING_MODE: 'production', RENXING_DATA_DIR: path.join(process.env.TMPDIR ?? '/tmp', `rx-nokey-${process.pid}`), PORT: '0', RENXING_DATA_KEY: '', RENXING_INDEX_KEY: '' },
      encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/refusing to start/i);
  });

  it('production mode never creates the demo accounts (published password): auto seeds nothing, demo is refused', () => {
    const base = { ...process.env, RENXING_MODE: 'production', RENXING_DATA_KEY: 'c'.repeat(64), RENXING_INDEX_KEY: 'd'.repeat(64) };
    expect(loadConfig({ ...base, RENXING_SEED: undefined } as NodeJS.ProcessEnv).seed).toBe('none');
    expect(loadConfig({ ...base, RENXING_SEED: 'none' } as NodeJS.ProcessEnv).seed).toBe('none');
    expect(() => loadConfig({ ...base, RENXING_SEED: 'demo' } as NodeJS.ProcessEnv)).toThrow(/RENXING_SEED.*production/);
    expect(loadConfig({ ...base, RENXING_MODE: 'embedded', RENXING_SEED: undefined } as NodeJS.ProcessEnv).seed).toBe('auto');
    const r = spawnSync(process.execPath, [BIN, 'seed', '--demo'], {
      env: { ...base, RENXING_DATA_DIR: path.join(process.env.TMPDIR ?? '/tmp', `rx-noseed-${process.pid}`) }, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refusing to seed in production mode/);
  });

  it('npx renxing --help lists the commands', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    for (const c of ['serve', 'migrate', 'seed', 'audit verify', 'backup <file>', 'restore <file>', 'retention run']) expect(out).toContain(c);
  });
});
