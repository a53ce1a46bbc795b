import type { Platform } from '../../platform/context';

/** Read-only figure for the resilience scorecard (ADR 0092): procedures of the area with a published version. */
export async function procedureResilienceFigures(database: Platform['database'], orgPath: string) {
  const { db, codec } = database;
  const r = await db.selectFrom('procedure_versions').select((eb) => eb.fn.count('procedure_id').distinct().as('n'))
    .where('org_path', 'like', `${orgPath}%`).where('status', '=', 'published').executeTakeFirst();
  return { published: codec.readInt(r?.n) };
}
