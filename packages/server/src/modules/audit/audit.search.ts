// A turn of the event loop between synchronous SQLite statements lets other requests run.
import { setImmediate as turn } from 'node:timers/promises';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';

/**
 * The audit viewer's search (ADR 0059): one page of matching rows, newest first, and how many rows match — found by
 * walking the log in id ranges of `chunk` rows from the newest down, one bounded statement per range, with a turn of
 * the event loop between ranges. On SQLite every statement runs on the event loop: a single count over a log of
 * millions of rows with a filter no index serves (an action, an outcome, an object type) held the whole server for
 * 1–3 s. Now no statement reads more than one range (a rowid range, or an index range within it), whatever the filter.
 *
 * Counting stops once more than `cap` rows match and the page is filled: the total is then a lower bound
 * (`totalExact: false`) — an auditor narrows a search of more than ten thousand rows rather than reads its count.
 */
export type AuditSearchFilter = {
  from?: string; to?: string; actorId?: string; action?: string; objectType?: string; subjectId?: string; outcome?: string;
  actions?: readonly string[];
  actorOrgs?: readonly string[];
};

export type AuditWalk = {
  /** Rows per id range (statement). */
  chunk: number;
  /** Matches beyond which counting stops (once the page is filled). */
  cap: number;
};

/**
 * SQLite: ranges of 20,000 ids, a few milliseconds of the event loop each (measured at 1 M rows: 50,000-id ranges held
 * it up to 0.1–0.2 s on this loaded 2-core machine). PostgreSQL's statements do not hold the event loop: larger ranges,
 * fewer round trips.
 */
export function auditWalkFor(dialect: 'sqlite' | 'postgres'): AuditWalk {
  return { chunk: dialect === 'sqlite' ? 20_000 : 100_000, cap: 10_000 };
}

/**
 * How far the server's clock may step back between two audit appends (an NTP correction, a VM resumed) for a time
 * window's id bounds to stay exact. A day: far beyond any correction, and a week's search walks nine days.
 */
export const CLOCK_STEP_MS = 86_400_000;

export async function searchAuditLog<R>(
  db: Kysely<any>, q: AuditSearchFilter & { page: number; pageSize: number }, walk: AuditWalk,
): Promise<{ items: R[]; total: number; totalExact: boolean; ranges: number }> {
  // Stored times are ISO-8601 with milliseconds and Z, compared as text: a bound given without milliseconds
  // ("…T08:00:00Z") would sort after "…T08:00:00.500Z" and leave out the window's first second.
  const from = q.from ? new Date(q.from).toISOString() : undefined;
  const to = q.to ? new Date(q.to).toISOString() : undefined;
  const filtered = (base: SelectQueryBuilder<any, 'audit_log', object>) => {
    let b = base;
    if (from) b = b.where('ts', '>=', from);
    if (to) b = b.where('ts', '<=', to);
    if (q.actorId) b = b.where('actor_id', '=', q.actorId);
    if (q.action) b = b.where('action', '=', q.action);
    if (q.actions) b = q.actions.length ? b.where('action', 'in', [...q.actions]) : b.where(sql<boolean>`1 = 0`);
    if (q.objectType) b = b.where('object_type', '=', q.objectType);
    if (q.subjectId) b = b.where('subject_id', '=', q.subjectId);
    if (q.outcome) b = b.where('outcome', '=', q.outcome);
    if (q.actorOrgs) b = q.actorOrgs.length ? b.where('actor_org', 'in', [...q.actorOrgs]) : b.where(sql<boolean>`1 = 0`);
    return b;
  };
  if ((q.actions && q.actions.length === 0) || (q.actorOrgs && q.actorOrgs.length === 0)) return { items: [], total: 0, totalExact: true, ranges: 0 };
  // The ids there are now (both ends are primary-key lookups); rows appended during the walk are not looked at.
  // Two subqueries, not `select min(id), max(id)`: SQLite reads an index in full for that (its min/max shortcut takes a
  // query with one aggregate only) — 0.9 s at a million rows, measured.
  const ends = (await sql<{ lo: number | string | null; hi: number | string | null }>`select (select min(id) from audit_log) as lo, (select max(id) from audit_log) as hi`.execute(db)).rows[0];
  if (!ends || ends.lo === null || ends.hi === null) return { items: [], total: 0, totalExact: true, ranges: 0 };
  let lo = Number(ends.lo);
  let top = Number(ends.hi);
  // A time window bounds the ids to walk (two lookups in audit_log_ts_idx): the newest row written more than the
  // clock-step allowance before `from`, and the oldest written more than that after `to`. Exact as long as the
  // server's clock never stepped back by more than CLOCK_STEP_MS between two appends (then no row below the first id,
  // or above the second, can lie in the window); each range still checks `ts` itself.
  if (from) {
    const before = await db.selectFrom('audit_log').select('id').where('ts', '<', new Date(Date.parse(from) - CLOCK_STEP_MS).toISOString())
      .orderBy('ts', 'desc').limit(1).executeTakeFirst();
    if (before) lo = Math.max(lo, Number(before.id));
  }
  if (to) {
    const after = await db.selectFrom('audit_log').select('id').where('ts', '>', new Date(Date.parse(to) + CLOCK_STEP_MS).toISOString())
      .orderBy('ts', 'asc').limit(1).executeTakeFirst();
    if (after) top = Math.min(top, Number(after.id));
  }
  const offset = (q.page - 1) * q.pageSize;
  const end = offset + q.pageSize;
  const items: R[] = [];
  let seen = 0;
  let ranges = 0;
  for (let hi = top; hi >= lo; hi -= walk.chunk) {
    ranges++;
    const bottom = Math.max(lo, hi - walk.chunk + 1);
    const range = filtered(db.selectFrom('audit_log')).where('id', '>=', bottom).where('id', '<=', hi);
    const n = Number((await range.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    // The page's rows in this range: the matches numbered [offset, end) counting from the newest.
    if (n > 0 && seen + n > offset && seen < end) {
      await turn();
      const skip = Math.max(0, offset - seen);
      const rows = await range.selectAll().orderBy('id', 'desc').limit(Math.min(end - seen, n) - skip).offset(skip).execute();
      items.push(...(rows as R[]));
    }
    seen += n;
    if (seen >= end && seen > walk.cap && bottom > lo) return { items, total: seen, totalExact: false, ranges };
    if (bottom > lo) await turn();
  }
  return { items, total: seen, totalExact: true, ranges };
}
