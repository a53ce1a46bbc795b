import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Radio, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import type { ResidentDetail } from './api';
import { applyFieldErrors } from './shared';
import { changeResidentStatus, nextStatuses, type ResidentStatus } from './status.api';

type Values = { status: ResidentStatus; effectiveDate: Dayjs; reason: string };

/** "迁出/死亡登记" for an active resident, "办理迁回" for one who is not: date and note required, history kept. */
export function ResidentStatusModal({ resident, onClose, onChanged }: { resident: ResidentDetail; onClose: () => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, notification } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [generalError, setGeneralError] = useState<unknown>(null);
  const options = nextStatuses(resident.status);
  const leaving = options[0] !== 'active';

  const change = useMutation({
    mutationFn: (v: Values) =>
      changeResidentStatus(resident.id, { version: resident.version, status: v.status, effectiveDate: v.effectiveDate.format('YYYY-MM-DD'), reason: v.reason.trim() }),
    onMutate: () => setGeneralError(null),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(t(leaving ? 'residentStatus.doneLeave' : 'residentStatus.doneBack'));
      if (res.wardsWithoutGuardian > 0) notification.warning({ title: t('residentStatus.wards', { n: res.wardsWithoutGuardian }), duration: 0 });
      onChanged();
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        setGeneralError(e);
        onChanged();
        return;
      }
      if (!applyFieldErrors(form, e, i18n.language, ['status', 'effectiveDate', 'reason'])) setGeneralError(e);
    },
  });

  return (
    <Modal
      open
      title={t(leaving ? 'residentStatus.titleLeave' : 'residentStatus.titleBack')}
      onCancel={onClose}
      okText={t('residentStatus.submit')}
      cancelText={t('residentStatus.cancel')}
      okButtonProps={{ loading: change.isPending, danger: leaving }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {resident.name} · {resident.address}
      </Typography.Paragraph>
      {leaving && <Typography.Paragraph type="secondary">{t('residentStatus.hint')}</Typography.Paragraph>}
      {generalError !== null && (
        <Alert
          type={isApiError(generalError) && generalError.code === 'stale_version' ? 'warning' : 'error'}
          showIcon
          role="alert"
          title={isApiError(generalError) && generalError.code === 'stale_version' ? t('residentStatus.stale') : errorText(generalError, t, i18n.language)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ status: options[0], effectiveDate: dayjs() }}
        onFinish={(v) => change.mutate(v)}
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
