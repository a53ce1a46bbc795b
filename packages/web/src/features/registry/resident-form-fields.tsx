// Form fields shared by "添加居民" (create-resident.drawer.tsx) and "修改信息" (edit-resident.drawer.tsx). Each drawer
// keeps its own form values, submit and error handling; these render inside its antd <Form>.
import { Checkbox, Form, Input, Radio, Select } from 'antd';
import { cnMobileProblem, PREGNANT_AGES } from '@renxing/shared';
import { useTranslation } from 'react-i18next';
import { RELATIONS, RESIDENCE_TYPES, TYPED_TAGS } from './api';
import { EDIT_FIELD_LABELS, type GuardianChoice } from './registry.logic';

/**
 * The phone number as typed. `required` (edit, after choosing "改成新号码"): a number must be given, and the field reads
 * 新手机号 (the choice above it is 手机号). Otherwise (create) it is 手机号 and may stay empty, meaning no phone, and is
 * checked when leaving the field.
 */
export function PhoneField({ required = false }: { required?: boolean }) {
  const { t } = useTranslation();
  // What is wrong with the number, not only that it is wrong: 23800000000 has 11 digits and is still no mobile number.
  const check = (_: unknown, v: string | undefined) => {
    const p = cnMobileProblem(v ?? '');
    return p ? Promise.reject(new Error(t(`registry.edit.phone_${p.problem}`, { n: p.digits }))) : Promise.resolve();
  };
  return (
    <Form.Item
      name="phone"
      label={t(required ? EDIT_FIELD_LABELS.phone : 'registry.edit.phone')}
      extra={required ? t('registry.edit.phoneHintNew') : t('registry.edit.phoneHint')}
      rules={required ? [{ required: true, whitespace: true, message: t('registry.edit.phoneRequired') }, { validator: check }] : [{ validator: check }]}
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
export function ResidentFormFields({ guardian, pregnant }: {
  /** `childUnderConsentAge`: under 14 — the guardian, not the child, consents to care tags (ADR 0039); the form says so. */
  guardian: { choices: GuardianChoice[]; required: boolean; allowClear?: boolean; childUnderConsentAge?: boolean } | null;
  /**
   * Whether 孕妇 fits the person (a woman of 12–59, from the ID number: `pregnantTagFitsAge`); null while unknown (no valid
   * ID typed yet). When it does not fit, the box cannot be ticked — unless the record already holds the tag (`held`, older
   * data), so that it can be unticked — and a tick left from before the ID was typed is refused on saving.
   */
  pregnant: { fits: boolean | null; held: boolean };
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const ticked: string[] = Form.useWatch('tags', form) ?? [];
  const misfit = pregnant.fits === false;
  const misfitText = t('registry.edit.pregnantMisfit', { from: PREGNANT_AGES.from, to: PREGNANT_AGES.below - 1 });
  return (
    <>
      <Form.Item name="relation" label={t(EDIT_FIELD_LABELS.relation)}>
        <Select options={RELATIONS.map((x) => ({ value: x, label: t(`registry.relations.${x}`) }))} />
      </Form.Item>
      <Form.Item name="residenceType" label={t(EDIT_FIELD_LABELS.residenceType)}>
        <Radio.Group optionType="button" options={RESIDENCE_TYPES.map((x) => ({ value: x, label: t(`registry.residenceTypes.${x}`) }))} />
      </Form.Item>
      <Form.Item
        name="tags"
        label={t(EDIT_FIELD_LABELS.tags)}
        extra={misfit ? `${t('registry.edit.derivedTags')} ${misfitText}` : t('registry.edit.derivedTags')}
        rules={[
          {
            validator: (_, v: string[] | undefined) =>
              misfit && !pregnant.held && v?.includes('pregnant') ? Promise.reject(new Error(misfitText)) : Promise.resolve(),
          },
        ]}
      >
        <Checkbox.Group
          className="rx-reg-checks"
          options={TYPED_TAGS.map((x) => ({
            value: x,
            label: t(`registry.tags.${x}`),
            disabled: x === 'pregnant' && misfit && !ticked.includes('pregnant'),
          }))}
        />
      </Form.Item>
      {guardian && (
        <Form.Item
          name="guardianId"
          label={t(EDIT_FIELD_LABELS.guardianId)}
          extra={guardian.childUnderConsentAge ? `${t('registry.edit.guardianHint')}${t('registry.edit.guardianConsentHint')}` : t('registry.edit.guardianHint')}
          rules={guardian.required ? [{ required: true, message: t('registry.create.guardianRequired') }] : []}
        >
          <Select allowClear={guardian.allowClear} options={guardian.choices} />
        </Form.Item>
      )}
      <Form.Item name="externalRef" label={t(EDIT_FIELD_LABELS.externalRef)} extra={t('registry.edit.externalRefHint')}>
        <Input maxLength={64} autoComplete="off" />
      </Form.Item>
    </>
  );
}
