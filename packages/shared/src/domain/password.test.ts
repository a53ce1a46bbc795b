import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS, isCommonPassword } from './common-passwords';
import { checkPasswordPolicy, isRepetitive } from './password';

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
    const twelve = '😀😃😄😁😆😅🤣😂🙂🙃😉😊';
    expect(checkPasswordPolicy(twelve.slice(0, -2))).toMatchObject({ code: 'too_short' }); // 11 emoji, 22 UTF-16 units
    expect(checkPasswordPolicy(twelve)).toEqual({ ok: true });
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
  it('rejects repetitive and sequential passwords of any length (NIST 800-63B), not ordinary ones', () => {
    for (const pw of ['a'.repeat(200), 'ab'.repeat(40), 'kqwkqwkqwkqwkqw', 'Xy1!Xy1!Xy1!Xy1!', 'aabbaabbaabb', '😀'.repeat(12),
      'abcdefghijklmnop', 'ZYXWVUTSRQPONM', '345678901234567', '98765432109876', '１２３４５６７８９０１２３']) {
      expect(isRepetitive(pw.normalize('NFKC')), pw).toBe(true);
      expect(checkPasswordPolicy(pw).ok, pw).toBe(false); // some are on the common list too, which is checked first
    }
    expect(checkPasswordPolicy('a'.repeat(200))).toMatchObject({ ok: false, code: 'repetitive', messageEn: expect.stringContaining('repeated or sequential') });
    expect(checkPasswordPolicy('kqwkqwkqwkqwkqw')).toMatchObject({ ok: false, code: 'repetitive', message: expect.stringContaining('重复或连续') });
    for (const pw of ['correct horse battery staple', 'Tr0ub4dor&3-harbour', '海边的灯塔每晚十点准时亮起', 'abcdefghijkz', 'aaaaaaaaaaab7!']) {
      expect(isRepetitive(pw), pw).toBe(false);
    }
  });
  it('returns bilingual messages', () => {
    const r = checkPasswordPolicy('short');
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.message).toMatch(/12/); expect(r.messageEn).toMatch(/12 characters/); }
  });
});
