import { type Kysely, type RawBuilder, sql } from 'kysely';

/** The two SQL dialects Renxing runs on. Every dialect difference lives in this file and in codec.ts. */
export type DialectName = 'sqlite' | 'postgres';

/** Per-dialect SQL helpers, Directus-style: services call these instead of branching on the dialect. */
export type Dialect = {
  name: DialectName;
  /** Column type for a server-generated auto-increment primary key. */
  autoId: string;
  /** Column type for instants, stored as ISO-8601 text on SQLite and timestamptz on PostgreSQL. */
  timestamp: string;
  /** Column type for JSON documents. */
  json: string;
  /** Column type for booleans. */
  bool: string;
  /** Column type for binary data. */
  blob: string;
  /** Row lock suffix for read-modify-write inside a transaction (empty on SQLite: one writer at a time). */
  forUpdate: string;
  /** Case-insensitive LIKE operator. */
  ilike: string;
  /**
   * A table source over the text elements of a JSON array bound to one `?` placeholder, with a column `value`: one
   * statement inserts a whole list (`insert … select ?, value from <this>`) with no per-element round trip.
   */
  jsonTextArray: string;
};

export const dialects: Record<DialectName, Dialect> = {
  sqlite: {
    name: 'sqlite',
    autoId: 'integer primary key autoincrement',
    timestamp: 'text',
    json: 'text',
    bool: 'integer',
    blob: 'blob',
    forUpdate: '',
    ilike: 'like',
    jsonTextArray: 'json_each(?)',
  },
  postgres: {
    name: 'postgres',
    autoId: 'bigserial primary key',
    timestamp: 'timestamptz',
    json: 'jsonb',
    bool: 'boolean',
    blob: 'bytea',
    forUpdate: ' for update',
    ilike: 'ilike',
    jsonTextArray: 'json_array_elements_text(cast(? as json)) as j(value)',
  },
};

/** Executes raw DDL (one statement per call keeps both drivers happy). */
export async function ddl(db: Kysely<any>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/** A JSON parameter in the dialect's representation. */
export function jsonParam(d: Dialect, value: unknown): RawBuilder<unknown> | string {
  return d.name === 'postgres' ? sql`${JSON.stringify(value)}::jsonb` : JSON.stringify(value);
}

const errorCode = (e: unknown) => (e as { code?: unknown } | null)?.code;

/** A unique-constraint violation from either driver (better-sqlite3 `SQLITE_CONSTRAINT_UNIQUE`, pg `23505`). */
export function isUniqueViolation(e: unknown): boolean {
  const code = errorCode(e);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** A foreign-key violation from either driver (`SQLITE_CONSTRAINT_FOREIGNKEY`, pg `23503`): something still refers to the row. */
export function isForeignKeyViolation(e: unknown): boolean {
  const code = errorCode(e);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/**
 * Planner statistics after a bulk load outside the import's deferred-index path (the demo seed). PostgreSQL plans with
 * none until autovacuum's analyze comes round — never, where autovacuum is off — and then takes every table for one row:
 * the resident list filtered by a care tag over the demo's 6,000 residents became a nested loop of 2–5 s. SQLite plans
 * from its indexes without statistics (as before): nothing to do there.
 */
export async function analyzeAfterBulkLoad(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect.name !== 'postgres') return;
  const tables = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db);
  for (const t of tables.rows) await sql`analyze ${sql.table(t.name)}`.execute(db);
}
