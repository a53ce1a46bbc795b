// The control-point API (三无小区管控点, ADR 0074): the board of the caller's unmanaged compounds with their state
// (control-point:read), a point's patrols, recording a patrol and resolving its problems (control-point:patrol), and
// setting a point up or changing it (control-point:manage). No resident data: place data and staff names only.
import { request } from '../../api/client';
import type { Page } from '../../api/types';

/** The five checks of a patrol, in the order the form and the server list them. */
export const CHECKS = ['staffed', 'registration', 'disinfection', 'lane_clear', 'sanitation'] as const;
export type Check = (typeof CHECKS)[number];
export type CheckAnswer = 'ok' | 'problem';
export type Checks = Record<Check, CheckAnswer>;

/** A compound's state, in the order the board lists them: open problems first, the fine ones last. */
export const POINT_STATUSES = ['problem', 'due', 'unassigned', 'ok'] as const;
export type PointStatus = (typeof POINT_STATUSES)[number];
export type Counts = Record<PointStatus, number>;

/** As the server (control-points routes): the note and the resolution, the patrol interval's hours. */
export const NOTE_MAX = 200;
export const INTERVAL_MIN = 4;
export const INTERVAL_MAX = 168;
export const DEFAULT_INTERVAL = 24;
export const PATROLS_PAGE_SIZE = 20;

export type CompoundFlags = { noPropertyManagement: boolean; noCompetentAuthority: boolean; notEnclosed: boolean };

/** One unmanaged compound on the board, with its control point when it has one (pointId, lead, interval, version). */
export type PointView = {
  compoundId: string; compoundName: string; communityId: string; communityName: string;
  flags: CompoundFlags; threeNo: boolean;
  pointId: string | null;
  lead: { id: string; name: string } | null;
  intervalHours: number | null;
  lastPatrolAt: string | null;
  /** The display name of who made the last patrol. */
  lastPatrolBy: string | null;
  nextDueAt: string | null;
  openProblems: number;
  status: PointStatus;
  version: number | null;
};

export type PatrolView = {
  id: string; pointId: string; patrolledAt: string; patrolledBy: { id: string; name: string };
  checks: Checks; problems: Check[]; note: string | null;
  resolvedAt: string | null;
  /** The display name of who resolved it. */
  resolvedBy: string | null;
  resolution: string | null;
  version: number;
};

export type LeadCandidate = { id: string; name: string; role: string; orgName: string };

export const CONTROL_POINTS_KEY = ['control-points'] as const;

export function listPoints(signal?: AbortSignal): Promise<{ items: PointView[]; counts: Counts }> {
  return request('/api/control-points', { signal });
}

/** Who may be made responsible for a point of the community (its admins, grid workers and volunteers; audited). */
export function leadCandidates(communityId: string, q: string, signal?: AbortSignal): Promise<{ items: LeadCandidate[] }> {
  return request('/api/control-points/lead-candidates', { signal, query: { communityId, q: q.trim() || undefined } });
}

export type CreateBody = { compoundId: string; leadUserId: string; intervalHours: number };
export type UpdateBody = { leadUserId?: string; intervalHours?: number; version: number };

/** Sets a point up; the key makes a retry of the same submission (a dropped answer) land once. */
export function createPoint(body: CreateBody, idempotencyKey: string): Promise<PointView> {
  return request('/api/control-points', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** A change of the lead or the interval, against the version the admin saw (409 `stale` when someone changed it meanwhile). */
export function updatePoint(pointId: string, body: UpdateBody): Promise<PointView> {
  return request(`/api/control-points/${encodeURIComponent(pointId)}/update`, { method: 'POST', body });
}

export function listPatrols(pointId: string, page: number, signal?: AbortSignal): Promise<Page<PatrolView>> {
  return request(`/api/control-points/${encodeURIComponent(pointId)}/patrols`, { signal, query: { page, pageSize: PATROLS_PAGE_SIZE } });
}

export type PatrolBody = { checks: Checks; note?: string };

/** Records a patrol; the key makes a retry of the same submission (a dropped answer on a weak signal) land once. */
export function recordPatrol(pointId: string, body: PatrolBody, idempotencyKey: string): Promise<PatrolView> {
  return request(`/api/control-points/${encodeURIComponent(pointId)}/patrols`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** 已整改: what was done about a patrol's problems, against the patrol's version (409 `already_resolved`, `stale`). */
export function resolvePatrol(pointId: string, patrolId: string, body: { resolution: string; version: number }): Promise<PatrolView> {
  return request(`/api/control-points/${encodeURIComponent(pointId)}/patrols/${encodeURIComponent(patrolId)}/resolve`, { method: 'POST', body });
}
