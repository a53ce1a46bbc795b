// 我的任务 on a worker's workbench (task:work; ADR 0087): how many tasks wait, how many are past their time, and the
// first one to do, with the way to the page (完成 is there).
import { Card, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { getMine, MY_TASKS_KEY } from './api';
import { at } from './shared';
import './tasks.css';

export function MyTasksCard() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: MY_TASKS_KEY, queryFn: ({ signal }) => getMine(signal), staleTime: 60_000 });
  const next = q.data?.open[0];
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('tasks.mine.title')}</h2>} data-testid="task-card-mine" extra={<Link to="/me/tasks">{t('tasks.mine.openPage')}</Link>}>
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : q.data && (
        <>
          <Figures>
            <Figure testId="task-card-open" value={q.data.counts.open} label={t('tasks.mine.open')} />
            <Figure testId="task-card-overdue" value={q.data.counts.overdue} label={t('tasks.mine.overdue')} valueClassName={q.data.counts.overdue ? 'rx-task-bad' : undefined} />
          </Figures>
          <Typography.Paragraph style={{ margin: '8px 0 0' }} data-testid="task-card-next">
            {next ? t('tasks.mine.next', { title: next.title, due: at(next.dueAt) }) : t('tasks.mine.none')}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
