// Both dialects (RENXING_TEST_DIALECT=postgres).
// Migration 0035 (ADR 0072): an alert's duty-log entries are found through duty_logs_warning_idx, not by reading the
// whole log; the column refers to warning_alerts (an unknown alert is refused by the database too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../../test/harness';
import { queryPlan } from '../../../../test/query-plan';

describe(`0035 duty-log warning link (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('the entries about one alert read duty_logs_warning_idx', async () => {
    const p = await queryPlan(t.platform.database, (db) => db.selectFrom('duty_logs as d').select('d.id')
      .where('d.org_path', 'like', `${t.orgs.street.path}%`).where('d.warning_alert_id', '=', 'alert-1'));
    expect(p, p).toMatch(/duty_logs_warning_idx/);
  });

  it('refers to warning_alerts: an entry about an alert that does not exist is refused', async () => {
    const { db, codec } = t.platform.database;
    await expect(db.insertInto('duty_logs').values({
      id: 'dl-1', org_id: t.orgs.street.id, org_path: t.orgs.street.path, author_id: 'u', category: 'incident', content: 'x',
      occurred_at: codec.ts(new Date()), created_at: codec.ts(new Date()), warning_alert_id: 'no-such-alert',
    }).execute()).rejects.toThrow(/foreign key|FOREIGN KEY/i);
  });
});
