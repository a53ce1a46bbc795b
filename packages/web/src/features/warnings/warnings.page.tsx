// 预警: open warnings first, by colour; filters in the URL; acknowledge / resolve with a note. Cards on phones.
import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Pagination, Row, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { LineChartOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { useUrlState } from '../../lib/url-state';
import { AreaPicker } from '../../lib/area-picker';
import { DataTable } from '../../lib/table';
import { LinkButton } from '../../lib/link-button';
import { formatCount, formatEstimate } from '../../lib/numbers';
import { ErrorAlert } from '../../lib/error-alert';
import { listAlerts, listIndicators, scopeLoader, type Alert, type AlertLevel, type StatusFilter } from './api';
import { AlertActionModal, type AlertAction } from './action.modal';
import { indicatorName, LevelTag, StatusTag, unitOf, useGridLabel } from './shared';
import { type ListState, listStateFromParams, PAGE_SIZE, paramsFromListState, pickDay, queryFromListState, STATUS_CHOICES } from './warnings.logic';

function SummaryCard({ label, value, color, pressed, onClick, testId }: { label: string; value: number; color: string; pressed: boolean; onClick: () => void; testId: string }) {
  const { i18n } = useTranslation();
  return (
    <Card
      size="small"
      role="button"
      tabIndex={0}
      aria-pressed={pressed}
      data-testid={testId}
      onClick={onClick}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onClick();
        }
      }}
    >
      <div className="rx-wr-count" style={{ color }}>{formatCount(value, i18n.language)}</div>
      <div>{label}</div>
    </Card>
  );
}

function AlertCard({ a, canManage, onAction }: { a: Alert; canManage: boolean; onAction: (a: Alert, act: AlertAction) => void }) {
  const { t, i18n } = useTranslation();
  const unit = unitOf(a.indicator, i18n.language);
  const gridLabel = useGridLabel();
  return (
    <Card size="small" className="rx-wr-card" data-level={a.level} data-testid={`alert-${a.id}`}>
      <Space size={4} wrap style={{ marginBottom: 4 }}>
        <LevelTag level={a.level} />
        <StatusTag status={a.status} />
        <span className="rx-wr-meta">{a.date}</span>
      </Space>
      <h3>
        {gridLabel(a.grid)} · {indicatorName(a.indicator, i18n.language)}
      </h3>
      <div className="rx-wr-meta">
        {t('warnings.observedOf', { observed: formatCount(a.observed, i18n.language), unit: unitOf(a.indicator, i18n.language, a.observed) })}
        {a.expected !== null && <>{t('warnings.sep')}{t('warnings.expectedOf', { expected: formatEstimate(a.expected, i18n.language), unit })}</>}
      </div>
      <div className="rx-wr-actions">
        <LinkButton to={`/warnings/alerts/${a.id}`}>{t('warnings.view')}</LinkButton>
        {canManage && a.status === 'raised' && <Button onClick={() => onAction(a, 'acknowledge')}>{t('warnings.acknowledge')}</Button>}
        {canManage && a.status !== 'resolved' && (
          <Button type="primary" onClick={() => onAction(a, 'resolve')}>
            {t('warnings.resolve')}
          </Button>
        )}
      </div>
    </Card>
  );
}

const GRID_PICKER_KEY = ['warnings', 'scopes'] as const;
const isGrid = (n: { level: string }) => n.level === 'grid';

