import { essenceSwitch, estimateRParametric, projectSeirRtBand } from '@renxing/analytics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import type { AuditActor } from '../audit';
import { addDays, dayRange } from './warnings.dates';
import { DEMO_FEVER_CLUSTER, seedWarningsDemo } from './warnings.seed';

// The harness clock: 2025-06-01 00:00 Asia/Shanghai → the reporting day is 2025-06-01.
const TODAY = '2025-06-01';
const SYSTEM: AuditActor = { actorId: null, actorRole: 'test', actorOrg: null, sessionId: null, ip: null, userAgentHash: null, requestId: null };

let t: TestApp;
let admin: Session;
let grid1: Session;
let doctor: Session;
let collector: Session;
let token: string;
let otherToken: string;

const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });
async function ingest(tok: string, items: unknown[]) {
  return t.app.inject({ method: 'POST', url: '/api/warnings/observations', headers: bearer(tok), payload: { items } });
}
/** n days ending `end` of the given counts for one grid × indicator. */
function seriesItems(gridId: string, indicator: string, counts: number[], end = TODAY) {
  const dates = dayRange(addDays(end, -(counts.length - 1)), end);
  return counts.map((count, i) => ({ gridId, indicator, date: dates[i]!, count }));
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  grid1 = await t.login('grid1');
  doctor = await t.login('doctor');
  collector = await t.login('collector');
  const auth = t.services.auth;
  token = (await auth.createApiToken(null, { name: 'gate-integration', role: 'device', orgId: t.orgs.community.id, scopes: ['warning:ingest'], createdBy: admin.userId }, SYSTEM)).token;
  otherToken = (await auth.createApiToken(null, { name: 'other-community', role: 'device', orgId: t.orgs.other.id, scopes: ['warning:ingest'], createdBy: admin.userId }, SYSTEM)).token;
});
afterAll(async () => {
  await t?.close();
});

