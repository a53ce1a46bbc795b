// 转为病例 (case:manage): a contact who became a case is registered as one with this case as its source — the
// classification, the report date (today by default) and the onset. The contact then links to the new case. A contact
// known by address only has no number to register the case with: the server's 409 says so plainly. Mounted only while open.
import { useState } from 'react';
import { App, Form, Radio, Space, Typography, type ButtonProps, type FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { CASES_KEY, CLASSIFICATIONS, contactToCase, type CaseView, type ContactView, type ToCaseBody } from './api';
import { shanghaiDay, toCaseBody } from './cases.logic';
import { DayPicker, problemWords, showProblems } from './form-bits';

type Values = { classification?: string; reportedOn?: Dayjs | null; onsetOn?: Dayjs | null };

export function ToCaseModal({ c, contact, onClose }: { c: CaseView; contact: ContactView; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(560);
  const [form] = Form.useForm<Values>();
  const [today] = useState(() => shanghaiDay(new Date()));
  const save = useMutation({
    mutationFn: (body: ToCaseBody) => contactToCase(c.id, contact.id, body),
    onSuccess: (made) => {
      void message.success(t('cases.toCase.done', { code: made.code }));
      onClose();
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: CASES_KEY }),
  });
  const labels = { classification: t('cases.newCase.classification'), reportedOn: t('cases.newCase.reportedOn'), onsetOn: t('cases.newCase.onsetOn') };
  const submit = (v: Values) => {
    const r = toCaseBody({ ...v, reportedOn: v.reportedOn?.format('YYYY-MM-DD') ?? null, onsetOn: v.onsetOn?.format('YYYY-MM-DD') ?? null }, today);
    if (!r.ok) {
      showProblems(form as FormInstance, r.problems, problemWords(t, { classification: t('cases.newCase.classificationEmpty') }));
      return;
    }
    void save.mutateAsync(r.body).catch(() => undefined);
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('cases.toCase.title', { name: contact.nameMasked })}
      okText={t('cases.toCase.submit')}
      cancelText={t('cases.toCase.cancel')}
      okButtonProps={{ size, 'data-testid': 'cs-to-case-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="cs-to-case-dialog" data-contact={contact.id}>
        <Typography.Paragraph>{t('cases.toCase.help', { code: c.code })}</Typography.Paragraph>
        {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
        <Form<Values>
          form={form}
          name="caseToCase"
          layout="vertical"
          size={size}
          initialValues={{ reportedOn: dayjs(today) }}
          onFinish={submit}
          onValuesChange={(changed) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))}
        >
          <Form.Item name="classification" label={labels.classification} required>
            <Radio.Group aria-label={labels.classification} className="rx-cs-choices" data-testid="cs-to-case-classification">
              {CLASSIFICATIONS.map((x) => <Radio key={x} value={x}>{t(`cases.classifications.${x}`)}</Radio>)}
            </Radio.Group>
          </Form.Item>
          <Space wrap size={[16, 0]} align="start">
            <Form.Item name="reportedOn" label={labels.reportedOn} required style={{ marginBottom: 0 }}>
              <DayPicker today={today} testId="cs-to-case-reported" />
            </Form.Item>
            <Form.Item name="onsetOn" label={labels.onsetOn} style={{ marginBottom: 0 }}>
              <DayPicker today={today} testId="cs-to-case-onset" />
            </Form.Item>
          </Space>
        </Form>
      </div>
    </Modal>
  );
}
