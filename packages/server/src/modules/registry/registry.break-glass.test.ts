// SECURITY.md §7 E26 — a restricted record needs break-the-glass: stub only → reason required (400) → time-limited
// grant (audited at high severity, the community admin notified) → full record → stub again once the grant expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

const FULL_ONLY_KEYS = ['age', 'sex', 'idMasked', 'phoneMasked', 'address', 'tags', 'birthDate', 'household', 'name', 'relation'];

describe('restricted records and break-the-glass (E26)', () => {
  let t: TestApp;
  let fx: Fx;
  let w1: Session;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t, 3);
    // Fever self-reports are collected only while an emergency covers the area (ADR 0027).
    await t.services.emergencies.ensureDeclared(SYSTEM_ACTOR, t.orgs.district.id, '2025-01-01', '测试通告第1号', 'system:test');
    w1 = await t.login('grid1');
    admin = await t.loginMfa('admin');
  });
  afterAll(async () => t.close());

  const audit = (where: Record<string, string>) => auditRows(t, where);

  it('a grid worker may not restrict a record; the community admin may, with a reason and the current version', async () => {
    const before = (await as(t, admin).get(`/api/residents/${fx.R1.id}`)).json();
    expect(before.restricted).toBe(false);
    expect((await as(t, w1).post(`/api/residents/${fx.R1.id}/restriction`, { restricted: true, reason: '家暴庇护对象', version: before.version })).statusCode).toBe(403);
    const noReason = await as(t, admin).post(`/api/residents/${fx.R1.id}/restriction`, { restricted: true, reason: '', version: before.version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('body.reason');
    const stale = await as(t, admin).post(`/api/residents/${fx.R1.id}/restriction`, { restricted: true, reason: '家暴庇护对象', version: before.version + 5 });
    expect(stale.statusCode).toBe(409);
    const ok = await as(t, admin).post(`/api/residents/${fx.R1.id}/restriction`, { restricted: true, reason: '家暴庇护对象', version: before.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ restricted: true, version: before.version + 1 });
    const rows = await audit({ action: 'restrict', object_id: fx.R1.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: 'high', reason: '家暴庇护对象', outcome: 'success' });
  });

  it('without a grant: profile, list, search and household show a stub; reveal, update and move are refused', async () => {
    const profile = await as(t, w1).get(`/api/residents/${fx.R1.id}`);
    expect(profile.statusCode).toBe(200);
    const stub = profile.json();
    expect(stub).toMatchObject({ id: fx.R1.id, nameMasked: '张*', restricted: true, access: 'stub' });
    for (const k of FULL_ONLY_KEYS) expect(stub).not.toHaveProperty(k);
    expect(profile.body).not.toContain('张三');

    const list = (await as(t, w1).get(`/api/residents?householdId=${fx.h1.id}`)).json();
    const inList = list.items.find((x: { id: string }) => x.id === fx.R1.id);
    expect(inList).toMatchObject({ access: 'stub', restricted: true });
    expect(inList).not.toHaveProperty('tags');
    // Other members of the household are unaffected.
    expect(list.items.filter((x: { access: string }) => x.access === 'full').length).toBeGreaterThan(0);

    const search = (await as(t, w1).post('/api/residents/search', { q: 'zs' })).json();
    expect(search.items.find((x: { id: string }) => x.id === fx.R1.id)).toMatchObject({ access: 'stub' });
    const hh = (await as(t, w1).get(`/api/households/${fx.h1.id}`)).json();
    expect(hh.members.find((x: { id: string }) => x.id === fx.R1.id)).toMatchObject({ access: 'stub' });

    const reveal = await as(t, w1).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'phone', reason: '联系核酸复检' });
    expect(reveal.statusCode).toBe(403);
    expect(reveal.json().error.code).toBe('break_glass_required');
    const update = await as(t, w1).post(`/api/residents/${fx.R1.id}/update`, { version: stub.version, residenceType: 'tenant' });
    expect(update.statusCode).toBe(403);
    expect(update.json().error.code).toBe('break_glass_required');
    const denied = await audit({ actor_id: w1.userId, object_id: fx.R1.id, outcome: 'denied' });
    expect(denied.map((r) => r.action).sort()).toEqual(['reveal', 'update']);
    expect(denied.every((r) => r.severity === 'high')).toBe(true);
  });

  it('a fever of a restricted resident still reaches the follow-up list, without where the person lives', async () => {
    const r = await as(t, w1).post('/api/self-reports', { residentId: fx.R1.id, temperature: 38.2, symptoms: [] }, { 'idempotency-key': 'restricted-fever-0001' });
    expect(r.statusCode).toBe(201);
    const list = (await as(t, w1).get('/api/self-reports?fever=true')).json();
    const item = list.items.find((x: { residentId: string }) => x.residentId === fx.R1.id);
    expect(item).toMatchObject({ nameMasked: '张*', fever: true, temperature: 38.2, restricted: true, address: null });
    // An unrestricted resident's report keeps its address.
    await as(t, w1).post('/api/self-reports', { residentId: fx.extras[0]!.id, temperature: 38.5, symptoms: [] }, { 'idempotency-key': 'restricted-fever-0002' });
    const other = (await as(t, w1).get('/api/self-reports?fever=true')).json().items.find((x: { residentId: string }) => x.residentId === fx.extras[0]!.id);
    expect(other).toMatchObject({ restricted: false });
    expect(other.address).toContain('101');
  });

  it('break-the-glass needs a reason (400), then grants a time-limited full view, audited high, with the admin notified', async () => {
    const empty = await as(t, w1).post(`/api/residents/${fx.R1.id}/break-glass`, { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toBe('body.reason');

    const g = await as(t, w1).post(`/api/residents/${fx.R1.id}/break-glass`, { reason: '入户核查发热' });
    expect(g.statusCode).toBe(200);
    const grant = g.json();
    expect(Date.parse(grant.expiresAt) - t.clock.now().getTime()).toBe(180 * 60_000);
    expect(grant.notified).toBeGreaterThanOrEqual(1);

    const full = await as(t, w1).get(`/api/residents/${fx.R1.id}`);
    expect(full.statusCode).toBe(200);
    expect(full.json()).toMatchObject({ id: fx.R1.id, name: '张三', access: 'full', restricted: true, breakGlass: { grantId: grant.grantId } });
    expect(full.json().tags).toBeInstanceOf(Array);
    expect((await as(t, w1).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'phone', reason: '联系核酸复检' })).json().value).toBe('13812345678');

    const bg = await audit({ action: 'break_glass', object_id: fx.R1.id });
    expect(bg).toHaveLength(1); // the 400 never reached the service
    expect(bg[0]).toMatchObject({ severity: 'high', reason: '入户核查发热', actor_id: w1.userId });
    const reads = await audit({ action: 'read', object_id: fx.R1.id, actor_id: w1.userId, severity: 'high' });
    expect(reads.map((r) => r.reason)).toContain(`break_glass:${grant.grantId}`);

    const notes = await t.platform.database.db.selectFrom('notifications').selectAll().where('kind', '=', 'break_glass').where('object_id', '=', fx.R1.id).execute();
    expect(notes.map((n) => n.recipient_id)).toEqual([admin.userId]);
    // The admin's notification list says who opened whose record until when — never the reason text.
    const listed = await as(t, admin).get('/api/notifications');
    const list = listed.json();
    const note = list.items.find((n: { kind: string }) => n.kind === 'break_glass');
    // Reading it shows the resident's masked name: audited as a read naming the resident.
    const read = await audit({ request_id: String(listed.headers['x-request-id']) });
    expect(read).toEqual([expect.objectContaining({ action: 'read', object_type: 'notification', actor_id: admin.userId, fields: JSON.stringify(['residentName']), count: 1 })]);
    expect((await t.platform.database.db.selectFrom('audit_disclosures').select('resident_id').where('audit_id', '=', read[0]!.id).execute()).map((d) => d.resident_id)).toEqual([fx.R1.id]);
    expect(note).toMatchObject({ alert: null, subject: { type: 'resident', id: fx.R1.id, data: { actorRole: 'grid_worker', residentName: '张*', expiresAt: grant.expiresAt } } });
    expect(JSON.stringify(note)).not.toContain('入户核查发热');
    expect(JSON.stringify(note)).not.toContain('张三');
  });

  it('the grant is the caller\'s alone and expires: after 3 h 1 min the record is a stub again', async () => {
    const doctor = await t.login('doctor');
    const other = await as(t, doctor).get(`/api/residents/${fx.R1.id}`);
    expect(other.json().access).toBe('stub');

    t.clock.advance((3 * 60 + 1) * 60_000);
    const again = await t.login('grid1'); // the old session has timed out meanwhile
    const after = await as(t, again).get(`/api/residents/${fx.R1.id}`);
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ access: 'stub', restricted: true });
    expect(after.json()).not.toHaveProperty('name');
  });

  it('outside scope answers 404 (audited), and a record that is not restricted needs no glass (409)', async () => {
    const w = await t.login('grid1');
    const out = await as(t, w).post(`/api/residents/${fx.R2.id}/break-glass`, { reason: '入户核查发热' }); // R2 lives in grid 2
    expect(out.statusCode).toBe(404);
    const denied = await audit({ action: 'break_glass', object_id: fx.R2.id, outcome: 'denied' });
    expect(denied).toHaveLength(1);
    expect(denied[0]!.severity).toBe('high');
    const a = await t.login('admin');
    const adminSees = await as(t, a).post(`/api/residents/${fx.R2.id}/break-glass`, { reason: '入户核查发热' });
    expect(adminSees.statusCode).toBe(409);
    expect(adminSees.json().error.code).toBe('not_restricted');
  });
});
