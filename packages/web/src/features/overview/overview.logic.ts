// Pure rules of the population overview card (no React), unit-tested in overview.logic.test.ts.
import { formatCount } from '../../lib/numbers';
import type { Figure, Figures } from './api';

/** Tiles of the card, in two groups. */
export const PEOPLE_TILES: readonly Figure[] = ['residents', 'households', 'floating', 'elderly60', 'elderly80', 'minors'];
export const CARE_TILES: readonly Figure[] = ['elderlyAlone', 'livingAlone', 'disabled', 'chronic', 'pregnant', 'infants'];

/**
 * The resident list (registry page URL) showing the people behind a figure, when one filter selects exactly them;
 * undefined otherwise (totals, households, "elderly living alone" which is two conditions).
 */
export function registryLinkFor(figure: Figure, gridId?: string): string | undefined {
  const tag: Partial<Record<Figure, string>> = {
    elderly60: 'elderly60', elderly80: 'elderly80', minors: 'minor', infants: 'infant', livingAlone: 'living_alone', disabled: 'disabled', chronic: 'chronic', pregnant: 'pregnant',
  };
  const rt: Partial<Record<Figure, string>> = { floating: 'floating', tenant: 'tenant', away: 'away' };
  const p = new URLSearchParams();
  if (tag[figure]) p.set('tag', tag[figure]!);
  else if (rt[figure]) p.set('rt', rt[figure]!);
  else return undefined;
  if (gridId) p.set('grid', gridId);
  return `/registry?${p.toString()}`;
}

/** A figure as shown: the number with thousands separators, or "<5" when the server suppressed it. */
export function formatFigure(v: number | null, lessThanFive: string, locale: string): string {
  return v === null ? lessThanFive : formatCount(v, locale);
}

/** True when the area has no residents at all (an empty new installation): the card shows a hint instead of zeros. */
export function isEmpty(f: Figures): boolean {
  return f.residents === 0;
}

/**
 * While the server recounts some communities behind the figures it answered (`refreshing`, ADR 0048 addendum), the
 * card asks again after this many milliseconds; otherwise not (false: no polling).
 */
export const OVERVIEW_REFRESH_POLL_MS = 3_000;
export function overviewRefetchMs(o: { refreshing?: boolean } | undefined): number | false {
  return o?.refreshing ? OVERVIEW_REFRESH_POLL_MS : false;
}
