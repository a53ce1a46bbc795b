// A resident answers a survey (/me/surveys/:id, self:survey; ADR 0077): the title, who asks, the note before answering
// (anonymous: 不记录您的姓名和填写时间；请不要在填空题中写姓名、电话), the questions one block each with big choices, and
// 提交 → 感谢您的填写 with 查看结果 when the results are public (?view=results: GET /api/me/surveys/:id/results). A
// survey already answered says so; answering twice is not offered.
import { useRef, useState } from 'react';
import { Alert, Button, Result, Skeleton, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import { answerSurvey, getMyResults, listMySurveys, MY_SURVEYS_KEY, SURVEYS_KEY, type Answers, type MySurvey } from './api';
import { AnswerForm, useAnswerSheet } from './answer-form';
import { ResultsView } from './results';
import { serverFieldErrors, SubmissionKeys } from './surveys.logic';

function MyResults({ s }: { s: MySurvey }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: [...SURVEYS_KEY, 'my-results', s.id], queryFn: ({ signal }) => getMyResults(s.id, signal) });
  return (
    <section data-testid="sv-my-results">
      <h2 className="rx-sv-section">{t('survey.answer.resultsTitle')}</h2>
      {q.isError && (isApiError(q.error) && q.error.code === 'results_not_public'
        ? <Alert type="info" showIcon title={t('survey.answer.resultsNotPublic')} />
        : <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />)}
      {q.isPending ? <Skeleton active /> : q.data && <ResultsView results={q.data} anonymous={s.anonymous} />}
      <Button size="large" style={{ marginTop: 16 }} onClick={() => void navigate('/')}>{t('survey.answer.back')}</Button>
    </section>
  );
}

function AnswerSheet({ s, onDone }: { s: MySurvey; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useRef(new SubmissionKeys());
  const save = useMutation({
    mutationFn: (answers: Answers) => answerSurvey(s.id, answers, keys.current.for({ answers })),
    onSuccess: () => {
      keys.current.done();
      onDone();
      queryClient.setQueryData<{ items: MySurvey[] }>(MY_SURVEYS_KEY, (old) => old && ({ items: old.items.map((x) => (x.id === s.id ? { ...x, answered: true } : x)) }));
      void queryClient.invalidateQueries({ queryKey: MY_SURVEYS_KEY });
      window.scrollTo({ top: 0 });
    },
    onError: (e) => { if (isApiError(e) && e.status === 409) void queryClient.invalidateQueries({ queryKey: MY_SURVEYS_KEY }); },
  });
  const sheet = useAnswerSheet(s.questions, serverFieldErrors(save.error, i18n.language));
  const submit = () => {
    const answers = sheet.payload();
    if (!answers) {
      window.requestAnimationFrame(() => document.querySelector('.rx-sv-answer-error')?.scrollIntoView({ block: 'center' }));
      return;
    }
    void save.mutateAsync(answers).catch(() => undefined);
  };
  return (
    <>
      <Alert type={s.anonymous ? 'info' : 'warning'} showIcon className="rx-sv-note" title={t(s.anonymous ? 'survey.answer.anonymousNote' : 'survey.answer.namedNote')} data-testid="sv-note" />
      <Typography.Paragraph type="secondary">{t('survey.answer.count', { n: s.questions.length })}</Typography.Paragraph>
      <AnswerForm questions={s.questions} values={sheet.values} onChange={sheet.set} errors={sheet.errors} idPrefix="sv-me" disabled={save.isPending} />
      {save.isError && <ErrorAlert error={save.error} className="rx-sv-big-alert" />}
      <Button type="primary" size="large" block className="rx-sv-submit" loading={save.isPending} onClick={submit} data-testid="sv-submit">
        {sheet.missing > 0 ? t('survey.form.missing', { n: sheet.missing }) : t('survey.answer.submit')}
      </Button>
    </>
  );
}

export function MySurveyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useUrlState();
  // Answered here just now (thanks), or before (已填写).
  const [justAnswered, setJustAnswered] = useState(false);
  const q = useQuery({ queryKey: MY_SURVEYS_KEY, queryFn: ({ signal }) => listMySurveys(signal) });
  const s = q.data?.items.find((x) => x.id === id);
  usePageTitle(s?.title ?? t('survey.title'));
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!s) {
    return (
      <div className="rx-narrow rx-sv-me">
        <Alert type="info" showIcon title={t('survey.answer.notFound')} data-testid="sv-not-found" />
        <Button size="large" style={{ marginTop: 16 }} onClick={() => void navigate('/')}>{t('survey.answer.back')}</Button>
      </div>
    );
  }
  const showResults = params.get('view') === 'results';
  return (
    <div className="rx-narrow rx-sv-me" data-testid="sv-me-page">
      <Typography.Title level={1} style={{ fontSize: 22, overflowWrap: 'anywhere' }}>{s.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{s.orgName}</Typography.Paragraph>
      {s.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.description}</Typography.Paragraph>}
      {showResults ? (
        <MyResults s={s} />
      ) : s.answered ? (
        <Result
          status="success"
          title={justAnswered ? t('survey.answer.thanks') : t('survey.mine.answered')}
          subTitle={justAnswered ? t('survey.answer.thanksText', { org: s.orgName }) : t('survey.answer.already')}
          data-testid="sv-thanks"
          extra={[
            s.resultsPublic && (
              <Button key="results" type="primary" size="large" onClick={() => setParams({ view: 'results' })} data-testid="sv-view-results">{t('survey.answer.viewResults')}</Button>
            ),
            <Button key="back" size="large" onClick={() => void navigate('/')}>{t('survey.answer.back')}</Button>,
          ]}
        />
      ) : s.status !== 'open' ? (
        <Alert type="info" showIcon title={t('survey.answer.notFound')} />
      ) : (
        <AnswerSheet s={s} onDone={() => setJustAnswered(true)} />
      )}
    </div>
  );
}
