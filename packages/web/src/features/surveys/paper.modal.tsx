// 录入纸质问卷 (survey:enter; ADR 0077): the residents' question form in a large dialog, for a worker typing in a stack of
// paper forms: after each one is entered the form clears and says 已录入第 N 份, ready for the next. Mounted only while open.
import { useRef, useState } from 'react';
import { Alert, Button, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { enterPaper, SURVEYS_KEY, type Answers, type Survey } from './api';
import { AnswerForm, useAnswerSheet } from './answer-form';
import { serverFieldErrors, SubmissionKeys } from './surveys.logic';
import { useDialogSize } from './shared';

export function PaperModal({ survey, onClose }: { survey: Survey; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const keys = useRef(new SubmissionKeys());
  const top = useRef<HTMLDivElement>(null);
  const [entered, setEntered] = useState<{ n: number } | null>(null);
  const [sessionCount, setSessionCount] = useState(0);
  const save = useMutation({
    mutationFn: (answers: Answers) => enterPaper(survey.id, answers, keys.current.for({ answers })),
    onSuccess: (r) => {
      keys.current.done();
      const n = sessionCount + 1;
      setSessionCount(n);
      setEntered({ n: r.paper ?? n });
      sheet.clear();
      top.current?.scrollIntoView({ block: 'start' });
      void queryClient.invalidateQueries({ queryKey: SURVEYS_KEY });
    },
  });
  const sheet = useAnswerSheet(survey.questions, serverFieldErrors(save.error, i18n.language));
  const submit = () => {
    const answers = sheet.payload();
    if (!answers) return;
    setEntered(null);
    void save.mutateAsync(answers).catch(() => undefined);
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('survey.paper.title', { title: survey.title })}
      onCancel={onClose}
      destroyOnHidden
      className="rx-sv-modal"
      footer={[
        <Button key="finish" size={size} onClick={onClose}>{t('survey.paper.finish')}</Button>,
        <Button key="submit" type="primary" size={size} loading={save.isPending} onClick={submit} data-testid="sv-paper-submit">
          {sheet.missing > 0 ? t('survey.form.missing', { n: sheet.missing }) : t('survey.paper.submit')}
        </Button>,
      ]}
    >
      <div ref={top} />
      {entered && (
        <Alert type="success" showIcon role="status" style={{ marginBottom: 12 }} title={t('survey.paper.done', { n: entered.n })} description={t('survey.paper.next')} data-testid="sv-paper-done" />
      )}
      <Typography.Paragraph type="secondary">{t('survey.paper.intro')}</Typography.Paragraph>
      {survey.anonymous && <Typography.Paragraph type="secondary">{t('survey.paper.anonymousNote')}</Typography.Paragraph>}
      {save.isError && <ErrorAlert error={save.error} />}
      <AnswerForm questions={survey.questions} values={sheet.values} onChange={sheet.set} errors={sheet.errors} idPrefix="sv-paper" />
    </Modal>
  );
}
