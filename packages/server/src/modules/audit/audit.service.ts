import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/database';
import { sha256 } from '../../platform/ids';
import { type AnchorCheck, type AnchorClaim, type AuditAnchor, checkAnchor, takeAnchor, verifyWithAnchors } from './audit.anchor';
import { type AuditCheckpoint, checkpointFromDb } from './audit.checkpoints';
import { attachDisclosures, disclosedCounts, disclosuresPage, newestDisclosedAuditId, normaliseSubjectIds } from './audit.disclosures';
import { createAuditPurge, type PurgeOptions, type PurgeResult } from './audit.purge';
import { type AuditWalk, auditWalkFor, searchAuditLog } from './audit.search';

/** Who did it and through which request (taken from the HTTP request or the CLI). */
export type AuditActor = {
  actorId: string | null;
  actorRole: string | null;
  actorOrg: string | null;
  sessionId: string | null;
  ip: string | null;
  userAgentHash: string | null;
  requestId: string | null;
};

/**
 * The actor for work no person started over HTTP: scheduled jobs, the operator's CLI, seeding. Role `system`, no org,
 * session, address or request; `actorId` names the source where there is one (`system:cli`, `system:seed`) and is
 * null for the scheduled jobs.
 */
export function systemActor(actorId: string | null): AuditActor {
  return { actorId, actorRole: 'system', actorOrg: null, sessionId: null, ip: null, userAgentHash: null, requestId: null };
}

/** What happened. Never plaintext personal data: objects by id, search terms masked or blind-indexed. */
export type AuditEntry = {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  /** The person the data is about (resident id), for "who accessed my data" and impact queries. */
  subjectId?: string | null;
  /**
   * The residents whose data the answer showed when it names several at once (a list page, search results, a
   * household's members; ADR 0046): stored in `audit_disclosures` in the same transaction and covered by the row's hash.
   */
  subjectIds?: readonly string[];
  fields?: string[];
  purpose?: string | null;
  reason?: string | null;
  outcome: 'success' | 'denied' | 'error';
  severity?: 'normal' | 'high';
  count?: number | null;
};

export type AuditRow = AuditActor & Required<Omit<AuditEntry, 'fields' | 'subjectIds'>> & {
  id: number; ts: string; fields: string[]; prevHash: string; hash: string;
  /** Distinct, sorted; present only when the row has disclosures (loaded by the chain walkers, set by append). */
  subjectIds?: string[];
};

export const GENESIS = '0'.repeat(64);

/**
 * The exact bytes that are hashed for a row: fixed key order, JSON. A row with disclosures (ADR 0046) appends its sorted
 * resident ids as a 20th element; a row without keeps the 19 elements, so every row written before hashes as it did.
 */
export function canonicalAudit(r: Omit<AuditRow, 'hash'>): string {
  const base: unknown[] = [
    r.id, r.ts, r.actorId, r.actorRole, r.actorOrg, r.sessionId, r.ip, r.userAgentHash, r.action, r.objectType, r.objectId,
    r.subjectId, r.fields, r.purpose, r.reason, r.outcome, r.severity, r.requestId, r.count,
  ];
  if (r.subjectIds && r.subjectIds.length > 0) base.push(r.subjectIds);
  return JSON.stringify(base);
}

/** hash = SHA-256(prev_hash || canonical_json(row_without_hash)). */
export function chainHash(prevHash: string, r: Omit<AuditRow, 'hash'>): string {
  return sha256(prevHash + canonicalAudit(r));
}

export function auditRowFromDb(r: any): AuditRow {
  return {
    id: Number(r.id), ts: r.ts, actorId: r.actor_id, actorRole: r.actor_role, actorOrg: r.actor_org, sessionId: r.session_id, ip: r.ip,
    userAgentHash: r.user_agent_hash, action: r.action, objectType: r.object_type, objectId: r.object_id, subjectId: r.subject_id,
    fields: JSON.parse(r.fields) as string[], purpose: r.purpose, reason: r.reason, outcome: r.outcome, severity: r.severity,
    requestId: r.request_id, count: r.count == null ? null : Number(r.count), prevHash: r.prev_hash, hash: r.hash,
  };
}

const INSERT_COLUMNS = [
  'id', 'ts', 'actor_id', 'actor_role', 'actor_org', 'session_id', 'ip', 'user_agent_hash', 'action', 'object_type', 'object_id',
  'subject_id', 'fields', 'purpose', 'reason', 'outcome', 'severity', 'request_id', 'count', 'prev_hash', 'hash',
] as const;

