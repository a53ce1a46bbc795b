// Population overview (server: packages/server/src/modules/registry/registry.overview.ts). Aggregates only.
import { request } from '../../api/client';

export const FIGURES = ['residents', 'households', 'floating', 'tenant', 'away', 'male', 'female', 'infants', 'minors', 'elderly60', 'elderly80', 'livingAlone', 'elderlyAlone', 'disabled', 'chronic', 'pregnant'] as const;
export type Figure = (typeof FIGURES)[number];
/** null: a count from 1 to 4, hidden from callers who may not see the residents themselves. */
export type Figures = Record<Figure, number | null>;
export type OverviewArea = { id: string; name: string; level: string; code: string; figures: Figures };
export type Overview = {
  area: OverviewArea; children: OverviewArea[]; asOf: string; suppressed: boolean; computedAt: string;
  /** Some communities' figures (street level and above) are older than two minutes and being recounted now. */
  refreshing: boolean;
};

export function getOverview(orgId: string | undefined, signal?: AbortSignal): Promise<Overview> {
  return request('/api/registry/overview', { query: { orgId }, signal });
}
