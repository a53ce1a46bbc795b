// Group commit: writes share a transaction, each isolated in a savepoint, acknowledged only after COMMIT; writes that
// keep arriving over consecutive event-loop turns join the pending commit (linger), for at most maxLingerMs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT, TEST_PG_URL } from '../../../test/harness';
import { tempDataDir } from '../../../test/reliability/server-process';
import { type Database, openDatabase } from './database';
import { WriteQueue } from './write-queue';

let database: Database;
let dir: string;
const schema = `t_wq_${crypto.randomBytes(5).toString('hex')}`;

beforeAll(async () => {
  dir = tempDataDir('wq');
  database = await openDatabase(
    TEST_DIALECT === 'postgres' ? { url: TEST_PG_URL, pgSchema: schema } : { url: null, sqlitePath: path.join(dir, 'wq.db') },
  );
  await database.db.schema.createTable('items').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('n', 'integer').execute();
});
afterAll(async () => {
  if (TEST_DIALECT === 'postgres') await database.pool!.query(`drop schema ${schema} cascade`);
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string) => (trx: Transaction<any>) => trx.insertInto('items').values({ id, n: 1 }).execute().then(() => id);

/** Counts a row through a connection other than the queue's: what a crash-restarted server or another node would see. */
async function visibleElsewhere(id: string): Promise<number> {
  if (database.sqlite) {
    const other = new SqliteDatabase(path.join(dir, 'wq.db'), { readonly: true });
    try {
      return Number(other.prepare('select count(*) from items where id = ?').pluck().get(id));
    } finally {
      other.close();
    }
  }
  const c = await database.pool!.connect();
  try {
    return Number((await c.query(`select count(*) as n from ${schema}.items where id = $1`, [id])).rows[0].n);
  } finally {
    c.release();
  }
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe(`WriteQueue (${TEST_DIALECT})`, () => {
  it('acknowledges a write only once it is committed and visible to other connections', async () => {
    const id = crypto.randomUUID();
    const seen = await database.writes.run(async (trx) => {
      await insert(id)(trx);
      return visibleElsewhere(id); // inside the transaction: not yet visible
    });
    expect(seen).toBe(0);
    expect(await visibleElsewhere(id)).toBe(1);
  });

  it('isolates a failing write in its savepoint: the others in the batch commit', async () => {
    const before = database.writes.stats.batches;
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const results = await Promise.allSettled([
      database.writes.run(insert(ids[0]!)),
      database.writes.run(async (trx) => {
        await insert(ids[1]!)(trx);
        throw new Error('boom');
      }),
      database.writes.run(insert(ids[2]!)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('boom');
    expect(database.writes.stats.batches - before).toBe(1);
    expect(await Promise.all(ids.map(visibleElsewhere))).toEqual([1, 0, 1]);
  });

  it('tells a write that lost a unique-key race in its own batch only after that batch committed: the winner is visible then', async () => {
    const before = database.writes.stats.batches;
    const id = crypto.randomUUID();
    // Two copies of one device event in one batch: the second hits the primary key; when it is told, it looks for the
    // stored row from another connection (what a duplicate-tolerant handler does) and must find it.
    const results = await Promise.allSettled([
      database.writes.run(insert(id)),
      database.writes.run(insert(id)).catch(async (e: unknown) => ({ lost: String((e as Error).message), seen: await visibleElsewhere(id) })),
    ]);
    expect(database.writes.stats.batches - before).toBe(1);
    expect(results[0]).toEqual({ status: 'fulfilled', value: id });
    const loser = (results[1] as PromiseFulfilledResult<{ lost: string; seen: number }>).value;
    expect(loser.lost).toMatch(/unique|UNIQUE|duplicate key/);
    expect(loser.seen).toBe(1);
  });

  it('keeps a commit open while writes arrive on consecutive event-loop turns (linger)', async () => {
    const q = new WriteQueue(database.db, database.dialect, database.statement, 512, 10_000);
    const ids = Array.from({ length: 8 }, () => crypto.randomUUID());
    // Two writes in the first turn (as when several requests are read at once), then one more on each later turn.
    const pending = [q.run(insert(ids[0]!)), q.run(insert(ids[1]!))];
    for (const id of ids.slice(2)) {
      await nextTurn();
      pending.push(q.run(insert(id)));
    }
    expect(await Promise.all(pending)).toEqual(ids);
    expect(q.stats).toMatchObject({ batches: 1, items: 8, maxBatch: 8 });
  });

  it('stops lingering after maxLingerMs even if writes keep coming', async () => {
    const q = new WriteQueue(database.db, database.dialect, database.statement, 512, 5);
    let stop = false;
    let firstDone = false;
    let arrivedAfterFirst = 0;
    const first = q.run(insert(crypto.randomUUID())).then(() => (firstDone = true));
    const pending: Promise<unknown>[] = [q.run(insert(crypto.randomUUID()))];
    const stream = (async () => {
      while (!stop) {
        await nextTurn();
        pending.push(q.run(insert(crypto.randomUUID())));
        if (firstDone) arrivedAfterFirst++;
        if (arrivedAfterFirst >= 3) stop = true;
      }
    })();
    await first;
    await stream;
    await Promise.all(pending);
    // The first write was acknowledged while the stream of writes was still running, i.e. the linger was cut off.
    expect(arrivedAfterFirst).toBeGreaterThanOrEqual(3);
    expect(q.stats.batches).toBeGreaterThan(1);
  });

  it('commits a lone write without waiting for company', async () => {
    const q = new WriteQueue(database.db, database.dialect, database.statement, 512, 60_000);
    const id = crypto.randomUUID();
    await q.run(insert(id)); // would hang for a minute if the linger waited for the time limit
    expect(q.stats).toMatchObject({ batches: 1, items: 1 });
  });

  it('never puts more than maxBatch writes in one transaction', async () => {
    const q = new WriteQueue(database.db, database.dialect, database.statement, 4, 10_000);
    await Promise.all(Array.from({ length: 10 }, () => q.run(insert(crypto.randomUUID()))));
    expect(q.stats.maxBatch).toBe(4);
    expect(q.stats.batches).toBe(3);
  });
});

describe.skipIf(TEST_DIALECT === 'postgres')('SQLite statement cache', () => {
  it('prepares a repeated query once', async () => {
    const raw = database.sqlite!;
    const original = raw.prepare.bind(raw);
    let prepared = 0;
    raw.prepare = ((sql: string) => {
      prepared++;
      return original(sql);
    }) as typeof raw.prepare;
    try {
      for (let i = 0; i < 10; i++) await database.db.selectFrom('items').select('id').where('n', '=', 12345).execute();
    } finally {
      raw.prepare = original as typeof raw.prepare;
    }
    expect(prepared).toBe(1);
  });

  it('sees schema changes through a cached statement', async () => {
    const sel = () => database.db.selectFrom('items').selectAll().limit(1).execute();
    expect(Object.keys((await sel())[0]!)).toEqual(['id', 'n']);
    await database.db.schema.alterTable('items').addColumn('extra', 'text', (c) => c.defaultTo('x')).execute();
    expect((await sel())[0]).toMatchObject({ extra: 'x' });
  });
});
