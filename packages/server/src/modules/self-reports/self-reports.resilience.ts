import type { Platform } from '../../platform/context';

/** Read-only figure for the resilience scorecard (ADR 0092): residents of the area with a self-report on or after `fromDay` (a count). */
export async function selfReportResilienceFigures(database: Platform['database'], orgPath: string, fromDay: string) {
  const { db, codec } = database;
  const r = await db.selectFrom('self_reports').select((eb) => eb.fn.count('resident_id').distinct().as('n'))
    .where('org_path', 'like', `${orgPath}%`).where('report_date', '>=', fromDay).executeTakeFirst();
  return { reported: codec.readInt(r?.n) };
}
