// 今日体温上报 on the workbench of street offices and district command (self-report:coverage): today's reporting of
// their area as counts — the area's totals and one row per street or community, tap a row to go a level down. No
// names, no lists of people (those are the community's, on 体温自报); counts of 1–4 come as "<5".
import { ArrowLeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, List, Skeleton, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { selfReportAreaCoverage, type CoverageArea } from './api';
import { areaPercent, canOpen, childrenKey, collectionNote, figureText, needsAttention, noResidents } from './reporting-areas.logic';
import { shanghaiToday } from './shared';

export function ReportingAreasCard() {
  const { t, i18n } = useTranslation();
  const [trail, setTrail] = useState<CoverageArea[]>([]);
  const orgId = trail.at(-1)?.id;
  const today = shanghaiToday();
  const q = useQuery({
    queryKey: ['self-reports', 'coverage', 'areas', today, orgId ?? 'mine'],
    queryFn: ({ signal }) => selfReportAreaCoverage(today, orgId, signal),
  });
  const fmt = (v: number | null) => figureText(v, t('selfReports.areas.lessThanFive'), i18n.language);
  const alarm = (v: number | null) => (needsAttention(v) ? 'rx-srs-grid-fever' : undefined);
  const title = trail.length ? t('selfReports.areas.titleOf', { name: trail.at(-1)!.name }) : t('selfReports.today.title');
  const back = trail.length ? (
    <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => setTrail(trail.slice(0, -1))} data-testid="areas-back">{t('selfReports.areas.back')}</Button>
  ) : null;
  const shell = (body: ReactNode) => (
    <Card data-testid="dashboard-reporting-areas" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>} extra={back}>{body}</Card>
  );

  if (q.isPending) return shell(<Skeleton active paragraph={{ rows: 2 }} />);
  if (q.isError) {
    return shell(
      <ErrorAlert error={q.error} title={t('selfReports.areas.error')} onRetry={() => void q.refetch()} />,
    );
  }
  const { area, children, suppressed, date } = q.data;
  const note = collectionNote(area.collection);
  if (note === 'notCollecting') {
    // Outside an emergency period nothing is collected (ADR 0027): say so rather than show a row of zeros.
    return shell(<Alert type="info" showIcon data-testid="areas-not-collecting" title={t('selfReports.areas.notCollecting')} />);
  }
  const f = area.figures;
  const percent = areaPercent(f);

  const row = (c: CoverageArea) => {
    const p = areaPercent(c.figures);
    const reported = { reported: fmt(c.figures.reported), residents: fmt(c.figures.residents) };
    const body = (
      <>
        <span className="rx-sra-name">
          {c.name}
          {c.collection !== 'open' && (
            <Tag className="rx-sra-tag" color={c.collection === 'closed' ? 'default' : 'gold'}>{t(`selfReports.areas.child.${c.collection}`)}</Tag>
          )}
        </span>
        <span className="rx-sra-facts">
          <span>{p === null ? t('selfReports.areas.rowReported', reported) : t('selfReports.areas.rowReportedPercent', { ...reported, percent: p })}</span>
          <span className={alarm(c.figures.fevers)}>{t('selfReports.areas.rowFevers', { n: fmt(c.figures.fevers) })}</span>
          <span className={alarm(c.figures.openFollowUps)}>{t('selfReports.areas.rowOpen', { n: fmt(c.figures.openFollowUps) })}</span>
        </span>
      </>
    );
    return (
      <List.Item key={c.id}>
        {canOpen(c) ? (
          // No aria-label: the button's name is what it shows (the area and its figures; WCAG 2.5.3).
          <button type="button" className="rx-sra-row rx-sra-open" onClick={() => setTrail([...trail, c])} data-testid={`areas-child-${c.code}`}>
            {body}
            <RightOutlined aria-hidden />
          </button>
        ) : (
          <div className="rx-sra-row" data-testid={`areas-child-${c.code}`}>{body}</div>
        )}
      </List.Item>
    );
  };

  return shell(
    <>
      {note === 'partly' && <Typography.Paragraph type="secondary" data-testid="areas-partly">{t('selfReports.areas.partly')}</Typography.Paragraph>}
      {noResidents(f) ? (
        <Typography.Paragraph type="secondary">{t('selfReports.areas.empty')}</Typography.Paragraph>
      ) : (
        <Figures>
          <Figure
            testId="areas-reported" value={`${fmt(f.reported)} / ${fmt(f.residents)}`}
            label={percent === null ? t('selfReports.areas.reported') : t('selfReports.today.reported', { percent })}
          />
          <Figure testId="areas-households" value={`${fmt(f.householdsReported)} / ${fmt(f.households)}`} label={t('selfReports.areas.households')} />
          <Figure testId="areas-fevers" value={fmt(f.fevers)} label={t('selfReports.today.fevers')} valueClassName={alarm(f.fevers)} />
          <Figure testId="areas-open" value={fmt(f.openFollowUps)} label={t('selfReports.today.openFollowUps')} valueClassName={alarm(f.openFollowUps)} />
        </Figures>
      )}
      {children.length > 0 && (
        <>
          <h3 className="rx-sra-group">{t(`selfReports.areas.children.${childrenKey(area.level)}`)}</h3>
          <List size="small" dataSource={children} renderItem={row} />
        </>
      )}
      <Typography.Paragraph type="secondary" className="rx-sra-foot">
        {t('selfReports.areas.asOf', { date })}
        {suppressed ? ` · ${t('selfReports.areas.suppressedHint')}` : ''}
      </Typography.Paragraph>
    </>,
  );
}
