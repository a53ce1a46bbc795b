// 体温自报 (staff): coverage per grid for a day, fevers first with their follow-up, every report, door-to-door entry.
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Pagination, Progress, Row, Select, Skeleton, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { HomeOutlined, ReloadOutlined, WarningFilled } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { useUrlState, type UrlValue } from '../../lib/url-state';
import { listSelfReports, listUnreported, selfReportCoverage, type Coverage, type ReportRow } from './api';
import { DoorToDoorModal, type DoorPreset } from './door-to-door.modal';
import { FollowUpModal } from './follow-up.modal';
import { channelLabel, FollowUpTag, shanghaiToday, symptomsText, TemperatureValue } from './shared';
import { reportedPercent } from './today.logic';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';


const FEVER_PAGE_SIZE = 100;
const PAGE_SIZE = 50;

function CoverageCards({ coverage, gridId, onPick }: { coverage: Coverage; gridId?: string; onPick: (id: string | undefined) => void }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  if (coverage.grids.length === 0) return <Empty description={t('selfReports.staff.coverageEmpty')} />;
  const sum = coverage.grids.reduce((a, g) => ({ residents: a.residents + g.residents, reported: a.reported + g.reported, fevers: a.fevers + g.fevers }), {
    residents: 0, reported: 0, fevers: 0,
  });
  return (
    <>
      {coverage.grids.length > 1 && (
        <p style={{ fontSize: 15, margin: '0 0 12px' }} data-testid="coverage-total">
          <strong>{t('selfReports.staff.total')}</strong>
          {t('selfReports.staff.colon')}
          {t('selfReports.staff.reportedOf', { reported: n(sum.reported), residents: n(sum.residents) })} ·{' '}
          <span className={sum.fevers ? 'rx-srs-grid-fever' : undefined}>
            {sum.fevers ? t('selfReports.staff.fevers', { n: n(sum.fevers) }) : t('selfReports.staff.noFever')}
          </span>
        </p>
      )}
      <Row gutter={[12, 12]}>
        {coverage.grids.map((g) => {
          const selected = g.gridId === gridId;
          const pct = reportedPercent(g.reported, g.residents);
          const cls = ['rx-srs-grid-card', selected && 'rx-srs-grid-selected', g.fevers > 0 && 'rx-srs-has-fever'].filter(Boolean).join(' ');
          return (
            <Col xs={24} sm={12} xl={8} key={g.gridId}>
              <Card
                size="small"
                className={cls}
                role="button"
                tabIndex={0}
                aria-pressed={selected}
                data-testid={`coverage-${g.gridId}`}
                onClick={() => onPick(selected ? undefined : g.gridId)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onPick(selected ? undefined : g.gridId);
                  }
                }}
              >
                <h3>{g.name}</h3>
                <Progress percent={pct} size="small" aria-label={`${g.name} ${pct}%`} strokeColor={pct >= 90 ? '#389e0d' : '#0958d9'} />
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                  <span>{t('selfReports.staff.reportedOf', { reported: n(g.reported), residents: n(g.residents) })}</span>
                  {g.fevers > 0 ? (
                    <span className="rx-srs-grid-fever">
                      <WarningFilled aria-hidden /> {t('selfReports.staff.fevers', { n: n(g.fevers) })}
                    </span>
                  ) : (
                    <span style={{ color: 'rgba(0,0,0,0.55)' }}>{t('selfReports.staff.noFever')}</span>
                  )}
                </div>
              </Card>
            </Col>
          );
        })}
      </Row>
    </>
  );
}

