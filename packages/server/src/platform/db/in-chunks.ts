/** Values per `in (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits. */
export const IN_LIST_MAX = 500;

/**
 * Runs `fetch` over the distinct `keys` in slices of IN_LIST_MAX and concatenates the rows: the one way to look rows up
 * by an arbitrarily long list of keys with `where(col, 'in', part)`.
 */
export async function inChunks<K, R>(keys: readonly K[], fetch: (part: K[]) => Promise<R[]>): Promise<R[]> {
  const unique = [...new Set(keys)];
  const out: R[] = [];
  for (let i = 0; i < unique.length; i += IN_LIST_MAX) out.push(...(await fetch(unique.slice(i, i + IN_LIST_MAX))));
  return out;
}
