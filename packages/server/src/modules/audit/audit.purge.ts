// The audit purge (SECURITY.md §6.3 and test 22, ADR 0030): rows older than the configured retention (at least the
// 180-day floor) are removed as a prefix of the chain — first a checkpoint carrying the last purged row's hash, then
// the rows in chunks. The database triggers (migration 0017) allow nothing else: no UPDATE, no TRUNCATE, and DELETE only
// at or below the newest checkpoint for rows older than 180 days by the database's own clock.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/database';
import {
  AUDIT_RETENTION_FLOOR_DAYS, type AuditCheckpoint, checkpointFromDb, checkpointHash, newestCheckpoint,
} from './audit.checkpoints';
import { attachDisclosures } from './audit.disclosures';
import { type AuditActor, type AuditEntry, type AuditRow, auditRowFromDb, chainHash, GENESIS } from './audit.service';

const DAY = 86400_000;
/** Rows deleted per transaction: a purge never holds the single SQLite writer for long. */
export const AUDIT_PURGE_CHUNK = 1000;
/** Rows read per page while the purged segment is checked. */
const PAGE = 5000;
/**
 * The cutoff is this much earlier than `now − retention`: the database judges the 180-day floor by its own clock, and
 * an application host whose clock runs a little ahead must not have the checkpoint refused for the rows at the edge.
 */
export const CLOCK_MARGIN_MS = 60 * 60_000;
/** PostgreSQL advisory lock serialising purges across app nodes ('RXAP'). */
const PURGE_LOCK = 0x52584150;

export type PurgeOptions = { retentionDays: number; dryRun?: boolean; chunk?: number };

export type PurgeResult = {
  dryRun: boolean;
  /** When the purge started, and the `ts` below which rows were due (now − retention − margin). */
  at: string;
  cutoff: string;
  retentionDays: number;
  /** Rows removed (dry run: would be removed) under the new checkpoint. */
  rows: number;
  /** First and last purged row, and the times of the oldest and newest purged row. */
  fromId: number | null;
  throughId: number | null;
  oldestTs: string | null;
  newestTs: string | null;
  /** The checkpoint written (null: nothing due, a dry run, or refused). */
  checkpoint: AuditCheckpoint | null;
  /** Rows of an earlier purge that had been interrupted after its checkpoint, deleted now. */
  completed: number;
  /** Nothing purged because the segment to purge does not verify: purging it would destroy the evidence. */
  refused: { id: number; reason: string } | null;
};

export class AuditRetentionError extends Error {}

/** The retention must be a whole number of days, at least the 180-day floor. */
export function assertAuditRetention(days: number): void {
  if (!Number.isInteger(days) || days < AUDIT_RETENTION_FLOOR_DAYS) {
    throw new AuditRetentionError(`audit retention of ${days} days refused: audit records are kept at least ${AUDIT_RETENTION_FLOOR_DAYS} days (Cybersecurity Law Art. 21)`);
  }
}

type Plan = {
  last: AuditCheckpoint | null;
  rows: number;
  first: AuditRow | null;
  through: AuditRow | null;
  oldestTs: string | null;
  newestTs: string | null;
  refused: { id: number; reason: string } | null;
};

/**
 * The purge job: `run` removes what is due and certifies it with a checkpoint and an audit row (counts only), `dryRun`
 * (through `run` with `dryRun: true`) says what it would remove and changes nothing.
 */
