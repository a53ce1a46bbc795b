// 已送达: how the supplies reached the household — 送货上门 / 自取 / 代领, three big choices — and an optional note,
// against the line's version. Mounted only while open. On success the line in the list is replaced by the answer and
// only the round is read again; someone else's record meanwhile (409 stale_version) is said and the list read again.
import { useRef } from 'react';
import { App, Form, Input, Radio, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { deliverLine, DELIVERY_METHODS, NOTE_MAX, type DeliveryMethod, type Line } from './api';
import { applyDelivery, reloadLines } from './cache';
import { deliverBody, SubmissionKeys, textProblem } from './supplies.logic';
import { conflictText, problemText, useDialogSize } from './shared';

type Values = { method?: DeliveryMethod; note?: string };

export function DeliverModal({ roundId, line, unit, onClose }: { roundId: string; line: Line; unit: string; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(440);
  const [form] = Form.useForm<Values>();
  const keys = useRef(new SubmissionKeys());
  const save = useMutation({
    mutationFn: (v: Values) => {
      const r = deliverBody('delivered', v, line.version);
      if (!r.ok) throw new Error(r.field);
      return deliverLine(roundId, line.id, r.body, keys.current.for(r.body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(t('supplies.lines.saved', { name: saved.headMasked }));
      applyDelivery(queryClient, roundId, saved);
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) {
        void message.warning(conflictText(e, t, i18n.language));
        reloadLines(queryClient, roundId);
        onClose();
      }
    },
  });
  const labels = { method: t('supplies.deliver.method'), note: t('supplies.deliver.note') };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('supplies.deliver.title', { name: line.headMasked })}
      okText={t('supplies.deliver.submit')}
      cancelText={t('supplies.deliver.cancel')}
      okButtonProps={{ size, 'data-testid': 'sup-deliver-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-sup-modal"
    >
      <Typography.Paragraph style={{ marginBottom: 12 }}>
        {line.address ?? t('supplies.lines.restricted')} · {t('supplies.lines.quantity', { q: line.quantity, unit })}
      </Typography.Paragraph>
      {save.isError && !(isApiError(save.error) && save.error.status === 409) && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values> form={form} name="supplyDeliver" layout="vertical" initialValues={{ method: 'doorstep' }} onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="method" label={labels.method} required rules={[{ required: true, message: t('supplies.deliver.methodEmpty') }]}>
          <Radio.Group
            aria-label={labels.method}
            optionType="button"
            buttonStyle="solid"
            size="large"
            className="rx-sup-methods"
            options={DELIVERY_METHODS.map((m) => ({ value: m, label: t(`supplies.methods.${m}`) }))}
            data-testid="sup-deliver-method"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={labels.note}
          style={{ marginBottom: 24 }}
          rules={[{ validator: async (_, v: string | undefined) => { const p = textProblem(v, false, NOTE_MAX); if (p) throw new Error(problemText(p, t)); } }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} showCount maxLength={NOTE_MAX} placeholder={t('supplies.deliver.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
