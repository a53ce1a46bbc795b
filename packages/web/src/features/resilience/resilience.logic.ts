// Pure helpers of 韧性评估 (ADR 0092): names in the UI language, how a value and a score read, the radar and trend chart
// options (echarts), and the rows of the indicators table in catalogue order.
import type { Assessment, AssessmentItem, Capacity, Catalogue, CatalogueIndicator, Scores, TrendPoint, ZhEn } from './api';
import { CAPACITIES } from './api';

/** The name in the UI language (English when it starts with `en`). */
export const nameIn = (x: ZhEn, language: string) => (language.startsWith('en') ? x.en : x.zh);

/** A score 0–5 with one decimal, or — when nothing was measured. */
export const scoreText = (s: number | null | undefined) => (s === null || s === undefined ? '—' : s.toFixed(1));

/** An indicator's value with its unit (a share: 85.5%; a count: 3 项), or — when nothing was measured. */
export function valueText(item: Pick<AssessmentItem, 'value' | 'kind'>, unit: ZhEn, language: string): string {
  if (item.value === null) return '—';
  if (item.kind === 'manual') return '';
  const u = nameIn(unit, language);
  return u === '%' ? `${item.value}%` : `${item.value} ${u}`;
}

/** The colour of a level: red for 0–1, orange for 2, blue for 3, green for 4–5. */
export const levelColor = (level: number | null) => (level === null ? 'default' : level <= 1 ? 'red' : level === 2 ? 'orange' : level === 3 ? 'blue' : 'green');

/** The radar of the eight capacities (score 0–5; an unmeasured capacity reads 0 on the chart, — in the table). */
export function radarOption(scores: Scores, catalogue: Catalogue, language: string, compare?: { label: string; scores: Scores } | null, label = '') {
  const names = new Map(catalogue.capacities.map((c) => [c.code, nameIn(c, language)]));
  const values = (s: Scores) => CAPACITIES.map((c: Capacity) => s.capacities[c] ?? 0);
  return {
    animation: false,
    tooltip: {},
    legend: compare ? { bottom: 0 } : undefined,
    radar: { indicator: CAPACITIES.map((c) => ({ name: names.get(c) ?? c, max: 5 })), radius: '62%', splitNumber: 5 },
    series: [{
      type: 'radar',
      data: [
        ...(compare ? [{ name: compare.label, value: values(compare.scores), lineStyle: { type: 'dashed' }, itemStyle: { color: '#999' } }] : []),
        { name: label, value: values(scores), areaStyle: { opacity: 0.2 }, itemStyle: { color: '#1677ff' } },
      ],
    }],
  };
}

/** The trend of the finalised assessments: the overall score and the four dimensions per period. */
export function trendOption(trend: TrendPoint[], catalogue: Catalogue, language: string, overallLabel: string) {
  const dims = catalogue.dimensions;
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 36, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: trend.map((p) => p.period) },
    yAxis: { type: 'value', min: 0, max: 5, interval: 1 },
    series: [
      { name: overallLabel, type: 'line', data: trend.map((p) => p.overall), lineStyle: { width: 3 }, symbolSize: 8 },
      ...dims.map((d) => ({ name: nameIn(d, language), type: 'line', data: trend.map((p) => p.dimensions[d.code]), lineStyle: { width: 1 } })),
    ],
  };
}

export type Row = AssessmentItem & { indicator: CatalogueIndicator };
/** The assessment's indicators in catalogue order with their catalogue entry. */
export function rowsOf(a: Assessment, catalogue: Catalogue): Row[] {
  const byCode = new Map(a.items.map((i) => [i.code, i]));
  return catalogue.indicators.flatMap((c) => {
    const i = byCode.get(c.code);
    return i ? [{ ...i, indicator: c }] : [];
  });
}

/** The weakest indicators (level ≤ 2, lowest first, as the server lists them) with their suggestion. */
export function weakestOf(a: Assessment, catalogue: Catalogue) {
  const byCode = new Map(catalogue.indicators.map((c) => [c.code, c]));
  const items = new Map(a.items.map((i) => [i.code, i]));
  return a.scores.weakest.flatMap((code) => {
    const c = byCode.get(code);
    const i = items.get(code);
    return c && i ? [{ code, level: i.level, indicator: c }] : [];
  });
}

/** The manual indicators not scored yet (定稿 needs none). */
export const unscoredOf = (a: Assessment) => a.items.filter((i) => i.kind === 'manual' && i.level === null).map((i) => i.code);
