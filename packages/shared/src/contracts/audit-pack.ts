// The compliance audit pack's period rules (AUD-10, ADR 0038), shared by the server (modules/audit-pack) and the
// auditor's card (web pages/audit/pack.logic.ts): the longest period and the default one, on the Shanghai calendar.

/** Longest period a pack covers (a leap year), both ends counted. */
export const MAX_PACK_DAYS = 366;
const SHANGHAI_MS = 8 * 3600_000;
const DAY = 86_400_000;

/** The last full calendar quarter before `now` on the Shanghai calendar, as YYYY-MM-DD dates (the default period). */
export function lastFullQuarter(now: Date): { from: string; to: string } {
  const local = new Date(now.getTime() + SHANGHAI_MS);
  const q = Math.floor(local.getUTCMonth() / 3);
  const start = new Date(Date.UTC(local.getUTCFullYear(), (q - 1) * 3, 1));
  const end = new Date(Date.UTC(local.getUTCFullYear(), q * 3, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** Days in [from, to] (YYYY-MM-DD), both counted; 0 when `to` is before `from` or either is not a date. */
export function periodDays(from: string, to: string): number {
  const d = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY + 1;
  return Number.isFinite(d) && d > 0 ? d : 0;
}
