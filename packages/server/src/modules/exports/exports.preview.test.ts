import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import type { Principal } from '../../http/auth-context';
import { DEFAULT_EXPORT_POLICY } from './exports.policy';
import { createExportsService } from './exports.service';

/**
 * ADR 0049: the export dialog shows how many residents the filters select before anything is filed (a dry run,
 * scoped and audited), and a request that alone exceeds the daily cap is refused up front — 422 export_too_large,
 * naming the cap and how to narrow the filter — without the security alert that a pattern of exporting raises.
 * Community A holds R1 (G1), R2 (G2) and 5 generated residents in G1: 7 in all; community B holds R3.
 */
describe('export preview and oversize requests (ADR 0049)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let grid1: Session;
  let principal: Principal;

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t, 5);
    admin = await t.login('admin');
    grid1 = await t.login('grid1');
    const user = (await t.services.auth.findByUsername('admin'))!;
    principal = {
      kind: 'user', id: user.id, username: 'admin', displayName: '社区书记', role: 'community_admin', orgId: t.orgs.community.id, orgPath: t.orgs.community.path,
      orgLevel: 'community', orgName: 'A', orgCode: 'a', permissions: new Set(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    } as unknown as Principal;
  });
  afterAll(async () => t.close());

  const preview = (who: Session, body: Record<string, unknown>) => as(t, who).post('/api/exports/preview', { kind: 'residents', columns: ['name'], ...body });

  it('POST /api/exports/preview counts the residents the filters select in the caller scope, with the approval and the daily cap; audited; writes no export', async () => {
    const all = await preview(admin, {});
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ rows: 7, approvalLevel: 'none', cap: { perDay: 1000, usedLast24h: 0, remaining: 1000 }, verdict: 'ok' });
    expect((await preview(admin, { filters: { gridId: fx.g2.id } })).json()).toMatchObject({ rows: 1, verdict: 'ok' });
    // A grid of another community selects nobody: the count never reaches outside the caller's scope.
    expect((await preview(admin, { filters: { gridId: fx.gB.id } })).json()).toMatchObject({ rows: 0, verdict: 'empty' });
    // Plaintext columns need approval, as the request would.
    expect((await preview(admin, { columns: ['name', 'idNumber'], unmasked: ['idNumber'] })).json()).toMatchObject({ approvalLevel: 'community', approvalReasons: ['unmasked_columns'] });
    // A grid worker may not export, so may not count either; bad input names the field.
    expect((await preview(grid1, {})).statusCode).toBe(403);
    const bad = await preview(admin, { columns: [] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('columns');
    const rows = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export_preview').where('actor_id', '=', admin.userId).execute();
    expect(rows.length).toBe(4);
    expect(rows[0]).toMatchObject({ object_type: 'export', outcome: 'success' });
    expect(rows.map((r) => Number(r.count))).toEqual([7, 1, 0, 7]);
    expect(await t.platform.database.db.selectFrom('exports').select('id').execute()).toEqual([]);
  });

  it('a request that alone exceeds the daily cap: 422 export_too_large naming the cap and how to narrow; audited as denied; no security alert, no export', async () => {
    const { audit, orgs, securityAlerts, auth, notifications } = t.services;
    const svc = createExportsService(t.platform, audit, orgs, { alerts: securityAlerts, accounts: auth, notifications }, { ...DEFAULT_EXPORT_POLICY, dailyRowCap: 3 });
    const actor = { ...SYSTEM_ACTOR, actorId: principal.id, actorRole: principal.role, actorOrg: principal.orgId };
    const body = { kind: 'residents' as const, columns: ['name' as const], unmasked: [], purpose: 'epidemic.screening' as const, reason: '核酸筛查名单核对', format: 'xlsx' as const };

    expect(await svc.preview(principal, actor, { filters: {}, columns: ['name'], unmasked: [] })).toMatchObject({ rows: 7, verdict: 'too_large', cap: { perDay: 3 } });
    const alertsBefore = await t.platform.database.db.selectFrom('security_alerts').selectAll().execute();
    const err = await svc.request(principal, actor, { ...body, filters: {} }).then(() => null, (e: unknown) => e as { status: number; code: string; messageZh: string; messageEn: string; details: Array<{ path: string }> });
    expect(err).toMatchObject({ status: 422, code: 'export_too_large' });
    expect(err!.messageZh).toContain('3');
    expect(err!.messageZh).toContain('缩小范围');
    expect(err!.messageEn).toMatch(/cap of 3 rows/);
    expect(err!.messageEn).toMatch(/Narrow the filter/);
    expect(err!.details[0]!.path).toBe('filters');
    expect(await t.platform.database.db.selectFrom('security_alerts').selectAll().execute()).toHaveLength(alertsBefore.length);
    expect(await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export_cap_exceeded').execute()).toEqual([]);
    const denied = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export_request').where('outcome', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ reason: 'export_too_large', severity: 'normal' });
    expect(await t.platform.database.db.selectFrom('exports').select('id').execute()).toEqual([]);

    // Within the cap it is filed; the pattern rule (today's requests + this one over the cap) still raises the alert.
    expect((await svc.request(principal, actor, { ...body, filters: { gridId: fx.g2.id } })).rowCount).toBe(1);
    expect(await svc.preview(principal, actor, { filters: { gridId: fx.g2.id }, columns: ['name'], unmasked: [] })).toMatchObject({ rows: 1, verdict: 'ok', cap: { usedLast24h: 1, remaining: 2 } });
    expect((await svc.request(principal, actor, { ...body, filters: { gridId: fx.g2.id } })).rowCount).toBe(1);
    const r2 = await svc.request(principal, actor, { ...body, filters: { gridId: fx.g2.id } });
    expect(r2.rowCount).toBe(1); // 3: exactly the cap
    expect(await svc.preview(principal, actor, { filters: { gridId: fx.g2.id }, columns: ['name'], unmasked: [] })).toMatchObject({ verdict: 'over_daily_cap', cap: { usedLast24h: 3, remaining: 0 } });
    const over = await svc.request(principal, actor, { ...body, filters: { gridId: fx.g2.id } }).then(() => null, (e: { code: string }) => e);
    expect(over).toMatchObject({ code: 'daily_export_cap' });
    const alertsAfter = await t.platform.database.db.selectFrom('security_alerts').selectAll().execute();
    expect(alertsAfter).toHaveLength(alertsBefore.length + 1);
  });
});
