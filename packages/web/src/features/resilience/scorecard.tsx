// Pieces shared by the scorecard, the assessment page and the report of 韧性评估 (ADR 0092): the overall and dimension
// scores, the capacities' radar, the indicators table (level, value, explanation or evidence) and the weakest list.
import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../lib/echart';
import { DataTable } from '../../lib/table';
import type { Assessment, Catalogue, Scores } from './api';
import { levelColor, nameIn, radarOption, rowsOf, scoreText, valueText, weakestOf, type Row } from './resilience.logic';

export function LevelTag({ level, catalogue }: { level: number | null; catalogue: Catalogue }) {
  const { t, i18n } = useTranslation();
  if (level === null) return <Tag>{t('resilience.notMeasured')}</Tag>;
  const l = catalogue.levels.find((x) => x.level === level);
  return <Tag color={levelColor(level)} data-testid="rs-level">{t('resilience.level', { level, name: l ? nameIn(l, i18n.language) : '' })}</Tag>;
}

/** The overall score and the four dimensions' scores. */
export function ScoreCards({ scores, catalogue }: { scores: Scores; catalogue: Catalogue }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="rx-rs-cards" data-testid="rs-scores">
      <div className="rx-rs-card rx-rs-card-overall">
        <div className="rx-rs-card-label">{t('resilience.overall')}</div>
        <div className="rx-rs-card-value" data-testid="rs-overall">{scoreText(scores.overall)}</div>
      </div>
      {catalogue.dimensions.map((d) => (
        <div key={d.code} className="rx-rs-card" data-testid={`rs-dim-${d.code}`}>
          <div className="rx-rs-card-label">{nameIn(d, i18n.language)}</div>
          <div className="rx-rs-card-value">{scoreText(scores.dimensions[d.code])}</div>
        </div>
      ))}
    </div>
  );
}

/** The radar of the eight capacities, with a table of the same numbers for screen readers and print. */
export function CapacityRadar({ scores, catalogue, compare, label, height = 320 }: { scores: Scores; catalogue: Catalogue; compare?: { label: string; scores: Scores } | null; label: string; height?: number }) {
  const { t, i18n } = useTranslation();
  const option = radarOption(scores, catalogue, i18n.language, compare, label);
  return (
    <div>
      <EChart option={option} height={height} label={t('resilience.radarLabel')} testId="rs-radar" />
      <table className="rx-rs-captable" data-testid="rs-capacities">
        <tbody>
          <tr>{catalogue.capacities.map((c) => <th key={c.code} scope="col">{nameIn(c, i18n.language)}</th>)}</tr>
          <tr>{catalogue.capacities.map((c) => <td key={c.code}>{scoreText(scores.capacities[c.code])}</td>)}</tr>
        </tbody>
      </table>
    </div>
  );
}

/** The indicators of an assessment: name (kind), dimension / capacity, value, level, explanation or evidence. */
export function IndicatorsTable({ a, catalogue, action, compact }: { a: Assessment; catalogue: Catalogue; action?: (r: Row) => ReactNode; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const dims = new Map(catalogue.dimensions.map((d) => [d.code, nameIn(d, i18n.language)]));
  const caps = new Map(catalogue.capacities.map((c) => [c.code, nameIn(c, i18n.language)]));
  return (
    <DataTable<Row>
      rowKey="code" size="small" pagination={false} dataSource={rowsOf(a, catalogue)} scroll={compact ? undefined : { x: 760 }} data-testid="rs-indicators"
      onRow={(r) => ({ 'data-testid': `rs-row-${r.code}` }) as never}
      columns={[
        {
          title: t('resilience.col.indicator'), key: 'name', width: 170,
          render: (_, r) => <span><strong>{nameIn(r.indicator.name, i18n.language)}</strong> <Tag>{t(`resilience.kinds.${r.kind}`)}</Tag></span>,
        },
        { title: t('resilience.col.dimension'), key: 'dim', width: 130, render: (_, r) => `${dims.get(r.dimension) ?? ''} / ${caps.get(r.capacity) ?? ''}` },
        { title: t('resilience.col.value'), key: 'value', width: 90, render: (_, r) => valueText(r, r.indicator.unit, i18n.language) },
        {
          title: t('resilience.col.level'), key: 'level', width: 110,
          render: (_, r) => (r.kind === 'manual' && r.level === null ? <Tag color="gold">{t('resilience.unscored')}</Tag> : <LevelTag level={r.level} catalogue={catalogue} />),
        },
        {
          title: t('resilience.col.explanation'), key: 'explanation',
          render: (_, r) => (
            <div data-testid="rs-explanation">
              {r.kind === 'auto' ? (r.explanation ? nameIn(r.explanation, i18n.language) : '') : r.evidence ?? nameIn(r.indicator.measure, i18n.language)}
              {r.kind === 'manual' && r.scoredBy && <div className="rx-rs-muted">{r.scoredBy}</div>}
            </div>
          ),
        },
        ...(action ? [{ title: t('resilience.col.actions'), key: 'actions', width: 90, render: (_: unknown, r: Row) => action(r) }] : []),
      ]}
    />
  );
}

/** The weakest indicators (level ≤ 2) with the catalogue's suggestion. */
export function WeakestList({ a, catalogue }: { a: Assessment; catalogue: Catalogue }) {
  const { t, i18n } = useTranslation();
  const weak = weakestOf(a, catalogue);
  if (!weak.length) return <p>{t('resilience.noWeak')}</p>;
  return (
    <ol className="rx-rs-weak" data-testid="rs-weakest">
      {weak.map((w) => (
        <li key={w.code}>
          <strong>{nameIn(w.indicator.name, i18n.language)}</strong> <LevelTag level={w.level} catalogue={catalogue} />
          <div>{nameIn(w.indicator.suggestion, i18n.language)}</div>
        </li>
      ))}
    </ol>
  );
}
