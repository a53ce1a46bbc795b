// 应急期 / Emergency period (emergency:manage: district staff; ADR 0027): the periods of the caller's area, above and
// below it; declare one for the district, a street or a community (legal reference, start date), end an open one
// (last day, reason). Both ask for a confirmation; the server refuses a second open period of the same area (409).
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Select, Space, Spin, Tag, Typography } from 'antd';
import { Modal, useConfirm } from '../../lib/dialog';
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { labelled, withNote } from '../../lib/labels';
import { listAreas } from '../areas';
import { declareEmergency, EMERGENCIES_KEY, endEmergency, type EmergencyPeriod } from './api';
import { EmergencyStateTag, inForceText, useEmergencies } from './emergency.tag';
import { declareQuestion, endDateProblem, endQuestion, endsToday, isCancellation, nestedOpenPeriods, sortPeriods, startDateWindow, stillCollecting } from './emergencies.logic';
import type { TFunction } from 'i18next';
import { ErrorAlert } from '../../lib/error-alert';
import { useFocusReturn } from '../../lib/dialog-focus';


type DeclareValues = { orgId: string; startDate: string; legalRef: string; note?: string };
type EndValues = { endDate: string; reason: string };

/** The periods named with their start, for the nesting notes: 定海区（自 2026-03-01 起）. */
function periodsText(periods: readonly EmergencyPeriod[], t: TFunction, lang: string): string {
  return inForceText(periods.map((p) => ({ areaName: p.orgName, since: p.startDate })), t, lang);
}

/** A confirmation's question with the notes that apply under it (each its own paragraph). */
function withNotes(question: string, notes: readonly string[]) {
  return (
    <>
      <p data-testid="emergency-confirm-text">{question}</p>
      {notes.map((n) => <Alert key={n} type="warning" showIcon title={n} style={{ marginTop: 8 }} data-testid="emergency-nesting-note" />)}
    </>
  );
}

