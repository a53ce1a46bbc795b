// 关爱点名 · one roll call (roll-call:read): its deadline, progress and counts, per grid; 结束点名 for roll-call:manage. With
// roll-call:check, the people to reach (masked name, address, care tags, state, last check — an audited read) as cards
// a grid worker goes through on a phone: 平安 / 联系不上 in one tap, 需要帮助 / 已帮扶 in a small dialog. Street and
// district staff see the figures only.
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Collapse, Empty, Pagination, Progress, Result, Select, Skeleton, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  ArrowLeftOutlined, CheckCircleOutlined, DisconnectOutlined, HeartOutlined, ReloadOutlined, WarningOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import { CareTags } from '../registry';
import {
  checkItem, closeRollCall, getRollCall, ITEMS_PAGE_SIZE, listRollCallItems, ROLL_CALL_KEY, ROLL_CALL_METHODS, ROLL_CALL_STATUSES,
  type GridProgress, type RollCallDetail, type RollCallItem, type RollCallMethod, type RollCallOutcome,
} from './api';
import { applyCheck } from './cache';
import { CheckModal, e409Text } from './check.modal';
import { checkBody, checkedCount, COUNT_ORDER, itemFiltersFromParams, needsDialog, progressPercent, rowOutcomes, sortGrids, sortItems, stillMissing, SubmissionKeys } from './roll-call.logic';
import { at, CountsList, Deadline, ProgressLine, StatusTag, useNow } from './shared';

const REFRESH_MS = 60_000;

const OUTCOME_ICONS: Record<RollCallOutcome, ReactNode> = {
  safe: <CheckCircleOutlined />, needs_help: <WarningOutlined />, unreachable: <DisconnectOutlined />, helped: <HeartOutlined />,
};

/** A person's big button: 平安 green, 需要帮助 red, 联系不上 plain, 已帮扶 blue. */
function outcomeButtonProps(o: RollCallOutcome) {
  if (o === 'safe') return { color: 'green', variant: 'solid' } as const;
  if (o === 'needs_help') return { color: 'danger', variant: 'solid' } as const;
  if (o === 'helped') return { color: 'primary', variant: 'solid' } as const;
  return { color: 'default', variant: 'outlined' } as const;
}

