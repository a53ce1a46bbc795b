// 未处置预警 on the dashboard (warning:read): open red and yellow warnings of the area and the most urgent ones.
import { Empty } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Figure, Figures, FiguresCard } from '../../lib/figures-card';
import { listAlerts } from './api';
import { indicatorName, LevelTag, useGridLabel } from './shared';
import './warnings.css';

const SHOWN = 3;

export function OpenWarningsCard() {
  const { t, i18n } = useTranslation();
  const gridLabel = useGridLabel();
  // Open first, red before yellow, newest first (the server's order): the top rows are what to handle first.
  const alerts = useQuery({
    queryKey: ['warnings', 'alerts', 'dashboard'],
    queryFn: ({ signal }) => listAlerts({ status: 'open', page: 1, pageSize: SHOWN }, signal),
  });
  const d = alerts.data;
  return (
    <FiguresCard
      testId="dashboard-warnings" title={t('warnings.today.title')} openLabel={t('warnings.today.open')} to="/warnings"
      loading={alerts.isPending} error={alerts.isError ? alerts.error : null} onRetry={() => void alerts.refetch()} skeletonRows={2}
    >
      {d && (
        <>
          <Figures>
            <Figure testId="today-red" value={d.open.red} label={t('warnings.openRed')} valueStyle={{ color: d.open.red ? '#cf1322' : undefined }} />
            <Figure testId="today-yellow" value={d.open.yellow} label={t('warnings.openYellow')} valueStyle={{ color: d.open.yellow ? '#ad6800' : undefined }} />
          </Figures>
          {d.items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warnings.emptyOpen')} />
          ) : (
            <ul className="rx-wr-today-list">
              {d.items.map((a) => (
                <li key={a.id}>
                  <LevelTag level={a.level} />
                  <Link to={`/warnings/alerts/${a.id}`}>
                    {gridLabel(a.grid)} · {indicatorName(a.indicator, i18n.language)}
                  </Link>
                  <span className="rx-wr-meta">{a.date}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </FiguresCard>
  );
}