function ReportList(props: {
  rows: ReportRow[];
  loading: boolean;
  gridNames: Map<string, string>;
  showGrid: boolean;
  onFollowUp?: (r: ReportRow) => void;
  testId: string;
  empty: string;
  /** Rows of several days: the time shows the day too. */
  showDate?: boolean;
}) {
  const { rows, loading, gridNames, showGrid, onFollowUp, testId, empty, showDate = false } = props;
  const { t } = useTranslation();
  const when = (r: ReportRow) => (showDate ? `${dayjs(r.reportDate).format(t('selfReports.resident.dateFormat'))} ` : '') + dayjs(r.createdAt).format('HH:mm');
  const isMobile = useIsMobile();
  const none = t('selfReports.staff.noSymptoms');
  const action = (r: ReportRow) =>
    r.followUpStatus === 'open' && onFollowUp ? (
      <Button type="primary" size="small" onClick={() => onFollowUp(r)}>
        {t('selfReports.staff.closeFollowUp')}
      </Button>
    ) : null;

  // First load: a skeleton (a refetch keeps the old rows on screen instead of dimming them).
  if (loading && rows.length === 0) return <Skeleton active />;
  if (isMobile) {
    if (rows.length === 0) return <Empty description={empty} />;
    return (
      <div data-testid={testId}>
        {rows.map((r) => (
          <div key={r.id} className={r.fever ? 'rx-srs-item rx-srs-item-fever' : 'rx-srs-item'} data-testid="report-row">
            <div className="rx-srs-item-top">
              <strong style={{ fontSize: 17 }}>{r.nameMasked}</strong>
              <TemperatureValue value={r.temperature} fever={r.fever} />
            </div>
            <div className="rx-srs-item-meta">{r.address ?? t('registry.restricted.tag')}</div>
            <div className="rx-srs-item-meta">
              {symptomsText(r.symptoms, t, none)} · {channelLabel(r.channel, t)} · {when(r)}
              {showGrid && ` · ${gridNames.get(r.gridId) ?? ''}`}
            </div>
            {r.fever && (
              <div className="rx-srs-item-top" style={{ marginTop: 6 }}>
                <FollowUpTag status={r.followUpStatus} />
                {action(r)}
              </div>
            )}
          </div>
        ))}
      </div>
    );
  }

  const columns: ColumnsType<ReportRow> = [
    { key: 'name', title: t('selfReports.staff.cols.name'), dataIndex: 'nameMasked', width: 100 },
    { key: 'address', title: t('selfReports.staff.cols.address'), dataIndex: 'address', width: 200, render: (v: string | null) => v ?? t('registry.restricted.tag') },
    ...(showGrid ? [{ key: 'grid', title: t('selfReports.staff.grid'), width: 100, render: (_: unknown, r: ReportRow) => gridNames.get(r.gridId) ?? '' }] : []),
    { key: 'temperature', title: t('selfReports.staff.cols.temperature'), width: 110, render: (_, r) => <TemperatureValue value={r.temperature} fever={r.fever} /> },
    { key: 'symptoms', title: t('selfReports.staff.cols.symptoms'), render: (_, r) => symptomsText(r.symptoms, t, none) },
    { key: 'channel', title: t('selfReports.staff.cols.channel'), width: 130, render: (_, r) => channelLabel(r.channel, t) },
    { key: 'time', title: t('selfReports.staff.cols.time'), width: showDate ? 140 : 110, render: (_, r) => when(r) },
    {
      key: 'followUp',
      title: t('selfReports.staff.cols.followUp'),
      width: 250,
      render: (_, r) =>
        r.fever ? (
          <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
            <FollowUpTag status={r.followUpStatus} />
            {action(r)}
          </span>
        ) : null,
    },
  ];
  return (
    <DataTable<ReportRow>
      data-testid={testId}
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      pagination={false}
      rowClassName={(r) => (r.fever ? 'rx-srs-row-fever' : '')}
      onRow={() => ({ 'data-testid': 'report-row' }) as HTMLAttributes<HTMLTableRowElement>}
      locale={{ emptyText: <Empty description={empty} /> }}
      // The address wraps (the room was cut off); the follow-up column fits its tag and button in English too. Narrower
      // than this, the table scrolls sideways in its box (walk-through, session 26).
      scroll={{ x: 1100 }}
    />
  );
}

const UNREPORTED_PAGE_SIZE = 20;

