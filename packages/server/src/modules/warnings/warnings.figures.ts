import type { Database } from '../../platform/db/database';

/**
 * Read-only figures of the warnings under an area (for the 指挥部 dispatch meeting's agenda, ADR 0090): alerts not yet
 * resolved (raised or acknowledged), by level, and how many of them nobody has acknowledged yet.
 */
export async function openAlertFigures(database: Database, areaPath: string): Promise<{ open: number; red: number; yellow: number; unacknowledged: number }> {
  const { db, codec } = database;
  const rows = await db.selectFrom('warning_alerts').select(['level', 'status', (eb) => eb.fn.countAll().as('n')])
    .where('org_path', 'like', `${areaPath}%`).where('status', 'in', ['raised', 'acknowledged']).groupBy(['level', 'status']).execute();
  const sum = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).reduce((a, r) => a + codec.readInt(r.n), 0);
  return { open: sum(() => true), red: sum((r) => r.level === 'red'), yellow: sum((r) => r.level === 'yellow'), unacknowledged: sum((r) => r.status === 'raised') };
}
