// Data-quality check (server: packages/server/src/modules/registry/registry.quality.ts, ADR 0020).
import { request } from '../../api/client';
import type { ResidentRow } from './api';

export const QUALITY_KINDS = [
  'no_phone', 'minor_no_guardian', 'guardian_inactive', 'elderly_alone_no_phone', 'possible_duplicate', 'consent_missing', 'guardian_consent_missing', 'household_no_head',
  'household_head_inactive',
  'household_empty',
  'living_alone_not_alone',
  'pregnant_misfit',
  'household_multiple_heads',
  'household_head_relation',
] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];
/** Kinds with a list of records; possible duplicates are a count only. */
export const LISTABLE_KINDS = QUALITY_KINDS.filter((k) => k !== 'possible_duplicate') as readonly Exclude<QualityKind, 'possible_duplicate'>[];
export type ListableKind = (typeof LISTABLE_KINDS)[number];

/** null: a count from 1 to 4, hidden from callers who may not read the residents themselves. */
export type QualityCounts = Record<QualityKind, number | null>;
export type QualityArea = { id: string; name: string; level: string; code: string; counts: QualityCounts };
export type QualityOverview = { area: QualityArea; children: QualityArea[]; asOf: string; suppressed: boolean; computedAt: string };

export type QualityHousehold = { id: string; address: string; room: string; gridId: string; headResidentId: string | null; activeMembers: number; version: number };
type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };
export type QualityItems =
  | ({ kind: ListableKind; subject: 'resident' } & Paged<ResidentRow>)
  | ({ kind: ListableKind; subject: 'household' } & Paged<QualityHousehold>);

export function getQuality(signal?: AbortSignal): Promise<QualityOverview> {
  return request('/api/registry/quality', { signal });
}

/** The records of one kind (residents masked as in the resident list); the server audits the read. */
export function getQualityItems(q: { kind: ListableKind; orgId?: string; page: number; pageSize: number }, signal?: AbortSignal): Promise<QualityItems> {
  return request('/api/registry/quality/items', { query: q, signal });
}
