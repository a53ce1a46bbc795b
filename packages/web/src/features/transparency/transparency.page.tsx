// 公开透明报告 (SECURITY.md §7 test 69, SYSTEM.md capability 8, ADR 0032): public — anyone reads it without signing in
// (linked from the login page). Month and area live in the address, so a link to one report can be shared.
import { useMemo, type ReactNode } from 'react';
import { Alert, Card, Select, Skeleton, TreeSelect } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicTopBar } from '../../app/public-top-bar';
import { usePageTitle } from '../../app/use-page-title';
import { useUrlState } from '../../lib/url-state';
import { ErrorAlert } from '../../lib/error-alert';
import {
  fetchTransparency, fetchTransparencyAreas, TRANSPARENCY_AREAS_KEY, transparencyKey, type TransparencyReport, type TransparencyTotal,
} from './api';
import { areaTree, type AreaTreeNode, beijingTime, countView, deletionsFooter, monthLabel, pickArea, pickMonth, recentMonths } from './transparency.logic';
import './transparency.css';

const ALL = '*';
/** The note explaining withheld totals (ADR 0044); withheld figures point to it. */
const WITHHELD_NOTE_ID = 'rx-tr-note-withheld';

function Count({ value }: { value: TransparencyTotal }) {
  const { t, i18n } = useTranslation();
  const v = countView(value, t, i18n.language);
  if (v.kind === 'fewer') {
    return (
      <abbr className="rx-tr-value" title={v.hint ?? undefined} data-suppressed="true">
        {v.text}
      </abbr>
    );
  }
  if (v.kind === 'withheld') {
    return (
      <abbr className="rx-tr-value rx-tr-withheld" title={v.hint ?? undefined} aria-describedby={WITHHELD_NOTE_ID} data-withheld="true">
        {v.text}
      </abbr>
    );
  }
  return <span className="rx-tr-value">{v.text}</span>;
}

function Row({ label, value, sub = false, testId }: { label: ReactNode; value: TransparencyTotal; sub?: boolean; testId?: string }) {
  return (
    <div className={sub ? 'rx-tr-row rx-tr-sub' : 'rx-tr-row'} data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <Count value={value} />
      </dd>
    </div>
  );
}

function Section({ title, note, footer, children, testId }: { title: string; note?: string; footer?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card size="small" className="rx-tr-card" data-testid={testId} title={<h2 className="rx-tr-card-title">{title}</h2>}>
      {note && <p className="rx-tr-note">{note}</p>}
      <dl className="rx-tr-list">{children}</dl>
      {footer}
    </Card>
  );
}

