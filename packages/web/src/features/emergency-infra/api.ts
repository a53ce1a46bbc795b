// The API of 应急避难场所与应急通道 (ADR 0078): the shelters of the caller's area with each community's coverage
// (shelter:read; counts only), adding and changing one (shelter:manage), its inspections (shelter:inspect); the
// emergency lanes with the community's clearance hours and the figures of their occupation reports (lane:read), the
// reports themselves, reporting one (lane:report) and handling it (lane:manage); and the resident's side (self:report):
// the lanes of their community, reporting one and following their own reports.
import { request } from '../../api/client';
import type { Page } from '../../api/types';

export const SHELTER_KINDS = ['park', 'square', 'school', 'community_centre', 'stadium', 'other'] as const;
export type ShelterKind = (typeof SHELTER_KINDS)[number];
export const SHELTER_FACILITIES = ['water', 'power', 'lighting', 'toilets', 'medical', 'broadcast', 'storage'] as const;
export type ShelterFacility = (typeof SHELTER_FACILITIES)[number];
export const SHELTER_STATUSES = ['standby', 'open', 'closed'] as const;
export type ShelterStatus = (typeof SHELTER_STATUSES)[number];
/** The six checks of an inspection, in the order the form and the server list them. */
export const SHELTER_CHECKS = ['access', 'signage', 'water', 'power', 'sanitation', 'equipment'] as const;
export type ShelterCheck = (typeof SHELTER_CHECKS)[number];
export type CheckAnswer = 'ok' | 'problem';
export type Checks = Record<ShelterCheck, CheckAnswer>;

