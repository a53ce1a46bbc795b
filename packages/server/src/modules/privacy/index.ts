export { FIELD_REGISTRY, TECHNICAL_TABLES, encryptedColumns, fieldPolicy, type FieldPolicy, type FieldClass, type MaskRule } from './field-registry';
export { listSchemaColumns } from './schema-columns';
export {
  RETENTION_POLICIES, checkRetentionCoverage, createRetentionService, verifyRetentionCertificates, retentionRules, emergencyRules, countLabel, certificateHash, type RetentionCertificate, type RetentionCount,
  type RetentionRule, type RetentionService, type TablePolicy,
} from './retention';
export { registerRetentionRoutes } from './retention.routes';
export {
  createEmergencyService, collectionClosed, DEFAULT_EMERGENCY_RETENTION_DAYS, addDays, ymdOf, pathsAbove, type EmergencyPeriod, type EmergencyService, type EmergencyState,
} from './emergencies';
export { registerEmergencyRoutes } from './emergencies.routes';
export {
  buildNotice, collectedGroups, createNoticeService, retentionWords, FIELD_LABELS, NOTICE_TEXT_VERSION, NOTICED_CLASSES, type Notice, type NoticeService,
} from './notice';
export { registerNoticeRoutes } from './notice.routes';
export { emergencyCounts, emergencyPeriodsInForce, retentionCertificatesBetween, RETENTION_CLASS_LABELS, type EmergencyArea, type PrivacyRange } from './privacy.figures';
