// Both dialects (RENXING_TEST_DIALECT=postgres).
// Migration 0033: settling the unread notices of an object (a decided or lapsed export request, a correction, a
// deletion request) reads notifications_unread_object_idx, not the whole table. Asked of each database's planner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../../test/harness';
import { queryPlan } from '../../../../test/query-plan';

describe(`0033 unread-notices-of-an-object index (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('the unread notices of one object are found through notifications_unread_object_idx', async () => {
    const p = await queryPlan(t.platform.database, (db) => db.selectFrom('notifications').select('id')
      .where('object_type', '=', 'export').where('object_id', '=', 'e-1').where('read_at', 'is', null));
    expect(p, p).toMatch(/notifications_unread_object_idx/);
  });
});
