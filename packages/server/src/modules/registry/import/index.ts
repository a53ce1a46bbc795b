/** Resident import (issue 3 §3): pure file handling — sniff, stream rows, map headers, validate, report, template. */
export { ImportError, isImportError, importErrors, type ImportErrorCode, type ImportErrorDetail } from './errors';
export { inspectUpload, declaredKind, DEFAULT_UPLOAD_LIMITS, type UploadLimits, type UploadInspection } from './sniff';
export { DEFAULT_ARCHIVE_LIMITS, readCentralDirectory, type ArchiveLimits } from './archive';
export { detectTextEncoding, probeTextFile, type CsvEncoding, type TextProbe } from '../../../platform/text-encoding';
export {
  readCsvRows, readXlsxRows, cellValueToString, numberToCellString,
  type ReadItem, type HeaderItem, type RowItem, type ReadOptions, type CsvReadOptions, type XlsxReadOptions,
} from './read';
export {
  mapHeaders, normalizeHeader, looksLikeHeaderRow, REQUIRED_FIELDS, FIELD_LABELS,
  type ImportField, type HeaderMapping, type HeaderWarning, type IgnoredColumn, type ColumnRef,
} from './headers';
export {
  validateRow, DuplicateTracker, parseTypedDate, parseTypedSex, idKey,
  type RowError, type RowErrorCode, type ResidentImportRecord, type Relation, type ResidenceType, type CareTag, type ValidateContext,
} from './validate';
export { neutralizeCell, csvField, writeErrorReportCsv, writeErrorReportXlsx, REPORT_HEADERS } from './report';
export { buildTemplateWorkbook, writeTemplateXlsx, TEMPLATE_HEADERS, TEMPLATE_EXAMPLE, TEMPLATE_NOTES } from './template';
export {
  parseImport, parseImportBuffer,
  type ParseImportOptions, type ParseImportItem, type ParseHeadersItem, type ParseRowItem, type ParseSummaryItem, type ParsedImport,
} from './pipeline';
export {
  prepareResident, preparedImport, cachedPinyin, PREPARED_BATCH,
  type PreparedResident, type PreparedRowItem, type PreparedItem, type ResidentCrypto,
} from './prepare';
export { preparedImportInWorker, ImportWorkerError, type WorkerStreamOptions } from './parallel';
