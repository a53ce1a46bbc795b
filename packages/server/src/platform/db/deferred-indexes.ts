import type SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import type { Dialect } from './dialect';
import { SQLITE_ANALYSIS_LIMIT } from './sqlite-optimize';

type IndexDef = { name: string; sql: string };

/**
 * Runs `fn` with SQLite's temporary storage in files instead of memory (the server connection keeps it in memory for
 * savepoint journals, see database.ts). Index builds sort every row of a table and bulk loads journal thousands of
 * pages per chunk; in files those spill to disk, in memory they would grow the process by hundreds of MB. The setting
 * cannot change inside a transaction, so it is left as it is when one is open (another writer mid-commit).
 */
export async function withTempFiles<T>(raw: SqliteDatabase.Database | null, fn: () => Promise<T>): Promise<T> {
  if (!raw || raw.inTransaction) return fn();
  const before = Number(raw.pragma('temp_store', { simple: true }));
  raw.pragma('temp_store = FILE');
  try {
    return await fn();
  } finally {
    if (raw.open && !raw.inTransaction) raw.pragma(`temp_store = ${before}`);
  }
}

/** Secondary indexes of `table` (not those backing PRIMARY KEY / UNIQUE constraints), with their CREATE statements. */
async function secondaryIndexes(db: Kysely<any>, d: Dialect, table: string): Promise<IndexDef[]> {
  if (d.name === 'sqlite') {
    const r = await sql<IndexDef>`select name, sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
    return r.rows;
  }
  const r = await sql<IndexDef>`select i.indexname as name, i.indexdef as sql from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = ${table}
    and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = (select oid from pg_namespace where nspname = current_schema()))`.execute(db);
  return r.rows;
}

async function indexExists(db: Kysely<any>, d: Dialect, name: string): Promise<boolean> {
  if (d.name === 'sqlite') return (await sql`select 1 from sqlite_master where type = 'index' and name = ${name}`.execute(db)).rows.length > 0;
  return (await sql`select 1 from pg_indexes where schemaname = current_schema() and indexname = ${name}`.execute(db)).rows.length > 0;
}

/**
 * Planner statistics of the tables after a bulk load. On SQLite under the same analysis limit as `PRAGMA optimize`
 * (ADR 0058: 2,000 rows per index), which also leaves out `sqlite_stat4`: a full ANALYZE samples 24 keys per index
 * there, and an `org_path like '<community>%'` range holding no sample is estimated far below its size — the name and
 * pinyin search of such a community then read the whole community and sorted it instead of walking its search index
 * (30 of 50 communities at 300,000 residents: 2–10 ms instead of 0.2 ms). Re-analyzing a table also drops its old
 * `sqlite_stat4` rows.
 */
async function analyzeTables(database: Pick<Database, 'db' | 'sqlite'>, tables: readonly string[]): Promise<void> {
  const raw = database.sqlite;
  const before = raw ? Number(raw.pragma('analysis_limit', { simple: true })) : 0;
  if (raw) raw.pragma(`analysis_limit = ${SQLITE_ANALYSIS_LIMIT}`);
  try {
    for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(database.db);
  } finally {
    if (raw?.open) raw.pragma(`analysis_limit = ${before}`);
  }
}

/**
 * Bulk load into EMPTY tables (the benchmark scale seed): drops the tables' secondary indexes, runs `fn`, then
 * recreates them and refreshes planner statistics. Building an index once by sorting is an order of magnitude cheaper
 * than maintaining it row by row. Indexes backing PRIMARY KEY / UNIQUE constraints stay (the load needs them). Only
 * for tables nobody else uses during the load.
 *
 * Crash safety: the definitions are written to `deferred_indexes` in the same transaction that drops the indexes, and
 * removed in the one that recreates them. If the process dies in between (kill -9, power loss), the next start
 * recreates them (restoreDeferredIndexes) before serving, so an interrupted load never leaves a database without its
 * indexes.
 */
export async function withDeferredIndexes<T>(database: Pick<Database, 'db' | 'dialect' | 'writes' | 'codec' | 'sqlite'>, tables: readonly string[], fn: () => Promise<T>): Promise<T> {
  const { db, dialect, writes, codec, sqlite: raw } = database;
  const defs: Array<IndexDef & { table: string }> = [];
  for (const table of tables) for (const d of await secondaryIndexes(db, dialect, table)) defs.push({ ...d, table });
  const at = codec.ts(new Date());
  await writes.run(async (trx) => {
    for (const d of defs) {
      await trx.insertInto('deferred_indexes').values({ name: d.name, table_name: d.table, definition: d.sql, dropped_at: at }).execute();
      await sql`drop index ${sql.ref(d.name)}`.execute(trx);
    }
  });
  try {
    return await fn();
  } finally {
    await withTempFiles(raw, () => writes.run(async (trx) => {
      for (const d of defs) {
        await sql.raw(d.sql).execute(trx);
        await trx.deleteFrom('deferred_indexes').where('name', '=', d.name).execute();
      }
    }));
    await analyzeTables(database, tables);
  }
}

/**
 * Recreates indexes that an interrupted bulk load left dropped (see withDeferredIndexes). Runs after migrations, before
 * the server serves; returns the names it recreated (usually none).
 */
export async function restoreDeferredIndexes(database: Pick<Database, 'db' | 'dialect' | 'sqlite'>): Promise<string[]> {
  const { db, dialect: d } = database;
  const pending = await db.selectFrom('deferred_indexes').select(['name', 'table_name', 'definition']).orderBy('dropped_at').execute();
  const restored: string[] = [];
  if (pending.length > 0) await withTempFiles(database.sqlite, () => restore(pending));
  await analyzeTables(database, [...new Set(pending.map((p) => p.table_name as string))]);
  return restored;

  async function restore(pending: Array<{ name: string; definition: string }>) {
    for (const p of pending) {
      await db.transaction().execute(async (trx) => {
        if (!(await indexExists(trx, d, p.name))) {
          await sql.raw(p.definition).execute(trx);
          restored.push(p.name);
        }
        await trx.deleteFrom('deferred_indexes').where('name', '=', p.name).execute();
      });
    }
  }
}