function ReportView({ report }: { report: TransparencyReport }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const e = report.exports;
  return (
    <>
      {report.status === 'partial' ? (
        <Alert type="info" showIcon className="rx-tr-status" data-testid="transparency-partial" title={t('transparency.partial', { time: beijingTime(report.asOf) })} />
      ) : (
        <p className="rx-tr-period" data-testid="transparency-final">
          {t('transparency.final', { from: report.period.from, to: report.period.to })}
        </p>
      )}
      <div className="rx-tr-grid">
        <Section title={t('transparency.exports.title')} testId="transparency-exports">
          <Row label={t('transparency.exports.requested')} value={e.requested} testId="exports-requested" />
          <Row label={t('transparency.exports.needingApproval')} value={e.needingApproval} sub />
          <Row label={t('transparency.exports.approved')} value={e.approved} sub />
          <Row label={t('transparency.exports.rejected')} value={e.rejected} sub />
          <Row label={t('transparency.exports.downloaded')} value={e.downloaded} />
          <Row label={t('transparency.exports.downloadsWithPlaintext')} value={e.downloadsWithPlaintext} sub />
          <Row label={t('transparency.exports.rowsExported')} value={e.rowsExported} />
        </Section>
        <Section title={t('transparency.reveals.title')} testId="transparency-reveals">
          <Row label={t('transparency.reveals.total')} value={report.reveals.total} testId="reveals-total" />
          {Object.entries(report.reveals.byField).map(([field, v]) => (
            <Row key={field} label={t(`transparency.reveals.${field}` as 'transparency.reveals.phone', { defaultValue: field })} value={v} sub />
          ))}
        </Section>
        <Section title={t('transparency.protection.title')} testId="transparency-protection">
          <Row label={t('transparency.protection.restricted')} value={report.restrictedRecords.restricted} />
          <Row label={t('transparency.protection.unrestricted')} value={report.restrictedRecords.unrestricted} />
          <Row label={t('transparency.protection.breakGlass')} value={report.breakGlass.grants} />
        </Section>
        <Section title={t('transparency.status.title')} testId="transparency-status">
          <Row label={t('transparency.status.total')} value={report.statusChanges.total} />
          {Object.entries(report.statusChanges.byReason).map(([reason, v]) => (
            <Row key={reason} label={t(`transparency.status.${reason}` as 'transparency.status.deceased', { defaultValue: reason })} value={v} sub />
          ))}
        </Section>
        <Section title={t('transparency.corrections.title')} testId="transparency-corrections">
          <Row label={t('transparency.corrections.opened')} value={report.corrections.opened} />
          <Row label={t('transparency.corrections.resolved')} value={report.corrections.resolved} />
          <Row label={t('transparency.corrections.applied')} value={report.corrections.applied} sub />
          <Row label={t('transparency.corrections.rejected')} value={report.corrections.rejected} sub />
          <Row label={t('transparency.corrections.withdrawn')} value={report.corrections.withdrawn} testId="corrections-withdrawn" />
        </Section>
        <Section title={t('transparency.deletionRequests.title')} testId="transparency-deletion-requests">
          <Row label={t('transparency.deletionRequests.requested')} value={report.deletionRequests.requested} />
          <Row label={t('transparency.deletionRequests.erased')} value={report.deletionRequests.erased} sub />
          <Row label={t('transparency.deletionRequests.restricted')} value={report.deletionRequests.restricted} sub />
          <Row label={t('transparency.deletionRequests.rejected')} value={report.deletionRequests.rejected} sub />
          <Row label={t('transparency.deletionRequests.withdrawn')} value={report.deletionRequests.withdrawn} sub testId="deletion-requests-withdrawn" />
        </Section>
        <Section
          title={t('transparency.deletions.title')}
          note={t('transparency.installationOnly')}
          footer={deletionsFooter(report.deletions) ? <p className="rx-tr-note rx-tr-foot" data-testid="transparency-deletions-footer">{t(`transparency.deletions.${deletionsFooter(report.deletions)!}`)}</p> : null}
          testId="transparency-deletions"
        >
          <Row label={t('transparency.deletions.certificates')} value={report.deletions.certificates} />
          <Row label={t('transparency.deletions.total')} value={report.deletions.total} />
          {report.deletions.byClass
            .filter((c) => c.count !== 0)
            .map((c) => (
              <Row
                key={`${c.class}|${c.action}|${c.trigger}`}
                label={`${en ? c.label.en : c.label.zh}${en ? ' (' : '（'}${t(c.trigger === 'age' ? 'transparency.deletions.byAge' : 'transparency.deletions.byEmergency')}${en ? ')' : '）'}`}
                value={c.count}
                sub
              />
            ))}
        </Section>
        <Section title={t('transparency.emergencies.title')} testId="transparency-emergencies">
          <Row label={t('transparency.emergencies.declared')} value={report.emergencies.declared} />
          <Row label={t('transparency.emergencies.ended')} value={report.emergencies.ended} />
          <Row label={t('transparency.emergencies.cancelled')} value={report.emergencies.cancelled} testId="emergencies-cancelled" />
          <div className="rx-tr-periods">
            <dt>{t('transparency.emergencies.inForce')}</dt>
            {report.emergencies.inForce.length === 0 ? (
              <dd>{t('transparency.emergencies.none')}</dd>
            ) : (
              report.emergencies.inForce.map((p) => (
                <dd key={`${p.area}|${p.startDate}`} data-testid="transparency-emergency">
                  {t('transparency.emergencies.period', {
                    area: p.area,
                    start: p.startDate,
                    end: p.endDate ? t('transparency.emergencies.until', { end: p.endDate }) : t(report.status === 'final' ? 'transparency.emergencies.inForceAtEnd' : 'transparency.emergencies.ongoing'),
                  })}
                  <div className="rx-tr-basis">{t('transparency.emergencies.basis', { legalRef: p.legalRef })}</div>
                </dd>
              ))
            )}
          </div>
        </Section>
        <Section title={t('transparency.lockouts.title')} note={t('transparency.installationOnly')} testId="transparency-lockouts">
          <Row label={t('transparency.lockouts.count')} value={report.signInLockouts.count} />
        </Section>
        <Section title={t('transparency.safeguards.title')} testId="transparency-safeguards">
          <Row label={t('transparency.safeguards.consentsRecorded')} value={report.safeguards.consentsRecorded} />
          <Row label={t('transparency.safeguards.consentsWithdrawn')} value={report.safeguards.consentsWithdrawn} />
          <Row label={t('transparency.safeguards.minorRequests')} value={report.safeguards.minorRequests} />
          <Row label={t('transparency.safeguards.minorApproved')} value={report.safeguards.minorApproved} sub />
          <Row label={t('transparency.safeguards.minorRejected')} value={report.safeguards.minorRejected} sub />
          <Row label={t('transparency.safeguards.securityAlerts')} value={report.safeguards.securityAlerts} />
          <Row label={t('transparency.safeguards.impactQueries')} value={report.safeguards.impactQueries.count} />
        </Section>
      </div>
    </>
  );
}

