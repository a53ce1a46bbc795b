export { registerExportRoutes } from './exports.routes';
export { createExportsService, EXPORT_NOTIFICATION_KINDS, exportApproverRoles, type ExportsDeps, type ExportsService, type ExportPreview, type ExportView, type ExportStatus, type ExportRequest, type ExportFile } from './exports.service';
export {
  assessExport, loadExportPolicy, DEFAULT_EXPORT_POLICY, EXPORT_COLUMNS, EXPORT_FORMATS, EXPORT_PURPOSES, UNMASKABLE_COLUMNS, COLUMN_SPECS,
  type ExportPolicy, type ExportColumn, type ExportPurpose, type ExportFormat, type UnmaskableColumn, type ApprovalReason, type DataClass,
} from './exports.policy';
export { buildCsv, buildXlsx, safeCell, type ExportTable, type Watermark } from './exports.file';
export {
  actorExportsQuery, exportFigures, exportRecord, exportsBetween, exportSubjectsQuery, EXPORT_RECORD_COLUMNS, type ExportArea, type ExportLogEntry,
  type ExportMonthFigures, type ExportRange,
} from './exports.figures';
export { eraseExportSubjectsOf } from './exports.erasure';
