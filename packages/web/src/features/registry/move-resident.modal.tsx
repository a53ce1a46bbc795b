import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { moveResident, type ResidentDetail } from './api';
import { HouseholdPicker } from './household-picker';
import { applyFieldErrors } from './shared';

type Values = { toHouseholdId?: string; reason: string };

/** "迁到其他户": the move keeps the old household in the history. */
export function MoveResidentModal({ resident, onClose, onMoved }: { resident: ResidentDetail; onClose: () => void; onMoved: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [generalError, setGeneralError] = useState<unknown>(null);

  const move = useMutation({
    mutationFn: (v: Values) => moveResident(resident.id, { version: resident.version, toHouseholdId: v.toHouseholdId!, reason: v.reason.trim() }),
    onMutate: () => setGeneralError(null),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(t('registry.move.done'));
      onMoved();
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        setGeneralError(e);
        onMoved();
        return;
      }
      if (!applyFieldErrors(form, e, i18n.language, ['toHouseholdId', 'reason'])) setGeneralError(e);
    },
  });

  return (
    <Modal
      open
      title={t('registry.move.title')}
      onCancel={onClose}
      okText={t('registry.move.submit')}
      cancelText={t('registry.edit.cancel')}
      okButtonProps={{ loading: move.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {resident.name} · {resident.address}
      </Typography.Paragraph>
      {generalError !== null && (
        <Alert
          type={isApiError(generalError) && generalError.code === 'stale_version' ? 'warning' : 'error'}
          showIcon
          role="alert"
          title={isApiError(generalError) && generalError.code === 'stale_version' ? t('registry.edit.stale') : errorText(generalError, t, i18n.language)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => move.mutate(v)}>
        <Form.Item
          name="toHouseholdId"
          label={t('registry.move.target')}
          extra={t('registry.move.targetHint')}
          rules={[{ required: true, message: t('registry.move.targetRequired') }]}
        >
          <HouseholdPicker />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('registry.move.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('registry.move.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={200} placeholder={t('registry.move.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
