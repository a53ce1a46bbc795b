import { Alert, Form, Input, Typography } from 'antd';
import { Modal } from '../../lib/dialog';
import { useTranslation } from 'react-i18next';
import { moveResident, type ResidentDetail } from './api';
import { HouseholdPicker } from './household-picker';
import { useVersionedCommand } from './use-versioned-command';
import { useFocusReturn } from '../../lib/dialog-focus';

type Values = { toHouseholdId?: string; reason: string };

/** "迁到其他户": the move keeps the old household in the history. */
export function MoveResidentModal({ resident, onClose, onMoved }: { resident: ResidentDetail; onClose: () => void; onMoved: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();

  const move = useVersionedCommand({
    form,
    fields: ['toHouseholdId', 'reason'],
    send: (v: Values) => moveResident(resident.id, { version: resident.version, toHouseholdId: v.toHouseholdId!, reason: v.reason.trim() }),
    doneText: t('registry.move.done'),
    staleText: t('registry.edit.stale'),
    onChanged: onMoved,
    onClose,
  });

  return (
    <Modal
      open
      title={t('registry.move.title')}
      onCancel={onClose}
      okText={t('registry.move.submit')}
      cancelText={t('registry.edit.cancel')}
      okButtonProps={{ loading: move.pending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {resident.name} · {resident.address}
      </Typography.Paragraph>
      {move.alert && <Alert type={move.alert.type} showIcon role="alert" title={move.alert.title} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => move.submit(v)}>
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
