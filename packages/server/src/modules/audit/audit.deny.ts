import type { AuditActor, AuditEntry, AuditService } from './audit.service';

/** What a refusal records: an audit entry without its outcome (always `denied`). */
export type DeniedEntry = Omit<AuditEntry, 'outcome'>;

/**
 * A refused request: appends the audit row with outcome `denied` (its own group-committed write; resolves after
 * COMMIT), then throws `err` — for an object outside the caller's scope the same 404 as an unknown id, otherwise the
 * refusal's own 403 / 409 / 410 / 429. If the audit row cannot be written, that failure is thrown instead of `err`:
 * a refusal is never left unrecorded. Use it as `return denyAudited(…)` (or `await`) so that the code after it runs
 * only when nothing was refused.
 *
 * Not for refusals written inside a caller's own transaction (`audit.append(trx, …)`, e.g. the login throttle) nor
 * for the fail-closed personal-data reads, whose audit failure answers 503 `audit_unavailable`.
 */
export async function denyAudited(audit: Pick<AuditService, 'record'>, actor: AuditActor, entry: DeniedEntry, err: Error): Promise<never> {
  await audit.record(actor, { ...entry, outcome: 'denied' });
  throw err;
}
