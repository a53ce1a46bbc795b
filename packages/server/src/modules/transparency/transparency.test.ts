import { SUPPRESSED_COUNT, TransparencyAreaListSchema, TransparencyReportSchema, WITHHELD_COUNT, type TransparencyReport } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { scanPi } from '../../../test/pi-scan';
import { SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import { systemActor } from '../audit';
import { monthRange } from './transparency.service';
import { createFigures } from './transparency.figures';

/**
 * SECURITY.md §7 test 69 "Transparency report contains no PI" (ADR 0032): a month of activity — exports, reveals,
 * break-the-glass, restrictions, status changes, correction requests, an emergency period, a lock-out, a retention run —
 * then the public report of that month: counted correctly (the raw read model exactly, the published report with 1–4
 * shown as "<5"), nothing personal in it, readable without signing in, per area.
 */

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

const MAY_END_MINUS = '2025-05-31T23:59:59.900+08:00';
const JUNE_START = '2025-06-01T00:00:00.000+08:00';

/** Every number in the report other than `minCell` is a count: 0 or at least 5 (1–4 must have become "<5"). */
function smallNumbers(v: unknown, path = ''): string[] {
  if (typeof v === 'number') return path === '.minCell' || v === 0 || v >= 5 ? [] : [`${path}=${v}`];
  if (Array.isArray(v)) return v.flatMap((x, i) => smallNumbers(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => smallNumbers(x, `${path}.${k}`));
  return [];
}

/**
 * Groups of the report whose total is published exactly while one of its parts is not (ADR 0044): there total − the
 * exact parts gives the "<5" part (or, for a subset, the unlisted rest). Empty for a report that is safe against it.
 */
function differencing(rep: TransparencyReport): string[] {
  const exact = (v: unknown) => typeof v === 'number';
  const sums: Array<[string, unknown, unknown[]]> = [
    ['reveals', rep.reveals.total, Object.values(rep.reveals.byField)],
    ['statusChanges', rep.statusChanges.total, Object.values(rep.statusChanges.byReason)],
    ['corrections.resolved', rep.corrections.resolved, [rep.corrections.applied, rep.corrections.rejected]],
    ['deletions', rep.deletions.total, rep.deletions.byClass.map((c) => c.count)],
  ];
  const out = sums.filter(([, total, parts]) => exact(total) && !parts.every(exact)).map(([name]) => name);
  const subsets: Array<[string, unknown, unknown]> = [
    ['exports.requested', rep.exports.requested, rep.exports.needingApproval],
    ['exports.downloaded', rep.exports.downloaded, rep.exports.downloadsWithPlaintext],
  ];
  for (const [name, total, part] of subsets) {
    if (exact(total) && exact(part)) {
      const rest = (total as number) - (part as number);
      if (rest > 0 && rest < 5) out.push(name);
    }
  }
  return out;
}

describe('transparency report (SECURITY.md §7 test 69, ADR 0032)', () => {
  let t: TestApp;
  let fx: Fx;
  let grid1: Session;
  let admin: Session;
  const fileRows: number[] = [];
  const userIds: string[] = [];
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const figures = () => createFigures(t.platform.database.db, t.platform.database.codec, { lockoutFailures: 5 });
  const areaOf = (path: string) => ({ path, above: path.split('/').filter(Boolean).map((_, i, a) => `/${a.slice(0, i + 1).join('/')}/`) });

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-05-03T09:00:00+08:00' });
    fx = await seedScopedFixture(t, 8); // R1 + 8 residents in grid 1, R2 in grid 2 (community A), R3 in community B
    const resident = (await t.services.auth.findByUsername('resident'))!;
    await t.services.selfReports.linkAccount(resident.id, fx.R1.id);
    for (const u of ['admin', 'grid1', 'street', 'district', 'resident', 'volunteer']) userIds.push((await t.services.auth.findByUsername(u))!.id);
    grid1 = await t.login('grid1');
    admin = await t.loginMfa('admin');
    const street = await t.loginMfa('street');

    // Exports by the community admin: 5 small masked ones (ready at once), one with plaintext phones (approved by the
    // street), one rejected; six downloaded.
    const exportOf = async (body: Record<string, unknown>) => {
      const r = await as(t, admin).post('/api/exports', {
        kind: 'residents', filters: { gridId: fx.g1.id }, purpose: 'epidemic.screening', reason: '核酸筛查名单核对', format: 'csv', columns: ['name'], ...body,
      });
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r.json().id as string;
    };
    const download = async (id: string) => {
      const f = await as(t, admin).get(`/api/exports/${id}/file`);
      expect(f.statusCode, f.body).toBe(200);
      fileRows.push(Number(f.headers['x-export-rows']));
    };
    for (let i = 0; i < 5; i++) await download(await exportOf({}));
    const plain = await exportOf({ columns: ['name', 'phone'], unmasked: ['phone'] });
    expect((await as(t, street).post(`/api/exports/${plain}/approve`, { decision: 'approve', note: '同意，限本次筛查使用' })).statusCode).toBe(200);
    await download(plain);
    const refused = await exportOf({ columns: ['name', 'phone'], unmasked: ['phone'] });
    expect((await as(t, street).post(`/api/exports/${refused}/approve`, { decision: 'reject', note: '范围过大，请缩小' })).statusCode).toBe(200);

    // Reveals: five ID numbers and two phones of R1 by the grid worker, one phone of R2 by the admin (the sixth ID
    // number comes on the last evening of the month, below).
    const reveal = async (s: Session, id: string, field: 'idNumber' | 'phone') =>
      expect((await as(t, s).post(`/api/residents/${id}/reveal`, { field, reason: '核对核酸登记' })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) await reveal(grid1, fx.R1.id, 'idNumber');
    for (let i = 0; i < 2; i++) await reveal(grid1, fx.R1.id, 'phone');
    await reveal(admin, fx.R2.id, 'phone');

    // Correction requests from R1's account: one applied (the free-text one: a phone must be on the record first), one
    // rejected.
    const me = await t.login('resident');
    const asked = [];
    for (const body of [{ field: 'phone', proposed: '139 1234 5678', note: '换号了' }, { field: 'other', proposed: '楼号登记错了', note: null }]) {
      const r = await as(t, me).post('/api/me/corrections', body);
      expect(r.statusCode, r.body).toBe(201);
      asked.push(r.json().id as string);
    }
    for (const [i, id] of asked.entries()) {
      const r = await as(t, grid1).post(`/api/registry/corrections/${id}/resolve`, { decision: i === 0 ? 'rejected' : 'applied', reply: '已核实', version: 1 });
      expect(r.statusCode, r.body).toBe(200);
    }
    // A deletion request from R1's account (ADR 0037), rejected by the community admin with a reason.
    const del = await as(t, me).post('/api/me/deletion-requests', { ground: 'no_longer_necessary', scope: 'care_tags', note: null });
    expect(del.statusCode, del.body).toBe(201);
    const decided = await as(t, admin).post(`/api/registry/deletion-requests/${del.json().id}/decide`, { decision: 'reject', reply: '仍在提供关爱服务，依法保留', version: 1 });
    expect(decided.statusCode, decided.body).toBe(200);

    // Status changes: five of grid 1 moved out and one died (grid worker); R2 moved out and came back (admin); R3 in
    // community B moved out (street-level principal, through the service).
    const status = async (s: Session, id: string, version: number, to: string) => {
      const r = await as(t, s).post(`/api/residents/${id}/status`, { version, status: to, effectiveDate: '2025-05-02', reason: '入户核实' });
      expect(r.statusCode, r.body).toBe(200);
    };
    for (let i = 0; i < 5; i++) await status(grid1, fx.extras[i]!.id, fx.extras[i]!.version, 'moved_out');
    await status(grid1, fx.extras[5]!.id, fx.extras[5]!.version, 'deceased');
    await status(admin, fx.R2.id, fx.R2.version, 'moved_out');
    await status(admin, fx.R2.id, fx.R2.version + 1, 'active');
    const streetPrincipal = {
      kind: 'user' as const, id: userIds[2]!, username: 'street', displayName: 'x', role: 'street_staff', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    await t.services.registry.changeStatus(streetPrincipal, SYSTEM_ACTOR, fx.R3.id, { version: fx.R3.version, status: 'moved_out', effectiveDate: '2025-05-02', reason: '迁往外地' });

    // R1 restricted, opened once with break-the-glass, restriction lifted.
    expect((await as(t, admin).post(`/api/residents/${fx.R1.id}/restriction`, { restricted: true, reason: '家暴庇护对象', version: fx.R1.version })).statusCode).toBe(200);
    expect((await as(t, grid1).post(`/api/residents/${fx.R1.id}/break-glass`, { reason: '入户核查发热' })).statusCode).toBe(200);
    expect((await as(t, admin).post(`/api/residents/${fx.R1.id}/restriction`, { restricted: false, reason: '庇护结束', version: fx.R1.version + 1 })).statusCode).toBe(200);

    // An emergency period for the district, from 10 May.
    const district = await t.login('district');
    const e = await as(t, district).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2025-05-10', legalRef: '定防指〔2025〕3号' });
    expect(e.statusCode, e.body).toBe(201);

    // A lock-out: five wrong passwords for one account.
    for (let i = 0; i < 5; i++) {
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'volunteer', password: 'Wrong-Password-1' } })).statusCode).toBe(401);
    }

    // Safeguards (written as the modules store them): care-service consents — two recorded in community A, one of them
    // withdrawn, one in community B; two requests for a child's ID number in A, one approved and one refused; one
    // security alert about grid1's account; one breach impact query by the security admin.
    const { db, codec } = t.platform.database;
    const may = (d: number, h = 10) => codec.ts(new Date(`2025-05-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+08:00`));
    const consent = (id: string, residentId: string, orgPath: string, withdrawn: string | null) => ({
      id, resident_id: residentId, purpose: 'care_services', notice_version: 'v1', method: 'written', note: null, import_job_id: null,
      recorded_by: userIds[0]!, recorded_at: may(3), withdrawn_at: withdrawn, withdrawn_by: withdrawn ? userIds[0]! : null,
      withdraw_method: withdrawn ? 'oral_witnessed' : null, withdraw_note: null, org_path: orgPath, version: withdrawn ? 2 : 1,
    });
    await db.insertInto('resident_consents').values([
      consent('rc-a1', fx.R1.id, fx.g1.path, may(20)), consent('rc-a2', fx.extras[0]!.id, fx.g1.path, null), consent('rc-b1', fx.R3.id, fx.gB.path, null),
    ]).execute();
    const minorReq = (id: string, status: 'approved' | 'rejected') => ({
      id, resident_id: fx.extras[1]!.id, org_path: fx.g1.path, requester_id: userIds[1]!, field: 'idNumber', reason: '核对接种登记', purpose: 'registry.maintenance',
      status, decided_by: userIds[0]!, decided_at: may(4), decision_note: status === 'rejected' ? '请联系监护人' : null, expires_at: may(5), uses_left: 3,
      created_at: may(3), version: 2,
    });
    await db.insertInto('minor_access_requests').values([minorReq('mar-1', 'approved'), minorReq('mar-2', 'rejected')]).execute();
    await db.insertInto('security_alerts').values({
      id: 'sa-1', created_at: may(6), kind: 'browsing', severity: 'high', actor_id: userIds[1]!, org_path: fx.g1.path, object_type: 'user', object_id: userIds[1]!,
      count: 31, details: '{}', status: 'open',
    }).execute();
    const impact = await as(t, await t.loginMfa('secadmin')).get('/api/admin/impact?actor=grid1&from=2025-05-01T00:00:00%2B08:00&to=2025-05-03T09:00:00%2B08:00');
    expect(impact.statusCode, impact.body).toBe(200);

    // A retention run that deletes seven idempotency records older than their 30 days.
    const old = new Date(t.clock.now().getTime() - 40 * 86400_000).toISOString();
    await db.insertInto('idempotency_keys').values(Array.from({ length: 7 }, (_, i) => ({
      actor_id: userIds[1]!, key: `old-${i}`, request_hash: 'x', status_code: 200, response_body: '{}', created_at: old,
    }))).execute();
    const cert = await t.services.retention.run(systemActor(null));
    expect(cert.counts.find((c) => c.table === 'idempotency_keys')!.rows).toBe(7);

    // The last evening of May (counted) and the first instant of June (not counted in May).
    t.clock.set(MAY_END_MINUS);
    grid1 = await t.login('grid1');
    await reveal(grid1, fx.R1.id, 'idNumber');
    t.clock.set(JUNE_START);
    grid1 = await t.login('grid1');
    await reveal(grid1, fx.R1.id, 'phone');
    t.clock.set('2025-06-02T10:00:00+08:00');
  });
  afterAll(async () => t.close());

  it('the read model counts the month exactly (whole installation, community A, community B)', async () => {
    const range = monthRange('2025-05');
    const all = await figures().month(range, null);
    const rows = fileRows.reduce((a, b) => a + b, 0);
    expect(rows).toBe(6 * 9);
    expect(all.exports).toEqual({ requested: 7, needingApproval: 2, approved: 1, rejected: 1, downloaded: 6, rowsExported: rows, downloadsWithPlaintext: 1 });
    expect(all.reveals).toEqual({ idNumber: 6, phone: 3 });
    expect(all.breakGlass).toBe(1);
    expect([all.restricted, all.unrestricted]).toEqual([1, 1]);
    expect(all.statusChanges).toEqual({ moved_out: 7, deceased: 1, returned: 1 });
    expect(all.corrections).toEqual({ opened: 2, applied: 1, rejected: 1, withdrawn: 0 });
    expect(all.deletionRequests).toEqual({ requested: 1, erased: 0, restricted: 0, rejected: 1, withdrawn: 0 });
    expect(all.deletions.certificates).toBe(1);
    expect(all.deletions.byClass.find((c) => c.table === 'idempotency_keys')).toEqual({ table: 'idempotency_keys', action: 'delete', trigger: 'age', rows: 7 });
    expect(all.deletions.byClass.reduce((a, c) => a + c.rows, 0)).toBe(7);
    expect(all.emergencies).toEqual({ declared: 1, ended: 0, cancelled: 0 });
    expect(all.lockouts).toBe(1);
    expect(all.safeguards).toEqual({ consentsRecorded: 3, consentsWithdrawn: 1, minorRequests: 2, minorApproved: 1, minorRejected: 1, securityAlerts: 1, impactQueries: 1 });

    const a = await figures().month(range, areaOf(t.orgs.community.path));
    expect(a.exports).toEqual(all.exports);
    expect(a.reveals).toEqual({ idNumber: 6, phone: 3 });
    expect(a.statusChanges).toEqual({ moved_out: 6, deceased: 1, returned: 1 });
    expect([a.breakGlass, a.restricted, a.unrestricted]).toEqual([1, 1, 1]);
    expect(a.corrections).toEqual({ opened: 2, applied: 1, rejected: 1, withdrawn: 0 });
    expect(a.deletionRequests).toEqual({ requested: 1, erased: 0, restricted: 0, rejected: 1, withdrawn: 0 });
    expect(a.emergencies).toEqual({ declared: 1, ended: 0, cancelled: 0 }); // declared for the district above it

    const b = await figures().month(range, areaOf(t.orgs.other.path));
    expect(b.exports).toEqual({ requested: 0, needingApproval: 0, approved: 0, rejected: 0, downloaded: 0, rowsExported: 0, downloadsWithPlaintext: 0 });
    expect(b.reveals).toEqual({});
    expect(b.statusChanges).toEqual({ moved_out: 1 });
    expect([b.breakGlass, b.restricted, b.unrestricted]).toEqual([0, 0, 0]);
    expect(b.corrections).toEqual({ opened: 0, applied: 0, rejected: 0, withdrawn: 0 });
    expect(b.deletionRequests).toEqual({ requested: 0, erased: 0, restricted: 0, rejected: 0, withdrawn: 0 });
    // Consents, requests and alerts count where they were recorded; impact queries only for the installation.
    expect(a.safeguards).toEqual({ consentsRecorded: 2, consentsWithdrawn: 1, minorRequests: 2, minorApproved: 1, minorRejected: 1, securityAlerts: 1, impactQueries: 1 });
    expect(b.safeguards).toMatchObject({ consentsRecorded: 1, consentsWithdrawn: 0, minorRequests: 0, securityAlerts: 0 });
  });

  it('test 69: GET /api/transparency/2025-05 without signing in — the counts, "<5" for 1–4, and no PI', async () => {
    const auditBefore = await t.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const r = await get('/api/transparency/2025-05');
    expect(r.statusCode, r.body).toBe(200);
    const rep: TransparencyReport = TransparencyReportSchema.parse(r.json());
    expect(rep).toMatchObject({
      month: '2025-05', status: 'final', area: null, minCell: 5,
      period: { from: '2025-05-01', to: '2025-05-31', timeZone: 'Asia/Shanghai' }, asOf: '2025-05-31T16:00:00.000Z',
    });
    const S = SUPPRESSED_COUNT;
    const W = WITHHELD_COUNT;
    // A "<5" part next to its exact parts withholds the total (ADR 0044): 9 − 6 would give the 3 phone reveals, and
    // 9 − 7 the 1 + 1 deaths and returns. Needing approval "<5" of 7 requested is safe: the rest is not listed.
    expect(rep.exports).toEqual({ requested: 7, needingApproval: S, approved: S, rejected: S, downloaded: 6, rowsExported: 54, downloadsWithPlaintext: S });
    expect(rep.reveals).toEqual({ total: W, byField: { idNumber: 6, phone: S } });
    expect(rep.breakGlass).toEqual({ grants: S });
    expect(rep.restrictedRecords).toEqual({ restricted: S, unrestricted: S });
    expect(rep.statusChanges).toEqual({ total: W, byReason: { moved_out: 7, deceased: S, returned: S } });
    expect(rep.corrections).toEqual({ opened: S, resolved: S, applied: S, rejected: S, withdrawn: 0 });
    expect(rep.deletionRequests).toEqual({ requested: S, erased: 0, restricted: 0, rejected: S, withdrawn: 0 });
    expect(rep.deletions).toMatchObject({ scope: 'installation', certificates: S, total: 7 });
    expect(rep.deletions.byClass).toContainEqual({ class: 'idempotency_keys', label: expect.objectContaining({ zh: expect.any(String), en: expect.any(String) }), action: 'delete', trigger: 'age', count: 7 });
    expect(rep.emergencies).toEqual({ declared: S, ended: 0, cancelled: 0, inForce: [{ area: '定海区', level: 'district', startDate: '2025-05-10', endDate: null, legalRef: '定防指〔2025〕3号' }] });
    expect(rep.signInLockouts).toEqual({ scope: 'installation', count: S });
    expect(rep.safeguards).toEqual({
      consentsRecorded: S, consentsWithdrawn: S, minorRequests: S, minorApproved: S, minorRejected: S, securityAlerts: S, impactQueries: { scope: 'installation', count: S },
    });
    expect(smallNumbers(rep)).toEqual([]);
    expect(differencing(rep)).toEqual([]);

    // The PI scan of test 7, and nothing that points at a person, an account or a record.
    expect(scanPi(r.body)).toEqual([]);
    for (const id of [fx.R1.id, fx.R2.id, fx.R3.id, ...fx.extras.map((x) => x.id), ...userIds]) expect(r.body).not.toContain(id);
    for (const name of ['张三', '李四', '王五', '赵', 'grid1', 'admin', '社区书记', '网格员', '家暴', '入户']) expect(r.body).not.toContain(name);
    expect(r.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i); // no ids of any kind

    // Public: no personal data is read, so nothing is audited as a read.
    const auditAfter = await t.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(auditAfter.n)).toBe(Number(auditBefore.n));
    expect(t.routes.filter((x) => x.url.startsWith('/api/transparency'))).toEqual([
      { method: 'GET', url: '/api/transparency/areas', access: 'public' },
      { method: 'GET', url: '/api/transparency/:month', access: 'public' },
    ]);
  });

  it('the area filter counts only that area; the area list is public and stops at communities', async () => {
    const S = SUPPRESSED_COUNT;
    const W = WITHHELD_COUNT;
    const a = TransparencyReportSchema.parse((await get('/api/transparency/2025-05?area=330902001001')).json());
    expect(a.area).toEqual({ code: '330902001001', name: 'A社区', level: 'community' });
    expect(a.exports.requested).toBe(7);
    expect(a.reveals).toEqual({ total: W, byField: { idNumber: 6, phone: S } });
    expect(a.statusChanges).toEqual({ total: W, byReason: { moved_out: 6, deceased: S, returned: S } });
    expect(differencing(a)).toEqual([]);
    expect(a.emergencies.inForce.map((x) => x.area)).toEqual(['定海区']);

    const b = await get('/api/transparency/2025-05?area=330902001002');
    expect(b.statusCode).toBe(200);
    const rb = TransparencyReportSchema.parse(b.json());
    expect(rb.area?.name).toBe('B社区');
    expect(rb.exports).toEqual({ requested: 0, needingApproval: 0, approved: 0, rejected: 0, downloaded: 0, rowsExported: 0, downloadsWithPlaintext: 0 });
    expect(rb.reveals).toEqual({ total: 0, byField: { idNumber: 0, phone: 0 } });
    expect(rb.statusChanges).toEqual({ total: S, byReason: { moved_out: S, deceased: 0, returned: 0 } });
    expect([rb.breakGlass.grants, rb.restrictedRecords.restricted, rb.corrections.opened]).toEqual([0, 0, 0]);
    expect(rb.emergencies.inForce.map((x) => x.area)).toEqual(['定海区']); // covered by the district's period
    expect(scanPi(b.body)).toEqual([]);
    expect(differencing(rb)).toEqual([]);

    const street = TransparencyReportSchema.parse((await get('/api/transparency/2025-05?area=330902001')).json());
    expect(street.statusChanges).toEqual({ total: W, byReason: { moved_out: 7, deceased: S, returned: S } });
    expect(street.reveals).toEqual({ total: W, byField: { idNumber: 6, phone: S } });
    expect(differencing(street)).toEqual([]);

    const grid = await get('/api/transparency/2025-05?area=33090200100101');
    expect(grid.statusCode).toBe(400);
    expect(grid.json().error.details[0].path).toBe('querystring.area');
    const unknown = await get('/api/transparency/2025-05?area=330902009');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details[0].path).toBe('area');

    const areas = await get('/api/transparency/areas');
    expect(areas.statusCode).toBe(200);
    const list = TransparencyAreaListSchema.parse(areas.json());
    expect(list.items.map((x) => [x.code, x.level, x.parentCode])).toEqual([
      ['330900', 'city', null], ['330902', 'district', '330900'], ['330902001', 'street', '330902'],
      ['330902001001', 'community', '330902001'], ['330902001002', 'community', '330902001'],
    ]);
    expect(areas.body).not.toContain('网格');
  });

  it('a month not ended is partial; a future month 404; a bad month 400 naming the field in zh-CN and English', async () => {
    const june = TransparencyReportSchema.parse((await get('/api/transparency/2025-06')).json());
    expect(june).toMatchObject({ status: 'partial', asOf: t.clock.now().toISOString() });
    expect(june.reveals).toEqual({ total: SUPPRESSED_COUNT, byField: { idNumber: 0, phone: SUPPRESSED_COUNT } });
    expect(june.emergencies.inForce).toHaveLength(1);

    const future = await get('/api/transparency/2025-07');
    expect(future.statusCode).toBe(404);
    expect(future.json().error.details[0].path).toBe('month');
    for (const bad of ['2025-5', '2025-13', '25-05', '2025-05-01', 'latest', '1999-12']) {
      const r = await get(`/api/transparency/${bad}`);
      expect(r.statusCode, bad).toBe(400);
      const err = r.json().error;
      expect(err.details[0]).toMatchObject({ path: 'params.month', code: 'invalid_month' });
      expect(err.details[0].message).toContain('YYYY-MM');
      expect(err.details[0].messageEn).toContain('month must be YYYY-MM');
      // A well-formed month before 2000 is told why (not just "wrong format").
      expect(err.details[0].message).toContain('不早于 2000-01');
      expect(err.details[0].messageEn).toContain('from 2000-01 on');
    }
    // The area's message names every level a report is given for (a city is one).
    const badArea = (await get('/api/transparency/2025-05?area=12')).json().error.details[0];
    expect(badArea).toMatchObject({ path: 'querystring.area', code: 'invalid_area' });
    expect(badArea.message).toContain('市、区、街道或社区');
    expect(badArea.messageEn).toContain('city, district, street or community');
    expect((await get('/api/transparency/2025-05?who=me')).statusCode).toBe(400);
  });

  it('the current month is recomputed after a minute; a completed month is computed once', async () => {
    grid1 = await t.login('grid1');
    for (let i = 0; i < 5; i++) expect((await as(t, grid1).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'idNumber', reason: '核对核酸登记' })).statusCode).toBe(200);
    expect((await get('/api/transparency/2025-06')).json().reveals.total).toBe(SUPPRESSED_COUNT); // the same minute
    t.clock.advance(61_000);
    expect((await get('/api/transparency/2025-06')).json().reveals).toEqual({ total: WITHHELD_COUNT, byField: { idNumber: 5, phone: SUPPRESSED_COUNT } });

    // A row stamped inside May after its report was computed (only possible with a test clock) does not change the
    // cached report; the read model sees it.
    const before = (await get('/api/transparency/2025-05')).body;
    t.clock.set('2025-05-20T10:00:00+08:00');
    grid1 = await t.login('grid1');
    expect((await as(t, grid1).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'phone', reason: '核对核酸登记' })).statusCode).toBe(200);
    t.clock.set('2025-06-02T10:05:00+08:00');
    expect((await get('/api/transparency/2025-05')).body).toBe(before);
    expect((await figures().month(monthRange('2025-05'), null)).reveals).toEqual({ idNumber: 6, phone: 4 });
  });
});

