import type { Database } from './database';

/** How often the server refreshes SQLite's planner statistics (ADR 0058); SQLite suggests every few hours. */
export const SQLITE_OPTIMIZE_EVERY_MS = 4 * 60 * 60_000;

/**
 * Rows per index an ANALYZE reads under `PRAGMA optimize`'s limit (bit `0x10`); the bulk-load ANALYZE uses the same
 * (deferred-indexes.ts). Under a limit SQLite writes `sqlite_stat1` only, never `sqlite_stat4`.
 */
export const SQLITE_ANALYSIS_LIMIT = 2000;

/**
 * The `PRAGMA optimize` mask when the server starts (ADR 0058): SQLite's recommended `0x10002` (run ANALYZE where it
 * helps, checking every table, not only those this connection has queried) plus `0x10`, the temporary analysis limit.
 * The limit is part of the default mask but not of `0x10002`; without it each ANALYZE reads whole indexes (a
 * 3-million-row table with two indexes: 0.7 s with the limit off, 0.1 s with it on). The periodic run and the run
 * before close use the default mask (`0xfffe`, which includes the limit).
 */
export const SQLITE_OPTIMIZE_AT_OPEN = 0x10012;

/**
 * Refreshes SQLite's planner statistics (`sqlite_stat1`) where they are missing or stale: `open` once the schema is
 * migrated, `periodic` from the scheduler. Runs as an item of the write queue, so it never lands inside another
 * write's transaction. Does nothing on PostgreSQL (autovacuum analyzes) or on a read-only connection.
 */
export async function optimizeSqlite(database: Pick<Database, 'sqlite' | 'writes'>, when: 'open' | 'periodic'): Promise<void> {
  const raw = database.sqlite;
  if (!raw || raw.readonly) return;
  await database.writes.run(async () => {
    if (when === 'open') dropSampleStatistics(raw);
    raw.pragma(when === 'open' ? `optimize = ${SQLITE_OPTIMIZE_AT_OPEN}` : 'optimize');
  });
}

/**
 * Removes `sqlite_stat4` rows, which only a full ANALYZE writes: the bulk loads did until ADR 0058's addendum. There
 * its 24 samples per index made the search of a community without a sample in `residents_scope_idx` read and sort the
 * whole community (30 of 50 communities at 300,000 residents). `sqlite_stat1` stays; `ANALYZE sqlite_schema` makes
 * the connection reload the statistics.
 */
function dropSampleStatistics(raw: NonNullable<Database['sqlite']>): void {
  if (!raw.prepare("select 1 from sqlite_master where type = 'table' and name = 'sqlite_stat4'").get()) return;
  if (!raw.prepare('select 1 from sqlite_stat4 limit 1').get()) return;
  raw.exec('delete from sqlite_stat4');
  raw.exec('analyze sqlite_schema');
}
