/**
 * Chinese resident identity number (GB 11643-1999), SECURITY.md §1.7 (SEC-10).
 * Structure: 6-digit address code + YYYYMMDD + 3-digit sequence (odd = male) + ISO 7064 MOD 11-2 check character.
 */
import { HMT_PERMIT_REGION_CODES, PROVINCE_PREFIXES, isKnownRegionCode } from './admin-codes';
import { dropInvisible } from './text';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const MIN_BIRTH_YEAR = 1850;
const REVIEW_AGE = 120;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // China has had no DST since 1991

export type CnIdFailureReason = 'format' | 'checksum' | 'birthdate' | 'legacy15';
/** `unknown_region`: address code not in the bundled GB/T 2260 subset (verify); `age_over_120`: flag for review. */
export type CnIdWarning = 'unknown_region' | 'age_over_120';
/** Resident ID card, HK/MO/TW residence permit (81/82/83 0000) or 2023 foreigner's permanent residence card (9…). */
export type CnIdKind = 'resident' | 'hmt_residence_permit' | 'foreign_permanent_resident';

export type CnIdValid = {
  ok: true;
  /** Normalised: half-width, upper-case X. */
  id: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F';
  /** First six characters (address code). */
  region: string;
  kind: CnIdKind;
  warnings: CnIdWarning[];
};
export type CnIdInvalid = { ok: false; reason: CnIdFailureReason };
export type CnIdValidation = CnIdValid | CnIdInvalid;

/**
 * Spaces anywhere (an ID written in groups, "330902 19800101 1233", or with a no-break / full-width space) and the
 * invisible characters a copy from a web page or chat carries (every Unicode Cf: zero-width space, word joiner, BOM,
 * soft hyphen, bidi marks — `dropInvisible`) removed; full-width digits → half-width; x / ｘ / Ｘ → X.
 */
export function normalizeCnId(raw: string): string {
  return dropInvisible(raw)
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]/g, 'X');
}

/** ISO 7064 MOD 11-2 check character for the first 17 digits. Throws RangeError on malformed input. */
export function cnIdCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('cnIdCheckChar expects exactly 17 digits');
  let s = 0;
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError('cnIdCheckChar expects exactly 17 digits');
    s += d * WEIGHTS[i];
  }
  return CHECK_CHARS[s % 11];
}

type Ymd = { y: number; m: number; d: number };

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const t = new Date(Date.UTC(2000, m - 1, d)); // year fixed later; check with the real year below
  t.setUTCFullYear(y);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** The calendar date of `at` in Asia/Shanghai (UTC+8). */
