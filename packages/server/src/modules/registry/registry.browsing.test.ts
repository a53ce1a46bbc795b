// SECURITY.md §7 test 27 — out-of-task browsing alert (ADR 0034). "W1 reads 31 distinct residents that are not in their
// task list within 60 min (threshold 30). Expected: an alert row for W1; the 32nd read requires step-up
// (re-authentication) or is blocked, per config."
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../platform/ids';
import { LOGIN_POLICY } from '../auth';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;
const MIN = 60_000;

const browsingAlerts = (t: TestApp, userId: string) =>
  t.platform.database.db.selectFrom('security_alerts').selectAll().where('kind', '=', 'browsing').where('actor_id', '=', userId).execute();

describe('out-of-task browsing: alert and step-up (test 27, threshold 30, step_up)', () => {
  let t: TestApp;
  let fx: Fx;
  let w1: Session;
  /** G1 residents in a fixed order: R1 then the 40 generated ones. */
  let g1: string[];
  const open = (s: Session, id: string) => as(t, s).get(`/api/residents/${id}`);

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t, 40);
    g1 = [fx.R1.id, ...fx.extras.map((e) => e.id)];
    // Fever self-reports (work items) are collected only while an emergency covers the area (ADR 0027).
    await t.services.emergencies.ensureDeclared(SYSTEM_ACTOR, t.orgs.district.id, '2025-01-01', '测试通告第1号', 'system:test');
    w1 = await t.login('grid1');
  });
  afterAll(async () => t.close());

  it('the configured default is 30 residents in 60 minutes, step-up', () => {
    expect(t.services.registry.browsingPolicy).toEqual({ threshold: 30, windowMinutes: 60, action: 'step_up' });
  });

  it('30 distinct profile opens pass without an alert; lists and search results do not count', async () => {
    // Masked lists and search answers are not profile opens.
    expect((await as(t, w1).get(`/api/residents?gridId=${fx.g1.id}&pageSize=100`)).statusCode).toBe(200);
    expect((await as(t, w1).post('/api/residents/search', { q: '赵' })).statusCode).toBe(200);
    expect((await as(t, w1).get(`/api/households/${fx.h1.id}`)).statusCode).toBe(200);
    for (const id of g1.slice(0, 30)) expect((await open(w1, id)).statusCode).toBe(200);
    expect(await browsingAlerts(t, w1.userId)).toHaveLength(0);
    const reads = await auditRows(t, { actor_id: w1.userId, action: 'read', object_type: 'resident' });
    expect(reads).toHaveLength(30);
    expect(reads.every((r) => r.severity === 'normal' && r.outcome === 'success')).toBe(true);
  });

  it('the 31st distinct resident is served and raises exactly one high alert for W1, notified to the security admin', async () => {
    const r31 = await open(w1, g1[30]!);
    expect(r31.statusCode).toBe(200);
    expect(r31.json().id).toBe(g1[30]);
    const alerts = await browsingAlerts(t, w1.userId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'high', status: 'open', object_type: 'user', object_id: w1.userId });
    expect(Number(alerts[0]!.count)).toBe(31);
    expect(JSON.parse(String(alerts[0]!.details))).toEqual({ threshold: 30, windowMinutes: 60, action: 'step_up' });
    // The read that crossed is audited at high severity, with an audit row for the alert itself.
    const [read31] = await auditRows(t, { actor_id: w1.userId, action: 'read', object_id: g1[30]! });
    expect(read31).toMatchObject({ severity: 'high', reason: 'browsing_over_threshold', outcome: 'success', subject_id: g1[30] });
    const alertRows = await auditRows(t, { actor_id: w1.userId, action: 'browsing_alert' });
    expect(alertRows).toHaveLength(1);
    expect(alertRows[0]).toMatchObject({ severity: 'high', count: 31 });
    // The security admin is told who and how many — never which residents.
    const sec = await t.login('secadmin');
    const notes = (await as(t, sec).get('/api/notifications')).json();
    const note = notes.items.find((n: { kind: string }) => n.kind === 'browsing_alert');
    expect(note.subject).toMatchObject({ type: 'security_alert', id: alerts[0]!.id, data: { actorRole: 'grid_worker', actorName: '第一网格网格员', count: '31', windowMinutes: '60' } });
    for (const id of g1) expect(JSON.stringify(notes)).not.toContain(id);
  });

  it('the 32nd needs step-up (401 step_up_required, audited as denied); residents already opened open freely; no second alert', async () => {
    const r32 = await open(w1, g1[31]!);
    expect(r32.statusCode).toBe(401);
    const err = r32.json().error;
    expect(err.code).toBe('step_up_required');
    expect(err.message).toContain('请输入登录密码');
    expect(err.messageEn).toContain('Enter your password');
    expect(err.details[0]).toMatchObject({ path: 'browsing', code: 'step_up' });
    expect(r32.body).not.toContain('赵'); // no personal data in the refusal
    const denied = await auditRows(t, { actor_id: w1.userId, object_id: g1[31]!, outcome: 'denied' });
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ action: 'read', severity: 'high', reason: 'step_up_required', subject_id: null, count: 31 });
    // A reveal of a new resident is refused the same way; of one already opened it is served.
    const revealNew = await as(t, w1).post(`/api/residents/${g1[32]}/reveal`, { field: 'phone', reason: '电话随访' });
    expect(revealNew.statusCode).toBe(401);
    expect(revealNew.json().error.code).toBe('step_up_required');
    const revealOld = await as(t, w1).post(`/api/residents/${g1[0]}/reveal`, { field: 'phone', reason: '电话随访' });
    expect(revealOld.statusCode).toBe(200);
    expect((await open(w1, g1[0]!)).statusCode).toBe(200);
    expect((await open(w1, g1[17]!)).statusCode).toBe(200);
    expect(await browsingAlerts(t, w1.userId)).toHaveLength(1);
  });

  it('a wrong password is 401 and changes nothing; the right one lets the reads continue, audited at high severity', async () => {
    const wrong = await as(t, w1).post('/api/auth/step-up', { password: 'not-my-password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({ code: 'invalid_credentials', details: [{ path: 'password' }] });
    expect((await open(w1, g1[31]!)).statusCode).toBe(401);
    expect((await as(t, w1).post('/api/auth/step-up', {})).statusCode).toBe(400);

    const ok = await as(t, w1).post('/api/auth/step-up', { password: DEMO_PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(Date.parse(ok.json().validUntil) - t.clock.now().getTime()).toBe(60 * MIN);
    const steps = await auditRows(t, { actor_id: w1.userId, action: 'step_up' });
    expect(steps.map((r) => [r.outcome, r.severity])).toEqual([['denied', 'high'], ['success', 'high']]);

    for (const id of g1.slice(31, 34)) {
      const r = await open(w1, id);
      expect(r.statusCode).toBe(200);
      const [row] = await auditRows(t, { actor_id: w1.userId, action: 'read', object_id: id, outcome: 'success' });
      expect(row).toMatchObject({ severity: 'high', reason: 'browsing_over_threshold' });
    }
    expect(await browsingAlerts(t, w1.userId)).toHaveLength(1);
    // A step-up holds for one window: 61 minutes later (a new login: the session timed out) it is needed again if the
    // count is still over the threshold — here it is not, the window has slid past every read.
  });

  it('the security admin lists the alert with who and how many; other roles may not', async () => {
    const sec = await t.login('secadmin');
    const list = await as(t, sec).get('/api/admin/security-alerts?kind=browsing');
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      kind: 'browsing', severity: 'high', status: 'open', count: 31, details: { threshold: 30, windowMinutes: 60 },
      actor: { id: w1.userId, displayName: '第一网格网格员', role: 'grid_worker' },
    });
    expect((await auditRows(t, { actor_id: sec.userId, action: 'list', object_type: 'security_alert' })).length).toBeGreaterThan(0);
    expect((await as(t, w1).get('/api/admin/security-alerts')).statusCode).toBe(403);
    expect((await as(t, sec).get('/api/admin/security-alerts?kind=other')).statusCode).toBe(400);
  });
});