/** 还没报的: households with members who sent nothing that day, in address order (for calls and door-to-door). */
function Unreported(props: { date: string; gridId?: string; gridNames: Map<string, string>; showGrid: boolean; onReport?: (p: DoorPreset) => void }) {
  const { date, gridId, gridNames, showGrid, onReport } = props;
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['self-reports', 'unreported', { date, gridId, page }],
    queryFn: ({ signal }) => listUnreported({ date, gridId, page, pageSize: UNREPORTED_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const d = list.data;
  return (
    <section data-testid="unreported">
      {section(
        t('selfReports.staff.unreported'),
        d && d.total > 0 ? <span data-testid="unreported-total">{t('selfReports.staff.unreportedCount', { households: formatCount(d.total, i18n.language), residents: formatCount(d.residents, i18n.language) })}</span> : null,
      )}
      {list.isPending && <Skeleton active />}
      {list.isError &&
        (isApiError(list.error) && list.error.code === 'collection_closed' ? (
          // No emergency covers the area: nobody is chased for a report (not an error to retry).
          <Alert type="info" showIcon title={errorText(list.error, t, i18n.language)} data-testid="unreported-closed" />
        ) : (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ))}
      {d && !list.isError && d.items.length === 0 && <Empty description={t('selfReports.staff.unreportedEmpty')} />}
      {d && d.items.length > 0 && (
        <Row gutter={[12, 0]}>
          {d.items.map((e) => (
            <Col xs={24} lg={12} xxl={8} key={e.householdId ?? e.missing[0]!.residentId}>
              <div className="rx-srs-item" data-testid="unreported-row">
                <strong style={{ fontSize: 16 }}>{e.address ?? t('registry.restricted.tag')}</strong>
                {showGrid && e.gridId && <span className="rx-srs-item-meta"> · {gridNames.get(e.gridId) ?? ''}</span>}
                <div className="rx-srs-item-meta">
                  {e.restricted ? t('selfReports.staff.unreportedRestricted') : t('selfReports.staff.unreportedHousehold', { members: e.members, reported: e.reported })}
                </div>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
                  {e.missing.map((m) =>
                    onReport ? (
                      <Button key={m.residentId} size="small" onClick={() => onReport({ id: m.residentId, nameMasked: m.nameMasked, address: e.address })}>
                        {t('selfReports.staff.reportFor')} {m.nameMasked}
                      </Button>
                    ) : (
                      <span key={m.residentId}>{m.nameMasked}</span>
                    ),
                  )}
                </div>
              </div>
            </Col>
          ))}
        </Row>
      )}
      {d && d.total > UNREPORTED_PAGE_SIZE && (
        <Pagination style={{ marginTop: 4, textAlign: 'end' }} simple={isMobile} current={page} pageSize={UNREPORTED_PAGE_SIZE} total={d.total} showSizeChanger={false} onChange={setPage} />
      )}
    </section>
  );
}

function section(title: string, extra?: ReactNode) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, margin: '24px 0 12px' }}>
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {title}
      </Typography.Title>
      {extra}
    </div>
  );
}

