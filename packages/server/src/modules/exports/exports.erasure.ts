import type { Transaction } from 'kysely';

/**
 * The exports module's part of erasing a whole resident record (deletion request, PIPL Art. 47, ADR 0037), in the
 * caller's write transaction: the resident leaves the list of whom past exports covered (`export_subjects`). The export
 * log itself (counts, columns, file hash) stays; a breach impact query of such an export can no longer name the person,
 * which the deletion certificate records as this table's count (ADR 0037).
 */
export async function eraseExportSubjectsOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const res = await trx.deleteFrom('export_subjects').where('resident_id', '=', residentId).executeTakeFirst();
  return { export_subjects: Number(res.numDeletedRows) };
}
