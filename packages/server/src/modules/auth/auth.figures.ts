import type { Kysely } from 'kysely';
import { inChunks } from '../../platform/db/in-chunks';

/** An account as other modules' reports name it: username (staff accountability, PIPL Art. 68), role, org. */
export type AccountName = { id: string; username: string; role: string; orgId: string };

/**
 * Usernames, roles and orgs of accounts by id (primary key, in slices), for reports that name staff (the audit pack).
 * No display names, hashes or secrets. Internal read: the caller audits what it produces.
 */
export async function accountNames(db: Kysely<any>, ids: readonly (string | null)[]): Promise<Map<string, AccountName>> {
  const keys = ids.filter((x): x is string => typeof x === 'string' && x.length > 0);
  const rows = await inChunks(keys, (part) => db.selectFrom('users').select(['id', 'username', 'role', 'org_id']).where('id', 'in', part).execute());
  return new Map(rows.map((r) => [String(r.id), { id: String(r.id), username: String(r.username), role: String(r.role), orgId: String(r.org_id) }]));
}
