// 我的清单 (procedure:run; ADR 0088), phone first: 开始 a checklist of a procedure's current version for a subject or
// place (optionally for one of my open work tasks), tick each step with a note, 完成 — refused while a required step is
// open, naming the steps — and below, what I completed in the last 7 days.
import { useState } from 'react';
import { Alert, App, Button, Checkbox, Empty, Form, Input, Select, Skeleton, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import {
  completeChecklist, getMyChecklists, getMyOpenTasks, listProcedures, MY_CHECKLISTS_KEY, NOTE_MAX, PROCEDURES_KEY, startChecklist, SUBJECT_MAX, tickStep,
  type MyChecklists, type Run, type RunStep,
} from './api';
import { missingSteps, openRequired, putRun } from './procedures.logic';

export function ChecklistsPage() {
  const { t } = useTranslation();
  usePageTitle(t('procedures.mine.title'));
  const q = useQuery({ queryKey: MY_CHECKLISTS_KEY, queryFn: ({ signal }) => getMyChecklists(signal) });
  const [starting, setStarting] = useState(false);
  return (
    <div className="rx-proc-mine" data-testid="checklists-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('procedures.mine.title')}</Typography.Title>
      <div className="rx-proc-mine-bar">
        <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setStarting(true)} data-testid="checklist-start">{t('procedures.mine.start')}</Button>
        <Button size="large" icon={<ReloadOutlined />} onClick={() => void q.refetch()}>{t('procedures.refresh')}</Button>
      </div>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : (
        <>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('procedures.mine.open')}</Typography.Title>
          {!q.data.open.length ? <Empty description={t('procedures.mine.none')} data-testid="checklist-none" /> : (
            <ul className="rx-proc-list" data-testid="checklist-open-list">
              {q.data.open.map((r) => <OpenChecklist key={r.id} run={r} />)}
            </ul>
          )}
          {q.data.done.length > 0 && (
            <>
              <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('procedures.mine.done')}</Typography.Title>
              <ul className="rx-proc-list" data-testid="checklist-done-list">
                {q.data.done.map((r) => (
                  <li key={r.id} className="rx-card rx-proc-card" data-testid="checklist-done" data-subject={r.subject}>
                    <strong>{r.procedure.title}</strong> <Tag>{t('procedures.mine.version', { n: r.versionNumber })}</Tag>
                    <div>{r.subject}</div>
                    <div className="rx-proc-quiet">
                      {t('procedures.mine.progress', { done: r.progress.done, total: r.progress.total })}
                      {r.completedAt && ` · ${t('procedures.mine.completedAt', { at: shanghaiMinute(r.completedAt) })}`}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {starting && <StartModal onClose={() => setStarting(false)} />}
    </div>
  );
}

function OpenChecklist({ run }: { run: Run }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const tick = useMutation({
    mutationFn: (v: { step: RunStep; done: boolean }) => tickStep(run.id, v.step.no, { done: v.done, ...(v.done && notes[v.step.no]?.trim() ? { note: notes[v.step.no]!.trim() } : {}) }),
    onSuccess: (r) => { complete.reset(); qc.setQueryData<MyChecklists>(MY_CHECKLISTS_KEY, (d) => putRun(d, r)); },
  });
  const complete = useMutation({
    mutationFn: () => completeChecklist(run.id, run.version),
    onSuccess: (r) => { void message.success(t('procedures.mine.completed')); qc.setQueryData<MyChecklists>(MY_CHECKLISTS_KEY, (d) => putRun(d, r)); void qc.invalidateQueries({ queryKey: PROCEDURES_KEY }); },
  });
  const missing = missingSteps(complete.error, run);
  const missingNos = new Set(missing.map((m) => m.no));
  return (
    <li className="rx-card rx-proc-card rx-proc-run" data-testid="checklist-open" data-subject={run.subject} data-procedure={run.procedure.title}>
      <h3 className="rx-proc-run-title">{run.procedure.title}</h3>
      <div><strong>{run.subject}</strong> <Tag>{t('procedures.mine.version', { n: run.versionNumber })}</Tag>{run.taskId && <Tag color="purple">{t('procedures.mine.taskLinked')}</Tag>}</div>
      <div className="rx-proc-quiet" data-testid="checklist-progress">
        {t('procedures.mine.progress', { done: run.progress.done, total: run.progress.total })} · {t('procedures.mine.startedAt', { at: shanghaiMinute(run.startedAt) })}
      </div>
      <ol className="rx-proc-run-steps">
        {run.steps.map((s) => (
          <li key={s.no} className={`rx-proc-run-step${missingNos.has(s.no) ? ' rx-proc-run-missing' : ''}`} data-testid="checklist-step" data-no={s.no} data-done={s.done ? 'yes' : 'no'}>
            <Checkbox checked={s.done} disabled={tick.isPending} onChange={(e) => void tick.mutateAsync({ step: s, done: e.target.checked }).catch(() => undefined)} data-testid="checklist-tick">
              <span className="rx-proc-step-title">{s.no}. {s.title}</span> {s.required ? <Tag color="red">{t('procedures.detail.requiredTag')}</Tag> : <Tag>{t('procedures.detail.optional')}</Tag>}
            </Checkbox>
            {s.detail && <div className="rx-proc-quiet rx-proc-indent">{s.detail}</div>}
            {s.done ? (s.note && <div className="rx-proc-indent" data-testid="checklist-note">{t('procedures.mine.note')}：{s.note}</div>) : (
              <Input className="rx-proc-indent" style={{ marginTop: 4 }} maxLength={NOTE_MAX} placeholder={t('procedures.mine.notePlaceholder')} aria-label={`${s.title} ${t('procedures.mine.note')}`}
                value={notes[s.no] ?? ''} onChange={(e) => setNotes((n) => ({ ...n, [s.no]: e.target.value }))} data-testid="checklist-note-input" />
            )}
          </li>
        ))}
      </ol>
      {tick.isError && <ErrorAlert error={tick.error} labels={{ note: t('procedures.mine.note') }} />}
      {missing.length > 0 ? (
        <Alert type="error" showIcon role="alert" data-testid="checklist-missing" title={t('procedures.mine.missing')}
          description={<ul className="rx-proc-missing">{missing.map((m) => <li key={m.no}>{m.no}. {m.title}</li>)}</ul>} />
      ) : complete.isError && <ErrorAlert error={complete.error} />}
      <Button type="primary" size="large" block style={{ marginTop: 8 }} loading={complete.isPending} onClick={() => void complete.mutateAsync().catch(() => undefined)}
        data-testid="checklist-complete" data-open-required={openRequired(run).length}>{t('procedures.mine.complete')}</Button>
    </li>
  );
}

function StartModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const mayTask = hasPermission(useMe(), 'task:work');
  const procs = useQuery({ queryKey: [...PROCEDURES_KEY, 'list', null], queryFn: ({ signal }) => listProcedures(null, signal) });
  const tasks = useQuery({ queryKey: ['me', 'tasks'], queryFn: ({ signal }) => getMyOpenTasks(signal), enabled: mayTask });
  type V = { procedureId?: string; subject?: string; taskId?: string };
  const [form] = Form.useForm<V>();
  const start = useMutation({
    mutationFn: (v: V) => startChecklist({ procedureId: v.procedureId ?? '', subject: (v.subject ?? '').trim(), ...(v.taskId ? { taskId: v.taskId } : {}) }),
    onSuccess: (r) => {
      void message.success(t('procedures.mine.started', { title: r.procedure.title }));
      qc.setQueryData<MyChecklists>(MY_CHECKLISTS_KEY, (d) => putRun(d, r));
      void qc.invalidateQueries({ queryKey: MY_CHECKLISTS_KEY });
      onClose();
    },
  });
  const usable = (procs.data?.items ?? []).filter((p) => p.current);
  const labels = { procedureId: t('procedures.mine.procedure'), subject: t('procedures.mine.subject'), taskId: t('procedures.mine.task') };
  return (
    <Modal open title={t('procedures.mine.startTitle')} onCancel={onClose} destroyOnHidden okText={t('procedures.mine.startOk')} cancelText={t('procedures.cancel')}
      okButtonProps={{ loading: start.isPending, 'data-testid': 'checklist-start-ok' } as never}
      onOk={() => void form.validateFields().then((v) => start.mutateAsync(v)).catch(() => undefined)}>
      {start.isError && <ErrorAlert error={start.error} form={form} labels={labels} />}
      {procs.isError && <ErrorAlert error={procs.error} onRetry={() => void procs.refetch()} />}
      <Form form={form} layout="vertical">
        <Form.Item name="procedureId" label={labels.procedureId} rules={[{ required: true, message: t('procedures.required') }]}
          extra={procs.isSuccess && !usable.length ? t('procedures.mine.noProcedures') : undefined}>
          <Select loading={procs.isPending} data-testid="checklist-procedure" showSearch optionFilterProp="label"
            options={usable.map((p) => ({ value: p.id, label: `${p.title}（${t('procedures.versionN', { n: p.current!.number })}）` }))} />
        </Form.Item>
        <Form.Item name="subject" label={labels.subject} extra={t('procedures.editor.noPersonal')} rules={[{ required: true, whitespace: true, message: t('procedures.required') }]}>
          <Input maxLength={SUBJECT_MAX} placeholder={t('procedures.mine.subjectHint')} data-testid="checklist-subject" />
        </Form.Item>
        {mayTask && (
          <Form.Item name="taskId" label={labels.taskId}>
            <Select allowClear loading={tasks.isPending} data-testid="checklist-task"
              options={(tasks.data?.open ?? []).map((x) => ({ value: x.id, label: x.place ? `${x.title} · ${x.place}` : x.title }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
