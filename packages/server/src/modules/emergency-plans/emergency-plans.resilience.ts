import type { Platform } from '../../platform/context';

/**
 * Read-only figures for the resilience scorecard (ADR 0092): the area's active plans and how many of them had a drill
 * finished in the `days` before `asOf`.
 */
export async function planResilienceFigures(database: Platform['database'], orgPath: string, asOf: Date, days: number) {
  const { db, codec } = database;
  const plans = await db.selectFrom('emergency_plans').select(['series_id']).where('org_path', 'like', `${orgPath}%`).where('status', '=', 'active').execute();
  const series = [...new Set(plans.map((p) => String(p.series_id)))];
  const since = codec.ts(new Date(asOf.getTime() - days * 86_400_000));
  const drilled = series.length
    ? await db.selectFrom('plan_drills').select('series_id').distinct().where('series_id', 'in', series).where('status', '=', 'finished')
      .where('finished_at', '>=', since).where('finished_at', '<=', codec.ts(asOf)).execute()
    : [];
  return { activePlans: series.length, drilledPlans: drilled.length };
}
