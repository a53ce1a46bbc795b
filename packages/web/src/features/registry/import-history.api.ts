// Import history (导入记录): GET /api/registry/imports (server: registry.import.routes.ts, ADR 0021).
// Counts and outcomes only — the server keeps no file names (they may name a person) and sends no row content.
// Answer: the shared contract (packages/shared/src/contracts/registry-imports.ts; the server's service is typed against it
// and a server test parses live answers with it). Type-only import: no zod code in the bundle. `errorReport`: the row
// errors can be downloaded (importErrorsUrl).
import type { ImportRun, ImportRunList, ImportRunStatus } from '@renxing/shared';
import { request } from '../../api/client';

export type { ImportRun, ImportRunStatus };

export const IMPORT_HISTORY_KEY = ['registry', 'import-history'] as const;
export const IMPORT_HISTORY_PAGE_SIZE = 10;

export function listImportRuns(q: { page: number; pageSize?: number; orgId?: string }, signal?: AbortSignal): Promise<ImportRunList> {
  return request('/api/registry/imports', { query: { page: q.page, pageSize: q.pageSize ?? IMPORT_HISTORY_PAGE_SIZE, orgId: q.orgId }, signal });
}
