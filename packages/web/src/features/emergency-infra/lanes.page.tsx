// 应急通道 (lane:read; ADR 0078): a big 举报占用 (lane:report) first — the worker on patrol reports in a few taps — then
// the figures (待处理, 已超时, 近30天按时清理率), the occupation reports (open first by deadline, with a countdown or
// 已超时 in red; the reporter is 居民 or a staff name) with 处理 (lane:manage) and a state filter in the address, and the
// lanes of the community with 新增通道 and its clearance hours (lane:manage).
import { useMemo, useState } from 'react';
import { Alert, Button, Empty, Pagination, Segmented, Skeleton, Tag, Typography } from 'antd';
import { CheckCircleOutlined, EditOutlined, NotificationOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import {
  DEFAULT_CLEARANCE_HOURS, LANES_KEY, listLanes, listReports, REPORT_STATUSES, REPORTS_PAGE_SIZE, staffReport, type Lane, type Report, type ReportStatus,
} from './api';
import { clearanceOf, inTimeShare, isOverdue, placeOf } from './emergency-infra.logic';
import { ClearanceModal } from './clearance.modal';
import { HandleModal } from './handle.modal';
import { LaneModal } from './lane.modal';
import { ReportModal } from './report.modal';
import { agoText, at, countdownText, ReportStatusTag, useNow } from './shared';

const REFRESH_MS = 60_000;

type Dialog = { kind: 'report' | 'lane' | 'clearance' } | { kind: 'handle'; report: Report };

const isStatus = (v: string | null): v is ReportStatus => v !== null && (REPORT_STATUSES as readonly string[]).includes(v);

function ReportCard({ r, now, mayHandle, onHandle }: { r: Report; now: Date; mayHandle: boolean; onHandle: () => void }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const overdue = isOverdue(r, now);
  const refId = `ln-ref-${r.id}`;
  return (
    <li className={`rx-card rx-ei-report rx-ei-report-${overdue ? 'overdue' : r.status}`} data-testid="ln-report" data-status={r.status} data-overdue={overdue} data-ref={r.ref}>
      <div className="rx-ei-card-head">
        <h3 id={refId} className="rx-ei-report-place" data-testid="ln-place">{placeOf(r, i18n.language)}</h3>
        <div className="rx-ei-tags" style={{ marginTop: 0 }}>
          <ReportStatusTag status={r.status} overdue={overdue} />
        </div>
      </div>
      <div className="rx-ei-quiet rx-ei-mono" data-testid="ln-ref">{r.ref}</div>
      <div className="rx-ei-line" data-testid="ln-description">{r.description}</div>
      <dl className="rx-facts rx-ei-facts">
        <div><dt>{t('emergencyInfra.lanes.reports.reporter')}</dt><dd data-testid="ln-reporter">{r.reporter === 'resident' ? t('emergencyInfra.lanes.reports.resident') : r.reporter.name}</dd></div>
        <div><dt>{t('emergencyInfra.lanes.reports.reportedAt')}</dt><dd data-testid="ln-reported">{at(r.reportedAt)}（{agoText(r.reportedAt, now, t)}）</dd></div>
        {r.status === 'open' ? (
          <div>
            <dt>{t('emergencyInfra.lanes.reports.deadline')}</dt>
            <dd data-testid="ln-deadline" className={overdue ? 'rx-ei-alarm' : undefined}>{at(r.dueAt)} · {countdownText(r.dueAt, now, t)}</dd>
          </div>
        ) : (
          <div><dt>{t('emergencyInfra.lanes.reports.deadline')}</dt><dd data-testid="ln-deadline">{at(r.dueAt)}</dd></div>
        )}
      </dl>
      {r.status !== 'open' && r.handledAt && (
        <div className="rx-ei-resolved" data-testid="ln-handled">
          <div>{t('emergencyInfra.lanes.reports.handledLine', { status: t(`emergencyInfra.lanes.statuses.${r.status}`), at: at(r.handledAt), who: r.handledBy ?? '' })}</div>
          {r.resolution && <div>{t('emergencyInfra.lanes.reports.resolution', { text: r.resolution })}</div>}
        </div>
      )}
      {r.status === 'open' && mayHandle && (
        <div className="rx-ei-actions">
          <Button type="primary" size={isMobile ? 'large' : 'middle'} icon={<CheckCircleOutlined />} aria-describedby={refId} onClick={onHandle} data-testid="ln-handle">
            {t('emergencyInfra.lanes.reports.handle')}
          </Button>
        </div>
      )}
    </li>
  );
}

function LaneItem({ l }: { l: Lane }) {
  const { t } = useTranslation();
  return (
    <li className="rx-ei-lane" data-testid="ln-lane" data-lane={l.name}>
      <div>
        <strong>{l.name}</strong> <Tag style={{ marginInlineEnd: 0 }} color={l.kind === 'fire' ? 'red' : l.kind === 'ambulance' ? 'orange' : 'blue'}>{t(`emergencyInfra.lanes.kinds.${l.kind}`)}</Tag>
        {l.openReports > 0 && <Tag color="orange" style={{ marginInlineStart: 6, marginInlineEnd: 0 }} data-testid="ln-lane-open">{t('emergencyInfra.lanes.list.openReports', { n: l.openReports })}</Tag>}
      </div>
      <div className="rx-ei-quiet">{l.location}</div>
    </li>
  );
}

export function LanesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('emergencyInfra.lanes.title'));
  const me = useMe();
  const now = useNow();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const may = { report: hasPermission(me, 'lane:report'), manage: hasPermission(me, 'lane:manage') };
  const lanesQ = useQuery({ queryKey: [...LANES_KEY, 'list'], queryFn: ({ signal }) => listLanes(signal), refetchInterval: REFRESH_MS });
  const reportsQ = useQuery({
    queryKey: [...LANES_KEY, 'reports', status ?? 'all', page],
    queryFn: ({ signal }) => listReports(status, page, signal),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const lanes = useMemo(() => lanesQ.data?.items ?? [], [lanesQ.data]);
  const figures = lanesQ.data?.figures;
  const reports = reportsQ.data?.items ?? [];
  const total = reportsQ.data?.total ?? 0;
  const communities = new Set(lanes.map((l) => l.communityId));
  // The clearance hours shown: the community's (a community's staff, or an area with a single community's lanes).
  const ownCommunity = me.org.level === 'community' ? me.org.id : communities.size === 1 ? [...communities][0] : undefined;
  const hours = clearanceOf(lanesQ.data?.clearanceHours ?? [], ownCommunity, DEFAULT_CLEARANCE_HOURS);
  const share = figures ? inTimeShare(figures) : null;
  // The dialog follows its report as the list shows it now (a conflict reads it again), else as it was opened.
  const handling = dialog?.kind === 'handle' ? reports.find((r) => r.id === dialog.report.id) ?? dialog.report : undefined;
  const size = isMobile ? 'large' : 'middle';
  const chooseStatus = (s: ReportStatus | undefined) => {
    setPage(1);
    setParams({ status: s ?? null }, { replace: true });
  };

  return (
    <div data-testid="lanes-page">
      <div className="rx-ei-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('emergencyInfra.lanes.title')}</Typography.Title>
        <Button icon={<ReloadOutlined />} size={size} onClick={() => { void lanesQ.refetch(); void reportsQ.refetch(); }} loading={lanesQ.isFetching || reportsQ.isFetching} data-testid="ln-refresh">
          {t('emergencyInfra.refresh')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('emergencyInfra.lanes.description')}</Typography.Paragraph>
      {may.report && (
        <Button type="primary" danger size="large" block icon={<NotificationOutlined />} className="rx-ei-big" onClick={() => setDialog({ kind: 'report' })} data-testid="ln-report-open">
          {t('emergencyInfra.lanes.report')}
        </Button>
      )}
      {!may.report && !may.manage && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('emergencyInfra.lanes.readOnly')} data-testid="ln-read-only" />}
      {lanesQ.isError && <ErrorAlert error={lanesQ.error} onRetry={() => void lanesQ.refetch()} />}
      {figures && (
        <div className="rx-ei-figures" data-testid="ln-figures">
          <Figures>
            <Figure testId="ln-figure-open" value={figures.open} label={t('emergencyInfra.lanes.figures.open')} valueClassName={figures.open ? 'rx-ei-warn' : undefined} />
            <Figure testId="ln-figure-overdue" value={figures.overdue} label={t('emergencyInfra.lanes.figures.overdue')} valueClassName={figures.overdue ? 'rx-ei-alarm' : undefined} />
            <Figure
              testId="ln-figure-in-time"
              value={share === null ? t('emergencyInfra.lanes.figures.none') : `${share}%`}
              label={share === null ? t('emergencyInfra.lanes.figures.inTime')
                : `${t('emergencyInfra.lanes.figures.inTime')}（${t('emergencyInfra.lanes.figures.inTimeOf', { inTime: figures.clearedInTime30, cleared: figures.cleared30 })}）`}
            />
          </Figures>
        </div>
      )}

      <section aria-labelledby="ln-reports-title" className="rx-ei-section">
        <h2 id="ln-reports-title" className="rx-ei-h2">{t('emergencyInfra.lanes.reports.title')}</h2>
        <div className="rx-scroll-x" style={{ marginBottom: 12 }}>
          <Segmented<string>
            aria-label={t('emergencyInfra.lanes.reports.filter')}
            size={size}
            value={status ?? 'all'}
            onChange={(v) => chooseStatus(isStatus(v) ? v : undefined)}
            options={[
              { value: 'all', label: t('emergencyInfra.lanes.reports.all') },
              ...REPORT_STATUSES.map((s) => ({ value: s, label: t(`emergencyInfra.lanes.statuses.${s}`) })),
            ]}
            data-testid="ln-filter"
          />
        </div>
        {reportsQ.isError && <ErrorAlert error={reportsQ.error} onRetry={() => void reportsQ.refetch()} />}
        {reportsQ.isPending ? (
          <Skeleton active />
        ) : reports.length === 0 ? (
          <Empty description={status ? t('emergencyInfra.lanes.reports.emptyFiltered', { status: t(`emergencyInfra.lanes.statuses.${status}`) }) : t('emergencyInfra.lanes.reports.empty')} />
        ) : (
          <ul className="rx-card-list rx-ei-cards" data-testid="ln-reports">
            {reports.map((r) => <ReportCard key={r.id} r={r} now={now} mayHandle={may.manage} onHandle={() => setDialog({ kind: 'handle', report: r })} />)}
          </ul>
        )}
        {total > REPORTS_PAGE_SIZE && (
          <Pagination style={{ marginTop: 16, textAlign: 'center' }} current={page} pageSize={REPORTS_PAGE_SIZE} total={total} showSizeChanger={false} simple onChange={setPage} />
        )}
        {total > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="ln-total">
            {t('emergencyInfra.lanes.reports.total', { total: formatCount(total, i18n.language) })}
          </Typography.Paragraph>
        )}
      </section>

      <section aria-labelledby="ln-lanes-title" className="rx-ei-section">
        <div className="rx-ei-head">
          <h2 id="ln-lanes-title" className="rx-ei-h2">{t('emergencyInfra.lanes.list.title')}</h2>
          {may.manage && (
            <Button size={size} icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'lane' })} data-testid="ln-lane-add">{t('emergencyInfra.lanes.list.add')}</Button>
          )}
        </div>
        {ownCommunity !== undefined && (
          <div className="rx-ei-clearance" data-testid="ln-clearance">
            <span>{t('emergencyInfra.lanes.clearance.label')}：<strong data-testid="ln-clearance-value">{t('emergencyInfra.lanes.clearance.value', { n: hours })}</strong></span>
            {may.manage && (
              <Button type="link" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'clearance' })} data-testid="ln-clearance-edit">{t('emergencyInfra.lanes.clearance.edit')}</Button>
            )}
          </div>
        )}
        {lanesQ.isPending ? <Skeleton active /> : lanes.length === 0 ? (
          <Empty description={t('emergencyInfra.lanes.list.empty')} />
        ) : (
          <ul className="rx-card rx-ei-lanes" data-testid="ln-lanes">
            {lanes.map((l) => <LaneItem key={l.id} l={l} />)}
          </ul>
        )}
      </section>

      {dialog?.kind === 'report' && (
        <ReportModal lanes={lanes} lanesLoading={lanesQ.isPending} send={staffReport} resident={false} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'handle' && handling && <HandleModal report={handling} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'lane' && <LaneModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'clearance' && <ClearanceModal hours={hours} onClose={() => setDialog(null)} />}
    </div>
  );
}
