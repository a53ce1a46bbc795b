/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-character set below (no I, O, S, V, Z); the last one is the
 * check character — 31 minus the weighted sum of the first 17 modulo 31 (31 → 0).
 */
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters, or null when one of them is outside the set. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return CHARS[c === 31 ? 0 : c]!;
}

/** True for an 18-character code (upper case) of the set whose check character fits. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/**
 * A synthetic code for demo and tests: 5 (registered by civil affairs) + 1 (social group) + the 6-digit area code + a
 * 9-character body from `n` + the check character.
 */
export function syntheticCreditCode(area: string, n: number): string {
  const body = `51${area.padEnd(6, '0').slice(0, 6)}MJ${String(n).padStart(7, '0')}`;
  return body + creditCodeCheckChar(body)!;
}
