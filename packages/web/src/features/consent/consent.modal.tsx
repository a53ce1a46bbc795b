import { useState } from 'react';
import { Alert, App, Form, Input, Radio, Typography } from 'antd';
import { Modal } from '../../lib/dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { detailText } from '../../lib/errors.logic';
import { recordConsent, STAFF_CONSENT_METHODS, withdrawConsent, type ConsentStatus, type StaffConsentMethod } from './api';
import { guardianBlock, hasIdNumber, recordBody } from './consent.logic';
import { useFocusReturn } from '../../lib/dialog-focus';

type Values = { method: StaffConsentMethod; note: string };

/**
 * "登记同意" / "登记撤回" on the resident profile (ADR 0033): how the resident consented (written form, witnessed oral
 * consent) or withdrew, and an optional note. A withdrawal deletes the consent-based care tags at once. For a child
 * under 14 the consent is the guardian's (ADR 0039): the dialog names the guardian (masked) and refuses without an
 * active guardian link.
 */
export function ConsentModal({ residentId, name, mode, consent, onClose, onChanged }: {
  residentId: string; name: string; mode: 'record' | 'withdraw'; consent?: ConsentStatus; onClose: () => void; onChanged: () => void;
}) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const record = mode === 'record';
  const child = record && !!consent?.guardianRequired;
  const blocked = record && consent ? guardianBlock(consent) : 'ok';
  const send = useMutation({
    mutationFn: async (v: Values) => {
      if (record) await recordConsent(residentId, recordBody(consent, v));
      else await withdrawConsent(residentId, { method: v.method, note: v.note?.trim() || null });
    },
    onMutate: () => setError(null),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void message.success(t(record ? 'consent.recorded' : 'consent.withdrawnDone'));
      onChanged();
      onClose();
    },
    onError: (e) => {
      // A field error goes under its field; anything else (already consented, out of scope …) above the form.
            const fields = isApiError(e)
        ? e.details.filter((d) => ['note', 'method'].includes(d.path.replace(/^body\./, ''))).map((d) => ({ name: d.path.replace(/^body\./, '') as keyof Values, errors: [detailText(d, i18n.language)] }))
        : [];
      if (fields.length) form.setFields(fields);
      else setError(e);
      if (isApiError(e) && e.status === 409) onChanged();
    },
  });
  return (
    <Modal
      open
      title={t(child ? 'consent.guardian.recordTitle' : record ? 'consent.recordTitle' : 'consent.withdrawTitle')}
      onCancel={onClose}
      okText={t(record ? 'consent.submitRecord' : 'consent.submitWithdraw')}
      cancelText={t('consent.cancel')}
      okButtonProps={{ loading: send.isPending, danger: !record, disabled: blocked !== 'ok', 'data-testid': 'consent-submit' } as never}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph strong>{name}</Typography.Paragraph>
      {child && blocked === 'ok' && consent?.guardian && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="consent-guardian"
          title={t('consent.guardian.dialogWho', { name: consent.guardian.nameMasked })} description={t('consent.guardian.dialogIntro')} />
      )}
      {blocked !== 'ok' && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} data-testid="consent-guardian-blocked" title={t(`consent.guardian.blocked.${blocked}`)} />}
      <Typography.Paragraph type="secondary">
        {t(record ? 'consent.recordIntro' : 'consent.withdrawIntro')}
        {record && (
          <>
            {' '}
            <Link to="/privacy" target="_blank">{t('consent.mine.readNotice')}</Link>
          </>
        )}
      </Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon role="alert" title={errorText(error, t, i18n.language)} style={{ marginBottom: 12 }} />}
      {blocked === 'ok' && (
      <Form<Values> form={form} layout="vertical" onFinish={(v) => send.mutate(v)} initialValues={{ note: '' }}>
        <Form.Item
          name="method"
          label={t(record ? 'consent.methodLabel' : 'consent.withdrawMethodLabel')}
          rules={[{ required: true, message: t('consent.methodRequired') }]}
        >
          <Radio.Group
            className="rx-consent-methods"
            options={STAFF_CONSENT_METHODS.map((m) => ({ value: m, label: t(record ? `consent.method.${m}` : `consent.withdrawMethod.${m}`) }))}
            data-testid="consent-method"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('consent.noteLabel')}
          rules={[{ validator: (_, v: string) => (hasIdNumber(v) ? Promise.reject(new Error(t('consent.noteIdNumber'))) : Promise.resolve()) }]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('consent.notePlaceholder')} />
        </Form.Item>
      </Form>
      )}
    </Modal>
  );
}