/** One person of the list, with the buttons their state allows. 平安 and 联系不上 are sent at once. */
function PersonCard({ rollCallId, item, closed, method, onDialog }: {
  rollCallId: string; item: RollCallItem; closed: boolean; method: RollCallMethod; onDialog: (item: RollCallItem, outcome: 'needs_help' | 'helped') => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keys = useRef(new SubmissionKeys());
  const tap = useMutation({
    mutationFn: (outcome: 'safe' | 'unreachable') => {
      const r = checkBody(outcome, { method }, item.version);
      if (!r.ok) throw new Error(r.field);
      return checkItem(rollCallId, item.id, r.body, keys.current.for(r.body));
    },
    onSuccess: (saved, outcome) => {
      keys.current.done();
      void message.success(t('rollCall.items.saved', { name: item.nameMasked, outcome: t(`rollCall.outcomes.${outcome}`) }));
      applyCheck(queryClient, rollCallId, saved);
    },
    onError: (e) => {
      // Someone checked this person meanwhile, or the roll call ended: say so, and show the list as it is now.
      if (isApiError(e) && e.status === 409) {
        void message.warning(e409Text(e, t, i18n.language));
        void queryClient.invalidateQueries({ queryKey: ROLL_CALL_KEY });
      }
    },
  });
  const outcomes = rowOutcomes(item.status, closed);
  const nameId = `rc-person-${item.id}`;
  const failed = tap.isError && !(isApiError(tap.error) && tap.error.status === 409);
  return (
    <li className={`rx-card rx-rc-person rx-rc-person-${item.status}`} data-testid="rc-person" data-status={item.status}>
      <div className="rx-rc-person-name">
        <strong id={nameId} data-testid="rc-person-name">{item.nameMasked}</strong>
        <StatusTag status={item.status} />
        {item.need && <Tag style={{ marginInlineEnd: 0 }} data-testid="rc-person-need">{t('rollCall.items.need', { need: t(`rollCall.needs.${item.need}`) })}</Tag>}
      </div>
      <div className="rx-rc-person-line" data-testid="rc-person-address">
        {item.restricted ? <Typography.Text type="secondary">{t('rollCall.items.restricted')}</Typography.Text> : item.address}
      </div>
      {item.tags.length > 0 && <div className="rx-rc-person-line"><CareTags tags={item.tags} /></div>}
      <div className="rx-rc-person-line rx-rc-quiet" data-testid="rc-person-last">
        {item.gridName && <>{item.gridName} · </>}
        {item.attempts > 0 ? t('rollCall.items.attempts', { n: item.attempts }) : t('rollCall.items.notYet')}
        {item.checkedAt && (
          <> · {t('rollCall.items.last', { who: item.checkedBy ?? '', at: at(item.checkedAt), method: item.method ? t(`rollCall.methods.${item.method}`) : '' })}</>
        )}
      </div>
      {item.note && <div className="rx-rc-person-line" data-testid="rc-person-note">{t('rollCall.items.note', { note: item.note })}</div>}
      {failed && <ErrorAlert error={tap.error} style={{ marginTop: 8, marginBottom: 0 }} />}
      {outcomes.length > 0 && (
        <div className="rx-rc-actions">
          {outcomes.map((o) => (
            <Button
              key={o}
              {...outcomeButtonProps(o)}
              icon={OUTCOME_ICONS[o]}
              aria-describedby={nameId}
              loading={tap.isPending && tap.variables === o}
              disabled={tap.isPending && tap.variables !== o}
              className={`rx-rc-${o}`}
              data-testid={`rc-${o}`}
              onClick={() => (needsDialog(o) ? onDialog(item, o as 'needs_help' | 'helped') : tap.mutate(o as 'safe' | 'unreachable'))}
            >
              {t(`rollCall.outcomes.${o}`)}
            </Button>
          ))}
        </div>
      )}
    </li>
  );
}

/** The people of the roll call inside the caller's area (roll-call:check), by grid and state, not reached first. */
function PeopleSection({ rc }: { rc: RollCallDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => itemFiltersFromParams(params), [params]);
  const [method, setMethod] = useState<RollCallMethod>('phone');
  const [dialog, setDialog] = useState<{ item: RollCallItem; outcome: 'needs_help' | 'helped' } | null>(null);
  const items = useQuery({
    queryKey: [...ROLL_CALL_KEY, 'items', rc.id, f],
    queryFn: ({ signal }) => listRollCallItems(rc.id, f, signal),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => sortItems(items.data?.items ?? []), [items.data]);
  const total = items.data?.total ?? 0;
  const closed = rc.closedAt !== null;
  // The dialog follows the person as the list shows them now (a conflict refreshes it).
  const dialogItem = dialog ? rows.find((r) => r.id === dialog.item.id) ?? dialog.item : null;
  // A grid worker's list is their grid's: no grid filter.
  const showGrid = me.org.level !== 'grid' && rc.grids.length > 1;
  const width = isMobile ? undefined : 180;

  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('rollCall.items.title')}</h2>} style={{ marginTop: 16 }} data-testid="rc-people">
      {closed && <Alert type="info" showIcon title={t('rollCall.detail.closedNote')} style={{ marginBottom: 12 }} />}
      <div className={isMobile ? 'rx-rc-toolbar rx-rc-toolbar-phone' : 'rx-rc-toolbar'}>
        {showGrid && (
          <div className="rx-rc-field" style={{ width }}>
            <label htmlFor="rc-filter-grid">{t('rollCall.items.grid')}</label>
            <Select
              id="rc-filter-grid"
              value={f.gridId ?? ''}
              onChange={(v) => setParams({ grid: v || null }, { resetPage: true })}
              options={[{ value: '', label: t('rollCall.items.gridAll') }, ...sortGrids(rc.grids).map((g) => ({ value: g.gridId, label: g.gridName }))]}
            />
          </div>
        )}
        <div className="rx-rc-field" style={{ width }}>
          <label htmlFor="rc-filter-state">{t('rollCall.items.status')}</label>
          <Select
            id="rc-filter-state"
            value={f.status ?? ''}
            onChange={(v) => setParams({ state: v || null }, { resetPage: true })}
            options={[{ value: '', label: t('rollCall.items.statusAll') }, ...ROLL_CALL_STATUSES.map((s) => ({ value: s, label: t(`rollCall.statuses.${s}`) }))]}
          />
        </div>
        {!closed && (
          <div className="rx-rc-field" style={{ width: isMobile ? undefined : 200 }}>
            <label htmlFor="rc-method">{t('rollCall.items.method')}</label>
            <Select
              id="rc-method"
              value={method}
              onChange={setMethod}
              options={ROLL_CALL_METHODS.map((m) => ({ value: m, label: t(`rollCall.methods.${m}`) }))}
            />
          </div>
        )}
        <Button icon={<ReloadOutlined />} onClick={() => void items.refetch()} loading={items.isFetching}>{t('rollCall.detail.refresh')}</Button>
      </div>
      {!closed && <Typography.Paragraph type="secondary" style={{ marginTop: -4, fontSize: 13 }}>{t('rollCall.items.methodHelp')}</Typography.Paragraph>}
      {items.isError && <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />}
      {items.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={t('rollCall.items.empty')} />
      ) : (
        <ul className="rx-card-list rx-rc-people" data-testid="rc-people-list">
          {rows.map((item) => (
            <PersonCard key={item.id} rollCallId={rc.id} item={item} closed={closed} method={method} onDialog={(i, outcome) => setDialog({ item: i, outcome })} />
          ))}
        </ul>
      )}
      {total > ITEMS_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={ITEMS_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setParams({ page: page > 1 ? page : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="rc-people-total">
          {t('rollCall.items.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center', marginBottom: 0 }}>{t('rollCall.items.privacy')}</Typography.Paragraph>
      {dialog && dialogItem && (
        <CheckModal rollCallId={rc.id} item={dialogItem} outcome={dialog.outcome} method={method} onClose={() => setDialog(null)} />
      )}
    </Card>
  );
}

/**
 * Progress per grid: a table on a desktop, a short card per grid on a phone (no sideways scrolling). On a phone of
 * someone who goes through the list, folded away under its heading: their own people come first.
 */
function GridsCard({ grids, onPick, folded }: { grids: GridProgress[]; onPick?: (gridId: string) => void; folded: boolean }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const n = (v: number) => formatCount(v, i18n.language);
  const sorted = useMemo(() => sortGrids(grids), [grids]);
  const name = (g: GridProgress) => (onPick ? <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => onPick(g.gridId)}>{g.gridName}</Button> : g.gridName);
  const columns: ColumnsType<GridProgress> = [
    { title: t('rollCall.detail.cols.grid'), key: 'grid', width: 120, render: (_, g) => name(g) },
    { title: t('rollCall.detail.cols.total'), key: 'total', width: 70, align: 'right', render: (_, g) => n(g.total) },
    {
      title: t('rollCall.detail.cols.progress'), key: 'progress', width: 200,
      render: (_, g) => <ProgressLine r={g} label={g.gridName} />,
    },
    ...COUNT_ORDER.map((s) => ({
      title: t(`rollCall.statuses.${s}`), key: s, width: 80, align: 'right' as const,
      render: (_: unknown, g: GridProgress) => <span className={g.counts[s] > 0 ? `rx-rc-count-${s}` : undefined}>{n(g.counts[s])}</span>,
    })),
  ];
  const title = t('rollCall.detail.grids');
  const body = isMobile ? (
    <ul className="rx-card-list rx-rc-grid-cards">
      {sorted.map((g) => (
        <li key={g.gridId} className="rx-card" data-testid="rc-grid">
          <div className="rx-rc-grid-head">
            <strong>{name(g)}</strong>
            <span>{t('rollCall.progress.checked', { checked: n(checkedCount(g)), total: n(g.total) })} · {progressPercent(g)}%</span>
          </div>
          <Progress percent={progressPercent(g)} showInfo={false} size="small" aria-label={`${g.gridName} ${progressPercent(g)}%`} />
          <CountsList counts={g.counts} small />
        </li>
      ))}
    </ul>
  ) : (
    <DataTable<GridProgress> rowKey="gridId" size="small" columns={columns} dataSource={sorted} pagination={false} data-testid="rc-grids-table" />
  );
  if (isMobile && folded) {
    return (
      <Collapse
        style={{ marginTop: 16, background: '#fff' }}
        data-testid="rc-grids"
        items={[{ key: 'grids', label: t('rollCall.detail.gridsFolded', { n: grids.length }), children: body }]}
      />
    );
  }
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>} style={{ marginTop: 16 }} data-testid="rc-grids">
      {body}
    </Card>
  );
}

