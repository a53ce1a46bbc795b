// Acknowledge (note optional) or resolve (note required) one alert; the server checks the version (stale → 409).
import { Form, Input, message } from 'antd';
import { Modal } from '../../lib/dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/error-alert';
import { acknowledgeAlert, resolveAlert, type Alert } from './api';
import { noteRule } from './warnings.logic';

export type AlertAction = 'acknowledge' | 'resolve';

export function AlertActionModal({ alert, action, onClose }: { alert: Alert | null; action: AlertAction; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (note: string) =>
      action === 'acknowledge'
        ? acknowledgeAlert(alert!.id, { note: note.trim() || undefined, version: alert!.version })
        : resolveAlert(alert!.id, { note: note.trim(), version: alert!.version }),
    onSuccess: () => {
      void message.success(action === 'acknowledge' ? t('warnings.acknowledged') : t('warnings.resolved'));
      void queryClient.invalidateQueries({ queryKey: ['warnings'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      form.resetFields();
      onClose();
    },
  });
  const required = action === 'resolve';
  return (
    <Modal
      open={alert !== null}
      title={action === 'acknowledge' ? t('warnings.ackTitle') : t('warnings.resolveTitle')}
      okText={t('warnings.submit')}
      cancelText={t('warnings.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={() => {
        mutation.reset();
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      <p style={{ marginTop: 0 }}>{action === 'acknowledge' ? t('warnings.ackHint') : t('warnings.resolveHint')}</p>
      <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v.note ?? '')} initialValues={{ note: '' }}>
        <Form.Item
          name="note"
          label={t('warnings.note')}
          rules={[noteRule(required, required ? { missing: t('warnings.noteRequired'), short: t('warnings.noteRequired') } : { missing: '', short: t('warnings.noteTooShort') })]}
        >
          <Input.TextArea rows={4} maxLength={500} showCount placeholder={t('warnings.notePlaceholder')} data-testid="alert-note" />
        </Form.Item>
      </Form>
      {mutation.isError && <ErrorAlert error={mutation.error} />}
    </Modal>
  );
}
