import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../src/app';
import { closePlatform, createPlatform } from '../src/bootstrap';
import { type Config, loadConfig } from '../src/config';
import { type Clock, manualClock } from '../src/platform/clock';
import type { Platform } from '../src/platform/context';
import { base32Decode, hotp, stepAt } from '../src/modules/auth/totp';
import { DEMO_PASSWORD, seedFoundation } from '../src/seed/foundation';
import { watchPersonalData } from './watch-personal-data';

/** Which database the suite runs against: SQLite by default, PostgreSQL with RENXING_TEST_DIALECT=postgres. */
export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.RENXING_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
export const TEST_PG_URL = process.env.RENXING_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const TEST_DATA_KEY = 'a'.repeat(64);
export const TEST_INDEX_KEY = 'b'.repeat(64);

export type TestApp = App & {
  platform: Platform;
  clock: Clock & { advance(ms: number): void; set(d: string | Date): void };
  config: Config;
  logs: string[];
  orgs: Awaited<ReturnType<typeof seedFoundation>>;
  /** Logs in a demo user; returns the cookie header and CSRF token. */
  login(username: string, password?: string): Promise<Session>;
  /**
   * Logs in and passes the second factor (privileged actions): sets up TOTP the first time (the harness keeps the
   * secret, like the user's authenticator app), then enters a fresh code from it at the test clock.
   */
  loginMfa(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
};

export type Session = { cookie: string; csrf: string; userId: string };

/** Builds a migrated, seeded app on a fresh database (temp SQLite file, or a fresh PostgreSQL schema). */
export async function createTestApp(o: { clockStart?: string; config?: Partial<Config>; seed?: boolean } = {}): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-test-'));
  const clock = manualClock(o.clockStart ?? '2025-06-01T00:00:00+08:00');
  const logs: string[] = [];
  const schema = TEST_DIALECT === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
  const config = loadConfig(
    { RENXING_DATA_DIR: dir, RENXING_LOG_LEVEL: 'info' } as NodeJS.ProcessEnv,
    {
      dataKey: TEST_DATA_KEY,
      indexKey: TEST_INDEX_KEY,
      databaseUrl: TEST_DIALECT === 'postgres' ? TEST_PG_URL : null,
      webDir: path.join(dir, 'no-web'),
      ...o.config,
    },
  );
  const platform = await createPlatform(config, { clock, logSink: { write: (l) => void logs.push(l) }, pgSchema: schema });
  const a = await buildApp(platform);
  watchPersonalData(a.app, platform.database.db);
  const orgs = o.seed === false ? (undefined as never) : await seedFoundation(a);
  const authenticators = new Map<string, { secret: Buffer; lastStep: number }>();
  const t: TestApp = {
    ...a, platform, clock, config, logs, orgs,
    async login(username, password = DEMO_PASSWORD) {
      const res = await a.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const c = res.cookies[0]!;
      return { cookie: `${c.name}=${c.value}`, csrf: res.json().csrfToken, userId: res.json().user.id };
    },
    async loginMfa(username, password = DEMO_PASSWORD) {
      const s = await t.login(username, password);
      const now = stepAt(clock.now().getTime());
      let app = authenticators.get(username);
      if (!app) {
        const setup = await as(t, s).post('/api/auth/mfa/setup');
        if (setup.statusCode !== 200) throw new Error(`mfa setup ${username}: ${setup.statusCode} ${setup.body}`);
        app = { secret: base32Decode(setup.json().secret), lastStep: now - 2 };
        authenticators.set(username, app);
        const ok = await as(t, s).post('/api/auth/mfa/enable', { code: hotp(app.secret, now) });
        if (ok.statusCode !== 200) throw new Error(`mfa enable ${username}: ${ok.statusCode} ${ok.body}`);
        app.lastStep = now;
        return s;
      }
      // A code is accepted once and within ±1 step of the server clock: take the next unused one.
      const step = Math.max(now - 1, app.lastStep + 1);
      if (step > now + 1) throw new Error(`no unused TOTP step left for ${username} at this test clock; advance t.clock by 30 s`);
      const ok = await as(t, s).post('/api/auth/mfa/verify', { code: hotp(app.secret, step) });
      if (ok.statusCode !== 200) throw new Error(`mfa verify ${username}: ${ok.statusCode} ${ok.body}`);
      app.lastStep = step;
      return s;
    },
    async close() {
      await a.app.close();
      // PostgreSQL test schemas are NOT dropped here: Kysely's migrator introspects every schema, and a schema dropped
      // by a parallel test file in the middle of that introspection fails it. scripts/test-pg.mjs drops them all
      // before and after the suite.
      await closePlatform(platform);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** Audit rows matching every `column = value` pair, oldest first. */
export function auditRows(t: TestApp, where: Record<string, string>) {
  let q = t.platform.database.db.selectFrom('audit_log').selectAll();
  for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
  return q.orderBy('id').execute();
}

/** Request helper with the session's cookie and CSRF header. */
export function as(t: TestApp, s: Session) {
  const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method, url, payload: payload as never,
      headers: { cookie: s.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }), ...headers },
    });
  return {
    get: (url: string, headers?: Record<string, string>) => req('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => req('POST', url, payload, headers),
    put: (url: string, payload?: unknown, headers?: Record<string, string>) => req('PUT', url, payload, headers),
    patch: (url: string, payload?: unknown, headers?: Record<string, string>) => req('PATCH', url, payload, headers),
    delete: (url: string, headers?: Record<string, string>) => req('DELETE', url, undefined, headers),
  };
}

const RENXING_BIN = path.resolve(import.meta.dirname, '../bin/renxing.mjs');

/**
 * For tests that run the command line on the test app's own data directory (restore, erasures reapply/prune …) and then
 * open the app again on what it left: `adopt(t)` starts with the test app itself; `cli(...)` runs `renxing` with the
 * test's keys on that directory; `open()` closes the app open now and opens a new one on the directory; `close()`
 * closes it; `current` is the app open now (null after close).
 */
export function dataDirSessions() {
  let t: TestApp | null = null;
  let current: { app: App; platform: Platform } | null = null;
  const close = async () => {
    if (!current) return;
    await current.app.app.close();
    await closePlatform(current.platform);
    current = null;
  };
  return {
    adopt(app: TestApp) {
      t = app;
      current = { app, platform: app.platform };
    },
    cli: (...args: string[]) =>
      spawnSync(process.execPath, [RENXING_BIN, ...args], {
        env: { ...process.env, RENXING_DATA_DIR: t!.config.dataDir, RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY, RENXING_LOG_LEVEL: 'silent' },
        encoding: 'utf8', timeout: 120_000,
      }),
    close,
    async open() {
      await close();
      const platform = await createPlatform(t!.config, { clock: t!.clock, logSink: { write: (l) => void t!.logs.push(l) } });
      current = { app: await buildApp(platform), platform };
      return current;
    },
    get current() {
      return current;
    },
  };
}
