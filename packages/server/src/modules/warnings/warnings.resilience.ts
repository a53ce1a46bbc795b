import type { Platform } from '../../platform/context';

/**
 * Read-only figures for the resilience scorecard (ADR 0092): warning alerts of the area raised in the `days` before
 * `asOf`, and how many were acknowledged within `withinHours` of being raised.
 */
export async function warningResilienceFigures(database: Platform['database'], orgPath: string, asOf: Date, days: number, withinHours: number) {
  const { db, codec } = database;
  const rows = await db.selectFrom('warning_alerts').select(['raised_at', 'acknowledged_at']).where('org_path', 'like', `${orgPath}%`)
    .where('raised_at', '>=', codec.ts(new Date(asOf.getTime() - days * 86_400_000))).where('raised_at', '<=', codec.ts(asOf)).execute();
  const inTime = rows.filter((r) => {
    const a = codec.readTs(r.acknowledged_at);
    return a !== null && Date.parse(a) - Date.parse(codec.readTs(r.raised_at)!) <= withinHours * 3_600_000;
  }).length;
  return { raised: rows.length, acknowledgedInTime: inTime };
}
