// 影响评估 / Breach impact API (packages/server/src/modules/impact/impact.routes.ts, ADR 0031). The answer's shape is the
// shared contract (packages/shared/src/contracts/impact.ts); only its types are imported here.
import type { ImpactAnswer } from '@renxing/shared';
import { buildUrl, request } from '../../api/client';

export type { ImpactAnswer, ImpactAction, ImpactClass, ImpactSubject } from '@renxing/shared';

/** One question: the residents an export covered, or those an account touched in a window (ISO instants). */
export type ImpactParams =
  | { kind: 'export'; exportId: string; page: number; pageSize: number }
  | { kind: 'actor'; actor: string; from: string; to: string; page: number; pageSize: number };

const queryOf = (p: ImpactParams) =>
  p.kind === 'export' ? { exportId: p.exportId } : { actor: p.actor, from: p.from, to: p.to };

/** GET /api/admin/impact (impact:query; the second factor is asked for by the API client when needed). */
export function queryImpact(p: ImpactParams, signal?: AbortSignal): Promise<ImpactAnswer> {
  return request('/api/admin/impact', { query: { ...queryOf(p), page: p.page, pageSize: p.pageSize }, signal });
}

/** The whole list as CSV for the notification letters (a plain link: same session, audited on the server). */
export function impactCsvUrl(p: ImpactParams, lang: string): string {
  return buildUrl('/api/admin/impact/csv', { ...queryOf(p), lang: lang.startsWith('zh') ? 'zh-CN' : 'en' });
}
