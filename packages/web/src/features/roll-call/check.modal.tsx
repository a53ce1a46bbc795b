// 需要帮助 / 已帮扶: the checks that say more than one tap can — what is needed, or what was done — with how the person was
// reached and a short note. Mounted only while open. A 409 (someone checked the person meanwhile) refreshes the list:
// the dialog then shows the person as they are now and may be sent again.
import { useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { Alert, App, Form, Input, Select, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { errorText } from '../../lib/errors';
import { useMutation } from '../../lib/single-flight';
import {
  checkItem, ROLL_CALL_KEY, ROLL_CALL_METHODS, ROLL_CALL_NOTE_MAX, type RollCallItem, type RollCallMethod, type RollCallNeed,
} from './api';
import { applyCheck } from './cache';
import { checkBody, noteProblem, SubmissionKeys } from './roll-call.logic';
import { NeedField, StatusTag } from './shared';

type CheckValues = { need?: RollCallNeed; method: RollCallMethod; note?: string };

export function CheckModal({ rollCallId, item, outcome, method, onClose }: {
  rollCallId: string;
  /** The person as the list shows them now (refreshed after a conflict). */
  item: RollCallItem;
  outcome: 'needs_help' | 'helped';
  /** The page's 联系方式, the dialog's default. */
  method: RollCallMethod;
  onClose: () => void;
}) {
  // Mounted only while open: the focus goes back to the row's button when it closes.
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CheckValues>();
  const keys = useRef(new SubmissionKeys());
  // The version a conflict was answered for: sending again waits for the list to bring the person's newer one.
  const [staleVersion, setStaleVersion] = useState<number | null>(null);
  const helped = outcome === 'helped';
  const save = useMutation({
    mutationFn: (v: CheckValues) => {
      const r = checkBody(outcome, v, item.version);
      if (!r.ok) throw new Error(r.field);
      return checkItem(rollCallId, item.id, r.body, keys.current.for(r.body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(t('rollCall.items.saved', { name: item.nameMasked, outcome: t(`rollCall.outcomes.${outcome}`) }));
      applyCheck(queryClient, rollCallId, saved);
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) {
        setStaleVersion(item.version);
        void queryClient.invalidateQueries({ queryKey: ROLL_CALL_KEY });
      }
    },
  });
  const conflict = isApiError(save.error) && save.error.status === 409;
  const waiting = conflict && staleVersion === item.version;
  const noteLabel = helped ? t('rollCall.check.helpedNote') : t('rollCall.check.note');
  const labels = { need: t('rollCall.check.need'), method: t('rollCall.check.method'), note: noteLabel };
  return (
    <Modal
      open
      title={t(helped ? 'rollCall.check.helpedTitle' : 'rollCall.check.needsHelpTitle', { name: item.nameMasked })}
      okText={t('rollCall.check.submit')}
      cancelText={t('rollCall.check.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: waiting }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div className="rx-rc-person-line" data-testid="rc-check-person">
        <StatusTag status={item.status} /> {item.address ?? t('rollCall.items.restricted')}
      </div>
      {item.need && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{t('rollCall.items.need', { need: t(`rollCall.needs.${item.need}`) })}</Typography.Paragraph>}
      {!helped && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{t('rollCall.check.helpNotify')}</Typography.Paragraph>}
      <div style={{ height: 12 }} />
      {conflict ? (
        <Alert type="warning" showIcon role="alert" style={{ marginBottom: 12 }} title={e409Text(save.error, t, i18n.language)} />
      ) : save.isError && isApiError(save.error) ? (
        <ErrorAlert error={save.error} form={form} labels={labels} />
      ) : null}
      <Form<CheckValues>
        form={form}
        name="rollCallCheck"
        layout="vertical"
        initialValues={{ method }}
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        {!helped && (
          <NeedField label={labels.need} />
        )}
        <Form.Item name="method" label={labels.method} required>
          <Select options={ROLL_CALL_METHODS.map((m) => ({ value: m, label: t(`rollCall.methods.${m}`) }))} />
        </Form.Item>
        <Form.Item
          name="note"
          label={noteLabel}
          required={helped}
          rules={[{
            validator: async (_, v: string | undefined) => {
              const p = noteProblem(v, helped);
              if (p) throw new Error(t(`rollCall.check.problems.${p}`, { max: ROLL_CALL_NOTE_MAX }));
            },
          }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            showCount
            maxLength={ROLL_CALL_NOTE_MAX}
            placeholder={helped ? t('rollCall.check.helpedPlaceholder') : t('rollCall.check.notePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A conflict: someone checked the person meanwhile (the list has been refreshed), or the roll call has ended. */
export function e409Text(error: unknown, t: TFunction, lang: string): string {
  return isApiError(error) && error.code === 'stale_version' ? t('rollCall.items.conflict') : errorText(error, t, lang);
}