export const LANE_KINDS = ['fire', 'evacuation', 'ambulance'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];
export const REPORT_STATUSES = ['open', 'cleared', 'unfounded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_OUTCOMES = ['cleared', 'unfounded'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** As the server (emergency-infra routes). */
export const NAME_MAX = 40;
export const ADDRESS_MAX = 80;
export const LOCATION_MAX = 80;
export const TEXT_MAX = 200;
export const CAPACITY_MIN = 1;
export const CAPACITY_MAX = 100_000;
export const AREA_MAX = 10_000_000;
export const INTERVAL_DAYS_MIN = 7;
export const INTERVAL_DAYS_MAX = 365;
export const DEFAULT_INTERVAL_DAYS = 30;
export const CLEARANCE_MIN = 1;
export const CLEARANCE_MAX = 72;
export const DEFAULT_CLEARANCE_HOURS = 2;
export const INSPECTIONS_PAGE_SIZE = 20;
export const REPORTS_PAGE_SIZE = 20;

export type Shelter = {
  id: string; communityId: string; communityName: string; name: string; kind: ShelterKind; address: string;
  capacity: number; areaM2: number | null; facilities: ShelterFacility[]; status: ShelterStatus; intervalDays: number;
  lastInspectedAt: string | null;
  /** How many checks the last inspection found wrong; null when never inspected. */
  lastInspectionProblems: number | null;
  nextDueAt: string | null;
  /** 待检查: never inspected, or the last inspection older than the interval (never for a closed shelter). */
  due: boolean;
  version: number;
};

/** A community's active residents against the capacity of its standby and open shelters (counts, no names). */
export type Coverage = { communityId: string; communityName: string; residents: number; capacity: number; share: number | null };

export type Inspection = { id: string; at: string; by: { id: string; name: string }; checks: Checks; problems: ShelterCheck[]; note: string | null };

export type Lane = { id: string; communityId: string; name: string; kind: LaneKind; location: string; openReports: number; version: number };
export type LaneFigures = { open: number; overdue: number; cleared30: number; clearedInTime30: number };
export type LanesView = { items: Lane[]; clearanceHours: Array<{ communityId: string; hours: number }>; figures: LaneFigures };

export type Report = {
  id: string; ref: string; communityId: string; laneId: string | null; laneName: string | null; location: string | null; description: string;
  /** A resident reporter is never named (居民); staff by their name. */
  reporter: 'resident' | { id: string; name: string };
  status: ReportStatus; reportedAt: string; dueAt: string; overdue: boolean;
  handledAt: string | null;
  /** The display name of who handled it. */
  handledBy: string | null;
  resolution: string | null; version: number;
};

export type MyLane = { id: string; name: string; kind: LaneKind; location: string };
export type MyReport = {
  id: string; ref: string; laneName: string | null; location: string | null; description: string; status: ReportStatus;
  reportedAt: string; dueAt: string; handledAt: string | null; resolution: string | null;
};

export const SHELTERS_KEY = ['shelters'] as const;
export const LANES_KEY = ['lanes'] as const;
export const MY_LANE_REPORTS_KEY = ['lanes', 'mine'] as const;

export function listShelters(signal?: AbortSignal): Promise<{ items: Shelter[]; coverage: Coverage[] }> {
  return request('/api/shelters', { signal });
}

export type ShelterBody = {
  name: string; kind: ShelterKind; address: string; capacity: number; areaM2?: number; facilities: ShelterFacility[]; status: ShelterStatus; intervalDays: number;
};

/** Adds a shelter of the caller's community; the key makes a retry of the same submission land once. */
export function createShelter(body: ShelterBody, idempotencyKey: string): Promise<Shelter> {
  return request('/api/shelters', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** A change, against the version the admin saw (409 `stale_version` when someone changed it meanwhile). */
export function updateShelter(id: string, body: ShelterBody & { version: number }): Promise<Shelter> {
  return request(`/api/shelters/${encodeURIComponent(id)}/update`, { method: 'POST', body });
}

export function listInspections(id: string, page: number, signal?: AbortSignal): Promise<Page<Inspection>> {
  return request(`/api/shelters/${encodeURIComponent(id)}/inspections`, { signal, query: { page, pageSize: INSPECTIONS_PAGE_SIZE } });
}

export type InspectionBody = { checks: Checks; note?: string };

/** Records an inspection; the key makes a retry of the same submission (a dropped answer on a weak signal) land once. */
export function recordInspection(id: string, body: InspectionBody, idempotencyKey: string): Promise<Inspection> {
  return request(`/api/shelters/${encodeURIComponent(id)}/inspections`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function listLanes(signal?: AbortSignal): Promise<LanesView> {
  return request('/api/lanes', { signal });
}

export type LaneBody = { name: string; kind: LaneKind; location: string };

export function createLane(body: LaneBody, idempotencyKey: string): Promise<Lane> {
  return request('/api/lanes', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** The caller's community's clearance hours (the deadline of a new report). */
export function setClearanceHours(clearanceHours: number): Promise<{ communityId: string; hours: number }> {
  return request('/api/lanes/settings', { method: 'POST', body: { clearanceHours } });
}

export type ReportFilter = ReportStatus | undefined;

export function listReports(status: ReportFilter, page: number, signal?: AbortSignal): Promise<Page<Report>> {
  return request('/api/lane-reports', { signal, query: { status, page, pageSize: REPORTS_PAGE_SIZE } });
}

export type ReportBody = { laneId?: string; location?: string; description: string };

/** 举报占用 by staff; the key makes a retry of the same submission land once. */
export function staffReport(body: ReportBody, idempotencyKey: string): Promise<Report> {
  return request('/api/lane-reports', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type HandleBody = { outcome: ReportOutcome; resolution: string; version: number };

/** 已清理 / 核实无占用, against the report's version (409 `not_open`, `stale_version`). */
export function handleReport(id: string, body: HandleBody): Promise<Report> {
  return request(`/api/lane-reports/${encodeURIComponent(id)}/handle`, { method: 'POST', body });
}

export function listMyLanes(signal?: AbortSignal): Promise<{ items: MyLane[] }> {
  return request('/api/me/lanes', { signal });
}

/** 举报占用 by a resident: the reference and the deadline to follow. */
export function myReport(body: ReportBody, idempotencyKey: string): Promise<Pick<MyReport, 'id' | 'ref' | 'status' | 'dueAt'>> {
  return request('/api/me/lane-reports', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function listMyReports(signal?: AbortSignal): Promise<{ items: MyReport[] }> {
  return request('/api/me/lane-reports', { signal });
}
