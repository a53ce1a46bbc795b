import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
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

  it('residents cannot report for people outside their household; grid workers only in their grid', async () => {
    const s = await t.login('resident');
    expect((await as(t, s).post('/api/self-reports', { residentId: fx.R2.id, temperature: 36.5 })).statusCode).toBe(404);
    const w = await t.login('grid1');
    expect((await as(t, w).post('/api/self-reports', { residentId: fx.R2.id, temperature: 36.5 })).statusCode).toBe(404);
    expect((await as(t, w).post('/api/self-reports', { residentId: fx.extras[0]!.id, temperature: 36.5 })).statusCode).toBe(201);
    const vol = await t.login('volunteer');
    expect((await as(t, vol).post('/api/self-reports', { temperature: 36.5 })).statusCode).toBe(403);
  });
});
