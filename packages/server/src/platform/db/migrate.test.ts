// PostgreSQL only: the migrator's questions (does the schema exist, do its bookkeeping tables exist) are answered for
// its own schema (schemaIntrospector), not by Kysely's introspector, which lists every column of every table of every
// schema in the database — a cost that grew with the test suite's schemas (PostgreSQL setup 600–870 → 210–380 ms).
import crypto from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT, TEST_PG_URL } from '../../../test/harness';
import { dialects } from './dialect';
import { migrateToLatest, schemaIntrospector } from './migrate';
import { migrations } from './migrations';

describe('the list of migrations', () => {
  it('is in the order the migrator applies them (by name): a migration added out of order would run in another order on a fresh database than the list says', () => {
    const names = migrations.map((m) => m.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });
});

describe.skipIf(TEST_DIALECT !== 'postgres')('migrations on PostgreSQL: introspection of one schema', () => {
  const mine = `m_${crypto.randomBytes(5).toString('hex')}`;
  const other = `m_${crypto.randomBytes(5).toString('hex')}`;
  const statements: string[] = [];
  let admin: pg.Client;
  let db: Kysely<any>;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    // Another schema that already holds Kysely's bookkeeping tables (a second installation, another test).
    await admin.query(`create schema ${other}; create table ${other}.kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null);
      create table ${other}.kysely_migration_lock (id varchar(255) primary key, is_locked integer not null default 0); create table ${other}.residents (id text primary key)`);
    await admin.query(`create schema ${mine}`);
    const pool = new pg.Pool({ connectionString: TEST_PG_URL, options: `-c search_path=${mine}`, max: 2 });
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (e) => void statements.push(e.query.sql) });
  });
  afterAll(async () => {
    await db?.destroy();
    await admin?.query(`drop schema if exists ${mine} cascade; drop schema if exists ${other} cascade`);
    await admin?.end();
  });

  it('names only the tables and schema of its own schema', async () => {
    expect(await schemaIntrospector(db, mine).getTables()).toEqual([]);
    expect(await schemaIntrospector(db, mine).getSchemas()).toEqual([{ name: mine }]);
    const others = await schemaIntrospector(db, other).getTables();
    expect(others.map((t) => t.name).sort()).toEqual(['kysely_migration', 'kysely_migration_lock', 'residents']);
    expect(others.every((t) => t.schema === other && !t.isView)).toBe(true);
    // Without a schema: the connection's current schema (search_path), here `mine`.
    expect(await schemaIntrospector(db).getTables()).toEqual([]);
  });

  it('migrates a new schema beside another that has bookkeeping tables, without listing the database’s columns', async () => {
    statements.length = 0;
    const applied = await migrateToLatest(db, dialects.postgres, mine);
    expect(applied).toEqual(migrations.map((m) => m.name));
    const tables = (await schemaIntrospector(db, mine).getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['kysely_migration', 'kysely_migration_lock', 'residents', 'audit_log']));
    // Kysely's own introspector reads pg_attribute (every column of every schema); the migrator no longer asks it.
    expect(statements.filter((s) => /pg_attribute|pg_get_serial_sequence/.test(s))).toEqual([]);
    expect(await migrateToLatest(db, dialects.postgres, mine)).toEqual([]);
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(`${other}.kysely_migration`)}`.execute(db);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
