// `renxing user create | password-reset | mfa-reset`: the operator's account actions on the server (the first
// security admin of a new installation; the only one who lost access). SQLite: the CLI opens the test's database file.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DATA_KEY, TEST_DIALECT, TEST_INDEX_KEY, type TestApp } from '../test/harness';

const BIN = path.resolve(import.meta.dirname, '../bin/renxing.mjs');

describe.skipIf(TEST_DIALECT !== 'sqlite')('renxing user (operator command line)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
  });
  afterAll(async () => t.close());

  const cli = async (...args: string[]) => {
    await t.platform.database.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    return spawnSync(process.execPath, [BIN, 'user', ...args], {
      env: { ...process.env, RENXING_DATA_DIR: t.config.dataDir, RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY, RENXING_LOG_LEVEL: 'silent' },
      encoding: 'utf8', timeout: 120_000,
    });
  };
  const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('creates the first security admin with a one-time password that must be replaced at first login; audited without it', async () => {
    const r = await cli('create', 'sec.zhou', '--role', 'security_admin', '--org', '330900', '--name', '周安全');
    expect(r.status, r.stderr).toBe(0);
    const otp = /one-time password: (\S+)/.exec(r.stdout)?.[1];
    expect(otp).toMatch(/^.{16}$/);
    const res = await login('sec.zhou', otp!);
    expect(res.statusCode).toBe(200);
    const c = res.cookies[0]!;
    const s = { cookie: `${c.name}=${c.value}`, csrf: res.json().csrfToken as string, userId: res.json().user.id as string };
    expect((await as(t, s).get('/api/auth/me')).json().user).toMatchObject({ role: 'security_admin', mustChangePassword: true });
    const blocked = await as(t, s).get('/api/admin/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    const audit = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user_create').where('object_id', '=', s.userId).execute();
    expect(audit).toMatchObject([{ actor_id: 'system:cli', severity: 'high' }]);
    expect(JSON.stringify(audit)).not.toContain(otp);
  });

  it('refuses what the security admin may not do either (a role that does not fit the org, a taken username), and bad usage', async () => {
    const wrongLevel = await cli('create', 'gw.new', '--role', 'grid_worker', '--org', '330900001', '--name', '网格员');
    expect(wrongLevel.status).toBe(1);
    const unknownOrg = await cli('create', 'gw.new', '--role', 'grid_worker', '--org', '999999', '--name', '网格员');
    expect(unknownOrg.status).toBe(1);
    expect(unknownOrg.stderr).toContain('no org with code 999999');
    const misfit = await cli('create', 'gw.new', '--role', 'grid_worker', '--org', '330902001001', '--name', '网格员');
    expect(misfit.status).toBe(1);
    expect(misfit.stderr).toMatch(/role/);
    const taken = await cli('create', 'admin', '--role', 'community_admin', '--org', '330902001001', '--name', '重名');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('duplicate_username');
    expect((await cli('create', 'x.y')).status).toBe(2);
    expect((await t.services.auth.findByUsername('gw.new'))).toBeNull();
  });

  it('password-reset gives the only security admin a new one-time password; the old one stops working', async () => {
    const r = await cli('password-reset', 'secadmin', '--reason', '唯一的安全管理员忘记密码');
    expect(r.status, r.stderr).toBe(0);
    const otp = /new one-time password for secadmin: (\S+)/.exec(r.stdout)?.[1];
    expect((await login('secadmin', 'Renxing@Demo2026')).statusCode).toBe(401);
    const res = await login('secadmin', otp!);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.mustChangePassword).toBe(true);
  });
});
