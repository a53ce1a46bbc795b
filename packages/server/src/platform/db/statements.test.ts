// Hot-path statements run inside the caller's transaction on both dialects: they see its uncommitted rows, are rolled
// back with it (item savepoint and whole transaction), and give the same results as Kysely's builder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT, TEST_PG_URL } from '../../../test/harness';
import { tempDataDir } from '../../../test/reliability/server-process';
import { type Database, openDatabase } from './database';
import { numberPlaceholders } from './statements';

let database: Database;
let dir: string;
const schema = `t_${crypto.randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  dir = tempDataDir('stmt');
  database = await openDatabase(
    TEST_DIALECT === 'postgres' ? { url: TEST_PG_URL, pgSchema: schema } : { url: null, sqlitePath: path.join(dir, 'stmt.db') },
  );
  await database.db.schema.createTable('things').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('n', 'integer').execute();
});
afterAll(async () => {
  if (TEST_DIALECT === 'postgres') await database.pool!.query(`drop schema ${schema} cascade`);
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`hot-path statements (${TEST_DIALECT})`, () => {
  it('numbers placeholders for PostgreSQL', () => {
    expect(numberPlaceholders('insert into t (a, b) values (?, ?) where c = ?')).toBe('insert into t (a, b) values ($1, $2) where c = $3');
  });

  it('runs inside the held transaction: sees its uncommitted rows and reports changed rows', async () => {
    const insert = database.statement('insert into things (id, n) values (?, ?)');
    const bump = database.statement('update things set n = n + ? where id like ?');
    const one = database.statement('select id, n from things where id = ?');
    const all = database.statement('select id, n from things where id like ? order by id');
    const r = await database.writes.run(async (trx) => {
      expect(await insert.run(trx, ['a-1', 1])).toBe(1);
      expect(await insert.run(trx, ['a-2', 2])).toBe(1);
      // Kysely's builder on the same transaction sees the statement's rows, and the statement sees the builder's.
      await trx.insertInto('things').values({ id: 'a-3', n: 3 }).execute();
      const seen = await trx.selectFrom('things').select('id').where('id', 'like', 'a-%').execute();
      expect(seen).toHaveLength(3);
      expect(await bump.run(trx, [10, 'a-%'])).toBe(3);
      return { first: await one.get<{ id: string; n: number }>(trx, ['a-1']), rows: await all.all<{ id: string; n: number }>(trx, ['a-%']), none: await one.get(trx, ['zz']) };
    });
    expect(r.first).toEqual({ id: 'a-1', n: 11 });
    expect(r.rows.map((x) => [x.id, Number(x.n)])).toEqual([['a-1', 11], ['a-2', 12], ['a-3', 13]]);
    expect(r.none).toBeUndefined();
  });

  it('is rolled back with a failing group-commit item, and with a failing single transaction', async () => {
    const insert = database.statement('insert into things (id, n) values (?, ?)');
    const ok = database.writes.run((trx) => insert.run(trx, ['b-ok', 1]));
    const bad = database.writes.run(async (trx) => {
      await insert.run(trx, ['b-bad', 1]);
      throw new Error('effect failed after its insert');
    });
    const [okR, badR] = await Promise.allSettled([ok, bad]);
    expect(okR).toEqual({ status: 'fulfilled', value: 1 });
    expect(badR.status === 'rejected' && String(badR.reason)).toContain('effect failed');
    const dup = database.writes.run((trx) => insert.run(trx, ['b-ok', 2]));
    await expect(dup).rejects.toThrow();
    const rows = await database.db.selectFrom('things').select(['id', 'n']).where('id', 'like', 'b-%').execute();
    expect(rows.map((x) => [x.id, Number(x.n)])).toEqual([['b-ok', 1]]);
  });
});