export function WarningsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('warnings.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useUrlState();
  const state = useMemo(() => listStateFromParams(params), [params]);
  const canManage = hasPermission(me, 'warning:manage');
  const [action, setAction] = useState<{ alert: Alert; action: AlertAction } | null>(null);

  const list = useQuery({
    queryKey: ['warnings', 'alerts', state],
    queryFn: ({ signal }) => listAlerts(queryFromListState(state), signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const indicators = useQuery({ queryKey: ['warnings', 'indicators'], queryFn: ({ signal }) => listIndicators(signal), staleTime: 300_000 });
  const gridLabel = useGridLabel();

  // From the latest params (useUrlState), not this render's `state`: two quick changes must not overwrite each other.
  // A patch, or a function of the latest state giving one; every change of a filter goes back to page 1.
  const set = (patch: Partial<ListState> | ((latest: ListState) => Partial<ListState>)) =>
    setParams((prev) => {
      const latest = listStateFromParams(prev);
      return paramsFromListState({ ...latest, page: 1, ...(typeof patch === 'function' ? patch(latest) : patch) });
    });
  const onAction = (alert: Alert, act: AlertAction) => setAction({ alert, action: act });

  const columns: ColumnsType<Alert> = [
    { title: t('warnings.cols.level'), dataIndex: 'level', width: 80, render: (_, a) => <LevelTag level={a.level} /> },
    { title: t('warnings.cols.date'), dataIndex: 'date', width: 110 },
    { title: t('warnings.cols.grid'), key: 'grid', width: 140, render: (_, a) => gridLabel(a.grid) },
    { title: t('warnings.cols.indicator'), key: 'indicator', render: (_, a) => indicatorName(a.indicator, i18n.language) },
    { title: t('warnings.cols.observed'), dataIndex: 'observed', width: 90, align: 'right', render: (v: number) => formatCount(v, i18n.language) },
    { title: t('warnings.cols.expected'), dataIndex: 'expected', width: 90, align: 'right', render: (v: number | null) => formatEstimate(v, i18n.language) },
    { title: t('warnings.cols.status'), dataIndex: 'status', width: 100, render: (_, a) => <StatusTag status={a.status} /> },
    {
      title: t('warnings.cols.actions'),
      key: 'actions',
      // Details, 确认 and 处置 on one line in English too (处置 wrapped under the others, doubling each row).
      width: 290,
      render: (_, a) => (
        <Space size={4} wrap>
          <Link to={`/warnings/alerts/${a.id}`}>{t('warnings.view')}</Link>
          {canManage && a.status === 'raised' && (
            <Button size="small" onClick={() => onAction(a, 'acknowledge')}>
              {t('warnings.acknowledge')}
            </Button>
          )}
          {canManage && a.status !== 'resolved' && (
            <Button size="small" type="primary" onClick={() => onAction(a, 'resolve')}>
              {t('warnings.resolve')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const open = list.data?.open;
  const items = list.data?.items ?? [];
  // The chosen grid's name when the filter came from the address (its level not loaded yet): from its alerts.
  const filteredGrid = state.gridId ? items.find((a) => a.grid.id === state.gridId)?.grid : undefined;
  const statusOptions = STATUS_CHOICES.map((value) => ({
    value,
    label: value === 'open' ? t('warnings.statusOpen') : value === 'all' ? t('warnings.statusAll') : t(`warnings.statuses.${value}`),
  }));

  return (
    <div data-testid="warnings-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }} align="start">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('warnings.title')}
        </Typography.Title>
        <Button icon={<LineChartOutlined />} onClick={() => void navigate('/warnings/rt')}>
          {t('warnings.rt.title')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('warnings.description')}
      </Typography.Paragraph>

      <Row gutter={[12, 12]} className="rx-wr-summary" style={{ marginBottom: 16 }}>
        <Col xs={8}>
          <SummaryCard
            testId="summary-red"
            label={t('warnings.openRed')}
            value={open?.red ?? 0}
            color="#cf1322"
            pressed={state.status === 'open' && state.level === 'red'}
            onClick={() => set({ status: 'open', level: state.level === 'red' ? undefined : 'red' })}
          />
        </Col>
        <Col xs={8}>
          <SummaryCard
            testId="summary-yellow"
            label={t('warnings.openYellow')}
            value={open?.yellow ?? 0}
            // Large text: 3:1 is enough; antd gold-6 #d48806 is 2.9:1, gold-8 4.4:1 (WCAG 1.4.3).
            color="#ad6800"
            pressed={state.status === 'open' && state.level === 'yellow'}
            onClick={() => set({ status: 'open', level: state.level === 'yellow' ? undefined : 'yellow' })}
          />
        </Col>
        <Col xs={8}>
          <SummaryCard
            testId="summary-ack"
            label={t('warnings.openAcknowledged')}
            value={open?.acknowledged ?? 0}
            color="#0958d9"
            pressed={state.status === 'acknowledged'}
            onClick={() => set({ status: state.status === 'acknowledged' ? 'open' : 'acknowledged', level: undefined })}
          />
        </Col>
      </Row>

      <Card size="small" className="rx-wr-filters" style={{ marginBottom: 16 }} title={t('warnings.filters')}>
        <Space wrap size={[12, 12]} style={{ width: '100%' }}>
          {/* Five choices are wider than a phone in English: they scroll inside their own box. */}
          <div className="rx-scroll-x">
            <Segmented<StatusFilter> aria-label={t('warnings.status')} options={statusOptions} value={state.status} onChange={(v) => set({ status: v })} />
          </div>
          <Select
            aria-label={t('warnings.level')}
            style={{ width: isMobile ? '100%' : 140 }}
            value={state.level ?? ''}
            onChange={(v) => set({ level: (v || undefined) as AlertLevel | undefined })}
            options={[
              { value: '', label: t('warnings.levelAll') },
              { value: 'red', label: t('warnings.levels.red') },
              { value: 'yellow', label: t('warnings.levels.yellow') },
            ]}
          />
          <Select
            aria-label={t('warnings.indicator')}
            style={{ width: isMobile ? '100%' : 180 }}
            value={state.indicator ?? ''}
            onChange={(v) => set({ indicator: v || undefined })}
            options={[{ value: '', label: t('warnings.indicatorAll') }, ...(indicators.data?.items ?? []).map((i) => ({ value: i.code, label: indicatorName(i, i18n.language) }))]}
          />
          {/* Loaded level by level (ADR 0052); a plain select for a community, nothing for a single grid. */}
          <AreaPicker
            loader={scopeLoader}
            cacheKey={GRID_PICKER_KEY}
            aria-label={t('warnings.grid')}
            style={{ width: isMobile ? '100%' : 200 }}
            allowClear
            hideIfSingle
            placeholder={t('warnings.gridAll')}
            selectable={isGrid}
            value={state.gridId}
            valueLabel={filteredGrid ? gridLabel(filteredGrid) : t('warnings.gridChosen')}
            onChange={(id) => set({ gridId: id })}
          />
          {isMobile ? (
            // A range picker opens two months side by side (828 px): on a phone, one day picker per end (the phone theme sizes
            // its calendar to fit, app/date-picker.logic.ts).
            (['from', 'to'] as const).map((end) => (
              <DatePicker
                key={end}
                aria-label={t(end === 'from' ? 'warnings.dateFrom' : 'warnings.dateTo')}
                placeholder={t(end === 'from' ? 'warnings.dateFrom' : 'warnings.dateTo')}
                style={{ width: '100%' }}
                inputReadOnly
                placement="bottomLeft"
                value={state[end] ? dayjs(state[end]) : null}
                onChange={(d) => set((latest) => pickDay(latest, end, d ? d.format('YYYY-MM-DD') : undefined))}
              />
            ))
          ) : (
            <DatePicker.RangePicker
              aria-label={t('warnings.dates')}
              value={[state.from ? dayjs(state.from) : null, state.to ? dayjs(state.to) : null]}
              onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            />
          )}
          <Button onClick={() => setParams(() => new URLSearchParams())}>{t('warnings.reset')}</Button>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
            {t('warnings.refresh')}
          </Button>
        </Space>
      </Card>

      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />}
      {list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={state.status === 'open' && !state.level ? t('warnings.emptyOpen') : t('warnings.empty')} />
      ) : isMobile ? (
        <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="alert-cards">
          {items.map((a) => (
            <AlertCard key={a.id} a={a} canManage={canManage} onAction={onAction} />
          ))}
        </Space>
      ) : (
        <DataTable<Alert>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          pagination={false}
          data-testid="alert-table"
          onRow={(a) => ({ 'data-level': a.level }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
      {(list.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={state.page}
          pageSize={PAGE_SIZE}
          total={list.data?.total ?? 0}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setParams((prev) => paramsFromListState({ ...listStateFromParams(prev), page }))}
        />
      )}
      {state.status === 'all' && items.length > 1 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="alerts-order">
          {t('warnings.orderAll')}
        </Typography.Paragraph>
      )}
      {(list.data?.total ?? 0) > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }}>
          {t('warnings.total', { total: formatCount(list.data?.total ?? 0, i18n.language) })}
        </Typography.Paragraph>
      )}
      <AlertActionModal alert={action?.alert ?? null} action={action?.action ?? 'acknowledge'} onClose={() => setAction(null)} />
    </div>
  );
}
