import { describe, expect, it } from 'vitest';
import { formatFigure, isEmpty, OVERVIEW_REFRESH_POLL_MS, overviewRefetchMs, registryLinkFor } from './overview.logic';
import type { Figures } from './api';

describe('population overview rules', () => {
  it('links a figure to the resident list filtered to exactly those people', () => {
    expect(registryLinkFor('elderly60')).toBe('/registry?tag=elderly60');
    expect(registryLinkFor('livingAlone', 'g1')).toBe('/registry?tag=living_alone&grid=g1');
    expect(registryLinkFor('minors')).toBe('/registry?tag=minor');
    expect(registryLinkFor('floating')).toBe('/registry?rt=floating');
    expect(registryLinkFor('residents')).toBeUndefined();
    expect(registryLinkFor('elderlyAlone')).toBeUndefined();
    expect(registryLinkFor('households')).toBeUndefined();
  });

  it('shows suppressed counts as "<5" and separates thousands', () => {
    expect(formatFigure(null, '<5', 'zh-CN')).toBe('<5');
    expect(formatFigure(0, '<5', 'zh-CN')).toBe('0');
    expect(formatFigure(6123, '<5', 'en')).toBe('6,123');
  });

  it('an area without residents is empty; a suppressed total is not', () => {
    const f = (residents: number | null) => ({ residents } as unknown as Figures);
    expect(isEmpty(f(0))).toBe(true);
    expect(isEmpty(f(null))).toBe(false);
    expect(isEmpty(f(12))).toBe(false);
  });

  it('asks again shortly while the server recounts behind the figures it answered, and not otherwise', () => {
    expect(overviewRefetchMs({ refreshing: true })).toBe(OVERVIEW_REFRESH_POLL_MS);
    expect(overviewRefetchMs({ refreshing: false })).toBe(false);
    expect(overviewRefetchMs(undefined)).toBe(false);
  });
});
