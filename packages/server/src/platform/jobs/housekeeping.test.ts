import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { housekeeping } from './housekeeping';

describe('housekeeping job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('removes expired sessions; leaves idempotency keys to the retention job', async () => {
    const s = await t.login('grid1');
    await as(t, s).post('/api/duty-logs', { category: 'other', content: 'k' }, { 'idempotency-key': 'housekeeping-key-1' });
    expect((await housekeeping(t.platform.database, t.clock.now())).sessions).toBe(0);
    t.clock.advance(31 * 86400_000);
    const r = await housekeeping(t.platform.database, t.clock.now());
    expect(r.sessions).toBeGreaterThanOrEqual(1);
    expect(await t.platform.database.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    expect(await t.platform.database.db.selectFrom('idempotency_keys').selectAll().execute()).toHaveLength(1);
  });
});