export function createAuditPurge(
  database: Database, append: (trx: Transaction<any>, actor: AuditActor, e: AuditEntry) => Promise<AuditRow>, now: () => Date,
) {
  const { db, writes, dialect } = database;

  /**
   * Walks from the first row after the newest checkpoint while rows are older than the cutoff, checking each link and
   * hash (a segment that does not verify is not purged). Reads at most the due rows plus one page.
   */
  async function plan(cutoff: string): Promise<Plan> {
    const last = await newestCheckpoint(db);
    const head = await db.selectFrom('audit_head').select('last_id').where('id', '=', 1).executeTakeFirst();
    const headId = Number(head?.last_id ?? 0);
    const p: Plan = { last, rows: 0, first: null, through: null, oldestTs: null, newestTs: null, refused: null };
    let prev = last?.throughHash ?? GENESIS;
    let expected = (last?.throughId ?? 0) + 1;
    for (let after = expected - 1; after < headId; ) {
      const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', after).where('id', '<=', headId).orderBy('id').limit(PAGE).execute();
      if (rows.length === 0) break;
      // A row's disclosures are part of what its hash covers (ADR 0046).
      for (const r of await attachDisclosures(db, rows.map(auditRowFromDb))) {
        if (!(r.ts < cutoff)) return p;
        const { hash, ...rest } = r;
        const broken = r.id !== expected ? { id: expected, reason: 'missing_row' }
          : r.prevHash !== prev ? { id: r.id, reason: 'broken_link' }
            : chainHash(r.prevHash, rest) !== hash ? { id: r.id, reason: 'hash_mismatch' } : null;
        if (broken) return { ...p, refused: broken };
        p.first ??= r;
        p.through = r;
        p.rows++;
        if (p.oldestTs === null || r.ts < p.oldestTs) p.oldestTs = r.ts;
        if (p.newestTs === null || r.ts > p.newestTs) p.newestTs = r.ts;
        prev = hash;
        expected = r.id + 1;
      }
      after = Number(rows[rows.length - 1]!.id);
    }
    return p;
  }

  /**
   * Deletes the rows at or below `throughId` that are still there, `chunk` ids per transaction — each chunk's
   * disclosures (ADR 0046) first, in the same transaction, so no audit row is ever gone while its list stays.
   */
  async function deleteThrough(throughId: number, chunk: number): Promise<number> {
    const min = await db.selectFrom('audit_log').select((eb) => eb.fn.min('id').as('m')).where('id', '<=', throughId).executeTakeFirst();
    if (min?.m == null) return 0;
    let n = 0;
    for (let lo = Number(min.m); lo <= throughId; lo += chunk) {
      const hi = Math.min(lo + chunk - 1, throughId);
      const r = await writes.run(async (trx) => {
        await trx.deleteFrom('audit_disclosures').where('audit_id', '>=', lo).where('audit_id', '<=', hi).execute();
        return trx.deleteFrom('audit_log').where('id', '>=', lo).where('id', '<=', hi).executeTakeFirst();
      });
      n += Number(r.numDeletedRows);
    }
    return n;
  }

  async function run(actor: AuditActor, o: PurgeOptions): Promise<PurgeResult> {
    assertAuditRetention(o.retentionDays);
    const chunk = o.chunk ?? AUDIT_PURGE_CHUNK;
    const at = now();
    const cutoff = new Date(at.getTime() - o.retentionDays * DAY - CLOCK_MARGIN_MS).toISOString();
    const base = { dryRun: !!o.dryRun, at: at.toISOString(), cutoff, retentionDays: o.retentionDays, checkpoint: null, completed: 0, refused: null };

    // An earlier purge stopped after its checkpoint: its rows go first (nothing else may be purged before).
    let completed = 0;
    const last = await newestCheckpoint(db);
    if (last && o.dryRun) {
      completed = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('id', '<=', last.throughId).executeTakeFirstOrThrow()).n);
    } else if (last) {
      completed = await deleteThrough(last.throughId, chunk);
    }
    const p = await plan(cutoff);
    const result: PurgeResult = {
      ...base, completed, rows: p.rows, fromId: p.first?.id ?? null, throughId: p.through?.id ?? null, oldestTs: p.oldestTs, newestTs: p.newestTs,
    };
    if (p.refused) {
      result.refused = p.refused;
      result.rows = 0;
      if (!o.dryRun) {
        await writes.run((trx) => append(trx, actor, {
          action: 'audit_purge', objectType: 'audit_log', objectId: String(p.refused!.id), outcome: 'error', severity: 'high', count: 0,
          reason: `refused: the chain breaks at row ${p.refused!.id} (${p.refused!.reason}); nothing purged`,
        }));
      }
      return result;
    }
    if (o.dryRun || !p.through || !p.first) return result;

    const through = p.through;
    const first = p.first;
    const checkpoint = await writes.run(async (trx) => {
      if (dialect.name === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(PURGE_LOCK)})`.execute(trx);
      const lastRow = await trx.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const last = lastRow ? checkpointFromDb(lastRow) : null;
      // Another node (or the operator's command) purged meanwhile: leave it to the next run.
      if ((last?.seq ?? 0) !== (p.last?.seq ?? 0)) return null;
      const body = {
        seq: (last?.seq ?? 0) + 1, throughId: through.id, throughHash: through.hash, rowsPurged: through.id - (last?.throughId ?? 0),
        oldestTs: p.oldestTs!, newestTs: p.newestTs!, createdAt: now().toISOString(), actor: actor.actorId,
        installation: last?.installation ?? first.hash.slice(0, 16),
      };
      const prevHash = last?.hash ?? GENESIS;
      const cp: AuditCheckpoint = { ...body, prevHash, hash: checkpointHash(prevHash, body) };
      await trx.insertInto('audit_checkpoints').values({
        seq: cp.seq, through_id: cp.throughId, through_hash: cp.throughHash, rows_purged: cp.rowsPurged, oldest_ts: cp.oldestTs, newest_ts: cp.newestTs,
        created_at: cp.createdAt, actor: cp.actor, installation: cp.installation, prev_hash: cp.prevHash, hash: cp.hash,
      }).execute();
      // The ordinary audit row, with the checkpoint in the same transaction: a checkpoint never exists unrecorded.
      await append(trx, actor, {
        action: 'audit_purge', objectType: 'audit_checkpoint', objectId: String(cp.seq), outcome: 'success', count: cp.rowsPurged,
        reason: `checkpoint #${cp.seq}: rows ${first.id}–${cp.throughId} (${cp.oldestTs} – ${cp.newestTs}) purged, older than ${o.retentionDays} days; through hash ${cp.throughHash}`,
      });
      return cp;
    });
    if (!checkpoint) return { ...result, rows: 0, fromId: null, throughId: null, oldestTs: null, newestTs: null };
    const deleted = await deleteThrough(checkpoint.throughId, chunk);
    return { ...result, checkpoint, rows: deleted };
  }

  return { run };
}