describe('complementary suppression: a "<5" part cannot be recovered as total − the others (ADR 0044)', () => {
  let t: TestApp;
  let fx: Fx;
  const get = async (url: string) => {
    const r = await t.app.inject({ method: 'GET', url });
    expect(r.statusCode, r.body).toBe(200);
    return TransparencyReportSchema.parse(r.json());
  };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-07-03T09:00:00+08:00' });
    fx = await seedScopedFixture(t, 7); // R1 + 7 residents in grid 1 of community A
    const grid1 = await t.login('grid1');
    // Reveals: five ID numbers and two phone numbers. Status changes: five moved out, two deaths, none back.
    for (const [field, n] of [['idNumber', 5], ['phone', 2]] as const) {
      for (let i = 0; i < n; i++) {
        expect((await as(t, grid1).post(`/api/residents/${fx.R1.id}/reveal`, { field, reason: '核对核酸登记' })).statusCode).toBe(200);
      }
    }
    for (const [i, x] of fx.extras.entries()) {
      const r = await as(t, grid1).post(`/api/residents/${x.id}/status`, { version: x.version, status: i < 5 ? 'moved_out' : 'deceased', effectiveDate: '2025-07-02', reason: '入户核实' });
      expect(r.statusCode, r.body).toBe(200);
    }
    t.clock.set('2025-08-02T10:00:00+08:00');
  });
  afterAll(async () => t.close());

  it('the month has one category of 2 next to categories of 5 or more', async () => {
    const raw = await createFigures(t.platform.database.db, t.platform.database.codec, { lockoutFailures: 5 }).month(monthRange('2025-07'), null);
    expect(raw.reveals).toEqual({ idNumber: 5, phone: 2 });
    expect(raw.statusChanges).toEqual({ moved_out: 5, deceased: 2 });
  });

  it('whole installation, street and community: the 2 is "<5" and the total is withheld, so at least two cells are not exact', async () => {
    const S = SUPPRESSED_COUNT;
    for (const url of ['/api/transparency/2025-07', '/api/transparency/2025-07?area=330902001', '/api/transparency/2025-07?area=330902001001']) {
      const rep = await get(url);
      expect(rep.reveals, url).toEqual({ total: WITHHELD_COUNT, byField: { idNumber: 5, phone: S } });
      // Zeros stay zeros: "returned" is 0 and published as 0.
      expect(rep.statusChanges, url).toEqual({ total: WITHHELD_COUNT, byReason: { moved_out: 5, deceased: S, returned: 0 } });
      for (const cells of [[rep.reveals.total, ...Object.values(rep.reveals.byField)], [rep.statusChanges.total, ...Object.values(rep.statusChanges.byReason)]]) {
        expect(cells.filter((c) => typeof c !== 'number').length, url).toBeGreaterThanOrEqual(2);
      }
      expect(differencing(rep), url).toEqual([]);
      expect(smallNumbers(rep), url).toEqual([]);
    }
    // The other community had none of it: every count 0, nothing withheld.
    const b = await get('/api/transparency/2025-07?area=330902001002');
    expect(b.reveals).toEqual({ total: 0, byField: { idNumber: 0, phone: 0 } });
    expect(b.statusChanges).toEqual({ total: 0, byReason: { moved_out: 0, deceased: 0, returned: 0 } });
  });
});
