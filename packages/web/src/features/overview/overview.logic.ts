// Pure rules of the population overview card (no React), unit-tested in overview.logic.test.ts.
import { isApiError } from '../../api/client';
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

// ---- The area shown, kept in the address -----------------------------------------------------------------------------
//
// The card opens areas below the caller's own one level at a time. The way down is kept in the URL query, top first
// (`/?area=<community id>&area=<grid id>`): each step is a history entry, so Back goes up one level, a reload or a shared
// link shows the same area, and 返回上一级 knows the level above without asking the server (the overview answers an
// area, not its parent). The server decides what the caller may see (404 outside their area); these rules only decide
// what a well-formed address is.

/** The query key holding the way down, one value per level. */
export const AREA_KEY = 'area';
/** City → district → street → community → grid is four steps below a city account; more is not a real way down. */
export const MAX_AREA_STEPS = 6;
/** The server's limit on `orgId` (GET /api/registry/overview). */
export const AREA_ID_MAX = 64;

/** The way down read from the address: the area ids, top first; `malformed` when an `area` value was there but unusable. */
export type AreaTrail = { trail: string[]; malformed: boolean };

/** An area id as the server accepts one: 1–64 characters, no spaces or control characters. */
export function isAreaId(v: string): boolean {
  return v.length > 0 && v.length <= AREA_ID_MAX && !/[\s\p{Cc}]/u.test(v);
}

/**
 * The areas opened below the caller's own, from the query. No `area`: the caller's own area (empty trail). A value that
 * cannot be an area id, the same area twice, or more steps than an area tree has: the caller's own area, `malformed`.
 */
export function trailFromParams(p: URLSearchParams): AreaTrail {
  const values = p.getAll(AREA_KEY);
  if (values.length === 0) return { trail: [], malformed: false };
  const ok = values.length <= MAX_AREA_STEPS && values.every(isAreaId) && new Set(values).size === values.length;
  return ok ? { trail: values, malformed: false } : { trail: [], malformed: true };
}

/** The URL-state patch (lib/url-state) that shows `trail`: one `area` per step; the empty trail removes the key. */
export function trailPatch(trail: readonly string[]): { [AREA_KEY]: readonly string[] } {
  return { [AREA_KEY]: trail };
}

/** One level down: into the child area `id` of the area shown. */
export function trailDown(trail: readonly string[], id: string): string[] {
  return [...trail, id];
}

/** One level up (the caller's own area stays where it is). */
export function trailUp(trail: readonly string[]): string[] {
  return trail.slice(0, -1);
}

/**
 * Whether a failed overview request means "that area is not there for you" (404: unknown or outside the caller's area;
 * 400: the server refused the id): then the card shows the caller's own area instead of an error. Only for an area
 * taken from the address — the caller's own area failing is an error to show.
 */
export function isAreaGone(error: unknown, fromAddress: boolean): boolean {
  return fromAddress && isApiError(error) && (error.status === 404 || error.status === 400);
}
