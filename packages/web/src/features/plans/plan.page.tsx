// A plan's page (plan:read; ADR 0089): roles with their staff, the steps with their target minutes, the revisions, the
// drills, the revision actions and the last drill's late steps; for plan:manage 编辑 (draft), 发布, 修订 and 安排演练.
import { useState } from 'react';
import { App, Button, Checkbox, Empty, Form, Input, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { DRILL_KINDS, getPlan, getStaff, PLACE_MAX, PLANS_KEY, publishPlan, revisePlan, scheduleDrill, staffPlan, type DrillKind, type Plan, type PlanDetail } from './api';
import { PlanEditor } from './editor';
import { defaultDrillTime } from './plans.logic';

export function PlanPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: [...PLANS_KEY, id], queryFn: ({ signal }) => getPlan(id, signal) });
  usePageTitle(q.data?.plan.title ?? t('plans.title'));
  const [dialog, setDialog] = useState<'edit' | 'publish' | 'schedule' | 'staff' | null>(null);
  const revise = useMutation({
    mutationFn: () => revisePlan(id, q.data!.plan.version),
    onSuccess: (p) => { void message.success(t('plans.detail.revised')); void qc.invalidateQueries({ queryKey: PLANS_KEY }); void navigate(`/plans/${p.id}`); },
  });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const p = d.plan;
  return (
    <div className="rx-plan" data-testid="plan-page">
      <Link to="/plans">{t('plans.detail.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{p.title}</Typography.Title>
      <Space wrap>
        <Tag>{t(`plans.hazards.${p.hazard}`)}</Tag>
        <Tag color={p.status === 'active' ? 'green' : undefined} data-testid="plan-status">{t(`plans.statuses.${p.status}`)}</Tag>
        <Tag>{t('plans.revision', { n: p.revision })}</Tag>
        {d.drillOverdue && <Tag color="red">{t('plans.overdue')}</Tag>}
      </Space>
      {p.canManage && (
        <Space wrap style={{ display: 'flex', marginTop: 12 }}>
          {p.status === 'draft' && <Button onClick={() => setDialog('edit')} data-testid="plan-edit">{t('plans.detail.edit')}</Button>}
          {p.status === 'draft' && <Button type="primary" onClick={() => setDialog('publish')} data-testid="plan-publish">{t('plans.detail.publish')}</Button>}
          {p.status === 'active' && <Button type="primary" onClick={() => setDialog('schedule')} data-testid="plan-schedule">{t('plans.detail.schedule')}</Button>}
          {p.status === 'active' && <Button onClick={() => void revise.mutateAsync().catch(() => undefined)} loading={revise.isPending} data-testid="plan-revise">{t('plans.detail.revise')}</Button>}
          {p.status !== 'retired' && p.roles.length > 0 && <Button onClick={() => setDialog('staff')} data-testid="plan-staff">{t('plans.staffing.open')}</Button>}
        </Space>
      )}
      {revise.isError && <ErrorAlert error={revise.error} />}
      <Typography.Paragraph style={{ marginTop: 12 }}>
        {d.lastDrill ? t('plans.lastDrill', { days: d.lastDrill.daysSince, kind: t(`plans.kinds.${d.lastDrill.kind}`) }) : t('plans.neverDrilled')}
        {d.nextDrill && <> · {t('plans.nextDrill', { at: shanghaiMinute(d.nextDrill.scheduledAt) })}</>}
      </Typography.Paragraph>
      {d.lastDrill && d.lastDrill.lateSteps.length > 0 && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>{t('plans.detail.lateOfLast')}</Typography.Title>
          <ul data-testid="plan-late-steps">
            {d.lastDrill.lateSteps.map((s) => <li key={s.no}>{s.no}. {s.title} — {t('plans.detail.elapsedVsTarget', { elapsed: s.elapsedMinutes, target: s.targetMinutes })}</li>)}
          </ul>
        </>
      )}
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('plans.detail.roles')}</Typography.Title>
      <ul className="rx-plan-roles">
        {p.roles.map((r) => (
          <li key={r.name} data-testid="plan-role" data-role={r.name}><strong>{r.name}</strong>{p.myRoles.includes(r.name) && <Tag color="blue" style={{ marginLeft: 8 }}>✓</Tag>}：{r.staff.length ? r.staff.map((s) => s.name).join('、') : t('plans.detail.noStaff')}
            {r.duties && <div className="rx-plan-muted">{r.duties}</div>}</li>
        ))}
      </ul>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('plans.detail.steps')}</Typography.Title>
      <ol className="rx-plan-steps" data-testid="plan-steps">
        {p.steps.map((s) => <li key={s.no}>{s.title} <Tag>{s.role}</Tag><span className="rx-plan-muted">{t('plans.detail.target', { n: s.targetMinutes })}</span></li>)}
      </ol>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('plans.detail.actions')}</Typography.Title>
      {!d.actions.length ? <Empty description={t('plans.detail.noActions')} /> : (
        <ul data-testid="plan-actions">
          {d.actions.map((a) => (
            <li key={a.id}>{a.action} {a.actionStatus === 'open' ? <Tag color="gold">{t('plans.detail.open')}</Tag> : <Tag color="green">{t('plans.detail.closedBy', { n: a.closedByRevision })}</Tag>}</li>
          ))}
        </ul>
      )}
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('plans.detail.drills')}</Typography.Title>
      {!d.drills.length ? <Empty description={t('plans.detail.noDrills')} /> : (
        <ul data-testid="plan-drills">
          {d.drills.map((x) => (
            <li key={x.id}>{shanghaiMinute(x.scheduledAt)} {t(`plans.kinds.${x.kind}`)} <Tag>{t(`plans.drillStatuses.${x.status}`)}</Tag>
              {x.revision !== null && <Tag>{t('plans.revision', { n: x.revision })}</Tag>} <Link to={`/drills/${x.id}`} data-testid="plan-drill-open">{t('plans.detail.openDrill')}</Link></li>
          ))}
        </ul>
      )}
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('plans.detail.revisions')}</Typography.Title>
      <ul>
        {d.revisions.map((r) => (
          <li key={r.id}><Link to={`/plans/${r.id}`}>{t('plans.revision', { n: r.revision })}</Link> <Tag>{t(`plans.statuses.${r.status}`)}</Tag>
            {r.publishedAt && shanghaiMinute(r.publishedAt)} {r.note}</li>
        ))}
      </ul>
      {dialog === 'edit' && <PlanEditor plan={p} onClose={() => setDialog(null)} />}
      {dialog === 'publish' && <PublishModal detail={d} onClose={() => setDialog(null)} />}
      {dialog === 'schedule' && <ScheduleModal planId={p.id} onClose={() => setDialog(null)} />}
      {dialog === 'staff' && <StaffModal plan={p} onClose={() => setDialog(null)} />}
    </div>
  );
}

