/** Password policy (ASVS 2.1.1 / 2.1.7, SECURITY.md §7 A33). */
import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
/** Usernames shorter than this are not searched for inside passwords (avoids rejecting everything for `li`). */
const MIN_USERNAME_CHECK_LENGTH = 3;

export type PasswordPolicyCode = 'too_short' | 'common' | 'contains_username';
export type PasswordPolicyResult =
  | { ok: true }
  | { ok: false; code: PasswordPolicyCode; message: string; messageEn: string };

/**
 * Checks, in order: at least 12 characters (code points, after NFKC), not in the common/breached list
 * (case-insensitive), does not contain the username (case-insensitive, usernames of 3+ characters).
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
