import { describe, expect, it } from 'vitest';
import type { Assessment, Catalogue, Scores } from './api';
import { levelColor, nameIn, radarOption, rowsOf, scoreText, trendOption, unscoredOf, valueText, weakestOf } from './resilience.logic';

const catalogue: Catalogue = {
  dimensions: [{ code: 'organisational', zh: '组织韧性', en: 'Organisational' }, { code: 'institutional', zh: '制度韧性', en: 'Institutional' }, { code: 'physical', zh: '物理韧性', en: 'Physical' }, { code: 'technical', zh: '技术韧性', en: 'Technical' }],
  capacities: (['cognition', 'information', 'monitoring', 'response', 'support', 'residents', 'guidance', 'mobilisation'] as const).map((code, i) => ({ code, zh: `能力${i}`, en: `cap${i}` })),
  levels: [],
  indicators: [
    { code: 'grid_coverage', kind: 'auto', dimension: 'organisational', capacity: 'information', name: { zh: '网格覆盖率', en: 'Grid coverage' }, measure: { zh: '', en: '' }, unit: { zh: '%', en: '%' }, thresholds: [50, 70, 85, 95, 100], suggestion: { zh: '配网格员', en: 'assign' } },
    { code: 'procedures_published', kind: 'auto', dimension: 'institutional', capacity: 'response', name: { zh: '规程', en: 'Procedures' }, measure: { zh: '', en: '' }, unit: { zh: '项', en: 'procedures' }, thresholds: [1, 2, 3, 5, 8], suggestion: { zh: '写规程', en: 'write' } },
    { code: 'lanes_clear', kind: 'manual', dimension: 'physical', capacity: 'response', name: { zh: '应急通道畅通', en: 'Lanes' }, measure: { zh: '', en: '' }, unit: { zh: '级', en: 'level' }, thresholds: null, suggestion: { zh: '清障', en: 'clear' } },
  ],
};
const scores = (o: Partial<Scores['capacities']> = {}): Scores => ({
  overall: 2, dimensions: { organisational: 1, institutional: 3, physical: null, technical: 2 }, weakest: ['lanes_clear', 'grid_coverage'],
  capacities: { cognition: null, information: 1, monitoring: 2, response: 3, support: 4, residents: 5, guidance: 0, mobilisation: 2.5, ...o },
});
const assessment: Assessment = {
  id: 'a1', org: { id: 'o', name: 'A社区' }, period: '2026-Q4', asOf: '2026-11-20T02:00:00Z', status: 'draft', createdBy: '', finalisedAt: null, finalisedBy: null, canAssess: true, version: 1,
  scores: scores(),
  items: [
    { code: 'lanes_clear', kind: 'manual', dimension: 'physical', capacity: 'response', value: null, level: null, explanation: null, evidence: null, scoredBy: null, scoredAt: null, weak: false },
    { code: 'grid_coverage', kind: 'auto', dimension: 'organisational', capacity: 'information', value: 50, level: 1, explanation: { zh: 'x', en: 'x', figures: {} }, evidence: null, scoredBy: null, scoredAt: null, weak: true },
  ],
};

describe('韧性评估 helpers', () => {
  it('names, scores and values read in the UI language', () => {
    expect(nameIn({ zh: '组织韧性', en: 'Organisational' }, 'zh-CN')).toBe('组织韧性');
    expect(nameIn({ zh: '组织韧性', en: 'Organisational' }, 'en')).toBe('Organisational');
    expect([scoreText(null), scoreText(2), scoreText(2.25)]).toEqual(['—', '2.0', '2.3']);
    expect(valueText({ value: 85.5, kind: 'auto' }, { zh: '%', en: '%' }, 'zh-CN')).toBe('85.5%');
    expect(valueText({ value: 3, kind: 'auto' }, { zh: '项', en: 'procedures' }, 'en')).toBe('3 procedures');
    expect(valueText({ value: null, kind: 'auto' }, { zh: '%', en: '%' }, 'zh-CN')).toBe('—');
    expect([levelColor(null), levelColor(0), levelColor(2), levelColor(3), levelColor(5)]).toEqual(['default', 'red', 'orange', 'blue', 'green']);
  });
  it('the radar has the eight capacities in the thesis order, max 5, unmeasured at 0; a comparison series comes first', () => {
    const o = radarOption(scores(), catalogue, 'zh-CN', { label: '上期', scores: scores({ information: 0.5 }) }, '本期');
    expect(o.radar.indicator.map((i) => i.name)).toEqual(['能力0', '能力1', '能力2', '能力3', '能力4', '能力5', '能力6', '能力7']);
    expect(o.radar.indicator.every((i) => i.max === 5)).toBe(true);
    expect(o.series[0]!.data.map((d) => d.name)).toEqual(['上期', '本期']);
    expect(o.series[0]!.data[1]!.value).toEqual([0, 1, 2, 3, 4, 5, 0, 2.5]);
    expect(radarOption(scores(), catalogue, 'en').series[0]!.data).toHaveLength(1);
  });
  it('the trend: one category per period, the overall line and one per dimension', () => {
    const p = (period: string, overall: number) => ({ id: period, period, asOf: '', status: 'final', finalisedAt: null, overall, capacities: scores().capacities, dimensions: scores().dimensions });
    const o = trendOption([p('2026-Q2', 1.2), p('2026-Q3', 2.1)], catalogue, 'zh-CN', '综合');
    expect(o.xAxis.data).toEqual(['2026-Q2', '2026-Q3']);
    expect(o.series.map((s) => s.name)).toEqual(['综合', '组织韧性', '制度韧性', '物理韧性', '技术韧性']);
    expect(o.series[0]!.data).toEqual([1.2, 2.1]);
    expect(o.series[3]!.data).toEqual([null, null]);
  });
  it('rows in catalogue order; the weakest with their suggestion; the unscored manual ones', () => {
    expect(rowsOf(assessment, catalogue).map((r) => r.code)).toEqual(['grid_coverage', 'lanes_clear']);
    expect(weakestOf(assessment, catalogue).map((w) => [w.code, w.indicator.suggestion.zh])).toEqual([['lanes_clear', '清障'], ['grid_coverage', '配网格员']]);
    expect(unscoredOf(assessment)).toEqual(['lanes_clear']);
  });
});
