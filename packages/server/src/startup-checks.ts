// Fail fast on a configuration that cannot work, with a message that names the variable to fix — an operator reading
// `journalctl -u renxing` should not have to decode a stack trace (connect ECONNREFUSED …) to find which setting is wrong.
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { type Config, ConfigError } from './config';
import { type Database, type DatabaseOptions, DurabilityError, openDatabase } from './platform/db/database';

/** A connection URL for messages and logs: the password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const reason = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  const msg = err?.message || String(e);
  return err?.code && !msg.includes(err.code) ? `${err.code}: ${msg}` : msg;
};

/**
 * The data directory (SQLite database, generated keys, erasure ledger, import files): created if missing — readable by
 * the service user only (0700) — and checked to be writable by actually writing a file (root passes `access(W_OK)` on a
 * read-only mount).
 */
export function ensureDataDir(config: Pick<Config, 'dataDir'>): void {
  const dir = config.dataDir;
  const hint = 'create it and give the service user write access, or set RENXING_DATA_DIR to a writable directory';
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    const probe = path.join(dir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '', { mode: 0o600 });
    fs.rmSync(probe, { force: true });
  } catch (e) {
    throw new ConfigError(`RENXING_DATA_DIR=${dir} is not a writable directory (${reason(e)}); ${hint}`);
  }
}

/**
 * Opens the configured database; a failure to connect or open names DATABASE_URL (password hidden) or the SQLite file
 * under RENXING_DATA_DIR. Durability refusals pass through as they are (they explain themselves).
 */
export async function openConfiguredDatabase(config: Config, o: Partial<DatabaseOptions> = {}): Promise<Database> {
  if (!config.databaseUrl && o.readonly && !fs.existsSync(config.sqlitePath)) {
    throw new ConfigError(`no database at ${config.sqlitePath} (RENXING_DATA_DIR=${config.dataDir}): check RENXING_DATA_DIR (or set DATABASE_URL for PostgreSQL), or run \`renxing migrate\` first`);
  }
  try {
    return await openDatabase({
      url: config.databaseUrl, sqlitePath: config.sqlitePath, sqliteSynchronous: config.sqliteSynchronous,
      sqliteCommitSync: config.sqliteCommitSync, allowNonDurable: config.allowNonDurable, ...o,
    });
  } catch (e) {
    if (e instanceof DurabilityError) throw e;
    if (config.databaseUrl) {
      throw new ConfigError(`DATABASE_URL=${redactUrl(config.databaseUrl)}: cannot use the PostgreSQL database (${reason(e)}); check the host, port, user, password and database name (create it with createdb)`);
    }
    throw new ConfigError(`cannot open the SQLite database ${config.sqlitePath} (RENXING_DATA_DIR=${config.dataDir}): ${reason(e)}`);
  }
}

/** REDIS_URL must answer PING before the server relies on it for sessions (else every login would fail later). */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let socketError: unknown = null; // the cause (ECONNREFUSED …); connect() itself only says "Connection is closed."
  redis.on('error', (e) => void (socketError ??= e));
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new ConfigError(`REDIS_URL=${redactUrl(url)}: Redis does not answer (${reason(socketError ?? e)}); start Redis, fix the address or password, or unset REDIS_URL to keep sessions in the database`);
  } finally {
    redis.disconnect();
  }
}

/** An error of `listen()` as a message naming PORT or HOST; other errors unchanged. */
export function describeListenError(e: unknown, config: Pick<Config, 'port' | 'host'>): unknown {
  const code = (e as { code?: string })?.code;
  const at = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE') return new ConfigError(`PORT=${config.port}: ${at} is already in use by another program (another Renxing?); stop it or set PORT to a free port`);
  if (code === 'EACCES') return new ConfigError(`PORT=${config.port}: permission denied to listen on ${at} (ports below 1024 need privileges); use a port ≥ 1024 behind a reverse proxy`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConfigError(`HOST=${config.host}: not an address of this machine (${code}); use 127.0.0.1, 0.0.0.0 or one of this machine's addresses`);
  }
  return e;
}
