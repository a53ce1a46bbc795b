// 居家隔离 on a resident's workbench (self:quarantine; ADR 0080). Under an active order: 居家隔离 第 N/M 天 and the end
// date, the sampling days with today's highlighted, this slot's check — the temperature and one tap for 没有不舒服, or the
// symptoms — or ✓ once it is in; their needs and a small form to ask for one. Awaiting approval: 待审批. Released: the
// link to the certificate. An account not linked to a household is told so, kindly; with none of these the workbench
// leaves the card out (useMyQuarantineOpen).
import { useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, InputNumber, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, PlusOutlined, SmileOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { ErrorAlert } from '../../lib/error-alert';
import { LinkButton } from '../../lib/link-button';
import { useMutation } from '../../lib/single-flight';
import { SubmissionKeys } from '../../lib/submission-keys';
import { useIsMobile } from '../../app/use-is-mobile';
import { useNow } from '../../lib/use-now';
import { SYMPTOMS } from '../self-reports';
import { askMyNeed, MY_QUARANTINE_KEY, myQuarantine, recordMyCheck, type CheckBody, type MyOrder, type NeedBody, type Symptom } from './api';
import { NeedFields, needLabels, needOf, type NeedValues } from './need.modal';
import { checkBody, isFeverish, shanghaiDay, temperatureProblem, temperatureText } from './quarantine.logic';
import './quarantine.css';
import { at, MY_CERTIFICATE_PATH, needKindText, NeedStatusTag, SamplingTimeline, slotText } from './shared';

const useMine = (enabled = true) => useQuery({ queryKey: MY_QUARANTINE_KEY, queryFn: ({ signal }) => myQuarantine(signal), refetchInterval: 5 * 60_000, enabled, retry: (n, e) => !(isApiError(e) && e.status === 404) && n < 2 });

const noHousehold = (e: unknown) => isApiError(e) && e.status === 404;

/** Whether the workbench shows the card: an order or a certificate to show, or an account without a household to tell. */
export function useMyQuarantineOpen(enabled: boolean): boolean {
  const q = useMine(enabled);
  return !!(q.data?.order || q.data?.certificate) || noHousehold(q.error);
}

type CheckValues = { temperature?: number | null; symptoms?: Symptom[] };

function CheckForm({ order }: { order: MyOrder }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<CheckValues>();
  const temperature = Form.useWatch('temperature', form);
  const [unwell, setUnwell] = useState(false);
  const keys = useRef(new SubmissionKeys());
  const save = useMutation({
    mutationFn: (body: Omit<CheckBody, 'slot'>) => recordMyCheck(body, keys.current.for(body)),
    onSuccess: () => {
      keys.current.done();
      void queryClient.invalidateQueries({ queryKey: MY_QUARANTINE_KEY });
    },
  });
  const send = async (withSymptoms: boolean) => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const r = checkBody({ temperature: v.temperature, symptoms: withSymptoms ? v.symptoms ?? [] : [] });
    if (r.ok) {
      const { slot: _slot, ...body } = r.body;
      void save.mutateAsync(body).catch(() => undefined);
    }
  };
  const fever = isFeverish(typeof temperature === 'number' ? temperature : null);
  const size = 'large';
  return (
    <section className="rx-qr-mine-check" aria-labelledby="qr-mine-check-title" data-testid="qr-mine-check">
      <Typography.Text strong id="qr-mine-check-title" style={{ fontSize: 16 }}>{t('quarantine.mine.checkTitle', { slot: slotText(order.slotNow, t) })}</Typography.Text>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ temperature: t('quarantine.mine.temperature'), symptoms: t('quarantine.check.symptoms') }} style={{ marginTop: 8 }} />}
      <Form<CheckValues> form={form} name="myQuarantineCheck" layout="vertical" size={size} initialValues={{ symptoms: [] }} style={{ marginTop: 8 }}>
        <Form.Item
          name="temperature"
          label={t('quarantine.mine.temperature')}
          required
          extra={fever ? <span className="rx-qr-fever" data-testid="qr-mine-fever">{t('quarantine.check.feverHint')}</span> : t('quarantine.check.temperatureHelp')}
          rules={[{
            validator: async (_: unknown, v: number | null | undefined) => {
              const p = temperatureProblem(v);
              if (p) throw new Error(t(p === 'empty' ? 'quarantine.check.temperatureEmpty' : p === 'range' ? 'quarantine.check.temperatureRange' : 'quarantine.check.temperatureDecimal'));
            },
          }]}
        >
          <InputNumber<number>
            step={0.1}
            inputMode="decimal"
            placeholder="36.5"
            style={{ width: isMobile ? '100%' : 200, maxWidth: 240 }}
            className={fever ? 'rx-qr-temp-input rx-qr-temp-input-big rx-qr-temp-input-fever' : 'rx-qr-temp-input rx-qr-temp-input-big'}
            data-testid="qr-mine-temperature"
          />
        </Form.Item>
        {!unwell ? (
          <Space wrap>
            <Button type="primary" size={size} icon={<SmileOutlined />} loading={save.isPending} onClick={() => void send(false)} data-testid="qr-mine-fine">
              {t('quarantine.mine.noSymptoms')}
            </Button>
            <Button size={size} onClick={() => setUnwell(true)} data-testid="qr-mine-unwell">{t('quarantine.mine.someSymptoms')}</Button>
          </Space>
        ) : (
          <>
            <Form.Item name="symptoms" label={t('quarantine.mine.symptomsQuestion')}>
              <Checkbox.Group
                aria-label={t('quarantine.mine.symptomsQuestion')}
                role="group"
                className="rx-qr-symptoms rx-qr-symptoms-big"
                options={SYMPTOMS.map((s) => ({ value: s, label: t(`selfReports.symptoms.${s}`) }))}
              />
            </Form.Item>
            <Button type="primary" size={size} block={isMobile} loading={save.isPending} onClick={() => void send(true)} data-testid="qr-mine-submit">{t('quarantine.mine.submit')}</Button>
          </>
        )}
      </Form>
    </section>
  );
}