export function TransparencyPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('transparency.title'));
  const [params, setParams] = useUrlState();
  const now = useMemo(() => new Date(), []);
  const months = useMemo(() => recentMonths(now, 24), [now]);
  const areas = useQuery({ queryKey: TRANSPARENCY_AREAS_KEY, queryFn: ({ signal }) => fetchTransparencyAreas(signal), staleTime: 10 * 60_000 });
  const month = pickMonth(params.get('month'), now);
  const area = pickArea(params.get('area'), areas.data);
  const waitForAreas = params.get('area') !== null && areas.isPending;
  const report = useQuery({
    queryKey: transparencyKey(month, area),
    queryFn: ({ signal }) => fetchTransparency(month, area, signal),
    enabled: !waitForAreas,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const tree = useMemo(() => {
    type Data = { value: string; title: string; children?: Data[] };
    const toData = (nodes: AreaTreeNode[]): Data[] =>
      nodes.map((n) => ({ value: n.value, title: n.title, ...(n.children.length ? { children: toData(n.children) } : {}) }));
    return [{ value: ALL, title: t('transparency.wholeInstallation') }, ...toData(areas.data ? areaTree(areas.data) : [])];
  }, [areas.data, t]);

  // From the latest params (useUrlState): a month and an area chosen in quick succession both stay.
  const choose = (next: { month?: string; area?: string | null }) =>
    setParams(
      (prev) => {
        const m = next.month ?? pickMonth(prev.get('month'), now);
        const a = next.area === undefined ? pickArea(prev.get('area'), areas.data) : next.area;
        return new URLSearchParams(a ? { month: m, area: a } : { month: m });
      },
      { replace: true },
    );

  return (
    <main className="rx-tr-page">
      <PublicTopBar className="rx-tr-top" />
      <article className="rx-tr" data-testid="transparency-report" data-month={month} data-area={area ?? ''}>
        <h1>{t('transparency.title')}</h1>
        <p className="rx-tr-intro">{t('transparency.intro')}</p>
        <div className="rx-tr-controls">
          <div className="rx-tr-control">
            <span id="rx-tr-month">{t('transparency.month')}</span>
            <Select
              value={month}
              onChange={(m) => choose({ month: m })}
              options={months.map((m, i) => ({
                value: m,
                label: i === 0 ? t('transparency.currentMonth', { month: monthLabel(m, i18n.language) }) : monthLabel(m, i18n.language),
              }))}
              data-testid="transparency-month"
              aria-labelledby="rx-tr-month"
            />
          </div>
          <div className="rx-tr-control">
            <span id="rx-tr-area">{t('transparency.area')}</span>
            <TreeSelect
              value={area ?? ALL}
              onChange={(v: string) => choose({ area: v === ALL ? null : v })}
              treeData={tree}
              treeDefaultExpandAll={(areas.data?.items.length ?? 0) <= 40}
              showSearch={{ treeNodeFilterProp: 'title' }}
              loading={areas.isPending}
              popupMatchSelectWidth
              data-testid="transparency-area"
              aria-labelledby="rx-tr-area"
            />
          </div>
        </div>
        {report.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
        {report.isError && (
          <ErrorAlert error={report.error} title={t('transparency.loadFailed')} onRetry={() => void report.refetch()} />
        )}
        {report.data && (
          <div className={report.isPlaceholderData ? 'rx-tr-stale' : undefined} aria-busy={report.isFetching}>
            <ReportView report={report.data} />
          </div>
        )}
        <section className="rx-tr-notes">
          <h2>{t('transparency.notes.title')}</h2>
          <p>{t('transparency.notes.small')}</p>
          <p id={WITHHELD_NOTE_ID}>{t('transparency.notes.withheld')}</p>
          <p>{t('transparency.notes.area')}</p>
          <p>{t('transparency.notes.time')}</p>
          <p>
            <Link to="/privacy">{t('transparency.noticeLink')}</Link>
          </p>
        </section>
      </article>
    </main>
  );
}
