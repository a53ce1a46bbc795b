// SQLite planner statistics (ADR 0058). The server never ran `PRAGMA optimize`, so `sqlite_stat1` stayed empty and
// SQLite planned every query from its indexes alone, at any size. Now: `PRAGMA optimize=0x10012` once the server has
// migrated (and seeded), plain `PRAGMA optimize` every few hours from the scheduler, and before the connection closes.
// Observed through `sqlite_stat1` itself (SQLite only; this file ignores RENXING_TEST_DIALECT).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test/reliability/server-process';
import { type Database, openDatabase } from './database';
import { optimizeSqlite } from './sqlite-optimize';

let dir: string;
let file: string;
let database: Database | null;

beforeEach(() => {
  dir = tempDataDir('optimize');
  file = path.join(dir, 't.db');
  database = null;
});
afterEach(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A table of `n` rows with an index on a column that holds a single value (its rows per key = `n`). */
async function filled(d: Database, n: number) {
  d.sqlite!.exec('create table things (id integer primary key, kind text not null, name text not null); create index things_kind_idx on things(kind)');
  await d.writes.run(async (trx) => {
    for (let i = 0; i < n; i += 500) {
      await trx.insertInto('things').values(Array.from({ length: Math.min(500, n - i) }, (_, j) => ({ kind: 'k', name: `n${i + j}` }))).execute();
    }
  });
}

const stat = (raw: SqliteDatabase.Database, idx: string) =>
  (raw.prepare("select stat from sqlite_stat1 where idx = ?").get(idx) as { stat: string } | undefined)?.stat.split(' ').map(Number);
const hasStatTable = (raw: SqliteDatabase.Database) => !!raw.prepare("select 1 from sqlite_master where name = 'sqlite_stat1'").get();

describe('SQLite PRAGMA optimize (ADR 0058)', () => {
  it('at open, a table with rows and no statistics gets them — with the analysis limit (no full read of each index)', async () => {
    database = await openDatabase({ url: null, sqlitePath: file });
    await filled(database, 10_000);
    expect(hasStatTable(database.sqlite!)).toBe(false);
    await optimizeSqlite(database, 'open');
    const s = stat(database.sqlite!, 'things_kind_idx');
    expect(s?.[0]).toBe(10_000); // rows of the table
    // Rows per key: all 10,000 share one value. An unlimited ANALYZE reads the whole index and says 10000; with the
    // analysis limit (the 0x10 bit, not part of SQLite's suggested 0x10002) it stops after about 2,000 entries.
    expect(s?.[1]).toBeLessThan(10_000);
  });

  it('the periodic run re-analyzes a table that has grown since (25 times or more)', async () => {
    database = await openDatabase({ url: null, sqlitePath: file });
    await filled(database, 100);
    await optimizeSqlite(database, 'open');
    expect(stat(database.sqlite!, 'things_kind_idx')?.[0]).toBe(100);
    await database.writes.run(async (trx) => {
      for (let i = 0; i < 5000; i += 500) await trx.insertInto('things').values(Array.from({ length: 500 }, (_, j) => ({ kind: 'k', name: `m${i + j}` }))).execute();
    });
    await database.db.selectFrom('things').select('id').where('kind', '=', 'k').limit(1).execute(); // the server's queries
    await optimizeSqlite(database, 'periodic');
    expect(stat(database.sqlite!, 'things_kind_idx')?.[0]).toBe(5100);
  });

  it('closing the connection leaves statistics for the tables it used', async () => {
    const d = await openDatabase({ url: null, sqlitePath: file });
    await filled(d, 3000);
    await d.db.selectFrom('things').select('id').where('kind', '=', 'k').limit(1).execute();
    await d.close();
    const raw = new SqliteDatabase(file, { readonly: true });
    try {
      expect(hasStatTable(raw)).toBe(true);
      expect(stat(raw, 'things_kind_idx')?.[0]).toBe(3000);
    } finally {
      raw.close();
    }
  });

  it('at open, sqlite_stat4 rows of an earlier full ANALYZE are removed and the planner plans without them', async () => {
    database = await openDatabase({ url: null, sqlitePath: file });
    const raw = database.sqlite!;
    raw.exec('create table things (id integer primary key, kind text not null, name text not null); create index things_kind_idx on things(kind); create index things_name_idx on things(name)');
    const ins = raw.prepare('insert into things (kind, name) values (?, ?)');
    raw.transaction(() => {
      for (let i = 0; i < 10_000; i++) ins.run(i < 10 ? 'rare' : 'k', `n${i % 100}`);
    })();
    // Only the samples tell the planner that 'rare' is rare: with them it takes things_kind_idx, without them (two
    // kinds, 5,000 rows per kind on average against 100 per name) things_name_idx.
    const plan = () => (raw.prepare("explain query plan select id from things where kind = 'rare' and name = 'n5'").all() as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    raw.exec('analyze');
    const samples = () => (raw.prepare('select count(*) as n from sqlite_stat4').get() as { n: number }).n;
    expect(samples()).toBeGreaterThan(0);
    expect(plan()).toMatch(/things_kind_idx/);
    await optimizeSqlite(database, 'open');
    expect(samples()).toBe(0);
    expect(stat(raw, 'things_kind_idx')?.[0]).toBe(10_000);
    expect(plan()).toMatch(/things_name_idx/);
  });

  it('a read-only connection and PostgreSQL are left alone', async () => {
    const w = new SqliteDatabase(file);
    w.exec("create table things (id integer primary key, kind text not null); create index things_kind_idx on things(kind); insert into things(kind) values ('k'), ('k')");
    w.close();
    database = await openDatabase({ url: null, sqlitePath: file, readonly: true });
    await optimizeSqlite(database, 'open');
    await database.close();
    database = null;
    const raw = new SqliteDatabase(file, { readonly: true });
    try {
      expect(hasStatTable(raw)).toBe(false);
    } finally {
      raw.close();
    }
    await expect(optimizeSqlite({ sqlite: null, writes: null as never }, 'open')).resolves.toBeUndefined();
  });
});
