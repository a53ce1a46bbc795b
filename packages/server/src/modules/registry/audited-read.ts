import { errors } from '../../http/errors';
import type { Logger } from 'pino';
import type { AuditActor, AuditService } from '../audit';

/**
 * Fail-closed disclosure of personal data: the caller has already read `data`; the audit row is committed before it
 * is returned, and if the audit write fails the request fails (503 `audit_unavailable`) instead of returning
 * unaudited personal data (SECURITY.md: no unaudited read).
 */
export function auditedRead(audit: AuditService, logger: Logger) {
  return async function audited<T>(actor: AuditActor, e: Parameters<AuditService['record']>[1], data: T): Promise<T> {
    try {
      await audit.record(actor, e);
    } catch (err) {
      logger.error({ err: { message: (err as Error).message }, requestId: actor.requestId }, 'audit write failed; refusing to return personal data');
      throw errors.unavailable('audit_unavailable', '审计日志暂不可用，已拒绝返回个人信息', 'Audit log unavailable; personal data withheld');
    }
    return data;
  };
}
