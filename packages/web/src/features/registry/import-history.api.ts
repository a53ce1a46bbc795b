// Import history (导入记录): GET /api/registry/imports (server: registry.import.routes.ts, ADR 0021).
// Counts and outcomes only — the server keeps no file names (they may name a person) and sends no row content.
import { request } from '../../api/client';
import type { Page } from '../../api/types';
import type { ImportMode } from './api';

export type ImportRunStatus = 'running' | 'dry_run' | 'committed' | 'partial' | 'rejected' | 'failed';

export type ImportRun = {
  id: string;
  createdAt: string;
  finishedAt: string | null;
  by: { id: string; displayName: string } | null;
  community: { id: string; name: string } | null;
  format: 'csv' | 'xlsx' | null;
  fileBytes: number | null;
  mode: ImportMode;
  dryRun: boolean;
  status: ImportRunStatus;
  rows: number;
  imported: number;
  updated: number;
  errorCount: number;
  /** The row errors can be downloaded (importErrorsUrl). */
  errorReport: boolean;
};

export const IMPORT_HISTORY_KEY = ['registry', 'import-history'] as const;
export const IMPORT_HISTORY_PAGE_SIZE = 10;

export function listImportRuns(q: { page: number; pageSize?: number; orgId?: string }, signal?: AbortSignal): Promise<Page<ImportRun>> {
  return request('/api/registry/imports', { query: { page: q.page, pageSize: q.pageSize ?? IMPORT_HISTORY_PAGE_SIZE, orgId: q.orgId }, signal });
}
