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
import { errorText } from '../../lib/errors';
import { orgLevelLabel, withNote } from '../../lib/labels';
import { AreaPicker, type AreaNode } from '../../lib/area-picker';
import { formatCount, formatEstimate } from '../../lib/numbers';
import { getRt, listIndicators, scopeLoader, type RtQuery } from './api';
import { EChart } from './echart';
import { indicatorName } from './shared';
import { incidenceChartOption, rtChartOption, rtTrend } from './warnings.logic';

type FormValues = { scope: string; indicator: string; siMean: number; siSd: number; window: number; horizon: number; population: number | null };

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

  const onFinish = (v: FormValues) =>
    setQuery({
      scope: v.scope, indicator: v.indicator, siMean: v.siMean, siSd: v.siSd, window: v.window, horizon: v.horizon, population: v.population ?? undefined,
    });
  const latest = rt.data?.latest ?? null;
  const trend = rtTrend(latest);
  const proj = rt.data?.projection;

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
          <Form.Item name="siMean" label={t('warnings.rt.siMean')} hidden={!paramsVisible}>
            <InputNumber min={1.1} max={30} step={0.1} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="siSd" label={t('warnings.rt.siSd')} hidden={!paramsVisible}>
            <InputNumber min={0.1} max={30} step={0.1} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="window" label={t('warnings.rt.window')} hidden={!paramsVisible}>
            <InputNumber min={2} max={28} style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="horizon" label={t('warnings.rt.horizon')} hidden={!paramsVisible}>
            <InputNumber min={1} max={90} style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="population" label={t('warnings.rt.population')} tooltip={t('warnings.rt.populationHint')} hidden={!paramsVisible}>
            <InputNumber min={1} max={100_000_000} style={{ width: 170 }} placeholder={t('warnings.rt.populationHint')} />
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

      {rt.isError && <AntAlert type="error" showIcon message={errorText(rt.error, t, i18n.language)} style={{ marginBottom: 16 }} />}
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