describe('ingestion', () => {
  it('validates every item and names the field; nothing is written when one item is wrong', async () => {
    const g2 = t.orgs.grids[1]!;
    const res = await ingest(token, [
      { gridId: g2.id, indicator: 'fever_reports', date: '2025-05-30', count: 2 },
      { gridId: t.orgs.otherGrids[0]!.id, indicator: 'fever_reports', date: '2025-05-30', count: 1 },
      { gridId: g2.id, indicator: 'no_such_indicator', date: '2025-05-30', count: 1 },
      { gridId: g2.id, indicator: 'fever_reports', date: '2025-06-02', count: 1 },
      { gridId: g2.id, indicator: 'fever_reports', date: '2025-05-29', count: 5, denominator: 3 },
      { gridId: t.orgs.community.id, indicator: 'fever_reports', date: '2025-05-29', count: 1 },
    ]);
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(['items.1.grid', 'items.2.indicator', 'items.3.date', 'items.4.denominator', 'items.5.grid']);
    const rows = await t.platform.database.db.selectFrom('warning_observations').selectAll().execute();
    expect(rows).toHaveLength(0);
  });

  it('rejects schema errors with the field path (count, date format, grid reference)', async () => {
    const g2 = t.orgs.grids[1]!;
    const res = await ingest(token, [
      { gridId: g2.id, indicator: 'fever_reports', date: '2025-02-30', count: -1 },
      { indicator: 'fever_reports', date: '2025-05-01', count: 1 },
    ]);
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['body.items.0.count', 'body.items.0.date', 'body.items.1.gridId']);
  });

  it('needs warning:ingest: a session without it gets 403; a session cannot bypass with a grid worker', async () => {
    const res = await as(t, grid1).post('/api/warnings/observations', { items: [{ gridId: t.orgs.grids[0]!.id, indicator: 'complaints', date: TODAY, count: 1 }] });
    expect(res.statusCode).toBe(403);
  });

  it('is an idempotent upsert of absolute counts (by grid id or grid code)', async () => {
    const g3 = t.orgs.grids[2]!;
    const items = [
      ...seriesItems(g3.id, 'complaints', [1, 0, 2, 1]),
      { gridCode: g3.code, indicator: 'gate_anomalies', date: '2025-05-31', count: 4, denominator: 120 },
    ];
    const first = await ingest(token, items);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ received: 5, inserted: 5, updated: 0, unchanged: 0 });
    const again = await ingest(token, items);
    expect(again.json()).toEqual({ received: 5, inserted: 0, updated: 0, unchanged: 5 });
    const changed = await ingest(token, [{ gridId: g3.id, indicator: 'complaints', date: TODAY, count: 3 }]);
    expect(changed.json()).toEqual({ received: 1, inserted: 0, updated: 1, unchanged: 0 });
    const rows = await t.platform.database.db.selectFrom('warning_observations').selectAll().where('grid_id', '=', g3.id).orderBy('indicator_code').orderBy('obs_date').execute();
    expect(rows.map((r) => [r.indicator_code, r.obs_date, Number(r.count)])).toEqual([
      ['complaints', '2025-05-29', 1], ['complaints', '2025-05-30', 0], ['complaints', '2025-05-31', 2], ['complaints', TODAY, 3], ['gate_anomalies', '2025-05-31', 4],
    ]);
    expect(Number(rows[4]!.denominator)).toBe(120);
    const audit = await t.services.audit.query({ action: 'warning_ingest', page: 1, pageSize: 10 });
    expect(audit.items.length).toBe(3);
  });

  it('a token only writes inside its own org', async () => {
    const res = await ingest(otherToken, [{ gridId: t.orgs.grids[0]!.id, indicator: 'complaints', date: TODAY, count: 1 }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('items.0.grid');
  });

  it('increment() adds to a day inside the caller’s transaction (for modules)', async () => {
    const g = t.orgs.grids[5]!;
    const w = t.services.warnings;
    await t.platform.database.writes.run((trx) => w.increment(trx, { gridId: g.id, indicator: 'quarantine_breaches', date: '2025-05-20', source: 'quarantine' }));
    await t.platform.database.writes.run((trx) => w.increment(trx, { gridId: g.id, indicator: 'quarantine_breaches', date: '2025-05-20', delta: 2, source: 'quarantine' }));
    const r = await t.platform.database.db.selectFrom('warning_observations').select('count').where('grid_id', '=', g.id).where('indicator_code', '=', 'quarantine_breaches').executeTakeFirstOrThrow();
    expect(Number(r.count)).toBe(3);
    // A grid the orgs service has not read yet is read through the caller's transaction (on SQLite a read beside it
    // would wait forever), with its own path on the row; an org that is not a grid, or no org at all, is refused.
    const fresh = await t.services.orgs.create({ parentId: t.orgs.other.id, level: 'grid', code: 'inc-fresh-grid', name: '增量测试网格' });
    await t.platform.database.writes.run((trx) => w.increment(trx, { gridId: fresh.id, indicator: 'quarantine_breaches', date: '2025-05-21', delta: 4, source: 'quarantine' }));
    const f = await t.platform.database.db.selectFrom('warning_observations').select(['count', 'org_path']).where('grid_id', '=', fresh.id).executeTakeFirstOrThrow();
    expect([Number(f.count), f.org_path]).toEqual([4, fresh.path]);
    for (const gridId of [t.orgs.community.id, 'no-such-org']) {
      await expect(t.platform.database.writes.run((trx) => w.increment(trx, { gridId, indicator: 'quarantine_breaches', date: '2025-05-21', source: 'quarantine' })))
        .rejects.toThrow(`warnings.increment: ${gridId} is not a grid`);
    }
  });
});

