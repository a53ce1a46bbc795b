// Pure rules of the data-quality page (no React), unit-tested in quality.logic.test.ts.
import { LISTABLE_KINDS, QUALITY_KINDS, type ListableKind, type QualityArea, type QualityKind, type QualityOverview } from './quality.api';

/** The page's state in the URL (?kind=&org=&page=), so that back, reload and a link from the workbench keep it. */
export type QualityView = { kind?: ListableKind; org?: string; page: number };

export function qualityViewFromParams(p: URLSearchParams): QualityView {
  const kind = p.get('kind');
  const page = Number(p.get('page'));
  return {
    kind: LISTABLE_KINDS.find((k) => k === kind),
    org: p.get('org') || undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function qualityParamsFromView(v: QualityView): URLSearchParams {
  const p = new URLSearchParams();
  if (v.kind) p.set('kind', v.kind);
  if (v.org) p.set('org', v.org);
  if (v.kind && v.page > 1) p.set('page', String(v.page));
  return p;
}

export const isListable = (k: QualityKind): k is ListableKind => (LISTABLE_KINDS as readonly string[]).includes(k);
export const isHouseholdKind = (k: QualityKind) => k.startsWith('household_');

/** The area shown: the chosen child area (grid) when `org` names one, otherwise the caller's own area. */
export function shownArea(o: QualityOverview, org: string | undefined): QualityArea {
  return (org && o.children.find((c) => c.id === org)) || o.area;
}

/** The child areas with at least one problem of `kind` (suppressed counts, "<5", are listed too), in the server's order. */
export function breakdown(o: QualityOverview, kind: QualityKind): Array<{ id: string; name: string; count: number | null }> {
  return o.children.filter((c) => c.counts[kind] !== 0).map((c) => ({ id: c.id, name: c.name, count: c.counts[kind] }));
}

/** The kinds in display order: those with problems (or a suppressed "<5") first, each group in the fixed order. */
export function orderedKinds(a: QualityArea): QualityKind[] {
  return [...QUALITY_KINDS.filter((k) => a.counts[k] !== 0), ...QUALITY_KINDS.filter((k) => a.counts[k] === 0)];
}

/** True when nothing is wrong in the area (every count zero). */
export function allClear(a: QualityArea): boolean {
  return QUALITY_KINDS.every((k) => a.counts[k] === 0);
}
