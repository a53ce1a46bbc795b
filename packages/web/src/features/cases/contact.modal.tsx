// 添加密接 (case:manage): the kind (密接 / 次密接), the name, at least one way to find the person (ID number, mobile,
// address), when and how they were exposed (the date — not after today — and the setting: 同住, 同事, 同乘交通工具, 聚餐,
// 就医, 其他), a note, and for a 次密接 the close contact of this case they came through. What the form refuses is said
// on its field before sending (cases.logic.ts, contactBody); what the server refuses too. Mounted only while open.
import { useState } from 'react';
import { App, Alert, Form, Input, Radio, Select, type ButtonProps, type FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { addContact, ADDRESS_MAX, CASES_KEY, CONTACT_KINDS, NOTE_MAX, SETTINGS, type CaseView, type ContactBody, type ContactView } from './api';
import { contactBody, shanghaiDay, viaChoices } from './cases.logic';
import { DayPicker, PersonFields, problemWords, showProblems } from './form-bits';
import { settingText } from './shared';

type Values = {
  kind?: string; name?: string; idNumber?: string; phone?: string; address?: string; exposureOn?: Dayjs | null; setting?: string; note?: string; viaContactId?: string;
};

export function ContactModal({ c, contacts, onClose }: { c: CaseView; contacts: ContactView[]; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(640);
  const [form] = Form.useForm<Values>();
  const [today] = useState(() => shanghaiDay(new Date()));
  const kind = (Form.useWatch('kind', form) as string | undefined) ?? 'close';
  const via = viaChoices(contacts);
  const save = useMutation({
    mutationFn: (body: ContactBody) => addContact(c.id, body),
    onSuccess: (k) => {
      void message.success(t('cases.contact.done', { name: k.nameMasked }));
      onClose();
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: CASES_KEY }),
  });
  const labels = {
    kind: t('cases.contact.kind'), name: t('cases.contact.name'), idNumber: t('cases.contact.idNumber'), phone: t('cases.contact.phone'), address: t('cases.contact.address'),
    exposureOn: t('cases.contact.exposureOn'), setting: t('cases.contact.setting'), note: t('cases.contact.note'), viaContactId: t('cases.contact.via'),
  };
  const submit = (v: Values) => {
    const r = contactBody({ ...v, exposureOn: v.exposureOn?.format('YYYY-MM-DD') ?? null }, today, new Date());
    if (!r.ok) {
      showProblems(form as FormInstance, r.problems, problemWords(t, { setting: t('cases.contact.settingEmpty'), viaContactId: t('cases.contact.viaEmpty') }));
      return;
    }
    void save.mutateAsync(r.body).catch(() => undefined);
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('cases.contact.title', { code: c.code })}
      okText={t('cases.contact.submit')}
      cancelText={t('cases.contact.cancel')}
      okButtonProps={{ size, 'data-testid': 'cs-contact-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="cs-contact-dialog">
        {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
        <Form<Values>
          form={form}
          name="caseContact"
          layout="vertical"
          size={size}
          initialValues={{ kind: 'close', exposureOn: dayjs(today) }}
          onFinish={submit}
          onValuesChange={(changed) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))}
        >
          <Form.Item name="kind" label={labels.kind} required>
            <Radio.Group optionType="button" aria-label={labels.kind} data-testid="cs-contact-kind">
              {CONTACT_KINDS.map((k) => <Radio key={k} value={k}>{t(`cases.kinds.${k}`)}</Radio>)}
            </Radio.Group>
          </Form.Item>
          {kind === 'secondary' && (
            via.length === 0 ? (
              <Alert type="warning" showIcon title={t('cases.contact.viaNone')} style={{ marginBottom: 16 }} data-testid="cs-contact-via-none" />
            ) : (
              <Form.Item name="viaContactId" label={labels.viaContactId} required>
                <Select
                  placeholder={t('cases.contact.viaEmpty')}
                  options={via.map((k) => ({ value: k.id, label: `${k.nameMasked}${k.idMasked ? ` ${k.idMasked}` : k.phoneMasked ? ` ${k.phoneMasked}` : ''}` }))}
                  style={{ maxWidth: 360 }}
                  data-testid="cs-contact-via"
                />
              </Form.Item>
            )
          )}
          <PersonFields labels={labels} help={t('cases.contact.waysHelp')} testPrefix="cs-contact" />
          <Form.Item name="address" label={labels.address}>
            <Input maxLength={ADDRESS_MAX} autoComplete="off" placeholder={t('cases.contact.addressPlaceholder')} data-testid="cs-contact-address" />
          </Form.Item>
          <Form.Item name="exposureOn" label={labels.exposureOn} required>
            <DayPicker today={today} testId="cs-contact-exposure" />
          </Form.Item>
          <Form.Item name="setting" label={labels.setting} required>
            <Radio.Group aria-label={labels.setting} className="rx-cs-choices" data-testid="cs-contact-setting">
              {SETTINGS.map((s) => <Radio key={s} value={s}>{settingText(s, t)}</Radio>)}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={labels.note} style={{ marginBottom: 0 }}>
            <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('cases.contact.notePlaceholder')} data-testid="cs-contact-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