describe('evaluation', () => {
  // 60 days of fever self-reports in 第二网格 with a spike on the last day: the service's colours must be the
  // library's essenceSwitch colours for the same vector and dates.
  const fever = [
    3, 2, 4, 3, 1, 2, 3, 2, 3, 5, 2, 1, 3, 4, 2, 3, 2, 1, 4, 3, 2, 3, 2, 4, 3, 1, 2, 3, 3, 2,
    2, 4, 3, 2, 1, 3, 2, 3, 4, 2, 3, 2, 1, 3, 2, 4, 3, 2, 3, 2, 1, 3, 2, 3, 4, 2, 3, 2, 3, 14,
  ];
  let alertId: string;

  it('runs ESSENCE switch on the grid series and raises the colour NSSP would give', async () => {
    const g2 = t.orgs.grids[1]!;
    expect((await ingest(token, seriesItems(g2.id, 'fever_reports', fever))).statusCode).toBe(200);
    const dates = dayRange(addDays(TODAY, -59), TODAY);
    const lib = essenceSwitch(fever, dates);
    const expected = lib.slice(-7).filter((p) => p.level === 'red' || p.level === 'yellow');
    expect(lib[59]!.level).toBe('red');

    const res = await as(t, admin).post('/api/warnings/evaluate', { days: 7, indicator: 'fever_reports', gridId: g2.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ asOf: TODAY, days: 7, raised: expected.length });

    const list = await as(t, admin).get(`/api/warnings/alerts?indicator=fever_reports&gridId=${g2.id}&pageSize=50`);
    const items = list.json().items as Array<{ id: string; date: string; level: string; pValue: number; detector: string; cause: string; observed: number }>;
    expect(items.map((a) => [a.date, a.level]).sort()).toEqual(expected.map((p) => [p.date, p.level]).sort());
    const top = items.find((a) => a.date === TODAY)!;
    expect(top.pValue).toBe(lib[59]!.pValue);
    expect(top.detector).toBe(lib[59]!.detector === 'regression' ? 'essence_regression' : 'essence_ewma');
    expect(top).toMatchObject({ level: 'red', cause: 'detector', observed: 14 });
    alertId = top.id;

    // Detail: the series for charts carries the library's colours and a band the observed value exceeds.
    const detail = await as(t, admin).get(`/api/warnings/alerts/${alertId}`);
    expect(detail.statusCode).toBe(200);
    const pts = detail.json().series as Array<{ date: string; level: string; pValue: number | null; redLimit: number | null; observed: number }>;
    expect(pts.at(-1)!.date).toBe(TODAY);
    expect(pts).toHaveLength(60);
    for (const p of pts) {
      const l = lib[dates.indexOf(p.date)]!;
      expect([p.date, p.level, p.pValue]).toEqual([l.date, l.level, l.pValue]);
    }
    expect(pts.at(-1)!.observed).toBeGreaterThan(pts.at(-1)!.redLimit!);
    expect(detail.json().alerts.map((a: { id: string }) => a.id)).toContain(alertId);
    // The short form other pages name it by (the duty log's form): no series; outside the reader's grid, 404 as unknown.
    const ref = await as(t, admin).get(`/api/warnings/alerts/${alertId}/ref`);
    expect(ref.statusCode).toBe(200);
    expect(ref.json()).toEqual({
      id: alertId, date: TODAY, level: 'red', status: 'raised', indicator: expect.objectContaining({ code: 'fever_reports' }),
      grid: { id: g2.id, name: g2.name, communityName: t.orgs.community.name },
    });
    expect((await as(t, await t.login('grid1')).get(`/api/warnings/alerts/${alertId}/ref`)).statusCode).toBe(404);
    expect((await as(t, admin).get('/api/warnings/alerts/no-such-alert/ref')).statusCode).toBe(404);
  });

  it('never duplicates an alert for the same grid × indicator × day', async () => {
    const again = await as(t, admin).post('/api/warnings/evaluate', { days: 7, indicator: 'fever_reports' });
    expect(again.json().raised).toBe(0);
    const n = await t.platform.database.db.selectFrom('warning_alerts').select((eb) => eb.fn.countAll().as('n'))
      .where('grid_id', '=', t.orgs.grids[1]!.id).where('indicator_code', '=', 'fever_reports').where('alert_date', '=', TODAY).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('hard rule: any positive pooled sample is red whatever the detector says', async () => {
    const g4 = t.orgs.grids[3]!;
    // Accounts for the recipient check below: a doctor in 第四网格 itself (notified), one in 第五网格 and one in the
    // other community (not: their org does not contain the grid), and a disabled doctor of the community (not).
    const auth = t.services.auth;
    const mk = (username: string, orgId: string) => auth.createUser({ username, displayName: username, role: 'doctor', orgId, password: 'Warn1ngs-Test-Pass' });
    await mk('g4doctor', g4.id);
    await mk('g5doctor', t.orgs.grids[4]!.id);
    await mk('otherdoctor', t.orgs.other.id);
    const off = await mk('offdoctor', t.orgs.community.id);
    // Test setup only: the auth service has no call that disables an account.
    await t.platform.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', off.id).execute();
    await ingest(token, seriesItems(g4.id, 'positive_pools', [...new Array(44).fill(0), 1]));
    const res = await as(t, admin).post('/api/warnings/evaluate', { indicator: 'positive_pools' });
    expect(res.json().raised).toBe(1);
    const list = await as(t, admin).get(`/api/warnings/alerts?indicator=positive_pools&gridId=${g4.id}`);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ level: 'red', cause: 'hard_rule', rule: 'any_positive', observed: 1, date: TODAY, status: 'raised' });
  });

  it('notifies exactly the users with warning:read whose org contains the grid', async () => {
    const g4 = t.orgs.grids[3]!;
    const alert = (await as(t, admin).get(`/api/warnings/alerts?indicator=positive_pools&gridId=${g4.id}`)).json().items[0];
    const rows = await t.platform.database.db.selectFrom('notifications').select('recipient_id').where('alert_id', '=', alert.id).execute();
    const usernames = await Promise.all(rows.map(async (r) => (await t.services.auth.findById(r.recipient_id))!.username));
    // district, street, community admin and doctor and 第四网格's own doctor contain 第四网格; grid1's worker and
    // 第五网格's doctor (other grids), the other community's doctor, the disabled doctor, the collector and volunteer
    // (no warning:read), auditor/admins (no warning:read) do not get it.
    expect(usernames.sort()).toEqual(['admin', 'district', 'doctor', 'g4doctor', 'street']);

    const mine = await as(t, doctor).get('/api/notifications?unread=true');
    expect(mine.statusCode).toBe(200);
    const n = mine.json().items.find((x: { alert: { id: string } }) => x.alert.id === alert.id);
    expect(n).toMatchObject({ kind: 'warning_alert', read: false, alert: { level: 'red', indicator: { code: 'positive_pools' } } });
    expect((await as(t, grid1).get('/api/notifications')).json().items.some((x: { alert: { id: string } }) => x.alert.id === alert.id)).toBe(false);
    expect((await as(t, collector).get('/api/notifications')).json().total).toBe(0);
    // Someone else's notification is not found; my own can be marked read.
    expect((await as(t, grid1).post(`/api/notifications/${n.id}/read`)).statusCode).toBe(404);
    expect((await as(t, doctor).post(`/api/notifications/${n.id}/read`)).json()).toEqual({ updated: 1 });
    const after = (await as(t, doctor).get('/api/notifications')).json();
    expect(after.items.find((x: { id: string }) => x.id === n.id).read).toBe(true);
    expect((await as(t, doctor).post('/api/notifications/read-all')).statusCode).toBe(200);
    expect((await as(t, doctor).get('/api/notifications')).json().unread).toBe(0);
  });

  it('a grid worker gets the alerts of their grid, with a notification', async () => {
    const g1 = t.orgs.grids[0]!;
    await ingest(token, seriesItems(g1.id, 'positive_pools', [0, 0, 0, 1]));
    await as(t, admin).post('/api/warnings/evaluate', { indicator: 'positive_pools', gridId: g1.id });
    const n = (await as(t, grid1).get('/api/notifications')).json();
    expect(n.unread).toBe(1);
    expect(n.items[0].alert).toMatchObject({ level: 'red', gridName: g1.name });
  });

  it('lifecycle raised → acknowledged → resolved with who, when and note; audited; wrong transitions 409', async () => {
    const api = as(t, admin);
    // The street officer's bell names the alert's grid and community and shows its current status (not the status it
    // had when notified).
    const street = await t.login('street');
    const bellAlert = async () => (await as(t, street).get('/api/notifications?pageSize=100')).json().items
      .find((x: { alert: { id: string } | null }) => x.alert?.id === alertId)?.alert;
    expect(await bellAlert()).toMatchObject({ status: 'raised', gridName: t.orgs.grids[1]!.name, communityName: t.orgs.community.name });
    const ack = await api.post(`/api/warnings/alerts/${alertId}/acknowledge`, { note: '已电话核实，安排上门' });
    expect(ack.statusCode).toBe(200);
    expect(await bellAlert()).toMatchObject({ status: 'acknowledged', communityName: t.orgs.community.name });
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledged: { by: { displayName: '社区书记' }, note: '已电话核实，安排上门' }, version: 2 });
    expect((await api.post(`/api/warnings/alerts/${alertId}/acknowledge`, {})).statusCode).toBe(409);
    const bad = await api.post(`/api/warnings/alerts/${alertId}/resolve`, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.note');
    const stale = await as(t, doctor).post(`/api/warnings/alerts/${alertId}/resolve`, { note: '已排查', version: 1 });
    expect(stale.statusCode).toBe(409);
    const res = await as(t, doctor).post(`/api/warnings/alerts/${alertId}/resolve`, { note: '14 人中 12 人为同一聚餐，已流调排查', version: 2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'resolved', resolved: { by: { displayName: '社区医生' }, note: '14 人中 12 人为同一聚餐，已流调排查' } });
    expect((await api.post(`/api/warnings/alerts/${alertId}/resolve`, { note: '再次处置' })).statusCode).toBe(409);
    expect(await bellAlert()).toMatchObject({ status: 'resolved', communityName: t.orgs.community.name });
    // The detail and the list name the grid and who acknowledged / resolved it.
    const g2 = t.orgs.grids[1]!;
    const shown = {
      grid: { id: g2.id, code: g2.code, name: g2.name },
      acknowledged: { by: { id: admin.userId, displayName: '社区书记' }, note: '已电话核实，安排上门' },
      resolved: { by: { id: doctor.userId, displayName: '社区医生' }, note: '14 人中 12 人为同一聚餐，已流调排查' },
    };
    expect((await api.get(`/api/warnings/alerts/${alertId}`)).json().alert).toMatchObject({ id: alertId, ...shown });
    const listed = (await api.get(`/api/warnings/alerts?gridId=${g2.id}&indicator=fever_reports&pageSize=50`)).json().items;
    expect(listed.find((a: { id: string }) => a.id === alertId)).toMatchObject(shown);
    expect(listed.filter((a: { id: string }) => a.id !== alertId).every((a: { grid: unknown; acknowledged: unknown }) => (
      JSON.stringify(a.grid) === JSON.stringify(shown.grid) && a.acknowledged === null
    ))).toBe(true);
    // Resolved alerts are not re-raised by the next evaluation.
    expect((await api.post('/api/warnings/evaluate', { indicator: 'fever_reports', days: 7 })).json().raised).toBe(0);

    const audit = await t.services.audit.query({ objectType: 'warning_alert', page: 1, pageSize: 50 });
    const mine = audit.items.filter((r) => r.objectId === alertId).map((r) => [r.action, r.outcome, r.actorId]);
    expect(mine).toEqual([
      ['alert_resolve', 'success', doctor.userId],
      ['alert_acknowledge', 'success', admin.userId],
    ]);
    expect((await t.services.audit.verify()).ok).toBe(true);
  });

  it('a grid worker cannot acknowledge (no warning:manage)', async () => {
    const own = (await as(t, grid1).get('/api/warnings/alerts')).json().items[0];
    expect((await as(t, grid1).post(`/api/warnings/alerts/${own.id}/acknowledge`, {})).statusCode).toBe(403);
  });

  it('scope: a grid worker sees only their grid; another grid’s alert is 404 (audited as denied)', async () => {
    const list = (await as(t, grid1).get('/api/warnings/alerts?pageSize=100')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((a: { grid: { id: string } }) => a.grid.id === t.orgs.grids[0]!.id)).toBe(true);
    expect((await as(t, grid1).get(`/api/warnings/alerts/${alertId}`)).statusCode).toBe(404);
    expect((await as(t, grid1).get(`/api/warnings/series?gridId=${t.orgs.grids[1]!.id}&indicator=fever_reports`)).statusCode).toBe(404);
    expect((await as(t, grid1).get(`/api/warnings/series?gridId=${t.orgs.grids[0]!.id}&indicator=positive_pools`)).statusCode).toBe(200);
    const denied = await t.services.audit.query({ objectType: 'warning_alert', outcome: 'denied', page: 1, pageSize: 10 });
    expect(denied.items.some((r) => r.objectId === alertId && r.actorId === grid1.userId)).toBe(true);
    // the admin of the community sees all of them; filters narrow
    const all = (await as(t, admin).get('/api/warnings/alerts?status=open&level=red&pageSize=100')).json();
    expect(all.items.every((a: { level: string; status: string }) => a.level === 'red' && a.status !== 'resolved')).toBe(true);
    expect(all.open.red).toBeGreaterThanOrEqual(2);
  });

  it('the notification list tells same-named grids of two communities apart by the community', async () => {
    // 第一网格 exists in both communities; each has a positive pool now (community A's from the grid-worker test above).
    const [a1, b1] = [t.orgs.grids[0]!, t.orgs.otherGrids[0]!];
    expect(b1.name).toBe(a1.name);
    expect((await ingest(otherToken, seriesItems(b1.id, 'positive_pools', [0, 0, 0, 1]))).statusCode).toBe(200);
    await t.services.warnings.evaluate({ scopePath: t.orgs.other.path, indicator: 'positive_pools', gridId: b1.id });
    const items = (await as(t, await t.login('street')).get('/api/notifications?pageSize=100')).json().items as Array<{
      alert: { gridName: string; communityName: string | null; indicator: { code: string } } | null;
    }>;
    const pools = items.flatMap((x) => (x.alert?.indicator.code === 'positive_pools' && x.alert.gridName === a1.name ? [x.alert.communityName] : []));
    expect(pools.sort()).toEqual([t.orgs.community.name, t.orgs.other.name].sort());
  });
});

