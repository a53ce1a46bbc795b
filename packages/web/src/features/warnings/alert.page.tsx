// 预警详情: what, where, how far above normal; the grid × indicator series with the threshold band; lifecycle actions.
import { useMemo, useState } from 'react';
import { Button, Card, Col, Result, Row, Skeleton, Space, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AlertDutyCard } from './alert-duty.card';
import { isApiError } from '../../api/client';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { formatCount, formatEstimate } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { EChart } from '../../lib/echart';
import { ErrorAlert } from '../../lib/error-alert';
import { getAlert, type SeriesPoint } from './api';
import { AlertActionModal, type AlertAction } from './action.modal';
import { detectorLabel, indicatorName, LevelTag, StatusTag, unitOf, useGridLabel } from './shared';
import { alertChartOption, fmtP } from './warnings.logic';

const ts = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

export function AlertPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const [action, setAction] = useState<AlertAction | null>(null);
  const [showTable, setShowTable] = useState(false);
  const q = useQuery({ queryKey: ['warnings', 'alert', id], queryFn: ({ signal }) => getAlert(id, signal) });
  const a = q.data?.alert;
  const gridLabel = useGridLabel();
  usePageTitle(a ? `${gridLabel(a.grid)} · ${indicatorName(a.indicator, i18n.language)}` : t('warnings.title'));
  const labels = useMemo(
    () => ({
      observed: t('warnings.detail.series.observed'), expected: t('warnings.detail.series.expected'), yellowBand: t('warnings.detail.series.yellowBand'),
      redLimit: t('warnings.detail.series.redLimit'), alarms: t('warnings.detail.series.alarms'),
    }),
    [t],
  );
  const option = useMemo(() => (q.data ? alertChartOption(q.data.series, q.data.alert.date, labels, isMobile) : null), [q.data, labels, isMobile]);

  const back = (
    <Link to="/warnings">
      <ArrowLeftOutlined /> {t('warnings.detail.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError || !a) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" subTitle={t('warnings.detail.notFound')} extra={back} />;
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const canManage = hasPermission(me, 'warning:manage');
  const unit = unitOf(a.indicator, i18n.language);
  const alarms = q.data.series.filter((p) => p.level === 'red' || p.level === 'yellow').length;
  const who = (by: { displayName: string } | null) => (by ? by.displayName : t('warnings.detail.system'));
  const timeline = [
    { color: 'red', children: `${ts(a.raisedAt)} ${t('warnings.detail.raisedAt')}` },
    ...(a.escalatedAt ? [{ color: 'red', children: `${ts(a.escalatedAt)} ${t('warnings.detail.escalatedAt')}` }] : []),
    ...(a.acknowledged
      ? [{ color: 'blue', children: <span>{ts(a.acknowledged.at)} {t('warnings.detail.acknowledgedAt')} · {who(a.acknowledged.by)}{a.acknowledged.note && <><br />{a.acknowledged.note}</>}</span> }]
      : []),
    ...(a.resolved
      ? [{ color: 'green', children: <span>{ts(a.resolved.at)} {t('warnings.detail.resolvedAt')} · {who(a.resolved.by)}{a.resolved.note && <><br />{a.resolved.note}</>}</span> }]
      : []),
  ];

  return (
    <div data-testid="alert-page">
      <div style={{ marginBottom: 12 }}>{back}</div>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <LevelTag level={a.level} big />
        <StatusTag status={a.status} />
        {/* The page's one h1 (as on every page), at the size the detail page had. */}
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t('warnings.detail.title', { grid: gridLabel(a.grid), indicator: indicatorName(a.indicator, i18n.language) })}
        </Typography.Title>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card size="small">
            <dl className="rx-wr-kv">
              <dt>{t('warnings.detail.date')}</dt>
              <dd>{a.date}</dd>
              <dt>{t('warnings.detail.observed')}</dt>
              <dd>
                <span className="rx-wr-big" style={{ color: a.level === 'red' ? '#cf1322' : '#ad6800' }}>{formatCount(a.observed, i18n.language)}</span>
                {unitOf(a.indicator, i18n.language, a.observed)}
              </dd>
              <dt>{t('warnings.detail.expected')}</dt>
              <dd>{a.expected === null ? '—' : `${formatEstimate(a.expected, i18n.language)}${unit}`}</dd>
              <dt>{t('warnings.detail.limits')}</dt>
              <dd>
                {formatEstimate(a.yellowLimit, i18n.language)} / {formatEstimate(a.redLimit, i18n.language)}
              </dd>
              <dt>{t('warnings.detail.pValue')}</dt>
              <dd>{fmtP(a.pValue)}</dd>
              <dt>{t('warnings.detail.detector')}</dt>
              <dd>{detectorLabel(a.detector, t)}</dd>
              <dt>{t('warnings.detail.cause')}</dt>
              <dd>
                {t(`warnings.detail.causes.${a.cause}`)}
                {a.rule && <>：{t(`warnings.detail.rules.${a.rule}` as 'warnings.detail.rules.any_positive', { defaultValue: a.rule })}</>}
              </dd>
            </dl>
            {/* Who handles it, for those who see the warning but do not (a grid worker, the street): there were no
                buttons and no word why (walk-through, ADR 0065 addendum). */}
            {!canManage && a.status !== 'resolved' && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }} data-testid="alert-handled-by">
                {t('warnings.detail.handledBy')}
              </Typography.Paragraph>
            )}
            {canManage && a.status !== 'resolved' && (
              <Space wrap style={{ marginTop: 16 }}>
                {a.status === 'raised' && (
                  <Button size="large" onClick={() => setAction('acknowledge')} data-testid="ack-button">
                    {t('warnings.acknowledge')}
                  </Button>
                )}
                <Button size="large" type="primary" onClick={() => setAction('resolve')} data-testid="resolve-button">
                  {t('warnings.resolve')}
                </Button>
              </Space>
            )}
          </Card>
          <Card size="small" title={t('warnings.detail.timeline')} style={{ marginTop: 16 }}>
            <Timeline items={timeline} />
          </Card>
          {/* The duty log (ADR 0072): write down what was done about it, or read what others wrote. */}
          {hasPermission(me, 'duty-log:read') && <AlertDutyCard alertId={a.id} />}
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('warnings.detail.chartTitle')}>
            <EChart
              option={option!}
              height={isMobile ? 300 : 380}
              testId="alert-chart"
              label={t('warnings.detail.chartAria', { indicator: indicatorName(a.indicator, i18n.language), n: q.data.series.length, alarms })}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 4 }}>
              {t('warnings.detail.chartHint')}
            </Typography.Paragraph>
            <Button type="link" style={{ paddingInline: 0 }} onClick={() => setShowTable((v) => !v)} aria-expanded={showTable}>
              {showTable ? t('warnings.detail.hideTable') : t('warnings.detail.showTable')}
            </Button>
            {showTable && (
              <DataTable<SeriesPoint>
                size="small"
                rowKey="date"
                pagination={false}
                // Headers on one line, the table scrolling sideways in its box when a phone is too narrow for it (the
                // headers wrapped a character per line); on a phone the date without its year. The level beside the date: what a
                // phone shows without scrolling.
                scroll={{ x: 'max-content', y: 320 }}
                dataSource={[...q.data.series].reverse()}
                columns={[
                  { title: t('warnings.detail.tableCols.date'), dataIndex: 'date', render: (d: string) => (isMobile ? d.slice(5) : d) },
                  { title: t('warnings.detail.tableCols.level'), dataIndex: 'level', render: (_: unknown, p: SeriesPoint) => <LevelTag level={p.level} /> },
                  { title: t('warnings.detail.tableCols.observed'), dataIndex: 'observed', align: 'right' as const, render: (v: number) => formatCount(v, i18n.language) },
                  { title: t('warnings.detail.tableCols.expected'), dataIndex: 'expected', align: 'right' as const, render: (v: number | null) => formatEstimate(v, i18n.language) },
                  { title: t('warnings.detail.tableCols.yellow'), dataIndex: 'yellowLimit', align: 'right' as const, render: (v: number | null) => formatEstimate(v, i18n.language) },
                  { title: t('warnings.detail.tableCols.red'), dataIndex: 'redLimit', align: 'right' as const, render: (v: number | null) => formatEstimate(v, i18n.language) },
                ].map((c) => ({ ...c, onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      <AlertActionModal alert={action ? a : null} action={action ?? 'acknowledge'} onClose={() => setAction(null)} />
    </div>
  );
}
