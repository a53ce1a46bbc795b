// The API of 韧性评估 (ADR 0092): the indicator catalogue and an area's scorecard (resilience:read); computing, scoring
// and finalising an assessment (resilience:assess, the community admin).
import { request } from '../../api/client';

export const DIMENSIONS = ['organisational', 'institutional', 'physical', 'technical'] as const;
export const CAPACITIES = ['cognition', 'information', 'monitoring', 'response', 'support', 'residents', 'guidance', 'mobilisation'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Capacity = (typeof CAPACITIES)[number];
/** As the server (resilience routes). */
export const EVIDENCE_MAX = 500;

export type ZhEn = { zh: string; en: string };
export type CatalogueIndicator = {
  code: string; kind: 'auto' | 'manual'; dimension: Dimension; capacity: Capacity; name: ZhEn; measure: ZhEn; unit: ZhEn; thresholds: number[] | null; suggestion: ZhEn;
};
export type Catalogue = {
  dimensions: Array<ZhEn & { code: Dimension }>; capacities: Array<ZhEn & { code: Capacity }>; levels: Array<ZhEn & { level: number }>; indicators: CatalogueIndicator[];
};
export type Scores = { overall: number | null; capacities: Record<Capacity, number | null>; dimensions: Record<Dimension, number | null>; weakest: string[] };
export type AssessmentItem = {
  code: string; kind: 'auto' | 'manual'; dimension: Dimension; capacity: Capacity; value: number | null; level: number | null;
  explanation: { zh: string; en: string; figures: Record<string, number | string> } | null; evidence: string | null; scoredBy: string | null; scoredAt: string | null; weak: boolean;
};
export type Assessment = {
  id: string; org: { id: string; name: string }; period: string; asOf: string; status: 'draft' | 'final'; createdBy: string; finalisedAt: string | null; finalisedBy: string | null;
  scores: Scores; canAssess: boolean; version: number; items: AssessmentItem[];
};
export type TrendPoint = { id: string; period: string; asOf: string; status: string; finalisedAt: string | null; overall: number | null; capacities: Scores['capacities']; dimensions: Scores['dimensions'] };
export type Overview = {
  org: { id: string; name: string; level: string }; canAssess: boolean; latest: Assessment | null; draft: TrendPoint | null; trend: TrendPoint[];
  below: Array<{ org: { id: string; name: string }; period: string; overall: number | null }>;
};

export const RESILIENCE_KEY = ['resilience'] as const;
const enc = (s: string) => encodeURIComponent(s);

export const getCatalogue = (signal?: AbortSignal) => request<Catalogue>('/api/resilience/catalogue', { signal });
export const getOverview = (orgId: string | null, signal?: AbortSignal) => request<Overview>(`/api/resilience${orgId ? `?orgId=${enc(orgId)}` : ''}`, { signal });
export const getAssessment = (id: string, signal?: AbortSignal) => request<Assessment>(`/api/resilience/assessments/${enc(id)}`, { signal });
export const createAssessment = () => request<Assessment>('/api/resilience/assessments', { method: 'POST' });
export const recompute = (id: string, version: number) => request<Assessment>(`/api/resilience/assessments/${enc(id)}/recompute`, { method: 'POST', body: { version } });
export const scoreManual = (id: string, code: string, b: { version: number; level: number; evidence: string }) =>
  request<Assessment>(`/api/resilience/assessments/${enc(id)}/manual/${enc(code)}`, { method: 'PUT', body: b });
export const finalise = (id: string, version: number) => request<Assessment>(`/api/resilience/assessments/${enc(id)}/finalise`, { method: 'POST', body: { version } });