describe('scopes (one level of the area tree at a time, ADR 0052)', () => {
  type Item = { id: string; level: string; parentId: string | null; hasChildren: boolean };
  const items = async (s: Session, q = '') => {
    const res = await as(t, s).get(`/api/warnings/scopes${q}`);
    expect(res.statusCode).toBe(200);
    return res.json().items as Item[];
  };

  it('without parentId: the caller’s org first, then only its direct children, each saying whether it has children', async () => {
    const mine = await items(grid1);
    expect(mine).toEqual([expect.objectContaining({ id: t.orgs.grids[0]!.id, level: 'grid', hasChildren: false })]);
    const community = await items(admin);
    expect(community[0]).toMatchObject({ id: t.orgs.community.id, level: 'community', hasChildren: true });
    const grids = (await t.services.orgs.within(t.orgs.community.path)).filter((o) => o.parentId === t.orgs.community.id);
    expect(community.slice(1).map((o) => o.id)).toEqual(grids.map((o) => o.id));
    expect(community.slice(1).map((o) => o.id)).toEqual(expect.arrayContaining(t.orgs.grids.map((g) => g.id)));
    expect(community.slice(1).every((o) => o.parentId === t.orgs.community.id && !o.hasChildren)).toBe(true);
    // A street: itself and its communities — not the grids below them.
    const street = await items(await t.login('street'));
    expect(street.map((o) => o.id)).toEqual([t.orgs.street.id, t.orgs.community.id, t.orgs.other.id]);
    expect(street.every((o) => o.hasChildren)).toBe(true);
    expect(street.some((o) => o.level === 'grid')).toBe(false);
  });

  it('with parentId: the direct children of an org in the caller’s area, level by level', async () => {
    const district = await t.login('district');
    const top = await items(district);
    expect(top.map((o) => o.id)).toEqual([t.orgs.district.id, t.orgs.street.id]);
    const communities = await items(district, `?parentId=${t.orgs.street.id}`);
    expect(communities.map((o) => o.id)).toEqual([t.orgs.community.id, t.orgs.other.id]);
    const grids = await items(district, `?parentId=${t.orgs.other.id}`);
    // Every grid of that community (other tests here add grids to it), by code.
    const below = (await t.services.orgs.within(t.orgs.other.path)).filter((o) => o.parentId === t.orgs.other.id);
    expect(grids.map((o) => o.id)).toEqual(below.map((o) => o.id));
    expect(grids.map((o) => o.id)).toEqual(expect.arrayContaining(t.orgs.otherGrids.map((g) => g.id)));
    expect(grids.every((o) => o.level === 'grid' && o.hasChildren === false && o.parentId === t.orgs.other.id)).toBe(true);
    // A grid has nothing below it.
    expect(await items(admin, `?parentId=${t.orgs.grids[1]!.id}`)).toEqual([]);
  });

  it('an org outside the caller’s area (or unknown) is 404, audited as denied', async () => {
    for (const parentId of [t.orgs.other.id, t.orgs.street.id, 'no-such-org']) {
      const res = await as(t, admin).get(`/api/warnings/scopes?parentId=${parentId}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(t.orgs.otherGrids[0]!.id);
    }
    expect((await as(t, grid1).get(`/api/warnings/scopes?parentId=${t.orgs.community.id}`)).statusCode).toBe(404);
    const denied = await t.services.audit.query({ objectType: 'warning_scope', outcome: 'denied', page: 1, pageSize: 20 });
    expect(denied.items.filter((r) => r.actorId === admin.userId).map((r) => r.objectId)).toEqual(expect.arrayContaining([t.orgs.other.id, t.orgs.street.id, 'no-such-org']));
    expect(denied.items.some((r) => r.actorId === grid1.userId && r.objectId === t.orgs.community.id)).toBe(true);
  });

  it('the query is validated: an empty parentId or an unknown parameter is 400 naming it', async () => {
    const empty = await as(t, admin).get('/api/warnings/scopes?parentId=');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([expect.objectContaining({ path: 'querystring.parentId', messageEn: expect.any(String), message: expect.any(String) })]);
    const unknown = await as(t, admin).get('/api/warnings/scopes?all=1');
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json().error.details)).toContain('all');
  });
});

describe('indicator configuration', () => {
  it('validation errors name the field', async () => {
    const api = as(t, admin);
    const r1 = await api.post('/api/warnings/indicators/fever_reports/update', { version: 0, detector: { method: 'essence_switch', options: { B: 30 } } });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details).toEqual([expect.objectContaining({ path: 'body.detector.options.B', messageEn: 'must be a multiple of 7 for the regression detector' })]);
    const r2 = await api.post('/api/warnings/indicators/fever_reports/update', { version: 0, hardRules: { anyPositiveRed: false, redAtLeast: 5, yellowAtLeast: 5 } });
    expect(r2.json().error.details).toEqual([expect.objectContaining({ path: 'body.hardRules.yellowAtLeast', message: '黄色阈值须小于红色阈值' })]);
    const r3 = await api.post('/api/warnings/indicators/fever_reports/update', { version: 0, detector: { method: 'ears_c2', options: { minSigma: -1 } } });
    expect(r3.json().error.details[0].path).toBe('body.detector.options.minSigma');
    const r4 = await api.post('/api/warnings/indicators/fever_reports/update', { version: 0, raiseOn: ['purple'] });
    expect(r4.json().error.details[0].path).toBe('body.raiseOn.0');
    const r5 = await api.post('/api/warnings/indicators/fever_reports/update', { version: 0, detector: { method: 'magic', options: {} } });
    expect(r5.statusCode).toBe(400);
    expect(r5.json().error.details[0].path).toMatch(/^body\.detector/);
    expect((await as(t, grid1).post('/api/warnings/indicators/fever_reports/update', { version: 0, enabled: false })).statusCode).toBe(403);
  });

  it('an update applies to the caller’s org subtree, is versioned and audited; other communities keep the defaults', async () => {
    const api = as(t, admin);
    const before = (await api.get('/api/warnings/indicators')).json().items.find((i: { code: string }) => i.code === 'complaints');
    expect(before).toMatchObject({ version: 0, configOrg: null, config: { detector: { method: 'auto' } } });
    const res = await api.post('/api/warnings/indicators/complaints/update', {
      version: 0, detector: { method: 'ears_c1', options: { baseline: 14, minSigma: 1 } }, hardRules: { anyPositiveRed: false, redAtLeast: 10, yellowAtLeast: 6 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 1, configOrg: { id: t.orgs.community.id }, config: { detector: { method: 'ears_c1', options: { baseline: 14, minSigma: 1 } }, hardRules: { redAtLeast: 10 } } });
    expect((await api.post('/api/warnings/indicators/complaints/update', { version: 0, enabled: false })).statusCode).toBe(409);
    // grid workers read the community's setting; the street office still sees the defaults
    const g = (await as(t, grid1).get('/api/warnings/indicators')).json().items.find((i: { code: string }) => i.code === 'complaints');
    expect(g.config.detector.method).toBe('ears_c1');
    const street = await t.login('street');
    const s = (await as(t, street).get('/api/warnings/indicators')).json().items.find((i: { code: string }) => i.code === 'complaints');
    expect(s.config.detector.method).toBe('auto');
    const audit = await t.services.audit.query({ action: 'warning_config_update', page: 1, pageSize: 5 });
    expect(audit.items[0]).toMatchObject({ objectId: 'complaints', actorId: admin.userId, fields: ['detector', 'hardRules'] });
    // the evaluation uses it: a fixed threshold of 10 complaints is red
    const g7 = t.orgs.grids[6]!;
    await ingest(token, seriesItems(g7.id, 'complaints', [0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 11]));
    await api.post('/api/warnings/evaluate', { indicator: 'complaints', gridId: g7.id });
    const a = (await api.get(`/api/warnings/alerts?gridId=${g7.id}&indicator=complaints`)).json().items[0];
    expect(a).toMatchObject({ level: 'red', date: TODAY });
    expect(['red_at_least', null]).toContain(a.rule);
    expect(a.detector === 'ears_c1' || a.cause === 'hard_rule').toBe(true);
  });
});

describe('R_t', () => {
  it('is EpiEstim on the series summed over the scope (weekly windows ending each day, SI 7.5 ± 3.4 by default)', async () => {
    const res = await as(t, admin).get('/api/warnings/rt?indicator=fever_reports&days=60');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.si).toMatchObject({ mean: 7.5, sd: 3.4 });
    const counts = body.incidence.map((x: { count: number }) => x.count);
    expect(counts.at(-1)).toBe(14);
    const T = counts.length;
    const tStart = Array.from({ length: T - 7 }, (_, i) => i + 2);
    const lib = estimateRParametric(counts, { meanSi: 7.5, stdSi: 3.4, tStart, tEnd: tStart.map((s) => s + 6) });
    expect(body.rows.map((r: { mean: number | null }) => r.mean)).toEqual(lib.R.map((r) => r.mean));
    expect(body.rows.at(-1).q0975).toBe(lib.R.at(-1)!.q0975);
    expect(body.latest.dateEnd).toBe(TODAY);
    // a grid worker cannot widen the scope
    expect((await as(t, grid1).get(`/api/warnings/rt?scope=${t.orgs.community.id}`)).statusCode).toBe(404);
  });

  it('projects new cases with SEIR at the latest R_t’s Q0.025 / Median / Q0.975', async () => {
    const res = (await as(t, admin).get('/api/warnings/rt?indicator=fever_reports&days=60&population=12000&horizon=14')).json();
    expect(res.projection.available).toBe(true);
    const p = res.projection;
    expect(p.params).toMatchObject({ population: 12000, populationSource: 'request', latentDays: 5.2, infectiousDays: 7, rLow: res.latest.q0025, rMedian: res.latest.median, rHigh: res.latest.q0975 });
    expect(p.days.map((d: { date: string }) => d.date)).toEqual(dayRange(addDays(TODAY, 1), addDays(TODAY, 14)));
    // the same run of the library: daily onsets = differences of cumulative onsets
    const band = projectSeirRtBand({
      N: 12000, sigma: 1 / 5.2, gamma: 1 / 7, latentStages: 1, init: p.initial, days: 14, low: p.params.rLow, median: p.params.rMedian, high: p.params.rHigh,
    });
    expect(p.days.map((d: { median: number }) => d.median)).toEqual(band.median.slice(1).map((x, i) => x.cumOnsets - band.median[i]!.cumOnsets));
    for (const d of p.days) {
      expect(d.low).toBeLessThanOrEqual(d.median);
      expect(d.median).toBeLessThanOrEqual(d.high);
    }
    // without a population (no residents registered in this test) there is no projection, and the reason says why
    const none = (await as(t, admin).get('/api/warnings/rt?indicator=fever_reports&days=60')).json();
    expect(none.projection).toEqual({ available: false, reason: 'population_unknown' });
  });

  it('takes the population from the registry: active residents inside the scope', async () => {
    // Community A: 张三 and 3 more in 第一网格, 李四 in 第二网格; 王五 lives in the other community.
    await seedScopedFixture(t, 3);
    const community = (await as(t, admin).get('/api/warnings/rt?indicator=fever_reports&days=60')).json();
    expect(community.projection.params).toMatchObject({ population: 5, populationSource: 'registry' });
    const g2 = (await as(t, admin).get(`/api/warnings/rt?indicator=fever_reports&days=60&scope=${t.orgs.grids[1]!.id}`)).json();
    expect(g2.projection.params).toMatchObject({ population: 1, populationSource: 'registry' });
    // a population in the request wins
    const asked = (await as(t, admin).get('/api/warnings/rt?indicator=fever_reports&days=60&population=700')).json();
    expect(asked.projection.params).toMatchObject({ population: 700, populationSource: 'request' });
  });
});

describe('demo seed', () => {
  it('creates 120 days per grid × indicator, a fever cluster and a positive pool in 第一网格, and alerts; idempotent', async () => {
    const t2 = await createTestApp();
    try {
      const r = await seedWarningsDemo(t2, t2.platform);
      expect(r).toMatchObject({ grids: 8, days: 120, inserted: 8 * 5 * 120 });
      const g1 = t2.orgs.grids[0]!;
      const alerts = await t2.platform.database.db.selectFrom('warning_alerts').selectAll().where('grid_id', '=', g1.id).execute();
      const fever = alerts.filter((a) => a.indicator_code === 'fever_reports' && a.alert_date === TODAY);
      expect(fever).toHaveLength(1);
      expect(fever[0]!.level).toBe('red');
      expect(Number(fever[0]!.observed)).toBeGreaterThanOrEqual(DEMO_FEVER_CLUSTER.at(-1)!);
      expect(alerts.find((a) => a.indicator_code === 'positive_pools')).toMatchObject({ level: 'red', cause: 'hard_rule', alert_date: addDays(TODAY, -1) });
      const again = await seedWarningsDemo(t2, t2.platform);
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 8 * 5 * 120, evaluation: { raised: 0 } });
      // same numbers in a fresh database: deterministic
      const t3 = await createTestApp();
      try {
        await seedWarningsDemo(t3, t3.platform);
        const sum = async (x: TestApp) => Number((await x.platform.database.db.selectFrom('warning_observations').select((eb) => eb.fn.sum('count').as('s')).executeTakeFirstOrThrow()).s);
        expect(await sum(t3)).toBe(await sum(t2));
      } finally {
        await t3.close();
      }
    } finally {
      await t2.close();
    }
  });
});