function CheckDone({ order, today }: { order: MyOrder; today: string }) {
  const { t } = useTranslation();
  const c = order.checks.find((x) => x.date === today && x.slot === order.slotNow);
  if (!c) return null;
  return (
    <div className="rx-qr-mine-done" data-testid="qr-mine-check-done" data-fever={c.fever ? 'true' : 'false'}>
      <CheckCircleFilled className="rx-qr-mine-done-icon" aria-hidden />
      <span>{t('quarantine.mine.checkDone', { slot: slotText(c.slot, t), t: temperatureText(c.temperature) })}</span>
      {c.fever && <div className="rx-qr-fever" style={{ flexBasis: '100%' }}>{t('quarantine.mine.submittedFever', { t: temperatureText(c.temperature) })}</div>}
    </div>
  );
}

function MyNeeds({ order }: { order: MyOrder }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [asked, setAsked] = useState<string | null>(null);
  const [form] = Form.useForm<NeedValues>();
  const save = useMutation({
    mutationFn: (body: NeedBody) => askMyNeed(body),
    onSuccess: (n) => {
      setAsked(needKindText(n.kind, t));
      setAsking(false);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: MY_QUARANTINE_KEY });
    },
  });
  return (
    <section aria-labelledby="qr-mine-needs-title" className="rx-qr-mine-needs" data-testid="qr-mine-needs">
      <Typography.Text strong id="qr-mine-needs-title" style={{ fontSize: 16 }}>{t('quarantine.mine.needsTitle')}</Typography.Text>
      {order.needs.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>{t('quarantine.mine.needsEmpty')}</Typography.Paragraph>
      ) : (
        <ul className="rx-qr-plain" data-testid="qr-mine-need-list">
          {order.needs.map((n) => (
            <li key={n.id} data-testid="qr-mine-need" data-kind={n.kind} data-status={n.status}>
              <Space size={[6, 4]} wrap>
                <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>{needKindText(n.kind, t)}</Tag>
                <NeedStatusTag status={n.status} />
                <span>{n.detail}</span>
              </Space>
              {n.doneNote && <div className="rx-qr-quiet">{t('quarantine.needs.doneNote', { note: n.doneNote })}</div>}
            </li>
          ))}
        </ul>
      )}
      {asked && !asking && <Alert type="success" showIcon role="status" title={t('quarantine.mine.asked', { kind: asked })} style={{ marginBottom: 8 }} data-testid="qr-mine-asked" />}
      {!asking ? (
        <Button size="large" icon={<PlusOutlined />} onClick={() => { setAsking(true); setAsked(null); }} data-testid="qr-mine-ask">{t('quarantine.mine.ask')}</Button>
      ) : (
        <div className="rx-qr-mine-ask" data-testid="qr-mine-ask-form">
          <Typography.Text>{t('quarantine.mine.askTitle')}</Typography.Text>
          {save.isError && <ErrorAlert error={save.error} form={form} labels={needLabels(t)} style={{ marginTop: 8 }} />}
          <Form<NeedValues>
            form={form}
            name="myQuarantineNeed"
            layout="vertical"
            size="large"
            style={{ marginTop: 8 }}
            onFinish={(v) => {
              const body = needOf(v);
              if (body) void save.mutateAsync(body).catch(() => undefined);
            }}
          >
            <NeedFields size="large" />
            <Space wrap style={{ marginTop: 12 }}>
              <Button type="primary" size="large" htmlType="submit" loading={save.isPending} data-testid="qr-mine-ask-submit">{t('quarantine.mine.submit')}</Button>
              <Button size="large" onClick={() => setAsking(false)}>{t('quarantine.need.cancel')}</Button>
            </Space>
          </Form>
        </div>
      )}
    </section>
  );
}

