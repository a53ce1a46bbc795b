// The API of 应急预案与演练 (ADR 0089): plans (plan:read; writing, revising, publishing, drills need plan:manage) and drills.
import { request } from '../../api/client';

export const PLAN_HAZARDS = ['epidemic', 'flood_typhoon', 'fire', 'other'] as const;
export type PlanHazard = (typeof PLAN_HAZARDS)[number];
export const DRILL_KINDS = ['tabletop', 'functional'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** As the server (emergency-plans routes). */
export const TITLE_MAX = 40;
export const PLACE_MAX = 60;
export const FINDING_MAX = 200;

export type Ref = { id: string; name: string };
export type PlanRole = { name: string; duties: string | null; staff: Ref[] };
export type PlanStep = { no: number; title: string; role: string; targetMinutes: number };
export type Plan = {
  id: string; seriesId: string; revision: number; title: string; hazard: PlanHazard; status: 'draft' | 'active' | 'retired'; org: Ref;
  roles: PlanRole[]; steps: PlanStep[]; myRoles: string[]; revisionNote: string | null; publishedAt: string | null; createdAt: string; canManage: boolean; version: number;
};
export type LateStep = { no: number; title: string; targetMinutes: number; elapsedMinutes: number | null };
export type LastDrill = { id: string; kind: DrillKind; finishedAt: string; revision: number; daysSince: number; lateSteps: LateStep[] };
export type NextDrill = { id: string; kind: DrillKind; scheduledAt: string; status: string };
export type PlanItem = {
  id: string; seriesId: string; revision: number; title: string; hazard: PlanHazard; status: Plan['status']; org: Ref; myRoles: string[]; steps: number; roles: number;
  hasDraft: boolean; lastDrill: LastDrill | null; nextDrill: NextDrill | null; openActions: number; drillOverdue: boolean;
};
export type Finding = {
  id: string; drillId: string; text: string; severity: Severity; action: string | null; actionStatus: 'open' | 'closed' | null; closedByRevision: number | null; closedAt: string | null; createdAt: string;
};
export type PlanDetail = {
  plan: Plan;
  revisions: Array<{ id: string; revision: number; status: Plan['status']; publishedAt: string | null; note: string | null }>;
  drills: Array<{ id: string; kind: DrillKind; place: string | null; status: Drill['status']; scheduledAt: string; finishedAt: string | null; revision: number | null; findings: number }>;
  actions: Finding[]; lastDrill: LastDrill | null; nextDrill: NextDrill | null; openActions: Array<{ id: string; action: string }>; drillOverdue: boolean;
};
export type DrillStep = PlanStep & { doneAt: string | null; elapsedMinutes: number | null; late: boolean | null };
export type Drill = {
  id: string; plan: { id: string; title: string; revision: number; hazard: PlanHazard }; kind: DrillKind; place: string | null; scheduledAt: string;
  status: 'scheduled' | 'running' | 'finished'; startedAt: string | null; finishedAt: string | null; steps: DrillStep[]; attendance: Ref[]; residentsCount: number;
  staff: Ref[]; findings: Finding[]; canManage: boolean; version: number;
};
export type PlanInput = { title: string; hazard: PlanHazard; roles: Array<{ name: string; duties?: string; staffIds?: string[] }>; steps: Array<{ title: string; role: string; targetMinutes: number }> };

export const PLANS_KEY = ['plans'] as const;
const id = (s: string) => encodeURIComponent(s);

export const listPlans = (signal?: AbortSignal) => request<{ items: PlanItem[] }>('/api/plans', { signal });
export const getPlan = (planId: string, signal?: AbortSignal) => request<PlanDetail>(`/api/plans/${id(planId)}`, { signal });
export const getStaff = (signal?: AbortSignal) => request<{ items: Array<Ref & { role: string }> }>('/api/plans/staff', { signal });
export const createPlan = (b: PlanInput) => request<Plan>('/api/plans', { method: 'POST', body: b });
export const updatePlan = (planId: string, b: PlanInput & { version: number }) => request<Plan>(`/api/plans/${id(planId)}`, { method: 'PUT', body: b });
export const staffPlan = (planId: string, b: { roles: Array<{ name: string; staffIds: string[] }>; version: number }) =>
  request<Plan>(`/api/plans/${id(planId)}/staff`, { method: 'PUT', body: b });
export const revisePlan = (planId: string, version: number) => request<Plan>(`/api/plans/${id(planId)}/revise`, { method: 'POST', body: { version } });
export const publishPlan = (planId: string, b: { version: number; note?: string; addresses?: string[] }) => request<Plan>(`/api/plans/${id(planId)}/publish`, { method: 'POST', body: b });
export const scheduleDrill = (planId: string, b: { scheduledAt: string; kind: DrillKind; place?: string }) => request<Drill>(`/api/plans/${id(planId)}/drills`, { method: 'POST', body: b });
export const getDrill = (drillId: string, signal?: AbortSignal) => request<Drill>(`/api/drills/${id(drillId)}`, { signal });
export const startDrill = (drillId: string, version: number) => request<Drill>(`/api/drills/${id(drillId)}/start`, { method: 'POST', body: { version } });
export const markStep = (drillId: string, no: number, b: { version: number; done: boolean }) => request<Drill>(`/api/drills/${id(drillId)}/steps/${no}`, { method: 'POST', body: b });
export const saveAttendance = (drillId: string, b: { version: number; present: string[]; residents: number }) => request<Drill>(`/api/drills/${id(drillId)}/attendance`, { method: 'POST', body: b });
export const finishDrill = (drillId: string, version: number) => request<Drill>(`/api/drills/${id(drillId)}/finish`, { method: 'POST', body: { version } });
export const addFinding = (drillId: string, b: { text: string; severity: Severity; action?: string }) => request<Drill>(`/api/drills/${id(drillId)}/findings`, { method: 'POST', body: b });
