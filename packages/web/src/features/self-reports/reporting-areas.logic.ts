// Pure helpers of the workbench's 今日体温上报 card for street offices and district command (counts per area; tested
// without a browser in reporting-areas.logic.test.ts).
import { formatCount } from '../../lib/numbers';
import type { AreaFigures, Collection, CoverageArea } from './api';
import { reportedPercent } from './today.logic';

/** A count as shown: with thousands separators, or "<5" where the server hid a count of 1 to 4. */
export function figureText(v: number | null, lessThanFive: string, locale: string): string {
  return v === null ? lessThanFive : formatCount(v, locale);
}

/**
 * The share of residents who reported, in % (rounded down as on the community's card), or null when either count is
 * hidden: a percentage of exact figures would give a hidden count away (3 of 40 is 7.5 %).
 */
export function areaPercent(f: Pick<AreaFigures, 'reported' | 'residents'>): number | null {
  if (f.reported === null || f.residents === null || f.residents === 0) return null;
  return reportedPercent(f.reported, f.residents);
}

/** A count that calls for attention (fevers, open follow-ups): above zero, or hidden — which means 1 to 4. */
export function needsAttention(v: number | null): boolean {
  return v === null || v > 0;
}

/** A child area one can open (a level further down): a street or community; a grid is the last level. */
export function canOpen(a: Pick<CoverageArea, 'level'>): boolean {
  return a.level !== 'grid';
}

/** The header of the child list: what the areas one level down are, by the level of the area shown. */
export function childrenKey(level: string): 'district' | 'street' | 'community' | 'other' {
  return level === 'district' || level === 'street' || level === 'community' ? level : 'other';
}

/** What the card says about collection: nothing for an area that collects throughout, else why figures are missing. */
export function collectionNote(c: Collection): 'notCollecting' | 'partly' | null {
  return c === 'closed' ? 'notCollecting' : c === 'partly' ? 'partly' : null;
}

/** True when the area has no residents at all (shown as a hint, not as a row of zeros). */
export function noResidents(f: Pick<AreaFigures, 'residents'>): boolean {
  return f.residents === 0;
}