/**
 * The statements of an append. Every audited request runs them, so they are hot-path statements (prepared once, no
 * query builder; see platform/db/statements.ts). PostgreSQL locks the head row (`for update`): concurrent appenders from
 * several app nodes queue on it. A row's disclosures go in with one statement whatever their number (the ids as one
 * JSON array parameter; ADR 0046).
 */
function appendStatements(database: Database) {
  const { dialect, statement } = database;
  return {
    head: statement(`select last_id, last_hash from audit_head where id = 1${dialect.forUpdate}`),
    insert: statement(`insert into audit_log (${INSERT_COLUMNS.join(', ')}) values (${INSERT_COLUMNS.map(() => '?').join(', ')})`),
    setHead: statement('update audit_head set last_id = ?, last_hash = ? where id = 1'),
    disclose: statement(`insert into audit_disclosures (audit_id, resident_id) select cast(? as bigint), value from ${dialect.jsonTextArray}`),
  };
}

/** Where and why the stored chain does not hold. `head_mismatch`: the rows end before (or after) `audit_head` says. */
export type ChainBreak = { id: number; reason: 'missing_row' | 'broken_link' | 'hash_mismatch' | 'head_mismatch' };

/**
 * The outcome of a verify. After a purge (ADR 0030) the walk starts at the newest checkpoint: `checkpoint` says which,
 * `checkpoints` how many were checked as a chain, and `brokenCheckpoint` names the first that does not hold (then
 * `reason` is `checkpoint_<why>`; `firstBrokenId` still names the first broken row, if any).
 */
export type VerifyResult = {
  ok: boolean; checked: number; firstBrokenId: number | null; reason: string | null; lastHash: string;
  checkpoint: { seq: number; throughId: number; throughHash: string; createdAt: string } | null;
  checkpoints: number;
  brokenCheckpoint: number | null;
};

/**
 * Walks the stored chain from row `fromId` to the head, in keyset pages of `pageSize` rows (never one big read).
 * The head is read first, so rows appended while the walk runs are neither read nor mistaken for a truncated tail.
 * `prev` is the hash the first row must link to (null: the first row's link is not checked — an anchor check starts at
 * the anchored row, whose own hash the anchor vouches for). Each row is checked against its own stored `prev_hash`
 * and against the previous row's hash; every break is reported to `onBreak` (with the last good hash before it),
 * which answers whether to go on. `onRow` sees every row before its checks.
 */
export async function walkChain(
  db: Kysely<any>,
  o: { fromId: number; prev: string | null; pageSize?: number; onRow?: (r: AuditRow) => void },
  onBreak: (b: ChainBreak, prevBefore: string) => boolean,
): Promise<{ checked: number; lastHash: string; lastId: number; headId: number }> {
  const head = await db.selectFrom('audit_head').select(['last_id', 'last_hash']).where('id', '=', 1).executeTakeFirst();
  const headId = head ? Number(head.last_id) : Number.MAX_SAFE_INTEGER;
  const pageSize = o.pageSize ?? 5000;
  let prev = o.prev;
  let expectedId = o.fromId;
  let checked = 0;
  const stop = (b: ChainBreak) => !onBreak(b, prev ?? GENESIS);
  for (let after = o.fromId - 1; after < headId; ) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', after).where('id', '<=', headId).orderBy('id').limit(pageSize).execute();
    if (rows.length === 0) break;
    // Each row's disclosures (ADR 0046) are part of what its hash covers.
    for (const r of await attachDisclosures(db, rows.map(auditRowFromDb))) {
      checked++;
      o.onRow?.(r);
      const { hash, ...rest } = r;
      if (r.id !== expectedId) {
        if (stop({ id: expectedId, reason: 'missing_row' })) return { checked, lastHash: prev ?? GENESIS, lastId: expectedId - 1, headId };
      } else if (prev !== null && r.prevHash !== prev) {
        if (stop({ id: r.id, reason: 'broken_link' })) return { checked, lastHash: prev, lastId: expectedId - 1, headId };
      }
      if (chainHash(r.prevHash, rest) !== hash) {
        if (stop({ id: r.id, reason: 'hash_mismatch' })) return { checked, lastHash: prev ?? GENESIS, lastId: expectedId - 1, headId };
      }
      prev = hash;
      expectedId = r.id + 1;
    }
    after = Number(rows[rows.length - 1]!.id);
  }
  const lastHash = prev ?? GENESIS;
  if (head && (headId !== expectedId - 1 || head.last_hash !== lastHash)) {
    stop({ id: expectedId, reason: 'head_mismatch' });
    return { checked, lastHash, lastId: expectedId - 1, headId };
  }
  // Rows beyond the head that no append accounts for: the newest id, then the head again (a committed row's id is never
  // above the committed head, so rows appended meanwhile are not mistaken for them). The same for disclosures: one
  // naming an audit id above the head belongs to no appended row (ADR 0046).
  const max = await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  const maxDisclosed = await newestDisclosedAuditId(db);
  const head2 = await db.selectFrom('audit_head').select('last_id').where('id', '=', 1).executeTakeFirst();
  if (head2 && Number(max?.m ?? 0) > Number(head2.last_id)) stop({ id: Number(head2.last_id) + 1, reason: 'head_mismatch' });
  else if (head2 && maxDisclosed > Number(head2.last_id)) stop({ id: maxDisclosed, reason: 'head_mismatch' });
  return { checked, lastHash, lastId: expectedId - 1, headId };
}

