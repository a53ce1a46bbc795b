import type { Platform } from '../../platform/context';

/**
 * Read-only figures of an area for the resilience scorecard (ADR 0092): counts only, no resident is read. Active
 * residents, those living in a grid with a grid worker assigned (组织韧性: grid coverage), and those with a care tag.
 */
export async function registryResilienceFigures(database: Platform['database'], orgPath: string) {
  const { db, codec } = database;
  const n = (r: { n: unknown } | undefined) => codec.readInt(r?.n);
  const base = () => db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${orgPath}%`).where('status', '=', 'active');
  const [residents, covered, vulnerable] = await Promise.all([
    base().executeTakeFirst(),
    base().where('grid_id', 'in', db.selectFrom('grid_assignments').select('grid_id').where('duty', '=', 'grid_worker')).executeTakeFirst(),
    base().where('tags', '<>', '[]').executeTakeFirst(),
  ]);
  return { residents: n(residents), inStaffedGrid: n(covered), vulnerable: n(vulnerable) };
}
