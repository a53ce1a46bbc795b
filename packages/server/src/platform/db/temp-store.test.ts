// SQLite temporary storage (ADR 0012): the server connection keeps the savepoint journals of group-commit items in
// memory (no temporary files written per write); bulk loads and index builds switch to files (withTempFiles) so their
// large sorts and journals spill to disk instead of growing the process. Observed through the process's open file
// descriptors: SQLite names its temporary files `etilqs_*` and unlinks them right after opening, so while a savepoint
// journal is open as a file it shows in /proc/self/fd as a deleted etilqs_ file. Linux only (the CI machine).
import fs from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test/reliability/server-process';
import { type Database, openDatabase } from './database';
import { withTempFiles } from './deferred-indexes';

let database: Database;
let dir: string;

beforeAll(async () => {
  dir = tempDataDir('tmpstore');
  database = await openDatabase({ url: null, sqlitePath: path.join(dir, 't.db') });
  await database.db.schema.createTable('blobs').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('body', 'text').execute();
  await database.db.schema.createIndex('blobs_body_idx').on('blobs').column('body').execute();
  // Rows to update, so that a savepoint changes many existing pages (their old images go to the journal).
  await database.writes.run(async (trx) => {
    for (let i = 0; i < 400; i++) await trx.insertInto('blobs').values({ id: i, body: `${i}`.padStart(600, 'x') }).execute();
  });
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** SQLite temporary files this process holds open right now. */
function openTempFiles(): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (/etilqs_/.test(fs.readlinkSync(`/proc/self/fd/${fd}`))) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

/**
 * Two writes in one group commit (so each runs in a savepoint); the first rewrites every row, i.e. far more than the
 * 64 KiB a statement journal keeps in memory before spilling to a file when temp_store is FILE. Returns how many
 * temporary files were open inside the savepoint.
 */
async function tempFilesDuringSavepoint(round: number): Promise<number> {
  let seen = -1;
  const rewrite = async (trx: Transaction<any>) => {
    await trx.updateTable('blobs').set({ body: `${round}`.padStart(600, 'y') }).execute();
    seen = openTempFiles();
  };
  const other = async (trx: Transaction<any>) => {
    await trx.insertInto('blobs').values({ id: 1000 + round, body: 'other' }).execute();
  };
  await Promise.all([database.writes.run(rewrite), database.writes.run(other)]);
  return seen;
}

describe.runIf(process.platform === 'linux')('SQLite temporary storage', () => {
  it('keeps group-commit savepoint journals in memory on the server connection', async () => {
    expect(database.sqlite!.pragma('temp_store', { simple: true })).toBe(2);
    expect(await tempFilesDuringSavepoint(1)).toBe(0);
    expect(Number(await database.db.selectFrom('blobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow().then((r) => r.n))).toBe(401);
  });

  it('uses temporary files inside withTempFiles (bulk loads, index builds) and restores memory afterwards', async () => {
    const inside = await withTempFiles(database.sqlite, async () => {
      expect(database.sqlite!.pragma('temp_store', { simple: true })).toBe(1);
      return tempFilesDuringSavepoint(2);
    });
    expect(inside).toBeGreaterThan(0);
    expect(database.sqlite!.pragma('temp_store', { simple: true })).toBe(2);
  });

  it('leaves the setting alone while a transaction is open (SQLite refuses to change it there)', async () => {
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('blobs').values({ id: 5000, body: 'in trx' }).execute();
      await withTempFiles(database.sqlite, async () => {
        expect(database.sqlite!.pragma('temp_store', { simple: true })).toBe(2);
      });
    });
    expect(database.sqlite!.pragma('temp_store', { simple: true })).toBe(2);
  });
});
