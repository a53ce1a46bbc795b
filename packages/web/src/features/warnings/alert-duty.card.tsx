// 值班日志 on an alert's page (ADR 0072): the latest entries written about this alert — when, who, what was done — with
// 记入值班日志 for those who keep the log and a link to all of them. A read of the log (audited on the server); under the
// duty log's query key, so an entry written there shows here without a reload.
import { Button, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { request } from '../../api/client';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';

const SHOWN = 5;
type Entry = { id: string; authorName: string; content: string; occurredAt: string };

export function AlertDutyCard({ alertId }: { alertId: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['duty-log', 'alert', alertId],
    queryFn: ({ signal }) => request<{ items: Entry[]; total: number }>('/api/duty-logs', { signal, query: { warningAlertId: alertId, pageSize: String(SHOWN) } }),
  });
  const all = `/duty-log?warningAlertId=${encodeURIComponent(alertId)}`;
  return (
    <Card size="small" title={t('warnings.detail.dutyLog')} style={{ marginTop: 16 }} data-testid="alert-duty-log">
      {q.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (q.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warnings.detail.dutyNone')} style={{ margin: '4px 0 12px' }} />
      ) : (
        <ul className="rx-wr-duty" data-testid="alert-duty-items">
          {q.data.items.map((e) => (
            <li key={e.id}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(e.occurredAt).format('MM-DD HH:mm')} · {e.authorName}</Typography.Text>
              <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{e.content}</Typography.Paragraph>
            </li>
          ))}
        </ul>
      ))}
      <Space wrap>
        {hasPermission(me, 'duty-log:write') && (
          <Button onClick={() => void navigate(`/duty-log?about=${encodeURIComponent(alertId)}`)} data-testid="alert-duty-write">{t('warnings.detail.dutyWrite')}</Button>
        )}
        {!!q.data?.total && (
          <Link to={all} data-testid="alert-duty-entries">{t('warnings.detail.dutyEntries', { n: formatCount(q.data.total, i18n.language) })}</Link>
        )}
      </Space>
    </Card>
  );
}
