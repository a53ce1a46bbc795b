import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS, isCommonPassword } from './common-passwords';
import { checkPasswordPolicy } from './password';

describe('checkPasswordPolicy (A33)', () => {
  it('rejects Passw0rd! and 123456789012, accepts a passphrase', () => {
    expect(checkPasswordPolicy('Passw0rd!')).toMatchObject({ ok: false, code: 'too_short' });
    expect(checkPasswordPolicy('123456789012')).toMatchObject({ ok: false, code: 'common' });
    expect(checkPasswordPolicy('海边的灯塔每晚十点亮起')).toMatchObject({ ok: false, code: 'too_short' }); // 11 code points
    expect(checkPasswordPolicy('correct horse battery staple')).toEqual({ ok: true });
    expect(checkPasswordPolicy('海边的灯塔每晚十点准时亮起')).toEqual({ ok: true });
  });
  it('counts code points, not UTF-16 units', () => {
    expect(checkPasswordPolicy('😀'.repeat(11))).toMatchObject({ code: 'too_short' });
    expect(checkPasswordPolicy('😀'.repeat(12))).toEqual({ ok: true });
  });
  it.each(['123456789012', 'password1234', 'Password1234', 'QWERTYUIOP12', 'qwertyuiop12', '1qaz2wsx3edc', '1QAZ2WSX3EDC',
    'woaini5201314', 'zhoushan2022', 'Admin@123456', 'Passw0rd!', '111111111111', 'abcabcabcabc'])('common: %s', (pw) => {
    expect(isCommonPassword(pw)).toBe(true);
    if ([...pw].length >= 12) expect(checkPasswordPolicy(pw)).toMatchObject({ ok: false, code: 'common' });
  });
  it('has at least 1,000 entries, all lower-case', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(1000);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
  });
  it('rejects passwords containing the username (case-insensitive), ignoring very short usernames', () => {
    expect(checkPasswordPolicy('my-Wangxiaoming-key-77', { username: 'wangxiaoming' })).toMatchObject({ ok: false, code: 'contains_username' });
    expect(checkPasswordPolicy('lighthouse rings twice', { username: 'li' })).toEqual({ ok: true });
    expect(checkPasswordPolicy('lighthouse rings twice', { username: 'zhangsan' })).toEqual({ ok: true });
  });
  it('returns bilingual messages', () => {
    const r = checkPasswordPolicy('short');
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.message).toMatch(/12/); expect(r.messageEn).toMatch(/12 characters/); }
  });
});
