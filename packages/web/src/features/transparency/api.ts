// The public monthly transparency report (server: packages/server/src/modules/transparency, ADR 0032). No login needed.
import type { TransparencyAreaList, TransparencyReport } from '@renxing/shared';
import { request } from '../../api/client';

export type { TransparencyAreaList, TransparencyCount, TransparencyReport, TransparencyTotal } from '@renxing/shared';

export const transparencyKey = (month: string, area: string | null) => ['transparency', month, area ?? ''] as const;
export const TRANSPARENCY_AREAS_KEY = ['transparency-areas'] as const;

/** The report of `month` (YYYY-MM) for the whole installation, or for the area with code `area`. */
export function fetchTransparency(month: string, area: string | null, signal?: AbortSignal): Promise<TransparencyReport> {
  return request(`/api/transparency/${encodeURIComponent(month)}`, { query: { area }, signal, noAuthRedirect: true });
}

/** Districts, streets and communities (public administrative divisions). */
export function fetchTransparencyAreas(signal?: AbortSignal): Promise<TransparencyAreaList> {
  return request('/api/transparency/areas', { signal, noAuthRedirect: true });
}
