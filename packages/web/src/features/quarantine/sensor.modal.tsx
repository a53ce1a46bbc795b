// 更换门磁 (quarantine:propose): the door sensor's id of a pending or active order (4–40 of A–Z a–z 0–9 - _), or empty
// to remove it, against the version seen. A sensor in use on another order is said on the field. Mounted only while open.
import { Alert, App, Form, Input, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { BOARD_KEY, ORDER_KEY, ORDERS_KEY, SENSOR_MAX, setSensor, type Order } from './api';
import { sensorValid, sensorValue } from './quarantine.logic';
import { conflictText, isStale } from './shared';

type Values = { sensorId?: string };

export function SensorModal({ order, onClose }: { order: Order; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const reread = () => {
    void queryClient.invalidateQueries({ queryKey: [...ORDER_KEY, order.id] });
    void queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
    void queryClient.invalidateQueries({ queryKey: BOARD_KEY });
  };
  const save = useMutation({
    mutationFn: (sensorId: string | null) => setSensor(order.id, { sensorId, version: order.version }),
    onSuccess: (o) => {
      void message.success(o.sensorId ? t('quarantine.sensor.saved', { sensor: o.sensorId }) : t('quarantine.sensor.removed'));
      reread();
      onClose();
    },
    onError: (e) => {
      if (isStale(e)) reread();
    },
  });
  const stale = save.isError && isStale(save.error);
  return (
    <Modal
      open
      {...dialogSize}
      title={t('quarantine.sensor.title', { name: order.nameMasked })}
      okText={t('quarantine.sensor.submit')}
      cancelText={t('quarantine.sensor.cancel')}
      okButtonProps={{ size, 'data-testid': 'qr-sensor-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && (stale ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={conflictText(save.error, t, i18n.language)} data-testid="qr-sensor-conflict" />
      ) : (
        <ErrorAlert error={save.error} form={form} labels={{ sensorId: t('quarantine.sensor.label') }} />
      ))}
      <Form<Values>
        form={form}
        name="quarantineSensor"
        layout="vertical"
        size={size}
        initialValues={{ sensorId: order.sensorId ?? '' }}
        onFinish={(v) => void save.mutateAsync(sensorValue(v.sensorId)).catch(() => undefined)}
      >
        <Form.Item
          name="sensorId"
          label={t('quarantine.sensor.label')}
          extra={t('quarantine.sensor.help')}
          rules={[{
            validator: async (_: unknown, v: string | undefined) => {
              const s = sensorValue(v);
              if (s && !sensorValid(s)) throw new Error(t('quarantine.propose.sensorFormat'));
            },
          }]}
          style={{ marginBottom: 0 }}
        >
          <Input maxLength={SENSOR_MAX} placeholder={t('quarantine.sensor.placeholder')} className="rx-qr-mono" data-testid="qr-sensor-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
