// One rule for refusals (denyAudited, ADR 0040): the `denied` audit row is written before the refusal is answered; if
// it cannot be written the request answers 503 audit_unavailable — never the refusal, never unrecorded — and the
// failure is logged. The same for the registry's refusals (household relocation, minors' data requests) and for the
// other modules' (here: security alerts).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;
const UNKNOWN = '01900000-0000-7000-8000-000000000000';

describe('refusals and a failing audit write (denyAudited)', () => {
  let t: TestApp;
  let fx: Fx;
  let w1: Session;
  let sec: Session;

  /** The three refusals: out-of-scope relocation, a minors' request for an unknown resident, an unknown security alert. */
  const refusals = () => [
    as(t, w1).post(`/api/households/${fx.h3.id}/relocate`, { version: 1, toHouseholdId: fx.h1.id, reason: '整户搬迁' }),
    as(t, w1).post(`/api/residents/${UNKNOWN}/minor-access`, { field: 'idNumber', reason: '核对疫苗接种登记' }),
    as(t, sec).post(`/api/admin/security-alerts/${UNKNOWN}/acknowledge`, {}),
  ];

  async function failAuditWrites() {
    const { db, dialect } = t.platform.database;
    if (dialect.name === 'sqlite') {
      await sql.raw(`create trigger audit_fail before insert on audit_log begin select raise(abort, 'injected audit failure'); end`).execute(db);
    } else {
      await sql.raw(`create or replace function rx_audit_fail() returns trigger language plpgsql as $$ begin raise exception 'injected audit failure'; end $$`).execute(db);
      await sql.raw(`create trigger audit_fail before insert on audit_log for each row execute function rx_audit_fail()`).execute(db);
    }
  }
  async function restoreAuditWrites() {
    const { db, dialect } = t.platform.database;
    await sql.raw('drop trigger audit_fail' + (dialect.name === 'postgres' ? ' on audit_log' : '')).execute(db);
  }

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t);
    w1 = await t.login('grid1');
    sec = await t.login('secadmin');
  });
  afterAll(async () => t.close());

  it('with the audit log working: each refusal answers 404 and leaves its denied row', async () => {
    for (const r of await Promise.all(refusals())) {
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('not_found');
    }
    expect(await auditRows(t, { actor_id: w1.userId, action: 'relocate', outcome: 'denied' })).toEqual([expect.objectContaining({ object_id: fx.h3.id, reason: 'not_found' })]);
    expect(await auditRows(t, { actor_id: w1.userId, action: 'minor_access_request', outcome: 'denied' })).toEqual([expect.objectContaining({ object_id: UNKNOWN, reason: 'not_found', severity: 'high' })]);
    expect(await auditRows(t, { actor_id: sec.userId, action: 'security_alert_ack', outcome: 'denied' })).toEqual([expect.objectContaining({ object_id: UNKNOWN, reason: 'not_found' })]);
  });

  it('when the denied row cannot be written: 503 audit_unavailable instead of the refusal, logged, nothing recorded', async () => {
    const before = t.logs.filter((l) => l.includes('audit write failed')).length;
    const rowsBefore = (await auditRows(t, { outcome: 'denied' })).length;
    await failAuditWrites();
    try {
      for (const r of await Promise.all(refusals())) {
        expect(r.statusCode).toBe(503);
        expect(r.json().error).toMatchObject({ code: 'audit_unavailable', message: expect.stringContaining('审计日志暂不可用'), messageEn: expect.stringContaining('Audit log unavailable') });
        expect(r.body).not.toContain('injected');
      }
    } finally {
      await restoreAuditWrites();
    }
    expect(t.logs.filter((l) => l.includes('audit write failed')).length).toBe(before + 3);
    expect((await auditRows(t, { outcome: 'denied' })).length).toBe(rowsBefore);
  });
});
