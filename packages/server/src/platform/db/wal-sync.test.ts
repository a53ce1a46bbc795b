// ADR 0042: on SQLite a group-committed batch is acknowledged only after an fdatasync of the WAL that started after
// its COMMIT, run on the thread pool; commits outside the queue are synced inline; a failed sync is sticky.
// The sync is node's real fdatasync; the tests only hold it back (a gate) or make it fail, to observe the order.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Transaction } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../../../test/harness';
import { tempDataDir } from '../../../test/reliability/server-process';
import { type Database, openDatabase } from './database';
import { WalSyncError } from './wal-sync';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

type Held = { cb: (err: NodeJS.ErrnoException | null) => void; fd: number };

/** Opens a database whose WAL syncs wait until the test releases them (each then runs node's real fdatasync). */
async function openGated(): Promise<{ d: Database; file: string; held: Held[]; release(): void; fail(): void }> {
  const dir = tempDataDir('walsync');
  dirs.push(dir);
  const file = path.join(dir, 'w.db');
  const held: Held[] = [];
  const d = await openDatabase({ url: null, sqlitePath: file, walFdatasync: (fd, cb) => held.push({ fd, cb }) });
  await d.db.schema.createTable('items').addColumn('id', 'text', (c) => c.primaryKey()).execute();
  return {
    d, file, held,
    release() {
      const h = held.shift()!;
      fs.fdatasync(h.fd, h.cb);
    },
    fail() {
      const h = held.shift()!;
      const err = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }) as NodeJS.ErrnoException;
      h.cb(err);
    },
  };
}

const insert = (id: string) => (trx: Transaction<any>) => trx.insertInto('items').values({ id }).execute().then(() => id);

/** Whether the row is committed: read through a second connection, as another process would after a crash. */
function committed(file: string, id: string): boolean {
  const other = new SqliteDatabase(file, { readonly: true });
  try {
    return other.prepare('select count(*) from items where id = ?').pluck().get(id) === 1;
  } finally {
    other.close();
  }
}

/** Tracks whether a promise has settled, without awaiting it. */
function track<T>(p: Promise<T>) {
  const s = { done: false, error: null as unknown, value: undefined as T | undefined };
  p.then((v) => {
    s.done = true;
    s.value = v;
  }, (e: unknown) => {
    s.done = true;
    s.error = e;
  });
  return s;
}

async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe.skipIf(TEST_DIALECT === 'postgres')('WAL sync before acknowledgement (ADR 0042)', () => {
  it('runs the connection at NORMAL and says that the WAL is synced before acknowledgement', async () => {
    const { d } = await openGated();
    expect(d.sqlite!.pragma('synchronous', { simple: true })).toBe(1);
    expect(d.durability).toBe('journal_mode=wal, synchronous=1(NORMAL) + WAL fdatasync before acknowledgement');
    expect(d.walSync).not.toBeNull();
    await d.close();
  });

  it('acknowledges a committed write only after a WAL fdatasync that started after its commit', async () => {
    const { d, file, held, release } = await openGated();
    const a = track(d.writes.run(insert('a')));
    await until(() => held.length === 1, 'the WAL sync of the first batch');
    expect(committed(file, 'a')).toBe(true); // committed…
    await turns();
    expect(a.done).toBe(false); // …but not acknowledged while its sync is held
    release();
    await until(() => a.done, 'the acknowledgement');
    expect(a.error).toBeNull();
    expect(a.value).toBe('a');
    expect(d.walSync!.stats).toMatchObject({ started: 1, completed: 1 });
    await d.close();
  });

  it('commits the next batch while a sync runs, and acknowledges it only after the next sync', async () => {
    const { d, file, held, release } = await openGated();
    const a = track(d.writes.run(insert('a')));
    await until(() => held.length === 1, 'sync 1');
    // The event loop is free during sync 1: the next write is committed at once, but sync 1 may have started before
    // its frames were written, so it must wait for sync 2.
    const b = track(d.writes.run(insert('b')));
    await until(() => committed(file, 'b'), 'the second commit');
    await turns();
    expect(held).toHaveLength(1); // one sync at a time
    release();
    await until(() => a.done, 'the first acknowledgement');
    await until(() => held.length === 1, 'sync 2');
    await turns();
    expect(b.done).toBe(false);
    release();
    await until(() => b.done, 'the second acknowledgement');
    expect(b.error).toBeNull();
    expect(d.walSync!.stats).toMatchObject({ started: 2, completed: 2 });
    await d.close();
  });

  it('shares one sync among the writes of concurrent batches waiting for it', async () => {
    const { d, held, release } = await openGated();
    const first = track(d.writes.run(insert('first')));
    await until(() => held.length === 1, 'sync 1');
    const later = Array.from({ length: 40 }, (_, i) => track(d.writes.run(insert(`w${i}`))));
    await until(() => d.writes.stats.items === 41, 'the later writes to commit');
    release();
    await until(() => first.done && held.length === 1, 'sync 2');
    release();
    await until(() => later.every((w) => w.done), 'all acknowledgements');
    expect(later.every((w) => w.error === null)).toBe(true);
    expect(d.walSync!.stats.started).toBe(2); // 41 writes, however many batches, two syncs
    await d.close();
  });

  it('fails the waiting writes and every later one when a sync fails (sticky), and the health flag says so', async () => {
    const { d, held, fail } = await openGated();
    const a = track(d.writes.run(insert('a')));
    await until(() => held.length === 1, 'the sync');
    fail();
    await until(() => a.done, 'the rejection');
    expect(a.error).toBeInstanceOf(WalSyncError);
    expect((a.error as WalSyncError).code).toBe('storage_unavailable');
    expect(String((a.error as Error).message)).toMatch(/EIO.*restart the server/);
    // A later "successful" fdatasync would prove nothing about the pages the failed one could not write.
    await expect(d.writes.run(insert('b'))).rejects.toBeInstanceOf(WalSyncError);
    expect(held).toHaveLength(0);
    expect(d.walSync!.failed).toBeInstanceOf(WalSyncError);
    await d.close();
  });

  it('syncs a commit outside the group-commit queue inline, once per commit, and leaves the queue\'s commits to the barrier', async () => {
    const { d, held, release } = await openGated();
    const stats = d.walSync!.stats;
    const before = stats.inline;
    await d.db.insertInto('items').values({ id: 'autocommit' }).execute();
    expect(stats.inline).toBe(before + 1);
    await d.db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 'tx-1' }).execute();
      await trx.insertInto('items').values({ id: 'tx-2' }).execute();
      expect(stats.inline).toBe(before + 1); // not while the transaction is open
    });
    expect(stats.inline).toBe(before + 2);
    await d.db.selectFrom('items').selectAll().execute();
    expect(stats.inline).toBe(before + 2); // reads sync nothing
    const q = d.writes.run(insert('queued'));
    await until(() => held.length === 1, 'the queue\'s sync');
    expect(stats.inline).toBe(before + 2);
    release();
    await q;
    await d.close();
  });

  it('keeps SQLite\'s own fsync inside COMMIT with sqliteCommitSync=inline, and for in-memory databases', async () => {
    const dir = tempDataDir('walsync');
    dirs.push(dir);
    const inline = await openDatabase({ url: null, sqlitePath: path.join(dir, 'i.db'), sqliteCommitSync: 'inline' });
    expect(inline.walSync).toBeNull();
    expect(inline.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
    expect(inline.durability).toBe('journal_mode=wal, synchronous=2(FULL)');
    await inline.close();
    const memory = await openDatabase({ url: null });
    expect(memory.walSync).toBeNull();
    expect(memory.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
    await memory.close();
  });
});
