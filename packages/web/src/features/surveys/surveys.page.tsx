// 问卷调查 / Surveys (survey:read; ADR 0077): the surveys of the caller's area, newest first, filtered by state (草稿 /
// 进行中 / 已结束, in the address): each with its title, org, 匿名, the number of answers and its state, opening its page.
// 新建问卷 for those who write surveys (survey:manage).
import { useMemo } from 'react';
import { Button, Empty, Pagination, Radio, Skeleton, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { listSurveys, SURVEY_STATUSES, SURVEYS_KEY, SURVEYS_PAGE_SIZE, type Survey } from './api';
import { listFiltersFromParams } from './surveys.logic';
import { at, SurveyTags } from './shared';

function SurveyCard({ s }: { s: Survey }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="rx-card rx-sv-card" data-testid="sv-card" data-title={s.title} data-status={s.status}>
      <h2><Link to={`/surveys/${s.id}`}>{s.title}</Link></h2>
      <SurveyTags s={s} />
      <div className="rx-sv-meta">{s.orgName}</div>
      <div className="rx-sv-meta">
        <strong data-testid="sv-responses">{t('survey.list.responses', { n: formatCount(s.responses, i18n.language) })}</strong>
        {' · '}{t('survey.list.questions', { n: s.questions.length })}
        {s.status === 'open' && s.closesAt && <>{' · '}{t('survey.list.closesAt', { at: at(s.closesAt) })}</>}
        {s.status === 'closed' && (s.closedAt ?? s.closesAt) && <>{' · '}{t('survey.list.closedAt', { at: at((s.closedAt ?? s.closesAt)!) })}</>}
      </div>
      <div className="rx-sv-meta rx-sv-quiet">{t('survey.list.createdBy', { name: s.createdBy.name, at: at(s.createdAt) })}</div>
    </li>
  );
}

export function SurveysPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('survey.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => listFiltersFromParams(params), [params]);
  const list = useQuery({
    queryKey: [...SURVEYS_KEY, 'list', f],
    queryFn: ({ signal }) => listSurveys(f, signal),
    placeholderData: keepPreviousData,
    // Answers come in while the page is open.
    refetchInterval: 60_000,
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const statusWord = f.status ? t(`survey.statuses.${f.status}`) : '';

  return (
    <div data-testid="surveys-page">
      <div className="rx-sv-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('survey.title')}</Typography.Title>
        {hasPermission(me, 'survey:manage') && (
          <Button type="primary" icon={<PlusOutlined />} size={isMobile ? 'large' : 'middle'} onClick={() => void navigate('/surveys/new')} data-testid="sv-new">
            {t('survey.new')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('survey.description')}</Typography.Paragraph>
      <div className="rx-sv-toolbar">
        <Radio.Group
          optionType="button"
          aria-label={t('survey.filter.label')}
          value={f.status ?? 'all'}
          onChange={(e) => setParams({ status: e.target.value === 'all' ? null : String(e.target.value), page: null })}
          options={[{ value: 'all', label: t('survey.filter.all') }, ...SURVEY_STATUSES.map((s) => ({ value: s, label: t(`survey.statuses.${s}`) }))]}
          data-testid="sv-filter"
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('survey.refresh')}</Button>
      </div>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={f.status ? t('survey.list.emptyFiltered', { status: statusWord }) : t('survey.list.empty')} />
      ) : (
        <ul className="rx-card-list" data-testid="sv-list">
          {items.map((s) => <SurveyCard key={s.id} s={s} />)}
        </ul>
      )}
      {total > SURVEYS_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={SURVEYS_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setParams({ page: page > 1 ? page : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="sv-total">
          {t('survey.list.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
