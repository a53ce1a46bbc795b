// The drill run page (ADR 0089), for a tablet or a phone: a big 开始, each step with 完成 showing the elapsed minutes vs
// its target, attendance ticks and the residents' count, 结束; then the review (复盘): findings and revision actions.
import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Empty, Form, Input, InputNumber, Select, Skeleton, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { addFinding, finishDrill, FINDING_MAX, getDrill, markStep, PLANS_KEY, saveAttendance, SEVERITIES, startDrill, type Drill, type Severity } from './api';
import { elapsedMinutes, stepState } from './plans.logic';

const STATE_COLOR = { pending: undefined, overdue: 'red', onTime: 'green', late: 'orange' } as const;

export function DrillPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const key = ['drills', id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => getDrill(id, signal) });
  usePageTitle(q.data ? q.data.plan.title : t('plans.title'));
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const act = useMutation({
    mutationFn: (f: (d: Drill) => Promise<Drill>) => f(q.data!),
    onSuccess: (d) => { qc.setQueryData(key, d); void qc.invalidateQueries({ queryKey: PLANS_KEY }); },
  });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const elapsed = d.status === 'running' ? elapsedMinutes(d.startedAt, now) : null;
  const run = (f: (d: Drill) => Promise<Drill>) => void act.mutateAsync(f).catch(() => undefined);
  return (
    <div className="rx-drill" data-testid="drill-page">
      <Link to={`/plans/${d.plan.id}`}>{d.plan.title}</Link>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('plans.drill.title', { plan: d.plan.title, kind: t(`plans.kinds.${d.kind}`) })}</Typography.Title>
      <div>
        <Tag data-testid="drill-status">{t(`plans.drillStatuses.${d.status}`)}</Tag> {t('plans.drill.scheduledAt', { at: shanghaiMinute(d.scheduledAt) })} {d.place}
      </div>
      {elapsed !== null && <div className="rx-drill-clock" data-testid="drill-elapsed">{t('plans.drill.elapsed', { n: elapsed })}</div>}
      {act.isError && <ErrorAlert error={act.error} />}
      {d.canManage && d.status === 'scheduled' && (
        <Button type="primary" size="large" block className="rx-drill-big" loading={act.isPending} onClick={() => run((x) => startDrill(x.id, x.version))} data-testid="drill-start">{t('plans.drill.start')}</Button>
      )}
      <ol className="rx-drill-steps" data-testid="drill-steps">
        {d.steps.map((s) => {
          const st = stepState(s, elapsed);
          return (
            <li key={s.no} className="rx-drill-step" data-testid="drill-step">
              <div className="rx-drill-step-title">{s.no}. {s.title} <Tag>{s.role}</Tag></div>
              <div>
                {s.doneAt ? t('plans.drill.doneLine', { elapsed: s.elapsedMinutes, target: s.targetMinutes }) : t('plans.drill.stepLine', { target: s.targetMinutes })}
                {' '}<Tag color={STATE_COLOR[st]} data-testid="drill-step-state">{t(`plans.drill.states.${st}`)}</Tag>
              </div>
              {d.canManage && d.status === 'running' && (
                s.doneAt
                  ? <Button onClick={() => run((x) => markStep(x.id, s.no, { version: x.version, done: false }))}>{t('plans.drill.undo')}</Button>
                  : <Button type="primary" size="large" onClick={() => run((x) => markStep(x.id, s.no, { version: x.version, done: true }))} data-testid="drill-step-done">{t('plans.drill.done')}</Button>
              )}
            </li>
          );
        })}
      </ol>
      {d.canManage && d.status !== 'scheduled' && <Attendance drill={d} onSaved={(x) => qc.setQueryData(key, x)} />}
      {d.canManage && d.status === 'running' && (
        <Button danger size="large" block className="rx-drill-big" loading={act.isPending} onClick={() => run((x) => finishDrill(x.id, x.version))} data-testid="drill-finish">{t('plans.drill.finish')}</Button>
      )}
      {d.status === 'finished' && <Review drill={d} onSaved={(x) => { qc.setQueryData(key, x); void qc.invalidateQueries({ queryKey: PLANS_KEY }); }} />}
    </div>
  );
}

