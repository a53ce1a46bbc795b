// Emergency periods (LAW-02, ADR 0027; SECURITY.md test 66): PIPL 13(4) data is collected only while an emergency
// covers the area, and is deleted N days after the covering emergency ended, on the retention job's certificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { systemActor } from '../audit';
import { addDays, pathsAbove } from './emergencies';
import { checkRetentionCoverage, createRetentionService, RETENTION_POLICIES } from './retention';
import { FIELD_REGISTRY, type FieldPolicy } from './field-registry';

const at = (ymd: string, hm = '09:00') => `${ymd}T${hm}:00+08:00`;

describe('emergency period helpers', () => {
  it('dates move by whole days, paths above an area, the configured N (default 30)', () => {
    expect(addDays('2025-06-01', 31)).toBe('2025-07-02');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(pathsAbove('/330900/330902/330902001/')).toEqual(['/330900/', '/330900/330902/', '/330900/330902/330902001/']);
    expect(loadConfig({}).emergencyRetentionDays).toBe(30);
    expect(loadConfig({ RENXING_EMERGENCY_RETENTION_DAYS: '45' }).emergencyRetentionDays).toBe(45);
    expect(() => loadConfig({ RENXING_EMERGENCY_RETENTION_DAYS: '0' })).toThrow(/RENXING_EMERGENCY_RETENTION_DAYS/);
  });

  it('the coverage check fails for an emergency-bound column whose table policy has no emergency scope', () => {
    expect(checkRetentionCoverage()).toEqual([]);
    const bound: FieldPolicy = { ...FIELD_REGISTRY.self_reports!.temperature!, basis: 'statutory_duty', retention: { days: null, from: 'emergencyEnd' } };
    expect(checkRetentionCoverage({ ...FIELD_REGISTRY, test_results: { id: FIELD_REGISTRY.orgs!.id!, result: bound } }))
      .toEqual([expect.stringContaining('test_results: result are bound to the emergency period')]);
    // The public-health-emergency basis alone binds a column too: self_reports without its emergency scope.
    expect(checkRetentionCoverage(FIELD_REGISTRY, { ...RETENTION_POLICIES, self_reports: { action: 'delete', key: ['id'], age: { created: 'created_at' } } }))
      .toEqual([expect.stringContaining('self_reports: report_date, temperature, fever, symptoms, note, follow_up_note are bound')]);
  });
});

