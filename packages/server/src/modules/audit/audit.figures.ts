import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Codec } from '../../platform/db/codec';
import { checkAnchor, parseAnchorText } from './audit.anchor';
import { type AuditCheckpoint, newestCheckpoint, verifyCheckpoints } from './audit.checkpoints';
import { attachDisclosures } from './audit.disclosures';
import { auditRowFromDb, chainHash, GENESIS } from './audit.service';

/**
 * Read-only counts over the audit log for other modules' read models (transparency report, breach impact query, audit
 * pack): the log belongs to this module, so the queries that name `audit_log` live here and others call them through
 * the index. Instants are ISO-8601 text (the log stores `ts` as ISO text on both dialects), `[from, to)` unless said.
 * A subject filter (`subjectIn`) is a subquery of resident ids handed in by the registry (`residentIdsUnder`), so this
 * module never names the registry's tables either.
 */

export type AuditRange = { from: string; to: string };

export type AuditActionTally = { action: string; fields: string | null; reason: string | null; n: number };

/**
 * Successful rows of `actions` in [from, to) grouped by action, with the field list kept for the actions in
 * `fieldsOf` and the reason kept for those in `reasonOf` (null otherwise) — one pass over the range (ts index).
 */
export async function auditActionTally(db: Kysely<any>, codec: Codec, r: AuditRange, o: {
  actions: readonly string[]; fieldsOf?: readonly string[]; reasonOf?: readonly string[]; subjectIn?: RawBuilder<unknown> | null;
}): Promise<AuditActionTally[]> {
  if (o.actions.length === 0) return [];
  const lits = (xs: readonly string[]) => sql.join(xs.map((x) => sql.lit(x)));
  // A kept column is null for the other actions; a column kept for no action is not selected at all.
  const keep = (col: 'fields' | 'reason', xs: readonly string[] | undefined) =>
    xs && xs.length > 0 ? sql`case when a.action in (${lits(xs)}) then ${sql.ref(`a.${col}`)} else null end` : null;
  const fieldsCase = keep('fields', o.fieldsOf);
  const reasonCase = keep('reason', o.reasonOf);
  const subject = o.subjectIn ? sql`and a.subject_id in ${o.subjectIn}` : sql``;
  const groups = [sql`a.action`, ...(fieldsCase ? [fieldsCase] : []), ...(reasonCase ? [reasonCase] : [])];
  const rows = await sql<{ action: string; fields?: string | null; reason?: string | null; n: unknown }>`
    select a.action as action, ${fieldsCase ?? sql`null`} as fields, ${reasonCase ?? sql`null`} as reason, count(*) as n
    from audit_log a
    where a.ts >= ${r.from} and a.ts < ${r.to} and a.outcome = 'success'
      and a.action in (${lits(o.actions)}) ${subject}
    group by ${sql.join(groups)}`.execute(db);
  return rows.rows.map((x) => ({ action: String(x.action), fields: x.fields ?? null, reason: x.reason ?? null, n: codec.readInt(x.n) }));
}

/** Rows of one action and outcome in [from, to); `minCount`: only rows whose `count` is at least that (lock-outs). */
export async function countAuditRows(db: Kysely<any>, codec: Codec, r: AuditRange, o: { action: string; outcome: 'success' | 'denied' | 'error'; minCount?: number }): Promise<number> {
  let q = db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n'))
    .where('ts', '>=', r.from).where('ts', '<', r.to).where('action', '=', o.action).where('outcome', '=', o.outcome);
  if (o.minCount !== undefined) q = q.where('count', '>=', o.minCount);
  return codec.readInt((await q.executeTakeFirst())?.n);
}

/**
 * The actor's successful audit rows in [from, to] (both ends included): one range of audit_log_actor_idx (actor_id, ts).
 * No ORDER BY and no GROUP BY (the caller folds the rows in memory), so PostgreSQL never sorts 100k rows to disk when it
 * judges a scan cheaper. Used by the breach impact query; exported for its plan check (bench/impact.ts).
 */
export function actorAuditQuery(db: Kysely<any>, actorId: string, from: string, to: string) {
  return db.selectFrom('audit_log').select(['id', 'subject_id', 'action', 'object_type', 'fields', 'ts', 'count'])
    .where('actor_id', '=', actorId).where('ts', '>=', from).where('ts', '<=', to).where('outcome', '=', 'success');
}

/** The time of the oldest stored audit row (installation date, or the first row after a purge), or null. */
export async function oldestAuditTs(db: Kysely<any>): Promise<string | null> {
  const oldest = await db.selectFrom('audit_log').select('ts').orderBy('id').limit(1).executeTakeFirst();
  return oldest ? String(oldest.ts) : null;
}

/** A month of the Shanghai calendar (`YYYY-MM`) as the instants [from, to) in ISO text. */
export type AuditMonth = { month: string; from: string; to: string };

export type AccessStatRow = { month: string; role: string | null; orgId: string | null; category: string; events: number; records: number };

