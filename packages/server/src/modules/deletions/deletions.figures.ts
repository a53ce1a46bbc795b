import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/**
 * Counts of deletion requests (PIPL Art. 47, ADR 0037) for reports: made in [from, to), and decided in it by outcome;
 * `withdrawn`: taken back by the resident in it (ADR 0037 addendum) — its own line, not a decision.
 */
export type DeletionRequestCounts = { requested: number; erased: number; restricted: number; rejected: number; withdrawn: number };

/**
 * Deletion requests made in [from, to) (`created_at`) and decided in it (`decided_at`, by outcome), for the whole
 * installation (`area` null) or under an org path — the place of the record when the request was made. Instants are
 * ISO-8601 text as the system stamped them. Counts only; read by the transparency report and the audit pack.
 */
export async function deletionRequestCounts(db: Kysely<any>, codec: Codec, r: { from: string; to: string }, area: string | null): Promise<DeletionRequestCounts> {
  let requested = db.selectFrom('deletion_requests').select((eb) => eb.fn.countAll().as('n')).where('created_at', '>=', r.from).where('created_at', '<', r.to);
  let decided = db.selectFrom('deletion_requests').select(['status', (eb) => eb.fn.countAll().as('n')]).where('decided_at', '>=', r.from).where('decided_at', '<', r.to);
  if (area !== null) {
    requested = requested.where('org_path', 'like', `${area}%`);
    decided = decided.where('org_path', 'like', `${area}%`);
  }
  const n = codec.readInt((await requested.executeTakeFirstOrThrow()).n);
  const by = new Map((await decided.groupBy('status').execute()).map((d) => [d.status as string, codec.readInt(d.n)]));
  return { requested: n, erased: by.get('erased') ?? 0, restricted: by.get('restricted') ?? 0, rejected: by.get('rejected') ?? 0, withdrawn: by.get('withdrawn') ?? 0 };
}
