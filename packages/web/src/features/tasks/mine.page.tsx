// 我的任务 (task:work; ADR 0087), phone first: what the community gave me — urgent and overdue first, each with where,
// by when and what to do — and 完成 with what was done and a photo (the kinds that need one say so); a task sent back
// (退回) shows why. Below, what I finished in the last 7 days.
import { useState } from 'react';
import { App, Button, Empty, Form, Input, Skeleton, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { PhotoInput } from '../../lib/photo-input';
import { usePhotoPick } from '../../lib/photo-pick';
import { useMutation } from '../../lib/single-flight';
import { completeTask, getMine, MY_TASKS_KEY, RESULT_MAX, TASKS_KEY, type Task } from './api';
import { TaskCard } from './shared';
import './tasks.css';

export function MyTasksPage() {
  const { t } = useTranslation();
  usePageTitle(t('tasks.mine.title'));
  const q = useQuery({ queryKey: MY_TASKS_KEY, queryFn: ({ signal }) => getMine(signal), refetchInterval: 60_000 });
  const [completing, setCompleting] = useState<Task | null>(null);
  return (
    <div className="rx-task-mine" data-testid="task-mine-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('tasks.mine.title')}</Typography.Title>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : (
        <>
          <Figures>
            <Figure testId="task-mine-open" value={q.data.counts.open} label={t('tasks.mine.open')} />
            <Figure testId="task-mine-overdue" value={q.data.counts.overdue} label={t('tasks.mine.overdue')} valueClassName={q.data.counts.overdue ? 'rx-task-bad' : undefined} />
            <Figure testId="task-mine-done" value={q.data.counts.doneWeek} label={t('tasks.mine.doneWeek')} />
          </Figures>
          <Button icon={<ReloadOutlined />} style={{ marginTop: 12 }} onClick={() => void q.refetch()}>{t('tasks.refresh')}</Button>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('tasks.mine.todo')}</Typography.Title>
          {!q.data.open.length ? <Empty description={t('tasks.mine.none')} data-testid="task-mine-empty" /> : (
            <ul className="rx-task-list" data-testid="task-mine-open-list">
              {q.data.open.map((task) => (
                <TaskCard key={task.id} task={task} own actions={
                  <Button type="primary" size="large" onClick={() => setCompleting(task)} data-testid="task-complete">{t('tasks.mine.complete')}</Button>
                } />
              ))}
            </ul>
          )}
          {q.data.done.length > 0 && (
            <>
              <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('tasks.mine.doneTitle')}</Typography.Title>
              <ul className="rx-task-list" data-testid="task-mine-done-list">
                {q.data.done.map((task) => <TaskCard key={task.id} task={task} own />)}
              </ul>
            </>
          )}
        </>
      )}
      {completing && <CompleteModal task={completing} onClose={() => setCompleting(null)} />}
    </div>
  );
}

function CompleteModal({ task, onClose }: { task: Task; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ result?: string }>();
  const pick = usePhotoPick();
  const [photoMissing, setPhotoMissing] = useState(false);
  const done = useMutation({
    mutationFn: (result: string) => completeTask(task.id, { result, ...(pick.photo ? { photo: pick.photo } : {}), version: task.version }),
    onSuccess: () => {
      void message.success(t('tasks.mine.completed'));
      void qc.invalidateQueries({ queryKey: MY_TASKS_KEY });
      void qc.invalidateQueries({ queryKey: TASKS_KEY });
      onClose();
    },
  });
  const submit = () => {
    const missing = task.photoRequired && !pick.photo;
    setPhotoMissing(missing);
    void form.validateFields().then((v) => (missing ? undefined : done.mutateAsync((v.result ?? '').trim()))).catch(() => undefined);
  };
  const photoHelp = pick.problem ? t(pick.problem === 'type' ? 'tasks.mine.photoType' : 'tasks.mine.photoSize') : photoMissing ? t('tasks.mine.photoRequired') : undefined;
  return (
    <Modal open title={t('tasks.mine.completeTitle', { title: task.title })} onCancel={onClose} destroyOnHidden okText={t('tasks.mine.completeOk')} cancelText={t('tasks.cancel')}
      okButtonProps={{ loading: done.isPending, 'data-testid': 'task-complete-ok' } as never} onOk={submit}>
      {done.isError && <ErrorAlert error={done.error} form={form} labels={{ result: t('tasks.mine.result'), photo: t('tasks.mine.photo') }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="result" label={t('tasks.mine.result')} rules={[{ required: true, whitespace: true, message: t('tasks.required') }, { min: 2, message: t('tasks.actions.reasonMin') }]}
          extra={t('tasks.dispatch.noPersonal')}>
          <Input.TextArea rows={4} maxLength={RESULT_MAX} data-testid="task-result-input" />
        </Form.Item>
        <Form.Item label={task.photoRequired ? t('tasks.mine.photoNeeded') : t('tasks.mine.photo')} htmlFor="task-photo" required={task.photoRequired}
          validateStatus={photoHelp ? 'error' : undefined} help={photoHelp}>
          <PhotoInput id="task-photo" testId="task-photo-input" pick={pick} camera onPicked={() => setPhotoMissing(false)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
