import { useState } from 'react';
import { Alert, App, Button, Form, Input, Space } from 'antd';
import { Drawer } from '../../lib/dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { GUARDIAN_CONSENT_AGE, ageOn, pregnantTagFitsAge, validateCnId } from '@renxing/shared';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { errorText } from '../../lib/errors';
import { createResident, isStub, type CareTag, type Household, type Relation, type ResidenceType, type ResidentSummary } from './api';
import { closeUnlessSaving, guardianChoice } from './registry.logic';
import { PhoneField, ResidentFormFields } from './resident-form-fields';
import { applyFieldErrors } from './shared';
import { AttestationFields, attestationOf, needsAttestation, type StaffConsentMethod } from '../consent';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';

type Values = {
  name: string;
  idNumber: string;
  phone: string;
  relation: Relation;
  residenceType: ResidenceType;
  tags: CareTag[];
  guardianId?: string;
  externalRef: string;
  /** The worker's attestation of the resident's separate consent, for care tags (ADR 0033). */
  consentMethod?: StaffConsentMethod;
  consentNote?: string;
};

const FIELDS = ['name', 'idNumber', 'phone', 'relation', 'residenceType', 'tags', 'guardianId', 'externalRef'];
const ID_ERROR_KEY = { format: 'idFormat', checksum: 'idChecksum', birthdate: 'idBirthdate', legacy15: 'idLegacy' } as const;

/** "添加居民到这一户": the ID number is checked while typing; sex and birth date come from it. */
export function CreateResidentDrawer({ household, onClose, onCreated }: { household: Household; onClose: () => void; onCreated: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [generalError, setGeneralError] = useState<unknown>(null);
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const parsed = idNumber.trim().length >= 15 ? validateCnId(idNumber, new Date()) : null;
  const age = parsed?.ok ? ageOn(parsed.birthDate, new Date()) : null;
  // A new person has no consent yet: ticking a consent-based care tag asks how they consented.
  const askConsent = needsAttestation(null, [], Form.useWatch('tags', form) ?? []);
  // Restricted members (stubs) carry no age and cannot be picked as a guardian without a grant.
  const adults = household.members.filter((m) => !isStub(m) && m.age >= 18) as ResidentSummary[];

  const create = useMutation({
    mutationFn: (v: Values) =>
      createResident({
        householdId: household.id,
        name: v.name.trim(),
        // Spaces in a pasted number ("330902 1980 0106 3578") are not part of it.
        idNumber: v.idNumber.replace(/\s+/g, ''),
        phone: v.phone?.trim() || null,
        relation: v.relation,
        residenceType: v.residenceType,
        tags: v.tags,
        guardianId: age !== null && age < 18 ? (v.guardianId ?? null) : null,
        externalRef: v.externalRef?.trim() || null,
        consent: attestationOf(askConsent, v),
      }),
    onMutate: () => setGeneralError(null),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['registry', 'residents'] });
      void message.success(t('registry.create.done'));
      onCreated();
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, i18n.language, FIELDS)) setGeneralError(e);
    },
  });

  // While the save runs, 取消, ×, Esc and a click beside the drawer wait for it (as the edit drawer).
  const close = closeUnlessSaving(create.isPending, onClose);

  return (
    <Drawer
      {...drawerFocus}
      open
      title={`${t('registry.create.title')} · ${household.address}`}
      onClose={close}
      size={isMobile ? '100%' : 480}
      closable={{ 'aria-label': t('registry.create.cancel'), disabled: create.isPending }}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={close} disabled={create.isPending} data-testid="create-cancel">{t('registry.create.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="create-save">
            {t('registry.create.submit')}
          </Button>
        </Space>
      }
    >
      {generalError !== null && <Alert type="error" showIcon role="alert" title={errorText(generalError, t, i18n.language)} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ relation: household.members.length ? 'other' : 'head', residenceType: 'registered', tags: [], name: '', idNumber: '', phone: '', externalRef: '' }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item
          name="name"
          label={t('registry.create.name')}
          rules={[
            { required: true, whitespace: true, message: t('registry.create.nameRequired') },
            // Said, not cut: a pasted longer name was silently cut to 40 characters and saved so.
            { max: 40, message: t('registry.create.nameTooLong', { max: 40 }) },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('registry.create.idNumber')}
          extra={
            parsed?.ok
              ? t('registry.create.idOk', { sex: t(`registry.sex.${parsed.sex}`), birth: parsed.birthDate, age })
              : t('registry.create.idHint')
          }
          rules={[
            { required: true, whitespace: true, message: t('registry.create.idRequired') },
            {
              validator: (_, v: string) => {
                if (!v?.trim()) return Promise.resolve();
                const r = validateCnId(v, new Date());
                return r.ok ? Promise.resolve() : Promise.reject(new Error(t(`registry.create.${ID_ERROR_KEY[r.reason]}`)));
              },
            },
          ]}
          validateTrigger={['onBlur', 'onSubmit']}
        >
          {/* Room for a number pasted in groups with spaces; they are dropped before it is checked and sent. */}
          <Input maxLength={32} autoComplete="off" className="rx-mono" />
        </Form.Item>
        <PhoneField />
        <ResidentFormFields
          pregnant={{ fits: parsed?.ok && age !== null ? pregnantTagFitsAge(parsed.sex, age) : null, held: false }}
          guardian={age !== null && age < 18 ? { choices: adults.map((a) => guardianChoice(a, t, i18n.language)), required: true, childUnderConsentAge: age < GUARDIAN_CONSENT_AGE } : null}
        />
        {askConsent && <AttestationFields />}
      </Form>
    </Drawer>
  );
}
