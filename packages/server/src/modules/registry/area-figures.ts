import type { Org, OrgsService } from '../orgs';

/** Counts of 1–4 are hidden from callers who may not read the residents themselves (PRIV-01; ADR 0015). */
export const MIN_CELL = 5;

/** A count that small-cell suppression hides: 1 to MIN_CELL − 1 (zero is shown; PRIV-01). */
export const isSmallCell = (n: number): boolean => n > 0 && n < MIN_CELL;

/** Street, district and city figures are reused for two minutes (ADR 0015); community and grid ones are always fresh. */
const CACHE_MS = 2 * 60_000;
const CACHED_LEVELS = new Set(['city', 'district', 'street']);

/**
 * The per-area figures cache shared by the population overview and the data-quality counts: keyed by area and by
 * whether small cells are suppressed, dropped whenever the hierarchy changes (a new, renamed or deleted area must show
 * at once in the cached figures that list it as a child; ADR 0022).
 */
export function areaFiguresCache<T>(orgs: OrgsService) {
  const cache = new Map<string, { at: number; value: T }>();
  orgs.onChange(() => cache.clear());
  const keyOf = (area: Org, suppress: boolean) => `${area.id}:${suppress}`;
  return {
    get(area: Org, suppress: boolean, now: Date): T | undefined {
      if (!CACHED_LEVELS.has(area.level)) return undefined;
      const hit = cache.get(keyOf(area, suppress));
      const age = hit ? now.getTime() - hit.at : -1;
      return hit && age >= 0 && age < CACHE_MS ? hit.value : undefined;
    },
    set(area: Org, suppress: boolean, now: Date, value: T): void {
      if (!CACHED_LEVELS.has(area.level)) return;
      if (cache.size > 1000) cache.clear();
      cache.set(keyOf(area, suppress), { at: now.getTime(), value });
    },
  };
}

/**
 * Adds up figures counted per org path (grids, usually) into the area's total and its child areas' totals, and hides
 * small cells when asked: `shown(f)` maps every count of 1–4 to null if `suppress`.
 */
export function sumByChildArea<K extends string>(kinds: readonly K[], children: readonly Org[], rows: Iterable<readonly [string, Record<K, number>]>, suppress: boolean) {
  const zero = (): Record<K, number> => Object.fromEntries(kinds.map((k) => [k, 0])) as Record<K, number>;
  const totals = zero();
  const perChild = new Map(children.map((c) => [c.id, zero()]));
  for (const [path, f] of rows) {
    for (const k of kinds) totals[k] += f[k];
    const child = children.find((c) => path.startsWith(c.path));
    if (child) {
      const t = perChild.get(child.id)!;
      for (const k of kinds) t[k] += f[k];
    }
  }
  const shown = (f: Record<K, number>): Record<K, number | null> =>
    Object.fromEntries(kinds.map((k) => [k, suppress && isSmallCell(f[k]) ? null : f[k]])) as Record<K, number | null>;
  return { totals, perChild: (id: string) => perChild.get(id)!, shown };
}
