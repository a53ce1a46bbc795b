// A procedure's page (procedure:read; ADR 0088): the steps of the current version, every version (现行 / 已废止 / 草稿)
// with who published it when and its change note and the runs started and completed on it, and the runs themselves
// (filtered by version and status in the address; reading them is audited server-side). For procedure:manage: the draft
// editor (ordered steps, 必做, add / remove / move, 保存 version-checked — a stale draft is reloaded with a clear word),
// 发布 with a change note, and 修订 (a new draft from the current version).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Empty, Form, Input, Pagination, Segmented, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import {
  CHANGE_NOTE_MAX, getProcedure, listRuns, newDraft, PROCEDURES_KEY, publishDraft, saveDraft, STEP_DETAIL_MAX, STEP_TITLE_MAX, STEPS_MAX,
  type ProcedureDetail, type Run, type Step, type Version,
} from './api';
import { addStep, currentVersion, draftVersion, isStale, moveStep, removeStep, stepsBody, stepsChanged, toEdit, updateStep, type EditStep } from './procedures.logic';

const STATUS_COLOURS: Record<Version['status'], string | undefined> = { published: 'green', draft: 'blue', superseded: undefined };

export function ProcedurePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: [...PROCEDURES_KEY, id], queryFn: ({ signal }) => getProcedure(id, signal) });
  usePageTitle(q.data?.procedure.title ?? t('procedures.title'));
  const [, setParams] = useUrlState();
  const revise = useMutation({
    mutationFn: () => newDraft(id),
    onSuccess: (d) => { qc.setQueryData([...PROCEDURES_KEY, id], d); void qc.invalidateQueries({ queryKey: PROCEDURES_KEY }); void message.success(t('procedures.detail.revised')); },
  });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const current = currentVersion(d.versions);
  const draft = draftVersion(d.versions);
  return (
    <div className="rx-proc-page" data-testid="procedure-page">
      <Link to="/procedures">{t('procedures.detail.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>{d.procedure.title}</Typography.Title>
      <Space wrap>
        <Tag>{t(`procedures.categories.${d.procedure.category}`)}</Tag>
        {current && <Tag color="green">{t('procedures.versionN', { n: current.number })}</Tag>}
        {d.canManage && !draft && current && (
          <Button onClick={() => void revise.mutateAsync().catch(() => undefined)} loading={revise.isPending} data-testid="proc-revise">{t('procedures.detail.revise')}</Button>
        )}
      </Space>
      {revise.isError && <ErrorAlert error={revise.error} style={{ marginTop: 8 }} />}
      {d.procedure.purpose && <Typography.Paragraph style={{ marginTop: 8 }}>{t('procedures.detail.purpose')}：{d.procedure.purpose}</Typography.Paragraph>}

      {d.canManage && draft && <DraftEditor detail={d} draft={draft} current={current} />}

      <section aria-labelledby="proc-current-title">
        <Typography.Title level={2} id="proc-current-title" style={{ fontSize: 18, marginTop: 16 }}>
          {current ? t('procedures.detail.current', { n: current.number }) : t('procedures.detail.versions')}
        </Typography.Title>
        {current ? <StepList steps={current.steps} testId="proc-current-steps" /> : <Typography.Paragraph type="secondary">{t('procedures.detail.noCurrent')}</Typography.Paragraph>}
      </section>

      <section aria-labelledby="proc-versions-title">
        <Typography.Title level={2} id="proc-versions-title" style={{ fontSize: 18, marginTop: 16 }}>{t('procedures.detail.versions')}</Typography.Title>
        <ul className="rx-proc-list" data-testid="proc-versions">
          {d.versions.map((v) => (
            <li key={v.id} className="rx-card rx-proc-card" data-testid="proc-version" data-number={v.number} data-status={v.status}>
              <Space wrap>
                <strong>{t('procedures.versionN', { n: v.number })}</strong>
                <Tag color={STATUS_COLOURS[v.status]}>{t(`procedures.statuses.${v.status}`)}</Tag>
              </Space>
              <div className="rx-proc-quiet">
                {v.publishedAt ? t('procedures.detail.publishedBy', { name: v.publishedBy?.name ?? '', at: shanghaiMinute(v.publishedAt) }) : t('procedures.detail.draftSince', { at: shanghaiMinute(v.createdAt) })}
                {v.supersededAt && ` · ${t('procedures.detail.superseded', { at: shanghaiMinute(v.supersededAt) })}`}
              </div>
              {v.changeNote && <div data-testid="proc-change-note">{t('procedures.detail.changeNote')}：{v.changeNote}</div>}
              {v.status !== 'draft' && (
                <div>
                  <span data-testid="proc-version-runs">{t('procedures.detail.runsLine', { started: v.runs.started, completed: v.runs.completed })}</span>
                  {v.runs.started > 0 && (
                    <Button type="link" onClick={() => setParams({ runsVersion: v.id, runsPage: null }, { replace: true })} data-testid="proc-show-runs">{t('procedures.detail.showRuns')}</Button>
                  )}
                </div>
              )}
              {v.status === 'superseded' && (
                <details><summary>{t('procedures.detail.steps')}（{v.steps.length}）</summary><StepList steps={v.steps} /></details>
              )}
            </li>
          ))}
        </ul>
      </section>

      <RunsSection detail={d} />
    </div>
  );
}

function StepList({ steps, testId }: { steps: Step[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <ol className="rx-proc-steps" data-testid={testId}>
      {steps.map((s, i) => (
        <li key={i}>
          <span className="rx-proc-step-title">{s.title}</span> {s.required ? <Tag color="red">{t('procedures.detail.requiredTag')}</Tag> : <Tag>{t('procedures.detail.optional')}</Tag>}
          {s.detail && <div className="rx-proc-quiet">{s.detail}</div>}
        </li>
      ))}
    </ol>
  );
}

function DraftEditor({ detail, draft, current }: { detail: ProcedureDetail; draft: Version; current: Version | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const pid = detail.procedure.id;
  const [steps, setSteps] = useState<EditStep[]>(() => toEdit(draft.steps));
  const [stale, setStale] = useState(false);
  const [publishing, setPublishing] = useState(false);
  // A newer draft from the server (saved here, or by someone else and reloaded) replaces what the editor holds.
  useEffect(() => setSteps(toEdit(draft.steps)), [draft.id, draft.version]);
  const save = useMutation({
    mutationFn: () => saveDraft(pid, { steps: stepsBody(steps), version: draft.version }),
    onSuccess: (d) => { setStale(false); qc.setQueryData([...PROCEDURES_KEY, pid], d); void qc.invalidateQueries({ queryKey: PROCEDURES_KEY }); void message.success(t('procedures.editor.saved')); },
    onError: (e) => {
      if (!isStale(e)) return;
      setStale(true);
      void qc.invalidateQueries({ queryKey: [...PROCEDURES_KEY, pid] });
    },
  });
  const dirty = stepsChanged(steps, draft.steps);
  const set = (i: number, patch: Partial<Omit<EditStep, 'key'>>) => setSteps((s) => updateStep(s, i, patch));
  return (
    <section aria-labelledby="proc-draft-title" className="rx-card rx-proc-draft" data-testid="proc-draft">
      <Typography.Title level={2} id="proc-draft-title" style={{ fontSize: 18 }}>{t('procedures.editor.title', { n: draft.number })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('procedures.editor.hint')} {t('procedures.editor.noPersonal')}</Typography.Paragraph>
      {stale && <Alert type="warning" showIcon title={t('procedures.editor.stale')} style={{ marginBottom: 12 }} data-testid="proc-stale" />}
      {save.isError && !isStale(save.error) && <ErrorAlert error={save.error} labels={{ title: t('procedures.editor.stepTitle'), detail: t('procedures.editor.stepDetail'), steps: t('procedures.detail.steps') }} />}
      {!steps.length && <Typography.Paragraph type="secondary">{t('procedures.editor.empty')}</Typography.Paragraph>}
      <ol className="rx-proc-edit-list">
        {steps.map((s, i) => (
          <li key={s.key} className="rx-proc-edit-step" data-testid="proc-edit-step">
            <div className="rx-proc-edit-head">
              <strong>{t('procedures.editor.stepN', { n: i + 1 })}</strong>
              <Checkbox checked={s.required} onChange={(e) => set(i, { required: e.target.checked })} data-testid="proc-step-required">{t('procedures.editor.required')}</Checkbox>
              <span className="rx-proc-edit-tools">
                <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={`${t('procedures.editor.up')} ${i + 1}`} onClick={() => setSteps((x) => moveStep(x, i, -1))} data-testid="proc-step-up" />
                <Button size="small" icon={<ArrowDownOutlined />} disabled={i === steps.length - 1} aria-label={`${t('procedures.editor.down')} ${i + 1}`} onClick={() => setSteps((x) => moveStep(x, i, 1))} data-testid="proc-step-down" />
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('procedures.editor.remove')} ${i + 1}`} onClick={() => setSteps((x) => removeStep(x, i))} data-testid="proc-step-remove" />
              </span>
            </div>
            <Input value={s.title} maxLength={STEP_TITLE_MAX} placeholder={t('procedures.editor.stepTitle')} aria-label={`${t('procedures.editor.stepN', { n: i + 1 })} ${t('procedures.editor.stepTitle')}`}
              onChange={(e) => set(i, { title: e.target.value })} data-testid="proc-step-title" />
            <Input.TextArea value={s.detail} maxLength={STEP_DETAIL_MAX} rows={2} placeholder={t('procedures.editor.stepDetail')} style={{ marginTop: 6 }}
              aria-label={`${t('procedures.editor.stepN', { n: i + 1 })} ${t('procedures.editor.stepDetail')}`} onChange={(e) => set(i, { detail: e.target.value })} data-testid="proc-step-detail" />
          </li>
        ))}
      </ol>
      <Space wrap>
        <Button icon={<PlusOutlined />} disabled={steps.length >= STEPS_MAX} onClick={() => setSteps((x) => addStep(x))} data-testid="proc-step-add">{t('procedures.editor.add')}</Button>
        <Button onClick={() => void save.mutateAsync().catch(() => undefined)} loading={save.isPending} disabled={!dirty} data-testid="proc-save">{t('procedures.editor.save')}</Button>
        <Button type="primary" disabled={dirty || !draft.steps.length} onClick={() => setPublishing(true)} data-testid="proc-publish">{t('procedures.editor.publish')}</Button>
        {dirty && <span className="rx-proc-quiet" data-testid="proc-unsaved">{t('procedures.editor.unsaved')} · {t('procedures.editor.saveFirst')}</span>}
      </Space>
      {publishing && <PublishModal pid={pid} draft={draft} current={current} onClose={() => setPublishing(false)} />}
    </section>
  );
}

function PublishModal({ pid, draft, current, onClose }: { pid: string; draft: Version; current: Version | null; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ changeNote?: string }>();
  const pub = useMutation({
    mutationFn: (note: string) => publishDraft(pid, { changeNote: note, version: draft.version }),
    onSuccess: (d) => {
      qc.setQueryData([...PROCEDURES_KEY, pid], d);
      void qc.invalidateQueries({ queryKey: PROCEDURES_KEY });
      void message.success(t('procedures.publish.done', { n: draft.number }));
      onClose();
    },
    onError: (e) => { if (isStale(e)) void qc.invalidateQueries({ queryKey: [...PROCEDURES_KEY, pid] }); },
  });
  return (
    <Modal open title={t('procedures.publish.title', { n: draft.number })} onCancel={onClose} destroyOnHidden okText={t('procedures.publish.ok')} cancelText={t('procedures.cancel')}
      okButtonProps={{ loading: pub.isPending, 'data-testid': 'proc-publish-ok' } as never}
      onOk={() => void form.validateFields().then((v) => pub.mutateAsync((v.changeNote ?? '').trim())).catch(() => undefined)}>
      {pub.isError && <ErrorAlert error={pub.error} form={form} labels={{ changeNote: t('procedures.publish.note') }} />}
      {current && <Typography.Paragraph type="secondary">{t('procedures.publish.supersedes', { n: current.number })}</Typography.Paragraph>}
      <Form form={form} layout="vertical">
        <Form.Item name="changeNote" label={t('procedures.publish.note')} extra={t('procedures.editor.noPersonal')}
          rules={[{ required: true, whitespace: true, message: t('procedures.required') }, { min: 2, message: t('procedures.publish.noteMin') }]}>
          <Input.TextArea rows={3} maxLength={CHANGE_NOTE_MAX} placeholder={t('procedures.publish.noteHint')} data-testid="proc-change-note-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RunsSection({ detail }: { detail: ProcedureDetail }) {
  const { t } = useTranslation();
  const [params, setParams] = useUrlState();
  const versionId = detail.versions.some((v) => v.id === params.get('runsVersion')) ? params.get('runsVersion')! : undefined;
  const status = params.get('runsStatus') === 'open' || params.get('runsStatus') === 'done' ? (params.get('runsStatus') as 'open' | 'done') : undefined;
  const page = Math.max(1, Number.parseInt(params.get('runsPage') ?? '1', 10) || 1);
  const pid = detail.procedure.id;
  const q = useQuery({
    queryKey: [...PROCEDURES_KEY, pid, 'runs', versionId ?? '', status ?? '', page], placeholderData: keepPreviousData,
    queryFn: ({ signal }) => listRuns(pid, { page, ...(versionId ? { versionId } : {}), ...(status ? { status } : {}) }, signal),
  });
  const published = detail.versions.filter((v) => v.status !== 'draft');
  return (
    <section aria-labelledby="proc-runs-title">
      <Typography.Title level={2} id="proc-runs-title" style={{ fontSize: 18, marginTop: 16 }}>{t('procedures.detail.runs')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('procedures.detail.runsHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ minWidth: 140 }} aria-label={t('procedures.detail.versions')} value={versionId ?? ''} data-testid="proc-runs-version"
          onChange={(v: string) => setParams({ runsVersion: v || null, runsPage: null }, { replace: true })}
          options={[{ value: '', label: t('procedures.detail.allVersions') }, ...published.map((v) => ({ value: v.id, label: t('procedures.versionN', { n: v.number }) }))]} />
        <Segmented<string> value={status ?? ''} onChange={(v) => setParams({ runsStatus: v || null, runsPage: null }, { replace: true })} data-testid="proc-runs-status"
          options={[{ value: '', label: t('procedures.detail.allStatuses') }, { value: 'open', label: t('procedures.detail.runStatuses.open') }, { value: 'done', label: t('procedures.detail.runStatuses.done') }]} />
      </Space>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? (
        <Empty description={t('procedures.detail.runsEmpty')} data-testid="proc-runs-empty" />
      ) : (
        <>
          <ul className="rx-proc-list" data-testid="proc-runs">
            {q.data.items.map((r) => <RunCard key={r.id} run={r} />)}
          </ul>
          <Pagination style={{ marginTop: 12 }} current={q.data.page} pageSize={q.data.pageSize} total={q.data.total} showSizeChanger={false}
            showTotal={(n) => t('procedures.detail.total', { n })} onChange={(p) => setParams({ runsPage: p === 1 ? null : String(p) })} />
        </>
      )}
    </section>
  );
}

function RunCard({ run }: { run: Run }) {
  const { t } = useTranslation();
  return (
    <li className="rx-card rx-proc-card" data-testid="proc-run" data-subject={run.subject} data-version={run.versionNumber} data-status={run.status}>
      <Space wrap>
        <strong>{run.subject}</strong>
        <Tag>{t('procedures.versionN', { n: run.versionNumber })}</Tag>
        <Tag color={run.status === 'done' ? 'green' : 'blue'}>{t(`procedures.detail.runStatuses.${run.status}`)}</Tag>
      </Space>
      <div className="rx-proc-quiet">
        {t('procedures.detail.runLine', { who: run.startedBy?.name ?? '', at: shanghaiMinute(run.startedAt) })}
        {run.completedAt && ` · ${t('procedures.detail.completedAt', { at: shanghaiMinute(run.completedAt) })}`}
      </div>
      <details>
        <summary>{t('procedures.mine.progress', { done: run.progress.done, total: run.progress.total })}</summary>
        <ol className="rx-proc-steps">
          {run.steps.map((s) => (
            <li key={s.no}>{s.done ? '✓' : '○'} {s.title} {s.required ? null : <Tag>{t('procedures.detail.optional')}</Tag>}
              {s.note && <div className="rx-proc-quiet">{t('procedures.mine.note')}：{s.note}</div>}</li>
          ))}
        </ol>
      </details>
    </li>
  );
}
