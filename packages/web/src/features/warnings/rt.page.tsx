// 传播趋势: EpiEstim R_t of the area's daily counts with its 95% band, and the SEIR projection when available.
import { useMemo, useState } from 'react';
import { Alert as AntAlert, Button, Card, Col, Form, InputNumber, Row, Select, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, DownOutlined, UpOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { useMe } from '../../auth/session';
import { orgLevelLabel, withNote } from '../../lib/labels';
import { AreaPicker, type AreaNode } from '../../lib/area-picker';
import { formatCount, formatEstimate } from '../../lib/numbers';
import { EChart } from '../../lib/echart';
import { ErrorAlert } from '../../lib/error-alert';
import { getRt, listIndicators, scopeLoader, type RtQuery } from './api';
import { indicatorName, unitOf } from './shared';
import { incidenceChartOption, rtChartOption, rtTrend } from './warnings.logic';
import {
  maxDailyCountFor, projectionSummary, projectionSummaryMessage, rtParamProblem, rtProblemMessage, rtQueryFromForm, type RtFormValues, type RtParam, RT_PARAMS,
} from './rt.logic';

type FormValues = RtFormValues;

const DEFAULTS = { indicator: 'fever_reports', siMean: 7.5, siSd: 3.4, window: 7, horizon: 28 };

const SCOPE_PICKER_KEY = ['warnings', 'scopes'] as const;
const notCity = (o: AreaNode) => o.level !== 'city';

export function RtPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('warnings.rt.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<FormValues>();
  const [query, setQuery] = useState<RtQuery>({ scope: me.org.id, indicator: DEFAULTS.indicator });
  // On phones the model parameters fold away: most users only pick the area and the indicator.
  const [showParams, setShowParams] = useState(false);
  const paramsVisible = !isMobile || showParams;
  const indicators = useQuery({ queryKey: ['warnings', 'indicators'], queryFn: ({ signal }) => listIndicators(signal), staleTime: 300_000 });
  const rt = useQuery({ queryKey: ['warnings', 'rt', query], queryFn: ({ signal }) => getRt(query, signal), placeholderData: keepPreviousData });

  const rLabels = useMemo(() => ({ mean: t('warnings.rt.series.mean'), band: t('warnings.rt.series.band'), one: t('warnings.rt.series.one') }), [t]);
  const iLabels = useMemo(() => ({ observed: t('warnings.rt.series.observed'), median: t('warnings.rt.series.median'), band95: t('warnings.rt.series.band95') }), [t]);
  const rOption = useMemo(() => (rt.data ? rtChartOption(rt.data.rows, rLabels) : null), [rt.data, rLabels]);
  const iOption = useMemo(() => (rt.data ? incidenceChartOption(rt.data.incidence, rt.data.projection, iLabels) : null), [rt.data, iLabels]);

  // The population may not be below the largest daily count of the series shown, when that is the form's area and indicator.
  const countsFor = (): { maxDailyCount?: number } => ({ maxDailyCount: maxDailyCountFor(rt.data, form.getFieldValue('scope'), form.getFieldValue('indicator')) });
  // Each parameter checked as the server would (rt.logic: RT_BOUNDS), with a message under the field; 计算 sends nothing
  // while one is wrong (antd runs these rules before onFinish), and an empty box is an error, not the server's default.
  const paramRules = (param: RtParam) => [{
    required: param !== 'population',
    validator: (_: unknown, value: unknown): Promise<void> => {
      const problem = rtParamProblem(param, value, countsFor());
      if (!problem) return Promise.resolve();
      const m = rtProblemMessage(problem, i18n.language);
      return Promise.reject(new Error(t(m.key, m.vars)));
    },
  }];
  const onFinish = (v: FormValues) => {
    const next = rtQueryFromForm(v, countsFor());
    if (next) setQuery(next);
  };
  // On a phone the parameters may be folded away: unfold them so that the message under the wrong one is seen.
  const onFinishFailed = ({ errorFields }: { errorFields: Array<{ name: (string | number)[] }> }) => {
    const first = errorFields.find((f) => (RT_PARAMS as readonly unknown[]).includes(f.name[0]));
    if (!first) return;
    setShowParams(true);
    requestAnimationFrame(() => form.scrollToField(first.name, { block: 'center', focus: true }));
  };
  const latest = rt.data?.latest ?? null;
  const trend = rtTrend(latest);
  const proj = rt.data?.projection;
  // 预计 28 天后…每日约 N 人（区间 a–b）: the projection's last day in words, from the answer's own figures.
  const summary = projectionSummary(proj);
  const summaryMessage = summary && rt.data ? projectionSummaryMessage(summary, i18n.language, unitOf(rt.data.indicator, i18n.language, summary.median)) : null;
  const summaryText = summaryMessage ? t(summaryMessage.key, summaryMessage.vars) : null;

  return (
    <div data-testid="rt-page">
      <div style={{ marginBottom: 12 }}>
        <Link to="/warnings">
          <ArrowLeftOutlined /> {t('warnings.detail.back')}
        </Link>
      </div>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
        {t('warnings.rt.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('warnings.rt.description')}
      </Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FormValues>
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          initialValues={{ scope: me.org.id, ...DEFAULTS, population: null }}
          onFinish={onFinish}
          onFinishFailed={onFinishFailed}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="scope" label={t('warnings.rt.scope')}>
            {/* Loaded level by level (ADR 0052); a plain select for a community admin or a grid worker. */}
            <AreaPicker
              loader={scopeLoader}
              cacheKey={SCOPE_PICKER_KEY}
              style={{ minWidth: 200 }}
              selectable={notCity}
              title={(o: AreaNode) => withNote(o.name, orgLevelLabel(o.level, t), i18n.language)}
              valueLabel={me.org.name}
            />
          </Form.Item>
          <Form.Item name="indicator" label={t('warnings.rt.indicator')}>
            <Select style={{ minWidth: 140 }} options={(indicators.data?.items ?? []).map((i) => ({ value: i.code, label: indicatorName(i, i18n.language) }))} />
          </Form.Item>
          {/* No min/max on the boxes: antd would move a value outside them to the limit without a word; the rules say
              what is wrong instead (rt.logic: RT_BOUNDS, the server's limits). */}
          <Form.Item name="siMean" label={t('warnings.rt.siMean')} hidden={!paramsVisible} rules={paramRules('siMean')}>
            <InputNumber step={0.1} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="siSd" label={t('warnings.rt.siSd')} hidden={!paramsVisible} rules={paramRules('siSd')}>
            <InputNumber step={0.1} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="window" label={t('warnings.rt.window')} hidden={!paramsVisible} rules={paramRules('window')}>
            <InputNumber style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="horizon" label={t('warnings.rt.horizon')} hidden={!paramsVisible} rules={paramRules('horizon')}>
            <InputNumber style={{ width: 80 }} />
          </Form.Item>
          <Form.Item
            name="population"
            label={t('warnings.rt.population')}
            tooltip={t('warnings.rt.populationHint')}
            hidden={!paramsVisible}
            rules={paramRules('population')}
            dependencies={['scope', 'indicator']}
          >
            <InputNumber style={{ width: 170 }} placeholder={t('warnings.rt.populationHint')} />
          </Form.Item>
          <Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={rt.isFetching} size={isMobile ? 'large' : undefined}>
                {t('warnings.rt.apply')}
              </Button>
              {isMobile && (
                <Button type="link" onClick={() => setShowParams((v) => !v)} aria-expanded={showParams} icon={showParams ? <UpOutlined /> : <DownOutlined />}>
                  {t('warnings.rt.params')}
                </Button>
              )}
            </Space>
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('warnings.rt.siSource')}
        </Typography.Text>
      </Card>

      {rt.isError && <ErrorAlert error={rt.error} onRetry={() => void rt.refetch()} style={{ marginBottom: 16 }} />}
      {rt.isPending ? (
        <Skeleton active />
      ) : rt.data ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={8}>
            <Card size="small" title={t('warnings.rt.latest')} data-testid="rt-latest">
              {latest && latest.mean !== null ? (
                <>
                  <div className="rx-wr-big" style={{ color: trend === 'growing' ? '#cf1322' : trend === 'shrinking' ? '#389e0d' : '#0958d9' }}>
                    {formatEstimate(latest.mean, i18n.language, 2)}
                  </div>
                  <div>{t('warnings.rt.ci', { low: formatEstimate(latest.q0025, i18n.language, 2), high: formatEstimate(latest.q0975, i18n.language, 2) })}</div>
                  <div style={{ color: 'rgba(0,0,0,0.55)' }}>{t('warnings.rt.latestWindow', { from: latest.dateStart, to: latest.dateEnd })}</div>
                  {trend && <p style={{ marginBottom: 0, fontWeight: 600 }}>{t(`warnings.rt.${trend}`)}</p>}
                </>
              ) : (
                <p>{t('warnings.rt.noEstimate')}</p>
              )}
              {rt.data.tooEarly && latest && <AntAlert type="warning" showIcon message={t('warnings.rt.tooEarly')} style={{ marginTop: 12 }} />}
            </Card>
            <Card size="small" title={t('warnings.rt.projection')} style={{ marginTop: 16 }} data-testid="rt-projection">
              {summaryText && (
                <Typography.Paragraph strong style={{ marginBottom: 8 }} data-testid="rt-projection-summary">
                  {summaryText}
                </Typography.Paragraph>
              )}
              {proj?.available ? (
                <Typography.Paragraph style={{ margin: 0 }}>
                  {t('warnings.rt.projectionParams', {
                    population: formatCount(proj.params.population, i18n.language), source: t(`warnings.rt.populationSource.${proj.params.populationSource}`),
                    latent: proj.params.latentDays, infectious: proj.params.infectiousDays,
                  })}
                </Typography.Paragraph>
              ) : proj ? (
                <AntAlert type="info" showIcon message={t(`warnings.rt.projectionMissing.${proj.reason}`)} />
              ) : null}
            </Card>
          </Col>
          <Col xs={24} lg={16}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card size="small" title={t('warnings.rt.chartR')}>
                <EChart option={rOption!} height={isMobile ? 260 : 320} testId="rt-chart" label={t('warnings.rt.chartRAria', { value: formatEstimate(latest?.mean, i18n.language, 2) })} />
              </Card>
              <Card size="small" title={t('warnings.rt.chartIncidence')}>
                <EChart
                  option={iOption!}
                  height={isMobile ? 240 : 300}
                  testId="incidence-chart"
                  label={t('warnings.rt.chartIncidenceAria', { n: proj?.available ? proj.days.length : 0 })}
                />
              </Card>
            </Space>
          </Col>
        </Row>
      ) : null}
    </div>
  );
}
