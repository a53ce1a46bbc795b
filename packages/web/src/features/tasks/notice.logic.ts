// What the bell says of 工作任务 (ADR 0087), from the payload the server stored — the task's title, the due time, the
// reason it was sent back; never a resident — and where it leads: 我的任务.
import type { TFunction } from 'i18next';

export const TASK_NOTIFICATION_KINDS = ['task_assigned', 'task_returned'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** 新任务 (title) / 任务被退回 (title, reason). */
export function taskNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  if (kind === 'task_assigned') return str(d.title) ? t('tasks.bell.assigned', { title: str(d.title) }) : t('tasks.bell.assignedPlain');
  if (kind === 'task_returned') return str(d.title) ? t('tasks.bell.returned', { title: str(d.title), reason: str(d.reason) }) : t('tasks.bell.returnedPlain');
  return kind;
}

export const taskNoticeLink = (): string => '/me/tasks';