function Attendance({ drill, onSaved }: { drill: Drill; onSaved: (d: Drill) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [present, setPresent] = useState<string[]>(() => drill.attendance.map((a) => a.id));
  const [residents, setResidents] = useState<number>(drill.residentsCount);
  const save = useMutation({
    mutationFn: () => saveAttendance(drill.id, { version: drill.version, present, residents }),
    onSuccess: (d) => { void message.success(t('plans.drill.attendanceSaved')); onSaved(d); },
  });
  return (
    <section className="rx-drill-attendance" data-testid="drill-attendance">
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('plans.drill.attendance')}</Typography.Title>
      {save.isError && <ErrorAlert error={save.error} />}
      <Checkbox.Group value={present} onChange={(v) => setPresent(v as string[])} options={drill.staff.map((s) => ({ value: s.id, label: s.name }))} className="rx-drill-ticks" />
      <div style={{ marginTop: 8 }}>
        <label htmlFor="drill-residents">{t('plans.drill.residents')}</label>{' '}
        <InputNumber id="drill-residents" min={0} max={10000} value={residents} onChange={(v) => setResidents(Number(v ?? 0))} data-testid="drill-residents-input" />
        {' '}<Button onClick={() => void save.mutateAsync().catch(() => undefined)} loading={save.isPending} data-testid="drill-attendance-save">{t('plans.drill.saveAttendance')}</Button>
      </div>
    </section>
  );
}

function Review({ drill, onSaved }: { drill: Drill; onSaved: (d: Drill) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  type V = { text?: string; severity?: Severity; action?: string };
  const [form] = Form.useForm<V>();
  const add = useMutation({
    mutationFn: (v: V) => addFinding(drill.id, { text: (v.text ?? '').trim(), severity: v.severity ?? 'medium', ...(v.action?.trim() ? { action: v.action.trim() } : {}) }),
    onSuccess: (d) => { void message.success(t('plans.drill.findingAdded')); form.resetFields(); onSaved(d); },
  });
  return (
    <section data-testid="drill-review">
      <Typography.Paragraph>{t('plans.drill.finished')}</Typography.Paragraph>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('plans.drill.review')}</Typography.Title>
      {!drill.findings.length ? <Empty description={t('plans.drill.noFindings')} /> : (
        <ul data-testid="drill-findings">
          {drill.findings.map((f) => (
            <li key={f.id} data-testid="drill-finding"><Tag>{t(`plans.severities.${f.severity}`)}</Tag>{f.text}{f.action && <div className="rx-plan-muted">{f.action}</div>}</li>
          ))}
        </ul>
      )}
      {drill.canManage && (
        <Form form={form} layout="vertical" initialValues={{ severity: 'medium' }} onFinish={(v) => void add.mutateAsync(v).catch(() => undefined)}>
          {add.isError && <ErrorAlert error={add.error} form={form} labels={{ text: t('plans.drill.finding'), severity: t('plans.drill.severity'), action: t('plans.drill.action') }} />}
          <Form.Item name="text" label={t('plans.drill.finding')} rules={[{ required: true, whitespace: true, message: t('plans.editor.required') }, { min: 2, max: FINDING_MAX }]} extra={t('plans.editor.hint')}>
            <Input.TextArea rows={3} maxLength={FINDING_MAX} data-testid="finding-text-input" />
          </Form.Item>
          <Form.Item name="severity" label={t('plans.drill.severity')}>
            <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`plans.severities.${s}`) }))} />
          </Form.Item>
          <Form.Item name="action" label={t('plans.drill.action')}>
            <Input maxLength={FINDING_MAX} data-testid="finding-action-input" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="finding-add">{t('plans.drill.addFinding')}</Button>
        </Form>
      )}
    </section>
  );
}
