// 检查 (shelter:inspect): the six checks, each 正常 or 有问题 with nothing chosen beforehand — the worker answers every
// one (one button answers the rest 正常), and the submit button says which are still open — and a short note. Mounted
// only while open; on success the list is read again (the card's last inspection and 待检查 come from the server).
import { useRef } from 'react';
import { App, Form, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ChecksFields } from '../../lib/checks-fields';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { recordInspection, SHELTER_CHECKS, SHELTERS_KEY, TEXT_MAX, type Shelter } from './api';
import { inspectionBody, problemsOf, SubmissionKeys, unanswered, type Answers } from './emergency-infra.logic';
import { checksText, useDialogSize } from './shared';

type Values = { checks?: Answers; note?: string };

export function InspectModal({ shelter, onClose }: { shelter: Shelter; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const keys = useRef(new SubmissionKeys());
  const answers = Form.useWatch('checks', form) ?? {};
  const missing = unanswered(answers);
  const problems = problemsOf(answers);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const r = inspectionBody(v.checks ?? {}, v.note);
      if (!r.ok) throw new Error('missing' in r ? r.missing.join(',') : r.note);
      return recordInspection(shelter.id, r.body, keys.current.for(r.body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(saved.problems.length
        ? t('emergencyInfra.shelters.inspect.savedProblems', { name: shelter.name, n: saved.problems.length })
        : t('emergencyInfra.shelters.inspect.saved', { name: shelter.name }));
      void queryClient.invalidateQueries({ queryKey: SHELTERS_KEY });
      onClose();
    },
  });
  const labels: Record<string, string> = { note: t('emergencyInfra.shelters.inspect.note') };
  for (const c of SHELTER_CHECKS) labels[`checks.${c}`] = t(`emergencyInfra.shelters.checks.${c}`);
  return (
    <Modal
      open
      {...dialogSize}
      title={t('emergencyInfra.shelters.inspect.title', { name: shelter.name })}
      okText={missing.length
        ? t('emergencyInfra.shelters.inspect.missing', { n: missing.length, checks: checksText(missing, t, i18n.language) })
        : t('emergencyInfra.shelters.inspect.submit')}
      okButtonProps={{ size, danger: missing.length === 0 && problems.length > 0, 'data-testid': 'sh-inspect-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      cancelText={t('emergencyInfra.shelters.inspect.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-ei-modal"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('emergencyInfra.shelters.inspect.intro')}</Typography.Paragraph>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values>
        form={form}
        name="shelterInspection"
        layout="vertical"
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        <ChecksFields
          form={form} checks={SHELTER_CHECKS} answers={answers} labels={labels} noteMax={TEXT_MAX} size={size} testId="sh" noticeTestId="sh-inspect-hint"
          texts={{
            ok: t('emergencyInfra.shelters.answers.ok'), problem: t('emergencyInfra.shelters.answers.problem'), unanswered: t('emergencyInfra.shelters.inspect.unanswered'),
            notePlaceholder: t('emergencyInfra.shelters.inspect.notePlaceholder'), restOk: (n) => t('emergencyInfra.shelters.inspect.restOk', { n }),
            noteProblem: (p) => t(`emergencyInfra.problems.${p}`, { max: TEXT_MAX }), problemNotice: t('emergencyInfra.shelters.inspect.problemHint'),
          }}
        />
      </Form>
    </Modal>
  );
}
