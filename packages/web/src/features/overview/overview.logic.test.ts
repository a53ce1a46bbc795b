import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { applyUrlUpdate } from '../../lib/url-state.logic';
import {
  AREA_ID_MAX, AREA_KEY, formatFigure, isAreaGone, isAreaId, isEmpty, MAX_AREA_STEPS, OVERVIEW_REFRESH_POLL_MS, overviewRefetchMs, registryLinkFor, trailDown,
  trailFromParams, trailPatch, trailUp,
} from './overview.logic';
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

describe('the area shown, kept in the address', () => {
  const community = '0197a000-0000-7000-8000-00000000c001';
  const grid = '0197a000-0000-7000-8000-00000000g001';
  const read = (search: string) => trailFromParams(new URLSearchParams(search));

  it('no area in the address is the caller\'s own area', () => {
    expect(read('')).toEqual({ trail: [], malformed: false });
    expect(read('tab=x')).toEqual({ trail: [], malformed: false });
  });

  it('reads the way down top first, one `area` per level', () => {
    expect(read(`area=${community}`)).toEqual({ trail: [community], malformed: false });
    expect(read(`area=${community}&area=${grid}`)).toEqual({ trail: [community, grid], malformed: false });
  });

  it('going down and up writes the address that reads back as the same way down, keeping other keys', () => {
    const down1 = applyUrlUpdate('x=1', trailPatch(trailDown([], community)));
    expect(down1.getAll(AREA_KEY)).toEqual([community]);
    const down2 = applyUrlUpdate(down1, trailPatch(trailDown(read(down1.toString()).trail, grid)));
    expect(down2.toString()).toBe(`x=1&area=${community}&area=${grid}`);
    expect(read(down2.toString()).trail).toEqual([community, grid]);
    const up1 = applyUrlUpdate(down2, trailPatch(trailUp([community, grid])));
    expect(read(up1.toString())).toEqual({ trail: [community], malformed: false });
    const up2 = applyUrlUpdate(up1, trailPatch(trailUp([community])));
    expect(up2.toString()).toBe('x=1'); // the own area: no `area` left
    expect(trailUp([])).toEqual([]); // the caller's own area is the top
  });

  it('an address that cannot name areas falls back to the own area and says so (malformed)', () => {
    expect(read('area=')).toEqual({ trail: [], malformed: true });
    expect(read(`area=${'x'.repeat(AREA_ID_MAX + 1)}`)).toEqual({ trail: [], malformed: true });
    expect(read(`area=${encodeURIComponent('a b')}`)).toEqual({ trail: [], malformed: true });
    expect(read(`area=${community}&area=${community}`)).toEqual({ trail: [], malformed: true });
    const deep = Array.from({ length: MAX_AREA_STEPS + 1 }, (_, i) => `area=a${i}`).join('&');
    expect(read(deep)).toEqual({ trail: [], malformed: true });
    const deepest = Array.from({ length: MAX_AREA_STEPS }, (_, i) => `area=a${i}`).join('&');
    expect(read(deepest).trail).toHaveLength(MAX_AREA_STEPS);
    expect(isAreaId('x'.repeat(AREA_ID_MAX))).toBe(true);
    expect(isAreaId('a\u0000b')).toBe(false);
  });

  it('a refused area from the address means "show the own area", other failures and the own area\'s do not', () => {
    const err = (status: number) => new ApiError({ status, code: 'x' });
    expect(isAreaGone(err(404), true)).toBe(true);
    expect(isAreaGone(err(400), true)).toBe(true);
    expect(isAreaGone(err(404), false)).toBe(false);
    expect(isAreaGone(err(500), true)).toBe(false);
    expect(isAreaGone(err(403), true)).toBe(false);
    expect(isAreaGone(new Error('boom'), true)).toBe(false);
  });
});
