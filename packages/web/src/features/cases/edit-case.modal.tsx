// 修改 a case (case:manage): its status, classification, source case (not itself nor a case infected through it; 无 to
// clear it) and how the person was infected — only what changed is sent, against the version seen. A 409 (changed by
// someone meanwhile) shows the error and reloads the case: the dialog then shows the case as it is now, to look at and
// change again against the newest version. A source making a cycle is refused by the server on its field. Mounted only
// while open.
import { useEffect, useRef } from 'react';
import { App, Form, Input, Radio, Select, type ButtonProps, type FormInstance } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { CASES_KEY, CLASSIFICATIONS, LIST_KEY, listCases, NOTE_MAX, STATUSES, updateCase, type CaseView, type UpdateBody } from './api';
import { updateBody, type EditValues } from './cases.logic';
import { problemWords, showProblems, sourceOptions } from './form-bits';

const NONE = '';

const valuesOf = (c: CaseView): EditValues => ({ status: c.status, classification: c.classification, sourceCaseId: c.sourceCaseId ?? NONE, exposureNote: c.exposureNote ?? '' });

export function EditCaseModal({ c, onClose }: { c: CaseView; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(600);
  const [form] = Form.useForm<EditValues>();
  // A 409 reloads the case: once the newer version arrives, the form shows it as it is now (what was typed over an older
  // copy would undo the other person's change), and the next save goes against that version.
  const seen = useRef(c.version);
  useEffect(() => {
    if (seen.current === c.version) return;
    seen.current = c.version;
    form.setFieldsValue(valuesOf(c));
  }, [c, form]);
  const all = useQuery({ queryKey: [...LIST_KEY, {}], queryFn: ({ signal }) => listCases({}, signal), staleTime: 30_000 });
  const save = useMutation({
    mutationFn: (body: UpdateBody) => updateCase(c.id, body),
    onSuccess: () => {
      void message.success(t('cases.edit.done'));
      onClose();
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: CASES_KEY }),
  });
  const options = [{ value: NONE, label: t('cases.edit.sourceNone') }, ...sourceOptions(all.data?.items ?? [], c.id, t)];
  // The source as it is, even when the list does not hold it (more than the list's 500 cases).
  if (c.sourceCaseId && !options.some((o) => o.value === c.sourceCaseId)) options.push({ value: c.sourceCaseId, label: c.sourceCode ?? c.sourceCaseId });
  const conflict = isApiError(save.error) && save.error.status === 409;
  const labels = { status: t('cases.edit.status'), classification: t('cases.edit.classification'), sourceCaseId: t('cases.edit.source'), exposureNote: t('cases.edit.exposureNote') };
  const submit = (v: EditValues) => {
    // The version is the newest seen (`c` is the page's copy, reloaded after a 409).
    const r = updateBody(v, c);
    if (r.ok) return void save.mutateAsync(r.body).catch(() => undefined);
    if ('nothing' in r) {
      void message.info(t('cases.edit.nothing'));
      return onClose();
    }
    showProblems(form as FormInstance, r.problems, problemWords(t));
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('cases.edit.title', { code: c.code })}
      okText={t('cases.edit.submit')}
      cancelText={t('cases.edit.cancel')}
      okButtonProps={{ size, 'data-testid': 'cs-edit-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="cs-edit-dialog" data-version={c.version}>
        {save.isError && (
          <div data-testid={conflict ? 'cs-edit-conflict' : 'cs-edit-error'}>
            <ErrorAlert error={save.error} form={form} labels={labels} title={conflict ? t('cases.edit.conflict') : undefined} />
          </div>
        )}
        <Form<EditValues>
          form={form}
          name="caseEdit"
          layout="vertical"
          size={size}
          initialValues={valuesOf(c)}
          onFinish={submit}
          onValuesChange={(changed) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof EditValues, errors: [] })))}
        >
          <Form.Item name="status" label={labels.status}>
            <Radio.Group aria-label={labels.status} className="rx-cs-choices" data-testid="cs-edit-status">
              {STATUSES.map((s) => <Radio key={s} value={s}>{t(`cases.statuses.${s}`)}</Radio>)}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="classification" label={labels.classification}>
            <Radio.Group aria-label={labels.classification} className="rx-cs-choices" data-testid="cs-edit-classification">
              {CLASSIFICATIONS.map((x) => <Radio key={x} value={x}>{t(`cases.classifications.${x}`)}</Radio>)}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="sourceCaseId" label={labels.sourceCaseId}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={all.isPending}
              options={options}
              style={{ maxWidth: 420 }}
              data-testid="cs-edit-source"
            />
          </Form.Item>
          <Form.Item name="exposureNote" label={labels.exposureNote} style={{ marginBottom: 0 }}>
            <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('cases.newCase.notePlaceholder')} data-testid="cs-edit-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
