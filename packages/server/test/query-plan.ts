import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Platform } from '../src/platform/context';

/**
 * The plan of a query as text, asked of the database's own planner: SQLite's EXPLAIN QUERY PLAN details, or
 * PostgreSQL's EXPLAIN with sequential scans off (test tables are tiny, so a sequential scan is always cheapest; this
 * asks whether an index *can* serve the condition). Parameters are inlined for PostgreSQL's EXPLAIN — callers pass
 * their own test constants only.
 */
export async function queryPlan(database: Platform['database'], build: (db: Kysely<any>) => { compile: () => unknown }): Promise<string> {
  const { db, dialect } = database;
  const compiled = build(db).compile() as { sql: string; parameters: readonly unknown[] };
  if (dialect.name === 'sqlite') {
    const rows = database.sqlite!.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const inlined = compiled.sql.replace(/\$(\d+)/g, (_, i: string) => `'${String(compiled.parameters[Number(i) - 1]).replace(/'/g, "''")}'`);
    const r = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(inlined)}`.execute(trx);
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  });
}

/**
 * The plan line of an `org_path like '<area>%'` filter read as an index range (ADR 0047/0050), after `eq` leading
 * equality columns: SQLite's LIKE range on the NOCASE column, PostgreSQL's `text_pattern_ops` range (~>=~ / ~<~).
 */
export const prefixRange = {
  sqlite: (table: string, index: string, eq: string[] = []) =>
    new RegExp(`SEARCH ${table} USING (COVERING )?INDEX ${index} \\(${eq.map((c) => `${c}=\\? AND `).join('')}org_path>\\? AND org_path<\\?\\)`),
  postgres: (table: string, index: string, eq: string[] = []) =>
    new RegExp(`Index (Only )?Scan using ${index} on ${table}[\\s\\S]*Index Cond: \\(${eq.map((c) => `\\(${c} = [^)]*\\) AND `).join('')}\\(org_path ~>=~ `),
};

/** Every foreign key (as `table.column`) that refers to one of `to`, read from the database's catalog. */
export async function foreignKeysTo(database: Platform['database'], to: readonly string[]): Promise<string[]> {
  const { db, dialect } = database;
  const rows = dialect.name === 'sqlite'
    ? (await sql<{ t: string; c: string }>`select m.name as t, f."from" as c from sqlite_master m join pragma_foreign_key_list(m.name) f
        where m.type = 'table' and f."table" in (${sql.join(to)})`.execute(db)).rows
    : (await sql<{ t: string; c: string }>`select cl.relname as t, a.attname as c from pg_constraint con
        join pg_class cl on cl.oid = con.conrelid join pg_namespace n on n.oid = cl.relnamespace
        join pg_class ref on ref.oid = con.confrelid
        join pg_attribute a on a.attrelid = con.conrelid and a.attnum = any(con.conkey)
        where con.contype = 'f' and ref.relname in (${sql.join(to)}) and n.nspname = current_schema()`.execute(db)).rows;
  return rows.map((r) => `${r.t}.${r.c}`);
}

/** Every `table.column` that leads some index (the first column of the index), read from the database's catalog. */
export async function indexLeadingColumns(database: Platform['database']): Promise<Set<string>> {
  const { db, dialect } = database;
  const rows = dialect.name === 'sqlite'
    ? (await sql<{ t: string; c: string }>`select m.name as t, ii.name as c from sqlite_master m join pragma_index_list(m.name) il join pragma_index_info(il.name) ii
        where m.type = 'table' and ii.seqno = 0`.execute(db)).rows
    : (await sql<{ t: string; c: string }>`select cl.relname as t, a.attname as c from pg_index i
        join pg_class cl on cl.oid = i.indrelid join pg_namespace n on n.oid = cl.relnamespace
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where n.nspname = current_schema()`.execute(db)).rows;
  return new Set(rows.map((r) => `${r.t}.${r.c}`));
}

/**
 * Fails when `plan` (from `queryPlan`) reads some table in full: a SQLite `SCAN` line, or a PostgreSQL `Seq Scan` —
 * which, with sequential scans off, is left only where no index can serve the condition. `what` names the query.
 */
export function expectNoScan(database: Platform['database'], plan: string, what: string): void {
  if (database.dialect.name === 'sqlite') expect(plan, `${what}:\n${plan}`).not.toMatch(/(^|\n)\s*`?-*\s*SCAN /);
  else expect(plan, `${what}:\n${plan}`).not.toMatch(/Seq Scan/);
}

/** Fails unless `plan` names the index `index` (either dialect). */
export function expectUsesIndex(plan: string, index: string, what: string): void {
  expect(plan, `${what}:\n${plan}`).toMatch(new RegExp(`\\b${index}\\b`));
}