export function RollCallPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const now = useNow();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [, setParams] = useUrlState();
  // The figures move as the workers go through their lists: read again each minute while the page is shown.
  const q = useQuery({ queryKey: [...ROLL_CALL_KEY, 'detail', id], queryFn: ({ signal }) => getRollCall(id, signal), refetchInterval: REFRESH_MS });
  const rc = q.data;
  usePageTitle(rc ? rc.title : t('rollCall.title'));
  const close = useMutation({
    mutationFn: (v: { id: string; version: number }) => closeRollCall(v.id, v.version),
    onSuccess: () => void message.success(t('rollCall.detail.closed')),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ROLL_CALL_KEY }),
  });
  const back = (
    <Link to="/roll-calls">
      <ArrowLeftOutlined /> {t('rollCall.detail.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError || !rc) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" subTitle={t('rollCall.detail.notFound')} extra={back} />;
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const closed = rc.closedAt !== null;
  const mayCheck = hasPermission(me, 'roll-call:check');
  // Ended by those responsible for its whole area (the server says the same): a grid worker ends their grid's roll
  // call, not the community's.
  const mayClose = hasPermission(me, 'roll-call:manage') && !closed && (me.org.level !== 'grid' || rc.orgId === me.org.id);
  // A grid worker on a community's roll call: their own grid's progress too.
  const ownGrid = me.org.level === 'grid' && rc.orgId !== me.org.id ? rc.grids.find((g) => g.gridId === me.org.id) : undefined;
  const missing = stillMissing(rc);
  const n = (v: number) => formatCount(v, i18n.language);

  return (
    <div data-testid="roll-call-page">
      <div style={{ marginBottom: 12 }}>{back}</div>
      <div className="rx-rc-head">
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 24, overflowWrap: 'anywhere' }}>{rc.title}</Typography.Title>
          <Space size={[6, 6]} wrap style={{ marginTop: 8 }}>
            <Tag color={closed ? 'default' : 'processing'} style={{ marginInlineEnd: 0 }} data-testid="rc-state">{t(closed ? 'rollCall.state.closed' : 'rollCall.state.open')}</Tag>
            <CareTags tags={rc.tags} />
          </Space>
        </div>
        {mayClose && (
          <Popconfirm
            title={t('rollCall.detail.closeConfirm')}
            description={missing > 0 ? t('rollCall.detail.closeMissing', { n: n(missing) }) : undefined}
            okText={t('rollCall.detail.closeOk')}
            cancelText={t('rollCall.detail.closeCancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => close.mutateAsync({ id: rc.id, version: rc.version }).catch(() => undefined)}
          >
            <Button danger loading={close.isPending} data-testid="rc-close">{t('rollCall.detail.close')}</Button>
          </Popconfirm>
        )}
      </div>
      <Card size="small" style={{ marginTop: 12 }} data-testid="rc-summary">
        <div className="rx-rc-meta">
          {rc.orgName} · {t('rollCall.list.startedBy', { name: rc.startedBy.name, at: at(rc.startedAt) })}
        </div>
        <div className="rx-rc-meta"><Deadline r={rc} now={now} /></div>
        <ProgressLine r={rc} label={t('rollCall.progress.label')} />
        <CountsList counts={rc.counts} testId="rc-counts" />
        {ownGrid && (
          <div style={{ marginTop: 12, paddingTop: 12, borderTop: '1px solid #f0f0f0' }} data-testid="rc-own-grid">
            <strong>{t('rollCall.detail.ownGrid', { grid: ownGrid.gridName })}</strong>
            <ProgressLine r={ownGrid} label={ownGrid.gridName} />
            <CountsList counts={ownGrid.counts} />
          </div>
        )}
      </Card>
      {close.isError && <ErrorAlert error={close.error} style={{ marginTop: 12 }} />}
      {rc.grids.length > 0 && (
        <GridsCard grids={rc.grids} folded={mayCheck} onPick={mayCheck && me.org.level !== 'grid' ? (gridId) => setParams({ grid: gridId, page: null }) : undefined} />
      )}
      {mayCheck ? (
        <PeopleSection rc={rc} />
      ) : (
        <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('rollCall.detail.noNames')} data-testid="rc-no-names" />
      )}
    </div>
  );
}
