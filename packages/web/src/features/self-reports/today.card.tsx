// 今日体温上报 on the dashboard (staff with self-report:read): how many reported today, fevers, follow-ups still open.
import { Alert, Button, Card, Skeleton } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../lib/errors';
import { selfReportCoverage } from './api';
import { shanghaiToday } from './shared';
import { reportingSummary } from './today.logic';

function Figure({ value, label, alarm, testId }: { value: string; label: string; alarm?: boolean; testId: string }) {
  return (
    <div className="rx-srs-today-figure" data-testid={testId}>
      <strong className={alarm ? 'rx-srs-grid-fever' : undefined}>{value}</strong>
      <span>{label}</span>
    </div>
  );
}

export function ReportingTodayCard() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const today = shanghaiToday();
  // Same query key as the 体温自报 page, so opening it shows the numbers at once.
  const coverage = useQuery({ queryKey: ['self-reports', 'coverage', today], queryFn: ({ signal }) => selfReportCoverage(today, signal) });
  const s = coverage.data ? reportingSummary(coverage.data.grids) : null;
  return (
    <Card
      data-testid="dashboard-reporting"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('selfReports.today.title')}</h2>}
      extra={
        <Button type="link" onClick={() => void navigate('/self-reports')} icon={<ArrowRightOutlined aria-hidden />} iconPlacement="end">
          {t('selfReports.today.open')}
        </Button>
      }
    >
      {coverage.isPending && <Skeleton active paragraph={{ rows: 1 }} />}
      {coverage.isError && <Alert type="error" showIcon title={errorText(coverage.error, t, i18n.language)} />}
      {s && (
        <div className="rx-srs-today">
          <Figure testId="today-reported" value={`${s.reported} / ${s.residents}`} label={t('selfReports.today.reported', { percent: s.percent })} />
          <Figure testId="today-not-reported" value={String(s.notReported)} label={t('selfReports.today.notReported')} />
          <Figure testId="today-fevers" value={String(s.fevers)} label={t('selfReports.today.fevers')} alarm={s.fevers > 0} />
          <Figure testId="today-open" value={String(s.openFollowUps)} label={t('selfReports.today.openFollowUps')} alarm={s.openFollowUps > 0} />
        </div>
      )}
    </Card>
  );
}