/**
 * Access statistics for the audit pack: successful rows of the given categories (category → actions, optionally only
 * for some object types) grouped by month × actor role × actor org × category — aggregated in SQL over the ts index,
 * so the answer is small whatever the number of rows. `events` counts rows, `records` sums their `count` (rows a list
 * showed; 1 for a row without one). The month of a row comes from a CASE over the months' bounds (ISO text compares
 * as time on both dialects), so no dialect-specific date function is needed.
 */
export async function auditAccessStatistics(db: Kysely<any>, codec: Codec, months: readonly AuditMonth[], categories: ReadonlyArray<{
  category: string; actions: readonly string[]; objectTypes?: readonly string[];
}>): Promise<AccessStatRow[]> {
  if (months.length === 0 || categories.length === 0) return [];
  const lits = (xs: readonly string[]) => sql.join(xs.map((x) => sql.lit(x)));
  const cond = (c: (typeof categories)[number]) =>
    c.objectTypes && c.objectTypes.length > 0 ? sql`(a.action in (${lits(c.actions)}) and a.object_type in (${lits(c.objectTypes)}))` : sql`a.action in (${lits(c.actions)})`;
  const category = sql`case ${sql.join(categories.map((c) => sql`when ${cond(c)} then ${sql.lit(c.category)}`), sql` `)} else null end`;
  const month = sql`case ${sql.join(months.map((m) => sql`when a.ts < ${sql.lit(m.to)} then ${sql.lit(m.month)}`), sql` `)} else null end`;
  const from = months[0]!.from;
  const to = months[months.length - 1]!.to;
  const rows = await sql<{ month: string; role: string | null; org: string | null; category: string; n: unknown; records: unknown }>`
    select ${month} as month, a.actor_role as role, a.actor_org as org, ${category} as category, count(*) as n,
      sum(case when a.count is null then 1 else a.count end) as records
    from audit_log a
    where a.ts >= ${from} and a.ts < ${to} and a.outcome = 'success' and (${sql.join(categories.map(cond), sql` or `)})
    group by 1, 2, 3, 4`.execute(db);
  return rows.rows.filter((x) => x.month != null && x.category != null).map((x) => ({
    month: String(x.month), role: x.role ?? null, orgId: x.org ?? null, category: String(x.category), events: codec.readInt(x.n), records: codec.readInt(x.records),
  }));
}

export type AuditEvent = {
  id: number; ts: string; actorId: string | null; actorRole: string | null; actorOrg: string | null; action: string; objectType: string | null;
  objectId: string | null; fields: string[]; outcome: string; severity: string; count: number | null;
};

/**
 * Rows of the given actions in [from, to), oldest first, in keyset pages after row id `afterId` (`limit` rows): for lists
 * of rare events (account administration) over a log of any size; `outcome` / `minCount` narrow them (lock-outs: failed
 * sign-ins whose count reached the limit). Neither reason nor subject is returned.
 */
export async function auditEventsPage(
  db: Kysely<any>, codec: Codec, r: AuditRange, actions: readonly string[], afterId: number, limit: number, o: { outcome?: string; minCount?: number } = {},
): Promise<AuditEvent[]> {
  if (actions.length === 0) return [];
  let q = db.selectFrom('audit_log')
    .select(['id', 'ts', 'actor_id', 'actor_role', 'actor_org', 'action', 'object_type', 'object_id', 'fields', 'outcome', 'severity', 'count'])
    .where('ts', '>=', r.from).where('ts', '<', r.to).where('action', 'in', [...actions]).where('id', '>', afterId);
  if (o.outcome !== undefined) q = q.where('outcome', '=', o.outcome);
  if (o.minCount !== undefined) q = q.where('count', '>=', o.minCount);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((x) => ({
    id: Number(x.id), ts: String(x.ts), actorId: x.actor_id ?? null, actorRole: x.actor_role ?? null, actorOrg: x.actor_org ?? null, action: String(x.action),
    objectType: x.object_type ?? null, objectId: x.object_id ?? null, fields: codec.readJson<string[]>(x.fields ?? '[]'), outcome: String(x.outcome),
    severity: String(x.severity), count: x.count == null ? null : codec.readInt(x.count),
  }));
}

/** Rows in [from, to) per action and outcome (one grouped pass over the range), e.g. for a pack's totals. */
export async function auditActionOutcomeCounts(db: Kysely<any>, codec: Codec, r: AuditRange, actions: readonly string[]): Promise<Array<{ action: string; outcome: string; n: number }>> {
  if (actions.length === 0) return [];
  const rows = await db.selectFrom('audit_log').select(['action', 'outcome', (eb) => eb.fn.countAll().as('n')])
    .where('ts', '>=', r.from).where('ts', '<', r.to).where('action', 'in', [...actions]).groupBy(['action', 'outcome']).execute();
  return rows.map((x) => ({ action: String(x.action), outcome: String(x.outcome), n: codec.readInt(x.n) }));
}

export type PeriodVerification = {
  /** Rows stamped in the period (ids firstId..lastId; ids are contiguous). */
  rows: number; firstId: number | null; lastId: number | null;
  ok: boolean; checked: number;
  /** The first row that does not hold, and why (`missing_row`, `broken_link`, `hash_mismatch`). */
  firstBrokenId: number | null; reason: string | null;
  /** What the first row was linked to: the stored row before it, the newest purge checkpoint, or nothing (row 1). */
  linkedTo: 'previous_row' | 'checkpoint' | 'genesis' | 'unchecked' | null;
};

