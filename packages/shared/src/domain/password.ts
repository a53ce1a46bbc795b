/** Password policy (ASVS 2.1.1 / 2.1.7, SECURITY.md §7 A33). */
import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
/** Usernames shorter than this are not searched for inside passwords (avoids rejecting everything for `li`). */
const MIN_USERNAME_CHECK_LENGTH = 3;

export type PasswordPolicyCode = 'too_short' | 'common' | 'repetitive' | 'contains_username';
export type PasswordPolicyResult =
  | { ok: true }
  | { ok: false; code: PasswordPolicyCode; message: string; messageEn: string };

/**
 * Checks, in order: at least 12 characters (code points, after NFKC), not in the common/breached list
 * (case-insensitive), not repetitive or sequential (`isRepetitive`), does not contain the username (case-insensitive,
 * usernames of 3+ characters).
 * No composition rules and no maximum below 64 (ASVS 2.1.2 / 2.1.9).
 */
export function checkPasswordPolicy(pw: string, context?: { username?: string }): PasswordPolicyResult {
  const norm = pw.normalize('NFKC');
  if ([...norm].length < PASSWORD_MIN_LENGTH) {
    return {
      ok: false, code: 'too_short',
      message: `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`,
      messageEn: `Password must be at least ${PASSWORD_MIN_LENGTH} characters long`,
    };
  }
  if (isCommonPassword(norm)) {
    return {
      ok: false, code: 'common',
      message: '该密码过于常见或已在泄露数据中出现，请换一个',
      messageEn: 'This password is too common or appears in known breaches; choose another',
    };
  }
  if (isRepetitive(norm)) {
    return {
      ok: false, code: 'repetitive',
      message: '密码不能只是重复或连续的字符（如 aaaa…、abcabc…、123456…），请换一个',
      messageEn: 'Password must not be only repeated or sequential characters (like aaaa…, abcabc…, 123456…); choose another',
    };
  }
  const user = context?.username?.normalize('NFKC').trim().toLowerCase() ?? '';
  if ([...user].length >= MIN_USERNAME_CHECK_LENGTH && norm.toLowerCase().includes(user)) {
    return {
      ok: false, code: 'contains_username',
      message: '密码不能包含用户名',
      messageEn: 'Password must not contain the username',
    };
  }
  return { ok: true };
}

/**
 * Repetitive or sequential, as NIST SP 800-63B §5.1.1.2 asks verifiers to refuse (a walk-through of session 25 set
 * "a" × 200): fewer than 4 different characters; the same piece of up to 4 characters over and over (abcabc…,
 * 12341234…); or one straight run up or down (abcdef…, 987654…, digits wrapping 9 → 0). Case-insensitive.
 */
export function isRepetitive(pw: string): boolean {
  const cs = [...pw.toLowerCase()];
  if (new Set(cs).size < 4) return true;
  for (let k = 1; k <= 4; k++) {
    if (cs.length > k && cs.every((c, i) => c === cs[i % k])) return true;
  }
  const codes = cs.map((c) => c.codePointAt(0)!);
  const isDigit = (n: number) => n >= 48 && n <= 57;
  const step = (a: number, b: number) => (isDigit(a) && isDigit(b) ? (((b - a) % 10) + 10) % 10 : b - a);
  const first = step(codes[0]!, codes[1]!);
  const straight = (d: number) => d === 1 || d === -1 || d === 9;
  return straight(first) && codes.slice(1).every((c, i) => step(codes[i]!, c) === first);
}
