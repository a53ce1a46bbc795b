// What the bell says of 工作任务 (ADR 0087), from the payload the server stored — the task's title, the due time, the
// reason it was sent back; never a resident — and where it leads: 我的任务.
import type { TFunction } from 'i18next';

export const TASK_NOTIFICATION_KINDS = ['task_assigned', 'task_returned', 'task_overdue'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** 新任务 (title) / 任务被退回 (title, reason) / 任务已超时 (title; 待分派 for the admins). */
export function taskNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  if (kind === 'task_assigned') return str(d.title) ? t('tasks.bell.assigned', { title: str(d.title) }) : t('tasks.bell.assignedPlain');
  if (kind === 'task_returned') return str(d.title) ? t('tasks.bell.returned', { title: str(d.title), reason: str(d.reason) }) : t('tasks.bell.returnedPlain');
  if (kind === 'task_overdue') {
    const key = d.unassigned === '1' ? 'overdueUnassigned' : 'overdue';
    return str(d.title) ? t(`tasks.bell.${key}`, { title: str(d.title) }) : t('tasks.bell.overduePlain');
  }
  return kind;
}

/** 我的任务; a reminder about a task nobody has yet (sent to the admins) leads to the board's 已超时 list. */
export const taskNoticeLink = (kind = '', d: Record<string, unknown> = {}): string =>
  kind === 'task_overdue' && d.unassigned === '1' ? '/tasks?status=overdue&assignee=none' : '/me/tasks';