function DeclareDialog({ today, periods, onClose }: { today: string; periods: readonly EmergencyPeriod[]; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DeclareValues>();
  const areas = useQuery({ queryKey: ['orgs'], queryFn: ({ signal }) => listAreas(signal) });
  const allowed = startDateWindow(today);
  const all = areas.data ? [areas.data.root, ...areas.data.items] : [];
  // A community under its street (昌国街道 / A社区): two communities of one name under different streets stay apart.
  const byId = new Map(all.map((a) => [a.id, a]));
  const options = all
    .filter((a) => a.level === 'district' || a.level === 'street' || a.level === 'community')
    .map((a) => {
      const street = a.level === 'community' && a.parentId ? byId.get(a.parentId) : undefined;
      return { value: a.id, label: withNote(street ? `${street.name} / ${a.name}` : a.name, t(`areas.level.${a.level}`), i18n.language) };
    });
  const save = useMutation({
    mutationFn: (v: DeclareValues) => declareEmergency({ orgId: v.orgId, startDate: v.startDate, legalRef: v.legalRef.trim(), note: v.note?.trim() || null }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: EMERGENCIES_KEY });
      message.success(t('emergencies.declared'));
      onClose();
    },
  });
  const submit = (v: DeclareValues) => {
    const area = options.find((o) => o.value === v.orgId)?.label ?? '';
    // A period inside another one in force, or over areas with their own: lawful, but say what it will and will not do.
    const nested = areas.data ? nestedOpenPeriods(v.orgId, [areas.data.root, ...areas.data.items], periods) : { above: [], below: [] };
    const notes = nested.below.length ? [t('emergencies.nestedBelow', { list: periodsText(nested.below, t, i18n.language) })] : [];
    confirm({
      title: t('emergencies.declareTitle'),
      content: withNotes(t(declareQuestion(nested), { area, date: v.startDate, list: periodsText(nested.above, t, i18n.language) }), notes),
      okText: t('emergencies.confirm'),
      cancelText: t('emergencies.cancel'),
      onOk: () => save.mutateAsync(v).catch(() => undefined),
    });
  };
  return (
    <Modal open title={t('emergencies.declareTitle')} onCancel={onClose} footer={null} destroyOnHidden>
      {save.isError && (
        <ErrorAlert
          error={save.error}
          form={form}
          labels={{ orgId: t('emergencies.area'), startDate: t('emergencies.startDate'), legalRef: t('emergencies.legalRef'), note: t('emergencies.note') }}
        />
      )}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ startDate: today, orgId: areas.data?.root.id }} onFinish={submit}>
        <Form.Item name="orgId" label={t('emergencies.area')} rules={[{ required: true, message: t('emergencies.areaRequired') }]}>
          <Select options={options} loading={areas.isPending} />
        </Form.Item>
        <Form.Item
          name="startDate"
          label={t('emergencies.startDate')}
          rules={[
            { required: true, message: t('emergencies.dateRequired') },
            // Checked before the confirmation (the server refuses the same): a typo such as 2020 for 2026 stops here.
            { validator: async (_r, v: string | undefined) => {
              if (v && (v < allowed.from || v > allowed.to)) throw new Error(t('emergencies.startProblem', allowed));
            } },
          ]}
        >
          <Input type="date" min={allowed.from} max={allowed.to} />
        </Form.Item>
        <Form.Item name="legalRef" label={t('emergencies.legalRef')} extra={t('emergencies.legalRefHint')} rules={[{ required: true, whitespace: true, message: t('emergencies.legalRefRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={t('emergencies.note')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>{t('emergencies.declare')}</Button>
          <Button onClick={onClose}>{t('emergencies.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

function EndDialog({ period, today, periods, onClose }: { period: EmergencyPeriod; today: string; periods: readonly EmergencyPeriod[]; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EndValues>();
  // A period that has not begun is cancelled: no end date to choose (the server records it as never in force).
  const cancel = isCancellation(period, today);
  const title = t(cancel ? 'emergencies.cancelTitle' : 'emergencies.endTitle', { area: period.orgName });
  const save = useMutation({
    mutationFn: (v: EndValues) => endEmergency(period.id, { endDate: cancel ? today : v.endDate, reason: v.reason.trim() }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: EMERGENCIES_KEY });
      message.success(t(cancel ? 'emergencies.cancelled' : 'emergencies.ended'));
      onClose();
    },
  });
  const submit = (v: EndValues) => {
    // Collection goes on where another period stays in force: over this area, or in an area below with its own.
    const still = stillCollecting(period, periods);
    const question = endQuestion(still);
    const list = periodsText(question === 'emergencies.endConfirmCovered' ? still.above : still.below, t, i18n.language);
    confirm({
      title,
      content: withNotes(cancel ? t('emergencies.cancelConfirm', { area: period.orgName, date: period.startDate }) : t(question, { area: period.orgName, date: v.endDate, list }), []),
      okText: t('emergencies.confirm'),
      okButtonProps: { danger: true },
      cancelText: t(cancel ? 'emergencies.keep' : 'emergencies.cancel'),
      onOk: () => save.mutateAsync(v).catch(() => undefined),
    });
  };
  return (
    <Modal open title={title} onCancel={onClose} footer={null} destroyOnHidden>
      {save.isError && (
        <ErrorAlert
          error={save.error}
          form={form}
          labels={{ endDate: t('emergencies.endDate'), reason: t(cancel ? 'emergencies.cancelReason' : 'emergencies.reason') }}
        />
      )}
      {cancel && <Alert type="info" showIcon title={t('emergencies.cancelHint', { date: period.startDate })} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ endDate: today }} onFinish={submit}>
        {!cancel && <Form.Item
          name="endDate"
          label={t('emergencies.endDate')}
          rules={[{
            validator: async (_r, v: string | undefined) => {
              const p = endDateProblem(v ?? '', period.startDate, today);
              if (p) throw new Error(t(`emergencies.endProblem.${p}`));
            },
          }]}
        >
          <Input type="date" min={period.startDate} max={today} />
        </Form.Item>}
        <Form.Item name="reason" label={t(cancel ? 'emergencies.cancelReason' : 'emergencies.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('emergencies.reasonRequired') }]}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Space>
          <Button danger type="primary" htmlType="submit" loading={save.isPending}>{t(cancel ? 'emergencies.cancelPeriod' : 'emergencies.end')}</Button>
          <Button onClick={onClose}>{t(cancel ? 'emergencies.keep' : 'emergencies.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

function PeriodCard({ p, today, onEnd }: { p: EmergencyPeriod; today: string; onEnd: () => void }) {
  const { t, i18n } = useTranslation();
  const color = p.status === 'active' ? 'red' : p.status === 'scheduled' ? 'orange' : 'default';
  const scheduled = p.endDate === null && p.status === 'scheduled';
  return (
    <Card size="small" data-testid="emergency-period" style={{ marginBottom: 12 }}
      title={<Space wrap><span>{p.orgName}</span><Tag color={color}>{t(`emergencies.status.${p.status}`)}</Tag>{endsToday(p, today) && <Tag data-testid="emergency-last-day">{t('emergencies.lastDay')}</Tag>}</Space>}
      extra={p.endDate === null ? <Button danger size="small" icon={<StopOutlined />} onClick={onEnd}>{t(scheduled ? 'emergencies.cancelPeriod' : 'emergencies.end')}</Button> : null}
    >
      <Typography.Paragraph style={{ margin: 0 }}>
        {p.status === 'cancelled'
          ? t('emergencies.periodCancelled', { start: p.startDate })
          : scheduled ? t('emergencies.periodScheduled', { start: p.startDate })
          : p.endDate === null ? t('emergencies.periodOpen', { start: p.startDate })
          : t('emergencies.period', { start: p.startDate, end: p.endDate })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{labelled(t('emergencies.legalRef'), p.legalRef, i18n.language)}</Typography.Paragraph>
      {p.note && <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="emergency-note">{labelled(t('emergencies.note'), p.note, i18n.language)}</Typography.Paragraph>}
      {p.endReason && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{labelled(t(p.status === 'cancelled' ? 'emergencies.cancelReason' : 'emergencies.reason'), p.endReason, i18n.language)}</Typography.Paragraph>}
    </Card>
  );
}

export function EmergenciesPage() {
  const { t } = useTranslation();
  usePageTitle(t('emergencies.title'));
  const q = useEmergencies();
  const [dialog, setDialog] = useState<{ kind: 'declare' } | { kind: 'end'; period: EmergencyPeriod } | null>(null);
  return (
    <div style={{ maxWidth: 880 }}>
      <Typography.Title level={1} className="rx-page-title" style={{ fontSize: 24 }}>{t('emergencies.title')}</Typography.Title>
      <EmergencyStateTag />
      <Typography.Paragraph>{t('emergencies.intro', { days: q.data?.retentionDays ?? 30 })}</Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => setDialog({ kind: 'declare' })} disabled={!q.data}>
        {t('emergencies.declare')}
      </Button>
      {q.isPending && <Spin />}
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.items.length === 0 && <Typography.Paragraph type="secondary">{t('emergencies.empty')}</Typography.Paragraph>}
      {q.data && sortPeriods(q.data.items).map((p) => <PeriodCard key={p.id} p={p} today={q.data.today} onEnd={() => setDialog({ kind: 'end', period: p })} />)}
      {dialog?.kind === 'declare' && q.data && <DeclareDialog today={q.data.today} periods={q.data.items} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'end' && q.data && <EndDialog period={dialog.period} today={q.data.today} periods={q.data.items} onClose={() => setDialog(null)} />}
    </div>
  );
}