describe('emergency periods (test 66)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let district: Session;
  let resident: Session;
  let worker: Session;
  /** The test clock jumps by days: sessions end (idle and absolute timeouts), so everyone signs in again. */
  const relogin = async () => {
    [district, resident, worker] = [await t.login('district'), await t.login('resident'), await t.login('grid1')];
  };
  let periodId: string;
  let otherPeriodId: string;
  const count = async (path: string) => Number((await t.platform.database.db.selectFrom('self_reports').select((eb) => eb.fn.countAll().as('n'))
    .where('org_path', 'like', `${path}%`).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ clockStart: at('2025-04-30') });
    fx = await seedScopedFixture(t, 1);
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    await relogin();
  });
  afterAll(async () => t.close());

  it('no emergency declared: the self-report answers 410 collection_closed, and everybody reads the closed state', async () => {
    const r = await as(t, resident).post('/api/self-reports', { temperature: 36.6, symptoms: [] });
    expect(r.statusCode).toBe(410);
    expect(r.json().error).toMatchObject({ code: 'collection_closed', message: expect.stringContaining('已停止收集'), messageEn: expect.stringContaining('not collected') });
    const s = await as(t, resident).get('/api/emergencies');
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ today: '2025-04-30', state: { open: false, since: null, endedOn: null }, items: [] });
    expect((await t.app.inject({ method: 'GET', url: '/api/emergencies' })).statusCode).toBe(401);
  });

  it('declaring needs emergency:manage (district staff); out of scope 404 (audited); wrong level 400', async () => {
    const body = { orgId: t.orgs.district.id, startDate: '2025-05-01', legalRef: '定海区疫情防控指挥部通告第1号' };
    for (const u of ['admin', 'street', 'sysadmin', 'grid1']) {
      const s = await t.login(u);
      expect((await as(t, s).post('/api/emergencies', body)).statusCode, u).toBe(403);
    }
    const putuo = await t.services.orgs.create({ parentId: t.orgs.city.id, level: 'district', code: '330903', name: '普陀区' });
    const out = await as(t, district).post('/api/emergencies', { ...body, orgId: putuo.id });
    expect(out.statusCode).toBe(404);
    expect(await auditRows(t, { action: 'emergency_declare', outcome: 'denied' })).toHaveLength(1);
    expect((await as(t, district).post('/api/emergencies', { ...body, orgId: fx.g1.id })).statusCode).toBe(400);
    expect((await as(t, district).post('/api/emergencies', { ...body, legalRef: '' })).statusCode).toBe(400);
    expect((await as(t, district).post('/api/emergencies', { ...body, extra: 1 })).statusCode).toBe(400);
  });

  it('declare → a nested community is covered; a second open period for the same area is 409; a nested area may have its own', async () => {
    const r = await as(t, district).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2025-05-01', legalRef: '定海区疫情防控指挥部通告第1号' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ orgName: '定海区', startDate: '2025-05-01', endDate: null, status: 'scheduled' });
    periodId = r.json().id;
    const [row] = await auditRows(t, { action: 'emergency_declare', outcome: 'success' });
    expect(row).toMatchObject({ object_id: periodId, actor_role: 'district_staff' });

    const again = await as(t, district).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2025-05-20', legalRef: '通告第2号' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('emergency_overlap');
    // B社区 (same street, nested) declares its own, left open: it keeps its own data (retention below).
    const other = await as(t, district).post('/api/emergencies', { orgId: t.orgs.other.id, startDate: '2025-05-01', legalRef: 'B社区防控通告第1号' });
    expect(other.statusCode).toBe(201);
    otherPeriodId = other.json().id;

    // Not yet started (2025-04-30): still closed.
    expect((await as(t, resident).post('/api/self-reports', { temperature: 36.6, symptoms: [] })).statusCode).toBe(410);

    t.clock.set(at('2025-05-25'));
    await relogin();
    const s = (await as(t, resident).get('/api/emergencies')).json();
    expect(s.state).toMatchObject({ open: true, since: '2025-05-01', areaName: '定海区', legalRef: '定海区疫情防控指挥部通告第1号' });
    // The resident sees the district's period (their area and above), not B社区's.
    expect(s.items.map((x: { id: string }) => x.id)).toEqual([periodId]);
    // District staff see the areas below them too.
    expect((await as(t, district).get('/api/emergencies')).json().items.map((x: { id: string }) => x.id).sort()).toEqual([periodId, otherPeriodId].sort());

    expect((await as(t, resident).post('/api/self-reports', { temperature: 37.8, symptoms: ['cough'] })).statusCode).toBe(201);
    expect((await as(t, resident).post('/api/self-reports', { temperature: 36.6, symptoms: [] })).statusCode).toBe(201);
    expect((await as(t, worker).post('/api/self-reports', { residentId: fx.extras[0]!.id, temperature: 36.5 })).statusCode).toBe(201);
    // A report in B社区 on the same day (written directly: no account there).
    const { db, codec } = t.platform.database;
    await db.insertInto('self_reports').values({
      id: 'sr-b', resident_id: fx.R3.id, household_id: fx.h3.id, grid_id: fx.gB.id, org_path: fx.gB.path, report_date: '2025-05-25', temperature: 36.8,
      fever: codec.bool(false), symptoms: '[]', note: null, reported_by: fx.R3.id, channel: 'self', follow_up_status: 'none', created_at: codec.ts(at('2025-05-25')),
    }).execute();
  });

  it('end (2025-06-01): needs the permission, the last day still collects; on 2025-06-02 self-reports and follow-ups answer 410', async () => {
    t.clock.set(at('2025-06-01', '10:00'));
    await relogin();
    const admin = await t.login('admin');
    expect((await as(t, admin).post(`/api/emergencies/${periodId}/end`, { endDate: '2025-06-01', reason: '疫情解除' })).statusCode).toBe(403);
    expect((await as(t, district).post(`/api/emergencies/${periodId}/end`, { endDate: '2025-04-30', reason: '疫情解除' })).statusCode).toBe(400);
    expect((await as(t, district).post(`/api/emergencies/${periodId}/end`, { endDate: '2025-06-02', reason: '疫情解除' })).statusCode).toBe(400);
    const end = await as(t, district).post(`/api/emergencies/${periodId}/end`, { endDate: '2025-06-01', reason: '指挥部宣布疫情解除' });
    expect(end.statusCode).toBe(200);
    expect(end.json()).toMatchObject({ endDate: '2025-06-01', endReason: '指挥部宣布疫情解除', version: 2 });
    expect((await as(t, district).post(`/api/emergencies/${periodId}/end`, { endDate: '2025-06-01', reason: '再次' })).json().error.code).toBe('already_ended');
    expect(await auditRows(t, { action: 'emergency_end', outcome: 'success' })).toHaveLength(1);
    // The end date is the last day of the emergency.
    expect((await as(t, resident).post('/api/self-reports', { temperature: 36.4, symptoms: [] })).statusCode).toBe(201);

    t.clock.set(at('2025-06-02'));
    await relogin();
    const closed = await as(t, resident).post('/api/self-reports', { temperature: 36.6, symptoms: [] });
    expect(closed.statusCode).toBe(410);
    expect(closed.json().error.code).toBe('collection_closed');
    expect((await as(t, worker).post('/api/self-reports', { residentId: fx.extras[0]!.id, temperature: 36.5 })).statusCode).toBe(410);
    const open = (await t.platform.database.db.selectFrom('self_reports').select(['id', 'version']).where('follow_up_status', '=', 'open').execute())[0]!;
    const fu = await as(t, worker).post(`/api/self-reports/${open.id}/follow-up`, { version: Number(open.version), note: '已电话随访' });
    expect(fu.statusCode).toBe(410);
    expect(fu.json().error.messageEn).toContain('follow-up notes');
    expect((await as(t, resident).get('/api/emergencies')).json().state).toMatchObject({ open: false, since: '2025-05-01', endedOn: '2025-06-01' });
    const mine = (await as(t, resident).get('/api/self-reports/mine')).json();
    expect(mine.collection).toMatchObject({ open: false, endedOn: '2025-06-01', areaName: '定海区' });
    // After the end a new declaration for the same area is accepted again.
  });

  it("the resident's page reads the state where the household lives, which is what the submit gate checks, not the account's area", async () => {
    // The account stays where it was registered; its resident record is now R3, in B社区, whose own period is still open.
    const { db } = t.platform.database;
    const user = (await t.services.auth.findByUsername('resident'))!;
    const linked = await db.selectFrom('resident_accounts').select('resident_id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    await db.updateTable('resident_accounts').set({ resident_id: fx.R3.id }).where('user_id', '=', user.id).execute();
    try {
      expect((await as(t, resident).get('/api/emergencies')).json().state.open).toBe(false);
      const mine = (await as(t, resident).get('/api/self-reports/mine')).json();
      expect(mine.collection).toMatchObject({ open: true, since: '2025-05-01', legalRef: 'B社区防控通告第1号' });
      const sent = await as(t, resident).post('/api/self-reports', { temperature: 36.5, symptoms: [] });
      expect(sent.statusCode).toBe(201);
      await db.deleteFrom('self_reports').where('id', '=', sent.json().id).execute();
    } finally {
      await db.updateTable('resident_accounts').set({ resident_id: linked.resident_id }).where('user_id', '=', user.id).execute();
    }
    expect((await as(t, resident).get('/api/self-reports/mine')).json().collection.open).toBe(false);
  });

  it('retention: at end + 29 days the epidemic data stays; at end + 31 days it is deleted, certified and audited; a nested open period keeps its own', async () => {
    const { database } = t.platform;
    // The emergency-end rule alone at the default N = 30 (the 28-day age rule is tested in retention.test.ts, the audit
    // purge in audit.purge.test.ts).
    const job = createRetentionService(database, t.services.audit, () => t.clock.now(), { rules: [], emergencyDays: 30, auditPurge: false });
    const districtPath = t.orgs.district.path;
    expect(await count(t.orgs.community.path)).toBe(4);

    for (const day of ['2025-06-30', '2025-07-01']) {
      t.clock.set(at(day));
      const cert = await job.run(systemActor(null));
      expect(cert.total, day).toBe(0);
      expect(cert.counts, day).toEqual([]);
      expect(await count(t.orgs.community.path), day).toBe(4);
    }

    t.clock.set(at('2025-07-02'));
    const dry = await job.dryRun();
    expect(dry.total).toBe(4);
    const cert = await job.run(systemActor(null));
    expect(await count(t.orgs.community.path)).toBe(0);
    expect(await count(t.orgs.other.path)).toBe(1); // B社区's own emergency is still active
    expect(cert.total).toBe(4);
    expect(cert.counts).toEqual([{
      table: 'self_reports', action: 'delete', from: 'emergencyEnd', days: 30, rows: 4,
      columns: { report_date: 4, temperature: 4, fever: 4, symptoms: 4, note: 0, follow_up_note: 0 },
      emergency: { id: periodId, area: districtPath, endDate: '2025-06-01' },
    }]);
    expect((await job.verify()).ok).toBe(true);
    const [row] = await auditRows(t, { action: 'retention', object_id: cert.id });
    expect(Number(row!.count)).toBe(4);
    expect(row!.reason).toContain('self_reports (emergency ended 2025-06-01 + 30 d) delete 4');
    expect(JSON.parse(row!.fields)).toContain('self_reports.temperature');

    // A second run finds nothing (no emergency line without rows), still certified.
    const again = await job.run(systemActor(null));
    expect(again).toMatchObject({ total: 0, counts: [] });
    // Both rules apply, whichever comes first: B社区's period is open, but its report is past the 28-day age rule.
    const full = await t.services.retention.run(systemActor(null));
    expect(full.counts.find((c) => c.table === 'self_reports' && c.from === 'created')!.rows).toBe(1);
    expect(await count(t.orgs.other.path)).toBe(0);
    expect((await t.services.retention.verify()).ok).toBe(true);
  });
});