/**
 * Verifies the part of the chain stamped in [from, to): each row's hash recomputed, each row linked to the one before
 * (the first one to the row before the period, or to the purge checkpoint whose through row it follows), ids
 * contiguous — in keyset pages of 5,000 rows, so a period of millions of rows is read in bounded memory. This shows the
 * period's rows are consistent with each other and with their neighbour; a rewrite recomputed from before the period
 * is caught by an anchor (ADR 0025), reported beside it.
 */
export async function verifyAuditPeriod(db: Kysely<any>, r: AuditRange): Promise<PeriodVerification> {
  const bounds = await db.selectFrom('audit_log').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .where('ts', '>=', r.from).where('ts', '<', r.to).executeTakeFirst();
  const lo = bounds?.lo == null ? null : Number(bounds.lo);
  const hi = bounds?.hi == null ? null : Number(bounds.hi);
  if (lo === null || hi === null) return { rows: 0, firstId: null, lastId: null, ok: true, checked: 0, firstBrokenId: null, reason: null, linkedTo: null };
  let prev: string | null = null;
  let linkedTo: PeriodVerification['linkedTo'] = 'unchecked';
  const before = await db.selectFrom('audit_log').select('hash').where('id', '=', lo - 1).executeTakeFirst();
  if (before) {
    prev = String(before.hash);
    linkedTo = 'previous_row';
  } else if (lo === 1) {
    prev = GENESIS;
    linkedTo = 'genesis';
  } else {
    const cp = await newestCheckpoint(db);
    if (cp && cp.throughId === lo - 1) {
      prev = cp.throughHash;
      linkedTo = 'checkpoint';
    }
  }
  let checked = 0;
  let expected = lo;
  const fail = (id: number, reason: string): PeriodVerification => ({ rows: hi - lo + 1, firstId: lo, lastId: hi, ok: false, checked, firstBrokenId: id, reason, linkedTo });
  for (let after = lo - 1; after < hi; ) {
    const page = await db.selectFrom('audit_log').selectAll().where('id', '>', after).where('id', '<=', hi).orderBy('id').limit(5000).execute();
    if (page.length === 0) break;
    // A row's disclosures are part of what its hash covers (ADR 0046).
    for (const row of await attachDisclosures(db, page.map(auditRowFromDb))) {
      checked++;
      if (row.id !== expected) return fail(expected, 'missing_row');
      if (prev !== null && row.prevHash !== prev) return fail(row.id, 'broken_link');
      const { hash, ...rest } = row;
      if (chainHash(row.prevHash, rest) !== hash) return fail(row.id, 'hash_mismatch');
      prev = hash;
      expected = row.id + 1;
    }
    after = Number(page[page.length - 1]!.id);
  }
  if (expected !== hi + 1) return fail(expected, 'missing_row');
  return { rows: hi - lo + 1, firstId: lo, lastId: hi, ok: true, checked, firstBrokenId: null, reason: null, linkedTo };
}

export type AnchorStatus = {
  /** `not_configured`: no RENXING_AUDIT_ANCHOR_DIR; `none`: the directory holds no anchor yet. */
  state: 'ok' | 'failed' | 'purged' | 'not_configured' | 'none' | 'unreadable';
  file: string | null; anchorId: number | null; anchorTs: string | null; checked: number; check: string | null; reason: string | null;
};

/** Checks the newest anchor file of the daily anchor directory (ADR 0025) against the log, like the anchor job does. */
export async function newestAnchorStatus(db: Kysely<any>, dir: string | null, now: () => Date): Promise<AnchorStatus> {
  const empty = { file: null, anchorId: null, anchorTs: null, checked: 0, check: null, reason: null };
  if (!dir) return { state: 'not_configured', ...empty };
  let last: string | undefined;
  try {
    last = fs.readdirSync(dir).filter((f) => /^renxing-audit-anchor-.*\.json$/.test(f)).sort().at(-1);
  } catch {
    return { state: 'unreadable', ...empty };
  }
  if (!last) return { state: 'none', ...empty };
  const parsed = parseAnchorText(fs.readFileSync(path.join(dir, last), 'utf8'));
  const a = parsed.anchors[0];
  if (!a) return { state: 'unreadable', ...empty, file: last };
  const c = await checkAnchor(db, a, now);
  return {
    state: !c.ok ? 'failed' : c.check === 'purged' ? 'purged' : 'ok', file: last, anchorId: a.id, anchorTs: a.ts ?? null, checked: c.checked, check: c.check,
    reason: c.reason,
  };
}

/** The newest purge checkpoint (ADR 0030) and whether the checkpoint chain holds. */
export async function checkpointStatus(db: Kysely<any>): Promise<{ ok: boolean; checked: number; newest: AuditCheckpoint | null; brokenSeq: number | null }> {
  const v = await verifyCheckpoints(db);
  return { ok: v.ok, checked: v.checked, newest: v.newest, brokenSeq: v.broken?.seq ?? null };
}
