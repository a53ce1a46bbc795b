// 居家隔离 · one order (quarantine:read): who (masked name and ID), where, the policy, reason, dates, state, day N/M and
// door sensor; the actions by permission and state — 批准 / 驳回 (pending, quarantine:approve), 录入体温
// (quarantine:check), 解除隔离 (active and on or after the end date; before it the button is disabled and says 未到期),
// 撤销 with the reason and 更换门磁 (quarantine:propose), and once released the 解除隔离证明; then the sampling days as a
// timeline, the checks (a fever in red), the needs (登记需求 for staff) and the door sensor's events.
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Empty, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, FileProtectOutlined, PlusOutlined, StopOutlined, ThunderboltOutlined, UnlockOutlined, WifiOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { LinkButton } from '../../lib/link-button';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import { useNow } from '../../lib/use-now';
import { BOARD_KEY, cancelOrder, getOrder, ORDER_KEY, ORDERS_KEY, releaseOrder, type Check, type OrderDetail } from './api';
import { CheckModal, type CheckTarget } from './check.modal';
import { DecideButtons } from './decide';
import { NeedModal } from './need.modal';
import { NoteModal } from './note.modal';
import { orderPath, QUARANTINE_PATH } from './notice.logic';
import { byText, defaultSlot, releaseState, shanghaiDay, slotsDue } from './quarantine.logic';
import { SensorModal } from './sensor.modal';
import {
  at, conflictText, dayText, fullAt, isConflict, needKindText, NeedStatusTag, policyText, reasonText, SamplingTimeline, slotText, StatusTag, symptomsText,
  TemperatureValue,
} from './shared';

