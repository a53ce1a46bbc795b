import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

describe('daily self-reports (SECURITY H37, F28)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T09:00:00+08:00' });
    fx = await seedScopedFixture(t, 3);
    const resident = await t.services.auth.findByUsername('resident');
    await t.services.selfReports.linkAccount(resident!.id, fx.R1.id);
    // Temperatures are collected only while an emergency covers the area (PIPL 13(4), ADR 0027): the district declares one.
    const d = await t.login('district');
    const declared = await as(t, d).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2026-11-01', legalRef: '定海区疫情防控指挥部通告第1号' });
    expect(declared.statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  it('H37: implausible temperatures and junk are 400; 37.5 is a fever, 36.6 is not', async () => {
    const s = await t.login('resident');
    const post = (temperature: unknown) => as(t, s).post('/api/self-reports', { temperature, symptoms: [] });
    for (const bad of [30.0, 45.0, '37.5abc']) {
      const r = await post(bad);
      expect(r.statusCode, String(bad)).toBe(400);
      expect(r.json().error.details[0].path).toMatch(/temperature/);
    }
    const f = await post(37.5);
    expect(f.statusCode).toBe(201);
    expect(f.json()).toMatchObject({ fever: true, followUpStatus: 'open', residentId: fx.R1.id, reportDate: '2026-11-29' });
    const n = await post(36.6);
    expect(n.statusCode).toBe(201);
    expect(n.json()).toMatchObject({ fever: false, followUpStatus: 'none' });
  });

  it('the resident\'s household members come with their relation to the head, names masked but their own', async () => {
    const s = await t.login('resident');
    const mine = (await as(t, s).get('/api/self-reports/mine')).json() as { members: Array<{ id: string; name: string; self: boolean; relation: string }> };
    expect(mine.members.find((m) => m.self)).toMatchObject({ id: fx.R1.id, name: '张三', relation: 'head' });
    const others = mine.members.filter((m) => !m.self);
    expect(others.length).toBeGreaterThan(0);
    for (const m of others) expect(m).toMatchObject({ relation: 'other', name: expect.stringMatching(/^赵\*+$/) });
  });

  it('a retried submission with the same Idempotency-Key is recorded once', async () => {
    const s = await t.login('resident');
    const key = 'selfreport-retry-0001';
    const first = await as(t, s).post('/api/self-reports', { temperature: 36.7, symptoms: ['cough'] }, { 'idempotency-key': key });
    const again = await as(t, s).post('/api/self-reports', { temperature: 36.7, symptoms: ['cough'] }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const rows = await t.platform.database.db.selectFrom('self_reports').selectAll().where('id', '=', first.json().id).execute();
    expect(rows).toHaveLength(1);
    const all = await t.platform.database.db.selectFrom('self_reports').selectAll().where('temperature', '=', 36.7).execute();
    expect(all).toHaveLength(1);
  });

  it('F28: a self-report cannot set privileged fields', async () => {
    const s = await t.login('resident');
    const before = await t.platform.database.db.selectFrom('self_reports').selectAll().execute();
    const r = await as(t, s).post('/api/self-reports', { temperature: 36.6, quarantineStatus: 'released', healthCode: 'green', gridId: fx.g2.id, role: 'admin' });
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.quarantineStatus', 'body.healthCode', 'body.gridId', 'body.role']));
    expect(await t.platform.database.db.selectFrom('self_reports').selectAll().execute()).toHaveLength(before.length);
  });

  it('a fever feeds the grid’s fever indicator and appears first on the grid worker’s list; follow-up closes it', async () => {
    const obs = await t.platform.database.db.selectFrom('warning_observations').selectAll().where('grid_id', '=', fx.g1.id).where('indicator_code', '=', 'fever_reports').execute();
    expect(obs.map((o) => [o.obs_date, Number(o.count)])).toContainEqual(['2026-11-29', 1]);
    const w = await t.login('grid1');
    const list = await as(t, w).get('/api/self-reports?date=2026-11-29');
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({ fever: true, nameMasked: '张*' });
    const cov = await as(t, w).get('/api/self-reports/coverage?date=2026-11-29');
    expect(cov.json().grids.find((g: { gridId: string }) => g.gridId === fx.g1.id)).toMatchObject({ reported: 1, fevers: 1 });
    const fu = await as(t, w).post(`/api/self-reports/${list.json().items[0].id}/follow-up`, { version: 1, note: '已电话随访，建议发热门诊就诊' });
    expect(fu.statusCode).toBe(200);
    const again = await as(t, w).post(`/api/self-reports/${list.json().items[0].id}/follow-up`, { version: 1, note: '重复' });
    expect(again.statusCode).toBe(409);
  });

  it('a fever report never lowers a higher fever count ingested for the grid and day (no signal lost)', async () => {
    const db = t.platform.database.db;
    const obs = () => db.selectFrom('warning_observations').select(['count', 'source']).where('grid_id', '=', fx.g2.id)
      .where('indicator_code', '=', 'fever_reports').where('obs_date', '=', '2026-11-29').executeTakeFirst();
    // An integration reported 6 fever cases in 第二网格 today; then the doctor records one at the door.
    await t.services.warnings.observe([{ gridId: fx.g2.id, indicator: 'fever_reports', date: '2026-11-29', count: 6 }], { source: 'clinic', scopePath: '/', actor: null });
    const doc = await t.login('doctor');
    expect((await as(t, doc).post('/api/self-reports', { residentId: fx.R2.id, temperature: 38.2 })).statusCode).toBe(201);
    expect(await obs()).toMatchObject({ count: 6, source: 'clinic' });
  });

  it('residents cannot report for people outside their household; grid workers only in their grid', async () => {
    const s = await t.login('resident');
    expect((await as(t, s).post('/api/self-reports', { residentId: fx.R2.id, temperature: 36.5 })).statusCode).toBe(404);
    const w = await t.login('grid1');
    expect((await as(t, w).post('/api/self-reports', { residentId: fx.R2.id, temperature: 36.5 })).statusCode).toBe(404);
    expect((await as(t, w).post('/api/self-reports', { residentId: fx.extras[0]!.id, temperature: 36.5 })).statusCode).toBe(201);
    const vol = await t.login('volunteer');
    expect((await as(t, vol).post('/api/self-reports', { temperature: 36.5 })).statusCode).toBe(403);
  });

  it('lists who has not reported: households with the missing members masked, a restricted one apart without address; scoped and audited', async () => {
    const db = t.platform.database.db;
    // extras[2] is a restricted record: where they live is not shown.
    await db.updateTable('residents').set({ restricted: t.platform.database.codec.bool(true) as never }).where('id', '=', fx.extras[2]!.id).execute();
    const w = await t.login('grid1');
    const r = await as(t, w).get('/api/self-reports/unreported?date=2026-11-29');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    // R1 reported (self) and extras[0] (door to door); extras[1] did not; extras[2] did not and is restricted.
    expect(body).toMatchObject({ date: '2026-11-29', total: 2, residents: 2 });
    expect(body.items[0]).toMatchObject({ householdId: fx.h1.id, restricted: false, members: 3, reported: 2, missing: [{ residentId: fx.extras[1]!.id }] });
    expect(body.items[0].address).toContain('幸福小区');
    expect(body.items[0].missing[0].nameMasked).toMatch(/^赵\*+$/);
    expect(body.items[1]).toMatchObject({ householdId: null, address: null, restricted: true, missing: [{ residentId: fx.extras[2]!.id }] });
    expect(JSON.stringify(body)).not.toContain(fx.R2.id); // 第二网格 is not the grid worker's
    const row = await db.selectFrom('audit_log').select(['id', 'action', 'object_type']).where('actor_id', '=', w.userId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'list', object_type: 'self_report' });
    const shown = await db.selectFrom('audit_disclosures').select('resident_id').where('audit_id', '=', row.id).execute();
    expect(shown.map((d) => d.resident_id).sort()).toEqual([fx.extras[1]!.id, fx.extras[2]!.id].sort());
    // Another community's grid gives nothing; bad paging names the field.
    const other = await as(t, w).get(`/api/self-reports/unreported?date=2026-11-29&gridId=${fx.gB.id}`);
    expect(other.json()).toMatchObject({ total: 0, items: [] });
    const bad = await as(t, w).get('/api/self-reports/unreported?pageSize=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('querystring.pageSize');
    expect((await as(t, await t.login('volunteer')).get('/api/self-reports/unreported')).statusCode).toBe(403);
    await db.updateTable('residents').set({ restricted: t.platform.database.codec.bool(false) as never }).where('id', '=', fx.extras[2]!.id).execute();
  });

  // Runs last: it moves the clock to the next day.
  it('a fever not yet followed up stays on the open follow-up list the next day (oldest first, in scope, audited)', async () => {
    t.clock.advance(24 * 3600_000);
    const doc = await t.login('doctor');
    const w = await t.login('grid1');
    const today = await as(t, doc).get('/api/self-reports?fever=true');
    expect(today.json()).toMatchObject({ date: '2026-11-30', total: 0 });
    const open = await as(t, doc).get('/api/self-reports?followUp=open');
    expect(open.statusCode).toBe(200);
    expect(open.json().date).toBeNull();
    const items = open.json().items as Array<{ residentId: string; reportDate: string; followUpStatus: string; createdAt: string }>;
    expect(items.map((i) => [i.residentId, i.reportDate, i.followUpStatus])).toContainEqual([fx.R2.id, '2026-11-29', 'open']);
    expect(items.every((i) => i.followUpStatus === 'open')).toBe(true);
    expect(items.map((i) => i.createdAt)).toEqual([...items.map((i) => i.createdAt)].sort());
    // The grid worker of 第一网格 does not see 第二网格's fever.
    // The coverage cards count it for 第二网格 on any day.
    const cov = await as(t, doc).get('/api/self-reports/coverage');
    expect(cov.json().grids.find((g: { gridId: string }) => g.gridId === fx.g2.id)).toMatchObject({ reported: 0, fevers: 0, openFollowUps: 1 });
    const mine = await as(t, w).get('/api/self-reports?followUp=open');
    expect((mine.json().items as Array<{ residentId: string }>).map((i) => i.residentId)).not.toContain(fx.R2.id);
    const audited = await t.platform.database.db.selectFrom('audit_log').select(['action', 'object_type']).where('action', '=', 'list').where('object_type', '=', 'self_report')
      .where('actor_id', '=', doc.userId).execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);
    const bad = await as(t, doc).get('/api/self-reports?followUp=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('querystring.followUp');
  });

  it('one person\'s fevers reported again and again are one visit: closing one closes their other open follow-ups, counted once', async () => {
    const resident = await t.login('resident');
    const w = await t.login('grid1');
    const before = (await as(t, w).get('/api/self-reports/coverage')).json().grids.find((g: { gridId: string }) => g.gridId === fx.g1.id).openFollowUps as number;
    const ids: string[] = [];
    for (const temperature of [38.2, 38.6, 39.0]) {
      const r = await as(t, resident).post('/api/self-reports', { temperature, symptoms: [] });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id as string);
    }
    // Another person's open fever in the same grid is left alone.
    const other = await as(t, w).post('/api/self-reports', { residentId: fx.extras[0]!.id, temperature: 38.4 });
    expect(other.statusCode, other.body).toBe(201);
    const cov = (await as(t, w).get('/api/self-reports/coverage')).json().grids.find((g: { gridId: string }) => g.gridId === fx.g1.id);
    expect(cov.openFollowUps).toBe(before + 2);

    const done = await as(t, w).post(`/api/self-reports/${ids[1]}/follow-up`, { version: 1, note: '上门随访，已就诊' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ id: ids[1], followUpStatus: 'done', alsoClosed: 2 });
    const rows = await t.platform.database.db.selectFrom('self_reports').select(['id', 'follow_up_status', 'follow_up_note', 'version']).where('id', 'in', [...ids, other.json().id]).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) expect(byId.get(id), id).toMatchObject({ follow_up_status: 'done', follow_up_note: '上门随访，已就诊', version: 2 });
    expect(byId.get(other.json().id)).toMatchObject({ follow_up_status: 'open', version: 1 });
    const [a] = await auditRows(t, { action: 'follow_up', object_id: ids[1]! });
    expect(a).toMatchObject({ subject_id: fx.R1.id, reason: 'same_person_open:2', outcome: 'success' });
    expect(Number(a!.count)).toBe(3);
    // Each closed report answers as closed; the counts drop by this one person.
    expect((await as(t, w).post(`/api/self-reports/${ids[0]}/follow-up`, { version: 1, note: '重复' })).statusCode).toBe(409);
    const after = (await as(t, w).get('/api/self-reports/coverage')).json().grids.find((g: { gridId: string }) => g.gridId === fx.g1.id);
    expect(after.openFollowUps).toBe(before + 1);
  });

  // Runs last: it ends the emergency.
  it('once the emergency has ended, nobody is chased for a report: the unreported list answers 410', async () => {
    const d = await t.login('district');
    const w = await t.login('grid1');
    expect((await as(t, w).get('/api/self-reports/unreported')).statusCode).toBe(200);
    const periods = await as(t, d).get('/api/emergencies');
    const active = (periods.json().items as Array<{ id: string; endDate: string | null }>).find((p) => p.endDate === null)!;
    expect((await as(t, d).post(`/api/emergencies/${active.id}/end`, { endDate: '2026-11-30', reason: '疫情解除' })).statusCode).toBe(200);
    t.clock.advance(24 * 3600_000);
    const w2 = await t.login('grid1');
    const closed = await as(t, w2).get('/api/self-reports/unreported');
    expect(closed.statusCode).toBe(410);
    expect(closed.json().error.code).toBe('collection_closed');
  });
});
