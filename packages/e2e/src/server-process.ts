// Starts the real system as a separate process: builds the web app when needed, then runs
// `node packages/server/bin/renxing.mjs serve` on a free port with a fresh data directory and the demo seed. Used by the
// browser tests (harness.ts, which adds vitest's seeded template and an external deployment) and by benchmarks that
// drive a browser (bench/first-load.ts), so it must not import vitest.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const WEB_DIR = path.join(REPO_ROOT, 'packages/web');
const WEB_DIST_INDEX = path.join(WEB_DIR, 'dist/index.html');
const RENXING_BIN = path.join(REPO_ROOT, 'packages/server/bin/renxing.mjs');

/** Password of every demo account created by RENXING_SEED=demo. */
export const DEMO_PASSWORD = 'Renxing@Demo2026';

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Builds packages/web when dist/ is missing or older than the web sources (so tests never run a stale UI). */
export function ensureWebBuilt(): void {
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(WEB_DIR, p)).filter((p) => fs.existsSync(p));
  if (fs.existsSync(WEB_DIST_INDEX) && fs.statSync(WEB_DIST_INDEX).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  // The bundle that ships (npm run build / npm start): vitest sets NODE_ENV=test, which would make Vite build antd's
  // development code (its deprecation warnings then reach the console and fail the specs' console checks).
  const env = { ...process.env, NODE_ENV: 'production' };
  const r = spawnSync(process.execPath, [vite, 'build', 'packages/web'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000, env });
  if (r.status !== 0 || !fs.existsSync(WEB_DIST_INDEX)) {
    throw new Error(`web build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

export type RunningServer = {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
};

// Variables from the parent (a PostgreSQL test run, deployment settings) that must not leak into the child.
export const SCRUBBED_ENV = [
  'DATABASE_URL', 'REDIS_URL', 'MQTT_URL', 'RENXING_MODE', 'NODE_ENV', 'RENXING_DATA_KEY', 'RENXING_INDEX_KEY',
  'RENXING_KEY_FILE', 'RENXING_SQLITE_SYNCHRONOUS', 'RENXING_ALLOW_NONDURABLE', 'RENXING_WEB_DIR', 'RENXING_COOKIE_SECURE',
];

async function waitForHealthy(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not healthy within ${timeoutMs} ms:\n${output()}`);
}

/**
 * The page shell and its scripts must come from the server itself (same origin, CSP `script-src 'self'`).
 * Checked once after start so that a server which cannot serve the UI fails with a clear message.
 */
export async function assertWebServed(baseUrl: string): Promise<void> {
  const shell = await fetch(`${baseUrl}/`);
  const html = await shell.text();
  if (shell.status !== 200 || !html.includes('<div id="root">')) {
    throw new Error(`GET / did not return the web shell (status ${shell.status})`);
  }
  for (const [, asset] of html.matchAll(/<script[^>]+src="([^"]+)"/g)) {
    const res = await fetch(new URL(asset, baseUrl));
    if (res.status !== 200) {
      throw new Error(`the server answers ${res.status} for the web asset ${asset}: ${(await res.text()).slice(0, 300)}`);
    }
  }
}

/**
 * Starts the real server (SQLite in a fresh temp dir, demo seed, port chosen by the OS) and waits for
 * GET /healthz → 200. `stop()` ends it and deletes the data directory.
 * - `templateDir`: a seeded data directory to start from (a copy), instead of seeding the demo community again;
 * - `buildWeb: false`: do not build packages/web (the server is told to serve another build through RENXING_WEB_DIR).
 */
export async function startServerProcess(
  options: { env?: Record<string, string>; timeoutMs?: number; templateDir?: string; buildWeb?: boolean } = {},
): Promise<RunningServer> {
  if (options.buildWeb !== false) ensureWebBuilt();
  const timeoutMs = options.timeoutMs ?? 90_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-e2e-data-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of SCRUBBED_ENV) delete env[key];
  // Start from a copy of a seeded template when there is one: the same demo community, fresh for this server, without
  // seeding it again.
  const template = options.templateDir;
  // The template is an SQLite data directory: a server on PostgreSQL (DATABASE_URL) seeds its own database.
  const fromTemplate = !!template && fs.existsSync(path.join(template, 'renxing.db')) && options.env?.RENXING_SEED === undefined && !options.env?.DATABASE_URL;
  if (fromTemplate) fs.cpSync(template, dataDir, { recursive: true });
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    RENXING_DATA_DIR: dataDir,
    RENXING_SEED: fromTemplate ? 'none' : 'demo',
    RENXING_LOG_LEVEL: 'warn',
    ...options.env,
  });
  const child = spawn(process.execPath, [RENXING_BIN, 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const output = () => out;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killTimer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // PORT=0: the server prints the address the OS gave it.
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not print its address within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const onData = () => {
        const m = /listening on (http:\/\/[^\s]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          resolve(m[1].replace(/\/$/, ''));
        }
      };
      child.stdout!.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`server exited (${child.exitCode ?? child.signalCode}) before listening:\n${out}`));
      });
    });
    await waitForHealthy(baseUrl, child, output, timeoutMs);
    await assertWebServed(baseUrl);
    return { baseUrl, dataDir, output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
