// The API of 工作规程 (ADR 0088): procedures and their versions (procedure:read / procedure:manage), the runs per
// version (oversight, audited server-side), and 我的清单 — checklists started, ticked and completed (procedure:run).
import { request } from '../../api/client';

export const PROCEDURE_CATEGORIES = ['screening', 'quarantine', 'sampling', 'service', 'other'] as const;
export type ProcedureCategory = (typeof PROCEDURE_CATEGORIES)[number];

/** As the server (procedures routes). */
export const TITLE_MAX = 40;
export const PURPOSE_MAX = 200;
export const STEP_TITLE_MAX = 60;
export const STEP_DETAIL_MAX = 300;
export const STEPS_MAX = 30;
export const NOTE_MAX = 200;
export const CHANGE_NOTE_MAX = 200;
export const SUBJECT_MAX = 60;

export type Ref = { id: string; name: string };
export type Step = { title: string; detail?: string; required: boolean };
export type ProcedureItem = {
  id: string; title: string; category: ProcedureCategory; purpose: string | null; orgId: string; version: number; org: Ref;
  current: { number: number; publishedAt: string | null; publishedBy: Ref | null } | null; hasDraft: boolean; canManage: boolean; runs: { open: number; done: number };
};
export type Version = {
  id: string; number: number; status: 'draft' | 'published' | 'superseded'; steps: Step[]; changeNote: string | null; publishedBy: Ref | null;
  publishedAt: string | null; supersededAt: string | null; createdAt: string; version: number; runs: { started: number; completed: number };
};
export type ProcedureDetail = {
  procedure: { id: string; title: string; category: ProcedureCategory; purpose: string | null; orgId: string; version: number };
  canManage: boolean; versions: Version[];
};
export type RunStep = Step & { no: number; done: boolean; note: string | null; doneAt: string | null };
export type Run = {
  id: string; procedure: { id: string; title: string; category: string }; versionId: string; versionNumber: number; subject: string; taskId: string | null;
  status: 'open' | 'done'; startedBy: Ref | null; startedAt: string; completedAt: string | null; version: number; steps: RunStep[]; progress: { done: number; total: number };
};
export type RunPage = { items: Run[]; total: number; page: number; pageSize: number };
export type MyChecklists = { open: Run[]; done: Run[] };

export const PROCEDURES_KEY = ['procedures'] as const;
export const MY_CHECKLISTS_KEY = ['me', 'checklists'] as const;
const id = (s: string) => encodeURIComponent(s);

export function listProcedures(category: ProcedureCategory | null, signal?: AbortSignal) {
  return request<{ items: ProcedureItem[] }>(`/api/procedures${category ? `?category=${category}` : ''}`, { signal });
}
export const getProcedure = (pid: string, signal?: AbortSignal) => request<ProcedureDetail>(`/api/procedures/${id(pid)}`, { signal });
export const createProcedure = (b: { title: string; category: ProcedureCategory; purpose?: string }) => request<ProcedureDetail>('/api/procedures', { method: 'POST', body: b });
export const newDraft = (pid: string) => request<ProcedureDetail>(`/api/procedures/${id(pid)}/draft`, { method: 'POST' });
export const saveDraft = (pid: string, b: { steps: Step[]; version: number }) => request<ProcedureDetail>(`/api/procedures/${id(pid)}/draft`, { method: 'PUT', body: b });
export const publishDraft = (pid: string, b: { changeNote: string; version: number }) => request<ProcedureDetail>(`/api/procedures/${id(pid)}/draft/publish`, { method: 'POST', body: b });
export function listRuns(pid: string, q: { versionId?: string; status?: 'open' | 'done'; page: number }, signal?: AbortSignal) {
  const p = new URLSearchParams({ page: String(q.page), pageSize: '20' });
  if (q.versionId) p.set('versionId', q.versionId);
  if (q.status) p.set('status', q.status);
  return request<RunPage>(`/api/procedures/${id(pid)}/runs?${p.toString()}`, { signal });
}

export const getMyChecklists = (signal?: AbortSignal) => request<MyChecklists>('/api/me/checklists', { signal });
export const startChecklist = (b: { procedureId: string; subject: string; taskId?: string }) => request<Run>('/api/me/checklists', { method: 'POST', body: b });
export const tickStep = (runId: string, no: number, b: { done: boolean; note?: string }) => request<Run>(`/api/checklists/${id(runId)}/steps/${no}`, { method: 'POST', body: b });
export const completeChecklist = (runId: string, version: number) => request<Run>(`/api/checklists/${id(runId)}/complete`, { method: 'POST', body: { version } });

/** My open work tasks (task:work), to link a checklist to one — read here, not through the tasks folder (feature rule). */
export type MyTask = { id: string; title: string; place: string | null };
export const getMyOpenTasks = (signal?: AbortSignal) => request<{ open: MyTask[] }>('/api/me/tasks', { signal });
