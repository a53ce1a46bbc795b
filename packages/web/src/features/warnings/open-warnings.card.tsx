// 未处置预警 on the dashboard (warning:read): open red and yellow warnings of the area and the most urgent ones.
import { Alert as AntAlert, Button, Card, Empty, Skeleton } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../lib/errors';
import { listAlerts } from './api';
import { indicatorName, LevelTag, useGridLabel } from './shared';
import './warnings.css';

const SHOWN = 3;

export function OpenWarningsCard() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const gridLabel = useGridLabel();
  // Open first, red before yellow, newest first (the server's order): the top rows are what to handle first.
  const alerts = useQuery({
    queryKey: ['warnings', 'alerts', 'dashboard'],
    queryFn: ({ signal }) => listAlerts({ status: 'open', page: 1, pageSize: SHOWN }, signal),
  });
  const d = alerts.data;
  return (
    <Card
      data-testid="dashboard-warnings"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('warnings.today.title')}</h2>}
      extra={
        <Button type="link" onClick={() => void navigate('/warnings')} icon={<ArrowRightOutlined aria-hidden />} iconPlacement="end">
          {t('warnings.today.open')}
        </Button>
      }
    >
      {alerts.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {alerts.isError && <AntAlert type="error" showIcon title={errorText(alerts.error, t, i18n.language)} />}
      {d && (
        <>
          <div className="rx-wr-today">
            <div data-testid="today-red">
              <strong style={{ color: d.open.red ? '#cf1322' : undefined }}>{d.open.red}</strong>
              <span>{t('warnings.openRed')}</span>
            </div>
            <div data-testid="today-yellow">
              <strong style={{ color: d.open.yellow ? '#d48806' : undefined }}>{d.open.yellow}</strong>
              <span>{t('warnings.openYellow')}</span>
            </div>
          </div>
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
    </Card>
  );
}
