// 巡查 (control-point:patrol): the five checks, each 正常 or 有问题 with nothing chosen beforehand — the worker answers
// every one, and the submit button says which are still open — and a short note. Mounted only while open; on success
// the board is read again (the card's state, last patrol and open problems come from the server).
import { useRef } from 'react';
import { App, Form, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ChecksFields } from '../../lib/checks-fields';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { CHECKS, CONTROL_POINTS_KEY, NOTE_MAX, recordPatrol, type PointView } from './api';
import { patrolBody, problemsOf, SubmissionKeys, unanswered, type Answers } from './control-points.logic';
import { checksText, FlagTags, useDialogSize } from './shared';

type PatrolValues = { checks?: Answers; note?: string };

export function PatrolModal({ point, onClose }: { point: PointView & { pointId: string }; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<PatrolValues>();
  const keys = useRef(new SubmissionKeys());
  const answers = Form.useWatch('checks', form) ?? {};
  const missing = unanswered(answers);
  const problems = problemsOf(answers);
  const save = useMutation({
    mutationFn: (v: PatrolValues) => {
      const r = patrolBody(v.checks ?? {}, v.note);
      if (!r.ok) throw new Error('missing' in r ? r.missing.join(',') : r.note);
      return recordPatrol(point.pointId, r.body, keys.current.for(r.body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(saved.problems.length
        ? t('controlPoint.patrol.savedProblems', { name: point.compoundName, n: saved.problems.length })
        : t('controlPoint.patrol.saved', { name: point.compoundName }));
      void queryClient.invalidateQueries({ queryKey: CONTROL_POINTS_KEY });
      onClose();
    },
  });
  const labels: Record<string, string> = { note: t('controlPoint.patrol.note') };
  for (const c of CHECKS) labels[`checks.${c}`] = t(`controlPoint.checks.${c}`);
  return (
    <Modal
      open
      {...dialogSize}
      title={t('controlPoint.patrol.title', { name: point.compoundName })}
      okText={missing.length ? t('controlPoint.patrol.missing', { n: missing.length, checks: checksText(missing, t, i18n.language) }) : t('controlPoint.patrol.submit')}
      okButtonProps={{ size, danger: missing.length === 0 && problems.length > 0, 'data-testid': 'cp-patrol-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      cancelText={t('controlPoint.patrol.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-cp-modal"
    >
      <div className="rx-cp-tags" style={{ marginBottom: 8 }}><FlagTags p={point} /></div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('controlPoint.patrol.intro')}</Typography.Paragraph>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<PatrolValues>
        form={form}
        name="controlPointPatrol"
        layout="vertical"
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        <ChecksFields
          form={form} checks={CHECKS} answers={answers} labels={labels} noteMax={NOTE_MAX} size={size} testId="cp" noticeTestId="cp-patrol-notify"
          texts={{
            ok: t('controlPoint.answers.ok'), problem: t('controlPoint.answers.problem'), unanswered: t('controlPoint.patrol.unanswered'),
            notePlaceholder: t('controlPoint.patrol.notePlaceholder'), restOk: (n) => t('controlPoint.patrol.restOk', { n }),
            noteProblem: (p) => t(`controlPoint.problems.${p}`, { max: NOTE_MAX }), problemNotice: t('controlPoint.patrol.problemNotify'),
          }}
        />
      </Form>
    </Modal>
  );
}
