// 我的志愿服务 on a volunteer's workbench (volunteer:serve; ADR 0085): the hours served, the next shift of one's own and
// how many open shifts wait for people, with the way to the page (签到 / 签退 and 报名 are there).
import { Card, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { getMine, MINE_KEY } from './api';
import { checkState } from './volunteers.logic';
import './volunteers.css';

export function MyVolunteeringCard() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: MINE_KEY, queryFn: ({ signal }) => getMine(signal), staleTime: 60_000 });
  const next = q.data?.myShifts.find((s) => checkState(s) !== 'done');
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('volunteers.mine.title')}</h2>} data-testid="vol-card"
      extra={<Link to="/me/volunteering">{t('volunteers.card.open')}</Link>}>
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : q.data && !q.data.onRoster ? (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('volunteers.mine.notOnRoster')}</Typography.Paragraph>
      ) : q.data && (
        <>
          <Figures>
            <Figure testId="vol-card-hours" value={q.data.hours} label={t('volunteers.mine.hours')} />
            <Figure testId="vol-card-open" value={q.data.openShifts.length} label={t('volunteers.mine.open')} />
          </Figures>
          <Typography.Paragraph style={{ margin: '8px 0 0' }} data-testid="vol-card-next">
            {next ? t('volunteers.card.next', { title: next.title, day: next.day, starts: next.starts }) : t('volunteers.card.noNext')}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
