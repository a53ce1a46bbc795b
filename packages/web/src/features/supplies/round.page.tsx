// 物资保障 · one distribution round (supply:read): what is handed out, from where, to whom, under which rule, its
// progress overall and per grid; 结束发放 for supply:allocate (what was not delivered goes back to the shelf). With
// supply:deliver, the households (head's masked name, address, members, care tags, quantity — an audited read) as
// cards a grid worker goes through on a phone: a big 已送达, and 撤销 for a wrong tap.
import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Pagination, Result, Select, Skeleton, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined, CheckOutlined, ReloadOutlined } from '@ant-design/icons';
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
  closeRound, deliverLine, getRound, LINES_KEY, LINES_PAGE_SIZE, listLines, ROUND_KEY, ROUNDS_KEY, WAREHOUSES_KEY,
  type GridProgress, type Line, type RoundDetail,
} from './api';
import { applyDelivery, reloadLines } from './cache';
import { DeliverModal } from './deliver.modal';
import { canDeliver, deliverBody, deliveredByName, gridProgress, LINE_STATUSES, lineFiltersFromParams, lineQuantity, SubmissionKeys, undelivered } from './supplies.logic';
import { at, conflictText, RoundProgressLines, RoundStatusTag } from './shared';

const REFRESH_MS = 60_000;
const byName = new Intl.Collator('zh-CN', { numeric: true });

