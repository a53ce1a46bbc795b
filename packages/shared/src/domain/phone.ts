/** Mainland mobile numbers (SECURITY.md §1.7). Carrier prefixes are deliberately not hard-coded. */
import { dropInvisible } from './text';

const MOBILE_RE = /^1[3-9]\d{9}$/;

/** True when `s` is already a normalised 11-digit mainland mobile number. */
export function isCnMobile(s: string): boolean {
  return MOBILE_RE.test(s);
}

/**
 * Normalises a mainland mobile number: full-width digits → half-width; strips spaces, hyphens, dots and brackets,
 * then a `+86` / `0086` prefix, or a bare `86` prefix when 13 digits remain. Returns the 11-digit number, or null
 * when the result does not match `^1[3-9]\d{9}$`.
 */
export function normalizeCnMobile(raw: string): string | null {
  const s = withoutPrefix(raw);
  return MOBILE_RE.test(s) ? s : null;
}

function withoutPrefix(raw: string): string {
  let s = raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/＋/g, '+')
    .replace(/[\s\-‐‑–—.()（）]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  return s;
}

/**
 * Why a typed number is not a mainland mobile number, so that a form can say so: `characters` (something besides
 * digits, spaces, dashes, dots, brackets and a +86 prefix), `length` (not 11 digits; `digits` says how many) or `prefix`
 * (11 digits not starting 13–19). null when it is one (normalizeCnMobile answers it), or when nothing was typed.
 */
export function cnMobileProblem(raw: string): { problem: 'characters' | 'length' | 'prefix'; digits: number } | null {
  const s = withoutPrefix(raw);
  if (s === '' || MOBILE_RE.test(s)) return null;
  if (!/^\d+$/.test(s)) return { problem: 'characters', digits: s.replace(/\D/g, '').length };
  if (s.length !== 11) return { problem: 'length', digits: s.length };
  return { problem: 'prefix', digits: 11 };
}

/**
 * What is wrong with a typed mobile number, as the server's zh/en message pair: names the problem cnMobileProblem finds
 * (how many digits there were, the 13–19 prefix, characters other than digits) instead of a generic "invalid format".
 * The text follows the field's name ("手机号" + zh, "mobile number " + en); null when the number is one or nothing was typed.
 */
export function cnMobileProblemText(raw: string): { zh: string; en: string } | null {
  const p = cnMobileProblem(raw);
  if (!p) return null;
  switch (p.problem) {
    case 'length':
      return { zh: `应为11位数字，现在是${p.digits}位`, en: `must have 11 digits; this one has ${p.digits}` };
    case 'prefix':
      return { zh: '应以13–19开头（大陆手机号）', en: 'must start with 13–19 (mainland mobile number)' };
    case 'characters':
      return { zh: '只能含数字（可带空格、短横线或 +86）', en: 'must be digits only (spaces, dashes and +86 are fine)' };
  }
}

/**
 * A typed mobile number as the server takes it: `{ number }` normalised, or `{ problem }`, the zh/en reason to put after
 * the field's name ("手机号" + zh, "mobile number " + en). One place for the resident API, the import and corrections, so
 * their messages agree (ADR 0065). Input with no digits at all (blank, or only dashes) reads "has 0 digits".
 */
export function cnMobileOrProblem(raw: string): { number: string; problem?: undefined } | { number?: undefined; problem: { zh: string; en: string } } {
  const number = normalizeCnMobile(raw);
  if (number) return { number };
  return { problem: cnMobileProblemText(raw) ?? { zh: '应为11位数字，现在是0位', en: 'must have 11 digits; this one has 0' } };
}

/**
 * A mainland mobile number anywhere in a text: 11 digits starting 13–19 that are not part of a longer number, also
 * written in the usual groups (3 4 4) with single spaces or hyphens, or after +86. Read as a person would read it:
 * full-width digits, spaces and hyphens count as their ASCII forms and invisible characters are ignored (as
 * `containsIdNumber`). For free text that many people read (the duty log, ADR 0070): a number belongs in its record.
 */
const MOBILE_IN_TEXT = /(?:(?<!\d)|(?<=(?:\+|00)86[ -]?))1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/;

export function containsCnMobile(s: string | null | undefined): boolean {
  return MOBILE_IN_TEXT.test(
    dropInvisible(s ?? '')
      .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(/[\u3000\u00a0]/g, ' ')
      .replace(/＋/g, '+')
      .replace(/[－‐‑–—]/g, '-'),
  );
}
