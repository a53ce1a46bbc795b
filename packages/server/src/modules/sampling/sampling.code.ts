import { timingSafeEqual } from 'node:crypto';
import type { FieldCrypto } from '../../platform/crypto/field-crypto';

/**
 * 个人采样码 (ADR 0079): `RXS-<record id>-<yyyymmdd>-<mac>`, mac = the first 16 hex characters of the HMAC (the blind-index
 * key, kind `sampling-code`) of `<record id>|<yyyymmdd>`. It names a registry record, not a person's ID number, name or
 * phone; it is valid on the days the caller accepts (today and yesterday, Shanghai).
 */
const CODE_RE = /^RXS-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(\d{8})-([0-9a-f]{16})$/;

/** `2026-12-04` → `20261204`. */
export const codeDay = (ymd: string): string => ymd.replaceAll('-', '');

const macOf = (crypto: FieldCrypto, id: string, day: string) => crypto.blindIndex('sampling-code', `${id}|${day}`).slice(0, 16);

export function makeSamplingCode(crypto: FieldCrypto, residentId: string, day: string): string {
  return `RXS-${residentId}-${day}-${macOf(crypto, residentId, day)}`;
}

/** The record id a code names, when it is well formed, its mac holds and its day is one of `days`; else null. */
export function parseSamplingCode(crypto: FieldCrypto, raw: string, days: readonly string[]): string | null {
  const m = CODE_RE.exec(raw.trim().toLowerCase().replace(/^rxs-/, 'RXS-'));
  if (!m) return null;
  const [, id, day, mac] = m;
  if (!days.includes(day!)) return null;
  const want = Buffer.from(macOf(crypto, id!, day!));
  const got = Buffer.from(mac!);
  return want.length === got.length && timingSafeEqual(want, got) ? id! : null;
}
