// 值班交接单 (ADR 0071): the duty log's page as a sheet to print and sign at a shift change — the area's open follow-up
// items (待跟进), then what was written in the last 8, 12 or 24 hours in the order it happened, then lines for the two
// signatures. Printing leaves the app's menu and header out (styles.css) and keeps the screen watermark; the sheet says
// it holds residents' matters. Both lists are ordinary reads of the log (audited).
import { useMemo } from 'react';
import { Button, Radio, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { roleLabel } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';
import { DUTY_LOG_KEY, listDutyLog, type DutyEntry } from './api';
import { alertLabel, followUpState, HANDOVER_HOURS, inOrderOfTime, type HandoverHours } from './duty-log.logic';

/** The most a sheet lists per section (the API's largest page); more is said, not printed. */
const SHEET_ROWS = 100;
const at = (iso: string) => dayjs(iso).format('MM-DD HH:mm');

function Rows({ items, withCategory }: { items: DutyEntry[]; withCategory: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="rx-sheet-table">
      <thead>
        <tr>
          <th style={{ width: '13%' }}>{t('dutyLog.cols.occurredAt')}</th>
          {withCategory && <th style={{ width: '10%' }}>{t('dutyLog.cols.category')}</th>}
          <th style={{ width: '13%' }}>{t('dutyLog.cols.area')}</th>
          <th style={{ width: '14%' }}>{t('dutyLog.cols.author')}</th>
          <th>{t('dutyLog.cols.content')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => {
          const state = followUpState(e);
          return (
            <tr key={e.id}>
              <td>{at(e.occurredAt)}</td>
              {withCategory && (
                <td>
                  {t(`dutyLog.categories.${e.category}`)}
                  {state && <div className="rx-sheet-mark">{t(state === 'open' ? 'dutyLog.followUp.open' : 'dutyLog.followUp.settled')}</div>}
                </td>
              )}
              <td>{e.orgName}</td>
              <td>{e.authorName}</td>
              <td style={{ whiteSpace: 'pre-wrap' }}>
                {e.content}
                {e.warningAlert && <div className="rx-sheet-mark">{t('dutyLog.alert.about', { alert: alertLabel(e.warningAlert, i18n.language) })}</div>}
                {e.closes && <div className="rx-sheet-mark">{t('dutyLog.followUp.closes', { at: at(e.closes.occurredAt), category: t(`dutyLog.categories.${e.closes.category}`) })}</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** `areaName`: the area's name when the page knows it (else read off the sheet's own entries). */
export function HandoverSheet({ orgId, areaName, hours, onHours, onClose }: {
  orgId: string | undefined; areaName: string | undefined; hours: HandoverHours; onHours: (h: HandoverHours) => void; onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  // The window is fixed when the sheet opens (or its hours change), not at every re-render.
  const until = useMemo(() => new Date(), [hours, orgId]);
  const since = useMemo(() => new Date(until.getTime() - hours * 3_600_000), [until, hours]);
  const open = useQuery({
    queryKey: [...DUTY_LOG_KEY, 'handover', 'open', orgId ?? ''],
    queryFn: ({ signal }) => listDutyLog({ orgId, followUp: 'open', page: 1, pageSize: SHEET_ROWS }, signal),
  });
  const shift = useQuery({
    queryKey: [...DUTY_LOG_KEY, 'handover', 'shift', orgId ?? '', since.toISOString()],
    queryFn: ({ signal }) => listDutyLog({ orgId, since: since.toISOString(), page: 1, pageSize: SHEET_ROWS }, signal),
  });
  const n = (x: number) => formatCount(x, i18n.language);
  const area = areaName ?? [...(open.data?.items ?? []), ...(shift.data?.items ?? [])].find((e) => e.orgId === orgId)?.orgName ?? t('dutyLog.areaChosen');
  const more = (total: number, shown: number) => total > shown && (
    <Typography.Paragraph type="secondary" className="rx-sheet-more">{t('dutyLog.handover.more', { n: n(total - shown) })}</Typography.Paragraph>
  );

  return (
    <div data-testid="duty-handover">
      <Space wrap className="rx-no-print" style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={onClose}>{t('dutyLog.handover.back')}</Button>
        <Radio.Group
          optionType="button"
          aria-label={t('dutyLog.handover.hours')}
          value={hours}
          onChange={(e) => onHours(e.target.value as HandoverHours)}
          options={HANDOVER_HOURS.map((h) => ({ value: h, label: t('dutyLog.handover.lastHours', { n: h }) }))}
        />
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={open.isPending || shift.isPending}>{t('dutyLog.handover.print')}</Button>
      </Space>

      <article className="rx-sheet">
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center', marginBottom: 4 }}>{t('dutyLog.handover.title', { area })}</Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }} data-testid="handover-meta">
          {t('dutyLog.handover.meta', {
            from: dayjs(since).format('YYYY-MM-DD HH:mm'), to: dayjs(until).format('YYYY-MM-DD HH:mm'), name: me.displayName, role: roleLabel(me.role, t),
          })}
        </Typography.Paragraph>

        <h2 className="rx-sheet-h2">{open.data ? t('dutyLog.handover.openTitle', { n: n(open.data.total) }) : t('dutyLog.followUp.open')}</h2>
        {open.isError && <ErrorAlert error={open.error} onRetry={() => void open.refetch()} />}
        {open.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : open.data && (
          open.data.items.length === 0
            ? <Typography.Paragraph data-testid="handover-open-none">{t('dutyLog.followUp.none')}</Typography.Paragraph>
            : <div data-testid="handover-open"><Rows items={inOrderOfTime(open.data.items)} withCategory={false} />{more(open.data.total, open.data.items.length)}</div>
        )}

        <h2 className="rx-sheet-h2">{shift.data ? t('dutyLog.handover.shiftTitle', { hours, n: n(shift.data.total) }) : t('dutyLog.handover.lastHours', { n: hours })}</h2>
        {shift.isError && <ErrorAlert error={shift.error} onRetry={() => void shift.refetch()} />}
        {shift.isPending ? <Skeleton active /> : shift.data && (
          shift.data.items.length === 0
            ? <Typography.Paragraph>{t('dutyLog.handover.shiftNone')}</Typography.Paragraph>
            : <div data-testid="handover-shift"><Rows items={inOrderOfTime(shift.data.items)} withCategory />{more(shift.data.total, shift.data.items.length)}</div>
        )}

        <div className="rx-sheet-signatures" data-testid="handover-signatures">
          <span>{t('dutyLog.handover.outgoing')}</span>
          <span>{t('dutyLog.handover.incoming')}</span>
          <span>{t('dutyLog.handover.handedAt')}</span>
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16 }}>{t('dutyLog.handover.privacy')}</Typography.Paragraph>
      </article>
    </div>
  );
}
