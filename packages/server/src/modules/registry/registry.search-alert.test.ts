// SECURITY.md §5 T2 "searches by name outside scope" (ADR 0040): a name / pinyin search that finds nobody in the
// caller's scope while the term matches residents outside it counts; more than RENXING_SEARCH_OUTSIDE_THRESHOLD (5)
// within RENXING_BROWSING_WINDOW_MINUTES raise one high security alert. The caller's answer never differs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;
const MIN = 60_000;

const searchAlerts = (t: TestApp, userId: string) =>
  t.platform.database.db.selectFrom('security_alerts').selectAll().where('kind', '=', 'search_outside_scope').where('actor_id', '=', userId).orderBy('created_at').execute();
const outsideRows = async (t: TestApp, userId: string) =>
  (await auditRows(t, { actor_id: userId, action: 'search' })).filter((r) => String(r.reason).endsWith('; scope=outside'));

describe('RENXING_SEARCH_OUTSIDE_THRESHOLD', () => {
  it('defaults to 5 and is validated like the other browsing settings', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).searchOutsideThreshold).toBe(5);
    expect(loadConfig({ RENXING_SEARCH_OUTSIDE_THRESHOLD: '12' } as NodeJS.ProcessEnv).searchOutsideThreshold).toBe(12);
    for (const bad of ['0', '-1', '2.5', 'many', '10001']) {
      expect(() => loadConfig({ RENXING_SEARCH_OUTSIDE_THRESHOLD: bad } as NodeJS.ProcessEnv)).toThrow(/RENXING_SEARCH_OUTSIDE_THRESHOLD/);
    }
  });
});

