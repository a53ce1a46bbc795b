import { describe, expect, it } from 'vitest';
import type { QualityArea, QualityCounts, QualityOverview } from './quality.api';
import { QUALITY_KINDS } from './quality.api';
import { allClear, breakdown, isListable, orderedKinds, qualityParamsFromView, qualityViewFromParams, shownArea } from './quality.logic';

const counts = (over: Partial<QualityCounts> = {}): QualityCounts => ({ ...(Object.fromEntries(QUALITY_KINDS.map((k) => [k, 0])) as QualityCounts), ...over });
const area = (id: string, c: Partial<QualityCounts> = {}): QualityArea => ({ id, name: `N-${id}`, level: 'grid', code: id, counts: counts(c) });

describe('data-quality page rules', () => {
  it('keeps kind, area and page in the URL; an unknown or count-only kind opens no list', () => {
    expect(qualityViewFromParams(new URLSearchParams('kind=no_phone&org=g1&page=3'))).toEqual({ kind: 'no_phone', org: 'g1', page: 3 });
    expect(qualityViewFromParams(new URLSearchParams('kind=possible_duplicate'))).toEqual({ kind: undefined, org: undefined, page: 1 });
    expect(qualityViewFromParams(new URLSearchParams('kind=x&page=-1'))).toEqual({ kind: undefined, org: undefined, page: 1 });
    expect(qualityParamsFromView({ kind: 'household_empty', org: 'g2', page: 2 }).toString()).toBe('kind=household_empty&org=g2&page=2');
    expect(qualityParamsFromView({ org: 'g2', page: 4 }).toString()).toBe('org=g2');
    expect(isListable('possible_duplicate')).toBe(false);
    expect(isListable('household_no_head')).toBe(true);
  });

  it('shows the chosen child area, lists the areas that have a problem (suppressed ones too), and says when all is clear', () => {
    const o: QualityOverview = {
      area: { ...area('c', { no_phone: 3 }), level: 'community' },
      children: [area('g1', { no_phone: 2 }), area('g2'), area('g3', { no_phone: null })],
      asOf: '2025-06-01', suppressed: false, computedAt: '2025-06-01T01:00:00Z',
    };
    expect(shownArea(o, 'g1').id).toBe('g1');
    expect(shownArea(o, 'elsewhere').id).toBe('c');
    expect(shownArea(o, undefined).id).toBe('c');
    expect(breakdown(o, 'no_phone')).toEqual([{ id: 'g1', name: 'N-g1', count: 2 }, { id: 'g3', name: 'N-g3', count: null }]);
    expect(breakdown(o, 'household_empty')).toEqual([]);
    expect(orderedKinds(area('x', { household_empty: 2, no_phone: null })).slice(0, 3)).toEqual(['no_phone', 'household_empty', 'minor_no_guardian']);
    expect(orderedKinds(area('x'))).toEqual([...QUALITY_KINDS]);
    expect(allClear(o.area)).toBe(false);
    expect(allClear(area('g2'))).toBe(true);
    expect(allClear(area('g3', { no_phone: null }))).toBe(false);
  });
});