function PublishModal({ detail, onClose }: { detail: PlanDetail; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ note?: string; addresses?: string[] }>();
  const pub = useMutation({
    mutationFn: (v: { note?: string; addresses?: string[] }) => publishPlan(detail.plan.id, { version: detail.plan.version, ...(v.note?.trim() ? { note: v.note.trim() } : {}), addresses: v.addresses ?? [] }),
    onSuccess: () => { void message.success(t('plans.detail.published')); void qc.invalidateQueries({ queryKey: PLANS_KEY }); onClose(); },
  });
  return (
    <Modal open title={t('plans.detail.publish')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: pub.isPending, 'data-testid': 'plan-publish-ok' } as never}
      onOk={() => void form.validateFields().then((v) => pub.mutateAsync(v)).catch(() => undefined)}>
      {pub.isError && <ErrorAlert error={pub.error} form={form} labels={{ note: t('plans.detail.note'), addresses: t('plans.detail.addresses') }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('plans.detail.note')}><Input maxLength={200} /></Form.Item>
        {detail.openActions.length > 0 && (
          <Form.Item name="addresses" label={t('plans.detail.addresses')}>
            <Checkbox.Group options={detail.openActions.map((a) => ({ value: a.id, label: a.action }))} style={{ display: 'flex', flexDirection: 'column' }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ScheduleModal({ planId, onClose }: { planId: string; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  type V = { at?: string; kind?: DrillKind; place?: string };
  const [form] = Form.useForm<V>();
  const go = useMutation({
    mutationFn: (v: V) => scheduleDrill(planId, { scheduledAt: new Date(v.at ?? '').toISOString(), kind: v.kind ?? 'tabletop', ...(v.place?.trim() ? { place: v.place.trim() } : {}) }),
    onSuccess: (drill) => { void message.success(t('plans.schedule.done')); void qc.invalidateQueries({ queryKey: PLANS_KEY }); onClose(); void navigate(`/drills/${drill.id}`); },
  });
  return (
    <Modal open title={t('plans.schedule.title')} onCancel={onClose} destroyOnHidden okText={t('plans.schedule.ok')} okButtonProps={{ loading: go.isPending, 'data-testid': 'drill-schedule-ok' } as never}
      onOk={() => void form.validateFields().then((v) => go.mutateAsync(v)).catch(() => undefined)}>
      {go.isError && <ErrorAlert error={go.error} form={form} labels={{ scheduledAt: t('plans.schedule.at'), kind: t('plans.schedule.kind'), place: t('plans.schedule.place') }} />}
      <Form form={form} layout="vertical" initialValues={{ at: defaultDrillTime(new Date()), kind: 'tabletop' }}>
        <Form.Item name="at" label={t('plans.schedule.at')} rules={[{ required: true, message: t('plans.editor.required') }]}>
          <Input type="datetime-local" data-testid="drill-at-input" />
        </Form.Item>
        <Form.Item name="kind" label={t('plans.schedule.kind')} rules={[{ required: true }]}>
          <Select options={DRILL_KINDS.map((k) => ({ value: k, label: t(`plans.kinds.${k}`) }))} data-testid="drill-kind-select" />
        </Form.Item>
        <Form.Item name="place" label={t('plans.schedule.place')}><Input maxLength={PLACE_MAX} data-testid="drill-place-input" /></Form.Item>
      </Form>
    </Modal>
  );
}

/** 安排人员: who holds each role (the community's staff), without a new revision; those newly given a role are told. */
function StaffModal({ plan, onClose }: { plan: Plan; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const staff = useQuery({ queryKey: [...PLANS_KEY, 'staff'], queryFn: ({ signal }) => getStaff(signal) });
  const [form] = Form.useForm<Record<string, string[]>>();
  const save = useMutation({
    mutationFn: (v: Record<string, string[]>) => staffPlan(plan.id, { roles: plan.roles.map((r, i) => ({ name: r.name, staffIds: v[`r${i}`] ?? [] })), version: plan.version }),
    onSuccess: () => { void message.success(t('plans.staffing.done')); void qc.invalidateQueries({ queryKey: PLANS_KEY }); onClose(); },
  });
  const options = (staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  return (
    <Modal open title={t('plans.staffing.title')} onCancel={onClose} destroyOnHidden okText={t('plans.staffing.ok')} okButtonProps={{ loading: save.isPending, 'data-testid': 'plan-staff-ok' } as never}
      onOk={() => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined)}>
      <Typography.Paragraph type="secondary">{t('plans.staffing.hint')}</Typography.Paragraph>
      {save.isError && <ErrorAlert error={save.error} />}
      {staff.isError ? <ErrorAlert error={staff.error} onRetry={() => void staff.refetch()} /> : (
        <Form form={form} layout="vertical" initialValues={Object.fromEntries(plan.roles.map((r, i) => [`r${i}`, r.staff.map((x) => x.id)]))}>
          {plan.roles.map((r, i) => (
            <Form.Item key={r.name} name={`r${i}`} label={r.name} extra={r.duties ?? undefined}>
              <Select mode="multiple" loading={staff.isPending} optionFilterProp="label" options={options} placeholder={t('plans.detail.noStaff')} data-testid="plan-staff-select" data-role={r.name} />
            </Form.Item>
          ))}
        </Form>
      )}
    </Modal>
  );
}
