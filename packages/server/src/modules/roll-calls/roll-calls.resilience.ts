import type { Platform } from '../../platform/context';

/** Read-only figure for the resilience scorecard (ADR 0092): distinct residents of the area on a roll call started in the `days` before `asOf`. */
export async function rollCallResilienceFigures(database: Platform['database'], orgPath: string, asOf: Date, days: number) {
  const { db, codec } = database;
  const r = await db.selectFrom('roll_call_items as i').innerJoin('roll_calls as r', 'r.id', 'i.roll_call_id').select((eb) => eb.fn.count('i.resident_id').distinct().as('n'))
    .where('i.org_path', 'like', `${orgPath}%`).where('r.started_at', '>=', codec.ts(new Date(asOf.getTime() - days * 86_400_000))).where('r.started_at', '<=', codec.ts(asOf)).executeTakeFirst();
  return { residentsCalled: codec.readInt(r?.n) };
}