export function SelfReportsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('selfReports.staff.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [params, setParams] = useUrlState();
  const today = shanghaiToday();
  const dateParam = params.get('date');
  const date = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : today;
  const gridId = params.get('grid') ?? undefined;
  const pageParam = Number(params.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;
  const [followUp, setFollowUp] = useState<ReportRow | null>(null);
  const [doorOpen, setDoorOpen] = useState(false);
  const [doorPreset, setDoorPreset] = useState<DoorPreset | null>(null);
  const [doorOpening, setDoorOpening] = useState(0);
  const openDoor = (preset: DoorPreset | null) => {
    setDoorPreset(preset);
    setDoorOpening((n) => n + 1);
    setDoorOpen(true);
  };
  const canDoor = hasPermission(me, 'self-report:submit') && hasPermission(me, 'resident:search');

  // Applied to the latest params (useUrlState): a date and a grid changed in one tick both stay; any change but paging starts at page 1.
  const update = (next: { date?: string; grid?: string | undefined; page?: number }) => {
    const patch: Record<string, UrlValue> = { page: next.page && next.page > 1 ? next.page : null };
    if ('date' in next) patch.date = next.date === today ? null : next.date;
    if ('grid' in next) patch.grid = next.grid;
    setParams(patch, { replace: true });
  };

  const coverage = useQuery({
    queryKey: ['self-reports', 'coverage', date],
    queryFn: ({ signal }) => selfReportCoverage(date, signal),
    placeholderData: keepPreviousData,
  });
  const fevers = useQuery({
    queryKey: ['self-reports', 'list', { date, gridId, fever: true }],
    queryFn: ({ signal }) => listSelfReports({ date, gridId, fever: true, page: 1, pageSize: FEVER_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  // Open follow-ups of every day: a fever not followed up yesterday must not vanish when the date turns (shown when not on this day).
  const openAnyDay = useQuery({
    queryKey: ['self-reports', 'list', { gridId, followUp: 'open' }],
    queryFn: ({ signal }) => listSelfReports({ gridId, followUp: 'open', page: 1, pageSize: FEVER_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const otherDaysOpen = (openAnyDay.data?.items ?? []).filter((r) => r.reportDate !== date);
  const all = useQuery({
    queryKey: ['self-reports', 'list', { date, gridId, page }],
    queryFn: ({ signal }) => listSelfReports({ date, gridId, page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

  const gridNames = useMemo(() => new Map((coverage.data?.grids ?? []).map((g) => [g.gridId, g.name])), [coverage.data]);
  const showGrid = !gridId && (coverage.data?.grids.length ?? 0) > 1;

  return (
    <>
      <div className="rx-srs-toolbar">
        <Typography.Title level={1} className="rx-page-title">
          {t('selfReports.staff.title')}
        </Typography.Title>
        <DatePicker
          aria-label={t('selfReports.staff.date')}
          allowClear={false}
          value={dayjs(date)}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          onChange={(d) => d && update({ date: d.format('YYYY-MM-DD') })}
          inputReadOnly={isMobile}
        />
        {(coverage.data?.grids.length ?? 0) > 1 && (
          <Select
            aria-label={t('selfReports.staff.grid')}
            style={{ minWidth: 140 }}
            value={gridId ?? ''}
            onChange={(v: string) => update({ grid: v || undefined })}
            options={[{ value: '', label: t('selfReports.staff.allGrids') }, ...(coverage.data?.grids ?? []).map((g) => ({ value: g.gridId, label: g.name }))]}
          />
        )}
        <Button icon={<ReloadOutlined />} onClick={() => void queryClient.invalidateQueries({ queryKey: ['self-reports'] })}>
          {t('selfReports.staff.refresh')}
        </Button>
        {canDoor && (
          <Button type="primary" icon={<HomeOutlined />} onClick={() => openDoor(null)}>
            {t('selfReports.staff.doorToDoor')}
          </Button>
        )}
      </div>

      {section(t('selfReports.staff.coverage'))}
      {coverage.isPending && <Skeleton active />}
      {coverage.isError && <ErrorAlert error={coverage.error} onRetry={() => void coverage.refetch()} />}
      {coverage.data && <CoverageCards coverage={coverage.data} gridId={gridId} onPick={(g) => update({ grid: g })} />}

      {otherDaysOpen.length > 0 && (
        <section data-testid="other-days-open">
          {section(t('selfReports.staff.earlierOpen'), <span className="rx-srs-grid-fever">{t('selfReports.staff.totalCount', { total: formatCount(otherDaysOpen.length, i18n.language) })}</span>)}
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {t('selfReports.staff.earlierOpenHint')}
          </Typography.Paragraph>
          <ReportList
            testId="other-days-list"
            rows={otherDaysOpen}
            loading={false}
            gridNames={gridNames}
            showGrid={showGrid}
            onFollowUp={setFollowUp}
            empty=""
            showDate
          />
        </section>
      )}

      {section(
        t('selfReports.staff.feverList'),
        fevers.data && fevers.data.total > 0 ? <span className="rx-srs-grid-fever">{t('selfReports.staff.totalCount', { total: formatCount(fevers.data.total, i18n.language) })}</span> : null,
      )}
      {fevers.isError ? (
        <ErrorAlert error={fevers.error} onRetry={() => void fevers.refetch()} />
      ) : (
        <ReportList
          testId="fever-list"
          rows={fevers.data?.items ?? []}
          loading={fevers.isPending}
          gridNames={gridNames}
          showGrid={showGrid}
          onFollowUp={setFollowUp}
          empty={t('selfReports.staff.feverEmpty')}
        />
      )}

      <Unreported
        key={`${date}|${gridId ?? ''}`}
        date={date}
        gridId={gridId}
        gridNames={gridNames}
        showGrid={showGrid}
        onReport={canDoor ? (p) => openDoor(p) : undefined}
      />

      {section(t('selfReports.staff.allReports'), all.data ? <span data-testid="all-total">{t('selfReports.staff.totalCount', { total: formatCount(all.data.total, i18n.language) })}</span> : null)}
      {all.isError ? (
        <ErrorAlert error={all.error} onRetry={() => void all.refetch()} />
      ) : (
        <>
          <ReportList
            testId="all-list"
            rows={all.data?.items ?? []}
            loading={all.isPending}
            gridNames={gridNames}
            showGrid={showGrid}
            onFollowUp={setFollowUp}
            empty={t('selfReports.staff.allEmpty')}
          />
          {all.data && all.data.total > PAGE_SIZE && (
            <Pagination
              style={{ marginTop: 12, textAlign: 'end' }}
              simple={isMobile}
              current={page}
              pageSize={PAGE_SIZE}
              total={all.data.total}
              showSizeChanger={false}
              onChange={(p) => update({ page: p })}
            />
          )}
        </>
      )}

      <FollowUpModal report={followUp} onClose={() => setFollowUp(null)} />
      {/* A new key for each opening (the dialog starts from its preset), none for closing: a new key would unmount the
          dialog at once, before antd gives the focus back to the button that opened it (ADR 0056). */}
      {canDoor && <DoorToDoorModal key={doorOpening} preset={doorPreset} open={doorOpen} onClose={() => setDoorOpen(false)} />}
    </>
  );
}
