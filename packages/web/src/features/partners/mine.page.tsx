// 我的服务组织 (service:record; ADR 0091), phone first: the organisations the account acts for (e.g. the counselling
// centre run by the volunteer), with the bookings waiting for confirmation; each opens the organisation's page (slots,
// 确认, 记录服务).
import { Badge, Empty, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { getMyUnits, PARTNERS_KEY } from './api';

export function MyPartnersPage() {
  const { t } = useTranslation();
  usePageTitle(t('partners.mine.title'));
  const q = useQuery({ queryKey: [...PARTNERS_KEY, 'mine'], queryFn: ({ signal }) => getMyUnits(signal), refetchInterval: 60_000 });
  return (
    <div data-testid="my-partners-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('partners.mine.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('partners.mine.intro')}</Typography.Paragraph>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? (
        <Empty description={t('partners.mine.none')} />
      ) : (
        <ul className="rx-partners-book-list">
          {q.data.items.map((u) => (
            <li key={u.id} className="rx-card" data-testid="my-partner" data-name={u.name}>
              <Link to={`/partners/${u.id}`}><strong>{u.name}</strong></Link> <Tag>{t(`partners.kinds.${u.kind}`)}</Tag>
              {u.pendingBookings > 0 && <div><Badge status="warning" text={t('partners.mine.pending', { n: u.pendingBookings })} /></div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
