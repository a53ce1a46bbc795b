// A bulk load that drops indexes (seed --scale into an empty registry) and is killed with SIGKILL half-way must not
// leave the database without them: the next `renxing migrate` / server start recreates every dropped index.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../harness';
import { RELIABILITY_KEYS, RENXING_BIN, runRenxing, serverEnv, tempDataDir } from './server-process';

const TABLES = ['residents', 'resident_tags', 'households'];
const indexNames = (file: string) => {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return db.prepare(`select name from sqlite_master where type = 'index' and sql is not null and tbl_name in (${TABLES.map(() => '?').join(',')}) order by name`).pluck().all(...TABLES) as string[];
  } finally {
    db.close();
  }
};
const pending = (file: string) => {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare('select count(*) from deferred_indexes').pluck().get());
  } catch {
    return 0; // not migrated yet
  } finally {
    db.close();
  }
};

describe.skipIf(TEST_DIALECT !== 'sqlite')('indexes dropped by an interrupted bulk load come back (SQLite, real SIGKILL)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('kill -9 during `seed --scale` → `renxing migrate` recreates every dropped index and the load can run again', async () => {
    // The indexes a freshly migrated database has.
    const ref = tempDataDir('defidx-ref');
    dirs.push(ref);
    expect(runRenxing(['migrate'], serverEnv(ref, RELIABILITY_KEYS)).status).toBe(0);
    const expected = indexNames(path.join(ref, 'renxing.db'));
    expect(expected.length).toBeGreaterThanOrEqual(8);

    const dir = tempDataDir('defidx');
    dirs.push(dir);
    const env = serverEnv(dir, RELIABILITY_KEYS);
    const file = path.join(dir, 'renxing.db');
    const child = spawn(process.execPath, [RENXING_BIN, 'seed', '--scale', '400000'], { env, stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // Wait until the load has dropped the indexes (their definitions are recorded), then kill it mid-load.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !(fs.existsSync(file) && pending(file) > 0)) await new Promise((r) => setTimeout(r, 50));
    expect(pending(file)).toBe(expected.length);
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGKILL');
    await exited;
    expect(indexNames(file)).toEqual([]); // the load was cut off with the indexes dropped

    const m = runRenxing(['migrate'], env);
    expect(m.status).toBe(0);
    expect(m.stdout).toContain('recreated indexes an interrupted bulk load had dropped');
    expect(indexNames(file)).toEqual(expected);
    expect(pending(file)).toBe(0);
    const again = runRenxing(['migrate'], env);
    expect(again.stdout).not.toContain('recreated');
  }, 240_000);
});
