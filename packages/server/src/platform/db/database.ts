import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type Codec, createCodec } from './codec';
import { type Dialect, dialects } from './dialect';
import { type Statement, makeStatement } from './statements';
import { WalSync } from './wal-sync';
import { WriteQueue } from './write-queue';

/** Kysely over either dialect; tables are described by the migrations and repos, so rows are loosely typed here. */
export type Db = Kysely<any>;

/** An open database with its dialect helpers, codec and group-commit write queue. */
export type Database = {
  db: Db;
  dialect: Dialect;
  codec: Codec;
  writes: WriteQueue;
  /** The raw better-sqlite3 handle on SQLite (backups, pragmas), null on PostgreSQL. */
  sqlite: SqliteDatabase.Database | null;
  /** The pg pool on PostgreSQL, null on SQLite. */
  pool: pg.Pool | null;
  /**
   * Durability settings as read back from the server, e.g. `journal_mode=wal, synchronous=1(NORMAL) + WAL fdatasync
   * before acknowledgement` (SQLite default, ADR 0042) or `synchronous_commit=on, fsync=on` (PostgreSQL).
   */
  durability: string;
  /** SQLite's WAL sync (ADR 0042), null when SQLite syncs inline or on PostgreSQL. */
  walSync: WalSync | null;
  /** A constant hot-path statement (`?` placeholders) run inside a held transaction; see statements.ts. */
  statement(text: string): Statement;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** postgres://… URL, or null for SQLite. */
  url: string | null;
  /** SQLite file path (`:memory:` allowed for tests). */
  sqlitePath?: string;
  sqliteSynchronous?: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /**
   * How a durable (FULL/EXTRA) SQLite commit reaches the disk: `group` (default, ADR 0042) — the connection runs
   * NORMAL and the group-commit queue acknowledges a batch after an fdatasync of the WAL on the thread pool; `inline` —
   * SQLite fsyncs inside COMMIT, blocking the event loop (the behaviour before ADR 0042).
   */
  sqliteCommitSync?: 'group' | 'inline';
  /** Wraps the WAL fdatasync (tests hold or fail a sync with it). */
  walFdatasync?: ConstructorParameters<typeof WalSync>[1];
  /** Allow a non-durable setting (SQLite synchronous below FULL, PostgreSQL synchronous_commit=off). */
  allowNonDurable?: boolean;
  /** PostgreSQL schema to use (tests use one schema per file). */
  pgSchema?: string;
  pgPoolSize?: number;
  readonly?: boolean;
};

/** Thrown when the database is configured in a way that could lose acknowledged writes. */
export class DurabilityError extends Error {}

const SYNC_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** Opens the database, applies and verifies the durability settings. */
export async function openDatabase(o: DatabaseOptions): Promise<Database> {
  if (o.url && /^postgres(ql)?:/.test(o.url)) return openPostgres(o);
  return openSqlite(o);
}

