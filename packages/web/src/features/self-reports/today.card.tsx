// 今日体温上报 on the dashboard (staff with self-report:read): how many reported today, fevers, follow-ups still open.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Figure, Figures, FiguresCard } from '../../lib/figures-card';
import { formatCount } from '../../lib/numbers';
import { selfReportCoverage } from './api';
import { shanghaiToday } from './shared';
import { reportingSummary } from './today.logic';

export function ReportingTodayCard() {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  const today = shanghaiToday();
  // Same query key as the 体温自报 page, so opening it shows the numbers at once.
  const coverage = useQuery({ queryKey: ['self-reports', 'coverage', today], queryFn: ({ signal }) => selfReportCoverage(today, signal) });
  const s = coverage.data ? reportingSummary(coverage.data.grids) : null;
  const alarm = (on: boolean) => (on ? 'rx-srs-grid-fever' : undefined);
  return (
    <FiguresCard
      testId="dashboard-reporting" title={t('selfReports.today.title')} openLabel={t('selfReports.today.open')} to="/self-reports"
      loading={coverage.isPending} error={coverage.isError ? coverage.error : null} onRetry={() => void coverage.refetch()}
    >
      {s && (
        <Figures>
          <Figure testId="today-reported" value={`${n(s.reported)} / ${n(s.residents)}`} label={t('selfReports.today.reported', { percent: s.percent })} />
          <Figure testId="today-not-reported" value={s.notReported} label={t('selfReports.today.notReported')} />
          <Figure testId="today-fevers" value={s.fevers} label={t('selfReports.today.fevers')} valueClassName={alarm(s.fevers > 0)} />
          <Figure testId="today-open" value={s.openFollowUps} label={t('selfReports.today.openFollowUps')} valueClassName={alarm(s.openFollowUps > 0)} />
        </Figures>
      )}
    </FiguresCard>
  );
}
