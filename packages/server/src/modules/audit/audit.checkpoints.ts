// Purge checkpoints of the audit chain (ADR 0030, SECURITY.md §6.3). A checkpoint records which prefix of the chain the
// purge job removed — through which row, that row's hash (the chain's new genesis), how many rows and which times — and
// is itself hash-chained to the previous checkpoint. Reading and checking them needs nothing else of the audit module.
import type { Kysely } from 'kysely';
import { sha256 } from '../../platform/ids';

/** Audit rows are kept at least this long (Cybersecurity Law Art. 21: network logs at least six months). */
export const AUDIT_RETENTION_FLOOR_DAYS = 180;
/** Default retention of audit rows (RENXING_AUDIT_RETENTION_DAYS): 3 years, the PIPL Art. 56 processing records. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 1095;

const DAY = 86400_000;
const GENESIS = '0'.repeat(64);

export type AuditCheckpoint = {
  /** Checkpoint number, 1, 2, … */
  seq: number;
  /** The last purged row: every row with id ≤ throughId is gone (or going) once the checkpoint exists. */
  throughId: number;
  /** That row's chain hash — the first remaining row's prev_hash. */
  throughHash: string;
  /** Rows this checkpoint purged (the ids after the previous checkpoint's throughId, up to this one's). */
  rowsPurged: number;
  /** Time of the oldest and the newest purged row (the rows' own `ts`). */
  oldestTs: string;
  newestTs: string;
  /** When the purge wrote the checkpoint. */
  createdAt: string;
  /** Who ran the purge: `system:cli`, or null for the scheduled job. */
  actor: string | null;
  /** The installation (first 16 hex digits of row 1's hash, ADR 0025), kept here since row 1 is gone. */
  installation: string;
  prevHash: string;
  hash: string;
};

/** The exact text hashed for a checkpoint: fixed order. */
export function canonicalCheckpoint(c: Omit<AuditCheckpoint, 'hash' | 'prevHash'>): string {
  return JSON.stringify([c.seq, c.throughId, c.throughHash, c.rowsPurged, c.oldestTs, c.newestTs, c.createdAt, c.actor, c.installation]);
}

/** hash = SHA-256(prev_hash || canonical checkpoint), chained from 64 zeros. */
export function checkpointHash(prevHash: string, c: Omit<AuditCheckpoint, 'hash' | 'prevHash'>): string {
  return sha256(prevHash + canonicalCheckpoint(c));
}

export function checkpointFromDb(r: any): AuditCheckpoint {
  return {
    seq: Number(r.seq), throughId: Number(r.through_id), throughHash: r.through_hash, rowsPurged: Number(r.rows_purged), oldestTs: r.oldest_ts,
    newestTs: r.newest_ts, createdAt: r.created_at, actor: r.actor ?? null, installation: r.installation, prevHash: r.prev_hash, hash: r.hash,
  };
}

/** The newest checkpoint (where the stored chain now starts), or null when nothing was ever purged. */
export async function newestCheckpoint(db: Kysely<any>): Promise<AuditCheckpoint | null> {
  const r = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? checkpointFromDb(r) : null;
}

/** The checkpoint that purged row `id`: the first one whose throughId is at or above it (null: not purged). */
export async function checkpointCovering(db: Kysely<any>, id: number): Promise<AuditCheckpoint | null> {
  const r = await db.selectFrom('audit_checkpoints').selectAll().where('through_id', '>=', id).orderBy('through_id').limit(1).executeTakeFirst();
  return r ? checkpointFromDb(r) : null;
}

/**
 * What is wrong with a checkpoint: the numbers are not 1, 2, … (`missing_checkpoint`), it does not link to the previous
 * one or its hash does not match, its range does not continue the previous one or its row count does not match the
 * ids it covers (`bad_range`), it names another installation, or it purged rows younger than the 180-day floor at the
 * time it was written (`too_young`).
 */
export type CheckpointBreak = {
  seq: number;
  reason: 'missing_checkpoint' | 'broken_link' | 'hash_mismatch' | 'bad_range' | 'installation' | 'too_young';
};

/** Recomputes the checkpoint chain (in pages); names the first checkpoint that does not hold. */
export async function verifyCheckpoints(db: Kysely<any>): Promise<{ ok: boolean; checked: number; newest: AuditCheckpoint | null; broken: CheckpointBreak | null }> {
  let prev: AuditCheckpoint | null = null;
  let broken: CheckpointBreak | null = null;
  let checked = 0;
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('audit_checkpoints').selectAll().where('seq', '>', after).orderBy('seq').limit(1000).execute();
    if (rows.length === 0) break;
    for (const raw of rows) {
      const c = checkpointFromDb(raw);
      checked++;
      if (!broken) {
        const { hash, prevHash, ...body } = c;
        const prevThrough = prev?.throughId ?? 0;
        const reason: CheckpointBreak['reason'] | null =
          c.seq !== checked ? 'missing_checkpoint'
            : prevHash !== (prev?.hash ?? GENESIS) ? 'broken_link'
              : checkpointHash(prevHash, body) !== hash ? 'hash_mismatch'
                : c.throughId <= prevThrough || c.rowsPurged !== c.throughId - prevThrough || c.oldestTs > c.newestTs ? 'bad_range'
                  : prev && c.installation !== prev.installation ? 'installation'
                    : Date.parse(c.createdAt) - Date.parse(c.newestTs) < AUDIT_RETENTION_FLOOR_DAYS * DAY || Number.isNaN(Date.parse(c.newestTs)) ? 'too_young'
                      : null;
        if (reason) broken = { seq: c.seq, reason };
      }
      prev = c;
    }
    after = Number(rows[rows.length - 1]!.seq);
  }
  return { ok: broken === null, checked, newest: prev, broken };
}