export type AuditQuery = {
  from?: string; to?: string; actorId?: string; action?: string; objectType?: string; subjectId?: string; outcome?: string;
  /** Any of these actions (with `action`, both must hold). */
  actions?: readonly string[];
  /**
   * The viewer's area: only rows whose `actor_org` is one of these org ids (rows without an actor org — system,
   * anonymous, public — are left out). Absent: the whole installation.
   */
  actorOrgs?: readonly string[];
  page: number; pageSize: number;
};

/** Append-only, hash-chained audit log. */
export function createAuditService(database: Database, now: () => Date, logger?: Pick<Logger, 'error'>) {
  const { db, writes } = database;

  const stmts = appendStatements(database);
  const purge = createAuditPurge(database, (trx, actor, e) => append(trx, actor, e), now);

  /** Appends one row inside the caller's transaction (so the audited effect and its audit row commit together). */
  async function append(trx: Transaction<any>, actor: AuditActor, e: AuditEntry): Promise<AuditRow> {
    const head = await stmts.head.get<{ last_id: number | string; last_hash: string }>(trx);
    if (!head) throw new Error('audit_head row is missing');
    const subjectIds = normaliseSubjectIds(e.subjectIds);
    const row: Omit<AuditRow, 'hash'> = {
      id: Number(head.last_id) + 1,
      ts: now().toISOString(),
      ...actor,
      action: e.action,
      objectType: e.objectType ?? null,
      objectId: e.objectId ?? null,
      subjectId: e.subjectId ?? null,
      fields: e.fields ?? [],
      purpose: e.purpose ?? null,
      reason: e.reason ?? null,
      outcome: e.outcome,
      severity: e.severity ?? 'normal',
      count: e.count ?? null,
      prevHash: head.last_hash,
      ...(subjectIds.length > 0 ? { subjectIds } : {}),
    };
    const hash = chainHash(head.last_hash, row);
    // Values in INSERT_COLUMNS order.
    await stmts.insert.run(trx, [
      row.id, row.ts, row.actorId, row.actorRole, row.actorOrg, row.sessionId, row.ip, row.userAgentHash, row.action, row.objectType,
      row.objectId, row.subjectId, JSON.stringify(row.fields), row.purpose, row.reason, row.outcome, row.severity, row.requestId, row.count,
      row.prevHash, hash,
    ]);
    await stmts.setHead.run(trx, [row.id, hash]);
    // After the head moved: the database accepts disclosures only for the newest audit row (migration 0024).
    if (subjectIds.length > 0) await stmts.disclose.run(trx, [row.id, JSON.stringify(subjectIds)]);
    return { ...row, hash };
  }

  return {
    append,
    /**
     * Appends one row in its own group-committed transaction; resolves after COMMIT. A failure is logged (with the
     * request id) and rethrown: the caller fails closed (a read returns no data, a refusal answers 503; ADR 0040).
     */
    async record(actor: AuditActor, e: AuditEntry): Promise<AuditRow> {
      try {
        return await writes.run((trx) => append(trx, actor, e));
      } catch (err) {
        logger?.error({ err: { message: (err as Error).message }, requestId: actor.requestId, action: e.action, outcome: e.outcome }, 'audit write failed');
        throw err;
      }
    },
    /**
     * How many of `actorId`'s rows of `action` after `since` have a reason ending in `reasonSuffix`, read through the
     * caller's transaction (one range of audit_log_actor_idx (actor_id, ts)). For detection rules that count audited
     * events: the registry's outside-scope search alert (ADR 0040).
     */
    async countRecent(trx: Transaction<any>, q: { actorId: string; action: string; since: Date; reasonSuffix: string }): Promise<number> {
      const r = await trx.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('actor_id', '=', q.actorId)
        .where('ts', '>', q.since.toISOString()).where('action', '=', q.action).where('reason', 'like', `%${q.reasonSuffix}`).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    /**
     * A resident's "who accessed my data" (ADR 0046): the rows that name them (`subject_id`) or whose answer showed them
     * in a list, search or household (`audit_disclosures`), except the rows of `excludeActorId` (their own account),
     * newest first, paged in SQL. Two key ranges (audit_log_subject_idx, the disclosures' primary key) united, then the
     * rows by primary key.
     */
    async accessesTo(q: { residentId: string; excludeActorId: string; page: number; pageSize: number }): Promise<{ items: AuditRow[]; total: number }> {
      const ids = db.selectFrom('audit_log').select('id').where('subject_id', '=', q.residentId)
        .union(db.selectFrom('audit_disclosures').select('audit_id as id').where('resident_id', '=', q.residentId));
      const base = db.selectFrom('audit_log').where('id', 'in', ids).where((eb) => eb.or([eb('actor_id', 'is', null), eb('actor_id', '<>', q.excludeActorId)]));
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base.selectAll().orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      return { items: rows.map(auditRowFromDb), total };
    },
    /**
     * One page of matching rows, newest first, and their number: a walk over id ranges (ADR 0059), so that no statement
     * reads the whole log; `totalExact` is false when counting stopped past `auditWalkFor(…).cap` matches (`total` is then
     * a lower bound).
     */
    async query(q: AuditQuery, walk: AuditWalk = auditWalkFor(database.dialect.name)): Promise<{ items: AuditRow[]; total: number; totalExact: boolean; ranges: number }> {
      const res = await searchAuditLog<Record<string, unknown>>(db, q, walk);
      return { ...res, items: res.items.map(auditRowFromDb) };
    },
    /**
     * Whether audit row `id` exists and, given `actorOrgs` (the viewer's area, see AuditQuery), lies within it:
     * `missing` and `outside` both answer 404 to the viewer, `outside` is recorded as denied.
     */
    async rowInArea(id: number, actorOrgs: readonly string[] | null): Promise<'inside' | 'outside' | 'missing'> {
      const r = await db.selectFrom('audit_log').select('actor_org').where('id', '=', id).executeTakeFirst();
      if (!r) return 'missing';
      return actorOrgs === null || (r.actor_org !== null && actorOrgs.includes(r.actor_org)) ? 'inside' : 'outside';
    },
    /** How many residents each audit row's answer showed (ADR 0046), for the viewer's page: one grouped query. */
    disclosedCounts: (auditIds: readonly number[]): Promise<Map<number, number>> => disclosedCounts(db, auditIds),
    /** One page of the resident record ids audit row `auditId` names; null when there is no such row. */
    disclosures: (q: { auditId: number; page: number; pageSize: number }) => disclosuresPage(db, q.auditId, q.page, q.pageSize),
    /**
     * Recomputes the chain up to the head as it was when the check started (rows appended meanwhile are not looked
     * at), from the newest purge checkpoint on (its through_hash is the first remaining row's link) and the checkpoints
     * as a chain of their own; names the first row (or checkpoint) that does not match.
     */
    verify: async (): Promise<VerifyResult> => (await verifyWithAnchors(db, [], now)).chain,
    /** The current anchor (ADR 0025), or null while the log is empty. */
    anchor: (): Promise<AuditAnchor | null> => takeAnchor(db, now),
    /** Checks one anchor: its row, its hash and the chain from there to the head (in pages); or against the checkpoint that purged its row. */
    checkAnchor: (a: AnchorClaim): Promise<AnchorCheck> => checkAnchor(db, a, now),
    /** The whole chain and every given anchor in one pass (the operator's `renxing audit verify --anchor …`). */
    verifyWithAnchors: (anchors: AnchorClaim[]) => verifyWithAnchors(db, anchors, now),
    /**
     * The audit purge (ADR 0030): rows older than `retentionDays` (at least 180) go as a prefix of the chain, after a
     * checkpoint and with an audit row in the same transaction. `dryRun` only counts. Called by the retention job.
     */
    purge: (actor: AuditActor, o: PurgeOptions): Promise<PurgeResult> => purge.run(actor, o),
    /** Purge checkpoints, newest first (counts, ids, times and hashes only). */
    async checkpoints(q: { page: number; pageSize: number }): Promise<{ items: AuditCheckpoint[]; total: number; page: number; pageSize: number }> {
      const total = Number((await db.selectFrom('audit_checkpoints').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      return { items: rows.map(checkpointFromDb), total, page: q.page, pageSize: q.pageSize };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
