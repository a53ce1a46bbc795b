import { type DatabaseIntrospector, type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
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

/**
 * What Kysely's migrator asks before migrating — does the schema exist, do its bookkeeping tables exist — answered
 * for one PostgreSQL schema (`pgSchema`, else the connection's current schema). Kysely's own introspector lists every
 * column of every table of every schema in the database, calling pg_get_serial_sequence for each, twice per migrate:
 * its cost grows with everything else in the database (the PostgreSQL test suite's hundreds of schemas made each
 * migrate slower than the one before), and the migrator only needs two names.
 */
export function schemaIntrospector(db: Kysely<any>, pgSchema?: string): DatabaseIntrospector {
  const schema = pgSchema ? sql`${pgSchema}` : sql`current_schema()`;
  const getTables = async () => (await sql<{ name: string; schema: string; kind: string }>`select c.relname as name, n.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v')`.execute(db)).rows
    .map((r) => ({ name: r.name, schema: r.schema, isView: r.kind === 'v', columns: [] }));
  return {
    getSchemas: async () => (await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db)).rows,
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
}

/** `db` with `introspection` answered by `introspector` (every other member is the instance's own). */
function withIntrospector(db: Kysely<any>, introspector: DatabaseIntrospector): Kysely<any> {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspector;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** Applies all pending migrations (Kysely's migrator takes a lock, so concurrent app nodes are safe). */
export async function migrateToLatest(db: Kysely<any>, d: Dialect, pgSchema?: string): Promise<string[]> {
  // With a non-default schema, Kysely must be told where its bookkeeping tables live, or it finds another
  // schema's tables by name and skips creating its own.
  const migrator = new Migrator({
    db: d.name === 'postgres' ? withIntrospector(db, schemaIntrospector(db, pgSchema)) : db,
    provider: new StaticProvider(migrations, d),
    ...(pgSchema && d.name === 'postgres' ? { migrationTableSchema: pgSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
