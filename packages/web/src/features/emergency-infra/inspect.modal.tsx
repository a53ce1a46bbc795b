// 检查 (shelter:inspect): the six checks, each 正常 or 有问题 with nothing chosen beforehand — the worker answers every
// one (one button answers the rest 正常), and the submit button says which are still open — and a short note. Mounted
// only while open; on success the list is read again (the card's last inspection and 待检查 come from the server).
import { useRef } from 'react';
import { App, Alert, Button, Form, Input, Radio, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { recordInspection, SHELTER_CHECKS, SHELTERS_KEY, TEXT_MAX, type Shelter } from './api';
import { inspectionBody, problemsOf, restOk, SubmissionKeys, textProblem, unanswered, type Answers } from './emergency-infra.logic';
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
      {/* One tap for the usual round: whatever is not marked 有问题 yet is 正常 — still a choice the worker makes. */}
      {missing.length > 0 && (
        <Button block size={size} style={{ marginBottom: 12 }} data-testid="sh-rest-ok" onClick={() => form.setFieldsValue({ checks: restOk(answers) })}>
          {t('emergencyInfra.shelters.inspect.restOk', { n: missing.length })}
        </Button>
      )}
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values>
        form={form}
        name="shelterInspection"
        layout="vertical"
        className="rx-ei-check-form"
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        {SHELTER_CHECKS.map((c) => (
          <Form.Item
            key={c}
            name={['checks', c]}
            label={labels[`checks.${c}`]}
            required
            rules={[{ required: true, message: t('emergencyInfra.shelters.inspect.unanswered') }]}
            className="rx-ei-check"
          >
            <Radio.Group
              aria-label={labels[`checks.${c}`]}
              optionType="button"
              buttonStyle="solid"
              className={answers[c] === 'problem' ? 'rx-ei-answer rx-ei-answer-problem' : 'rx-ei-answer'}
              data-testid={`sh-check-${c}`}
              options={[
                { value: 'ok', label: t('emergencyInfra.shelters.answers.ok') },
                { value: 'problem', label: t('emergencyInfra.shelters.answers.problem') },
              ]}
            />
          </Form.Item>
        ))}
        {problems.length > 0 && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('emergencyInfra.shelters.inspect.problemHint')} data-testid="sh-inspect-hint" />
        )}
        <Form.Item
          name="note"
          label={labels.note}
          style={{ marginBottom: 16 }}
          rules={[{
            validator: async (_, v: string | undefined) => {
              const p = textProblem(v, false);
              if (p) throw new Error(t(`emergencyInfra.problems.${p}`, { max: TEXT_MAX }));
            },
          }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} showCount maxLength={TEXT_MAX} placeholder={t('emergencyInfra.shelters.inspect.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
