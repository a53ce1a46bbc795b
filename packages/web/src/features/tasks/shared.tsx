// What the pages of 工作任务 (ADR 0087) show alike: a time, the kind's tag, the time-limit tag, a task's card.
import type { ReactNode } from 'react';
import { Image, Tag } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { photoUrl, type Task } from './api';
import { dueState } from './tasks.logic';

export const at = (iso: string) => dayjs(iso).format('MM-DD HH:mm');

const KIND_COLOURS: Record<string, string> = { door_check: 'geekblue', disinfection: 'cyan', gate_duty: 'purple', statistics: 'gold', purchasing: 'green', other: 'default' };

export function KindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLOURS[kind] ?? 'default'}>{t(`tasks.kinds.${kind}`, { defaultValue: kind })}</Tag>;
}

export function DueTag({ task }: { task: Pick<Task, 'status' | 'dueAt'> }) {
  const { t } = useTranslation();
  const st = dueState(task, new Date());
  if (st === 'closed') return <Tag color={task.status === 'done' ? 'green' : 'default'} data-testid="task-state">{t(`tasks.statuses.${task.status}`)}</Tag>;
  return <Tag color={st === 'overdue' ? 'red' : st === 'soon' ? 'orange' : 'blue'} data-testid="task-state">{t(`tasks.due.${st}`)}</Tag>;
}

/** One task as a card: what, where, who, by when, and what was done (with the photo). */
/** `own`: on 我的任务 — the worker is the reader, so no 执行人 line; a kind that needs a photo says so while open. */
export function TaskCard({ task, actions, own = false }: { task: Task; actions?: ReactNode; own?: boolean }) {
  const { t } = useTranslation();
  return (
    <li className="rx-card rx-task-card" data-testid="task-card" data-title={task.title} data-status={task.status}>
      <h3>{task.title}</h3>
      <div className="rx-task-tags">
        <KindTag kind={task.kind} />
        {task.priority === 'urgent' && <Tag color="red">{t('tasks.priorities.urgent')}</Tag>}
        <DueTag task={task} />
        {own && task.status === 'open' && task.photoRequired && <Tag icon={<CameraOutlined />}>{t('tasks.card.photoNeeded')}</Tag>}
        {task.grid && <span className="rx-task-quiet">{task.grid.name}</span>}
        {task.place && <span className="rx-task-quiet">· {task.place}</span>}
      </div>
      <dl className="rx-facts">
        {!own && <div><dt>{t('tasks.card.assignee')}</dt><dd data-testid="task-assignee">{task.assignee?.name ?? <Tag color="orange">{t('tasks.unassigned')}</Tag>}</dd></div>}
        <div><dt>{t('tasks.card.due')}</dt><dd>{at(task.dueAt)}</dd></div>
        {task.detail && <div><dt>{t('tasks.card.detail')}</dt><dd className="rx-task-text">{task.detail}</dd></div>}
        {task.returnedReason && task.status === 'open' && <div><dt>{t('tasks.card.returned')}</dt><dd className="rx-task-bad">{task.returnedReason}</dd></div>}
        {task.result && task.status === 'done' && <div><dt>{t('tasks.card.result')}</dt><dd className="rx-task-text" data-testid="task-result">{task.result}</dd></div>}
        {task.completedAt && <div><dt>{t('tasks.card.completedAt')}</dt><dd>{at(task.completedAt)}{task.completedBy ? ` · ${task.completedBy.name}` : ''}</dd></div>}
        {task.cancelReason && <div><dt>{t('tasks.card.cancelled')}</dt><dd>{task.cancelReason}</dd></div>}
      </dl>
      {task.hasPhoto && task.status === 'done' && (
        <Image width={120} src={photoUrl(task.id)} alt={t('tasks.card.photoAlt', { title: task.title })} data-testid="task-photo" />
      )}
      {actions && <div className="rx-task-actions">{actions}</div>}
    </li>
  );
}

