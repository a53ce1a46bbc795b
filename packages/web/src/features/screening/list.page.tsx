// 排查 · one list (screening:read): its name, kind, who sent it, the deadline (red once overdue), who imported it and the
// file with its refused rows; the figures as tiles and the progress; the receipt (回执, Excel or CSV — masked, audited)
// and 结束名单 for the importer side (canManage); then the entries, filtered in the address by the match (比对成功 /
// 待确认 / 未比中), the status (待核查 / 已完成 / 待分派) and 只看卡口已见, 20 a page. 分派 for those who route, to a community
// (district, street) or a grid (community admin); 核查 for those who check.
import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, Collapse, Pagination, Radio, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, DownloadOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useNow } from '../../lib/use-now';
import { useUrlState } from '../../lib/url-state';
import { ENTRIES_KEY, ENTRIES_PAGE_SIZE, getList, LIST_KEY, listEntries, receiptUrl, STATES, STATUS_FILTERS, type EntryView, type ListView } from './api';
import { CheckModal } from './check.modal';
import { CloseModal } from './close.modal';
import { EntriesTable, EntryCard } from './entries';
import { RouteModal } from './route.modal';
import { entryFiltersFromParams, isFiltered, isOverdue, mayCheck, mayRoute, routeTarget } from './screening.logic';
import { fullAt, KindTag, RowErrorsTable } from './shared';
import { ListFigures } from './tiles';

const REFRESH_MS = 60_000;

function Head({ list, now }: { list: ListView; now: Date }) {
  const { t } = useTranslation();
  const overdue = isOverdue(list, now);
  return (
    <div style={{ minWidth: 0 }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24, overflowWrap: 'anywhere' }} data-testid="sc-list-title">{list.title}</Typography.Title>
      <Space size={[6, 6]} wrap style={{ marginTop: 8 }}>
        <KindTag list={list} />
        <Tag color={list.status === 'open' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="sc-list-status" data-status={list.status}>
          {t(list.status === 'open' ? 'screening.list.open' : 'screening.list.closed')}
        </Tag>
        <span className={overdue ? 'rx-sc-overdue' : undefined} data-testid="sc-list-due" data-overdue={overdue}>
          {t('screening.lists.due', { at: fullAt(list.dueAt) })}
        </span>
        {overdue && <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="sc-list-overdue">{t('screening.lists.overdue')}</Tag>}
      </Space>
      <div className="rx-sc-quiet" style={{ marginTop: 6 }}>
        {t('screening.list.source', { source: list.source })} · {t('screening.list.createdBy', { by: list.createdByName, at: fullAt(list.createdAt) })}
      </div>
      <div className="rx-sc-quiet" data-testid="sc-list-file">{t('screening.list.file', { file: list.fileName, rows: list.rowsTotal, errors: list.rowErrors })}</div>
      {list.status === 'closed' && list.closeReason && <div className="rx-sc-quiet rx-sc-note" data-testid="sc-list-close-reason">{t('screening.list.closeReason', { reason: list.closeReason })}</div>}
    </div>
  );
}

function Receipt({ list }: { list: ListView }) {
  const { t } = useTranslation();
  return (
    <div className="rx-sc-receipt" data-testid="sc-receipt">
      <Space wrap>
        <Button type="primary" size="large" icon={<DownloadOutlined />} href={receiptUrl(list.id, 'xlsx')} download data-testid="sc-receipt-xlsx">
          {t('screening.list.receiptXlsx')}
        </Button>
        <Button size="large" icon={<DownloadOutlined />} href={receiptUrl(list.id, 'csv')} download data-testid="sc-receipt-csv">
          {t('screening.list.receiptCsv')}
        </Button>
      </Space>
      <div className="rx-sc-quiet" style={{ marginTop: 6 }}>{t('screening.list.receiptHelp')}</div>
    </div>
  );
}

