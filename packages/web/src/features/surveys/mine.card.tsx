// 问卷调查 on a resident's workbench (self:survey; ADR 0077): the open surveys of their areas — each with its org and
// closing time and 去填写, or 已填写 once answered (with 查看结果 when the results are public). Nothing is drawn when
// there is none.
import { Button, Card, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { listMySurveys, MY_SURVEYS_KEY } from './api';
import { at } from './shared';
import './surveys.css';

const useMine = (enabled = true) => useQuery({ queryKey: MY_SURVEYS_KEY, queryFn: ({ signal }) => listMySurveys(signal), refetchInterval: 5 * 60_000, enabled });

/** Whether the resident has a survey to see (the workbench places the card only then; one query with the card's). */
export function useMySurveysOpen(enabled: boolean): boolean {
  return (useMine(enabled).data?.items.length ?? 0) > 0;
}

export function MySurveysCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useMine();
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('survey.mine.title')}</h2>} data-testid="sv-mine" className="rx-sv-mine">
      <Typography.Paragraph type="secondary">{t('survey.mine.intro')}</Typography.Paragraph>
      <ul className="rx-sv-mine-list">
        {items.map((s) => {
          const titleId = `sv-mine-${s.id}`;
          return (
            <li key={s.id} className="rx-sv-mine-item" data-testid="sv-mine-item" data-title={s.title} data-answered={s.answered}>
              <div>
                <strong id={titleId} className="rx-sv-mine-title">{s.title}</strong>
                {s.anonymous && <Tag color="purple" style={{ marginInlineStart: 8 }}>{t('survey.anonymous')}</Tag>}
              </div>
              <div className="rx-sv-quiet">
                {s.orgName}
                {s.status === 'open' && s.closesAt && <>{' · '}{t('survey.mine.closesAt', { at: at(s.closesAt) })}</>}
                {s.status === 'closed' && <>{' · '}{t('survey.statuses.closed')}</>}
              </div>
              <div className="rx-sv-mine-actions">
                {s.answered ? (
                  <>
                    <Tag color="green" className="rx-sv-answered" data-testid="sv-mine-answered">{t('survey.mine.answered')}</Tag>
                    {s.resultsPublic && (
                      <Button size="large" aria-describedby={titleId} onClick={() => void navigate(`/me/surveys/${s.id}?view=results`)} data-testid="sv-mine-results">
                        {t('survey.mine.results')}
                      </Button>
                    )}
                  </>
                ) : s.status === 'open' ? (
                  <Button type="primary" size="large" aria-describedby={titleId} onClick={() => void navigate(`/me/surveys/${s.id}`)} data-testid="sv-mine-fill">
                    {t('survey.mine.fill')}
                  </Button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
