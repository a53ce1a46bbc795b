import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { housekeeping, registerHousekeepingStep } from './housekeeping';

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

  it('runs the steps modules registered for this database with the job\'s time; one failing does not stop the others', async () => {
    // The app registers its own (app.ts): overdue roll calls, lapsed control-point patrols, the lapsed export requests.
    expect(Object.keys((await housekeeping(t.platform.database, t.clock.now())).steps)).toContain('export-lapsed');
    const seen: string[] = [];
    registerHousekeepingStep(t.platform.database, 'test-broken', async () => {
      throw new Error('disk on fire');
    });
    registerHousekeepingStep(t.platform.database, 'test-ok', async (now) => {
      seen.push(now.toISOString());
      return { done: 1 };
    });
    const at = t.clock.now();
    await expect(housekeeping(t.platform.database, at)).rejects.toThrow('housekeeping steps failed (sessions and throttles were cleared): test-broken: disk on fire');
    expect(seen).toEqual([at.toISOString()]);
    // Registering a name again replaces the step (an app built again on the same platform).
    registerHousekeepingStep(t.platform.database, 'test-broken', async () => 'mended');
    expect((await housekeeping(t.platform.database, at)).steps).toMatchObject({ 'test-broken': 'mended', 'test-ok': { done: 1 } });
    // Another database's job does not run them.
    const other = await createTestApp();
    try {
      expect(Object.keys((await housekeeping(other.platform.database, other.clock.now())).steps)).toEqual(['roll-call-overdue', 'control-point-due', 'supply-reservation-expiry', 'lane-report-overdue', 'complaint-overdue', 'work-task-overdue', 'command-decision-overdue', 'upper-request-overdue', 'export-lapsed']);
    } finally {
      await other.close();
    }
  });
});
