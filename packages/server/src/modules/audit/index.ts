export { createAuditService, canonicalAudit, chainHash, type AuditActor, type AuditEntry, type AuditRow, type AuditService } from './audit.service';
export { registerAuditRoutes } from './audit.routes';
