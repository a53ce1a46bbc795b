import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { housekeeping } from '../../platform/jobs/housekeeping';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { pickupCode } from './index';

type Mine = {
  offer: { id: string; quota: number; left: number; reserveFrom: string; status: string; slots: Array<{ id: string; startsAt: string; left: number }> };
  reservation: { id: string; quantity: number; slotId: string; code: string; status: string; version: number } | null;
};
const HOUR = 3_600_000;

describe('物资预约 reservations with a quota per household (ADR 0076)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let grid1: Session;
  /** `resident` is R1's household (no care tag); `resident2` is R2's (aged 76: elderly60 — may reserve first). */
  let resident: Session;
  let resident2: Session;
  let wh = '';
  let offerId = '';
  let slots: string[] = [];
  const T0 = Date.parse('2026-12-04T09:00:00+08:00');
  const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    const r2 = await t.services.auth.createUser({ username: 'resident2', displayName: '居民二', role: 'resident', orgId: t.orgs.grids[1]!.id, password: DEMO_PASSWORD });
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    await t.services.selfReports.linkAccount(r2.id, fx.R2.id);
    [admin, grid1, resident, resident2] = await Promise.all(['admin', 'grid1', 'resident', 'resident2'].map((u) => t.login(u)));
    wh = (await as(t, admin).post('/api/supplies/warehouses', { name: '储备点', address: '居委会' })).json().id;
    expect((await as(t, admin).post(`/api/supplies/warehouses/${wh}/movements`, { itemId: 'item-mask', kind: 'receipt', quantity: 100, party: '区卫健局' })).statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  /** Staff and resident sessions end after half an hour idle: after the clock moves, everyone signs in again. */
  const advance = async (ms: number) => {
    t.clock.advance(ms);
    [admin, grid1, resident, resident2] = await Promise.all(['admin', 'grid1', 'resident', 'resident2'].map((u) => t.login(u)));
  };
  const mine = async (s: Session) => {
    const r = await as(t, s).get('/api/me/supply-offers');
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().items as Mine[]).find((i) => i.offer.id === offerId)!;
  };
  const reserve = (s: Session, body: Record<string, unknown>) => as(t, s).post(`/api/me/supply-offers/${offerId}/reservations`, body);
  const shelf = async () => ((await as(t, admin).get('/api/supplies/warehouses')).json().items as Array<{ id: string; stock: Array<{ itemId: string; quantity: number }> }>)
    .find((w) => w.id === wh)!.stock.find((x) => x.itemId === 'item-mask')!.quantity;

  it('pickup codes are six characters without the ones mistaken for each other', () => {
    const codes = Array.from({ length: 200 }, pickupCode);
    expect(codes.every((c) => /^[A-HJ-NP-Z2-9]{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });

  it('a community admin offers masks with a quota and slots; the total leaves the shelf; bad input names the field', async () => {
    const base = {
      title: '口罩预约：每户限 10 只', warehouseId: wh, itemId: 'item-mask', quota: 10, total: 15, place: '社区居委会一楼', opensAt: at(0), closesAt: at(48), priorityHours: 2,
      slots: [{ startsAt: at(24), endsAt: at(24.5) }, { startsAt: at(24.5), endsAt: at(25) }], slotCapacity: 1,
    };
    const field = async (body: Record<string, unknown>, status: number, path: string) => {
      const r = await as(t, admin).post('/api/supplies/offers', { ...base, ...body });
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.details[0].path).toBe(path);
    };
    await field({ closesAt: at(-1) }, 400, 'closesAt');
    await field({ slots: [{ startsAt: at(24), endsAt: at(25) }, { startsAt: at(24.5), endsAt: at(25.5) }] }, 400, 'slots.1.startsAt');
    await field({ total: 101 }, 409, 'total');
    await field({ quota: 16 }, 400, 'quota');
    await field({ opensAt: '明天上午' }, 400, 'body.opensAt');
    expect((await as(t, grid1).post('/api/supplies/offers', base)).statusCode).toBe(403);
    expect(await shelf()).toBe(100);
    const r = await as(t, admin).post('/api/supplies/offers', base, { 'idempotency-key': 'offer-masks-0001' });
    expect(r.statusCode, r.body).toBe(201);
    offerId = r.json().id;
    slots = r.json().slots.map((s: { id: string }) => s.id);
    expect(r.json()).toMatchObject({ quota: 10, total: 15, reserved: 0, pickedUp: 0, status: 'open', itemName: '口罩', slots: [{ capacity: 1, booked: 0 }, { capacity: 1, booked: 0 }] });
    expect(await shelf()).toBe(85);
    const moves = (await as(t, admin).get(`/api/supplies/warehouses/${wh}/movements?kind=allocation`)).json().items;
    expect(moves).toMatchObject([{ quantity: -15, balance: 85, offerId }]);
    expect((await as(t, grid1).get(`/api/supplies/offers/${offerId}`)).json()).toEqual(r.json());
  });

  it('a vulnerable household reserves at the opening, others after the priority hours; the quota and one reservation per household hold', async () => {
    const early = await mine(resident);
    expect(Date.parse(early.offer.reserveFrom)).toBe(T0 + 2 * HOUR);
    const notYet = await reserve(resident, { quantity: 5, slotId: slots[0] });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.code).toBe('not_open_yet');
    expect(notYet.json().error.message).toContain('12-04 11:00');
    expect(Date.parse((await mine(resident2)).offer.reserveFrom)).toBe(T0);
    const over = await reserve(resident2, { quantity: 11, slotId: slots[0] });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'over_quota', details: [{ path: 'quantity' }] });
    const ok = await reserve(resident2, { quantity: 10, slotId: slots[0] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ quantity: 10, slotId: slots[0], status: 'reserved', version: 1 });
    expect(ok.json().code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect((await reserve(resident2, { quantity: 1, slotId: slots[1] })).json().error.code).toBe('already_reserved');
    const m = await mine(resident2);
    expect(m.reservation).toEqual({ ...ok.json(), slotStartsAt: at(24), slotEndsAt: at(24.5) });
    expect(m.offer.left).toBe(5);
    expect(m.offer.slots.map((s) => s.left)).toEqual([0, 1]);
    const [row] = await auditRows(t, { action: 'supply_reservation', object_id: ok.json().id });
    expect(row).toMatchObject({ subject_id: fx.R2.id, reason: 'own_household', outcome: 'success' });
  });

  it('after the priority hours the others reserve: a full slot and more than is left are refused naming the field', async () => {
    await advance(2 * HOUR);
    const full = await reserve(resident, { quantity: 5, slotId: slots[0] });
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'slot_full', details: [{ path: 'slotId' }] });
    const tooMany = await reserve(resident, { quantity: 10, slotId: slots[1] });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error).toMatchObject({ code: 'sold_out', details: [{ path: 'quantity', message: '剩余 5' }] });
    const other = await reserve(resident, { quantity: 5, slotId: 'no-such-slot' });
    expect(other.json().error.details[0].path).toBe('slotId');
    expect((await reserve(resident, { quantity: 5, slotId: slots[1] })).statusCode).toBe(201);
    const offer = (await as(t, admin).get(`/api/supplies/offers/${offerId}`)).json();
    expect(offer).toMatchObject({ reserved: 15, households: 2, slots: [{ booked: 1 }, { booked: 1 }] });
  });

  it('the resident cancels before the slot and may reserve again; the freed quantity is offered again', async () => {
    const m = await mine(resident);
    const cancelled = await as(t, resident).post(`/api/me/supply-offers/${offerId}/reservations/${m.reservation!.id}/cancel`, { version: m.reservation!.version });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', version: 2 });
    expect((await as(t, resident).post(`/api/me/supply-offers/${offerId}/reservations/${m.reservation!.id}/cancel`, { version: 2 })).json().error.code).toBe('not_reserved');
    // Someone else's reservation is not found.
    const theirs = (await mine(resident2)).reservation!;
    expect((await as(t, resident).post(`/api/me/supply-offers/${offerId}/reservations/${theirs.id}/cancel`, { version: 1 })).statusCode).toBe(404);
    expect((await mine(resident)).offer.left).toBe(5);
    expect((await reserve(resident, { quantity: 4, slotId: slots[1] })).statusCode).toBe(201);
  });

  it('the desk finds a reservation by its code (an audited read), hands it over once, version-checked', async () => {
    const code = (await mine(resident2)).reservation!.code;
    const bad = await as(t, grid1).get(`/api/supplies/offers/${offerId}/reservations?code=ABC`);
    expect(bad.statusCode).toBe(400);
    const found = await as(t, grid1).get(`/api/supplies/offers/${offerId}/reservations?code=${code.toLowerCase()}`);
    expect(found.statusCode, found.body).toBe(200);
    const [r] = found.json().items;
    expect(found.json().total).toBe(1);
    expect(r).toMatchObject({ code, quantity: 10, status: 'reserved', headMasked: '李*', byResident: true, restricted: false });
    expect(r.address).toContain('201');
    const [read] = await auditRows(t, { action: 'list', object_type: 'supply_reservation', object_id: offerId });
    expect(read).toMatchObject({ purpose: 'service.assistance', outcome: 'success' });
    const picked = await as(t, grid1).post(`/api/supplies/offers/${offerId}/reservations/${r.id}/pickup`, { version: r.version });
    expect(picked.statusCode, picked.body).toBe(200);
    expect(picked.json()).toMatchObject({ status: 'picked_up', pickedUpBy: '第一网格网格员', version: 2 });
    const again = await as(t, admin).post(`/api/supplies/offers/${offerId}/reservations/${r.id}/pickup`, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('not_reserved');
    expect((await mine(resident2)).reservation!.status).toBe('picked_up');
    expect((await as(t, resident).get(`/api/supplies/offers/${offerId}/reservations`)).statusCode).toBe(403);
  });

  it('a reservation not picked up an hour after its slot ends expires (housekeeping); closing returns what was not picked up', async () => {
    // Now 11:00 on day 1; slot 2 ends at 10:00 on day 2: expiry an hour later.
    await advance(23 * HOUR);
    await housekeeping(t.platform.database, t.clock.now());
    expect((await mine(resident)).reservation!.status).toBe('reserved');
    await advance(1 * HOUR + 1000);
    const hk = await housekeeping(t.platform.database, t.clock.now());
    expect(hk.steps['supply-reservation-expiry']).toEqual({ expired: 1 });
    expect((await mine(resident)).reservation!.status).toBe('expired');
    const offer = (await as(t, admin).get(`/api/supplies/offers/${offerId}`)).json();
    expect(offer).toMatchObject({ reserved: 10, pickedUp: 10 });
    expect((await as(t, grid1).post(`/api/supplies/offers/${offerId}/close`, { version: offer.version })).statusCode).toBe(403);
    const closed = await as(t, admin).post(`/api/supplies/offers/${offerId}/close`, { version: offer.version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', returned: 5 });
    expect(await shelf()).toBe(90);
    expect((await reserve(resident, { quantity: 1, slotId: slots[1] })).json().error.code).toBe('offer_closed');
    // The closed offer still shows the household's reservation for a day, then no more.
    expect((await mine(resident2)).offer.status).toBe('closed');
    await advance(25 * HOUR);
    expect((await as(t, resident2).get('/api/me/supply-offers')).json().items).toEqual([]);
  });
});
