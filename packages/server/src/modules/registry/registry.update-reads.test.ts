// Both dialects (RENXING_TEST_DIALECT=postgres).
// Updating a resident with a phone number in the patch compares it with the number on record (its blind index): the
// same number typed again is no change (registry.history.test.ts). That stored blind index used to be fetched by a
// query of its own, one more round trip per such update; it now comes with the record the update loads anyway.
// Observed on the connection: every query sent to PostgreSQL (the pool's clients), every statement newly prepared on
// SQLite (its statement cache hides repeated ones, so there the check is that no separate read of the blind index is
// prepared).
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

describe(`updating a resident's phone reads the record once (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let seen: string[] = [];
  let restore: () => void;

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t);
    admin = await t.login('admin');
    const { sqlite, pool } = t.platform.database;
    if (sqlite) {
      const raw: SqliteDatabase.Database = sqlite;
      const original = raw.prepare.bind(raw);
      raw.prepare = ((text: string) => {
        seen.push(text);
        return original(text);
      }) as typeof raw.prepare;
      restore = () => void (raw.prepare = original as typeof raw.prepare);
    } else {
      const p: pg.Pool = pool!;
      const connect = p.connect.bind(p) as () => Promise<pg.PoolClient>;
      const wrapped = new WeakSet<object>();
      p.connect = (async () => {
        const c = await connect();
        if (!wrapped.has(c)) {
          wrapped.add(c);
          const query = c.query.bind(c) as (...a: unknown[]) => unknown;
          (c as unknown as { query: unknown }).query = (...a: unknown[]) => {
            if (typeof a[0] === 'string') seen.push(a[0]);
            return query(...a);
          };
        }
        return c;
      }) as typeof p.connect;
      restore = () => void (p.connect = connect as typeof p.connect);
    }
  });
  afterAll(async () => {
    restore?.();
    await t.close();
  });

  const version = async (id: string) => (await as(t, admin).get(`/api/residents/${id}`)).json().version as number;
  const update = async (id: string, body: Record<string, unknown>) => {
    seen = [];
    const r = await as(t, admin).post(`/api/residents/${id}/update`, body);
    expect(r.statusCode, r.body).toBe(200);
    return { json: r.json(), queries: [...seen] };
  };
  const separateBidxRead = (q: string[]) => q.filter((s) => /^select "phone_bidx" from "residents"/i.test(s));

  it('the same number typed again: no separate read of the stored number, and (PostgreSQL) no more queries than an empty edit', async () => {
    const id = fx.R2.id; // phone 13900001111 in the fixture
    const v = await version(id);
    const same = await update(id, { version: v, phone: '139 0000 1111' });
    expect(same.json.version).toBe(v); // no change
    expect(same.queries.some((q) => /from "residents"/i.test(q)), 'the hook sees the reads').toBe(true);
    expect(separateBidxRead(same.queries)).toEqual([]);
    const empty = await update(id, { version: v });
    expect(empty.json.version).toBe(v);
    if (TEST_DIALECT === 'postgres') expect(same.queries.length).toBe(empty.queries.length);
  });

  it('a different number: a change (version + 1), still without a separate read', async () => {
    const id = fx.R1.id;
    const v = await version(id);
    const changed = await update(id, { version: v, phone: '13912340000' });
    expect(changed.json.version).toBe(v + 1);
    expect(separateBidxRead(changed.queries)).toEqual([]);
  });
});
