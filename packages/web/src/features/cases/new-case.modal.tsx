// 登记病例 (case:manage; the district's tracing team): the classification, the report date (today by default) and the
// onset, who the case is — a resident found in the registry (for someone who may search residents) or a name with an ID
// number or mobile (a resident of the area given by ID number is linked to their record by the server) —, the source
// case (the cases of the area) and how the person was infected. What the form refuses is said on its field before
// sending (cases.logic.ts, newCaseBody); what the server refuses too (a person already a case: 409 already_case). On
// success the new case's page opens. Mounted only while open.
import { useState } from 'react';
import { App, Form, Input, Radio, Select, Space, type ButtonProps, type FormInstance } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../auth/session';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { ResidentPicker as Picker } from '../../lib/resident-picker';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import {
  CASES_KEY, CLASSIFICATIONS, createCase, LIST_KEY, listCases, NOTE_MAX, searchResidents, type NewCaseBody, type ResidentHit,
} from './api';
import { casePath, newCaseBody, shanghaiDay } from './cases.logic';
import { DayPicker, PersonFields, problemWords, showProblems, sourceOptions } from './form-bits';

type Values = {
  classification?: string; reportedOn?: Dayjs | null; onsetOn?: Dayjs | null; who?: 'resident' | 'person'; residentId?: string; name?: string; idNumber?: string;
  phone?: string; sourceCaseId?: string; exposureNote?: string;
};


/** The resident search of the dialog (lib/resident-picker), with this feature's search and words. */
function ResidentPicker(p: { value?: string; onChange?: (id: string | undefined) => void; chosen: ResidentHit | null; onChoose: (h: ResidentHit | null) => void; size: 'large' | 'middle' }) {
  const { t } = useTranslation();
  return <Picker {...p} search={searchResidents} queryKey={[...CASES_KEY, 'resident-search']} testIdPrefix="cs-new" text={(k, v) => t(`cases.newCase.${k}`, v)} />;
}

export function NewCaseModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { modal: dialogSize, size } = useDialogSize(640);
  const [form] = Form.useForm<Values>();
  const [today] = useState(() => shanghaiDay(new Date()));
  const [chosen, setChosen] = useState<ResidentHit | null>(null);
  // Finding a resident needs resident:search (not held by the district's staff: they give the ID number instead).
  const maySearch = hasPermission(me, 'resident:search');
  const who = (Form.useWatch('who', form) as Values['who']) ?? (maySearch ? 'resident' : 'person');
  const all = useQuery({ queryKey: [...LIST_KEY, {}], queryFn: ({ signal }) => listCases({}, signal), staleTime: 30_000 });
  const save = useMutation({
    mutationFn: (body: NewCaseBody) => createCase(body),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: CASES_KEY });
      void message.success(t('cases.newCase.done', { code: c.code }));
      onClose();
      void navigate(casePath(c.id));
    },
  });
  const labels = {
    classification: t('cases.newCase.classification'), reportedOn: t('cases.newCase.reportedOn'), onsetOn: t('cases.newCase.onsetOn'), residentId: t('cases.newCase.resident'),
    name: t('cases.newCase.name'), idNumber: t('cases.newCase.idNumber'), phone: t('cases.newCase.phone'), sourceCaseId: t('cases.newCase.source'),
    exposureNote: t('cases.newCase.exposureNote'),
  };
  const submit = (v: Values) => {
    const r = newCaseBody({
      ...v, reportedOn: v.reportedOn?.format('YYYY-MM-DD') ?? null, onsetOn: v.onsetOn?.format('YYYY-MM-DD') ?? null,
    }, today, new Date(), who === 'resident');
    if (!r.ok) {
      showProblems(form as FormInstance, r.problems, problemWords(t, { classification: t('cases.newCase.classificationEmpty'), residentId: t('cases.newCase.residentEmpty') }));
      return;
    }
    void save.mutateAsync(r.body).catch(() => undefined);
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('cases.newCase.title')}
      okText={t('cases.newCase.submit')}
      cancelText={t('cases.newCase.cancel')}
      okButtonProps={{ size, 'data-testid': 'cs-new-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="cs-new-dialog">
        {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
        <Form<Values>
          form={form}
          name="caseNew"
          layout="vertical"
          size={size}
          initialValues={{ reportedOn: dayjs(today), who: maySearch ? 'resident' : 'person' }}
          onFinish={submit}
          onValuesChange={(changed) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))}
        >
          <Form.Item name="classification" label={labels.classification} required>
            <Radio.Group aria-label={labels.classification} className="rx-cs-choices" data-testid="cs-new-classification">
              {CLASSIFICATIONS.map((c) => <Radio key={c} value={c}>{t(`cases.classifications.${c}`)}</Radio>)}
            </Radio.Group>
          </Form.Item>
          <Space wrap size={[16, 0]} align="start">
            <Form.Item name="reportedOn" label={labels.reportedOn} required>
              <DayPicker today={today} testId="cs-new-reported" />
            </Form.Item>
            <Form.Item name="onsetOn" label={labels.onsetOn}>
              <DayPicker today={today} testId="cs-new-onset" />
            </Form.Item>
          </Space>
          {maySearch && (
            <Form.Item name="who" label={t('cases.newCase.who')}>
              <Radio.Group optionType="button" aria-label={t('cases.newCase.who')} data-testid="cs-new-who">
                <Radio value="resident">{t('cases.newCase.byResident')}</Radio>
                <Radio value="person">{t('cases.newCase.byPerson')}</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          {who === 'resident' ? (
            <Form.Item name="residentId" label={labels.residentId} required>
              <ResidentPicker chosen={chosen} onChoose={setChosen} size={size} />
            </Form.Item>
          ) : (
            <PersonFields labels={labels} help={t('cases.newCase.numbersHelp')} testPrefix="cs-new" />
          )}
          <Form.Item name="sourceCaseId" label={labels.sourceCaseId}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('cases.newCase.sourcePlaceholder')}
              loading={all.isPending}
              options={sourceOptions(all.data?.items ?? [], null, t)}
              style={{ maxWidth: 420 }}
              data-testid="cs-new-source"
            />
          </Form.Item>
          <Form.Item name="exposureNote" label={labels.exposureNote} style={{ marginBottom: 0 }}>
            <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('cases.newCase.notePlaceholder')} data-testid="cs-new-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
