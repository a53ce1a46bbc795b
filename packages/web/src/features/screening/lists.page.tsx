// 排查名单 (screening:read): the lists of the caller's area, newest first — the kind, the name, who sent it, when the
// receipt is due (red once overdue, orange within 2 hours), the progress (done / entries) and how the matching went. A
// community or grid user sees the figures of their own entries. District and street staff (canManage / screening:import)
// import a list: 导入名单 opens the dialog. A table on a desktop, cards on a phone; a list opens its page.
import { useState, type HTMLAttributes } from 'react';
import { Button, Empty, Progress, Skeleton, Space, Tag, Typography } from 'antd';
import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';
import { useNow } from '../../lib/use-now';
import { LISTS_KEY, listLists, type ListView } from './api';
import { ImportModal } from './import.modal';
import { isDueSoon, isOverdue, progressPercent } from './screening.logic';
import { fullAt, KindTag } from './shared';

const listPath = (l: ListView) => `/screening/lists/${encodeURIComponent(l.id)}`;

function Due({ list, now }: { list: ListView; now: Date }) {
  const { t } = useTranslation();
  const overdue = isOverdue(list, now);
  const soon = isDueSoon(list, now);
  return (
    <span className={overdue ? 'rx-sc-overdue' : soon ? 'rx-sc-soon' : undefined} data-testid="sc-list-due" data-overdue={overdue}>
      {t('screening.lists.due', { at: fullAt(list.dueAt) })}
      {list.status === 'closed' ? (
        <Tag style={{ marginInlineStart: 6 }} data-testid="sc-list-closed">{t('screening.lists.closed')}</Tag>
      ) : overdue ? (
        <Tag color="red" style={{ marginInlineStart: 6 }} data-testid="sc-list-overdue">{t('screening.lists.overdue')}</Tag>
      ) : soon ? (
        <Tag color="orange" style={{ marginInlineStart: 6 }}>{t('screening.lists.dueSoon')}</Tag>
      ) : null}
    </span>
  );
}

function ProgressCell({ list }: { list: ListView }) {
  const { t } = useTranslation();
  const f = list.figures;
  return (
    <div className="rx-sc-list-progress" data-testid="sc-list-progress" data-done={f.done} data-entries={f.entries}>
      <strong>{t('screening.lists.progress', { done: f.done, entries: f.entries })}</strong>
      <Progress percent={progressPercent(f)} showInfo={false} size="small" aria-label={t('screening.lists.progressLabel', { done: f.done, entries: f.entries })} />
    </div>
  );
}

function FiguresLine({ list }: { list: ListView }) {
  const { t } = useTranslation();
  const f = list.figures;
  return (
    <div className="rx-sc-quiet" data-testid="sc-list-figures">
      {t('screening.lists.figures', { matched: f.matched, uncertain: f.uncertain, unmatched: f.unmatched })}
      {f.gateSeen > 0 && <> · <span className="rx-sc-warn">{t('screening.lists.gateSeen', { n: f.gateSeen })}</span></>}
    </div>
  );
}

function ListCard({ list, now }: { list: ListView; now: Date }) {
  const { t } = useTranslation();
  return (
    <li className={`rx-card rx-sc-list${isOverdue(list, now) ? ' rx-sc-list-overdue' : ''}`} data-testid="sc-list" data-id={list.id}>
      <div className="rx-sc-row-head">
        <KindTag list={list} />
        <h2 className="rx-sc-h3">
          <Link to={listPath(list)} aria-label={t('screening.lists.open', { title: list.title })} data-testid="sc-list-open">{list.title}</Link>
        </h2>
      </div>
      <div className="rx-sc-quiet">{list.source}</div>
      <Due list={list} now={now} />
      <ProgressCell list={list} />
      <FiguresLine list={list} />
    </li>
  );
}

export function ScreeningListsPage() {
  const { t } = useTranslation();
  usePageTitle(t('screening.title'));
  const me = useMe();
  const now = useNow();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [importing, setImporting] = useState(false);
  const q = useQuery({ queryKey: LISTS_KEY, queryFn: ({ signal }) => listLists(signal), refetchInterval: 60_000 });
  const items = q.data?.items ?? [];
  const mayImport = hasPermission(me, 'screening:import');
  const size = isMobile ? 'large' : 'middle';
  const columns: ColumnsType<ListView> = [
    { title: t('screening.lists.cols.kind'), key: 'kind', width: 130, render: (_, l) => <KindTag list={l} /> },
    {
      title: t('screening.lists.cols.title'), key: 'title',
      render: (_, l) => (
        <div>
          <Link to={listPath(l)} className="rx-sc-list-title" aria-label={t('screening.lists.open', { title: l.title })} data-testid="sc-list-open" onClick={(e) => e.stopPropagation()}>{l.title}</Link>
          <div className="rx-sc-quiet">{t('screening.lists.by', { by: l.createdByName, at: fullAt(l.createdAt) })}</div>
        </div>
      ),
    },
    { title: t('screening.lists.cols.source'), key: 'source', width: 170, render: (_, l) => <span data-testid="sc-list-source">{l.source}</span> },
    { title: t('screening.lists.cols.due'), key: 'due', width: 210, render: (_, l) => <Due list={l} now={now} /> },
    { title: t('screening.lists.cols.progress'), key: 'progress', width: 150, render: (_, l) => <ProgressCell list={l} /> },
    { title: t('screening.lists.cols.figures'), key: 'figures', width: 230, render: (_, l) => <FiguresLine list={l} /> },
  ];
  return (
    <div data-testid="screening-page">
      <div className="rx-sc-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('screening.title')}</Typography.Title>
        <Space wrap>
          <Button size={size} icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('screening.refresh')}</Button>
          {mayImport && (
            <Button type="primary" size="large" icon={<CloudUploadOutlined />} onClick={() => setImporting(true)} data-testid="sc-import">
              {t('screening.lists.import')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('screening.description')}</Typography.Paragraph>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t(mayImport ? 'screening.lists.emptyImport' : 'screening.lists.empty')} data-testid="sc-lists-empty" />
      ) : isMobile ? (
        <ul className="rx-card-list" data-testid="sc-lists">
          {items.map((l) => <ListCard key={l.id} list={l} now={now} />)}
        </ul>
      ) : (
        <DataTable<ListView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 1000 }}
          data-testid="sc-lists-table"
          onRow={(l) => ({
            'data-testid': 'sc-list', 'data-id': l.id, style: { cursor: 'pointer' },
            className: isOverdue(l, now) ? 'rx-sc-row-overdue' : undefined,
            onClick: () => void navigate(listPath(l)),
          }) as HTMLAttributes<HTMLElement>}
        />
      )}
      {importing && <ImportModal onClose={() => setImporting(false)} />}
    </div>
  );
}
