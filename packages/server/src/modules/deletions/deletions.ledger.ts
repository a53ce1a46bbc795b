import { z } from 'zod';
import type { AppendOnlyFile } from '../../platform/append-only-file';
import type { Platform } from '../../platform/context';
import { type AuditActor, systemActor } from '../audit';
import type { SecurityAlertsService } from '../security-alerts';

/**
 * The erasure ledger (ADR 0043): a restore brings back an older database, and with it everyone erased since the backup
 * was taken. Backups cannot be edited, so every erase decision is also written — after its transaction committed — as
 * one line of an append-only file outside the database; after a restore (`renxing restore`, `renxing erasures reapply`,
 * and at every start) each line whose effect is missing again is applied once more.
 *
 * A line holds ids, the scope, the certificate's number and hash and the decision time — never a name, an ID or phone
 * number: the file outlives the data it points at.
 */
export type ErasureLedgerEntry = {
  requestId: string; residentId: string; scope: 'care_tags' | 'record'; certificateSeq: number; certificateHash: string; decidedAt: string;
};

const Entry = z.object({
  requestId: z.string().min(1).max(100), residentId: z.string().min(1).max(100), scope: z.enum(['care_tags', 'record']), certificateSeq: z.number().int().min(1),
  certificateHash: z.string().regex(/^[0-9a-f]{64}$/), decidedAt: z.iso.datetime({ offset: true }),
});

/**
 * A pruning mark (ADR 0043): lines of erasures decided before `prunedBefore` were removed because no backup older than
 * that remains; certificates older than the newest mark are not added back from the database.
 */
const PruneMark = z.strictObject({ prunedBefore: z.iso.datetime({ offset: true }) });

/** Who re-applies erasures: the certificate's `actor` and the audit rows' actor. */
export const ERASURE_LEDGER_ACTOR_ID = 'system:erasure-ledger';
export const erasureLedgerActor = (): AuditActor => systemActor(ERASURE_LEDGER_ACTOR_ID);

/** What started a re-application (named in its audit rows). */
export type ReapplyTrigger = 'restore' | 'cli' | 'startup';

/**
 * Ledger entries checked, erasures applied again (with their new certificates), lines added from the database's
 * certificates (`backfilled`), ledger lines that could not be read.
 */
export type ReapplyResult = {
  checked: number;
  reapplied: number;
  backfilled: number;
  invalidLines: number[];
  items: Array<{ requestId: string; scope: ErasureLedgerEntry['scope']; certificateSeq: number; certificateHash: string }>;
};

/**
 * What `erasures prune` did (or, with `dryRun`, would do): erasure lines kept, removed (decided before the cutoff and in
 * force), and kept although decided before the cutoff because the erasure is not in force in this database
 * (`notInForce`; run `renxing erasures reapply`). Unreadable lines are kept as they are and listed.
 */
export type PruneResult = { cutoff: string; kept: number; removed: number; notInForce: number; dryRun: boolean; invalidLines: number[]; carried: number };

/** The least age of a pruning cutoff: restoring yesterday's backup is the common case. */
export const PRUNE_MIN_AGE_MS = 24 * 3600_000;

/** The security alert kind raised when a ledger line could not be written. */
export const LEDGER_ALERT_KIND = 'erasure_ledger_failed';