describe('out-of-task browsing: sliding window, work items, step-up throttle', () => {
  let t: TestApp;
  let fx: Fx;
  let all: string[];

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t, 40);
    all = [fx.R1.id, ...fx.extras.map((e) => e.id), fx.R2.id];
    await t.services.emergencies.ensureDeclared(SYSTEM_ACTOR, t.orgs.district.id, '2025-01-01', '测试通告第1号', 'system:test');
    // The fixture registered every resident as the community admin: in task for the admin for one window. Let it pass.
    t.clock.advance(61 * MIN);
  });
  afterAll(async () => t.close());

  it('the window slides: reads older than 60 minutes stop counting; one alert per user and window', async () => {
    const doc = await t.login('doctor');
    const open = (id: string) => as(t, doc).get(`/api/residents/${id}`);
    for (const id of all.slice(0, 20)) expect((await open(id)).statusCode).toBe(200);
    // (Sessions time out after 30 idle minutes: a re-read halfway keeps this one; it opens no new resident.)
    t.clock.advance(20 * MIN);
    expect((await open(all[5]!)).statusCode).toBe(200);
    t.clock.advance(20 * MIN);
    for (const id of all.slice(20, 31)) expect((await open(id)).statusCode).toBe(200); // the 31st crosses
    expect(await browsingAlerts(t, doc.userId)).toHaveLength(1);
    expect((await open(all[31]!)).statusCode).toBe(401);
    // 21 minutes later the first reads are 61 minutes old (all[5]: 41): 12 remain, a new resident opens without step-up.
    t.clock.advance(21 * MIN);
    expect((await open(all[31]!)).statusCode).toBe(200);
    // Those that left can be opened again and count anew: 12 + 1 + 18 = 31 crosses again within the hour of the first
    // alert — still one alert; the next new one needs step-up again.
    const again = all.slice(0, 20).filter((id) => id !== all[5]).slice(0, 18);
    for (const id of again) expect((await open(id)).statusCode).toBe(200);
    expect(await browsingAlerts(t, doc.userId)).toHaveLength(1);
    expect((await open(all[19]!)).statusCode).toBe(401);
    // The hourly prune deletes the reads the window no longer needs.
    const rows = () => t.platform.database.db.selectFrom('resident_reads').selectAll().where('user_id', '=', doc.userId).execute();
    expect((await rows()).length).toBe(32);
    await t.services.registry.pruneBrowsingReads();
    expect((await rows()).length).toBe(31); // only all[19]'s read at +0 was older than the window (it was refused at +61)
    t.clock.advance(60 * MIN);
    expect(await t.services.registry.pruneBrowsingReads()).toBeGreaterThanOrEqual(31);
    expect(await rows()).toHaveLength(0);
  });

  it('residents with an open work item or registered/changed by the user do not count', async () => {
    const admin = await t.login('admin');
    const w1 = await t.login('grid1');
    const open = (id: string) => as(t, admin).get(`/api/residents/${id}`);
    const [followUp, changed, ...rest] = all;
    // An open fever follow-up for `followUp` (a grid worker's door-to-door report).
    const fever = await as(t, w1).post('/api/self-reports', { residentId: followUp, temperature: 38.4, symptoms: [] }, { 'idempotency-key': 'browsing-fever-0001' });
    expect(fever.statusCode).toBe(201);
    // 30 out-of-task opens; then the first of them gets a fever follow-up too (read before it was a work item).
    for (const id of rest.slice(0, 30)) expect((await open(id)).statusCode).toBe(200);
    const later = await as(t, w1).post('/api/self-reports', { residentId: rest[0], temperature: 38.9, symptoms: [] }, { 'idempotency-key': 'browsing-fever-0002' });
    expect(later.statusCode).toBe(201);
    // The follow-up resident: in task, no alert (and rest[0] leaves the count: 29 out of task).
    expect((await open(followUp!)).statusCode).toBe(200);
    expect(await browsingAlerts(t, admin.userId)).toHaveLength(0);
    // A record the admin changes is in task for the window.
    const before = (await open(changed!)).json();
    expect(await browsingAlerts(t, admin.userId)).toHaveLength(0); // 30 out of task: `changed` was the 30th
    const upd = await as(t, admin).post(`/api/residents/${changed}/update`, { version: before.version, residenceType: 'tenant' });
    expect(upd.statusCode).toBe(200);
    // 29 out of task again; two more new residents: the second of them is the 31st → alert.
    expect((await open(rest[30]!)).statusCode).toBe(200);
    expect(await browsingAlerts(t, admin.userId)).toHaveLength(0);
    expect((await open(rest[31]!)).statusCode).toBe(200);
    expect(await browsingAlerts(t, admin.userId)).toHaveLength(1);
    expect((await open(rest[32]!)).statusCode).toBe(401);
    // In-task residents open freely even now.
    expect((await open(followUp!)).statusCode).toBe(200);
    expect((await open(changed!)).statusCode).toBe(200);
  });

  it('wrong step-up passwords are throttled like login: the 5th locks step-up for 15 minutes (429, even with the right one)', async () => {
    const doc = await t.login('doctor');
    for (let i = 1; i <= LOGIN_POLICY.maxFailures; i++) {
      const r = await as(t, doc).post('/api/auth/step-up', { password: `wrong-${i}` });
      expect(r.statusCode, `attempt ${i}`).toBe(401);
    }
    const locked = await as(t, doc).post('/api/auth/step-up', { password: DEMO_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    const rows = await auditRows(t, { actor_id: doc.userId, action: 'step_up' });
    expect(rows.map((r) => r.outcome)).toEqual([...Array(LOGIN_POLICY.maxFailures).fill('denied'), 'denied']);
    expect(rows.every((r) => r.severity === 'high')).toBe(true);
    // Login itself is not locked by it, and after 15 minutes the right password works.
    t.clock.advance(15 * MIN + 1000);
    const again = await t.login('doctor');
    expect((await as(t, again).post('/api/auth/step-up', { password: DEMO_PASSWORD })).statusCode).toBe(200);
  });
});

