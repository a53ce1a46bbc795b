import type { Transaction } from 'kysely';

/**
 * The self-reports module's part of erasing a whole resident record (deletion request, PIPL Art. 47, ADR 0037), in the
 * caller's write transaction: the resident's temperature self-reports (with their follow-ups) are deleted. Reports the
 * resident's account made for other household members are theirs and stay.
 */
export async function eraseSelfReportsOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const res = await trx.deleteFrom('self_reports').where('resident_id', '=', residentId).executeTakeFirst();
  return { self_reports: Number(res.numDeletedRows) };
}

/** Removes the links between resident accounts and the record (`resident_accounts`); returns the accounts that were linked. */
export async function unlinkResidentAccounts(trx: Transaction<any>, residentId: string): Promise<string[]> {
  const rows = await trx.selectFrom('resident_accounts').select('user_id').where('resident_id', '=', residentId).execute();
  if (rows.length) await trx.deleteFrom('resident_accounts').where('resident_id', '=', residentId).execute();
  return rows.map((r) => r.user_id as string);
}
