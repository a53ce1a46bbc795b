// Response shape of the import history (导入记录, ADR 0021): GET /api/registry/imports
// (packages/server/src/modules/registry/registry.import.routes.ts), in one place for the server and the web app — the
// same arrangement as contracts/warnings.ts: the server's service and handler are typed against it and its test parses
// live answers with it (strict: a field added or dropped on either side fails); not attached to the route as a
// response schema, so serialisation and the OpenAPI document stay as they are. The web app imports the inferred types
// only (`import type`), so no zod code reaches its bundle.
import { z } from 'zod';

/** all_or_nothing: no row is stored if any row fails; partial: the good rows are stored. */
export const IMPORT_MODES = ['all_or_nothing', 'partial'] as const;
/**
 * `failed`: the file was refused before any row was read (wrong type, too large, bad headers) or the run stopped;
 * `running`: not finished (or the server stopped during it).
 */
export const IMPORT_RUN_STATUSES = ['running', 'dry_run', 'committed', 'partial', 'rejected', 'failed'] as const;

const int = z.number().int();

/**
 * One run in the import history: who ran it, how, and with what outcome — counts only, no file name (it may name a
 * person) and no row content.
 */
export const ImportRunSchema = z.strictObject({
  id: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  by: z.strictObject({ id: z.string(), displayName: z.string() }).nullable(),
  community: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  format: z.enum(['csv', 'xlsx']).nullable(),
  fileBytes: int.nullable(),
  mode: z.enum(IMPORT_MODES),
  dryRun: z.boolean(),
  status: z.enum(IMPORT_RUN_STATUSES),
  /**
   * Why a `failed` run failed: the file-level error code (missing_headers, type_mismatch, empty_file, too_large,
   * encoding, archive_limits, too_many_rows, too_many_columns, privileged_columns, unreadable) or `stopped`; null for
   * other outcomes and for runs recorded before it was kept.
   */
  failureCode: z.string().max(40).nullable(),
  rows: int,
  imported: int,
  updated: int,
  /** Rows with at least one problem (有问题的行): a row with a bad ID and a bad phone counts once. */
  errorCount: int,
  /** The row errors are stored and can be downloaded (GET /api/registry/imports/:id/errors). */
  errorReport: z.boolean(),
});

/** GET /api/registry/imports: the caller's area (or `orgId` inside it), newest first. */
export const ImportRunListSchema = z.strictObject({
  items: z.array(ImportRunSchema),
  total: int,
  page: int,
  pageSize: int,
});

export type ImportMode = (typeof IMPORT_MODES)[number];
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];
export type ImportRun = z.infer<typeof ImportRunSchema>;
export type ImportRunList = z.infer<typeof ImportRunListSchema>;
