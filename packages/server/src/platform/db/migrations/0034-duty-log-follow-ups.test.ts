// Both dialects (RENXING_TEST_DIALECT=postgres).
// Migration 0034 (ADR 0071): an area's open follow-up items (待跟进) are read through duty_logs_open_idx (only the
// entries that asked for one) and "settled?" through duty_logs_closes_idx — neither reads the whole duty log, which
// grows for good. Asked of each database's planner, with the query the routes run (openFollowUpsUnder).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../../test/harness';
import { prefixRange, queryPlan } from '../../../../test/query-plan';
import { openFollowUpsUnder } from '../../../modules/duty-logs';

describe(`0034 duty-log follow-ups (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('the open items of an area read duty_logs_open_idx as a prefix range and look settling entries up in duty_logs_closes_idx', async () => {
    const p = await queryPlan(t.platform.database, (db) => openFollowUpsUnder(db, t.orgs.street.path).select(['d.id']).orderBy('d.occurred_at', 'desc'));
    if (t.platform.database.dialect.name === 'sqlite') {
      expect(p, p).toMatch(prefixRange.sqlite('d', 'duty_logs_open_idx'));
      expect(p, p).toMatch(/SEARCH s USING COVERING INDEX duty_logs_closes_idx \(closes_id=\?\)/);
      expect(p, p).not.toMatch(/SCAN (d|s)\b/);
    } else {
      expect(p, p).toMatch(/duty_logs_open_idx/);
      expect(p, p).toMatch(/duty_logs_closes_idx/);
      expect(p, p).not.toMatch(/Seq Scan/);
    }
  });

  it('an item is settled once: a second settling entry of the same item breaks the unique index', async () => {
    const { db, codec } = t.platform.database;
    const row = (id: string, closes: string | null, followUp: boolean) => ({
      id, org_id: t.orgs.street.id, org_path: t.orgs.street.path, author_id: 'u', category: 'other', content: 'x',
      occurred_at: codec.ts(new Date()), created_at: codec.ts(new Date()), follow_up: codec.bool(followUp), closes_id: closes,
    });
    await db.insertInto('duty_logs').values([row('open-1', null, true), row('done-1', 'open-1', false)]).execute();
    await expect(db.insertInto('duty_logs').values(row('done-2', 'open-1', false)).execute()).rejects.toThrow(/unique|UNIQUE/);
    // Entries settling nothing are not in the unique index (many nulls).
    await db.insertInto('duty_logs').values([row('plain-1', null, false), row('plain-2', null, false)]).execute();
  });
});
