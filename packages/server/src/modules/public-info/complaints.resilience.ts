import type { Platform } from '../../platform/context';

/**
 * Read-only figures for the resilience scorecard (ADR 0092): complaints of the area due in the `days` before `asOf`,
 * and how many of them were closed (resolved or rejected) by their due time.
 */
export async function complaintResilienceFigures(database: Platform['database'], orgPath: string, asOf: Date, days: number) {
  const { db, codec } = database;
  const rows = await db.selectFrom('complaints').select(['due_at', 'closed_at']).where('org_path', 'like', `${orgPath}%`)
    .where('due_at', '>=', codec.ts(new Date(asOf.getTime() - days * 86_400_000))).where('due_at', '<=', codec.ts(asOf)).execute();
  const met = rows.filter((r) => { const c = codec.readTs(r.closed_at); return c !== null && c <= codec.readTs(r.due_at)!; }).length;
  return { due: rows.length, met };
}
