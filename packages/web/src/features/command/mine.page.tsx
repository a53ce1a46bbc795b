// 我的督办事项 (command:read; ADR 0090): the decisions of the command centres' meetings given to me or to a working group I
// lead or am in — overdue first — with 办结 (what was done); those closed in the last 7 days below. Made for a phone.
import { useState } from 'react';
import { App, Button, Empty, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { closeDecision, COMMAND_KEY, getMine, MY_DECISIONS_KEY, NOTE_MAX, type Decision } from './api';
import { byUrgency, ownerName } from './command.logic';

export function MyDecisionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('command.mine.title'));
  const q = useQuery({ queryKey: MY_DECISIONS_KEY, queryFn: ({ signal }) => getMine(signal) });
  const [closing, setClosing] = useState<Decision | null>(null);
  return (
    <div className="rx-command" data-testid="my-decisions-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('command.mine.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('command.mine.description')}</Typography.Paragraph>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : (
        <>
          {!q.data.open.length ? <Empty description={t('command.mine.empty')} /> : (
            <ul className="rx-command-cards">
              {byUrgency(q.data.open).map((d) => (
                <li key={d.id} className="rx-command-day" data-testid="my-decision">
                  <div className="rx-command-strong">{d.title}</div>
                  <Space wrap size={4}>
                    {d.overdue && <Tag color="red" data-testid="decision-overdue">{t('command.overdue')}</Tag>}
                    <span>{t('command.due', { date: d.dueDate })}</span>
                    <span className="rx-command-muted">{t('command.owner', { name: ownerName(d) })}</span>
                  </Space>
                  <div className="rx-command-muted">{t('command.mine.from', { command: d.command.name })}</div>
                  {d.detail && <div className="rx-command-pre">{d.detail}</div>}
                  <Button type="primary" className="rx-command-big" onClick={() => setClosing(d)} data-testid="my-decision-done">{t('command.mine.done')}</Button>
                </li>
              ))}
            </ul>
          )}
          {q.data.closed.length > 0 && (
            <>
              <Typography.Title level={2} style={{ fontSize: 18 }}>{t('command.mine.closed')}</Typography.Title>
              <ul className="rx-command-cards">
                {q.data.closed.map((d) => (
                  <li key={d.id} className="rx-command-day"><span className="rx-command-strong">{d.title}</span> <Tag>{t(`command.decisionStatus.${d.status}`)}</Tag>
                    {d.note && <div className="rx-command-muted">{d.note}</div>}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {closing && <CloseModal decision={closing} onClose={() => setClosing(null)} />}
    </div>
  );
}

function CloseModal({ decision, onClose }: { decision: Decision; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const go = useMutation({
    mutationFn: (v: { note: string }) => closeDecision(decision.id, { status: 'done', note: v.note.trim(), version: decision.version }),
    onSuccess: () => { void message.success(t('command.mine.closedOk')); void qc.invalidateQueries({ queryKey: MY_DECISIONS_KEY }); void qc.invalidateQueries({ queryKey: COMMAND_KEY }); onClose(); },
  });
  return (
    <Modal open title={decision.title} onCancel={onClose} destroyOnHidden okText={t('command.mine.done')} okButtonProps={{ loading: go.isPending, 'data-testid': 'my-decision-ok' } as never}
      onOk={() => void form.validateFields().then((v) => go.mutateAsync(v)).catch(() => undefined)}>
      {go.isError && <ErrorAlert error={go.error} form={form} labels={{ note: t('command.mine.note') }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('command.mine.note')} extra={t('command.meeting.hint')} rules={[{ required: true, whitespace: true, message: t('command.meeting.required') }]}>
          <Input.TextArea maxLength={NOTE_MAX} autoSize={{ minRows: 3 }} data-testid="my-decision-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
