import type { Transaction } from 'kysely';

/**
 * The corrections module's part of erasing a whole resident record (deletion request, PIPL Art. 47, ADR 0037), in the
 * caller's write transaction: every correction request of the resident (proposed values and notes) is deleted.
 */
export async function eraseCorrectionRequestsOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const res = await trx.deleteFrom('correction_requests').where('resident_id', '=', residentId).executeTakeFirst();
  return { correction_requests: Number(res.numDeletedRows) };
}
