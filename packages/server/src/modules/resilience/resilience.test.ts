import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { DEMO_PASSWORD, SEED_ACTOR } from '../../seed';
import { INDICATORS, levelOf, scoresOf } from './resilience.catalogue';
import { seedResilienceDemo } from './resilience.seed';

const DAY = 86_400_000;
type Item = { code: string; kind: string; value: number | null; level: number | null; explanation: { zh: string; en: string; figures: Record<string, unknown> } | null; evidence: string | null; capacity: string; dimension: string; weak: boolean };
const MANUAL = INDICATORS.filter((i) => i.kind === 'manual').map((i) => i.code);

describe('韧性评估 resilience assessment (ADR 0092)', () => {
  let t: TestApp;
  let admin: Session;
  let street: Session;
  let grid1: Session;
  let adminB: Session;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let assessmentId = '';
  let version = 1;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-20T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await t.services.auth.createUser({ username: 'adminb', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    [admin, street, grid1, adminB] = await Promise.all(['admin', 'street', 'grid1', 'adminb'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());
  const item = (body: { items: Item[] }, code: string) => body.items.find((i) => i.code === code)!;
  const db = () => t.platform.database.db;
  const codec = () => t.platform.database.codec;

  it('the catalogue covers the four dimensions and the eight capacities with ascending thresholds; the level rule and the scoring rule', async () => {
    const res = await as(t, street).get('/api/resilience/catalogue');
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.dimensions.map((d: { zh: string }) => d.zh)).toEqual(['组织韧性', '制度韧性', '物理韧性', '技术韧性']);
    expect(c.capacities.map((d: { zh: string }) => d.zh)).toEqual(['应急认知', '信息处理', '监测预警', '应急处置', '应急保障', '居民反应', '社会疏导', '应急动员']);
    for (const cap of c.capacities) expect(c.indicators.some((i: { capacity: string }) => i.capacity === cap.code), cap.code).toBe(true);
    for (const i of c.indicators.filter((x: { kind: string }) => x.kind === 'auto')) expect([...i.thresholds].sort((a: number, b: number) => a - b)).toEqual(i.thresholds);
    expect([levelOf(0, [50, 70, 85, 95, 100]), levelOf(50, [50, 70, 85, 95, 100]), levelOf(94.9, [50, 70, 85, 95, 100]), levelOf(100, [50, 70, 85, 95, 100])]).toEqual([0, 1, 3, 5]);
    const s = scoresOf([{ code: 'volunteers_per_1000', level: 4 }, { code: 'party_mobilisation', level: 1 }, { code: 'warning_ack', level: null }, { code: 'grid_coverage', level: 2 }]);
    expect(s.capacities.mobilisation).toBe(2.5);
    expect(s.capacities.monitoring).toBeNull();
    expect(s.dimensions.organisational).toBe(2.3);
    expect(s.overall).toBe(2.3);
    expect(s.weakest).toEqual(['party_mobilisation', 'grid_coverage']);
  });

  it('only the community admin assesses; readers read; nothing is stored on refusal', async () => {
    expect((await as(t, grid1).get('/api/resilience')).statusCode).toBe(403);
    expect((await as(t, grid1).post('/api/resilience/assessments')).statusCode).toBe(403);
    expect((await as(t, street).post('/api/resilience/assessments')).statusCode).toBe(403);
    expect(await db().selectFrom('resilience_assessments').select('id').execute()).toEqual([]);
    const o = await as(t, admin).get('/api/resilience');
    expect(o.statusCode).toBe(200);
    expect(o.json()).toMatchObject({ canAssess: true, latest: null, draft: null, trend: [] });
  });

  it('计算: the automatic indicators come from live data with the numbers behind them; a second draft is refused', async () => {
    const res = await as(t, admin).post('/api/resilience/assessments');
    expect(res.statusCode).toBe(201);
    const a = res.json();
    assessmentId = a.id;
    version = a.version;
    expect(a).toMatchObject({ status: 'draft', period: '2026-Q4', canAssess: true });
    expect(a.items).toHaveLength(INDICATORS.length);
    for (const i of a.items.filter((x: Item) => x.kind === 'auto')) expect(i.explanation.zh, i.code).toMatch(/[\u4e00-\u9fff]/);
    // Community A has two residents (R1 in grid 1, R2 in grid 2); grid 1 has its grid worker's account, grid 2 nobody.
    expect(item(a, 'grid_coverage')).toMatchObject({ value: 50, level: 1, explanation: { figures: { residents: 2, inStaffedGrid: 1 } } });
    expect(item(a, 'volunteers_per_1000')).toMatchObject({ value: 0, level: 0 });
    expect(item(a, 'warning_ack')).toMatchObject({ value: null, level: null });
    expect(item(a, 'plan_drilled').explanation!.zh).toBe('没有已发布的应急预案');
    expect(a.scores.weakest).toContain('volunteers_per_1000');
    expect(item(a, 'volunteers_per_1000').weak).toBe(true);
    expect(item(a, 'procedures_published').weak).toBe(true);
    expect(MANUAL.every((c) => item(a, c).level === null)).toBe(true);
    const again = await as(t, admin).post('/api/resilience/assessments');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('draft_exists');
  });

  it('重新计算 reads the data again: a grid worker assigned to grid 2, a volunteer and a shelter change the levels', async () => {
    const grid1Id = (await t.services.auth.findByUsername('grid1'))!.id;
    const adminId = (await t.services.auth.findByUsername('admin'))!.id;
    const now = codec().ts(t.clock.now());
    await db().insertInto('grid_assignments').values({ grid_id: fx.g2.id, user_id: grid1Id, duty: 'grid_worker', created_at: now }).execute();
    await db().insertInto('volunteers').values({
      id: 'v-1', community_id: t.orgs.community.id, org_path: t.orgs.community.path, name: '志愿者甲', skills: '[]', availability: '[]', active: codec().bool(true), joined_at: now, version: 1,
    }).execute();
    await db().insertInto('shelters').values({
      id: 's-1', community_id: t.orgs.community.id, org_path: t.orgs.community.path, name: '社区活动中心', kind: 'indoor', address: '幸福路1号', capacity: 1, facilities: '[]',
      status: 'standby', interval_days: 30, created_by: adminId, created_at: now, version: 1,
    }).execute();
    // Community B's volunteers do not count for A.
    await db().insertInto('volunteers').values({
      id: 'v-2', community_id: t.orgs.other.id, org_path: t.orgs.other.path, name: '志愿者乙', skills: '[]', availability: '[]', active: codec().bool(true), joined_at: now, version: 1,
    }).execute();
    const res = await as(t, admin).post(`/api/resilience/assessments/${assessmentId}/recompute`, { version });
    expect(res.statusCode).toBe(200);
    const a = res.json();
    version = a.version;
    expect(item(a, 'grid_coverage')).toMatchObject({ value: 100, level: 5, explanation: { figures: { residents: 2, inStaffedGrid: 2 } } });
    expect(item(a, 'volunteers_per_1000')).toMatchObject({ value: 500, level: 5, explanation: { figures: { volunteers: 1, residents: 2 } } });
    expect(item(a, 'shelter_capacity')).toMatchObject({ value: 50, level: 5 });
    expect(a.scores.capacities.mobilisation).toBe(5);
    const stale = await as(t, admin).post(`/api/resilience/assessments/${assessmentId}/recompute`, { version: version - 1 });
    expect(stale.statusCode).toBe(409);
  });

  it('评分 a manual indicator needs a level 0–5 and evidence without ID or mobile numbers; only manual ones; only the own community', async () => {
    const url = (code: string) => `/api/resilience/assessments/${assessmentId}/manual/${code}`;
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ['staff_training', { version, level: 6, evidence: '培训两次' }, 'body.level'],
      ['staff_training', { version, level: 3, evidence: '联系 13812345678' }, 'body.evidence'],
      ['staff_training', { version, level: 3 }, 'body.evidence'],
      ['grid_coverage', { version, level: 3, evidence: '手工改分' }, 'code'],
    ];
    for (const [code, body, path] of bad) {
      const res = await as(t, admin).put(url(code), body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path).join(' ')).toContain(path);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await as(t, adminB).put(url('staff_training'), { version, level: 3, evidence: '培训两次' })).statusCode).toBe(404);
    expect((await as(t, adminB).get(`/api/resilience/assessments/${assessmentId}`)).statusCode).toBe(404);
    const ok = await as(t, admin).put(url('staff_training'), { version, level: 3, evidence: '全体网格员培训两次并考核' });
    expect(ok.statusCode).toBe(200);
    version = ok.json().version;
    expect(item(ok.json(), 'staff_training')).toMatchObject({ level: 3, evidence: '全体网格员培训两次并考核', scoredBy: '社区书记' });
    expect(ok.json().scores.capacities.cognition).toBe(3);
  });

  it('定稿 needs every manual indicator scored; afterwards nothing changes; a new one waits for the next quarter', async () => {
    const early = await as(t, admin).post(`/api/resilience/assessments/${assessmentId}/finalise`, { version });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('manual_unscored');
    expect(early.json().error.details.map((d: { path: string }) => d.path)).toContain('items.lanes_clear');
    for (const code of MANUAL.filter((c) => c !== 'staff_training')) {
      const r = await as(t, admin).put(`/api/resilience/assessments/${assessmentId}/manual/${code}`, { version, level: 2, evidence: '按台账和现场检查评分' });
      expect(r.statusCode, code).toBe(200);
      version = r.json().version;
    }
    const fin = await as(t, admin).post(`/api/resilience/assessments/${assessmentId}/finalise`, { version });
    expect(fin.statusCode).toBe(200);
    expect(fin.json()).toMatchObject({ status: 'final', finalisedBy: '社区书记', canAssess: false });
    const stored = await db().selectFrom('resilience_assessments').select(['items', 'scores', 'version']).where('id', '=', assessmentId).executeTakeFirstOrThrow();
    const after = await as(t, admin).put(`/api/resilience/assessments/${assessmentId}/manual/staff_training`, { version: fin.json().version, level: 5, evidence: '想改分' });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.code).toBe('assessment_final');
    expect((await as(t, admin).post(`/api/resilience/assessments/${assessmentId}/recompute`, { version: fin.json().version })).statusCode).toBe(409);
    expect(await db().selectFrom('resilience_assessments').select(['items', 'scores', 'version']).where('id', '=', assessmentId).executeTakeFirstOrThrow()).toEqual(stored);
    const same = await as(t, admin).post('/api/resilience/assessments');
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe('period_final');
    const audit = await db().selectFrom('audit_log').select('action').where('object_id', '=', assessmentId).execute();
    expect(audit.map((x) => x.action)).toEqual(expect.arrayContaining(['resilience.assess', 'resilience.recompute', 'resilience.score', 'resilience.finalise']));
  });

  it('the trend shows the finalised assessments; the street reads its communities; the next quarter gets a new draft', async () => {
    const o = (await as(t, admin).get('/api/resilience')).json();
    expect(o.latest).toMatchObject({ id: assessmentId, status: 'final' });
    expect(o.trend.map((x: { period: string }) => x.period)).toEqual(['2026-Q4']);
    expect(o.trend[0].overall).toBe(o.latest.scores.overall);
    const s = (await as(t, street).get('/api/resilience')).json();
    expect(s).toMatchObject({ canAssess: false, latest: null });
    expect(s.below).toEqual([{ org: { id: t.orgs.community.id, name: t.orgs.community.name }, period: '2026-Q4', overall: o.latest.scores.overall }]);
    const sc = await as(t, street).get(`/api/resilience?orgId=${t.orgs.community.id}`);
    expect(sc.statusCode).toBe(200);
    expect(sc.json().latest.id).toBe(assessmentId);
    expect((await as(t, adminB).get(`/api/resilience?orgId=${t.orgs.community.id}`)).statusCode).toBe(404);
    t.clock.advance(45 * DAY);
    [admin, adminB] = await Promise.all(['admin', 'adminb'].map((u) => t.login(u)));
    const next = await as(t, admin).post('/api/resilience/assessments');
    expect(next.statusCode).toBe(201);
    expect(next.json()).toMatchObject({ period: '2027-Q1', status: 'draft' });
  });

  it('the demo seeds three past quarters, finalised, once', async () => {
    const u = await t.services.auth.findByUsername('adminb');
    const pb = (await t.services.auth.principalWithoutSession(u!))!;
    expect(await seedResilienceDemo(t.platform, t.services.resilience, t.services.audit, SEED_ACTOR, pb)).toBe(3);
    expect(await seedResilienceDemo(t.platform, t.services.resilience, t.services.audit, SEED_ACTOR, pb)).toBe(0);
    const o = (await as(t, adminB).get('/api/resilience')).json();
    expect(o.trend.map((x: { period: string }) => x.period)).toEqual(['2026-Q2', '2026-Q3', '2026-Q4']);
    expect(o.trend[0].overall).toBeLessThan(o.trend[2].overall);
    expect(o.latest.items.find((i: Item) => i.code === 'lanes_clear').evidence).toMatch(/通道/);
  });
});
