export { createAuditService, canonicalAudit, chainHash, systemActor, type AuditActor, type AuditEntry, type AuditRow, type AuditService } from './audit.service';
export { registerAuditRoutes } from './audit.routes';
export { auditedRead, denyAudited, type DeniedEntry } from './audit.deny';
export {
  ANCHOR_FORMAT, anchorJob, anchorLine, describeAnchorCheck, parseAnchor, parseAnchorText, writeAnchorFile,
  type AnchorCheck, type AnchorClaim, type AuditAnchor,
} from './audit.anchor';
export { runAuditCommand } from './audit.cli';
export { AUDIT_RETENTION_FLOOR_DAYS, DEFAULT_AUDIT_RETENTION_DAYS, type AuditCheckpoint } from './audit.checkpoints';
export { AuditRetentionError, assertAuditRetention, type PurgeResult } from './audit.purge';
export { actorDisclosuresQuery, MAX_DISCLOSED } from './audit.disclosures';
export { actorAuditQuery, auditActionTally, countAuditRows, oldestAuditTs, type AuditActionTally, type AuditRange } from './audit.figures';
export {
  auditAccessStatistics, auditActionOutcomeCounts, auditEventsPage, checkpointStatus, newestAnchorStatus, verifyAuditPeriod, type AccessStatRow, type AnchorStatus,
  type AuditEvent, type AuditMonth, type PeriodVerification,
} from './audit.figures';
