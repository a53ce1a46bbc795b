// 报平安 (ADR 0073): on a resident's workbench while a roll call lists their household — each member (本人 first) with
// 平安 in one tap, or 需要帮助 with what is needed. Nothing is drawn when no open roll call lists them.
import { useRef, useState } from 'react';
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { errorText } from '../../lib/errors';
import { useMutation } from '../../lib/single-flight';
import {
  answerRollCall, type AnswerBody, listMyRollCalls, MY_ROLL_CALLS_KEY, type MyEntry, ROLL_CALL_KEY, ROLL_CALL_NOTE_MAX, type RollCallNeed,
} from './api';
import { groupMine, noteProblem, SubmissionKeys } from './roll-call.logic';
import { at, NeedField, StatusTag } from './shared';
import './roll-call.css';

const useMine = (enabled = true) => useQuery({ queryKey: MY_ROLL_CALLS_KEY, queryFn: ({ signal }) => listMyRollCalls(signal), refetchInterval: 60_000, enabled });

/** Whether an open roll call lists the household (the workbench places the card only then; one query with the card's). */
export function useMyRollCallsOpen(enabled: boolean): boolean {
  return (useMine(enabled).data?.items.length ?? 0) > 0;
}

export function MyRollCallsCard() {
  const { t } = useTranslation();
  const q = useMine();
  const [helpFor, setHelpFor] = useState<MyEntry | null>(null);
  const groups = groupMine(q.data?.items ?? []);
  if (groups.length === 0) return null;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('rollCall.mine.title')}</h2>} data-testid="rc-mine" className="rx-rc-mine">
      <Typography.Paragraph type="secondary">{t('rollCall.mine.intro')}</Typography.Paragraph>
      {groups.map((g) => (
        <section key={g.rollCallId} className="rx-rc-mine-call" aria-labelledby={`rc-mine-${g.rollCallId}`}>
          <Typography.Text strong id={`rc-mine-${g.rollCallId}`} style={{ fontSize: 16 }}>{g.title}</Typography.Text>
          <div><Typography.Text type="secondary">{t('rollCall.mine.due', { org: g.orgName, at: at(g.dueAt) })}</Typography.Text></div>
          <ul className="rx-rc-mine-list">
            {g.entries.map((e) => <MyEntryRow key={e.id} entry={e} onNeedsHelp={() => setHelpFor(e)} />)}
          </ul>
        </section>
      ))}
      {helpFor && <NeedsHelpModal entry={helpFor} onClose={() => setHelpFor(null)} />}
    </Card>
  );
}

const whoOf = (e: MyEntry, self: string) => (e.self ? self : e.nameMasked);

function useAnswer(entry: MyEntry, onDone?: () => void) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keys = useRef(new SubmissionKeys());
  return useMutation({
    mutationFn: (body: Omit<AnswerBody, 'version'>) => {
      const full = { ...body, version: entry.version };
      return answerRollCall(entry, full, keys.current.for(full));
    },
    onSuccess: (_, body) => {
      keys.current.done();
      void message.success(t('rollCall.mine.saved', { name: whoOf(entry, t('rollCall.mine.self')), outcome: t(`rollCall.outcomes.${body.outcome}`) }));
      void queryClient.invalidateQueries({ queryKey: MY_ROLL_CALLS_KEY });
      onDone?.();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) {
        void message.warning(e.code === 'stale_version' ? t('rollCall.mine.conflict') : errorText(e, t, i18n.language));
        void queryClient.invalidateQueries({ queryKey: ROLL_CALL_KEY });
      }
    },
  });
}

function MyEntryRow({ entry, onNeedsHelp }: { entry: MyEntry; onNeedsHelp: () => void }) {
  const { t, i18n } = useTranslation();
  const safe = useAnswer(entry);
  const nameId = `rc-mine-name-${entry.id}`;
  const answered = entry.status !== 'pending';
  // What the household said, or what a worker recorded (a helped person needs nothing more from here).
  const said = answered && (entry.method === 'self' ? t('rollCall.mine.answered', { status: t(`rollCall.statuses.${entry.status}`) })
    : t('rollCall.mine.recorded', { status: t(`rollCall.statuses.${entry.status}`) }));
  return (
    <li className="rx-rc-mine-entry" data-testid="rc-mine-entry" data-status={entry.status}>
      <div className="rx-rc-person-name">
        <strong id={nameId}>{whoOf(entry, t('rollCall.mine.self'))}</strong> <StatusTag status={entry.status} />
        {said && <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{said}</Typography.Text>}
      </div>
      {entry.status !== 'helped' && (
        <div className="rx-rc-actions">
          <Button
            className="rx-rc-safe" color="green" variant="solid" size="large" aria-describedby={nameId} data-testid="rc-mine-safe"
            loading={safe.isPending} onClick={() => void safe.mutateAsync({ outcome: 'safe' }).catch(() => undefined)}
          >
            {t('rollCall.mine.safe')}
          </Button>
          <Button color="danger" variant="solid" size="large" aria-describedby={nameId} data-testid="rc-mine-help" onClick={onNeedsHelp}>
            {t('rollCall.mine.needsHelp')}
          </Button>
        </div>
      )}
      {safe.isError && !(isApiError(safe.error) && safe.error.status === 409) && (
        <Typography.Text type="danger" role="alert">{errorText(safe.error, t, i18n.language)}</Typography.Text>
      )}
    </li>
  );
}

type HelpValues = { need?: RollCallNeed; note?: string };

function NeedsHelpModal({ entry, onClose }: { entry: MyEntry; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const [form] = Form.useForm<HelpValues>();
  const save = useAnswer(entry, onClose);
  const labels = { need: t('rollCall.mine.need'), note: t('rollCall.mine.note') };
  return (
    <Modal
      open
      title={t('rollCall.mine.dialogTitle', { name: whoOf(entry, t('rollCall.mine.self')) })}
      okText={t('rollCall.mine.submit')}
      cancelText={t('rollCall.mine.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('rollCall.mine.notify')}</Typography.Paragraph>
      {save.isError && isApiError(save.error) && save.error.status !== 409 && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<HelpValues>
        form={form}
        name="rollCallAnswer"
        layout="vertical"
        onFinish={(v) => void save.mutateAsync({ outcome: 'needs_help', need: v.need, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }).catch(() => undefined)}
      >
        <NeedField label={labels.need} />
        <Form.Item
          name="note"
          label={labels.note}
          rules={[{
            validator: async (_, v: string | undefined) => {
              const p = noteProblem(v, false);
              if (p) throw new Error(t(`rollCall.check.problems.${p}`, { max: ROLL_CALL_NOTE_MAX }));
            },
          }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} showCount maxLength={ROLL_CALL_NOTE_MAX} placeholder={t('rollCall.mine.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
