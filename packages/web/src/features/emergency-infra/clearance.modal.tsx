// 清理时限 (lane:manage): how many hours the community has to clear a reported lane (1–72, 2 by default); it sets the
// deadline of reports made from now on. Mounted only while open.
import { App, Form, InputNumber, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { CLEARANCE_MAX, CLEARANCE_MIN, LANES_KEY, setClearanceHours } from './api';
import { clearanceValid } from './emergency-infra.logic';
import { useDialogSize } from './shared';

type Values = { clearanceHours?: number | null };

export function ClearanceModal({ hours, onClose }: { hours: number; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(420);
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => setClearanceHours(v.clearanceHours!),
    onSuccess: (saved) => {
      void message.success(t('emergencyInfra.lanes.clearance.saved', { n: saved.hours }));
      void queryClient.invalidateQueries({ queryKey: LANES_KEY });
      onClose();
    },
  });
  const labels = { clearanceHours: t('emergencyInfra.lanes.clearance.field') };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('emergencyInfra.lanes.clearance.title')}
      okText={t('emergencyInfra.lanes.clearance.submit')}
      cancelText={t('emergencyInfra.lanes.clearance.cancel')}
      okButtonProps={{ size, 'data-testid': 'ln-clearance-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-ei-modal"
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values> form={form} name="laneClearance" layout="vertical" initialValues={{ clearanceHours: hours }} onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item
          name="clearanceHours"
          label={labels.clearanceHours}
          extra={t('emergencyInfra.lanes.clearance.help')}
          required
          style={{ marginBottom: 16 }}
          rules={[{ validator: async (_, v: number | null | undefined) => { if (!clearanceValid(v)) throw new Error(t('emergencyInfra.lanes.clearance.range')); } }]}
        >
          <InputNumber size={size} min={CLEARANCE_MIN} max={CLEARANCE_MAX} precision={0} suffix={t('emergencyInfra.lanes.clearance.hours')} style={{ width: 180 }} inputMode="numeric" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
