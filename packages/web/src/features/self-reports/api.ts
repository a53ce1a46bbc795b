// Self-report API (packages/server/src/modules/self-reports/self-reports.routes.ts).
// Personal data stays in react-query's memory cache; nothing is written to browser storage.
import { request } from '../../api/client';
import type { EmergencyState } from '../emergencies';

/** Symptoms a resident can tick (server: SYMPTOMS in self-reports.service.ts). */
export const SYMPTOMS = ['cough', 'sore_throat', 'fatigue', 'loss_of_taste_smell', 'shortness_of_breath', 'diarrhea', 'muscle_pain', 'runny_nose'] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export type Channel = 'self' | 'household' | 'door_to_door';
export type FollowUpStatus = 'none' | 'open' | 'done';

export type SubmitBody = { residentId?: string; temperature: number; symptoms: Symptom[]; note?: string };

export type SubmitResult = {
  id: string;
  residentId: string;
  reportDate: string;
  temperature: number;
  fever: boolean;
  symptoms: Symptom[];
  followUpStatus: FollowUpStatus;
  channel: Channel;
};

export type Mine = {
  /** `relation`: to the head of the household (older servers sent none). */
  members: Array<{ id: string; name: string; self: boolean; relation?: string }>;
  items: Array<{ id: string; residentId: string; reportDate: string; temperature: number; fever: boolean; symptoms: Symptom[]; createdAt: string }>;
  /** Collection state where the household lives (null when the account is not linked). */
  collection: EmergencyState | null;
};

export type ReportRow = {
  id: string;
  residentId: string;
  nameMasked: string;
  /** null for a restricted resident (see the registry's break-the-glass). */
  address: string | null;
  restricted: boolean;
  gridId: string;
  /** The reporting day (Asia/Shanghai). */
  reportDate: string;
  temperature: number;
  fever: boolean;
  symptoms: Symptom[];
  followUpStatus: FollowUpStatus;
  channel: Channel;
  createdAt: string;
};

/** `date` is null for the open follow-ups of every day (`followUp: 'open'` without a date). */
export type ReportList = { date: string | null; total: number; page: number; pageSize: number; items: ReportRow[] };

/** A household with members who sent no report that day (a restricted record alone, without household or address). */
export type UnreportedEntry = {
  householdId: string | null;
  address: string | null;
  gridId: string | null;
  restricted: boolean;
  members: number;
  reported: number;
  missing: Array<{ residentId: string; nameMasked: string }>;
};
export type UnreportedList = { date: string; total: number; residents: number; page: number; pageSize: number; items: UnreportedEntry[] };

/** Who has not reported on a day, household by household in address order (audited: names are shown, masked). */
export function listUnreported(q: { date: string; gridId?: string; page: number; pageSize: number }, signal?: AbortSignal): Promise<UnreportedList> {
  return request('/api/self-reports/unreported', { query: q, signal });
}

/** `openFollowUps`: fever follow-ups still open in the grid, whatever the day of the report. */
export type GridCoverage = { gridId: string; name: string; residents: number; reported: number; fevers: number; openFollowUps: number; coverage: number };
export type Coverage = { date: string; grids: GridCoverage[] };

/** A search hit: a resident (masked), or a restricted record's stub (masked name only; a temperature can still be recorded). */
export type ResidentHit = { id: string; nameMasked: string; gridId: string; restricted: boolean } & ({ access: 'full'; address: string; age: number; sex: 'M' | 'F' } | { access: 'stub' });

/** A random id for the Idempotency-Key header (works without crypto.randomUUID, which needs HTTPS). */
export function newIdempotencyKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The same key is sent again when a submission is retried, so a weak network never records it twice. */
export function submitSelfReport(body: SubmitBody, idempotencyKey: string): Promise<SubmitResult> {
  return request('/api/self-reports', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function mySelfReports(signal?: AbortSignal): Promise<Mine> {
  return request('/api/self-reports/mine', { signal });
}

/** Reports of a day; with `followUp: 'open'` and no date, the open follow-ups of every day (oldest first). */
export function listSelfReports(
  q: { date?: string; gridId?: string; fever?: boolean; followUp?: FollowUpStatus; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<ReportList> {
  return request('/api/self-reports', {
    query: { date: q.date, gridId: q.gridId, fever: q.fever === undefined ? undefined : String(q.fever), followUp: q.followUp, page: q.page, pageSize: q.pageSize },
    signal,
  });
}

export function selfReportCoverage(date: string, signal?: AbortSignal): Promise<Coverage> {
  return request('/api/self-reports/coverage', { query: { date }, signal });
}

/** Counts of an area for a day; null = 1 to 4, hidden from count-only callers (street, district: shown "<5"). */
export type AreaFigures = {
  residents: number | null; households: number | null; reported: number | null; householdsReported: number | null;
  /** Residents with a fever report that day. */
  fevers: number | null;
  /** Residents with a fever follow-up still open, whatever the day of the report. */
  openFollowUps: number | null;
};
/** Whether temperatures are collected today: the whole area, some communities of it, or nowhere (no emergency period). */
export type Collection = 'open' | 'partly' | 'closed';
export type CoverageArea = { id: string; name: string; level: string; code: string; collection: Collection; figures: AreaFigures };
/** The area (the caller's, or `orgId` inside it) and the areas one level down (district → streets → communities → grids). */
export type AreaCoverage = { date: string; area: CoverageArea; children: CoverageArea[]; suppressed: boolean };

/** Self-report coverage of an area as counts (street offices and district command: self-report:coverage). */
export function selfReportAreaCoverage(date: string, orgId: string | undefined, signal?: AbortSignal): Promise<AreaCoverage> {
  return request('/api/self-reports/coverage', { query: { date, orgId }, signal });
}

/** Closes the open follow-up of a fever report. Reports start at version 1 and only this call changes them. */
/** `alsoClosed`: the same person's other open fever follow-ups, closed with this one (one person, one visit). */
export function closeFollowUp(id: string, note: string): Promise<{ id: string; followUpStatus: 'done'; alsoClosed?: number }> {
  return request(`/api/self-reports/${encodeURIComponent(id)}/follow-up`, { method: 'POST', body: { version: 1, note } });
}

/** How many people the door-to-door search lists; more means the worker should narrow it (room number, name). */
export const DOOR_SEARCH_SHOWN = 10;

/**
 * Residents in the worker's scope, for door-to-door reporting (purpose: epidemic follow-up): the first
 * DOOR_SEARCH_SHOWN, and `more` when there are others (one more is asked for, to know; it is not shown).
 */
export async function searchResidentsForReport(q: string, signal?: AbortSignal): Promise<{ items: ResidentHit[]; more: boolean }> {
  const r = await request<{ items: ResidentHit[] }>('/api/residents/search', {
    method: 'POST', body: { q, limit: DOOR_SEARCH_SHOWN + 1 }, headers: { 'X-Purpose': 'epidemic.followup' }, signal,
  });
  return { items: r.items.slice(0, DOOR_SEARCH_SHOWN), more: r.items.length > DOOR_SEARCH_SHOWN };
}
