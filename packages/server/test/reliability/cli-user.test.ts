// `renxing user mfa-reset <username>`: the operator's way back in when the only security admin lost the phone with
// the authenticator (resetting over the API needs a security admin who has passed the second factor).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../harness';
import { RELIABILITY_KEYS, runRenxing, serverEnv, tempDataDir } from './server-process';

describe.skipIf(TEST_DIALECT !== 'sqlite')('renxing user mfa-reset (real CLI, SQLite)', () => {
  const dir = tempDataDir('cli-user');
  const env = serverEnv(dir, RELIABILITY_KEYS);
  const file = path.join(dir, 'renxing.db');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('clears the second factor of the named user, audits it as the CLI, and refuses bad input', () => {
    expect(runRenxing(['seed'], env, 120_000).status).toBe(0);
    const db = new SqliteDatabase(file);
    const id = String(db.prepare("select id from users where username = 'secadmin'").pluck().get());
    db.prepare("update users set mfa_secret_enc = 'v1.x.y.z', mfa_enabled_at = '2026-11-29T00:00:00.000Z', mfa_last_step = 1 where id = ?").run(id);
    db.close();

    expect(runRenxing(['user', 'mfa-reset'], env).status).toBe(2);
    const unknown = runRenxing(['user', 'mfa-reset', 'nobody-here'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no user named nobody-here');

    const ok = runRenxing(['user', 'mfa-reset', 'secadmin'], env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('second factor removed for secadmin');
    const check = new SqliteDatabase(file, { readonly: true });
    try {
      expect(check.prepare('select mfa_secret_enc, mfa_enabled_at, mfa_last_step from users where id = ?').get(id)).toEqual({ mfa_secret_enc: null, mfa_enabled_at: null, mfa_last_step: null });
      const row = check.prepare("select actor_id, actor_role, severity, object_id from audit_log where action = 'mfa_reset'").get() as Record<string, string>;
      expect(row).toEqual({ actor_id: 'system:cli', actor_role: 'system', severity: 'high', object_id: id });
    } finally {
      check.close();
    }
    expect(runRenxing(['audit', 'verify'], env).status).toBe(0);
  }, 180_000);
});