describe('searches by name outside scope (threshold 5 in 60 minutes)', () => {
  let t: TestApp;
  let fx: Fx;
  let w1: Session;
  const search = (s: Session, q: string, extra: Record<string, unknown> = {}) => as(t, s).post('/api/residents/search', { q, ...extra });

  beforeAll(async () => {
    // grid1 works in G1 (张三 and 40 赵…); 李四 lives in G2 of the same community, 王五 in community B.
    t = await createTestApp();
    fx = await seedScopedFixture(t, 40);
    w1 = await t.login('grid1');
  });
  afterAll(async () => t.close());

  it('uses the configured threshold and the browsing window', () => {
    expect(t.services.registry.searchAlertPolicy).toEqual({ threshold: 5, windowMinutes: 60 });
  });

  it('in-scope hits, ID / phone tails, addresses and names that match nobody anywhere do not count', async () => {
    for (const q of ['张三', 'zs', 'zhangsan', '赵']) {
      const r = await search(w1, q);
      expect(r.statusCode).toBe(200);
      expect(r.json().items.length).toBeGreaterThan(0);
    }
    // 李四's ID tail and phone tail, 王五's phone tail: a tail search is not a name search, even when it finds nobody here.
    for (const q of [FIXTURE_IDS.R2.slice(-4), '1111', '2222']) {
      const r = await search(w1, q);
      expect(r.json()).toEqual({ items: [], kind: 'tail' });
    }
    // An address (东海小区 is community B's) and names nobody has.
    expect((await search(w1, '东海小区1幢')).json()).toEqual({ items: [], kind: 'address' });
    expect((await search(w1, '欧阳')).json()).toEqual({ items: [], kind: 'name' });
    expect((await search(w1, 'oyx')).json()).toEqual({ items: [], kind: 'pinyin' });
    // 张三 filtered by a tag he does not have: nobody found, but he is in scope — not a search outside it.
    expect((await search(w1, '张三', { tag: 'pregnant' })).json()).toEqual({ items: [], kind: 'name' });
    expect(await outsideRows(t, w1.userId)).toHaveLength(0);
    expect(await searchAlerts(t, w1.userId)).toHaveLength(0);
  });

  it('the answer is the same whether or not the term matches someone outside the scope', async () => {
    const pairs: Array<[string, string]> = [['李四', '欧阳'], ['ls', 'oyx'], ['wangwu', 'ouyangxue']];
    for (const [outside, nowhere] of pairs) {
      const a = await search(w1, outside);
      const b = await search(w1, nowhere);
      expect(a.statusCode).toBe(b.statusCode);
      expect(a.body).toBe(b.body);
      const shape = (h: Record<string, unknown>) => Object.keys(h).filter((k) => !['date', 'x-request-id'].includes(k)).sort();
      expect(shape(a.headers)).toEqual(shape(b.headers));
      expect(a.headers['content-length']).toBe(b.headers['content-length']);
    }
    // Three of those six were outside-scope searches, each marked in its own audit row (term still only as a hash).
    const marked = await outsideRows(t, w1.userId);
    expect(marked).toHaveLength(3);
    for (const r of marked) {
      expect(r.reason).toMatch(/^kind=(name|pinyin); term=[0-9a-f]{16}; scope=outside$/);
      expect(JSON.stringify(r)).not.toMatch(/李四|wangwu|"ls"/);
      expect(r).toMatchObject({ outcome: 'success', count: 0 });
    }
  });

  it('the 5th outside-scope search raises nothing; the 6th raises one high alert, notified to the security admin', async () => {
    expect((await search(w1, '王五')).json()).toEqual({ items: [], kind: 'name' });
    expect((await search(w1, 'lisi')).json()).toEqual({ items: [], kind: 'pinyin' });
    expect(await outsideRows(t, w1.userId)).toHaveLength(5);
    expect(await searchAlerts(t, w1.userId)).toHaveLength(0);

    const sixth = await search(w1, '李');
    expect(sixth.statusCode).toBe(200);
    expect(sixth.json()).toEqual({ items: [], kind: 'name' });
    const alerts = await searchAlerts(t, w1.userId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'high', status: 'open', object_type: 'user', object_id: w1.userId, org_path: t.orgs.grids[0]!.path });
    expect(Number(alerts[0]!.count)).toBe(6);
    expect(JSON.parse(String(alerts[0]!.details))).toEqual({ threshold: 5, windowMinutes: 60 });
    const alertRows = await auditRows(t, { actor_id: w1.userId, action: 'search_alert' });
    expect(alertRows).toHaveLength(1);
    expect(alertRows[0]).toMatchObject({ severity: 'high', count: 6, object_id: w1.userId });

    // The security admin is told who and how many — never the terms or whom they matched.
    const sec = await t.login('secadmin');
    const notes = (await as(t, sec).get('/api/notifications')).json();
    const note = notes.items.find((n: { kind: string }) => n.kind === 'search_alert');
    expect(note.subject).toMatchObject({ type: 'security_alert', id: alerts[0]!.id, data: { actorRole: 'grid_worker', actorName: '第一网格网格员', count: '6', windowMinutes: '60' } });
    expect(JSON.stringify(notes)).not.toMatch(/李四|王五|lisi/);
    for (const r of [fx.R2, fx.R3]) expect(JSON.stringify(notes)).not.toContain(r.id);
    // And on the security alerts list.
    const list = (await as(t, sec).get('/api/admin/security-alerts?kind=search_outside_scope')).json();
    expect(list.items.map((a: { id: string }) => a.id)).toEqual([alerts[0]!.id]);
  });

  it('one alert per user and window; after the window the count starts again', async () => {
    expect((await search(w1, '王')).json()).toEqual({ items: [], kind: 'name' });
    expect(await searchAlerts(t, w1.userId)).toHaveLength(1);
    t.clock.advance(61 * MIN);
    const w1b = await t.login('grid1');
    for (const q of ['李四', '王五', 'ls', 'ww', 'lisi']) await search(w1b, q);
    expect(await searchAlerts(t, w1.userId)).toHaveLength(1);
    await search(w1b, 'wangwu');
    const alerts = await searchAlerts(t, w1.userId);
    expect(alerts).toHaveLength(2);
    expect(Number(alerts[1]!.count)).toBe(6);
  });

  it('counts per user: another worker’s searches are their own, and for a community admin G2 is in scope', async () => {
    const admin = await t.login('admin');
    // 李四 (G2) is in community A: found, not counted; 王五 (community B) is outside it.
    expect((await search(admin, '李四')).json().items).toHaveLength(1);
    expect((await search(admin, '王五')).json()).toEqual({ items: [], kind: 'name' });
    expect(await outsideRows(t, admin.userId)).toHaveLength(1);
    expect(await searchAlerts(t, admin.userId)).toHaveLength(0);
  });
});