export function createErasureLedger(p: Platform, file: Pick<AppendOnlyFile, 'file' | 'append' | 'read' | 'snapshot' | 'rewrite'>, alerts: Pick<SecurityAlertsService, 'raise'>) {
  const { logger, metrics, clock, database } = p;
  return {
    file: file.file,

    /**
     * Appends the line of a committed erase decision. Never throws: the erasure stands whatever happens here. A failure
     * is logged at error level with the line to add by hand, counted (`erasure_ledger_append_failures_total`) and raised
     * as a high security alert (in its own transaction; if even that fails, it is logged too).
     */
    async record(entry: ErasureLedgerEntry, about: { actorId: string | null; orgPath: string | null }): Promise<boolean> {
      try {
        file.append(entry);
        return true;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        logger.error(
          { err: { message }, ledger: file.file, line: JSON.stringify(entry) },
          'ERASURE LEDGER NOT WRITTEN: the erasure is committed, but a restore of an older backup would bring the data back. Fix the file and append the line given here',
        );
        metrics.counter('erasure_ledger_append_failures_total', 'Erase decisions whose erasure-ledger line could not be written (ADR 0043)');
        try {
          await database.writes.run((trx) => alerts.raise(trx, {
            kind: LEDGER_ALERT_KIND, severity: 'high', actorId: about.actorId, orgPath: about.orgPath, objectType: 'deletion_request', objectId: entry.requestId,
            details: { certificateSeq: entry.certificateSeq, error: message.slice(0, 200) }, at: clock.now(),
          }));
        } catch (e2) {
          logger.error({ err: { message: e2 instanceof Error ? e2.message : String(e2) }, requestId: entry.requestId }, 'erasure ledger: the security alert could not be raised either');
        }
        return false;
      }
    },

    /**
     * Appends the line of an erase decision the database certifies but the ledger lacks (a crash between commit and
     * append, a failed append, a decision from before the ledger existed). Logged; false when it could not be written.
     */
    backfill(entry: ErasureLedgerEntry): boolean {
      try {
        file.append(entry);
        logger.warn({ requestId: entry.requestId, certificateSeq: entry.certificateSeq }, 'erasure ledger: added the missing line of a certified erasure');
        return true;
      } catch (e) {
        logger.error({ err: { message: e instanceof Error ? e.message : String(e) }, ledger: file.file, line: JSON.stringify(entry) }, 'ERASURE LEDGER NOT WRITTEN: a certified erasure is missing from the ledger');
        metrics.counter('erasure_ledger_append_failures_total', 'Erase decisions whose erasure-ledger line could not be written (ADR 0043)');
        return false;
      }
    },

    /**
     * The ledger's valid lines (one per request and scope, the first), the newest pruning mark (null: never pruned), and
     * the numbers of the lines it could not read.
     */
    read(): { entries: ErasureLedgerEntry[]; prunedBefore: string | null; invalidLines: number[] } {
      const { entries, invalid } = file.read();
      const out: ErasureLedgerEntry[] = [];
      const seen = new Set<string>();
      const invalidLines = [...invalid];
      let prunedBefore: string | null = null;
      for (const { line, value } of entries) {
        const mark = PruneMark.safeParse(value);
        if (mark.success) {
          const at = new Date(mark.data.prunedBefore).toISOString();
          if (!prunedBefore || at > prunedBefore) prunedBefore = at;
          continue;
        }
        const r = Entry.safeParse(value);
        if (!r.success) {
          invalidLines.push(line);
          continue;
        }
        const key = `${r.data.requestId} ${r.data.scope}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(r.data);
      }
      return { entries: out, prunedBefore, invalidLines: invalidLines.sort((a, b) => a - b) };
    },

    /**
     * Removes the lines of erasures decided before `cutoff` that are in force (`inForce`), and adds a pruning mark
     * (`{"prunedBefore":cutoff}`, the newest of the old marks and this one, which replaces them) so the certificates of
     * the removed lines are not added back. Lines not in force, lines at or after the cutoff and unreadable lines stay
     * byte for byte. The file is replaced atomically; lines appended meanwhile are kept (`rewriteAtomically`).
     */
    async prune(cutoff: Date, inForce: (e: ErasureLedgerEntry) => Promise<boolean>, dryRun: boolean): Promise<PruneResult> {
      const iso = cutoff.toISOString();
      const snap = file.snapshot();
      const lines = snap.text.split('\n');
      const drop = new Set<number>();
      const invalidLines = [...snap.invalid];
      let kept = 0;
      let removed = 0;
      let notInForce = 0;
      let mark = iso;
      for (const { line, value } of snap.entries) {
        const m = PruneMark.safeParse(value);
        if (m.success) {
          const at = new Date(m.data.prunedBefore).toISOString();
          if (at > mark) mark = at;
          drop.add(line);
          continue;
        }
        const r = Entry.safeParse(value);
        if (!r.success) {
          invalidLines.push(line);
          continue;
        }
        if (new Date(r.data.decidedAt).getTime() >= cutoff.getTime()) kept++;
        else if (await inForce(r.data)) {
          removed++;
          drop.add(line);
        } else {
          notInForce++;
          kept++;
        }
      }
      const result = { cutoff: iso, kept, removed, notInForce, dryRun, invalidLines: invalidLines.sort((a, b) => a - b), carried: 0 };
      if (dryRun) return result;
      const next = [...lines.filter((l, i) => l.trim() !== '' && !drop.has(i + 1)), JSON.stringify({ prunedBefore: mark })].join('\n');
      return { ...result, carried: file.rewrite(snap.text, `${next}\n`).carried };
    },
  };
}

export type ErasureLedger = ReturnType<typeof createErasureLedger>;