describe('out-of-task browsing: block mode and API tokens', () => {
  let t: TestApp;
  let fx: Fx;
  let g1: string[];

  beforeAll(async () => {
    t = await createTestApp({ config: { browsingThreshold: 3, browsingAction: 'block' } });
    fx = await seedScopedFixture(t, 10);
    g1 = [fx.R1.id, ...fx.extras.map((e) => e.id)];
    t.clock.advance(61 * MIN);
  });
  afterAll(async () => t.close());

  it('over the threshold a new resident answers 429 browsing_limit until the window frees; step-up does not lift it', async () => {
    const w1 = await t.login('grid1');
    const open = (id: string) => as(t, w1).get(`/api/residents/${id}`);
    expect((await open(g1[0]!)).statusCode).toBe(200); // at T0
    t.clock.advance(5 * MIN);
    for (const id of g1.slice(1, 4)) expect((await open(id)).statusCode).toBe(200); // 4th crosses the threshold of 3
    expect(await browsingAlerts(t, w1.userId)).toHaveLength(1);
    const blocked = await open(g1[4]!);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('browsing_limit');
    expect(blocked.json().error.message).toContain('已经打开过的档案仍可查看');
    // The oldest read (T0) leaves the window at T0 + 60 min, 55 minutes from now.
    expect(Number(blocked.headers['retry-after'])).toBe(55 * 60);
    const [row] = await auditRows(t, { actor_id: w1.userId, object_id: g1[4]!, outcome: 'denied' });
    expect(row).toMatchObject({ severity: 'high', reason: 'browsing_limit' });
    expect((await as(t, w1).post('/api/auth/step-up', { password: DEMO_PASSWORD })).statusCode).toBe(200);
    expect((await open(g1[4]!)).statusCode).toBe(429);
    expect((await open(g1[2]!)).statusCode).toBe(200); // already opened
    t.clock.advance(25 * MIN);
    expect((await open(g1[1]!)).statusCode).toBe(200); // keep the session alive
    t.clock.advance(30 * MIN - 1000);
    expect((await open(g1[4]!)).statusCode).toBe(429); // one second before T0 + 60 min
    t.clock.advance(1000);
    expect((await open(g1[4]!)).statusCode).toBe(200); // T0's read left the window, as Retry-After said
  });

  it('an API token cannot step up: over the threshold it is refused like block mode', async () => {
    const grid1 = await t.services.auth.findByUsername('grid1');
    const { token } = await t.services.auth.createApiToken(null, { name: 'browsing-test', role: 'grid_worker', orgId: t.orgs.grids[0]!.id, scopes: ['resident:read'], createdBy: grid1!.id }, SYSTEM_ACTOR);
    const get = (id: string) => t.app.inject({ method: 'GET', url: `/api/residents/${id}`, headers: { authorization: `Bearer ${token}` } });
    for (const id of g1.slice(0, 4)) expect((await get(id)).statusCode).toBe(200);
    const r = await get(g1[5]!);
    expect(r.statusCode).toBe(429);
    expect(r.json().error.code).toBe('browsing_limit');
  });
});

