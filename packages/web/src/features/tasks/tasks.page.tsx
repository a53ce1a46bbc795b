// 工作任务 (task:read; ADR 0087): the community's task board — 工作量 (each worker's open, overdue and urgent tasks and
// those done in 7 days, with 待分派), the tasks by 进行中 / 已超时 / 已办结 / 已取消, kind and worker (kept in the
// address), and with task:manage 派发任务 (to a worker, to the least loaded, one per grid, or 待分派), 指派 / 自动分派,
// 退回 a done task whose evidence does not hold, 取消. A completed task's photo opens from its card.
import { useState } from 'react';
import { App, Button, Empty, Form, Input, Pagination, Radio, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import {
  assignTask, cancelTask, createTasks, DETAIL_MAX, getMeta, getWorkload, listTasks, PLACE_MAX, REASON_MAX, reopenTask, TASK_FILTERS, TASK_KINDS, TASK_PRIORITIES,
  TASKS_KEY, TITLE_MAX, type Load, type Meta, type Task, type TaskFilter, type Workload,
} from './api';
import { TaskCard } from './shared';
import { defaultDue, filtersOf, taskInput, type DispatchMode, type TaskValues } from './tasks.logic';
import './tasks.css';

export function useTaskMeta() {
  return useQuery({ queryKey: [...TASKS_KEY, 'meta'], queryFn: ({ signal }) => getMeta(signal), staleTime: 600_000 });
}

export function TasksPage() {
  const { t } = useTranslation();
  usePageTitle(t('tasks.title'));
  const me = useMe();
  const mayManage = hasPermission(me, 'task:manage');
  const inCommunity = me?.org.level === 'community' || me?.org.level === 'grid';
  const meta = useTaskMeta();
  const workload = useQuery({ queryKey: [...TASKS_KEY, 'workload'], queryFn: ({ signal }) => getWorkload(signal), enabled: inCommunity });
  const [dispatching, setDispatching] = useState(false);
  return (
    <div className="rx-task-page" data-testid="task-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('tasks.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('tasks.description')}</Typography.Paragraph>
      {inCommunity && (workload.isError ? <ErrorAlert error={workload.error} onRetry={() => void workload.refetch()} /> : workload.isPending ? <Skeleton active /> : (
        <WorkloadPanel w={workload.data} />
      ))}
      <TaskList workload={workload.data} mayManage={mayManage} onDispatch={mayManage ? () => setDispatching(true) : undefined} />
      {dispatching && <DispatchModal meta={meta.data} workload={workload.data} onClose={() => setDispatching(false)} />}
    </div>
  );
}

function WorkloadPanel({ w }: { w: Workload }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [, setParams] = useUrlState();
  const sum = (k: 'open' | 'overdue' | 'doneWeek') => w.items.reduce((a, l) => a + l[k], 0);
  const show = (assignee: string, status: TaskFilter = 'open') => setParams({ assignee, status: status === 'open' ? null : status, page: null }, { replace: true });
  return (
    <section aria-labelledby="task-load-title" className="rx-task-load" data-testid="task-workload">
      <Typography.Title level={2} id="task-load-title" style={{ fontSize: 18 }}>{t('tasks.load.title', { community: w.community.name })}</Typography.Title>
      <Figures>
        <Figure testId="task-fig-open" value={sum('open') + w.unassigned} label={t('tasks.load.open')} />
        <Figure testId="task-fig-overdue" value={sum('overdue')} label={t('tasks.load.overdue')} valueClassName={sum('overdue') ? 'rx-task-bad' : undefined} />
        <Figure testId="task-fig-unassigned" value={w.unassigned} label={t('tasks.load.unassigned')} />
        <Figure testId="task-fig-done" value={sum('doneWeek')} label={t('tasks.load.doneWeek')} />
      </Figures>
      {w.unassigned > 0 && (
        <Button type="link" onClick={() => show('none')} data-testid="task-show-unassigned">{t('tasks.load.showUnassigned', { n: w.unassigned })}</Button>
      )}
      {isMobile ? (
        <ul className="rx-task-list" style={{ marginTop: 8 }}>
          {w.items.map((l) => (
            <li key={l.userId} className="rx-card rx-task-card" data-testid="task-load-row" data-user={l.name}>
              <Button type="link" style={{ padding: 0 }} onClick={() => show(l.userId)}>{l.name}</Button>
              <span className="rx-task-quiet"> · {l.org.name}</span>
              <div>{t('tasks.load.line', { open: l.open, overdue: l.overdue, done: l.doneWeek })}</div>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<Load> rowKey="userId" size="small" pagination={false} style={{ marginTop: 8 }} dataSource={w.items}
          onRow={(l) => ({ 'data-testid': 'task-load-row', 'data-user': l.name } as never)}
          columns={[
            { title: t('tasks.load.worker'), key: 'name', render: (_, l) => <Button type="link" style={{ padding: 0 }} onClick={() => show(l.userId)}>{l.name}</Button> },
            { title: t('tasks.load.org'), key: 'org', render: (_, l) => l.org.name },
            { title: t('tasks.load.open'), dataIndex: 'open', align: 'right', render: (v: number) => <span data-testid="task-load-open">{v}</span> },
            { title: t('tasks.load.overdue'), dataIndex: 'overdue', align: 'right', render: (v: number, l) => (v ? <Button type="link" danger style={{ padding: 0 }} onClick={() => show(l.userId, 'overdue')}>{v}</Button> : v) },
            { title: t('tasks.load.urgent'), dataIndex: 'urgent', align: 'right' },
            { title: t('tasks.load.doneWeek'), dataIndex: 'doneWeek', align: 'right' },
          ]} />
      )}
    </section>
  );
}

function TaskList({ workload, mayManage, onDispatch }: { workload: Workload | undefined; mayManage: boolean; onDispatch?: () => void }) {
  const { t } = useTranslation();
  const [params, setParams] = useUrlState();
  const f = filtersOf(params);
  const q = useQuery({
    queryKey: [...TASKS_KEY, 'list', f], placeholderData: keepPreviousData,
    queryFn: ({ signal }) => listTasks({ status: f.status, page: f.page, ...(f.kind ? { kind: f.kind } : {}), ...(f.assignee ? { assignee: f.assignee } : {}) }, signal),
  });
  const [acting, setActing] = useState<{ task: Task; what: 'assign' | 'reopen' | 'cancel' } | null>(null);
  const set = (o: Record<string, string | null>) => setParams({ ...o, page: null }, { replace: true });
  const people = [{ value: 'none', label: t('tasks.unassigned') }, ...(workload?.items ?? []).map((l) => ({ value: l.userId, label: l.name }))];
  return (
    <section aria-labelledby="task-list-title" style={{ marginTop: 16 }}>
      <Typography.Title level={2} id="task-list-title" style={{ fontSize: 18 }}>{t('tasks.list.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<TaskFilter> value={f.status} onChange={(v) => set({ status: v === 'open' ? null : v })} data-testid="task-status"
          options={TASK_FILTERS.map((s) => ({ value: s, label: t(`tasks.filters.${s}`) }))} />
        <Select allowClear placeholder={t('tasks.list.kind')} aria-label={t('tasks.list.kind')} style={{ minWidth: 130 }} value={f.kind ?? undefined}
          onChange={(v?: string) => set({ kind: v ?? null })} options={TASK_KINDS.map((k) => ({ value: k, label: t(`tasks.kinds.${k}`) }))} data-testid="task-kind-filter" />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('tasks.list.assignee')} aria-label={t('tasks.list.assignee')} style={{ minWidth: 150 }}
          value={f.assignee ?? undefined} onChange={(v?: string) => set({ assignee: v ?? null })} options={people} data-testid="task-assignee-filter" />
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>{t('tasks.refresh')}</Button>
        {onDispatch && <Button type="primary" icon={<PlusOutlined />} onClick={onDispatch} data-testid="task-dispatch">{t('tasks.dispatch.open')}</Button>}
      </Space>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? (
        <Empty description={t('tasks.list.empty')} data-testid="task-empty" />
      ) : (
        <>
          <ul className="rx-task-list" data-testid="task-list">
            {q.data.items.map((task) => (
              <TaskCard key={task.id} task={task}
                actions={mayManage ? (
                  <>
                    {task.status === 'open' && <Button onClick={() => setActing({ task, what: 'assign' })} data-testid="task-assign">{task.assignee ? t('tasks.actions.reassign') : t('tasks.actions.assign')}</Button>}
                    {task.status === 'done' && <Button onClick={() => setActing({ task, what: 'reopen' })} data-testid="task-reopen">{t('tasks.actions.reopen')}</Button>}
                    {task.status === 'open' && <Button danger onClick={() => setActing({ task, what: 'cancel' })} data-testid="task-cancel">{t('tasks.actions.cancel')}</Button>}
                  </>
                ) : null} />
            ))}
          </ul>
          <Pagination style={{ marginTop: 12 }} current={q.data.page} pageSize={q.data.pageSize} total={q.data.total} showSizeChanger={false}
            showTotal={(n) => t('tasks.list.total', { n })} onChange={(p) => setParams({ page: p === 1 ? null : String(p) })} />
        </>
      )}
      {acting?.what === 'assign' && <AssignModal task={acting.task} workload={workload} onClose={() => setActing(null)} />}
      {acting && acting.what !== 'assign' && <ReasonModal task={acting.task} what={acting.what} onClose={() => setActing(null)} />}
    </section>
  );
}

function DispatchModal({ meta, workload, onClose }: { meta: Meta | undefined; workload: Workload | undefined; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<TaskValues>();
  const mode = Form.useWatch('mode', form) ?? 'assignee';
  const kind = Form.useWatch('kind', form);
  const save = useMutation({
    mutationFn: (v: TaskValues) => createTasks(taskInput(v)),
    onSuccess: (r) => {
      const unassigned = r.items.filter((i) => !i.assignee).length;
      void message.success(unassigned ? t('tasks.dispatch.doneSome', { n: r.items.length, unassigned }) : t('tasks.dispatch.done', { n: r.items.length }));
      void qc.invalidateQueries({ queryKey: TASKS_KEY });
      onClose();
    },
  });
  const labels = {
    kind: t('tasks.dispatch.kind'), title: t('tasks.dispatch.titleField'), detail: t('tasks.dispatch.detail'), place: t('tasks.dispatch.place'), priority: t('tasks.dispatch.priority'),
    dueAt: t('tasks.dispatch.due'), assigneeId: t('tasks.dispatch.assignee'), gridIds: t('tasks.dispatch.grids'), autoAssign: t('tasks.dispatch.mode'),
  };
  const required = [{ required: true, whitespace: true, message: t('tasks.required') }];
  const loads = workload?.items ?? [];
  return (
    <Modal open title={t('tasks.dispatch.title')} onCancel={onClose} destroyOnHidden okText={t('tasks.dispatch.ok')} cancelText={t('tasks.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'task-dispatch-ok' } as never}
      onOk={() => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined)}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<TaskValues> form={form} layout="vertical" name="task" initialValues={{ kind: 'door_check', priority: 'normal', due: defaultDue(new Date()), mode: 'assignee' }}>
        <Form.Item name="kind" label={labels.kind} rules={[{ required: true, message: t('tasks.required') }]}
          extra={kind && meta?.photoRequired.includes(kind) ? t('tasks.dispatch.photoNeeded') : undefined}>
          <Select options={TASK_KINDS.map((k) => ({ value: k, label: t(`tasks.kinds.${k}`) }))} data-testid="task-d-kind" />
        </Form.Item>
        <Form.Item name="title" label={labels.title} rules={required}><Input maxLength={TITLE_MAX} placeholder={t('tasks.dispatch.titleHint')} data-testid="task-d-title" /></Form.Item>
        <Form.Item name="place" label={labels.place}><Input maxLength={PLACE_MAX} data-testid="task-d-place" /></Form.Item>
        <Form.Item name="detail" label={labels.detail} extra={t('tasks.dispatch.noPersonal')}><Input.TextArea rows={3} maxLength={DETAIL_MAX} data-testid="task-d-detail" /></Form.Item>
        <Space wrap>
          <Form.Item name="priority" label={labels.priority}>
            <Radio.Group optionType="button" options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))} data-testid="task-d-priority" />
          </Form.Item>
          <Form.Item name="due" label={labels.dueAt} rules={[{ required: true, message: t('tasks.required') }]}><Input type="datetime-local" data-testid="task-d-due" /></Form.Item>
        </Space>
        <Form.Item name="mode" label={labels.autoAssign}>
          <Radio.Group className="rx-task-modes" data-testid="task-d-mode"
            options={(['assignee', 'auto', 'grids', 'none'] as DispatchMode[]).map((m) => ({ value: m, label: t(`tasks.dispatch.modes.${m}`) }))} />
        </Form.Item>
        {mode === 'assignee' && (
          <Form.Item name="assigneeId" label={labels.assigneeId} rules={[{ required: true, message: t('tasks.required') }]}>
            <Select showSearch optionFilterProp="label" data-testid="task-d-assignee"
              options={loads.map((l) => ({ value: l.userId, label: `${l.name}（${l.org.name}）${t('tasks.dispatch.loadHint', { open: l.open })}` }))} />
          </Form.Item>
        )}
        {mode === 'grids' && (
          <Form.Item name="gridIds" label={labels.gridIds} rules={[{ required: true, message: t('tasks.required') }]} extra={t('tasks.dispatch.gridsHint')}>
            <Select mode="multiple" optionFilterProp="label" data-testid="task-d-grids"
              options={(workload?.grids ?? []).map((g) => ({ value: g.id, label: g.workers ? g.name : `${g.name}${t('tasks.dispatch.noWorker')}` }))} />
          </Form.Item>
        )}
        {mode === 'auto' && <Typography.Paragraph type="secondary">{t('tasks.dispatch.autoHint')}</Typography.Paragraph>}
        {mode === 'none' && <Typography.Paragraph type="secondary">{t('tasks.dispatch.noneHint')}</Typography.Paragraph>}
      </Form>
    </Modal>
  );
}

function AssignModal({ task, workload, onClose }: { task: Task; workload: Workload | undefined; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [who, setWho] = useState<string | undefined>();
  const assign = useMutation({
    mutationFn: (to: string) => assignTask(task.id, to === 'auto' ? { auto: true, version: task.version } : { assigneeId: to, version: task.version }),
    onSuccess: (r) => {
      void message.success(t('tasks.actions.assigned', { name: r.assignee?.name ?? '' }));
      void qc.invalidateQueries({ queryKey: TASKS_KEY });
      onClose();
    },
  });
  return (
    <Modal open title={t('tasks.actions.assignTitle', { title: task.title })} onCancel={onClose} destroyOnHidden okText={t('tasks.actions.assignOk')} cancelText={t('tasks.cancel')}
      okButtonProps={{ disabled: !who, loading: assign.isPending, 'data-testid': 'task-assign-ok' } as never}
      onOk={() => void (who ? assign.mutateAsync(who).catch(() => undefined) : undefined)}>
      {assign.isError && <ErrorAlert error={assign.error} />}
      <Form layout="vertical">
        <Form.Item label={t('tasks.dispatch.assignee')} htmlFor="task-assign-who">
          <Select id="task-assign-who" showSearch optionFilterProp="label" value={who} onChange={setWho} data-testid="task-assign-who"
            options={[
              { value: 'auto', label: t('tasks.actions.auto') },
              ...(workload?.items ?? []).map((l) => ({ value: l.userId, label: `${l.name}（${l.org.name}）${t('tasks.dispatch.loadHint', { open: l.open })}`, disabled: l.userId === task.assignee?.id })),
            ]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReasonModal({ task, what, onClose }: { task: Task; what: 'reopen' | 'cancel'; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const act = useMutation({
    mutationFn: (reason: string) => (what === 'reopen' ? reopenTask : cancelTask)(task.id, { reason, version: task.version }),
    onSuccess: () => {
      void message.success(t(`tasks.actions.${what}Done`));
      void qc.invalidateQueries({ queryKey: TASKS_KEY });
      onClose();
    },
  });
  return (
    <Modal open title={t(`tasks.actions.${what}Title`, { title: task.title })} onCancel={onClose} destroyOnHidden okText={t(`tasks.actions.${what}Ok`)} cancelText={t('tasks.cancel')}
      okButtonProps={{ danger: what === 'cancel', loading: act.isPending, 'data-testid': 'task-reason-ok' } as never}
      onOk={() => void form.validateFields().then((v) => act.mutateAsync((v.reason ?? '').trim())).catch(() => undefined)}>
      {act.isError && <ErrorAlert error={act.error} form={form} labels={{ reason: t('tasks.actions.reason') }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('tasks.actions.reason')} rules={[{ required: true, whitespace: true, message: t('tasks.required') }, { min: 2, message: t('tasks.actions.reasonMin') }]}>
          <Input.TextArea rows={3} maxLength={REASON_MAX} data-testid="task-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
