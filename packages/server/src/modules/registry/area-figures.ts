import type { Org } from '../orgs';

/** Counts of 1–4 are hidden from callers who may not read the residents themselves (PRIV-01; ADR 0015). */
export const MIN_CELL = 5;

/** A count that small-cell suppression hides: 1 to MIN_CELL − 1 (zero is shown; PRIV-01). */
export const isSmallCell = (n: number): boolean => n > 0 && n < MIN_CELL;

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
