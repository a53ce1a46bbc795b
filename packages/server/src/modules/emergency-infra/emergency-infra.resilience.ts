import type { Platform } from '../../platform/context';

/** Read-only figures for the resilience scorecard (ADR 0092): the area's shelters that are not closed and their capacity. */
export async function shelterResilienceFigures(database: Platform['database'], orgPath: string) {
  const { db, codec } = database;
  const rows = await db.selectFrom('shelters').select(['capacity']).where('org_path', 'like', `${orgPath}%`).where('status', '<>', 'closed').execute();
  return { shelters: rows.length, capacity: rows.reduce((s, r) => s + codec.readInt(r.capacity), 0) };
}
