// A need of a person in quarantine: what (生活物资, 药品, 就医, 心理疏导, 垃圾清运, 其他) and a line about it (no ID or
// mobile numbers). NeedFields are the form's fields (the resident's card uses them inline); NeedModal is 登记需求 for staff
// on an order's page (mounted only while open).
import { App, Form, Input, Radio, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { addNeed, BOARD_KEY, DETAIL_MAX, NEED_KINDS, NEEDS_KEY, ORDER_KEY, type NeedBody, type NeedKind } from './api';
import { needBody, textProblem } from './quarantine.logic';
import { needKindText, textRule } from './shared';

export type NeedValues = { kind?: NeedKind; detail?: string };

export function NeedFields({ size }: { size: 'large' | 'middle' }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="kind" label={t('quarantine.need.kind')} required rules={[{ required: true, message: t('quarantine.need.kindEmpty') }]}>
        <Radio.Group
          aria-label={t('quarantine.need.kind')}
          optionType="button"
          size={size}
          className="rx-qr-kinds"
          options={NEED_KINDS.map((k) => ({ value: k, label: needKindText(k, t) }))}
        />
      </Form.Item>
      <Form.Item
        name="detail"
        label={t('quarantine.need.detail')}
        required
        rules={textRule((v) => textProblem(v, true, DETAIL_MAX), t, DETAIL_MAX, t('quarantine.need.detailEmpty'))}
        style={{ marginBottom: 0 }}
      >
        <Input.TextArea maxLength={DETAIL_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('quarantine.need.detailPlaceholder')} data-testid="qr-need-detail" />
      </Form.Item>
    </>
  );
}

/** The labels of the need form's fields, for the error banner. */
export const needLabels = (t: (k: 'quarantine.need.kind' | 'quarantine.need.detail') => string) => ({ kind: t('quarantine.need.kind'), detail: t('quarantine.need.detail') });

/** The body of a need form's values, or null when a field stops it (the form shows why). */
export const needOf = (v: NeedValues): NeedBody | null => {
  const r = needBody(v);
  return r.ok ? r.body : null;
};

export function NeedModal({ orderId, nameMasked, onClose }: { orderId: string; nameMasked: string; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<NeedValues>();
  const save = useMutation({
    mutationFn: (body: NeedBody) => addNeed(orderId, body),
    onSuccess: (n) => {
      void message.success(t('quarantine.need.added', { kind: needKindText(n.kind, t) }));
      void queryClient.invalidateQueries({ queryKey: [...ORDER_KEY, orderId] });
      void queryClient.invalidateQueries({ queryKey: NEEDS_KEY });
      void queryClient.invalidateQueries({ queryKey: BOARD_KEY });
      onClose();
    },
  });
  return (
    <Modal
      open
      {...dialogSize}
      title={t('quarantine.need.title', { name: nameMasked })}
      okText={t('quarantine.need.submit')}
      cancelText={t('quarantine.need.cancel')}
      okButtonProps={{ size, 'data-testid': 'qr-need-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={needLabels(t)} />}
      <Form<NeedValues>
        form={form}
        name="quarantineNeed"
        layout="vertical"
        size={size}
        onFinish={(v) => {
          const body = needOf(v);
          if (body) void save.mutateAsync(body).catch(() => undefined);
        }}
      >
        <NeedFields size={size} />
      </Form>
    </Modal>
  );
}
