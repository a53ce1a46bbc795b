import type { Transaction } from 'kysely';

/**
 * The sampling part of erasing a resident (ADR 0037, ADR 0079): their retests and samples go. A tube keeps its barcode,
 * result and member count (no personal data), so a round's figures of tubes stay; the person is no longer in them.
 */
export async function eraseSamplingOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const retests = await trx.deleteFrom('sampling_retests').where('resident_id', '=', residentId).executeTakeFirst();
  // A retest belongs to the person of its sample, so none of another person's retests points at these samples.
  const samples = await trx.deleteFrom('sampling_samples').where('resident_id', '=', residentId).executeTakeFirst();
  return { sampling_retests: Number(retests.numDeletedRows), sampling_samples: Number(samples.numDeletedRows) };
}
