// 韧性评估 (resilience:read; ADR 0092): an area's current scorecard — the overall and four dimension scores, the radar of
// the eight capacities (against the previous finalised assessment), the weakest indicators with suggestions, the
// indicators with their explanations, the trend of the finalised assessments; 发起本季度评估 / 继续评估 for the community
// admin (resilience:assess); a street or district sees its communities' latest scores.
import { Button, Empty, Skeleton, Space, Typography } from 'antd';
import { FileTextOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { EChart } from '../../lib/echart';
import { LinkButton } from '../../lib/link-button';
import { DataTable } from '../../lib/table';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { createAssessment, getCatalogue, getOverview, RESILIENCE_KEY, type Overview } from './api';
import { scoreText, trendOption } from './resilience.logic';
import { CapacityRadar, IndicatorsTable, ScoreCards, WeakestList } from './scorecard';

export function ResiliencePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('resilience.title'));
  const [params] = useSearchParams();
  const orgId = params.get('orgId');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const cat = useQuery({ queryKey: [...RESILIENCE_KEY, 'catalogue'], queryFn: ({ signal }) => getCatalogue(signal), staleTime: Infinity });
  const q = useQuery({ queryKey: [...RESILIENCE_KEY, 'overview', orgId ?? ''], queryFn: ({ signal }) => getOverview(orgId, signal) });
  const start = useMutation({
    mutationFn: () => createAssessment(),
    onSuccess: (a) => { void qc.invalidateQueries({ queryKey: RESILIENCE_KEY }); void navigate(`/resilience/assessments/${a.id}`); },
  });
  if (q.isPending || cat.isPending) return <Skeleton active />;
  if (q.isError || cat.isError) return <ErrorAlert error={q.error ?? cat.error} onRetry={() => { void q.refetch(); void cat.refetch(); }} />;
  const o: Overview = q.data;
  const c = cat.data;
  const a = o.latest;
  const previous = o.trend.length >= 2 ? o.trend[o.trend.length - 2]! : null;
  return (
    <div className="rx-rs" data-testid="resilience-page">
      {orgId && <Link to="/resilience">{t('resilience.back')}</Link>}
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('resilience.title')} · {o.org.name}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('resilience.description')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        {o.canAssess && !o.draft && (
          <Button type="primary" icon={<PlusOutlined />} loading={start.isPending} onClick={() => start.mutate()} data-testid="rs-start">{t('resilience.start')}</Button>
        )}
        {o.draft && <LinkButton type="primary" to={`/resilience/assessments/${o.draft.id}`} data-testid="rs-draft-link">{t('resilience.continueDraft', { period: o.draft.period })}</LinkButton>}
        {a && <LinkButton to={`/resilience/assessments/${a.id}`} data-testid="rs-open-latest">{t('resilience.openAssessment')}</LinkButton>}
        {a && <LinkButton icon={<FileTextOutlined />} to={`/resilience/assessments/${a.id}/report`} data-testid="rs-report-link">{t('resilience.report')}</LinkButton>}
      </Space>
      {start.isError && <ErrorAlert error={start.error} />}
      {!a ? <Empty description={t('resilience.noneYet')} /> : (
        <>
          <Typography.Paragraph data-testid="rs-latest">{t('resilience.latest', { period: a.period, at: shanghaiMinute(a.finalisedAt ?? a.asOf) })}</Typography.Paragraph>
          <ScoreCards scores={a.scores} catalogue={c} />
          <div className="rx-rs-grid">
            <section>
              <Typography.Title level={2} style={{ fontSize: 18 }}>{t('resilience.radar')}</Typography.Title>
              <CapacityRadar scores={a.scores} catalogue={c} label={a.period} compare={previous ? { label: previous.period, scores: { ...previous, weakest: [] } } : null} />
            </section>
            <section data-testid="rs-trend">
              <Typography.Title level={2} style={{ fontSize: 18 }}>{t('resilience.trend')}</Typography.Title>
              {o.trend.length < 2 ? <Empty description={t('resilience.trendEmpty')} /> : (
                <EChart option={trendOption(o.trend, c, i18n.language, t('resilience.overall'))} height={320} label={t('resilience.trendLabel')} testId="rs-trend-chart" />
              )}
              <ul className="rx-rs-trendlist">
                {o.trend.map((p) => <li key={p.id} data-testid="rs-trend-point"><Link to={`/resilience/assessments/${p.id}`}>{p.period}</Link>：{scoreText(p.overall)}</li>)}
              </ul>
            </section>
          </div>
          <Typography.Title level={2} style={{ fontSize: 18 }}>{t('resilience.weakest')}</Typography.Title>
          <WeakestList a={a} catalogue={c} />
          <Typography.Title level={2} style={{ fontSize: 18 }}>{t('resilience.indicators')}</Typography.Title>
          <IndicatorsTable a={a} catalogue={c} />
        </>
      )}
      {o.org.level !== 'community' && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>{t('resilience.below')}</Typography.Title>
          <DataTable rowKey={(r) => r.org.id} size="small" pagination={false} dataSource={o.below} locale={{ emptyText: t('resilience.belowEmpty') }} data-testid="rs-below"
            columns={[
              { title: t('resilience.orgCol'), key: 'org', render: (_, r) => r.org.name },
              { title: t('resilience.period'), key: 'period', render: (_, r) => r.period },
              { title: t('resilience.overall'), key: 'overall', render: (_, r) => scoreText(r.overall) },
              { title: '', key: 'go', render: (_, r) => <Link to={`/resilience?orgId=${encodeURIComponent(r.org.id)}`}>{t('resilience.viewOrg')}</Link> },
            ]} />
        </>
      )}
    </div>
  );
}
