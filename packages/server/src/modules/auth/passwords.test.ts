import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness';
import { DEMO_PASSWORD } from '../../seed';
import { hashPassword, hashPublishedPassword, verifyPassword } from './passwords';

describe('password hashes', () => {
  it('a password a person chose gets its own salt every time', async () => {
    const pw = '海风吹过舟山的码头 2026';
    const [a, b] = [await hashPassword(pw), await hashPassword(pw)];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, pw)).toBe(true);
    expect(await verifyPassword(b, pw)).toBe(true);
  });

  it('the published demo password is hashed once per process; any other password is refused', async () => {
    const a = await hashPublishedPassword(DEMO_PASSWORD);
    expect(await hashPublishedPassword(DEMO_PASSWORD)).toBe(a);
    expect(await verifyPassword(a, DEMO_PASSWORD)).toBe(true);
    await expect(hashPublishedPassword('海风吹过舟山的码头 2026')).rejects.toThrow(/only for the published demo password/);
  });

  it('demo accounts share that hash and log in; a password changed later gets its own salt', async () => {
    const t = await createTestApp();
    try {
      const users = await t.platform.database.db.selectFrom('users').select(['username', 'password_hash']).execute();
      expect(users.length).toBeGreaterThanOrEqual(11);
      expect(new Set(users.map((u) => u.password_hash))).toEqual(new Set([await hashPublishedPassword(DEMO_PASSWORD)]));
      const s = await t.login('doctor');
      const mine = `${DEMO_PASSWORD.replace('Demo', 'Mine')}!`;
      const changed = await t.app.inject({
        method: 'POST', url: '/api/auth/password', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: { currentPassword: DEMO_PASSWORD, newPassword: mine },
      });
      expect(changed.statusCode).toBe(204);
      const doctor = await t.platform.database.db.selectFrom('users').select('password_hash').where('username', '=', 'doctor').executeTakeFirstOrThrow();
      expect(doctor.password_hash).not.toBe(await hashPublishedPassword(DEMO_PASSWORD));
      expect(await verifyPassword(doctor.password_hash, mine)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
