// SECURITY.md §7 M60 (durability configuration asserted at startup) and A9 second half (no keys in production →
// refuse to start). Runs in both suites: the SQLite checks need no server, the PostgreSQL checks use the local one.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RELIABILITY_KEYS, freePort, runRenxing, serverEnv, startServer, stopGracefully, tempDataDir } from '../../../test/reliability/server-process';
import { TEST_PG_URL } from '../../../test/harness';
import { DurabilityError, openDatabase } from './database';

const dirs: string[] = [];
const dir = (p: string) => {
  const d = tempDataDir(p);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The test PostgreSQL URL with a libpq `options` parameter that turns asynchronous commit on for the session. */
const PG_ASYNC_URL = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=-c%20synchronous_commit%3Doff`;

describe('SQLite durability settings (M60)', () => {
  it('opens with WAL, and FULL as NORMAL plus a WAL sync before acknowledgement (ADR 0042), and reports it', async () => {
    const d = await openDatabase({ url: null, sqlitePath: path.join(dir('dur'), 'a.db') });
    try {
      expect(d.durability).toBe('journal_mode=wal, synchronous=1(NORMAL) + WAL fdatasync before acknowledgement');
      expect(d.sqlite!.pragma('synchronous', { simple: true })).toBe(1);
      expect(d.walSync).not.toBeNull();
      expect(d.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(d.sqlite!.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      await d.close();
    }
  });

  it('accepts EXTRA (stricter than FULL): with the WAL sync, and inline when asked', async () => {
    const d = await openDatabase({ url: null, sqlitePath: path.join(dir('dur'), 'a.db'), sqliteSynchronous: 'EXTRA' });
    expect(d.durability).toBe('journal_mode=wal, synchronous=1(NORMAL) + WAL fdatasync before acknowledgement');
    await d.close();
    const inline = await openDatabase({ url: null, sqlitePath: path.join(dir('dur'), 'a.db'), sqliteSynchronous: 'EXTRA', sqliteCommitSync: 'inline' });
    expect(inline.durability).toBe('journal_mode=wal, synchronous=3(EXTRA)');
    expect(inline.walSync).toBeNull();
    await inline.close();
  });

  it.each(['NORMAL', 'OFF'] as const)('refuses synchronous=%s with DurabilityError', async (level) => {
    const file = path.join(dir('dur'), 'a.db');
    const opening = openDatabase({ url: null, sqlitePath: file, sqliteSynchronous: level });
    await expect(opening).rejects.toBeInstanceOf(DurabilityError);
    await expect(opening).rejects.toThrow(/refusing to start/);
  });

  it('opens NORMAL only when non-durable operation is allowed explicitly, and says so', async () => {
    const d = await openDatabase({ url: null, sqlitePath: path.join(dir('dur'), 'a.db'), sqliteSynchronous: 'NORMAL', allowNonDurable: true });
    expect(d.durability).toBe('journal_mode=wal, synchronous=1(NORMAL)');
    await d.close();
  });
});

describe('PostgreSQL durability settings (M60)', () => {
  it('opens the default server and reports synchronous_commit=on, fsync=on', async () => {
    const d = await openDatabase({ url: TEST_PG_URL });
    try {
      expect(d.durability).toBe('synchronous_commit=on, fsync=on');
    } finally {
      await d.close();
    }
  });

  it('refuses synchronous_commit=off set through the connection URL', async () => {
    const opening = openDatabase({ url: PG_ASYNC_URL });
    await expect(opening).rejects.toBeInstanceOf(DurabilityError);
    await expect(opening).rejects.toThrow(/synchronous_commit=off.*refusing to start/);
  });

  it('opens synchronous_commit=off only when allowed explicitly', async () => {
    const d = await openDatabase({ url: PG_ASYNC_URL, allowNonDurable: true });
    try {
      expect(d.durability).toBe('synchronous_commit=off, fsync=on');
      // The setting really is in effect on the pooled connections (the check read it, it did not assume it).
      expect((await d.pool!.query('show synchronous_commit')).rows[0].synchronous_commit).toBe('off');
    } finally {
      await d.close();
    }
  });
});

describe('`renxing serve` refuses non-durable or keyless starts (M60, A9)', () => {
  it('exits non-zero with "refusing to start" when RENXING_SQLITE_SYNCHRONOUS=NORMAL', () => {
    const r = runRenxing(['serve'], serverEnv(dir('cli'), { PORT: '0', RENXING_SQLITE_SYNCHRONOUS: 'NORMAL' }));
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr).toMatch(/refusing to start: SQLite synchronous=NORMAL/);
    expect(r.stdout).not.toMatch(/listening/);
  });

  it('exits non-zero when DATABASE_URL asks PostgreSQL for synchronous_commit=off', () => {
    const r = runRenxing(['serve'], serverEnv(dir('cli'), { PORT: '0', DATABASE_URL: PG_ASYNC_URL }));
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr).toMatch(/refusing to start: PostgreSQL synchronous_commit=off/);
    expect(r.stdout).not.toMatch(/listening/);
  });

  it('exits non-zero in production mode without keys, and generates no key file', () => {
    const d = dir('cli');
    const r = runRenxing(['serve'], serverEnv(d, { PORT: '0', RENXING_MODE: 'production' }));
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr).toMatch(/refusing to start: Production mode needs the encryption and blind-index keys/);
    expect(fs.existsSync(path.join(d, 'keys'))).toBe(false);
  });

  it('starts in production mode with keys on SQLite and logs journal_mode=wal with the WAL sync before acknowledgement', async () => {
    const d = dir('cli');
    const env = serverEnv(d, { ...RELIABILITY_KEYS, RENXING_MODE: 'production', RENXING_LOG_LEVEL: 'info' });
    const s = await startServer(env, await freePort());
    try {
      expect(s.output()).toMatch(/"durability":"journal_mode=wal, synchronous=1\(NORMAL\) \+ WAL fdatasync before acknowledgement"/);
      expect(s.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(sqlite; journal_mode=wal, synchronous=1\(NORMAL\) \+ WAL fdatasync before acknowledgement[;)]/);
    } finally {
      await stopGracefully(s);
    }
  });
});
