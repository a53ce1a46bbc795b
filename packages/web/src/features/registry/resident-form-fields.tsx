// Form fields shared by "添加居民" (create-resident.drawer.tsx) and "修改信息" (edit-resident.drawer.tsx). Each drawer
// keeps its own form values, submit and error handling; these render inside its antd <Form>.
import { Checkbox, Form, Input, Radio, Select } from 'antd';
import { normalizeCnMobile } from '@renxing/shared';
import { useTranslation } from 'react-i18next';
import { RELATIONS, RESIDENCE_TYPES, TYPED_TAGS } from './api';
import type { GuardianChoice } from './registry.logic';

/**
 * The phone number as typed. `required` (edit, after choosing "改成新号码"): a number must be given. Otherwise
 * (create) it may stay empty, meaning no phone, and is checked when leaving the field.
 */
export function PhoneField({ required = false }: { required?: boolean }) {
  const { t } = useTranslation();
  const invalid = () => Promise.reject(new Error(t('registry.edit.phoneInvalid')));
  return (
    <Form.Item
      name="phone"
      label={t('registry.edit.phone')}
      extra={required ? t('registry.edit.phoneHintNew') : t('registry.edit.phoneHint')}
      rules={
        required
          ? [{ required: true, message: t('registry.edit.phoneInvalid') }, { validator: (_, v: string) => (!v || normalizeCnMobile(v) ? Promise.resolve() : invalid()) }]
          : [{ validator: (_, v: string) => (!v?.trim() || normalizeCnMobile(v) ? Promise.resolve() : invalid()) }]
      }
      validateTrigger={required ? undefined : ['onBlur', 'onSubmit']}
    >
      <Input inputMode="tel" maxLength={20} autoComplete="off" />
    </Form.Item>
  );
}

/**
 * Relation to the head, residence type, the care tags a person can tick (age tags come from the ID number), the
 * guardian (only when `guardian` is given: minors, or a guardian already on record) and the reference number.
 */
export function ResidentFormFields({ guardian }: {
  /** `childUnderConsentAge`: under 14 — the guardian, not the child, consents to care tags (ADR 0039); the form says so. */
  guardian: { choices: GuardianChoice[]; required: boolean; allowClear?: boolean; childUnderConsentAge?: boolean } | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="relation" label={t('registry.edit.relation')}>
        <Select options={RELATIONS.map((x) => ({ value: x, label: t(`registry.relations.${x}`) }))} />
      </Form.Item>
      <Form.Item name="residenceType" label={t('registry.edit.residenceType')}>
        <Radio.Group optionType="button" options={RESIDENCE_TYPES.map((x) => ({ value: x, label: t(`registry.residenceTypes.${x}`) }))} />
      </Form.Item>
      <Form.Item name="tags" label={t('registry.edit.tags')} extra={t('registry.edit.derivedTags')}>
        <Checkbox.Group className="rx-reg-checks" options={TYPED_TAGS.map((x) => ({ value: x, label: t(`registry.tags.${x}`) }))} />
      </Form.Item>
      {guardian && (
        <Form.Item
          name="guardianId"
          label={t('registry.edit.guardian')}
          extra={guardian.childUnderConsentAge ? `${t('registry.edit.guardianHint')}${t('registry.edit.guardianConsentHint')}` : t('registry.edit.guardianHint')}
          rules={guardian.required ? [{ required: true, message: t('registry.create.guardianRequired') }] : []}
        >
          <Select allowClear={guardian.allowClear} options={guardian.choices} />
        </Form.Item>
      )}
      <Form.Item name="externalRef" label={t('registry.edit.externalRef')} extra={t('registry.edit.externalRefHint')}>
        <Input maxLength={64} autoComplete="off" />
      </Form.Item>
    </>
  );
}
