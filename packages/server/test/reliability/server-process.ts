import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** The `renxing` command of this checkout (runs the TypeScript sources through tsx). */
export const RENXING_BIN = path.resolve(import.meta.dirname, '../../bin/renxing.mjs');

/** Fixed keys for the reliability suites, so a backup and its restore use the same key ring. */
export const RELIABILITY_KEYS = { RENXING_DATA_KEY: 'c1'.repeat(32), RENXING_INDEX_KEY: 'd2'.repeat(32) };

export function tempDataDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rx-${prefix}-`));
}

/** A free TCP port on 127.0.0.1 (kept across restarts so clients need not follow the server around). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Environment for a child `renxing` process: loopback only, SQLite in `dataDir`, quiet logs. */
export function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  // The parent may run the PostgreSQL suite or carry deployment settings; children start from a clean slate.
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'RENXING_MODE', 'NODE_ENV', 'RENXING_DATA_KEY', 'RENXING_INDEX_KEY', 'RENXING_KEY_FILE', 'RENXING_SQLITE_SYNCHRONOUS', 'RENXING_SQLITE_COMMIT_SYNC', 'RENXING_ALLOW_NONDURABLE']) delete base[k];
  // RENXING_MQTT_PORT=0: the embedded broker of each child takes a free port instead of contending for 1883.
  return { ...base, HOST: '127.0.0.1', RENXING_DATA_DIR: dataDir, RENXING_LOG_LEVEL: 'warn', RENXING_SEED: 'none', RENXING_MQTT_PORT: '0', ...extra };
}

/** Runs a `renxing` CLI command to completion. */
export function runRenxing(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, [RENXING_BIN, ...args], { env, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export type ServerProcess = {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Resolves with the exit code (or signal name) when the process has exited. */
  exited: Promise<number | string>;
};

/**
 * Spawns `renxing serve` (node flags such as `--cpu-prof` in `nodeArgs`) and resolves once it printed its "listening" line. Rejects (with the output) if the
 * process exits first or does not come up within `timeoutMs`.
 */
export async function startServer(env: NodeJS.ProcessEnv, port: number, timeoutMs = 30_000, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, RENXING_BIN, 'serve'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = () => {
      if (/listening on http:\/\//.test(out)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  return { child, port, output: () => out, exited };
}

/** SIGKILL (no shutdown hooks, no flush) and wait until the process is gone. */
export async function killHard(s: ServerProcess): Promise<void> {
  s.child.kill('SIGKILL');
  await s.exited;
}

/** SIGTERM (graceful shutdown) and wait. */
export async function stopGracefully(s: ServerProcess): Promise<void> {
  s.child.kill('SIGTERM');
  const t = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  await s.exited;
  clearTimeout(t);
}

export type HttpResult = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One HTTP request to 127.0.0.1; rejects on connection errors and timeouts (i.e. when no response arrived). */
export function request(
  port: number,
  o: { method: string; path: string; headers?: Record<string, string>; body?: unknown; agent?: http.Agent; timeoutMs?: number },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    const req = http.request(
      {
        host: '127.0.0.1', port, method: o.method, path: o.path, agent: o.agent,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...o.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(o.timeoutMs ?? 15_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

export type LoginSession = { cookie: string; csrf: string };

/** Logs in a demo user over HTTP; returns the cookie header value and the CSRF token. */
export async function login(port: number, username = 'admin', password = 'Renxing@Demo2026'): Promise<LoginSession> {
  const r = await request(port, { method: 'POST', path: '/api/auth/login', body: { username, password } });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.body}`);
  const set = r.headers['set-cookie']?.[0];
  if (!set) throw new Error('login set no cookie');
  return { cookie: set.split(';')[0]!, csrf: (JSON.parse(r.body) as { csrfToken: string }).csrfToken };
}

/** `PRAGMA integrity_check` through a separate read-only connection (safe next to a running WAL writer). */
export function integrityCheck(sqlitePath: string): string {
  const db = new SqliteDatabase(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Runs `fn` on a read-only connection to the database file. */
export function readOnly<T>(sqlitePath: string, fn: (db: SqliteDatabase.Database) => T): T {
  const db = new SqliteDatabase(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