function ActiveOrder({ order }: { order: MyOrder }) {
  const { t } = useTranslation();
  const now = useNow();
  const today = shanghaiDay(now);
  const started = order.day !== null;
  const done = order.checks.some((c) => c.date === today && c.slot === order.slotNow);
  const samplingToday = order.day !== null && order.samplingDays.includes(order.day);
  return (
    <div data-testid="qr-mine-active">
      <div className="rx-qr-mine-day" data-testid="qr-mine-day">
        {started
          ? t(order.kind === 'health_monitoring' ? 'quarantine.mine.dayMonitor' : 'quarantine.mine.day', { n: order.day, m: order.days })
          : t('quarantine.mine.notStarted', { date: order.startDate, m: order.days })}
      </div>
      <div className="rx-qr-quiet" data-testid="qr-mine-end">{t('quarantine.mine.ends', { date: order.endDate })}</div>
      <div style={{ marginTop: 12 }}>
        <Typography.Text strong>{t('quarantine.mine.sampling')}</Typography.Text>
        <SamplingTimeline o={order} today={today} />
        {samplingToday && <Alert type="info" showIcon title={t('quarantine.mine.samplingToday')} style={{ marginTop: 8 }} data-testid="qr-mine-sampling-today" />}
      </div>
      {started && (done ? <CheckDone order={order} today={today} /> : <CheckForm order={order} />)}
      <MyNeeds order={order} />
    </div>
  );
}

export function MyQuarantineCard() {
  const { t } = useTranslation();
  const q = useMine();
  const d = q.data;
  const orphan = noHousehold(q.error);
  if (d && !d.order && !d.certificate) return null;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('quarantine.mine.title')}</h2>} data-testid="qr-mine" className="rx-qr-mine">
      {q.isPending && <Skeleton active paragraph={{ rows: 3 }} />}
      {orphan && <Typography.Paragraph style={{ margin: 0 }} data-testid="qr-mine-no-household">{t('quarantine.mine.noHousehold')}</Typography.Paragraph>}
      {q.isError && !orphan && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginBottom: 0 }} />}
      {d?.order?.status === 'pending' && (
        <div data-testid="qr-mine-pending">
          <Tag color="gold" style={{ fontSize: 14, padding: '2px 10px' }} data-testid="qr-mine-pending-tag">{t('quarantine.mine.pendingTitle')}</Tag>
          <Typography.Paragraph style={{ margin: '8px 0 0' }}>{t('quarantine.mine.pending')}</Typography.Paragraph>
        </div>
      )}
      {d?.order?.status === 'active' && <ActiveOrder order={d.order} />}
      {!d?.order && d?.certificate && (
        <div data-testid="qr-mine-certificate">
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('quarantine.mine.certificateLine', { date: at(d.certificate.releasedAt) })}</Typography.Paragraph>
          <LinkButton to={MY_CERTIFICATE_PATH} size="large" data-testid="qr-mine-certificate-link">{t('quarantine.mine.certificate')}</LinkButton>
        </div>
      )}
    </Card>
  );
}