function Facts({ o }: { o: OrderDetail }) {
  const { t } = useTranslation();
  const rows: Array<[string, string, ReactNode]> = [
    ['id', t('quarantine.order.facts.id'), <span className="rx-qr-mono">{o.idMasked}</span>],
    ['address', t('quarantine.order.facts.address'), o.address ?? t('quarantine.noAddress')],
    ['grid', t('quarantine.order.facts.grid'), o.gridName],
    ['policy', t('quarantine.order.facts.policy'), policyText(o, t)],
    ['reason', t('quarantine.order.facts.reason'), reasonText(o.reason, t)],
    ['period', t('quarantine.order.facts.period'), t('quarantine.period', { from: o.startDate, to: o.endDate })],
    ...(o.status === 'active' ? [['day', t('quarantine.order.facts.day'), dayText(o.day, o.days, t)] as [string, string, ReactNode]] : []),
    ['sensor', t('quarantine.order.facts.sensor'), o.sensorId ? <span className="rx-qr-mono">{o.sensorId}</span> : t('quarantine.order.facts.sensorNone')],
    ...(o.note ? [['note', t('quarantine.order.facts.note'), o.note] as [string, string, ReactNode]] : []),
    ['proposed', t('quarantine.order.facts.proposed'), [o.proposedBy, fullAt(o.proposedAt)].filter(Boolean).join(' · ')],
    ...(o.decidedAt ? [['decided', t('quarantine.order.facts.decided'), [o.decidedBy, fullAt(o.decidedAt)].filter(Boolean).join(' · ')] as [string, string, ReactNode]] : []),
    ...(o.decisionNote ? [['decisionNote', t('quarantine.order.facts.decisionNote'), o.decisionNote] as [string, string, ReactNode]] : []),
    ...(o.releasedAt ? [['released', t('quarantine.order.facts.released'), fullAt(o.releasedAt)] as [string, string, ReactNode]] : []),
    ...(o.certificateNo ? [['certificate', t('quarantine.order.facts.certificate'), <span className="rx-qr-mono">{o.certificateNo}</span>] as [string, string, ReactNode]] : []),
    ...(o.cancelReason ? [['cancelReason', t('quarantine.order.facts.cancelReason'), o.cancelReason] as [string, string, ReactNode]] : []),
  ];
  return (
    <dl className="rx-facts" data-testid="qr-order-facts">
      {rows.map(([key, label, value]) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd data-testid={`qr-fact-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ChecksTable({ checks }: { checks: Check[] }) {
  const { t, i18n } = useTranslation();
  const columns: ColumnsType<Check> = [
    { title: t('quarantine.order.checkCols.date'), dataIndex: 'date', key: 'date', width: 110 },
    { title: t('quarantine.order.checkCols.slot'), key: 'slot', width: 80, render: (_, c) => slotText(c.slot, t) },
    { title: t('quarantine.order.checkCols.temperature'), key: 'temperature', width: 100, render: (_, c) => <TemperatureValue value={c.temperature} /> },
    {
      title: t('quarantine.order.checkCols.symptoms'), key: 'symptoms',
      render: (_, c) => <span className={c.symptoms.length ? 'rx-qr-fever' : undefined}>{symptomsText(c.symptoms, t, i18n.language, t('quarantine.order.noSymptoms'))}</span>,
    },
    { title: t('quarantine.order.checkCols.by'), key: 'by', width: 110, render: (_, c) => byText(c.by, t('quarantine.self')) },
    { title: t('quarantine.order.checkCols.at'), key: 'at', width: 110, render: (_, c) => at(c.at) },
    { title: t('quarantine.order.checkCols.note'), dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '' },
  ];
  return (
    <DataTable<Check>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={checks}
      pagination={checks.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: t('quarantine.order.checksEmpty') }}
      onRow={(c) => ({ 'data-testid': 'qr-check-row', 'data-date': c.date, 'data-slot': c.slot, 'data-fever': c.fever ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
      scroll={{ x: 700 }}
      data-testid="qr-checks"
    />
  );
}

export function OrderPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const now = useNow();
  const [dialog, setDialog] = useState<null | 'check' | 'cancel' | 'sensor' | 'need'>(null);
  const q = useQuery({ queryKey: [...ORDER_KEY, id], queryFn: ({ signal }) => getOrder(id, signal), refetchInterval: 120_000 });
  const o = q.data;
  usePageTitle(o ? `${o.nameMasked} · ${t('quarantine.title')}` : t('quarantine.title'));
  const reread = () => {
    void queryClient.invalidateQueries({ queryKey: [...ORDER_KEY, id] });
    void queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
    void queryClient.invalidateQueries({ queryKey: BOARD_KEY });
  };
  const release = useMutation({
    mutationFn: (v: { id: string; version: number }) => releaseOrder(v.id, v.version),
    onSuccess: (r) => void message.success(t('quarantine.order.released', { name: r.nameMasked })),
    onSettled: reread,
  });
  const back = (
    <Link to={QUARANTINE_PATH}>
      <ArrowLeftOutlined /> {t('quarantine.order.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError || !o) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" subTitle={t('quarantine.order.notFound')} extra={back} />;
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const today = shanghaiDay(now);
  const size = isMobile ? 'large' : 'middle';
  const may = {
    approve: hasPermission(me, 'quarantine:approve') && o.status === 'pending',
    check: hasPermission(me, 'quarantine:check') && o.status === 'active' && o.day !== null,
    propose: hasPermission(me, 'quarantine:propose'),
    need: hasPermission(me, 'quarantine:check') && (o.status === 'active' || o.status === 'pending'),
  };
  const open = o.status === 'pending' || o.status === 'active';
  const rel = releaseState(o, today);
  const due = slotsDue(now, o.checksPerDay);
  const doneToday = o.checks.filter((c) => c.date === today).map((c) => c.slot);
  const checkTarget: CheckTarget = { orderId: o.id, nameMasked: o.nameMasked, slots: due, slot: defaultSlot(due, doneToday) };
  return (
    <div data-testid="quarantine-order-page" data-status={o.status}>
      <div style={{ marginBottom: 12 }}>{back}</div>
      <div className="rx-qr-head">
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }} data-testid="qr-order-name">{o.nameMasked}</Typography.Title>
          <Space size={[6, 6]} wrap style={{ marginTop: 8 }}>
            <StatusTag status={o.status} />
            {o.status === 'active' && <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="qr-order-day">{dayText(o.day, o.days, t)}</Tag>}
            <span className="rx-qr-quiet">{policyText(o, t)}</span>
          </Space>
        </div>
      </div>

      <div className="rx-qr-actions" data-testid="qr-order-actions">
        {may.approve && <DecideButtons order={o} />}
        {may.check && (
          <Button type="primary" size={size} icon={<ThunderboltOutlined />} onClick={() => setDialog('check')} data-testid="qr-order-check">{t('quarantine.order.record')}</Button>
        )}
        {may.propose && o.status === 'active' && (
          rel.may ? (
            <Popconfirm
              title={t('quarantine.order.releaseConfirm', { name: o.nameMasked })}
              description={<div style={{ maxWidth: 320 }}>{t('quarantine.order.releaseHelp')}</div>}
              okText={t('quarantine.order.releaseOk')}
              cancelText={t('quarantine.decide.cancel')}
              okButtonProps={{ 'data-testid': 'qr-release-ok' } as never}
              onConfirm={() => release.mutateAsync({ id: o.id, version: o.version }).catch(() => undefined)}
            >
              <Button type="primary" size={size} icon={<UnlockOutlined />} loading={release.isPending} data-testid="qr-release">{t('quarantine.order.release')}</Button>
            </Popconfirm>
          ) : (
            <span className="rx-qr-disabled-action">
              <Button size={size} icon={<UnlockOutlined />} disabled aria-describedby="qr-release-why" data-testid="qr-release">{t('quarantine.order.release')}</Button>
              <span id="qr-release-why" className="rx-qr-quiet" data-testid="qr-release-why">{t('quarantine.order.releaseNotYet', { date: o.endDate })}</span>
            </span>
          )
        )}
        {may.propose && open && (
          <Button size={size} icon={<WifiOutlined />} onClick={() => setDialog('sensor')} data-testid="qr-order-sensor">{t('quarantine.order.sensor')}</Button>
        )}
        {may.propose && open && (
          <Button danger size={size} icon={<StopOutlined />} onClick={() => setDialog('cancel')} data-testid="qr-order-cancel">{t('quarantine.order.cancel')}</Button>
        )}
        {o.status === 'released' && (
          <LinkButton to={`${orderPath(o.id)}/certificate`} type="primary" size={size} icon={<FileProtectOutlined />} data-testid="qr-order-certificate">
            {t('quarantine.order.certificate')}
          </LinkButton>
        )}
      </div>
      {release.isError && (isConflict(release.error) ? (
        <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={conflictText(release.error, t, i18n.language)} data-testid="qr-release-conflict" />
      ) : (
        <ErrorAlert error={release.error} style={{ marginTop: 12 }} />
      ))}
      {o.status === 'pending' && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('quarantine.order.pendingNote')} data-testid="qr-order-pending-note" />}
      {o.status === 'released' && o.releasedAt && <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('quarantine.order.releasedNote', { at: fullAt(o.releasedAt) })} data-testid="qr-order-released-note" />}
      {o.status === 'cancelled' && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('quarantine.order.cancelledNote', { reason: o.cancelReason ?? '' })} data-testid="qr-order-cancelled-note" />}

      <div className="rx-qr-sections">
        <Card size="small" style={{ marginTop: 12 }}>
          <Facts o={o} />
        </Card>
        <Card size="small" style={{ marginTop: 12 }} title={<h2 className="rx-qr-h2">{t('quarantine.order.timeline')}</h2>}>
          <SamplingTimeline o={o} today={today} />
        </Card>
      </div>

      <Card size="small" style={{ marginTop: 12 }} title={<h2 className="rx-qr-h2">{t('quarantine.order.checks')}</h2>}>
        <ChecksTable checks={o.checks} />
      </Card>

      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={<h2 className="rx-qr-h2">{t('quarantine.order.needs')}</h2>}
        extra={may.need && <Button size={size} icon={<PlusOutlined />} onClick={() => setDialog('need')} data-testid="qr-order-add-need">{t('quarantine.order.addNeed')}</Button>}
      >
        {o.needs.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quarantine.order.needsEmpty')} /> : (
          <ul className="rx-qr-plain" data-testid="qr-order-needs">
            {o.needs.map((n) => (
              <li key={n.id} data-testid="qr-order-need" data-status={n.status}>
                <Space size={[6, 4]} wrap>
                  <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>{needKindText(n.kind, t)}</Tag>
                  <NeedStatusTag status={n.status} />
                  <span>{n.detail}</span>
                </Space>
                <div className="rx-qr-quiet">
                  {t('quarantine.needs.at', { at: at(n.createdAt) })} · {t('quarantine.needs.by', { by: byText(n.by, t('quarantine.self')) })}
                  {n.takenBy ? ` · ${t('quarantine.needs.takenBy', { by: n.takenBy })}` : ''}
                  {n.doneNote ? ` · ${t('quarantine.needs.doneNote', { note: n.doneNote })}` : ''}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card size="small" style={{ marginTop: 12 }} title={<h2 className="rx-qr-h2">{t('quarantine.order.door')}</h2>}>
        {o.doorEvents.length === 0 ? <Typography.Text type="secondary">{t('quarantine.order.doorEmpty')}</Typography.Text> : (
          <>
            <ul className="rx-qr-plain rx-qr-doors" data-testid="qr-order-doors">
              {o.doorEvents.map((d, i) => (
                <li key={`${d.at}-${i}`} data-testid="qr-order-door" data-event={d.event} className={d.event === 'open' ? 'rx-qr-door-open' : undefined}>
                  {at(d.at)} · {t(`quarantine.order.doorEvents.${d.event}`)}
                </li>
              ))}
            </ul>
            {o.doorEvents.length >= 50 && <Typography.Text type="secondary">{t('quarantine.order.doorMore')}</Typography.Text>}
          </>
        )}
      </Card>

      {dialog === 'check' && <CheckModal target={checkTarget} onClose={() => setDialog(null)} />}
      {dialog === 'sensor' && <SensorModal order={o} onClose={() => setDialog(null)} />}
      {dialog === 'need' && <NeedModal orderId={o.id} nameMasked={o.nameMasked} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && (
        <NoteModal
          title={t('quarantine.order.cancelTitle', { name: o.nameMasked })}
          label={t('quarantine.order.cancelLabel')}
          placeholder={t('quarantine.order.cancelPlaceholder')}
          empty={t('quarantine.order.cancelEmpty')}
          okText={t('quarantine.order.cancelOk')}
          cancelText={t('quarantine.decide.cancel')}
          field="reason"
          danger
          testId="qr-cancel-dialog"
          send={(reason) => cancelOrder(o.id, { reason, version: o.version })}
          onDone={() => {
            void message.success(t('quarantine.order.cancelled', { name: o.nameMasked }));
            reread();
          }}
          onConflict={reread}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
