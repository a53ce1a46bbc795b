// 社区公告 on a resident's workbench (self:report; ADR 0086): the latest announcements of their community and of the
// street and district above it, each opening its public page; and the way to 我的投诉与举报 (report and follow, in the app).
import { Card, Empty, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { request } from '../../api/client';
import { ErrorAlert } from '../../lib/error-alert';
import type { PublicAnnouncement } from './api';
import { at } from './shared';
import './public-info.css';

const SHOWN = 5;

export function MyAnnouncementsCard() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['me', 'announcements'], staleTime: 120_000,
    queryFn: ({ signal }) => request<{ area?: { code: string; name: string }; items: PublicAnnouncement[] }>('/api/me/announcements', { signal }),
  });
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('publicInfo.mine.title')}</h2>} data-testid="pi-mine">
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : q.data && !q.data.items.length ? <Empty description={t('publicInfo.public.empty')} /> : (
        <ul className="rx-pi-history">
          {(q.data?.items ?? []).slice(0, SHOWN).map((a) => (
            <li key={a.id} data-testid="pi-mine-item">
              {a.pinned && <Tag color="gold">{t('publicInfo.announcements.pinned')}</Tag>}
              <Link to={`/public/announcements/${a.id}`}>{a.title}</Link>
              <div className="rx-pi-quiet">{a.orgName} · {at(a.publishedAt)}</div>
            </li>
          ))}
        </ul>
      )}
      {q.data?.area && (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          <Link to="/me/complaints" data-testid="pi-mine-complaints">{t('publicInfo.mine.complaints')}</Link>
        </Typography.Paragraph>
      )}
    </Card>
  );
}
