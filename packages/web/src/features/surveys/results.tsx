// A survey's results (ADR 0077), for staff and for residents when public: per question the number answering; each
// option with its count, its share of those answering (two decimals: 44.74%) and a bar; a score question's five scores
// the same way with the mean; a text question's answers ten to a page. Fewer than five answers: a warning first.
import { useState } from 'react';
import { Alert, Empty, Pagination } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../lib/numbers';
import { TEXTS_PAGE_SIZE, type QuestionResult, type Results } from './api';
import { fewAnswers, meanText, pageOf, percentOf, percentText } from './surveys.logic';

function Bar({ label, count, percent, testId }: { label: string; count: number; percent: number; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="rx-sv-bar-row" data-testid={testId} data-label={label}>
      <div className="rx-sv-bar-text">
        <span className="rx-sv-bar-label">{label}</span>
        <span className="rx-sv-bar-figures">
          <span data-testid="sv-count">{t('survey.results.count', { n: formatCount(count, i18n.language) })}</span>
          <strong data-testid="sv-percent">{percentText(percent)}</strong>
        </span>
      </div>
      <div className="rx-sv-bar" aria-hidden="true"><div className="rx-sv-bar-fill" style={{ width: `${Math.min(100, Math.max(0, percent))}%` }} /></div>
    </li>
  );
}

function Texts({ texts }: { texts: readonly string[] }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  if (texts.length === 0) return <p className="rx-sv-quiet">{t('survey.results.noTexts')}</p>;
  return (
    <>
      <ul className="rx-sv-texts" data-testid="sv-texts">
        {pageOf(texts, page, TEXTS_PAGE_SIZE).map((x, i) => <li key={`${page}-${i}`} data-testid="sv-text">{x}</li>)}
      </ul>
      {texts.length > TEXTS_PAGE_SIZE && (
        <Pagination size="small" simple current={page} pageSize={TEXTS_PAGE_SIZE} total={texts.length} onChange={setPage} style={{ marginTop: 8 }} />
      )}
    </>
  );
}

function QuestionResults({ q, n }: { q: QuestionResult; n: number }) {
  const { t, i18n } = useTranslation();
  const headId = `sv-result-${q.id}`;
  return (
    <li className="rx-card rx-sv-result" data-testid="sv-result" data-question={q.id}>
      <h3 id={headId} className="rx-sv-result-title">{`${n}. ${q.text}`}</h3>
      <div className="rx-sv-quiet">
        {t(`survey.kinds.${q.kind}`)} · <span data-testid="sv-answered">{t('survey.results.answered', { n: formatCount(q.answered, i18n.language) })}</span>
      </div>
      {q.options && (
        <ul className="rx-sv-bars" aria-label={t('survey.results.optionsLabel', { n })}>
          {q.options.map((o) => <Bar key={o.text} label={o.text} count={o.count} percent={o.percent} testId="sv-option" />)}
        </ul>
      )}
      {q.scale && (
        <>
          <ul className="rx-sv-bars">
            {q.scale.counts.map((c, i) => {
              const label = i === 0 ? q.scale!.labels?.[0] : i === 4 ? q.scale!.labels?.[1] : undefined;
              const text = label ? t('survey.results.scoreLabel', { n: i + 1, label }) : t('survey.results.score', { n: i + 1 });
              return <Bar key={i} label={text} count={c} percent={percentOf(c, q.answered)} testId="sv-score" />;
            })}
          </ul>
          <div className="rx-sv-mean" data-testid="sv-mean">
            {meanText(q.scale.mean) !== null ? t('survey.results.mean', { mean: meanText(q.scale.mean) }) : t('survey.results.noMean')}
          </div>
        </>
      )}
      {q.texts && <Texts texts={q.texts} />}
    </li>
  );
}

export function ResultsView({ results, anonymous }: { results: Results; anonymous: boolean }) {
  const { t, i18n } = useTranslation();
  const hasTexts = results.questions.some((q) => q.kind === 'text');
  return (
    <div data-testid="sv-results">
      {results.responses === 0 ? (
        <Empty description={t('survey.results.none')} />
      ) : fewAnswers(results.responses) ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('survey.results.few', { n: formatCount(results.responses, i18n.language) })} data-testid="sv-few" />
      ) : null}
      {anonymous && hasTexts && results.responses > 0 && <p className="rx-sv-quiet">{t('survey.results.anonymousTexts')}</p>}
      {results.responses > 0 && (
        <ol className="rx-card-list rx-sv-results">
          {results.questions.map((q, i) => <QuestionResults key={q.id} q={q} n={i + 1} />)}
        </ol>
      )}
    </div>
  );
}
