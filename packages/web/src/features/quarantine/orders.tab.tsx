// 待审批 and 全部 (quarantine:read). 待审批: the orders awaiting approval as cards — who (masked, a link to the order's
// page), where, the policy, the reason, the dates, who proposed it and why — with 批准 / 驳回 for quarantine:approve, read
// only for the others. 全部: every order of the area, newest first, with a state filter and a name search (both in the
// address), a table on a desktop and cards on a phone, by pages.
import { useMemo, useState } from 'react';
import { Button, Empty, Input, Pagination, Radio, Skeleton, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import { listOrders, ORDER_STATUSES, ORDERS_KEY, ORDERS_PAGE_SIZE, type Order } from './api';
import { DecideButtons } from './decide';
import { orderPath } from './notice.logic';
import { nameQuery, orderFiltersFromParams, pageOf } from './quarantine.logic';
import { at, dayText, policyText, reasonText, StatusTag } from './shared';

function OrderCard({ o, decide }: { o: Order; decide: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={`rx-card rx-qr-order rx-qr-order-${o.status}`} data-testid="qr-order" data-id={o.id} data-name={o.nameMasked} data-status={o.status}>
      <div className="rx-qr-row-head">
        <h3 className="rx-qr-name"><Link to={orderPath(o.id)} data-testid="qr-order-link">{o.nameMasked}</Link></h3>
        <StatusTag status={o.status} />
        {o.status === 'active' && <span className="rx-qr-quiet" data-testid="qr-order-day">{dayText(o.day, o.days, t)}</span>}
      </div>
      <div className="rx-qr-quiet" data-testid="qr-order-address">{[o.address ?? t('quarantine.restricted'), o.gridName].filter(Boolean).join(' · ')}</div>
      <div data-testid="qr-order-policy">
        {policyText(o, t)} · {reasonText(o.reason, t)} · {t('quarantine.period', { from: o.startDate, to: o.endDate })}
      </div>
      <div className="rx-qr-quiet" data-testid="qr-order-proposed">
        {o.proposedBy ? t('quarantine.list.proposed', { by: o.proposedBy, at: at(o.proposedAt) }) : t('quarantine.list.proposedAt', { at: at(o.proposedAt) })}
      </div>
      {o.note && <div className="rx-qr-note" data-testid="qr-order-note">{o.note}</div>}
      {decide && o.status === 'pending' && <DecideButtons order={o} />}
    </li>
  );
}

function Paging({ total, page, onPage }: { total: number; page: number; onPage: (p: number) => void }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <>
      {total > ORDERS_PAGE_SIZE && (
        <Pagination style={{ marginTop: 16, textAlign: 'center' }} current={page} pageSize={ORDERS_PAGE_SIZE} total={total} showSizeChanger={false} simple={isMobile} onChange={onPage} />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="qr-orders-total">
          {t('quarantine.list.total', { n: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </>
  );
}

export function PendingTab({ mayApprove }: { mayApprove: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useUrlState();
  const page = pageOf(params);
  const list = useQuery({
    queryKey: [...ORDERS_KEY, { status: 'pending', page }],
    queryFn: ({ signal }) => listOrders({ status: 'pending', page }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const items = list.data?.items ?? [];
  return (
    <div data-testid="qr-pending">
      {!mayApprove && <Typography.Paragraph type="secondary" data-testid="qr-pending-readonly">{t('quarantine.list.readOnly')}</Typography.Paragraph>}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? <Skeleton active /> : items.length === 0 ? (
        <Empty description={t('quarantine.list.emptyPending')} />
      ) : (
        <ul className="rx-card-list rx-qr-orders" data-testid="qr-pending-list">
          {items.map((o) => <OrderCard key={o.id} o={o} decide={mayApprove} />)}
        </ul>
      )}
      <Paging total={list.data?.total ?? 0} page={page} onPage={(p) => setParams({ page: p > 1 ? p : null })} />
    </div>
  );
}

export function AllTab() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => orderFiltersFromParams(params), [params]);
  const [typed, setTyped] = useState(f.q ?? '');
  const list = useQuery({
    queryKey: [...ORDERS_KEY, f],
    queryFn: ({ signal }) => listOrders(f, signal),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const size = isMobile ? 'large' : 'middle';
  const search = (text: string) => {
    const q = nameQuery(text);
    setTyped(q);
    setParams({ q: q || null, page: null });
  };
  const columns: ColumnsType<Order> = [
    { title: t('quarantine.list.cols.name'), key: 'name', render: (_, o) => <Link to={orderPath(o.id)} data-testid="qr-order-link">{o.nameMasked}</Link> },
    { title: t('quarantine.list.cols.address'), key: 'address', render: (_, o) => o.address ?? t('quarantine.restricted') },
    { title: t('quarantine.list.cols.grid'), dataIndex: 'gridName', key: 'grid' },
    { title: t('quarantine.list.cols.policy'), key: 'policy', render: (_, o) => policyText(o, t) },
    { title: t('quarantine.list.cols.reason'), key: 'reason', render: (_, o) => reasonText(o.reason, t) },
    { title: t('quarantine.list.cols.period'), key: 'period', render: (_, o) => t('quarantine.period', { from: o.startDate, to: o.endDate }) },
    { title: t('quarantine.list.cols.day'), key: 'day', render: (_, o) => (o.status === 'active' ? dayText(o.day, o.days, t) : '—') },
    { title: t('quarantine.list.cols.status'), key: 'status', render: (_, o) => <StatusTag status={o.status} /> },
  ];
  return (
    <div data-testid="qr-all">
      <div className="rx-qr-toolbar">
        <div className="rx-scroll-x">
          <Radio.Group
            optionType="button"
            size={size}
            aria-label={t('quarantine.list.filter')}
            value={f.status ?? 'all'}
            onChange={(e) => setParams({ status: e.target.value === 'all' ? null : String(e.target.value), page: null })}
            options={[{ value: 'all', label: t('quarantine.list.all') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`quarantine.statuses.${s}`) }))]}
            data-testid="qr-all-filter"
          />
        </div>
        <Input.Search
          aria-label={t('quarantine.list.search')}
          placeholder={t('quarantine.list.searchPlaceholder')}
          enterButton={t('quarantine.list.searchButton')}
          allowClear
          size={size}
          maxLength={20}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            if (!e.target.value) search('');
          }}
          onSearch={search}
          style={{ maxWidth: 320 }}
          data-testid="qr-all-search"
        />
        {(f.q || f.status) && <Button size={size} onClick={() => { setTyped(''); setParams({ q: null, status: null, page: null }); }}>{t('quarantine.list.clear')}</Button>}
      </div>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {isMobile ? (
        list.isPending ? <Skeleton active /> : items.length === 0 ? (
          <Empty description={t(f.q || f.status ? 'quarantine.list.emptyFiltered' : 'quarantine.list.empty')} />
        ) : (
          <ul className="rx-card-list rx-qr-orders" data-testid="qr-all-list">
            {items.map((o) => <OrderCard key={o.id} o={o} decide={false} />)}
          </ul>
        )
      ) : (
        <DataTable<Order>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          pagination={false}
          locale={{ emptyText: t(f.q || f.status ? 'quarantine.list.emptyFiltered' : 'quarantine.list.empty') }}
          onRow={(o) => ({ 'data-testid': 'qr-order', 'data-id': o.id, 'data-name': o.nameMasked, 'data-status': o.status }) as React.HTMLAttributes<HTMLElement>}
          scroll={{ x: 900 }}
          data-testid="qr-all-table"
        />
      )}
      <Paging total={list.data?.total ?? 0} page={f.page} onPage={(p) => setParams({ page: p > 1 ? p : null })} />
    </div>
  );
}