function LineCard({ roundId, line, unit, open, onDeliver }: { roundId: string; line: Line; unit: string; open: boolean; onDeliver: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const keys = useRef(new SubmissionKeys());
  const undo = useMutation({
    mutationFn: () => {
      const r = deliverBody('pending', {}, line.version);
      if (!r.ok) throw new Error(r.field);
      return deliverLine(roundId, line.id, r.body, keys.current.for(r.body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(t('supplies.lines.undone', { name: saved.headMasked }));
      applyDelivery(queryClient, roundId, saved);
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) {
        void message.warning(conflictText(e, t, i18n.language));
        reloadLines(queryClient, roundId);
      }
    },
  });
  const q = lineQuantity(line);
  const nameId = `sup-line-${line.id}`;
  const delivered = line.status === 'delivered';
  return (
    <li className={`rx-card rx-sup-line rx-sup-line-${line.status}`} data-testid="sup-line" data-status={line.status}>
      <div className="rx-sup-line-head">
        <strong id={nameId} data-testid="sup-line-head">{line.headMasked}</strong>
        <Tag color={delivered ? 'green' : line.status === 'pending' ? 'gold' : undefined} style={{ marginInlineEnd: 0 }} data-testid="sup-line-status">
          {t(`supplies.lines.statuses.${line.status}`)}
        </Tag>
        <strong className="rx-sup-line-qty" data-testid="sup-line-qty">
          {q.demand !== null ? t('supplies.lines.quantityShort', { q: q.quantity, d: q.demand, unit }) : t('supplies.lines.quantity', { q: q.quantity, unit })}
        </strong>
      </div>
      <div data-testid="sup-line-address">
        {line.address ?? <Typography.Text type="secondary">{t('supplies.lines.restricted')}</Typography.Text>}
      </div>
      <div className="rx-sup-quiet">
        {line.gridName && <>{line.gridName} · </>}{t('supplies.lines.members', { n: line.members })}
      </div>
      {line.tags.length > 0 && <div><CareTags tags={line.tags} /></div>}
      {delivered && line.deliveredAt && (
        <div className="rx-sup-delivered" data-testid="sup-line-delivered">
          <CheckOutlined /> {t('supplies.lines.delivered', { method: line.method ? t(`supplies.methods.${line.method}`) : '', at: at(line.deliveredAt), who: deliveredByName(line) })}
          {open && (
            <Popconfirm
              title={t('supplies.lines.undoConfirm')}
              okText={t('supplies.lines.undoOk')}
              cancelText={t('supplies.lines.undoCancel')}
              onConfirm={() => undo.mutateAsync().catch(() => undefined)}
            >
              <Button type="link" loading={undo.isPending} aria-describedby={nameId} data-testid="sup-line-undo">{t('supplies.lines.undo')}</Button>
            </Popconfirm>
          )}
        </div>
      )}
      {line.note && <div data-testid="sup-line-note">{t('supplies.lines.note', { note: line.note })}</div>}
      {undo.isError && !(isApiError(undo.error) && undo.error.status === 409) && <ErrorAlert error={undo.error} style={{ marginTop: 8, marginBottom: 0 }} />}
      {canDeliver(line, open) && (
        <div className="rx-sup-actions">
          <Button
            type="primary"
            size="large"
            block={isMobile}
            icon={<CheckOutlined />}
            aria-describedby={nameId}
            className="rx-sup-deliver"
            onClick={onDeliver}
            data-testid="sup-line-deliver"
          >
            {t('supplies.lines.deliver')}
          </Button>
        </div>
      )}
    </li>
  );
}

/** The households of the round in the caller's area (supply:deliver), by grid and state, 待发放 first. */
function LinesSection({ round }: { round: RoundDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => lineFiltersFromParams(params), [params]);
  const [delivering, setDelivering] = useState<Line | null>(null);
  const lines = useQuery({
    queryKey: [...LINES_KEY, round.id, f],
    queryFn: ({ signal }) => listLines(round.id, f, signal),
    placeholderData: keepPreviousData,
  });
  const rows = lines.data?.items ?? [];
  const total = lines.data?.total ?? 0;
  const open = round.status === 'open';
  const showGrid = me.org.level !== 'grid' && round.grids.length > 1;
  const width = isMobile ? undefined : 180;
  const deliveringNow = delivering ? rows.find((r) => r.id === delivering.id) ?? delivering : null;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('supplies.lines.title')}</h2>} style={{ marginTop: 16 }} data-testid="sup-lines">
      {!open && <Alert type="info" showIcon title={t('supplies.lines.closedNote')} style={{ marginBottom: 12 }} />}
      <div className={isMobile ? 'rx-sup-toolbar rx-sup-toolbar-phone' : 'rx-sup-toolbar'}>
        {showGrid && (
          <div className="rx-sup-field" style={{ width }}>
            <label htmlFor="sup-filter-grid">{t('supplies.lines.grid')}</label>
            <Select
              id="sup-filter-grid"
              value={f.gridId ?? ''}
              onChange={(v) => setParams({ grid: v || null }, { resetPage: true })}
              options={[{ value: '', label: t('supplies.lines.gridAll') }, ...[...round.grids].sort((a, b) => byName.compare(a.gridName, b.gridName)).map((g) => ({ value: g.gridId, label: g.gridName }))]}
            />
          </div>
        )}
        <div className="rx-sup-field" style={{ width }}>
          <label htmlFor="sup-filter-state">{t('supplies.lines.status')}</label>
          <Select
            id="sup-filter-state"
            value={f.status ?? ''}
            onChange={(v) => setParams({ state: v || null }, { resetPage: true })}
            options={[{ value: '', label: t('supplies.lines.statusAll') }, ...LINE_STATUSES.map((s) => ({ value: s, label: t(`supplies.lines.statuses.${s}`) }))]}
          />
        </div>
        <Button icon={<ReloadOutlined />} onClick={() => void lines.refetch()} loading={lines.isFetching}>{t('supplies.refresh')}</Button>
      </div>
      {lines.isError && <ErrorAlert error={lines.error} onRetry={() => void lines.refetch()} />}
      {lines.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={t('supplies.lines.empty')} />
      ) : (
        <ul className="rx-card-list rx-sup-lines" data-testid="sup-line-list">
          {rows.map((l) => <LineCard key={l.id} roundId={round.id} line={l} unit={round.unit} open={open} onDeliver={() => setDelivering(l)} />)}
        </ul>
      )}
      {total > LINES_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={LINES_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setParams({ page: page > 1 ? page : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="sup-lines-total">
          {t('supplies.lines.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center', marginBottom: 0 }}>{t('supplies.lines.privacy')}</Typography.Paragraph>
      {deliveringNow && <DeliverModal roundId={round.id} line={deliveringNow} unit={round.unit} onClose={() => setDelivering(null)} />}
    </Card>
  );
}

/** Progress per grid: a table on a desktop, a short card per grid on a phone (no sideways scrolling). */
function GridsCard({ round }: { round: RoundDetail }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const n = (v: number) => formatCount(v, i18n.language);
  const grids = useMemo(() => [...round.grids].sort((a, b) => byName.compare(a.gridName, b.gridName)), [round.grids]);
  const columns: ColumnsType<GridProgress> = [
    { title: t('supplies.round.gridCols.grid'), key: 'grid', render: (_, g) => g.gridName },
    { title: t('supplies.round.gridCols.households'), key: 'households', align: 'right', width: 80, render: (_, g) => n(g.households) },
    { title: t('supplies.round.gridCols.served'), key: 'served', align: 'right', width: 90, render: (_, g) => n(g.served) },
    { title: t('supplies.round.gridCols.delivered'), key: 'delivered', align: 'right', width: 130, render: (_, g) => `${n(g.delivered)} / ${n(g.served)}（${gridProgress(g).percent}%）` },
    { title: t('supplies.round.gridCols.quantity'), key: 'quantity', align: 'right', width: 100, render: (_, g) => `${n(g.quantity)} ${round.unit}` },
    { title: t('supplies.round.gridCols.deliveredQuantity'), key: 'dq', align: 'right', width: 110, render: (_, g) => `${n(g.deliveredQuantity)} ${round.unit}` },
  ];
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('supplies.round.grids')}</h2>} style={{ marginTop: 16 }} data-testid="sup-grids">
      {isMobile ? (
        <ul className="rx-card-list">
          {grids.map((g) => (
            <li key={g.gridId} className="rx-card" data-testid="sup-grid">
              <strong>{g.gridName}</strong>
              <div data-testid="sup-grid-progress">{t('supplies.rounds.households', { done: n(g.delivered), total: n(g.served) })}</div>
              {g.households > g.served && <div className="rx-sup-quiet">{t('supplies.round.gridNone', { n: n(g.households - g.served) })}</div>}
              <div className="rx-sup-quiet">{t('supplies.rounds.quantity', { done: n(g.deliveredQuantity), total: n(g.quantity), unit: round.unit })}</div>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<GridProgress> rowKey="gridId" size="small" columns={columns} dataSource={grids} pagination={false} data-testid="sup-grids-table" />
      )}
    </Card>
  );
}

export function RoundPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  // The figures move as the workers deliver: read again each minute while the page is shown (not the household list).
  const q = useQuery({ queryKey: [...ROUND_KEY, id], queryFn: ({ signal }) => getRound(id, signal), refetchInterval: REFRESH_MS });
  const round = q.data;
  usePageTitle(round ? round.title : t('supplies.title'));
  const close = useMutation({
    mutationFn: (v: { id: string; version: number }) => closeRound(v.id, v.version),
    onSuccess: (r) => {
      void message.success(t('supplies.round.closedMsg', { n: formatCount(r.returned ?? 0, i18n.language), unit: r.unit }));
      queryClient.setQueryData<RoundDetail>([...ROUND_KEY, id], (old) => (old ? { ...old, ...r, grids: old.grids } : old));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: [...ROUND_KEY, id], exact: true });
      void queryClient.invalidateQueries({ queryKey: ROUNDS_KEY });
      void queryClient.invalidateQueries({ queryKey: WAREHOUSES_KEY });
    },
  });
  const back = (
    <Link to="/supplies?tab=rounds">
      <ArrowLeftOutlined /> {t('supplies.round.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError || !round) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" subTitle={t('supplies.round.notFound')} extra={back} />;
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const open = round.status === 'open';
  const mayDeliver = hasPermission(me, 'supply:deliver');
  const mayClose = hasPermission(me, 'supply:allocate') && open;
  const n = (v: number) => formatCount(v, i18n.language);
  const gridName = round.gridId ? round.grids.find((g) => g.gridId === round.gridId)?.gridName : undefined;
  return (
    <div data-testid="supply-round-page">
      <div style={{ marginBottom: 12 }}>{back}</div>
      <div className="rx-sup-head">
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 24, overflowWrap: 'anywhere' }}>{round.title}</Typography.Title>
          <Space size={[6, 6]} wrap style={{ marginTop: 8 }}>
            <RoundStatusTag status={round.status} />
            <CareTags tags={round.tags} />
          </Space>
        </div>
        {mayClose && (
          <Popconfirm
            title={t('supplies.round.closeConfirm')}
            description={t('supplies.round.closeReturn', { n: n(undelivered(round)), unit: round.unit, warehouse: round.warehouseName })}
            okText={t('supplies.round.closeOk')}
            cancelText={t('supplies.round.closeCancel')}
            okButtonProps={{ danger: true, 'data-testid': 'sup-round-close-ok' } as never}
            onConfirm={() => close.mutateAsync({ id: round.id, version: round.version }).catch(() => undefined)}
          >
            <Button danger size={isMobile ? 'large' : 'middle'} loading={close.isPending} data-testid="sup-round-close">{t('supplies.round.close')}</Button>
          </Popconfirm>
        )}
      </div>
      {close.isError && <ErrorAlert error={close.error} style={{ marginTop: 12 }} />}
      <Card size="small" style={{ marginTop: 12 }} data-testid="sup-round-summary">
        <dl className="rx-facts rx-sup-facts">
          <div><dt>{t('supplies.round.item')}</dt><dd data-testid="sup-round-item">{round.itemName}（{round.unit}）</dd></div>
          <div><dt>{t('supplies.round.warehouse')}</dt><dd>{round.warehouseName}</dd></div>
          <div><dt>{t('supplies.round.area')}</dt><dd>{gridName ? `${round.orgName} ${gridName}` : round.orgName}</dd></div>
          <div><dt>{t('supplies.round.rule')}</dt><dd data-testid="sup-round-rule">{t(`supplies.rules.${round.rule}`)}<span className="rx-sup-quiet">（{t(`supplies.ruleHelp.${round.rule}`)}）</span></dd></div>
          <div><dt>{t('supplies.round.per')}</dt><dd>{t('supplies.round.perValue', { h: round.perHousehold, p: round.perPerson })}</dd></div>
          <div><dt>{t('supplies.round.createdBy')}</dt><dd>{round.createdBy.name} · {at(round.createdAt)}</dd></div>
        </dl>
        <RoundProgressLines r={round} label={round.title} />
        {round.households > round.servedHouseholds && (
          <div className="rx-sup-quiet" data-testid="sup-round-none">{t('supplies.round.gridNone', { n: n(round.households - round.servedHouseholds) })}</div>
        )}
        {!open && round.returned !== null && (
          <Alert type="success" showIcon style={{ marginTop: 12 }} data-testid="sup-round-returned"
            title={t('supplies.round.returned', { n: n(round.returned), unit: round.unit, warehouse: round.warehouseName })} />
        )}
      </Card>
      {round.grids.length > 0 && <GridsCard round={round} />}
      {mayDeliver ? (
        <LinesSection round={round} />
      ) : (
        <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('supplies.round.noLines')} data-testid="sup-no-lines" />
      )}
    </div>
  );
}
