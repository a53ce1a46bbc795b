// Two processes writing one SQLite file: an import or another command from the CLI while the server runs (or several
// CLI commands at once). A Kysely transaction used to start with a plain BEGIN, which takes the write lock only at its
// first write. A transaction that read first and then wrote, after another process had committed in between, could not
// upgrade its read snapshot and failed at once with SQLITE_BUSY ("database is locked"), whatever busy_timeout says —
// seen in cli.ops.test.ts when five `renxing import --dry-run` ran together. Write transactions now BEGIN IMMEDIATE:
// they wait (busy_timeout) for the other process's write, then see its rows.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test/reliability/server-process';
import { type Database, openDatabase } from './database';

let database: Database;
let dir: string;
let file: string;
let other: ChildProcess | null = null;

beforeAll(async () => {
  dir = tempDataDir('sqlite-procs');
  file = path.join(dir, 't.db');
  database = await openDatabase({ url: null, sqlitePath: file });
  await database.db.schema.createTable('ours').addColumn('n', 'integer').execute();
  await database.db.schema.createTable('theirs').addColumn('n', 'integer').execute();
});
afterAll(async () => {
  other?.kill('SIGKILL');
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Another process that commits a row into `theirs` every 5 ms until killed; resolves once it has written. */
async function otherWriter(): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('insert into theirs (n) values (?)');
    let i = 0;
    setInterval(() => { insert.run(i++); if (i === 1) process.stdout.write('writing\\n'); }, 5);
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer exited with ${code}`)));
  });
  return child;
}

describe('SQLite with a second writing process', () => {
  it('a transaction that reads, waits and then writes is neither refused nor blind to the other process', async () => {
    other = await otherWriter();
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        await database.writes.run(async (trx) => {
          const before = Number((await trx.selectFrom('theirs').select((eb) => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()).c);
          // The other process gets a turn (it writes every 5 ms) before this transaction writes.
          await sleep(20);
          await trx.insertInto('ours').values({ n: before }).execute();
        });
        outcomes.push('ok');
      } catch (e) {
        outcomes.push((e as { code?: string }).code ?? String(e));
      }
    }
    expect(outcomes).toEqual(Array(10).fill('ok'));
    other.kill('SIGKILL');
    other = null;
    const theirs = Number((await database.db.selectFrom('theirs').select((eb) => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()).c);
    expect(theirs).toBeGreaterThan(0);
    expect(Number((await database.db.selectFrom('ours').select((eb) => eb.fn.countAll().as('c')).executeTakeFirstOrThrow()).c)).toBe(10);
  });
});
