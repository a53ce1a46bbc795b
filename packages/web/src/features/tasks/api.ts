// The API of 工作任务 (ADR 0087): the community's dispatch and workload (task:read; dispatching, reassigning, 退回 and
// 取消 need task:manage) and 我的任务 with 完成 (task:work).
import { request } from '../../api/client';

export const TASK_KINDS = ['door_check', 'disinfection', 'gate_duty', 'statistics', 'purchasing', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_PRIORITIES = ['normal', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_FILTERS = ['open', 'overdue', 'done', 'cancelled'] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];

/** As the server (work-tasks routes). */
export const TITLE_MAX = 40;
export const DETAIL_MAX = 500;
export const PLACE_MAX = 60;
export const RESULT_MAX = 500;
export const REASON_MAX = 100;

export type Ref = { id: string; name: string };
export type Task = {
  id: string; kind: TaskKind; title: string; detail: string | null; place: string | null; priority: TaskPriority; dueAt: string; overdue: boolean;
  status: 'open' | 'done' | 'cancelled'; grid: Ref | null; assignee: Ref | null; assignedAt: string | null; createdBy: Ref | null; createdAt: string;
  result: string | null; hasPhoto: boolean; completedAt: string | null; completedBy: Ref | null; returnedReason: string | null; cancelReason: string | null;
  batchId: string | null; photoRequired: boolean; version: number;
};
export type Coded = { code: string; zh: string; en: string };
export type Meta = { kinds: Coded[]; priorities: Coded[]; photoRequired: string[] };
export type Load = { userId: string; name: string; role: string; org: Ref; open: number; overdue: number; urgent: number; doneWeek: number };
export type Workload = { community: Ref; items: Load[]; unassigned: number; grids: Array<{ id: string; name: string; workers: number }> };
export type TaskPage = { items: Task[]; total: number; page: number; pageSize: number };
export type Mine = { open: Task[]; done: Task[]; counts: { open: number; overdue: number; doneWeek: number } };
export type Photo = { mime: 'image/jpeg' | 'image/png'; data: string };
/** Who gets a new task: one worker, the least loaded of the community, one task per grid, or nobody yet (待分派). */
export type TaskInput = {
  kind: TaskKind; title: string; detail?: string; place?: string; priority: TaskPriority; dueAt: string; assigneeId?: string; gridIds?: string[]; autoAssign?: boolean;
};

export const TASKS_KEY = ['tasks'] as const;
export const MY_TASKS_KEY = ['me', 'tasks'] as const;

const id = (s: string) => encodeURIComponent(s);

export const getMeta = (signal?: AbortSignal) => request<Meta>('/api/tasks/meta', { signal });
export const getWorkload = (signal?: AbortSignal) => request<Workload>('/api/tasks/workload', { signal });
export function listTasks(q: { status: TaskFilter; kind?: string; assignee?: string; page: number }, signal?: AbortSignal) {
  const p = new URLSearchParams({ status: q.status, page: String(q.page), pageSize: '20' });
  if (q.kind) p.set('kind', q.kind);
  if (q.assignee) p.set('assignee', q.assignee);
  return request<TaskPage>(`/api/tasks?${p.toString()}`, { signal });
}
export const createTasks = (b: TaskInput) => request<{ batchId: string | null; items: Task[] }>('/api/tasks', { method: 'POST', body: b });
export const assignTask = (taskId: string, b: { assigneeId?: string; auto?: boolean; version: number }) => request<Task>(`/api/tasks/${id(taskId)}/assign`, { method: 'POST', body: b });
export const reopenTask = (taskId: string, b: { reason: string; version: number }) => request<Task>(`/api/tasks/${id(taskId)}/reopen`, { method: 'POST', body: b });
export const cancelTask = (taskId: string, b: { reason: string; version: number }) => request<Task>(`/api/tasks/${id(taskId)}/cancel`, { method: 'POST', body: b });
export const photoUrl = (taskId: string) => `/api/tasks/${id(taskId)}/photo`;

export const getMine = (signal?: AbortSignal) => request<Mine>('/api/me/tasks', { signal });
export const completeTask = (taskId: string, b: { result: string; photo?: Photo; version: number }) =>
  request<Task>(`/api/me/tasks/${id(taskId)}/complete`, { method: 'POST', body: b });
