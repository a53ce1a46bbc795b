// Pure helpers of the audit pack card (AUD-10, ADR 0038): the default period and the period check, mirrored from the
// server (audit-pack.service.ts lastFullQuarter, audit-pack.routes.ts checkPeriod).

export const MAX_PACK_DAYS = 366;
const SHANGHAI_MS = 8 * 3600_000;
const DAY = 86_400_000;

/** The last full calendar quarter before `now` on the Shanghai calendar, as YYYY-MM-DD dates. */
export function lastFullQuarter(now: Date): { from: string; to: string } {
  const local = new Date(now.getTime() + SHANGHAI_MS);
  const q = Math.floor(local.getUTCMonth() / 3);
  const start = new Date(Date.UTC(local.getUTCFullYear(), (q - 1) * 3, 1));
  const end = new Date(Date.UTC(local.getUTCFullYear(), q * 3, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** Days in [from, to], both counted (0 when to is before from). */
export function periodDays(from: string, to: string): number {
  const d = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY + 1;
  return Number.isFinite(d) && d > 0 ? d : 0;
}

/** The file name from a Content-Disposition-less download: what the server would call it. */
export function packFileName(from: string, to: string, area?: string): string {
  return `audit-pack-${from}-${to}${area ? `-${area}` : ''}.xlsx`;
}
