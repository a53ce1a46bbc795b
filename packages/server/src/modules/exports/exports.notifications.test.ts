import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../http/auth-context';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import { scanPi } from '../../../test/pi-scan';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { ROLE_PERMISSIONS } from '../auth';
import { DEFAULT_EXPORT_POLICY } from './exports.policy';
import { createExportsService, exportApproverRoles } from './exports.service';

/**
 * Who is told about an export that waits for approval, and what (SQLite, or PostgreSQL with RENXING_TEST_DIALECT=postgres):
 * the active accounts whose role may decide it (the approve route's permission, export:approve-district too at the
 * district level, never the requester's role) in the request's area or above it; the requester is told the decision.
 */
describe('export approval notifications', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let s: Record<'admin' | 'street' | 'district', Session>;
  const users: Record<string, string> = {};
  const db = () => t.platform.database.db;
  const REASON = '核对第一网格重点人员名单';

  const notes = (id: string, kind: string) =>
    db().selectFrom('notifications').selectAll().where('object_type', '=', 'export').where('object_id', '=', id).where('kind', '=', kind).orderBy('recipient_id').execute();
  const recipients = async (id: string, kind: string) => (await notes(id, kind)).map((n) => n.recipient_id as string).sort();
  const payload = (n: Record<string, unknown>) => t.platform.database.codec.readJson<Record<string, string>>(n.payload as string);
  const ids = (...names: string[]) => names.map((n) => users[n]!).sort();
  const mine = async (who: Session) => (await as(t, who).get('/api/notifications')).json() as { unread: number; items: Array<{ kind: string; read: boolean; subject: { type: string; id: string; data: Record<string, string> } | null }> };

  /** A community-level request (plaintext ID number asked for) of grid 1's one resident, by the community admin. */
  const requestOne = async () => {
    const r = await as(t, s.admin).post('/api/exports', {
      kind: 'residents', filters: { gridId: fx.g1.id }, columns: ['name', 'idNumber'], unmasked: ['idNumber'], purpose: 'epidemic.screening', reason: REASON, format: 'xlsx',
    });
    expect(r.statusCode).toBe(202);
    return r.json() as { id: string; status: string; expiresAt: string };
  };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t, 0);
    const { auth, orgs } = t.services;
    // Another street of the district and another district: approvers, but the request is not in their area.
    const street2 = await orgs.create({ parentId: t.orgs.district.id, level: 'street', code: '330902002', name: '环南街道' });
    const district2 = await orgs.create({ parentId: t.orgs.city.id, level: 'district', code: '330903', name: '普陀区' });
    const extra = [
      { username: 'admin2', role: 'community_admin', orgId: t.orgs.community.id }, // the requester's role: cannot decide it
      { username: 'adminb', role: 'community_admin', orgId: t.orgs.other.id },
      { username: 'street2', role: 'street_staff', orgId: street2.id },
      { username: 'district2', role: 'district_staff', orgId: district2.id },
      { username: 'streetoff', role: 'street_staff', orgId: t.orgs.street.id }, // disabled below
    ] as const;
    for (const u of extra) await auth.createUser({ username: u.username, displayName: u.username, role: u.role, orgId: u.orgId, password: DEMO_PASSWORD });
    for (const name of ['admin', 'admin2', 'adminb', 'street', 'street2', 'district', 'district2', 'streetoff', 'grid1', 'doctor']) {
      users[name] = (await auth.findByUsername(name))!.id;
    }
    await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', users.streetoff!).execute();
    s = { admin: await t.loginMfa('admin'), street: await t.loginMfa('street'), district: await t.loginMfa('district') };
  });
  afterAll(async () => t.close());

  it('the approvers are the roles with export:approve (and export:approve-district at the district level), never the requester\'s role', () => {
    expect(exportApproverRoles('community', 'community_admin').sort()).toEqual(['district_staff', 'street_staff']);
    expect(exportApproverRoles('district', 'community_admin')).toEqual(['district_staff']);
    // Every role it names may pass the approve route.
    for (const r of exportApproverRoles('community', 'grid_worker')) expect(ROLE_PERMISSIONS[r]).toContain('export:approve');
  });

  it('a request waiting for approval is notified to the active approvers above it: area, count, level, purpose; no resident, no reason', async () => {
    const e = await requestOne();
    expect(e.status).toBe('pending_approval');
    // street and district decide for community A; not the requester, not their colleague (same role), not another
    // community's admin, not the other street or district, not a disabled officer, not staff without the permission.
    expect(await recipients(e.id, 'export_request')).toEqual(ids('street', 'district'));

    const [first] = await notes(e.id, 'export_request');
    expect(payload(first!)).toEqual({ area: 'A社区', grid: fx.g1.name, rows: '1', level: 'community', purpose: 'epidemic.screening' });
    const text = JSON.stringify(await notes(e.id, 'export_request'));
    expect(scanPi(text)).toEqual([]);
    expect(text).not.toContain('张三');
    expect(text).not.toContain(FIXTURE_IDS.R1);
    expect(text).not.toContain(REASON);

    // The approver's bell lists it, pointing at the export.
    const bell = await mine(s.street);
    expect(bell.unread).toBe(1);
    expect(bell.items[0]).toMatchObject({ kind: 'export_request', read: false, subject: { type: 'export', id: e.id, data: { area: 'A社区', rows: '1' } } });
    expect((await mine(s.admin)).items.filter((n) => n.subject?.id === e.id)).toEqual([]);
  });

  it('a rejection tells the requester with the approver\'s note; the other approvers\' notices are settled', async () => {
    const e = await requestOne();
    const r = await as(t, s.street).post(`/api/exports/${e.id}/approve`, { decision: 'reject', note: '范围过大，请缩小' });
    expect(r.statusCode).toBe(200);
    const decided = await notes(e.id, 'export_decided');
    expect(decided.map((n) => n.recipient_id)).toEqual([users.admin]);
    expect(payload(decided[0]!)).toEqual({ decision: 'reject', note: '范围过大，请缩小', area: 'A社区', grid: fx.g1.name, rows: '1' });
    // Decided: the district officer's bell no longer counts the request (nor the street officer's).
    const requests = await notes(e.id, 'export_request');
    expect(requests.map((n) => [n.recipient_id, n.read_at !== null])).toEqual(ids('street', 'district').map((id) => [id, true]));
    const bell = await mine(s.admin);
    expect(bell.items.find((n) => n.subject?.id === e.id)).toMatchObject({ kind: 'export_decided', read: false, subject: { type: 'export', data: { decision: 'reject' } } });
  });

  it('an approval tells the requester until when they may download it', async () => {
    const e = await requestOne();
    const r = await as(t, s.district).post(`/api/exports/${e.id}/approve`, { decision: 'approve', note: '同意，限本次筛查使用' });
    expect(r.statusCode).toBe(200);
    const decided = await notes(e.id, 'export_decided');
    expect(decided.map((n) => n.recipient_id)).toEqual([users.admin]);
    expect(payload(decided[0]!)).toEqual({ decision: 'approve', until: r.json().expiresAt, area: 'A社区', grid: fx.g1.name, rows: '1' });
    expect(Date.parse(r.json().expiresAt) - Date.parse(t.platform.database.codec.readTs(decided[0]!.created_at)!)).toBe(DEFAULT_EXPORT_POLICY.downloadWindowHours * 3600_000);
    expect((await notes(e.id, 'export_request')).every((n) => n.read_at !== null)).toBe(true);
  });

  it('a district-level request goes to district staff only; an export that needs no approval notifies nobody', async () => {
    const { audit, orgs, securityAlerts, auth, notifications } = t.services;
    const svc = createExportsService(t.platform, audit, orgs, { alerts: securityAlerts, accounts: auth, notifications }, {
      ...DEFAULT_EXPORT_POLICY, districtThresholds: { whereabouts: 1, health: 1, other: 1 },
    });
    const c = t.orgs.community;
    const admin: Principal = {
      kind: 'user', id: users.admin!, username: 'admin', displayName: '社区书记', role: 'community_admin', orgId: c.id, orgPath: c.path, orgLevel: 'community', orgName: c.name,
      orgCode: c.code, permissions: new Set(ROLE_PERMISSIONS.community_admin), sessionId: null, csrfToken: null, mfaEnrolled: true, mfaAt: null,
    };
    const actor = { ...SYSTEM_ACTOR, actorId: admin.id, actorRole: admin.role, actorOrg: admin.orgId };
    const body = { kind: 'residents' as const, columns: ['name' as const], unmasked: [], purpose: 'registry.report' as const, reason: '上报', format: 'csv' as const };
    const big = await svc.request(admin, actor, { ...body, filters: { gridId: fx.g2.id } });
    expect(big.status).toBe('pending_district_approval');
    expect(await recipients(big.id, 'export_request')).toEqual(ids('district'));
    expect(payload((await notes(big.id, 'export_request'))[0]!)).toMatchObject({ level: 'district', area: 'A社区', rows: '1' });

    // Below the thresholds and masked: ready at once, nobody to tell.
    const plain = createExportsService(t.platform, audit, orgs, { alerts: securityAlerts, accounts: auth, notifications });
    const ready = await plain.request(admin, actor, { ...body, filters: {} });
    expect(ready.status).toBe('ready');
    expect(await db().selectFrom('notifications').select('id').where('object_id', '=', ready.id).execute()).toEqual([]);
  });

  it('the 导出审批 badge counts the requests the caller may decide, as the list marks them, and none once lapsed', async () => {
    const count = async (who: Session) => {
      const r = await as(t, who).get('/api/exports/pending-count');
      expect(r.statusCode).toBe(200);
      return (r.json() as { pending: number }).pending;
    };
    const decidable = async (who: Session) => ((await as(t, who).get('/api/exports')).json() as { items: Array<{ canDecide: boolean }> }).items.filter((i) => i.canDecide).length;
    await requestOne();
    // Pending now: the first test's request and this one (community level), and the district-level one above.
    expect(await count(s.street)).toBe(2);
    expect(await count(s.district)).toBe(3);
    for (const who of [s.street, s.district]) expect(await count(who)).toBe(await decidable(who));
    // The requester decides none of them; staff without an approving permission may not ask.
    expect(await count(s.admin)).toBe(0);
    expect((await as(t, await t.loginMfa('grid1')).get('/api/exports/pending-count')).statusCode).toBe(403);
    // Nobody decided in time: lapsed requests are no longer counted.
    t.clock.advance((DEFAULT_EXPORT_POLICY.approvalWindowHours + 1) * 3600_000);
    const later = await t.loginMfa('district');
    expect(await count(later)).toBe(0);
    expect(await decidable(later)).toBe(0);
  });
});
