import { Alert, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { STAFF_CONSENT_METHODS } from './api';
import { hasIdNumber } from './consent.logic';

/**
 * Inside the edit / create forms (antd <Form>): shown when consent-based care tags are added to a record without a
 * valid consent. The worker states how the resident consented; the consent is recorded with the change (ADR 0033).
 * Form fields `consentMethod`, `consentNote`.
 */
export function AttestationFields() {
  const { t } = useTranslation();
  return (
    <div className="rx-consent-attest" data-testid="consent-attestation">
      <Alert type="warning" showIcon title={t('consent.attestTitle')} description={t('consent.attestHint')} style={{ marginBottom: 12 }} />
      <Form.Item name="consentMethod" label={t('consent.methodLabel')} rules={[{ required: true, message: t('consent.methodRequired') }]}>
        <Radio.Group className="rx-consent-methods" options={STAFF_CONSENT_METHODS.map((m) => ({ value: m, label: t(`consent.method.${m}`) }))} />
      </Form.Item>
      <Form.Item
        name="consentNote"
        label={t('consent.noteLabel')}
        rules={[{ validator: (_, v: string) => (hasIdNumber(v) ? Promise.reject(new Error(t('consent.noteIdNumber'))) : Promise.resolve()) }]}
      >
        <Input.TextArea rows={2} maxLength={200} placeholder={t('consent.notePlaceholder')} />
      </Form.Item>
    </div>
  );
}
