// Pure helpers of the audit pack card (AUD-10, ADR 0038): the period rules come from @renxing/shared, as on the server.

export { lastFullQuarter, MAX_PACK_DAYS, periodDays } from '@renxing/shared';

/** The file name from a Content-Disposition-less download: what the server would call it. */
export function packFileName(from: string, to: string, area?: string): string {
  return `audit-pack-${from}-${to}${area ? `-${area}` : ''}.xlsx`;
}
