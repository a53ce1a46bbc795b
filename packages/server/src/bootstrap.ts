import fs from 'node:fs';
import type { Config } from './config';
import type { Clock } from './platform/clock';
import { systemClock } from './platform/clock';
import type { Platform } from './platform/context';
import { createFieldCrypto } from './platform/crypto/field-crypto';
import { loadKeyRing } from './platform/crypto/keys';
import type { Database } from './platform/db/database';
import { restoreDeferredIndexes } from './platform/db/deferred-indexes';
import { migrateToLatest } from './platform/db/migrate';
import { createLogger, type LogSink } from './platform/logger';
import { Metrics } from './platform/metrics';
import { createRedisSessionStore } from './platform/sessions/redis-store';
import { createSqlSessionStore } from './platform/sessions/sql-store';
import { checkRedis, ensureDataDir, openConfiguredDatabase } from './startup-checks';

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
  // Fail fast, naming the variable (RENXING_DATA_DIR, RENXING_KEY_FILE, DATABASE_URL, REDIS_URL): startup-checks.ts.
  ensureDataDir(config);
  // Keys that exist are loaded first (production refuses before touching the database). A key file is generated only
  // for a database without accounts: a data directory copied without its keys/ folder, or a mistyped RENXING_DATA_DIR
  // next to a copy, must not get a fresh key that can read none of its data.
  const mayGenerate = config.mode === 'embedded' && !config.dataKey && !config.indexKey && !config.keyFileSet && !fs.existsSync(config.keyFile);
  let keys = mayGenerate ? null : loadKeyRing(config);
  if (config.redisUrl) await checkRedis(config.redisUrl);
  const database = o.database ?? (await openConfiguredDatabase(config, { pgSchema: o.pgSchema }));
  if (!keys) {
    try {
      keys = loadKeyRing({ ...config, generate: !(await holdsAccounts(database)) });
    } catch (e) {
      if (!o.database) await database.close();
      throw e;
    }
  }
  logger.info({ durability: database.durability, dialect: database.dialect.name }, 'database opened');
  if (o.migrate !== false) {
    const applied = await migrateToLatest(database.db, database.dialect, o.pgSchema);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const restored = await restoreDeferredIndexes(database);
    if (restored.length) logger.warn({ restored }, 'recreated indexes an interrupted bulk load had dropped');
  }
  const sessions = config.redisUrl ? createRedisSessionStore(config.redisUrl, undefined, logger) : createSqlSessionStore(database);
  return {
    config, database, logger, keys, crypto: createFieldCrypto(keys), sessions, metrics: new Metrics(), clock: o.clock ?? systemClock,
  };
}

/** Whether the database already has accounts (so its personal data was encrypted under some key); false before migrations. */
async function holdsAccounts(database: Database): Promise<boolean> {
  try {
    return !!(await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst());
  } catch {
    return false; // no users table yet: a new database
  }
}

/** Closes the platform's connections. */
export async function closePlatform(p: Platform): Promise<void> {
  await p.sessions.close();
  await p.database.close();
}
