import { Alert, App, DatePicker, Form, Input, Radio, Typography } from 'antd';
import { Modal } from '../../lib/dialog';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ResidentDetail } from './api';
import { changeResidentStatus, nextStatuses, type ResidentStatus } from './status.api';
import { useVersionedCommand } from './use-versioned-command';
import { useFocusReturn } from '../../lib/dialog-focus';

type Values = { status: ResidentStatus; effectiveDate: Dayjs; reason: string };

/** "迁出/死亡登记" for an active resident, "办理迁回" for one who is not: date and note required, history kept. */
export function ResidentStatusModal({ resident, onClose, onChanged }: { resident: ResidentDetail; onClose: () => void; onChanged: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const [form] = Form.useForm<Values>();
  const options = nextStatuses(resident.status);
  const leaving = options[0] !== 'active';

  const change = useVersionedCommand({
    form,
    fields: ['status', 'effectiveDate', 'reason'],
    send: (v: Values) =>
      changeResidentStatus(resident.id, { version: resident.version, status: v.status, effectiveDate: v.effectiveDate.format('YYYY-MM-DD'), reason: v.reason.trim() }),
    doneText: t(leaving ? 'residentStatus.doneLeave' : 'residentStatus.doneBack'),
    staleText: t('residentStatus.stale'),
    onDone: (res) => {
      if (res.wardsWithoutGuardian > 0) notification.warning({ title: t('residentStatus.wards', { n: res.wardsWithoutGuardian }), duration: 0 });
    },
    onChanged,
    onClose,
  });

  return (
    <Modal
      open
      title={t(leaving ? 'residentStatus.titleLeave' : 'residentStatus.titleBack')}
      onCancel={onClose}
      okText={t('residentStatus.submit')}
      cancelText={t('residentStatus.cancel')}
      okButtonProps={{ loading: change.pending, danger: leaving }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {resident.name} · {resident.address}
      </Typography.Paragraph>
      {leaving && <Typography.Paragraph type="secondary">{t('residentStatus.hint')}</Typography.Paragraph>}
      {change.alert && <Alert type={change.alert.type} showIcon role="alert" title={change.alert.title} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ status: options[0], effectiveDate: dayjs() }}
        onFinish={(v) => change.submit(v)}
      >
        {leaving ? (
          <Form.Item name="status" label={t('residentStatus.kind')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'moved_out', label: t('residentStatus.kindMovedOut') },
                { value: 'deceased', label: t('residentStatus.kindDeceased') },
              ]}
            />
          </Form.Item>
        ) : (
          <Form.Item name="status" hidden>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="effectiveDate" label={t('residentStatus.date')} rules={[{ required: true, message: t('residentStatus.dateRequired') }]}>
          <DatePicker
            style={{ width: '100%' }}
            inputReadOnly
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(resident.birthDate), 'day')}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('residentStatus.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('residentStatus.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t(leaving ? 'residentStatus.reasonPlaceholderLeave' : 'residentStatus.reasonPlaceholderBack')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
