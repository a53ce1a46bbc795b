/**
 * Display masking (SECURITY.md §1.7, PRIV-15). Masking is for display only: never write a masked value back,
 * and never use it as a de-identified key (use the HMAC blind index for that).
 */
import { normalizeCnId } from './id-card';
import { normalizeCnMobile } from './phone';

const stars = (n: number): string => '*'.repeat(Math.max(0, n));

/**
 * Staff-list form: first 6 + 8×`*` + last 4 (`330902********1233`). Hides the whole birth date. Legacy 15-digit
 * numbers keep first 6 + last 3. Anything else is fully starred (only its length shows).
 */
export function maskCnId(id: string): string {
  const s = normalizeCnId(id);
  if (s.length === 18) return s.slice(0, 6) + stars(8) + s.slice(14);
  if (s.length === 15) return s.slice(0, 6) + stars(6) + s.slice(12);
  return stars([...s].length);
}

/** Public-notice form: first 4 + 10×`*` + last 4 (`3309**********1233`); hides the county as well. */
export function maskCnIdStrong(id: string): string {
  const s = normalizeCnId(id);
  if (s.length === 18) return s.slice(0, 4) + stars(10) + s.slice(14);
  return stars([...s].length);
}

/**
 * Mobile: 3 + 4×`*` + 4 (`138****5678`), after normalisation (+86 etc. removed). Other numbers (landlines) keep
 * only the last 4 characters; short values are fully starred.
 */
export function maskPhone(phone: string): string {
  const m = normalizeCnMobile(phone);
  if (m) return m.slice(0, 3) + '****' + m.slice(7);
  const s = phone.replace(/[\s\-()（）]/g, '');
  if (s.length >= 8) return stars(s.length - 4) + s.slice(-4);
  return stars(s.length);
}

/**
 * Keeps the first character and replaces every other character with `*` (张三 → 张*, 欧阳娜娜 → 欧***).
 * Counts code points, so characters outside the BMP become a single `*`. A one-character name becomes `*`.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + stars(chars.length - 1);
}

/** Room numbers are masked in staff lists and never shown in public notices: always `***` (length hidden). */
export function maskRoom(room: string): string {
  return room.trim() === '' ? '' : '***';
}

/** Vehicle plate: keeps the province character, the city letter and the last character (浙L12345 → 浙L***5). */
export function maskPlate(plate: string): string {
  const chars = [...plate.trim()];
  if (chars.length <= 3) return stars(chars.length);
  return chars[0] + chars[1] + stars(chars.length - 3) + chars[chars.length - 1];
}

export type AddressParts = { community?: string; building?: string; unit?: string; room?: string };

/**
 * Address by context: `staff` → community + building + unit + masked room; `public` → community + building only,
 * never the unit or room.
 */
export function maskAddress(parts: AddressParts, context: 'staff' | 'public' = 'staff'): string {
  const head = (parts.community ?? '') + (parts.building ?? '');
  if (context === 'public') return head;
  return head + (parts.unit ?? '') + (parts.room ? maskRoom(parts.room) + '室' : '');
}

/**
 * An ID number as an upper-level list gives it — full, or already partly starred (`3309021990****1233`) — in the
 * staff form: characters 1–6 and 15–18 as given (a `*` stays a `*`), the birth date starred. Anything not 18
 * characters long is fully starred. Never normalised: a partly starred value is not a number.
 */
export function maskPartialCnId(s: string): string {
  const chars = [...s];
  return chars.length === 18 ? chars.slice(0, 6).join('') + stars(8) + chars.slice(14).join('') : stars(chars.length);
}

/** A mobile number as a list gives it, full or partly starred: 3 + 4×`*` + 4 as given; any other length fully starred. */
export function maskPartialPhone(s: string): string {
  const chars = [...s];
  return chars.length === 11 ? chars.slice(0, 3).join('') + '****' + chars.slice(7).join('') : stars(chars.length);
}

/**
 * A free-text address (as a list or a tracer wrote it, not the registry's structured one): the first 6 characters
 * (district, street or compound), the rest as `*` — at most 4, so the length hides the house number's.
 */
export function maskFreeAddress(s: string): string {
  const chars = [...s.trim()];
  return chars.length <= 6 ? chars.join('') : chars.slice(0, 6).join('') + stars(Math.min(4, chars.length - 6));
}
