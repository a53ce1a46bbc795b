import fs from 'node:fs';

/** Thrown (and sticky) once a WAL sync failed: acknowledged durability can no longer be promised (ADR 0042). */
export class WalSyncError extends Error {
  readonly code = 'storage_unavailable';
}

/** Counters for /metrics and tests. */
export type WalSyncStats = {
  /** fdatasync calls started on the libuv thread pool (each covers every commit written before it started). */
  started: number;
  /** fdatasync calls that completed successfully. */
  completed: number;
  /** Synchronous syncs after a commit that did not come through the group-commit queue (ADR 0042). */
  inline: number;
};

type Waiters = { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void };
const waiters = (): Waiters => {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/**
 * Durable commits without blocking the event loop (ADR 0042). The SQLite connection runs `synchronous=NORMAL` in WAL
 * mode — commits write their frames to the WAL (into the OS page cache) but do not fsync — and this class makes those
 * frames durable before anyone is told: `barrier()` resolves once an `fdatasync` of the WAL file that STARTED after the
 * call has completed. The fdatasync runs on libuv's thread pool, so the JavaScript thread goes on reading and
 * committing the next batch meanwhile; concurrent callers share one sync (at most one runs; callers arriving while it
 * runs wait for the next, because the running one may have started before their frames were written).
 *
 * fsync flushes the file (the inode), whichever descriptor wrote it, so a descriptor of our own on the `-wal` file
 * covers SQLite's writes. SQLite keeps the WAL file (same inode) while the connection is open; checkpoints with
 * `synchronous=NORMAL` still sync the WAL and the database file themselves, and WAL mode with NORMAL is documented as
 * safe from corruption — this adds the durability of every acknowledged commit on top.
 *
 * A failed fdatasync is sticky: the kernel may have dropped the dirty pages it could not write, so a later "successful"
 * sync would prove nothing (the PostgreSQL "fsyncgate" lesson). Every waiting and later caller gets WalSyncError and
 * the process must be restarted (recovery reads the WAL as it is on disk).
 */
export class WalSync {
  private readonly fd: number;
  private running = false;
  private next: Waiters | null = null;
  private failure: WalSyncError | null = null;
  private groupCommitPending = false;
  private closed = false;
  private idle: Array<() => void> = [];
  readonly stats: WalSyncStats = { started: 0, completed: 0, inline: 0 };

  /**
   * @param walPath the database's `-wal` file (created empty if SQLite has not created it yet; an empty WAL is valid).
   * @param fdatasync the sync call (node's by default; tests wrap it to hold or fail a sync).
   */
  constructor(walPath: string, private readonly fdatasync: (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => void = fs.fdatasync) {
    fs.closeSync(fs.openSync(walPath, 'a'));
    this.fd = fs.openSync(walPath, 'r');
  }

  /** The sticky failure, if a sync failed (the health check reports it). */
  get failed(): WalSyncError | null {
    return this.failure;
  }

  /** Resolves once everything written to the WAL before this call is on stable storage; rejects with WalSyncError. */
  barrier(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new WalSyncError('the database is closed'));
    const w = (this.next ??= waiters());
    if (!this.running) this.kick();
    return w.promise;
  }

  /** The group-commit queue calls this just before its COMMIT: that commit is made durable by `barrier()`, not inline. */
  expectGroupCommit(): void {
    this.groupCommitPending = true;
  }

  /** Clears a pending `expectGroupCommit` (the queue's transaction failed before or during COMMIT). */
  clearGroupCommit(): void {
    this.groupCommitPending = false;
  }

  /**
   * Called after a statement that ended a transaction or wrote in autocommit mode. The group-commit queue's own COMMIT
   * is skipped (its callers wait on `barrier()`); any other commit — a write outside the queue, a migration, an
   * index build — is synced here, synchronously, exactly as `synchronous=FULL` would have done inside SQLite.
   */
  committed(): void {
    if (this.groupCommitPending) {
      this.groupCommitPending = false;
      return;
    }
    if (this.failure) throw this.failure;
    if (this.closed) return;
    try {
      fs.fdatasyncSync(this.fd);
      this.stats.inline++;
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** Waits for a running sync, then closes the descriptor (call before closing the SQLite connection). */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.running || this.next) await new Promise<void>((r) => this.idle.push(r));
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private kick() {
    const w = this.next!;
    this.next = null;
    this.running = true;
    this.stats.started++;
    this.fdatasync(this.fd, (err) => {
      this.running = false;
      if (err) {
        const e = this.fail(err);
        w.reject(e);
        this.next?.reject(e);
        this.next = null;
      } else {
        this.stats.completed++;
        w.resolve();
        if (this.next) this.kick();
      }
      if (!this.running) for (const r of this.idle.splice(0)) r();
    });
  }

  private fail(err: unknown): WalSyncError {
    this.failure ??= new WalSyncError(`WAL fdatasync failed (${(err as NodeJS.ErrnoException)?.code ?? String(err)}); acknowledged writes can no longer be made durable — restart the server`);
    return this.failure;
  }
}