describe('out-of-task browsing: the step-up is kept in the Redis session (REDIS_URL, real Redis on 127.0.0.1:6379)', () => {
  const REDIS_URL = process.env.RENXING_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let t: TestApp;
  let fx: Fx;
  let redis: Redis;

  beforeAll(async () => {
    t = await createTestApp({ config: { redisUrl: REDIS_URL, browsingThreshold: 2 } });
    fx = await seedScopedFixture(t, 4);
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
    await t.close();
  });

  it('step-up marks the Redis session record; the refused resident then opens', async () => {
    expect(t.platform.sessions.kind).toBe('redis');
    const w1 = await t.login('grid1');
    const ids = [fx.R1.id, ...fx.extras.map((e) => e.id)];
    for (const id of ids.slice(0, 3)) expect((await as(t, w1).get(`/api/residents/${id}`)).statusCode).toBe(200);
    expect((await as(t, w1).get(`/api/residents/${ids[3]}`)).statusCode).toBe(401);
    const key = `rx:sess:${sha256(w1.cookie.split('=')[1]!)}`;
    expect(JSON.parse((await redis.get(key))!).stepUpAt ?? null).toBeNull();
    expect((await as(t, w1).post('/api/auth/step-up', { password: DEMO_PASSWORD })).statusCode).toBe(200);
    expect(Date.parse(JSON.parse((await redis.get(key))!).stepUpAt)).toBe(t.clock.now().getTime());
    expect((await as(t, w1).get(`/api/residents/${ids[3]}`)).statusCode).toBe(200);
  });
});