function Entries({ list }: { list: ListView }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => entryFiltersFromParams(params), [params]);
  const q = useQuery({
    queryKey: [...ENTRIES_KEY, list.id, f],
    queryFn: ({ signal }) => listEntries(list.id, f, signal),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const items = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  const [checking, setChecking] = useState<EntryView | null>(null);
  const [routing, setRouting] = useState<EntryView | null>(null);
  // The dialog works on the newest copy of its entry (a 409 reloads the entries: the version seen moves on).
  const fresh = (e: EntryView | null) => (e ? items.find((x) => x.id === e.id) ?? e : null);
  const listOpen = list.status === 'open';
  const target = routeTarget(me);
  const size = isMobile ? 'large' : 'middle';
  const filtered = isFiltered(f);
  const actions = (e: EntryView) => (
    <Space wrap size={6}>
      {target && mayRoute(me, e, listOpen) && (
        <Button size={size} danger icon={<SendOutlined />} onClick={() => setRouting(e)} data-testid="sc-route">
          {t('screening.entries.route')}
        </Button>
      )}
      {mayCheck(me, e, listOpen) && (
        <Button type="primary" size={size} icon={<AuditOutlined />} onClick={() => setChecking(e)} data-testid="sc-check">
          {t('screening.entries.check')}
        </Button>
      )}
    </Space>
  );
  const emptyText = t(filtered ? 'screening.entries.emptyFiltered' : 'screening.entries.empty');
  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="sc-entries">
      <div className="rx-sc-toolbar">
        <div className="rx-scroll-x">
          <Radio.Group
            optionType="button"
            size={size}
            aria-label={t('screening.filters.state')}
            value={f.state ?? 'all'}
            onChange={(ev) => setParams({ state: ev.target.value === 'all' ? null : String(ev.target.value), page: null })}
            options={[{ value: 'all', label: t('screening.filters.all') }, ...STATES.map((s) => ({ value: s, label: t(`screening.states.${s}`) }))]}
            data-testid="sc-filter-state"
          />
        </div>
        <div className="rx-scroll-x">
          <Radio.Group
            optionType="button"
            size={size}
            aria-label={t('screening.filters.status')}
            value={f.status ?? 'all'}
            onChange={(ev) => setParams({ status: ev.target.value === 'all' ? null : String(ev.target.value), page: null })}
            options={[{ value: 'all', label: t('screening.filters.all') }, ...STATUS_FILTERS.map((s) => ({ value: s, label: t(`screening.filters.statuses.${s}`) }))]}
            data-testid="sc-filter-status"
          />
        </div>
        <Checkbox checked={!!f.urgent} onChange={(ev) => setParams({ urgent: ev.target.checked ? '1' : null, page: null })} data-testid="sc-filter-urgent">
          {t('screening.filters.urgent')}
        </Checkbox>
        {filtered && <Button size={size} onClick={() => setParams({ state: null, status: null, urgent: null, page: null })}>{t('screening.filters.clear')}</Button>}
      </div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {isMobile ? (
        q.isPending ? <Skeleton active /> : items.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '16px 0' }}>{emptyText}</Typography.Paragraph>
        ) : (
          <ul className="rx-card-list" data-testid="sc-entries-list">
            {items.map((e) => <EntryCard key={e.id} e={e} actions={actions(e)} />)}
          </ul>
        )
      ) : (
        <EntriesTable items={items} loading={q.isFetching} emptyText={emptyText} actions={actions} />
      )}
      {total > ENTRIES_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={ENTRIES_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(p) => setParams({ page: p > 1 ? p : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, textAlign: 'center' }} data-testid="sc-entries-total">
          {t('screening.entries.total', { n: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
      {checking && <CheckModal entry={fresh(checking)!} onClose={() => setChecking(null)} />}
      {routing && target && <RouteModal entry={fresh(routing)!} target={target} onClose={() => setRouting(null)} />}
    </Card>
  );
}

export function ScreeningListPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const now = useNow();
  const [closing, setClosing] = useState(false);
  const q = useQuery({ queryKey: [...LIST_KEY, id], queryFn: ({ signal }) => getList(id, signal), refetchInterval: REFRESH_MS });
  const list = q.data?.list;
  const errors = q.data?.errors ?? [];
  usePageTitle(list ? list.title : t('screening.title'));
  const back = (
    <Link to="/screening">
      <ArrowLeftOutlined /> {t('screening.list.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError || !list) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" subTitle={t('screening.list.notFound')} extra={back} />;
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const mayClose = list.canManage && list.status === 'open' && hasPermission(me, 'screening:import');
  return (
    <div data-testid="screening-list-page" data-id={list.id}>
      <div style={{ marginBottom: 12 }}>{back}</div>
      <div className="rx-sc-head">
        <Head list={list} now={now} />
        {mayClose && (
          <Button danger size="large" icon={<StopOutlined />} onClick={() => setClosing(true)} data-testid="sc-close">{t('screening.list.close')}</Button>
        )}
      </div>
      <Card size="small" style={{ marginTop: 12 }}>
        <ListFigures figures={list.figures} />
        <Receipt list={list} />
      </Card>
      {errors.length > 0 && (
        <Collapse
          style={{ marginTop: 12 }}
          size="small"
          items={[{
            key: 'errors',
            label: <span data-testid="sc-list-errors-title">{t('screening.list.rowErrors', { n: errors.length })}</span>,
            children: <RowErrorsTable errors={errors} testId="sc-list-errors" />,
          }]}
        />
      )}
      <Entries list={list} />
      {closing && <CloseModal list={list} onClose={() => setClosing(false)} />}
    </div>
  );
}
