import type { Transaction } from 'kysely';

/** The gates' part of erasing a resident (ADR 0037): their passages and the vehicles registered to them. */
export async function eraseGatesOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  out.gate_events = Number((await trx.deleteFrom('gate_events').where('resident_id', '=', residentId).executeTakeFirst()).numDeletedRows);
  const cars = (await trx.selectFrom('gate_vehicles').select('id').where('resident_id', '=', residentId).execute()).map((r) => String(r.id));
  if (cars.length) await trx.updateTable('gate_events').set({ vehicle_id: null }).where('vehicle_id', 'in', cars).execute();
  out.gate_vehicles = cars.length ? Number((await trx.deleteFrom('gate_vehicles').where('id', 'in', cars).executeTakeFirst()).numDeletedRows) : 0;
  return out;
}
