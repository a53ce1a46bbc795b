import type { Platform } from '../../platform/context';

/**
 * Read-only figures of an area for the resilience scorecard (ADR 0092): counts only, no resident is read. Active
 * residents, those living in a grid with a grid worker (an active grid-worker account of the grid, or a grid worker
 * assigned to it: 组织韧性, grid coverage), and those with a care tag.
 */
export async function registryResilienceFigures(database: Platform['database'], orgPath: string) {
  const { db, codec } = database;
  const n = (r: { n: unknown } | undefined) => codec.readInt(r?.n);
  const base = () => db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${orgPath}%`).where('status', '=', 'active');
  const [residents, assigned, accounts, vulnerable] = await Promise.all([
    base().executeTakeFirst(),
    db.selectFrom('grid_assignments').select('grid_id').distinct().where('duty', '=', 'grid_worker').execute(),
    db.selectFrom('users as u').innerJoin('orgs as o', 'o.id', 'u.org_id').select('u.org_id').distinct()
      .where('u.role', '=', 'grid_worker').where('u.status', '=', 'active').where('o.level', '=', 'grid').where('o.path', 'like', `${orgPath}%`).execute(),
    base().where('tags', '<>', '[]').executeTakeFirst(),
  ]);
  const grids = [...new Set([...assigned.map((r) => String(r.grid_id)), ...accounts.map((r) => String(r.org_id))])];
  const covered = grids.length ? await base().where('grid_id', 'in', grids).executeTakeFirst() : undefined;
  return { residents: n(residents), inStaffedGrid: n(covered), vulnerable: n(vulnerable) };
}
