// 评估报告 (resilience:read; ADR 0092): an assessment as an A4 report — title, period and data date, the overall score, the
// four dimensions, the eight capacities (radar and table), every indicator with its value, level and explanation or
// evidence, the weak points with suggestions and the method. 打印 / 另存为 PDF prints it through the browser (the app's
// chrome and the buttons are left out: styles.css .rx-no-print, resilience.css @media print); ADR 0092 records why the
// PDF is made by the browser and not the server.
import { Alert, Button, Skeleton, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { getAssessment, getCatalogue, RESILIENCE_KEY } from './api';
import { nameIn, scoreText } from './resilience.logic';
import { CapacityRadar, IndicatorsTable, WeakestList } from './scorecard';

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const cat = useQuery({ queryKey: [...RESILIENCE_KEY, 'catalogue'], queryFn: ({ signal }) => getCatalogue(signal), staleTime: Infinity });
  const q = useQuery({ queryKey: [...RESILIENCE_KEY, 'assessment', id], queryFn: ({ signal }) => getAssessment(id, signal) });
  usePageTitle(q.data ? t('resilience.reportPage.title', { org: q.data.org.name }) : t('resilience.report'));
  const back = <Link to={`/resilience/assessments/${id}`}><ArrowLeftOutlined /> {t('resilience.openAssessment')}</Link>;
  if (q.isPending || cat.isPending) return <Skeleton active />;
  if (q.isError || cat.isError) return <><div style={{ marginBottom: 12 }}>{back}</div><ErrorAlert error={q.error ?? cat.error} onRetry={() => { void q.refetch(); void cat.refetch(); }} /></>;
  const a = q.data;
  const c = cat.data;
  const lang = i18n.language;
  const autos = a.items.filter((x) => x.kind === 'auto').length;
  return (
    <div data-testid="rs-report-page">
      <Space wrap className="rx-no-print" style={{ marginBottom: 16 }}>
        {back}
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="rs-print">{t('resilience.reportPage.print')}</Button>
      </Space>
      <article className="rx-rs-report" data-testid="rs-report">
        <h1 className="rx-rs-report-title" data-testid="rs-report-title">{t('resilience.reportPage.title', { org: a.org.name })}</h1>
        <p className="rx-rs-report-sub" data-testid="rs-report-sub">{t('resilience.reportPage.subtitle', { period: a.period, at: shanghaiMinute(a.asOf) })}</p>
        {a.status !== 'final' && <Alert type="warning" message={t('resilience.reportPage.draftNote')} style={{ marginBottom: 12 }} data-testid="rs-report-draft" />}
        <h2>{t('resilience.reportPage.summary')}</h2>
        <p data-testid="rs-report-summary">{t('resilience.reportPage.summaryText', { overall: scoreText(a.scores.overall), auto: autos, manual: a.items.length - autos })}</p>
        <h2>{t('resilience.reportPage.dimensions')}</h2>
        <table className="rx-rs-report-table" data-testid="rs-report-dimensions">
          <tbody>
            {c.dimensions.map((d) => <tr key={d.code}><th scope="row">{nameIn(d, lang)}</th><td>{scoreText(a.scores.dimensions[d.code])}</td></tr>)}
          </tbody>
        </table>
        <h2>{t('resilience.reportPage.capacities')}</h2>
        <div className="rx-rs-report-radar"><CapacityRadar scores={a.scores} catalogue={c} label={a.period} height={300} /></div>
        <h2>{t('resilience.reportPage.indicators')}</h2>
        <IndicatorsTable a={a} catalogue={c} compact />
        <h2>{t('resilience.reportPage.weakest')}</h2>
        <WeakestList a={a} catalogue={c} />
        <p className="rx-rs-report-method">{t('resilience.reportPage.method')}</p>
        <p className="rx-rs-report-footer">
          {a.finalisedAt ? t('resilience.assessment.finalisedBy', { by: a.finalisedBy ?? '', at: shanghaiMinute(a.finalisedAt) }) : ''} {t('resilience.reportPage.footer')}
        </p>
      </article>
    </div>
  );
}
