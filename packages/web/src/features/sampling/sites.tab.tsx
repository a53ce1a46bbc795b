// 采样点: the sampling sites of the caller's area — name, address, how many stations (采样台), in use or not — a table on a
// desktop, a card each on a phone. 新增采样点 and 编辑 for sampling:manage.
import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Empty, Skeleton, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';
import { listSites, SITES_KEY, type Site } from './api';
import { SiteModal } from './site.modal';

function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <Tag color={active ? 'green' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="smp-site-active" data-active={active}>{t(active ? 'sampling.sites.active' : 'sampling.sites.inactive')}</Tag>;
}

type Dialog = { kind: 'create' } | { kind: 'edit'; id: string };

export function SitesTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const q = useQuery({ queryKey: SITES_KEY, queryFn: ({ signal }) => listSites(signal) });
  const sites = q.data?.items ?? [];
  const showCommunity = new Set(sites.map((s) => s.communityId)).size > 1;
  // The dialog follows its site as the list shows it now (after a conflict, the list is read again).
  const editing = dialog?.kind === 'edit' ? sites.find((s) => s.id === dialog.id) : undefined;
  const size = isMobile ? 'large' : 'middle';
  const edit = (s: Site) => (
    <Button size={size} icon={<EditOutlined />} aria-label={t('sampling.sites.editOf', { name: s.name })} onClick={() => setDialog({ kind: 'edit', id: s.id })} data-testid="smp-site-edit">
      {t('sampling.sites.edit')}
    </Button>
  );
  const columns: ColumnsType<Site> = [
    { title: t('sampling.sites.cols.name'), key: 'name', render: (_, s) => <strong data-testid="smp-site-name">{s.name}</strong> },
    ...(showCommunity ? [{ title: t('sampling.sites.cols.community'), key: 'community', render: (_: unknown, s: Site) => s.communityName }] : []),
    { title: t('sampling.sites.cols.address'), key: 'address', render: (_, s) => <span data-testid="smp-site-address">{s.address}</span> },
    { title: t('sampling.sites.cols.stations'), key: 'stations', align: 'right', width: 100, render: (_, s) => <span data-testid="smp-site-stations">{s.stations}</span> },
    { title: t('sampling.sites.cols.active'), key: 'active', width: 90, render: (_, s) => <ActiveTag active={s.active} /> },
    ...(mayManage ? [{ title: t('sampling.sites.cols.actions'), key: 'actions', width: 110, render: (_: unknown, s: Site) => edit(s) }] : []),
  ];
  return (
    <div data-testid="smp-sites">
      <div className="rx-smp-toolbar">
        {mayManage && (
          <Button type="primary" size={size} icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="smp-site-new">{t('sampling.sites.new')}</Button>
        )}
        <Button size={size} icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('sampling.refresh')}</Button>
      </div>
      {!mayManage && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sampling.sites.readOnly')} data-testid="smp-sites-read-only" />}
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : sites.length === 0 ? (
        <Empty description={t('sampling.sites.empty')} />
      ) : isMobile ? (
        <ul className="rx-card-list" data-testid="smp-site-list">
          {sites.map((s) => (
            <li key={s.id} className="rx-card rx-smp-site" data-testid="smp-site" data-name={s.name}>
              <div className="rx-smp-row-head">
                <strong data-testid="smp-site-name">{s.name}</strong>
                <ActiveTag active={s.active} />
              </div>
              <div data-testid="smp-site-address">{s.address}</div>
              <div className="rx-smp-quiet">
                {showCommunity ? `${s.communityName} · ` : ''}{t('sampling.sites.stationsN', { n: s.stations })}
              </div>
              {mayManage && <div className="rx-card-actions">{edit(s)}</div>}
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<Site>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sites}
          pagination={false}
          data-testid="smp-site-table"
          onRow={(s) => ({ 'data-testid': 'smp-site', 'data-name': s.name } as HTMLAttributes<HTMLElement>)}
        />
      )}
      {dialog?.kind === 'create' && <SiteModal site={null} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && editing && <SiteModal site={editing} onClose={() => setDialog(null)} />}
    </div>
  );
}
