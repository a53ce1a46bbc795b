// A survey's page (survey:read; ADR 0077): its state, 匿名, who made it and when it opened or closes, the number of
// answers online and on paper, and the results per question (counts, percentages with two decimals, bars, the score's
// mean, the written answers). A draft shows its questions with 编辑 / 发布 / 删除 for its org (survey:manage); an open
// survey 录入纸质问卷 (survey:enter) and 结束问卷 (its org).
import { useState } from 'react';
import { Alert, App, Button, Skeleton, Typography } from 'antd';
import { EditOutlined, FormOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { deleteSurvey, getResults, getSurvey, setSurveyState, SURVEYS_KEY, type Survey } from './api';
import { PaperModal } from './paper.modal';
import { ResultsView } from './results';
import { mayManage } from './surveys.logic';
import { at, SurveyTags } from './shared';

function QuestionsPreview({ s }: { s: Survey }) {
  const { t } = useTranslation();
  return (
    <ol className="rx-card-list rx-sv-preview" data-testid="sv-preview">
      {s.questions.map((q, i) => (
        <li key={q.id} className="rx-card">
          <strong>{`${i + 1}. ${q.text}`}</strong>
          <div className="rx-sv-quiet">{t(`survey.kinds.${q.kind}`)} · {t(q.required ? 'survey.form.required' : 'survey.form.optional')}</div>
          {q.options && <ul className="rx-sv-preview-options">{q.options.map((o) => <li key={o}>{o}</li>)}</ul>}
          {q.scaleLabels && <div className="rx-sv-quiet">{`1 ${q.scaleLabels[0]} … 5 ${q.scaleLabels[1]}`}</div>}
        </li>
      ))}
    </ol>
  );
}

export function SurveyPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const size = isMobile ? 'large' : 'middle';
  const [paper, setPaper] = useState(false);
  const q = useQuery({ queryKey: [...SURVEYS_KEY, 'detail', id], queryFn: ({ signal }) => getSurvey(id, signal), refetchInterval: 60_000 });
  const s = q.data;
  usePageTitle(s?.title ?? t('survey.title'));
  const results = useQuery({
    queryKey: [...SURVEYS_KEY, 'results', id],
    queryFn: ({ signal }) => getResults(id, signal),
    enabled: !!s && s.status !== 'draft',
    refetchInterval: 60_000,
  });
  const reread = () => void queryClient.invalidateQueries({ queryKey: SURVEYS_KEY });
  const change = useMutation({
    mutationFn: (v: { action: 'open' | 'close'; survey: Survey }) => setSurveyState(v.survey.id, v.action, v.survey.version),
    onSuccess: (r, v) => {
      queryClient.setQueryData([...SURVEYS_KEY, 'detail', id], r);
      void message.success(v.action === 'open' ? t('survey.editor.published', { title: r.title }) : t('survey.detail.closed'));
      reread();
    },
    onError: (e) => { if (isApiError(e) && e.status === 409) reread(); },
  });
  const remove = useMutation({
    mutationFn: (v: Survey) => deleteSurvey(v.id, v.version),
    onSuccess: () => {
      void message.success(t('survey.editor.deleted'));
      reread();
      void navigate('/surveys', { replace: true });
    },
    onError: (e) => { if (isApiError(e) && e.status === 409) reread(); },
  });

  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const survey = q.data;
  const manage = mayManage(survey, me);
  const mayEnter = hasPermission(me, 'survey:enter') && survey.status === 'open';
  const n = (v: number) => formatCount(v, i18n.language);
  const failed = change.error ?? remove.error;

  return (
    <div data-testid="survey-page" data-status={survey.status}>
      <Link to="/surveys">{t('survey.detail.back')}</Link>
      <Typography.Title level={1} style={{ margin: '8px 0', fontSize: 24, overflowWrap: 'anywhere' }}>{survey.title}</Typography.Title>
      <SurveyTags s={survey} />
      {survey.description && <Typography.Paragraph style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}>{survey.description}</Typography.Paragraph>}
      <dl className="rx-facts rx-sv-facts">
        <div><dt>{t('survey.detail.org')}</dt><dd>{survey.orgName}</dd></div>
        <div><dt>{t('survey.detail.createdBy')}</dt><dd>{`${survey.createdBy.name} · ${at(survey.createdAt)}`}</dd></div>
        {survey.openedAt && <div><dt>{t('survey.detail.openedAt')}</dt><dd>{at(survey.openedAt)}</dd></div>}
        {survey.status !== 'closed' && <div><dt>{t('survey.detail.closesAt')}</dt><dd>{survey.closesAt ? at(survey.closesAt) : t('survey.detail.noClose')}</dd></div>}
        {survey.status === 'closed' && (survey.closedAt ?? survey.closesAt) && <div><dt>{t('survey.detail.closedAt')}</dt><dd>{at((survey.closedAt ?? survey.closesAt)!)}</dd></div>}
      </dl>
      {survey.status !== 'draft' && (
        <p className="rx-sv-counts" data-testid="sv-counts">
          {results.data
            ? t('survey.detail.counts', { n: n(results.data.responses), online: n(results.data.online), paper: n(results.data.paper) })
            : t('survey.list.responses', { n: n(survey.responses) })}
        </p>
      )}
      <div className="rx-sv-actions-bar">
        {survey.status === 'draft' && manage && (
          <>
            <Button type="primary" size={size} onClick={() => void navigate(`/surveys/${survey.id}/edit`)} icon={<EditOutlined />} data-testid="sv-edit">{t('survey.detail.edit')}</Button>
            <Popconfirm
              title={t('survey.editor.publishConfirm')}
              description={t('survey.editor.publishDescription')}
              okText={t('survey.editor.publish')}
              cancelText={t('survey.editor.cancel')}
              onConfirm={() => change.mutateAsync({ action: 'open', survey }).catch(() => undefined)}
            >
              <Button size={size} loading={change.isPending} data-testid="sv-open">{t('survey.editor.publish')}</Button>
            </Popconfirm>
            <Popconfirm
              title={t('survey.editor.deleteConfirm')}
              okText={t('survey.editor.deleteOk')}
              cancelText={t('survey.editor.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutateAsync(survey).catch(() => undefined)}
            >
              <Button danger size={size} loading={remove.isPending} data-testid="sv-delete">{t('survey.editor.delete')}</Button>
            </Popconfirm>
          </>
        )}
        {mayEnter && (
          <Button type="primary" size={size} icon={<FormOutlined />} onClick={() => setPaper(true)} data-testid="sv-paper">{t('survey.detail.paper')}</Button>
        )}
        {survey.status === 'open' && manage && (
          <Popconfirm
            title={t('survey.detail.closeConfirm')}
            description={t('survey.detail.closeDescription')}
            okText={t('survey.detail.close')}
            cancelText={t('survey.editor.cancel')}
            onConfirm={() => change.mutateAsync({ action: 'close', survey }).catch(() => undefined)}
          >
            <Button danger size={size} loading={change.isPending} data-testid="sv-close">{t('survey.detail.close')}</Button>
          </Popconfirm>
        )}
      </div>
      {failed && (isApiError(failed) && failed.code === 'stale_version'
        ? <Alert type="warning" showIcon role="alert" title={t('survey.detail.stale')} style={{ marginBottom: 12 }} />
        : <ErrorAlert error={failed} />)}
      {survey.status === 'draft' ? (
        <>
          <Alert type="info" showIcon title={t('survey.detail.draftNote')} style={{ marginBottom: 12 }} />
          <h2 className="rx-sv-section">{t('survey.detail.questions')}</h2>
          <QuestionsPreview s={survey} />
        </>
      ) : (
        <>
          <h2 className="rx-sv-section">{t('survey.detail.results')}</h2>
          {results.isError && <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />}
          {results.isPending ? <Skeleton active /> : results.data && <ResultsView results={results.data} anonymous={survey.anonymous} />}
        </>
      )}
      {paper && <PaperModal survey={survey} onClose={() => setPaper(false)} />}
    </div>
  );
}
