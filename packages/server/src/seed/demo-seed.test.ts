import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { as, createTestApp, type TestApp } from '../../test/harness';
import { DEMO_SELF_REPORT_DAYS } from '../modules/self-reports';
import { containsCnMobile, containsIdNumber } from '@renxing/shared';
import { seedAll } from './index';

// The demo must not contradict itself (ADR 0027 addendum): a command-staff user who sees "N fevers in 第一网格 today" on
// a warning finds those N people on the 体温自报 page, and the days before within the self-reports' retention agree too.
describe('demo seed: the fever indicator and the fever self-reports agree', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedAll(t, t.platform, { demo: true });
  });
  afterAll(async () => t?.close());

  const observations = async () => {
    const { db } = t.platform.database;
    return db.selectFrom('warning_observations').select(['grid_id', 'obs_date', 'count']).where('indicator_code', '=', 'fever_reports').execute();
  };
  const feverPeople = async () => {
    const { db, codec } = t.platform.database;
    const rows = await db.selectFrom('self_reports').select(['grid_id', 'report_date', 'resident_id', 'follow_up_status'])
      .where('fever', '=', codec.bool(true) as never).execute();
    const by = new Map<string, Set<string>>();
    for (const r of rows) {
      const k = `${r.grid_id}|${r.report_date}`;
      if (!by.has(k)) by.set(k, new Set());
      by.get(k)!.add(r.resident_id as string);
    }
    return { rows, by };
  };

  it('each grid and day of the retention window: as many people with a fever self-report as the indicator counts', async () => {
    const today = t.services.warnings.today();
    const since = new Date(Date.parse(`${today}T00:00:00Z`) - (DEMO_SELF_REPORT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    const obs = (await observations()).filter((o) => String(o.obs_date) >= since);
    const { by, rows } = await feverPeople();
    expect(obs.length).toBe(t.orgs.grids.length * DEMO_SELF_REPORT_DAYS);
    for (const o of obs) expect({ k: `${o.grid_id}|${o.obs_date}`, n: by.get(`${o.grid_id}|${o.obs_date}`)?.size ?? 0 }).toEqual({ k: `${o.grid_id}|${o.obs_date}`, n: Number(o.count) });
    // 第一网格 today: the cluster, every one waiting for follow-up; earlier days were followed up.
    const g1 = t.orgs.grids[0]!;
    const g1Today = Number(obs.find((o) => o.grid_id === g1.id && o.obs_date === today)!.count);
    expect(g1Today).toBeGreaterThanOrEqual(10);
    expect(rows.filter((r) => r.grid_id === g1.id && r.report_date === today && r.follow_up_status === 'open').length).toBe(g1Today);
    expect(rows.filter((r) => r.report_date < today && r.follow_up_status !== 'done')).toEqual([]);
    // Idempotent: seeding again adds nothing.
    await seedAll(t, t.platform, { demo: true });
    expect((await feverPeople()).rows.length).toBe(rows.length);
  });

  it('leaves PostgreSQL with planner statistics for the tables it filled (a care-tag filter is an index plan, not a nested loop)', async ({ skip }) => {
    if (t.platform.database.dialect.name !== 'postgres') skip();
    const { db } = t.platform.database;
    // reltuples is -1 for a table never analysed; the planner then takes it for a single row.
    const stats = await sql<{ relname: string; reltuples: number }>`select relname, reltuples from pg_class
      where relnamespace = current_schema()::regnamespace and relname in ('residents', 'resident_tags', 'households')`.execute(db);
    expect(stats.rows.map((r) => [r.relname, Number(r.reltuples) > 0]).sort()).toEqual([['households', true], ['resident_tags', true], ['residents', true]]);
  });

  it("a resident's fever self-report today raises the grid's fever indicator by one", async () => {
    const g1 = t.orgs.grids[0]!;
    const today = t.services.warnings.today();
    const before = Number((await observations()).find((o) => o.grid_id === g1.id && o.obs_date === today)!.count);
    const resident = as(t, await t.login('resident'));
    const res = await resident.post('/api/self-reports', { temperature: 38.2, symptoms: ['cough'] });
    expect(res.statusCode).toBe(201);
    // The indicator is updated right after the report's commit (the answer may already be on its way).
    const count = async () => Number((await observations()).find((o) => o.grid_id === g1.id && o.obs_date === today)!.count);
    await vi.waitFor(async () => expect(await count()).toBe(before + 1));
    expect((await feverPeople()).by.get(`${g1.id}|${today}`)?.size).toBe(before + 1);
  });

  it('the demo resident lives with a parent aged 80+, whom the typhoon roll call asks them to answer for (报平安)', async () => {
    const resident = as(t, await t.login('resident'));
    const mine = await resident.get('/api/me/roll-calls');
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as Array<{ self: boolean; title: string; status: string }>;
    expect(items.filter((i) => !i.self).length).toBeGreaterThan(0);
    expect(items.every((i) => i.title === '台风“海葵”过境前关爱点名')).toBe(true);
  });
});

// 值班日志 is not empty in the demo, and its entries follow the log's own rules (ADR 0070): no ID or mobile number.
describe('demo seed: the duty log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedAll(t, t.platform, { demo: true });
  });
  afterAll(async () => t?.close());

  it('has a few days of entries by the district, street and community accounts, each one the API would accept; seeding again adds none', async () => {
    const s = await t.login('district');
    const list = await as(t, s).get('/api/duty-logs');
    const items = list.json().items as Array<{ id: string; category: string; content: string; authorRole: string; orgName: string; followUp: boolean; closesId: string | null; settledBy: { id: string } | null; warningAlert: { level: string; grid: { name: string } } | null }>;
    expect(items.length).toBe(8);
    // One entry is about grid 1's newest red alert, named for the district (which reads warnings; ADR 0072).
    const aboutAlert = items.filter((i) => i.warningAlert);
    expect(aboutAlert.map((i) => [i.warningAlert!.level, i.warningAlert!.grid.name])).toEqual([['red', '第一网格']]);
    // One follow-up item settled by a later entry, one still open (ADR 0071).
    const asked = items.filter((i) => i.followUp);
    expect(asked.length).toBe(2);
    const settled = asked.find((i) => i.settledBy)!;
    expect(items.find((i) => i.id === settled.settledBy!.id)?.closesId).toBe(settled.id);
    expect((await as(t, s).get('/api/duty-logs/open-count')).json()).toEqual({ open: 1 });
    expect(new Set(items.map((i) => i.authorRole))).toEqual(new Set(['district_staff', 'street_staff', 'community_admin', 'grid_worker', 'doctor']));
    expect(items.every((i) => !containsIdNumber(i.content) && !containsCnMobile(i.content))).toBe(true);
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, s).get('/api/duty-logs')).json().total).toBe(8);
  });
});