describe('a period declared from a later date by mistake can be cancelled before it begins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: at('2025-04-30') });
    await seedScopedFixture(t, 0);
  });
  afterAll(async () => t.close());

  it('ending a scheduled period cancels it (end = the day before its start): never in force, the area can be declared again at once', async () => {
    const district = await t.login('district');
    // Mistyped start: 2025-05-20 instead of 2025-04-20.
    const r = await as(t, district).post('/api/emergencies', { orgId: t.orgs.community.id, startDate: '2025-05-20', legalRef: 'A社区防控通告第1号' });
    expect(r.statusCode).toBe(201);
    const id = r.json().id as string;
    // While it is scheduled, nothing else can be declared for the area: the old dead end.
    const blocked = await as(t, district).post('/api/emergencies', { orgId: t.orgs.community.id, startDate: '2025-04-30', legalRef: 'A社区防控通告第1号' });
    expect(blocked.statusCode).toBe(409);
    // The cancellation is as of today; another date names the field.
    const wrong = await as(t, district).post(`/api/emergencies/${id}/end`, { endDate: '2025-05-20', reason: '开始日期填错' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0]).toMatchObject({ path: 'endDate', code: 'not_today', message: expect.stringContaining('尚未开始'), messageEn: expect.stringContaining('has not begun') });
    const cancel = await as(t, district).post(`/api/emergencies/${id}/end`, { endDate: '2025-04-30', reason: '开始日期填错' });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ startDate: '2025-05-20', endDate: '2025-05-19', status: 'cancelled', endReason: '开始日期填错', version: 2 });
    const [row] = await auditRows(t, { action: 'emergency_end', outcome: 'success', object_id: id });
    expect(row!.reason).toBe('cancelled before 2025-05-20: 开始日期填错');
    expect((await as(t, district).post(`/api/emergencies/${id}/end`, { endDate: '2025-04-30', reason: '再次' })).json().error.code).toBe('already_ended');

    // The right declaration goes through now.
    const right = await as(t, district).post('/api/emergencies', { orgId: t.orgs.community.id, startDate: '2025-04-30', legalRef: 'A社区防控通告第1号' });
    expect(right.statusCode).toBe(201);
    // After the cancelled start date has passed it is still not in force, nor "the last one that ended", nor in the
    // transparency report's list of periods in force.
    t.clock.set(at('2025-05-25'));
    const d2 = await t.login('district');
    const list = (await as(t, d2).get('/api/emergencies')).json();
    expect(list.items.find((p: { id: string }) => p.id === id)).toMatchObject({ status: 'cancelled' });
    expect(list.items.find((p: { id: string }) => p.id === right.json().id)).toMatchObject({ status: 'active' });
    expect((await as(t, d2).post(`/api/emergencies/${right.json().id}/end`, { endDate: '2025-05-25', reason: '解除' })).statusCode).toBe(200);
    expect(await t.services.emergencies.state(t.orgs.community.path, '2025-05-26')).toMatchObject({ open: false, since: '2025-04-30', endedOn: '2025-05-25' });
    const report = (await t.app.inject({ method: 'GET', url: `/api/transparency/2025-05?area=${t.orgs.community.code}` })).json();
    expect(report.emergencies.inForce.map((p: { startDate: string }) => p.startDate)).toEqual(['2025-04-30']);
  });

  it('a community with its own period inside a declared district: both in force, open since the earlier; the district ends and collection goes on', async () => {
    t.clock.set(at('2026-03-01'));
    const d = await t.login('district');
    const dist = await as(t, d).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2026-03-01', legalRef: '区通告2026第1号' });
    expect(dist.statusCode).toBe(201);
    expect((await as(t, d).post('/api/emergencies', { orgId: t.orgs.community.id, startDate: '2026-03-10', legalRef: '社区通告2026第1号' })).statusCode).toBe(201);
    const path = t.orgs.community.path;
    const both = await t.services.emergencies.state(path, '2026-03-15');
    expect(both).toMatchObject({ open: true, since: '2026-03-01', areaName: t.orgs.district.name, legalRef: '区通告2026第1号' });
    expect(both.inForce).toEqual([
      { areaName: t.orgs.district.name, since: '2026-03-01', legalRef: '区通告2026第1号' },
      { areaName: t.orgs.community.name, since: '2026-03-10', legalRef: '社区通告2026第1号' },
    ]);
    // Before the community's own start only the district's is in force.
    expect((await t.services.emergencies.state(path, '2026-03-05')).inForce.map((p) => p.since)).toEqual(['2026-03-01']);

    t.clock.set(at('2026-03-20'));
    const d2 = await t.login('district');
    expect((await as(t, d2).post(`/api/emergencies/${dist.json().id}/end`, { endDate: '2026-03-20', reason: '区内解除' })).statusCode).toBe(200);
    const after = await t.services.emergencies.state(path, '2026-03-21');
    expect(after).toMatchObject({ open: true, since: '2026-03-10', areaName: t.orgs.community.name });
    expect(after.inForce).toHaveLength(1);
    // The signed-in list carries the same state.
    t.clock.set(at('2026-03-21'));
    const admin = await t.login('admin');
    expect((await as(t, admin).get('/api/emergencies')).json().state.inForce).toEqual(after.inForce);
  });

  it('a start more than 30 days back (a typo: 2020 for 2026) or ahead is refused, naming the field and the boundary; nothing is stored', async () => {
    t.clock.set(at('2026-04-15'));
    const d = await t.login('district');
    const count = async () => (await t.platform.database.db.selectFrom('emergency_periods').select('id').execute()).length;
    const before = await count();
    const early = await as(t, d).post('/api/emergencies', { orgId: t.orgs.other.id, startDate: '2020-04-15', legalRef: 'B社区通告' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details[0]).toMatchObject({ path: 'startDate', code: 'too_early', message: expect.stringContaining('2026-03-16'), messageEn: expect.stringContaining('2026-03-16') });
    const late = await as(t, d).post('/api/emergencies', { orgId: t.orgs.other.id, startDate: '2099-12-31', legalRef: 'B社区通告' });
    expect(late.json().error.details[0]).toMatchObject({ path: 'startDate', code: 'too_late', message: expect.stringContaining('2026-05-15') });
    expect(await count()).toBe(before);
    // The boundary itself is accepted.
    const edge = await as(t, d).post('/api/emergencies', { orgId: t.orgs.street.id, startDate: '2026-03-16', legalRef: '街道通告2026第1号' });
    expect(edge.statusCode, edge.body).toBe(201);
  });
});
