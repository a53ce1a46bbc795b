import { errors } from '../../http/errors';
import type { AuditActor, AuditEntry, AuditService } from './audit.service';

/** What a refusal records: an audit entry without its outcome (always `denied`). */
export type DeniedEntry = Omit<AuditEntry, 'outcome'>;

/**
 * A refused request: appends the audit row with outcome `denied` (its own group-committed write; resolves after
 * COMMIT), then throws `err` — for an object outside the caller's scope the same 404 as an unknown id, otherwise the
 * refusal's own 403 / 409 / 410 / 429. Use it as `return denyAudited(…)` (or `await`) so that the code after it runs
 * only when nothing was refused.
 *
 * One rule for every refusal (ADR 0040): a refusal is never left unrecorded. If the `denied` row cannot be written,
 * the request answers 503 `audit_unavailable` instead of `err` — the same answer as a personal-data read whose audit
 * row cannot be written (fail closed); the audit service logs the failure.
 *
 * Not for refusals written inside a caller's own transaction (`audit.append(trx, …)`, e.g. the login throttle, the
 * browsing guard's step-up): those commit or fail with the caller's write.
 */
export async function denyAudited(audit: Pick<AuditService, 'record'>, actor: AuditActor, entry: DeniedEntry, err: Error): Promise<never> {
  try {
    await audit.record(actor, { ...entry, outcome: 'denied' });
  } catch {
    throw auditUnavailableForRefusal();
  }
  throw err;
}

/** 503 for a refusal whose audit row could not be written: nothing was done, and the client may try again later. */
export const auditUnavailableForRefusal = () =>
  errors.unavailable('audit_unavailable', '审计日志暂不可用，请求未执行，请稍后重试', 'Audit log unavailable; the request was not carried out — try again later');

/**
 * Fail-closed disclosure of personal data (SECURITY.md: no unaudited read): `audited(actor, entry, data)` commits the
 * audit row, then returns `data` the caller has already read; if the row cannot be written the request fails with 503
 * `audit_unavailable` and nothing is returned (the audit service logs the failure).
 */
export function auditedRead(audit: Pick<AuditService, 'record'>) {
  return async function audited<T>(actor: AuditActor, e: AuditEntry, data: T): Promise<T> {
    try {
      await audit.record(actor, e);
    } catch {
      throw errors.unavailable('audit_unavailable', '审计日志暂不可用，已拒绝返回个人信息', 'Audit log unavailable; personal data withheld');
    }
    return data;
  };
}
