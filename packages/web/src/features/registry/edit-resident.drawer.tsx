import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Form, Radio, Space } from 'antd';
import { Drawer } from '../../lib/dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { errorText } from '../../lib/errors';
import { isStub, updateResident, type ResidentDetail, type ResidentSummary } from './api';
import { GUARDIAN_CONSENT_AGE, pregnantTagFitsAge } from '@renxing/shared';
import {
  closeUnlessSaving, EDIT_FIELD_LABELS, guardianChoice, initialEdit, patchOf, typedEdits, type EditFormValues,
} from './registry.logic';
import { editSave } from './edit-resident.logic';
import { PhoneField, ResidentFormFields } from './resident-form-fields';
import { applyFieldErrors } from './shared';
import { AttestationFields, attestationOf, needsAttestation } from '../consent';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';

/** The edit form, with the worker's attestation of consent when care tags are added without one (ADR 0033). */
type Values = EditFormValues;

const FIELDS = ['phone', 'relation', 'residenceType', 'tags', 'guardianId', 'externalRef'];

/** "修改信息": descriptive fields only (name and ID number are not editable here). */
export function EditResidentDrawer({ resident, onClose, onChanged }: { resident: ResidentDetail; onClose: () => void; onChanged: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [stale, setStale] = useState(false);
  const [generalError, setGeneralError] = useState<unknown>(null);
  const phoneAction = Form.useWatch('phoneAction', form);
  const tags = Form.useWatch('tags', form) ?? [];
  const askConsent = needsAttestation(resident.consent, resident.tags, tags);
  const isMinor = resident.age < 18;
  const adults = resident.household.members.filter((m) => !isStub(m) && m.age >= 18 && m.id !== resident.id) as ResidentSummary[];

  // When a newer version arrives (after a 409) the form starts again from it, with what the user had changed put back on
  // top (typedEdits), and the warning is brought into view (on a phone the user had scrolled down to 保存).
  const carried = useRef<Partial<Values> | null>(null);
  const staleAlert = useRef<HTMLDivElement>(null);
  useEffect(() => {
    form.resetFields();
    if (carried.current) form.setFieldsValue(carried.current);
    carried.current = null;
  }, [form, resident.version]);
  useEffect(() => {
    if (stale) staleAlert.current?.scrollIntoView({ block: 'nearest' });
  }, [stale]);

  const save = useMutation({
    mutationFn: (v: Values) => updateResident(resident.id, { ...patchOf(resident, v), consent: attestationOf(askConsent, v) }),
    onMutate: () => {
      setStale(false);
      setGeneralError(null);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['registry', 'residents'] });
      onChanged();
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        // Someone else saved first: load their version and put the user's changes back on top of it to check and save.
        // The attestation of consent is kept too (typedEdits).
        carried.current = typedEdits(resident, form.getFieldsValue(true) as Values);
        setStale(true);
        onChanged();
        return;
      }
      if (!applyFieldErrors(form, e, i18n.language, FIELDS)) setGeneralError(e);
    },
  });

  // While a save runs, 取消, ×, Esc and a click beside the drawer do nothing: it closes when the save has answered
  // (onSuccess), or stays open with the message.
  const saving = save.isPending;
  const close = closeUnlessSaving(saving, onClose);
  // 保存 with nothing changed: no request; say so and stay open for the change the user meant (editSave).
  const submit = (v: Values) => {
    if (editSave(resident, v).kind === 'send') save.mutate(v);
    else void message.info(t('registry.edit.unchanged'));
  };

  return (
    <Drawer
      {...drawerFocus}
      open
      title={t('registry.edit.title')}
      onClose={close}
      size={isMobile ? '100%' : 480}
      closable={{ 'aria-label': t('registry.edit.cancel'), disabled: saving }}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={close} disabled={saving} data-testid="edit-cancel">{t('registry.edit.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="edit-save">
            {t('registry.edit.save')}
          </Button>
        </Space>
      }
    >
      {stale && (
        <div ref={staleAlert}>
          <Alert type="warning" showIcon role="alert" title={t('registry.edit.stale')} style={{ marginBottom: 16 }} data-testid="edit-stale" />
        </div>
      )}
      {generalError !== null && <Alert type="error" showIcon role="alert" title={errorText(generalError, t, i18n.language)} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={initialEdit(resident)} onFinish={submit}>
        <Form.Item
          name="phoneAction"
          label={t(EDIT_FIELD_LABELS.phoneAction)}
          extra={resident.phoneMasked ? t('registry.edit.currentPhone', { masked: resident.phoneMasked }) : undefined}
        >
          <Radio.Group
            options={[
              { value: 'keep', label: t('registry.edit.keepPhone') },
              { value: 'change', label: t('registry.edit.changePhone') },
              ...(resident.phoneMasked ? [{ value: 'clear', label: t('registry.edit.clearPhone') }] : []),
            ]}
          />
        </Form.Item>
        {phoneAction === 'change' && <PhoneField required />}
        <ResidentFormFields
          pregnant={{ fits: pregnantTagFitsAge(resident.sex, resident.age), held: resident.tags.includes('pregnant') }}
          guardian={
            isMinor || resident.guardian
              ? {
                  choices: [
                    ...(resident.guardian && !adults.some((a) => a.id === resident.guardian!.id)
                      ? [{ value: resident.guardian.id, label: resident.guardian.nameMasked }]
                      : []),
                    ...adults.map((a) => guardianChoice(a, t, i18n.language)),
                  ],
                  required: isMinor,
                  allowClear: !isMinor,
                  childUnderConsentAge: resident.age < GUARDIAN_CONSENT_AGE,
                }
              : null
          }
        />
        {askConsent && <AttestationFields />}
      </Form>
    </Drawer>
  );
}
