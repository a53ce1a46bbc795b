import type { Platform } from '../../platform/context';

/** Read-only figure for the resilience scorecard (ADR 0092): active volunteers on the area's rosters (a count). */
export async function volunteerResilienceFigures(database: Platform['database'], orgPath: string) {
  const { db, codec } = database;
  const r = await db.selectFrom('volunteers').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${orgPath}%`).where('active', '=', codec.bool(true)).executeTakeFirst();
  return { active: codec.readInt(r?.n) };
}
