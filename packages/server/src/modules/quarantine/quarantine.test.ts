import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { systemActor } from '../audit';
import { seedAll } from '../../seed';
import { dayOf, slotAt } from './quarantine.service';

type Order = { id: string; residentId: string; nameMasked: string; status: string; startDate: string; endDate: string; day: number | null; version: number; certificateNo: string | null; sensorId: string | null };
const HOUR = 3_600_000;

describe('居家隔离 home quarantine (ADR 0080)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let doctor: Session;
  let grid1: Session;
  let street: Session;
  let volunteer: Session;
  let resident: Session;
  let order: Order;
  let device = '';
  let deviceB = '';

  beforeAll(async () => {
    // 09:00 in Shanghai: the morning slot.
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    await relogin();
    const sec = (await t.services.auth.findByUsername('secadmin'))!;
    const issue = async (orgId: string) => (await t.services.auth.createApiToken(null, { name: `门磁网关-${orgId.slice(-4)}`, role: 'device', orgId, scopes: ['device:event'], createdBy: sec.id }, systemActor('test:tokens'))).token;
    device = await issue(t.orgs.community.id);
    deviceB = await issue(t.orgs.other.id);
  });
  afterAll(async () => t?.close());
  /** Sessions lapse when the test clock jumps hours ahead: sign everyone in again. */
  const relogin = async () => {
    [admin, doctor, grid1, street, volunteer, resident] = await Promise.all(['admin', 'doctor', 'grid1', 'street', 'volunteer', 'resident'].map((u) => t.login(u)));
  };

  const door = (token: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/devices/door-events', payload: body, headers: { authorization: `Bearer ${token}` } });
  const notes = async (kind: string) => t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', kind).execute();
  const idOf = async (u: string) => (await t.services.auth.findByUsername(u))!.id;

  it('the pure rules: day N of M and the slot of an instant (Shanghai)', () => {
    expect(dayOf('2026-12-02', '2026-12-15', '2026-12-04')).toBe(3);
    expect(dayOf('2026-12-02', '2026-12-15', '2026-12-01')).toBeNull();
    expect(dayOf('2026-12-02', '2026-12-15', '2026-12-16')).toBeNull();
    expect(slotAt(new Date('2026-12-04T03:59:00Z'), 2)).toBe('am');
    expect(slotAt(new Date('2026-12-04T04:00:00Z'), 2)).toBe('pm');
    expect(slotAt(new Date('2026-12-04T08:00:00Z'), 1)).toBe('am');
  });

  it('the community proposes an order; bad input names the field; the street office is told', async () => {
    const body = { residentId: fx.R1.id, policyCode: 'home7', reason: 'close_contact', startDate: '2026-12-04', sensorId: 'MC-0001' };
    expect((await as(t, grid1).post('/api/quarantine/orders', body)).statusCode).toBe(403);
    const bad = await as(t, admin).post('/api/quarantine/orders', { ...body, policyCode: 'home21', startDate: '2026-13-01', note: '身份证 330902198001011233' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.note', 'body.policyCode', 'body.startDate']);
    const other = await as(t, admin).post('/api/quarantine/orders', { ...body, residentId: fx.R3.id });
    expect([other.statusCode, other.json().error.details[0].path]).toEqual([400, 'residentId']);
    const early = await as(t, admin).post('/api/quarantine/orders', { ...body, startDate: '2026-11-20' });
    expect(early.json().error.details[0]).toMatchObject({ path: 'startDate', code: 'out_of_range' });
    const r = await as(t, doctor).post('/api/quarantine/orders', body);
    expect(r.statusCode, r.body).toBe(201);
    order = r.json();
    expect(order).toMatchObject({ nameMasked: '张*', status: 'pending', startDate: '2026-12-04', endDate: '2026-12-10', day: null, sensorId: 'MC-0001' });
    expect(r.body).not.toContain('330902198001011233');
    const again = await as(t, admin).post('/api/quarantine/orders', { ...body, sensorId: undefined });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'already_ordered']);
    const sensorTaken = await as(t, admin).post('/api/quarantine/orders', { ...body, residentId: fx.R2.id });
    expect([sensorTaken.statusCode, sensorTaken.json().error.code]).toEqual([409, 'sensor_in_use']);
    expect((await notes('quarantine_pending')).map((n) => n.recipient_id)).toContain(await idOf('street'));
  });

  it('only an office above approves; a rejection needs a reason; versions are checked', async () => {
    expect((await as(t, admin).post(`/api/quarantine/orders/${order.id}/decide`, { decision: 'approve', version: 1 })).statusCode).toBe(403);
    const noReason = await as(t, street).post(`/api/quarantine/orders/${order.id}/decide`, { decision: 'reject', version: 1 });
    expect(noReason.json().error.details[0].path).toBe('note');
    expect((await as(t, street).post(`/api/quarantine/orders/${order.id}/decide`, { decision: 'approve', version: 9 })).json().error.code).toBe('stale_version');
    const ok = await as(t, street).post(`/api/quarantine/orders/${order.id}/decide`, { decision: 'approve', version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    order = ok.json();
    expect(order).toMatchObject({ status: 'active', day: 1, version: 2 });
    expect((await as(t, street).post(`/api/quarantine/orders/${order.id}/decide`, { decision: 'approve', version: 2 })).json().error.code).toBe('not_pending');
    expect((await auditRows(t, { action: 'approve', object_type: 'quarantine_order' }))[0]).toMatchObject({ subject_id: fx.R1.id });
  });

  it('twice-daily checks: one per slot; a fever tells the doctors; the resident checks themselves', async () => {
    const c = await as(t, grid1).post(`/api/quarantine/orders/${order.id}/checks`, { temperature: 36.5, symptoms: [] }, { 'idempotency-key': 'qc-key-0001' });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ date: '2026-12-04', slot: 'am', fever: false });
    expect((await as(t, grid1).post(`/api/quarantine/orders/${order.id}/checks`, { temperature: 36.5, symptoms: [] }, { 'idempotency-key': 'qc-key-0001' })).headers['idempotent-replayed']).toBe('true');
    const dup = await as(t, doctor).post(`/api/quarantine/orders/${order.id}/checks`, { temperature: 36.6, symptoms: [] });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'already_checked']);
    const bad = await as(t, doctor).post(`/api/quarantine/orders/${order.id}/checks`, { temperature: 36.55, symptoms: ['hiccups'] });
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.symptoms.0', 'body.temperature']);
    t.clock.advance(6 * HOUR); // 15:00: the afternoon slot
    await relogin();
    const mine = (await as(t, resident).get('/api/me/quarantine')).json();
    expect(mine.order).toMatchObject({ id: order.id, status: 'active', day: 1, slotNow: 'pm' });
    expect(mine.order.proposedBy).toBeUndefined();
    const self = await as(t, resident).post('/api/me/quarantine/checks', { temperature: 37.6, symptoms: ['cough'] });
    expect(self.statusCode, self.body).toBe(201);
    expect(self.json()).toMatchObject({ slot: 'pm', fever: true, by: 'self' });
    const fever = await notes('quarantine_fever');
    expect(new Set(fever.map((n) => n.recipient_id))).toEqual(new Set([await idOf('doctor'), await idOf('admin')]));
    expect(JSON.parse(String(fever[0]!.payload))).toEqual({ orderId: order.id, temperature: '37.6' });
    const detail = (await as(t, doctor).get(`/api/quarantine/orders/${order.id}`)).json();
    expect(detail.checks.map((x: { slot: string; by: string }) => [x.slot, x.by])).toEqual([['pm', 'self'], ['am', expect.any(String)]]);
  });

  it('door sensors: an opening tells the grid worker once per half hour; unknown sensors and other areas match nothing', async () => {
    expect((await door(device, { sensorId: 'MC-0001', event: 'open' })).json()).toEqual({ matched: true });
    expect((await door(device, { sensorId: 'MC-0001', event: 'close' })).json()).toEqual({ matched: true });
    t.clock.advance(10 * 60_000);
    expect((await door(device, { sensorId: 'MC-0001', event: 'open' })).json()).toEqual({ matched: true });
    expect((await door(device, { sensorId: 'MC-9999', event: 'open' })).json()).toEqual({ matched: false });
    expect((await door(deviceB, { sensorId: 'MC-0001', event: 'open' })).json()).toEqual({ matched: false });
    const bad = await door(device, { sensorId: 'x', event: 'ajar' });
    expect(bad.statusCode).toBe(400);
    const told = await notes('quarantine_door_open');
    expect(new Set(told.map((n) => n.recipient_id))).toEqual(new Set([await idOf('grid1'), await idOf('admin')]));
    expect(told.length).toBe(2);
    expect((await as(t, admin).post('/api/devices/door-events', { sensorId: 'MC-0001', event: 'open' })).statusCode).toBe(403);
    const board = (await as(t, admin).get('/api/quarantine/board')).json();
    expect(board.counts).toMatchObject({ active: 1, pending: 0, checksMissing: 0, samplingToday: 1, endingToday: 0 });
    expect(board.items[0]).toMatchObject({ nameMasked: '张*', day: 1, days: 7, checksDue: ['am', 'pm'], checksDone: ['am', 'pm'], samplingToday: true });
    expect(board.items[0].lastDoorOpenAt).not.toBeNull();
  });

  it('needs go to volunteers with the address; taken and done with versions; audited', async () => {
    const n = await as(t, resident).post('/api/me/quarantine/needs', { kind: 'groceries', detail: '两天的蔬菜' });
    expect(n.statusCode, n.body).toBe(201);
    const need = n.json();
    expect((await notes('quarantine_need')).map((x) => x.recipient_id)).toContain(await idOf('volunteer'));
    const list = await as(t, volunteer).get('/api/quarantine/needs');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items[0]).toMatchObject({ id: need.id, nameMasked: '张*', kind: 'groceries', status: 'open', by: 'self', address: expect.any(String) });
    expect((await auditRows(t, { action: 'list', object_type: 'quarantine_need' })).length).toBeGreaterThan(0);
    const taken = await as(t, volunteer).post(`/api/quarantine/needs/${need.id}/take`, { version: 1 });
    expect(taken.json()).toMatchObject({ status: 'taken', version: 2 });
    expect((await as(t, grid1).post(`/api/quarantine/needs/${need.id}/take`, { version: 2 })).json().error.code).toBe('not_open');
    expect((await as(t, volunteer).post(`/api/quarantine/needs/${need.id}/done`, { note: '已送到门口', version: 1 })).json().error.code).toBe('stale_version');
    const done = await as(t, volunteer).post(`/api/quarantine/needs/${need.id}/done`, { note: '已送到门口', version: 2 });
    expect(done.json()).toMatchObject({ status: 'done', doneNote: '已送到门口' });
    expect((await as(t, resident).get('/api/me/quarantine')).json().order.needs[0]).toMatchObject({ status: 'done', doneNote: '已送到门口' });
  });

  it('release only from the end date, with a certificate the resident sees; scope keeps other areas out', async () => {
    const early = await as(t, admin).post(`/api/quarantine/orders/${order.id}/release`, { version: order.version });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'too_early']);
    // Community B's admin and grid 2's worker see nothing of it.
    const bAdmin = await t.services.auth.createUser({ username: 'admin_b', displayName: '乙社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: 'Renxing@Demo2026' });
    expect(bAdmin.id).toBeTruthy();
    expect((await as(t, await t.login('admin_b')).get(`/api/quarantine/orders/${order.id}`)).statusCode).toBe(404);
    t.clock.set('2026-12-10T10:00:00+08:00');
    await relogin();
    expect((await as(t, admin).get('/api/quarantine/board')).json().counts).toMatchObject({ active: 1, endingToday: 1, checksMissing: 1 });
    const ok = await as(t, admin).post(`/api/quarantine/orders/${order.id}/release`, { version: order.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().certificateNo).toMatch(/^JC-20261210-[0-9A-F]{6}$/);
    const cert = (await as(t, admin).get(`/api/quarantine/orders/${order.id}/certificate`)).json();
    expect(cert).toMatchObject({ certificateNo: ok.json().certificateNo, nameMasked: '张*', idMasked: '330902********1233', startDate: '2026-12-04', endDate: '2026-12-10' });
    const mine = (await as(t, resident).get('/api/me/quarantine')).json();
    expect(mine).toMatchObject({ order: null, certificate: { certificateNo: ok.json().certificateNo } });
    // After release the sensor is free again, and the door no longer matches.
    expect((await door(device, { sensorId: 'MC-0001', event: 'open' })).json()).toEqual({ matched: false });
  });
});

describe('居家隔离 in the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('has three active orders (one due to end today), one awaiting approval, one released, and needs in each state', async () => {
    const admin = await t.login('admin');
    const board = (await as(t, admin).get('/api/quarantine/board')).json();
    expect(board.counts).toMatchObject({ active: 3, pending: 1, endingToday: 1 });
    expect(board.items.some((i: { lastDoorOpenAt: string | null }) => i.lastDoorOpenAt)).toBe(true);
    const released = (await as(t, admin).get('/api/quarantine/orders?status=released')).json().items as Order[];
    expect(released).toHaveLength(1);
    expect(released[0]!.certificateNo).toMatch(/^JC-\d{8}-[0-9A-F]{6}$/);
    const needs = (await as(t, await t.login('volunteer')).get('/api/quarantine/needs')).json().items as Array<{ status: string }>;
    expect(needs.map((n) => n.status)).toEqual(['open', 'open', 'taken', 'done']);
    // The demo resident is not under quarantine.
    expect((await as(t, await t.login('resident')).get('/api/me/quarantine')).json()).toEqual({ order: null, certificate: null });
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, admin).get('/api/quarantine/orders')).json().total).toBe(5);
  }, 60_000);
});
