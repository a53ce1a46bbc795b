import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Dialect } from './dialect';
import { migrations } from './migrations';

/** A schema migration written once for both dialects; `d` supplies the column types that differ. */
export type RxMigration = { name: string; up: (db: Kysely<any>, d: Dialect) => Promise<void> };

class StaticProvider implements MigrationProvider {
  constructor(
    private readonly list: RxMigration[],
    private readonly d: Dialect,
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const m of this.list) out[m.name] = { up: (db) => m.up(db, this.d) };
    return out;
  }
}

/** Applies all pending migrations (Kysely's migrator takes a lock, so concurrent app nodes are safe). */
export async function migrateToLatest(db: Kysely<any>, d: Dialect, pgSchema?: string): Promise<string[]> {
  // With a non-default schema, Kysely must be told where its bookkeeping tables live, or it finds another
  // schema's tables by name and skips creating its own.
  const migrator = new Migrator({ db, provider: new StaticProvider(migrations, d), ...(pgSchema && d.name === 'postgres' ? { migrationTableSchema: pgSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
