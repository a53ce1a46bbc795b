import type { Config } from './config';
import type { Clock } from './platform/clock';
import { systemClock } from './platform/clock';
import type { Platform } from './platform/context';
import { createFieldCrypto } from './platform/crypto/field-crypto';
import { loadKeyRing } from './platform/crypto/keys';
import { type Database, openDatabase } from './platform/db/database';
import { restoreDeferredIndexes } from './platform/db/deferred-indexes';
import { migrateToLatest } from './platform/db/migrate';
import { createLogger, type LogSink } from './platform/logger';
import { Metrics } from './platform/metrics';
import { createRedisSessionStore } from './platform/sessions/redis-store';
import { createSqlSessionStore } from './platform/sessions/sql-store';

export type PlatformOptions = {
  clock?: Clock;
  logSink?: LogSink;
  /** PostgreSQL schema (tests isolate themselves per schema). */
  pgSchema?: string;
  /** Skip migrations (the CLI's `migrate` runs them itself). */
  migrate?: boolean;
  database?: Database;
};

/**
 * Opens everything infrastructure: keys (refusing to start without them in production), the database with its
 * durability check, migrations, the session store (Redis when configured), logger and metrics.
 */
export async function createPlatform(config: Config, o: PlatformOptions = {}): Promise<Platform> {
  const logger = createLogger(config.logLevel, o.logSink);
  const keys = loadKeyRing(config);
  const database =
    o.database ??
    (await openDatabase({
      url: config.databaseUrl,
      sqlitePath: config.sqlitePath,
      sqliteSynchronous: config.sqliteSynchronous,
      sqliteCommitSync: config.sqliteCommitSync,
      allowNonDurable: config.allowNonDurable,
      pgSchema: o.pgSchema,
    }));
  logger.info({ durability: database.durability, dialect: database.dialect.name }, 'database opened');
  if (o.migrate !== false) {
    const applied = await migrateToLatest(database.db, database.dialect, o.pgSchema);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const restored = await restoreDeferredIndexes(database);
    if (restored.length) logger.warn({ restored }, 'recreated indexes an interrupted bulk load had dropped');
  }
  const sessions = config.redisUrl ? createRedisSessionStore(config.redisUrl) : createSqlSessionStore(database);
  return {
    config, database, logger, keys, crypto: createFieldCrypto(keys), sessions, metrics: new Metrics(), clock: o.clock ?? systemClock,
  };
}

/** Closes the platform's connections. */
export async function closePlatform(p: Platform): Promise<void> {
  await p.sessions.close();
  await p.database.close();
}