function openSqlite(o: DatabaseOptions): Database {
  const file = o.sqlitePath ?? ':memory:';
  if (file !== ':memory:' && !o.readonly) {
    // Names and addresses are stored in clear: the database is for the service user only (SQLite gives its -wal and
    // -shm files the database file's mode).
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const raw = new SqliteDatabase(file, { readonly: o.readonly ?? false });
  if (!o.readonly) raw.pragma('journal_mode = WAL');
  const requested = o.sqliteSynchronous ?? 'FULL';
  // ADR 0042: a durable setting on a WAL file database runs NORMAL on the connection and syncs the WAL itself, off the
  // event loop, before the group-commit queue acknowledges. In-memory databases and other journal modes keep SQLite's own.
  const group = !o.readonly && file !== ':memory:' && (requested === 'FULL' || requested === 'EXTRA') && (o.sqliteCommitSync ?? 'group') === 'group' &&
    String(raw.pragma('journal_mode', { simple: true })) === 'wal';
  raw.pragma(`synchronous = ${group ? 'NORMAL' : requested}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // A 64 MiB page cache instead of SQLite's 2 MiB default: with the default, every audited write re-read index pages
  // of audit_log / idempotency_keys / the effect's table through the OS once those outgrew 2 MiB (foundation bench:
  // 207 → 144 µs of server CPU per durable write, 4.4k → 6.6k writes/s). Memory is allocated as pages are used.
  raw.pragma('cache_size = -65536');
  // Savepoint journals in memory. Every write of a group commit runs in its own savepoint, and SQLite keeps the
  // pre-savepoint images of the pages it changes in a statement journal — a temporary FILE by default: about 15
  // write() calls per audited write, a third of SQLite's time (foundation bench: 214 → 148 µs of server CPU per write,
  // 3.8k → 5.9k writes/s; ADR 0012). Those journals live only until the savepoint is released. Bulk loads, whose
  // index builds sort far more than fits in memory, switch back to files (registry.bulk.ts, withBulkWrites).
  raw.pragma('temp_store = MEMORY');
  const journal = String(raw.pragma('journal_mode', { simple: true }));
  const syncLevel = Number(raw.pragma('synchronous', { simple: true }));
  const durability = `journal_mode=${journal}, synchronous=${syncLevel}(${SYNC_NAMES[syncLevel] ?? '?'})${group ? ' + WAL fdatasync before acknowledgement' : ''}`;
  if (!o.readonly && syncLevel < 2 && !group && !o.allowNonDurable) {
    raw.close();
    throw new DurabilityError(
      `SQLite synchronous=${SYNC_NAMES[syncLevel]} could lose acknowledged writes on power loss; refusing to start. ` +
        'Set RENXING_ALLOW_NONDURABLE=1 to override explicitly.',
    );
  }
  const walSync = group ? new WalSync(`${file}-wal`, o.walFdatasync) : null;
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(raw, walSync, !o.readonly) }) });
  const dialect = dialects.sqlite;
  const statement = (text: string) => makeStatement(dialect, raw, text);
  const writes = new WriteQueue(db, dialect, statement, undefined, undefined, walSync);
  return {
    db, dialect, codec: createCodec(dialect), writes, sqlite: raw, pool: null, durability, walSync, statement,
    async close() {
      await writes.drain();
      // Planner statistics for the tables this connection used, as SQLite advises before closing (ADR 0058): bounded by
      // the default mask's analysis limit, usually nothing to do. Statistics only: a failure never stops the close.
      if (!o.readonly) {
        try {
          raw.pragma('optimize');
        } catch {
          // e.g. another process holds the write lock beyond busy_timeout
        }
      }
      await walSync?.close();
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver calls `prepare(sql)` for every query, and compiling the SQL again costs more than running
 * it (a fifth of the server's CPU time under write load). This hands Kysely a view of the handle whose `prepare`
 * reuses statements by SQL text. A statement that is still being iterated (`busy`, a streamed select) is not handed
 * out again (defensive: better-sqlite3 refuses other statements on a connection while one iterates anyway); the cache
 * is bounded (oldest entry evicted first) because `in (…)` lists make the SQL text vary. Transactions of a writable
 * connection begin IMMEDIATE (below).
 * better-sqlite3 re-prepares a cached statement itself when the schema changes (migrations).
 */
function withStatementCache(raw: SqliteDatabase.Database, walSync: WalSync | null, beginImmediate: boolean, max = 1000): SqliteDatabaseView {
  const cache = new Map<string, CachedStatement>();
  return {
    prepare(sqlText: string) {
      // Kysely opens every transaction with a plain BEGIN, which takes the write lock only at the first write. When
      // another process (the CLI beside the server) committed after this transaction's first read, that upgrade fails
      // at once with SQLITE_BUSY_SNAPSHOT — busy_timeout does not apply. BEGIN IMMEDIATE takes the lock up front and
      // waits for it (sqlite-processes.test.ts). One connection per process, so nothing in-process waits longer.
      if (beginImmediate && sqlText === 'begin') sqlText = 'begin immediate';
      const hit = cache.get(sqlText);
      if (hit && !hit.busy) return hit;
      const stmt = walSync ? syncedStatement(raw, raw.prepare(sqlText), walSync) : raw.prepare(sqlText);
      if (!hit) {
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
    close() {
      cache.clear();
      raw.close();
    },
  };
}

type CachedStatement = Pick<SqliteDatabase.Statement, 'reader' | 'busy' | 'all' | 'run' | 'iterate'>;
type SqliteDatabaseView = { prepare(sql: string): CachedStatement; close(): void };

/**
 * A statement that tells the WAL sync (ADR 0042) when it committed: it ended a transaction (COMMIT, or the implicit
 * end of a failed one), or it wrote in autocommit mode. The group-commit queue's own COMMIT is recognised there and
 * left to the queue's barrier; any other commit is synced before the statement returns, as FULL would.
 */
function syncedStatement(raw: SqliteDatabase.Database, stmt: SqliteDatabase.Statement, walSync: WalSync): CachedStatement {
  const after = (wasInTransaction: boolean) => {
    // Outside a transaction a statement that writes commits by itself — except BEGIN IMMEDIATE (not read-only to
    // SQLite), which opens one instead.
    if (wasInTransaction ? !raw.inTransaction : !stmt.readonly && !raw.inTransaction) walSync.committed();
  };
  return {
    get reader() {
      return stmt.reader;
    },
    get busy() {
      return stmt.busy;
    },
    all(...params: unknown[]) {
      const was = raw.inTransaction;
      const rows = stmt.all(...params);
      after(was);
      return rows;
    },
    run(...params: unknown[]) {
      const was = raw.inTransaction;
      const r = stmt.run(...params);
      after(was);
      return r;
    },
    iterate: (...params: unknown[]) => stmt.iterate(...params),
  };
}

async function openPostgres(o: DatabaseOptions): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: any) {
      // int8 (count(*), bigserial) → number; ids stay far below 2^53.
      if (oid === 20) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: o.url!,
    max: o.pgPoolSize ?? 10,
    types,
    options: o.pgSchema ? `-c search_path=${o.pgSchema}` : undefined,
  });
  if (o.pgSchema) {
    const c = await pool.connect();
    try {
      await c.query(`create schema if not exists ${o.pgSchema}`);
    } finally {
      c.release();
    }
  }
  const c = await pool.connect();
  let syncCommit: string;
  let fsyncSetting: string;
  try {
    syncCommit = (await c.query('show synchronous_commit')).rows[0].synchronous_commit;
    fsyncSetting = (await c.query('show fsync')).rows[0].fsync;
  } finally {
    c.release();
  }
  const durability = `synchronous_commit=${syncCommit}, fsync=${fsyncSetting}`;
  if ((syncCommit === 'off' || fsyncSetting === 'off') && !o.allowNonDurable) {
    await pool.end();
    throw new DurabilityError(
      `PostgreSQL ${durability} could lose acknowledged writes; refusing to start. Set RENXING_ALLOW_NONDURABLE=1 to override explicitly.`,
    );
  }
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  const dialect = dialects.postgres;
  const statement = (text: string) => makeStatement(dialect, null, text);
  const writes = new WriteQueue(db, dialect, statement);
  return {
    db, dialect, codec: createCodec(dialect), writes, sqlite: null, pool, durability, walSync: null, statement,
    async close() {
      await writes.drain();
      await db.destroy();
    },
  };
}

/** Current server time as stored by the database layer (callers pass instants explicitly; this is for defaults). */
export const nowSql = sql`CURRENT_TIMESTAMP`;
