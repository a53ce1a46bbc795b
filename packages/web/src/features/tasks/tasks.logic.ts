// Pure helpers of 工作任务 (ADR 0087): a task's time-limit state, the dispatch form's values as the API's body, the
// list's filters in the address.
import { TASK_FILTERS, TASK_KINDS, type TaskFilter, type TaskInput, type TaskKind, type TaskPriority } from './api';

const HOUR = 3_600_000;
export type DueState = 'closed' | 'overdue' | 'soon' | 'ok';

/** 已办结 / 已取消 when closed; 已超时 past the due time; 即将到期 within 2 hours of it; else 正常. */
export function dueState(t: { status: string; dueAt: string }, now: Date): DueState {
  if (t.status !== 'open') return 'closed';
  const left = Date.parse(t.dueAt) - now.getTime();
  return left <= 0 ? 'overdue' : left <= 2 * HOUR ? 'soon' : 'ok';
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A time as an <input type="datetime-local"> value, in the device's time zone. */
export const localInputValue = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
/** The dispatch form's first due time: four hours on, on the hour. */
export function defaultDue(now: Date): string {
  const d = new Date(now.getTime() + 4 * HOUR);
  d.setMinutes(0, 0, 0);
  return localInputValue(new Date(d.getTime() + HOUR));
}

export type DispatchMode = 'assignee' | 'auto' | 'grids' | 'none';
export type TaskValues = {
  kind?: TaskKind; title?: string; detail?: string; place?: string; priority?: TaskPriority; due?: string; mode?: DispatchMode; assigneeId?: string; gridIds?: string[];
};

/** The body the API takes: trimmed texts, the due time as an instant, and who gets it by the chosen way. */
export function taskInput(v: TaskValues): TaskInput {
  const due = v.due ? new Date(v.due) : new Date(NaN);
  const mode = v.mode ?? 'assignee';
  return {
    kind: v.kind ?? 'door_check', title: (v.title ?? '').trim(), priority: v.priority ?? 'normal', dueAt: Number.isNaN(due.getTime()) ? '' : due.toISOString(),
    ...(v.detail?.trim() ? { detail: v.detail.trim() } : {}), ...(v.place?.trim() ? { place: v.place.trim() } : {}),
    ...(mode === 'assignee' && v.assigneeId ? { assigneeId: v.assigneeId } : {}),
    ...(mode === 'grids' && v.gridIds?.length ? { gridIds: v.gridIds } : {}),
    ...(mode === 'auto' ? { autoAssign: true } : {}),
  };
}

export type TaskFilters = { status: TaskFilter; kind: TaskKind | null; assignee: string | null; page: number };
/** The list's filters from the address: status (default 进行中), kind, assignee (a user id, `none` 待分派), page. */
export function filtersOf(params: URLSearchParams): TaskFilters {
  const status = TASK_FILTERS.includes(params.get('status') as TaskFilter) ? (params.get('status') as TaskFilter) : 'open';
  const kind = TASK_KINDS.includes(params.get('kind') as TaskKind) ? (params.get('kind') as TaskKind) : null;
  const assignee = params.get('assignee')?.trim() || null;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  return { status, kind, assignee, page };
}