export function shanghaiDate(at: Date): Ymd {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  const t = new Date(ms + SHANGHAI_OFFSET_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function parseIsoDate(birthDate: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) throw new RangeError(`invalid date (expected YYYY-MM-DD): ${birthDate}`);
  const ymd = { y: +m[1], m: +m[2], d: +m[3] };
  if (!isRealDate(ymd.y, ymd.m, ymd.d)) throw new RangeError(`invalid calendar date: ${birthDate}`);
  return ymd;
}

function cmpYmd(a: Ymd, b: Ymd): number {
  return a.y !== b.y ? a.y - b.y : a.m !== b.m ? a.m - b.m : a.d - b.d;
}

function ageBetween(birth: Ymd, on: Ymd): number {
  let age = on.y - birth.y;
  if (on.m < birth.m || (on.m === birth.m && on.d < birth.d)) age -= 1;
  return age;
}

/**
 * Full years of age on the Asia/Shanghai calendar date of `on`. A 29 Feb birthday is reached on 1 Mar in
 * non-leap years. Negative when `birthDate` is after `on`. Throws RangeError on a malformed date.
 */
export function ageOn(birthDate: string, on: Date): number {
  return ageBetween(parseIsoDate(birthDate), shanghaiDate(on));
}

/** True when the person is younger than `adultAge` (default 18) on the Shanghai calendar date of `now`. */
export function isMinor(birthDate: string, now: Date, adultAge = 18): boolean {
  return ageOn(birthDate, now) < adultAge;
}

/**
 * Validates a resident ID number (also HK/MO/TW residence permits and the 2023 foreigner's permanent residence
 * card, which share the layout). Derive birth date and sex only from a result with `ok: true`.
 */
export function validateCnId(raw: string, now: Date): CnIdValidation {
  const id = normalizeCnId(raw);
  if (/^\d{15}$/.test(id)) return { ok: false, reason: 'legacy15' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'format' };

  const region = id.slice(0, 6);
  let kind: CnIdKind;
  if (id[0] === '9') kind = 'foreign_permanent_resident';
  else if (Object.prototype.hasOwnProperty.call(PROVINCE_PREFIXES, id.slice(0, 2)))
    kind = id[0] === '8' ? 'hmt_residence_permit' : 'resident';
  else return { ok: false, reason: 'format' };

  if (cnIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'checksum' };

  const birth = { y: +id.slice(6, 10), m: +id.slice(10, 12), d: +id.slice(12, 14) };
  if (!isRealDate(birth.y, birth.m, birth.d) || birth.y < MIN_BIRTH_YEAR) return { ok: false, reason: 'birthdate' };
  const today = shanghaiDate(now);
  if (cmpYmd(birth, today) > 0) return { ok: false, reason: 'birthdate' };

  const warnings: CnIdWarning[] = [];
  if (kind === 'resident' ? !isKnownRegionCode(region)
    : kind === 'hmt_residence_permit' ? !Object.prototype.hasOwnProperty.call(HMT_PERMIT_REGION_CODES, region)
    : false) warnings.push('unknown_region');
  if (ageBetween(birth, today) > REVIEW_AGE) warnings.push('age_over_120');

  return {
    ok: true,
    id,
    birthDate: id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14),
    sex: (id.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F',
    region,
    kind,
    warnings,
  };
}

/**
 * Builds a valid 18-character ID number (synthetic data). `seq` 0..999: odd = male, even = female.
 * Throws RangeError on a malformed region, date or sequence.
 */
export function makeCnId(region: string, birthDate: string, seq: number): string {
  if (!/^\d{6}$/.test(region)) throw new RangeError(`region must be 6 digits: ${region}`);
  parseIsoDate(birthDate); // throws on a malformed or impossible date
  if (!Number.isInteger(seq) || seq < 0 || seq > 999) throw new RangeError(`seq must be an integer 0..999: ${seq}`);
  const first17 = region + birthDate.slice(0, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10) + String(seq).padStart(3, '0');
  return first17 + cnIdCheckChar(first17);
}

/**
 * Something that looks like an ID number anywhere in a text: 18 or 15 digits in a row, or 18 written in the usual groups
 * (6 8 4, or 6 4 4 4) with single spaces or hyphens between them. Never stored from free text.
 */
const ID_IN_TEXT = /\d{17}[\dX]|\d{15}|\d{6}[ -]\d{8}[ -]\d{3}[\dX]|\d{6}[ -]\d{4}[ -]\d{4}[ -]\d{3}[\dX]/;

/**
 * Whether free text (a note, a reply, a proposed value) contains something that looks like an ID number. Read as a
 * person would read it: full-width digits, Ｘ and the full-width space and hyphen count as their ASCII forms, and
 * invisible characters typed or pasted between the digits are ignored (the walk-through of session 25 stored
 * "３３０９０２…０５９Ｘ" in a correction request; only ASCII digits were looked for).
 */
export const containsIdNumber = (s: string | null | undefined): boolean =>
  ID_IN_TEXT.test(
    dropInvisible(s ?? '')
      .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(/[xｘＸ]/g, 'X')
      .replace(/[\u3000\u00a0]/g, ' ')
      .replace(/[－‐‑–—]/g, '-'),
  );

/** Maximal runs of digits (an 18-character ID may end in X). */
const DIGIT_RUNS = /\d+[Xx]?/g;

/**
 * Whether a reference number (编号, a number from another system) holds an ID number. Stricter than
 * `containsIdNumber`, because long digit codes are what such columns normally hold (community code + sequence,
 * household-registration numbers): a run of digits that is exactly a valid 18-character ID (province, checksum, a real
 * birth date not in the future), or exactly 15 digits with a real 19YY birth date at positions 7–12 (the old form,
 * which has no checksum). A run inside a longer number is not an ID. ADR 0053.
 */
export function holdsIdNumber(s: string | null | undefined, now: Date = new Date()): boolean {
  for (const m of normalizeCnId(s ?? '').matchAll(DIGIT_RUNS)) {
    const run = m[0].toUpperCase();
    if (run.length === 18 && validateCnId(run, now).ok) return true;
    if (run.length === 15 && /^\d{15}$/.test(run) && isRealDate(1900 + +run.slice(6, 8), +run.slice(8, 10), +run.slice(10, 12))) return true;
  }
  return false;
}
