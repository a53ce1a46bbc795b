import crypto from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT, TEST_PG_URL } from '../../../../test/harness';
import { dialects } from '../dialect';
import { migrations } from './index';

/**
 * 0025 on a database that already holds deletion requests: migrated up to 0024, rows inserted, then 0025 — the rows
 * stay as they were, 'withdrawn' is accepted, the other checks and the partial unique index (one open request per
 * resident) still hold. Runs on the suite's dialect (RENXING_TEST_DIALECT).
 */
describe('migration 0025 (deletion request status withdrawn) with data present', () => {
  const d = dialects[TEST_DIALECT];
  const schema = `t_m25_${crypto.randomBytes(5).toString('hex')}`;
  let db: Kysely<any>;
  let pool: pg.Pool | null = null;

  beforeAll(async () => {
    if (d.name === 'postgres') {
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 1, options: `-c search_path=${schema}` });
      db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    } else {
      const raw = new SqliteDatabase(':memory:');
      raw.pragma('foreign_keys = ON');
      db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    }
  });
  afterAll(async () => {
    if (d.name === 'postgres') await sql.raw(`drop schema ${schema} cascade`).execute(db);
    await db.destroy();
  });

  it('keeps the rows and the indexes, and accepts the new status', async () => {
    const upTo = migrations.findIndex((m) => m.name.startsWith('0025-'));
    expect(upTo).toBe(24);
    for (const m of migrations.slice(0, upTo)) await m.up(db, d);
    const row = (id: string, resident: string, status: string, extra: Record<string, unknown> = {}) => ({
      id, resident_id: resident, account_id: 'acc', org_path: '/1/2/', grid_id: 'g1', ground: 'other', scope: 'record', status,
      created_at: d.name === 'sqlite' ? '2026-03-01T02:00:00.000Z' : new Date('2026-03-01T02:00:00.000Z'), version: 1, ...extra,
    });
    await db.insertInto('deletion_requests').values([
      row('a', 'r1', 'open', { note_enc: 'enc-note' }),
      row('b', 'r1', 'rejected', { reply: '不能删除', decided_by: 'u1', decided_at: d.name === 'sqlite' ? '2026-03-02T02:00:00.000Z' : new Date('2026-03-02T02:00:00.000Z'), version: 2 }),
      row('c', 'r2', 'erased', { certificate_id: 'cert-1', version: 2 }),
    ]).execute();
    // Before 0025 the status is refused.
    await expect(db.insertInto('deletion_requests').values(row('x', 'r3', 'withdrawn')).execute()).rejects.toThrow(/check/i);
    const before = await db.selectFrom('deletion_requests').selectAll().orderBy('id').execute();

    await migrations[upTo]!.up(db, d);

    expect(await db.selectFrom('deletion_requests').selectAll().orderBy('id').execute()).toEqual(before);
    await db.insertInto('deletion_requests').values(row('w', 'r3', 'withdrawn')).execute();
    await expect(db.insertInto('deletion_requests').values(row('a2', 'r1', 'open')).execute()).rejects.toThrow(/unique|duplicate/i);
    await db.insertInto('deletion_requests').values(row('o3', 'r3', 'open')).execute(); // a withdrawn request does not block a new one
    await expect(db.insertInto('deletion_requests').values(row('y', 'r4', 'cancelled')).execute()).rejects.toThrow(/check/i);
    await expect(db.insertInto('deletion_requests').values(row('z', 'r4', 'open', { scope: 'everything' })).execute()).rejects.toThrow(/check/i);
    const indexes = d.name === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'deletion_requests' and sql is not null`.execute(db)).rows
      : (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = ${schema} and tablename = 'deletion_requests' and indexname <> 'deletion_requests_pkey'`.execute(db)).rows;
    expect(indexes.map((i) => i.name).sort()).toEqual([
      'deletion_requests_created_idx', 'deletion_requests_decided_idx', 'deletion_requests_open_idx', 'deletion_requests_resident_idx', 'deletion_requests_scope_idx',
    ]);
    if (d.name === 'sqlite') expect((await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'deletion_requests_new'`.execute(db)).rows[0]!.n).toBe(0);
  });
});
