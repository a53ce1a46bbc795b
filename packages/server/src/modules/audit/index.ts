export { createAuditService, canonicalAudit, chainHash, systemActor, type AuditActor, type AuditEntry, type AuditRow, type AuditService } from './audit.service';
export { registerAuditRoutes } from './audit.routes';
