// 通道占用举报 on a resident's workbench (self:report; ADR 0078): a big 举报占用 — the lanes of their community, or a
// location — answered with the reference (TD-…) and the deadline; below, 我的举报: each with its state, deadline and,
// once handled, what was done. Compact: the latest three, the rest on request.
import { useState } from 'react';
import { Button, Card, Typography } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/error-alert';
import { listMyLanes, listMyReports, LANES_KEY, MY_LANE_REPORTS_KEY, myReport, type MyReport } from './api';
import { isOverdue, placeOf } from './emergency-infra.logic';
import { ReportModal } from './report.modal';
import { at, countdownText, ReportStatusTag, useNow } from './shared';
import './emergency-infra.css';

const SHOWN = 3;

function MyReportRow({ r, now }: { r: MyReport; now: Date }) {
  const { t, i18n } = useTranslation();
  const overdue = isOverdue(r, now);
  return (
    <li className="rx-ei-mine-item" data-testid="ln-mine-item" data-status={r.status} data-ref={r.ref}>
      <div className="rx-ei-mine-head">
        <Typography.Text strong>{placeOf(r, i18n.language)}</Typography.Text> <ReportStatusTag status={r.status} overdue={overdue} />
      </div>
      <div className="rx-ei-quiet"><span className="rx-ei-mono">{r.ref}</span> · {r.description}</div>
      {r.status === 'open' ? (
        <div className={overdue ? 'rx-ei-alarm' : 'rx-ei-quiet'} data-testid="ln-mine-due">
          {t('emergencyInfra.mine.due', { at: at(r.dueAt) })} · {countdownText(r.dueAt, now, t)}
        </div>
      ) : (
        <div className="rx-ei-resolved" data-testid="ln-mine-handled">
          {r.handledAt && <div>{t('emergencyInfra.mine.handled', { status: t(`emergencyInfra.lanes.statuses.${r.status}`), at: at(r.handledAt) })}</div>}
          {r.resolution && <div data-testid="ln-mine-resolution">{t('emergencyInfra.mine.resolution', { text: r.resolution })}</div>}
        </div>
      )}
    </li>
  );
}

export function MyLaneReportsCard() {
  const { t } = useTranslation();
  const now = useNow();
  const [reporting, setReporting] = useState(false);
  const [all, setAll] = useState(false);
  const mine = useQuery({ queryKey: MY_LANE_REPORTS_KEY, queryFn: ({ signal }) => listMyReports(signal), refetchInterval: 120_000 });
  // The lanes are read when the dialog opens (most visits to the workbench report nothing).
  const lanes = useQuery({ queryKey: [...LANES_KEY, 'mine-lanes'], queryFn: ({ signal }) => listMyLanes(signal), enabled: reporting, staleTime: 300_000 });
  const items = mine.data?.items ?? [];
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('emergencyInfra.mine.title')}</h2>} data-testid="ln-mine" className="rx-ei-mine">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('emergencyInfra.mine.intro')}</Typography.Paragraph>
      <Button type="primary" danger size="large" block icon={<NotificationOutlined />} onClick={() => setReporting(true)} data-testid="ln-mine-report">
        {t('emergencyInfra.mine.report')}
      </Button>
      {mine.isError && <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} style={{ marginTop: 12, marginBottom: 0 }} />}
      {items.length > 0 && (
        <section aria-labelledby="ln-mine-list" style={{ marginTop: 12 }}>
          <Typography.Text strong id="ln-mine-list">{t('emergencyInfra.mine.listTitle')}</Typography.Text>
          <ul className="rx-ei-mine-list" data-testid="ln-mine-list">
            {shown.map((r) => <MyReportRow key={r.id} r={r} now={now} />)}
          </ul>
          {!all && items.length > SHOWN && (
            <Button type="link" style={{ paddingInline: 0 }} onClick={() => setAll(true)} data-testid="ln-mine-more">{t('emergencyInfra.mine.more', { n: items.length })}</Button>
          )}
        </section>
      )}
      {reporting && lanes.isError && <ErrorAlert error={lanes.error} onRetry={() => void lanes.refetch()} style={{ marginTop: 12, marginBottom: 0 }} />}
      {reporting && (
        <ReportModal lanes={lanes.data?.items ?? []} lanesLoading={lanes.isPending} send={myReport} resident onClose={() => setReporting(false)} />
      )}
    </Card>
  );
}
