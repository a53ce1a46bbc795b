import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from './dialect';
import type { Statement } from './statements';
import type { WalSync } from './wal-sync';

type Item = {
  fn: (trx: Transaction<any>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  result?: unknown;
  ok?: boolean;
  error?: unknown;
};

/** Statistics for /metrics. */
export type WriteQueueStats = { batches: number; items: number; failedBatches: number; maxBatch: number };

/**
 * Group commit. Concurrent writes are queued and executed one after another inside ONE transaction, each in its own
 * savepoint (a failing item rolls back only itself). Every caller is acknowledged only after that transaction
 * committed, so a durable commit (fsync) is shared by the whole batch instead of paid per request.
 * Callers must do slow work (hashing, parsing, I/O) before `run`, never inside `fn`.
 */
export class WriteQueue {
  private queue: Item[] = [];
  private flushing = false;
  private scheduled = false;
  /** Linger bookkeeping: when the pending batch started waiting, and its size at the previous event-loop turn. */
  private lingerStart = 0;
  private lingerSeen = 0;
  private idle: Array<() => void> = [];
  /** Committed batches still waiting for their WAL sync (ADR 0042). */
  private syncing = 0;
  /** Savepoint statements (they run twice per item in every multi-item batch, so they skip Kysely; see statements.ts). */
  private readonly sp: { savepoint: Statement; release: Statement; rollbackTo: Statement };
  readonly stats: WriteQueueStats = { batches: 0, items: 0, failedBatches: 0, maxBatch: 0 };

  /**
   * @param maxBatch largest number of writes in one transaction.
   * @param maxLingerMs how long the oldest queued write may wait for more writes to join its commit (see `tick`).
   * @param walSync on SQLite with `synchronous=NORMAL`: the WAL sync each committed batch waits for before its callers
   *   are resolved (ADR 0042). The next batch is built and committed while that sync runs on the thread pool.
   */
  constructor(
    private readonly db: Kysely<any>,
    private readonly dialect: Dialect,
    statement: (text: string) => Statement,
    private readonly maxBatch = 512,
    private readonly maxLingerMs = 2,
    private readonly walSync: WalSync | null = null,
  ) {
    this.sp = { savepoint: statement('savepoint rx_item'), release: statement('release savepoint rx_item'), rollbackTo: statement('rollback to savepoint rx_item') };
  }

  /** Runs `fn` in the next group-committed transaction; resolves with its result after COMMIT. */
  run<T>(fn: (trx: Transaction<any>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is queued, in flight or waiting for its WAL sync. */
  drain(): Promise<void> {
    if (!this.flushing && this.queue.length === 0 && this.syncing === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private schedule() {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    this.lingerStart = performance.now();
    this.lingerSeen = this.queue.length;
    // setImmediate lets requests that are already readable enqueue first, which is what forms a batch.
    setImmediate(this.tick);
  }

  /**
   * Group-commit linger. On SQLite a commit blocks the event loop (with SQLite's own fsync when the WAL sync of ADR 0042
   * is off; the frames' write() calls either way), so no request is read while it
   * runs and the next batch holds only what arrived in the meantime; under load that degenerates into many tiny
   * commits. So: while writes keep arriving (the queue grew during the last event-loop turn) and the oldest has waited
   * less than `maxLingerMs`, give the loop one more turn to read them. A lone write is still committed on the first turn.
   */
  private readonly tick = () => {
    const n = this.queue.length;
    if (n > this.lingerSeen && n < this.maxBatch && performance.now() - this.lingerStart < this.maxLingerMs) {
      this.lingerSeen = n;
      setImmediate(this.tick);
      return;
    }
    this.scheduled = false;
    void this.flush();
  };

  private async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.runBatch(batch);
      }
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
      else this.settleIdle();
    }
  }

  private settleIdle() {
    if (!this.flushing && this.queue.length === 0 && this.syncing === 0) for (const r of this.idle.splice(0)) r();
  }

  private async runBatch(batch: Item[]) {
    this.stats.batches++;
    this.stats.items += batch.length;
    if (batch.length > this.stats.maxBatch) this.stats.maxBatch = batch.length;
    const single = batch.length === 1;
    const walSync = this.walSync;
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const item of batch) {
          if (single) {
            // One item: no savepoint needed; a failure rolls back the whole (single-item) transaction.
            item.result = await item.fn(trx);
            item.ok = true;
            continue;
          }
          const { savepoint, release, rollbackTo } = this.sp;
          await savepoint.run(trx);
          try {
            item.result = await item.fn(trx);
            item.ok = true;
            await release.run(trx);
          } catch (err) {
            item.ok = false;
            item.error = err;
            await rollbackTo.run(trx);
            await release.run(trx);
          }
        }
        // The COMMIT that follows is made durable by walSync.barrier() below, not synchronously (ADR 0042).
        walSync?.expectGroupCommit();
      });
    } catch (err) {
      this.stats.failedBatches++;
      for (const item of batch) item.reject(item.ok === false ? item.error : err);
      return;
    } finally {
      walSync?.clearGroupCommit();
    }
    // A failed item is told only once its batch has committed: a write that lost a unique-key race to another item of
    // the same batch then reads the winner's row (committed by now) instead of finding nothing.
    for (const item of batch) if (item.ok === false) item.reject(item.error);
    if (!walSync) {
      for (const item of batch) if (item.ok) item.resolve(item.result);
      return;
    }
    // Committed, not yet durable: acknowledge after the WAL sync, and let `flush` go on with the next batch meanwhile.
    this.syncing++;
    walSync.barrier().then(
      () => {
        for (const item of batch) if (item.ok) item.resolve(item.result);
      },
      (err: unknown) => {
        this.stats.failedBatches++;
        for (const item of batch) if (item.ok) item.reject(err);
      },
    ).finally(() => {
      this.syncing--;
      this.settleIdle();
    });
  }

  /** The dialect this queue writes to (exposed for adapters that need row locks). */
  get dialectName() {
    return this.dialect.name;
  }
}
