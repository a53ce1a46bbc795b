import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { seedAll } from '../../seed';
import { eraseSupplyLinesOf } from './index';

type Warehouse = { id: string; orgId: string; name: string; own: boolean; stock: Array<{ itemId: string; quantity: number }>; version: number };
type Line = {
  id: string; householdId: string; headMasked: string; address: string | null; members: number; tags: string[]; weight: number; demand: number; quantity: number;
  gridId: string; status: string; method: string | null; deliveredBy: string | null; restricted: boolean; version: number;
};
type Option = { rule: string; allocated: number; servedInFull: number; vulnerableServedInFull: number; gettingNothing: number; minShare: number | null };

describe('物资保障 supplies: stock and fair allocation (ADR 0075)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let grid1: Session;
  let street: Session;
  let volunteer: Session;
  /** Grid 1: R1 alone (1980, no tag), an 88-year-old alone (elderly80), a couple, a parent with an infant; grid 2: R2 (76, elderly60). */
  const hh: Record<'old' | 'couple' | 'infant', string> = { old: '', couple: '', infant: '' };
  const people: Record<string, string> = {};
  let wh = '';
  let streetWh = '';

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    const reg = t.services.registry;
    const adminUser = (await t.services.auth.findByUsername('admin'))!;
    const registrar = {
      kind: 'user' as const, id: adminUser.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    let seq = 500;
    const person = async (householdId: string, name: string, born: string, relation: 'head' | 'spouse' = 'head') => (await reg.createResident(registrar, SYSTEM_ACTOR, {
      householdId, name, idNumber: makeCnId('330902', born, seq++), phone: null, relation, residenceType: 'registered',
    })).id;
    const room = async (r: string) => (await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room: r })).id;
    hh.old = await room('102');
    hh.couple = await room('103');
    hh.infant = await room('104');
    people.old = await person(hh.old, '钱老太', '1938-05-01');
    people.husband = await person(hh.couple, '孙一', '1985-02-02');
    people.wife = await person(hh.couple, '周二', '1987-03-03', 'spouse');
    people.mother = await person(hh.infant, '吴三', '1992-04-04');
    people.baby = (await reg.createResident(registrar, SYSTEM_ACTOR, {
      householdId: hh.infant, name: '吴小宝', idNumber: makeCnId('330902', '2026-03-01', seq++), phone: null, relation: 'child', residenceType: 'registered', guardianId: people.mother,
    })).id;
    [admin, grid1, street, volunteer] = await Promise.all(['admin', 'grid1', 'street', 'volunteer'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());

  const stockOf = async (s: Session, warehouseId: string, itemId: string) => {
    const r = await as(t, s).get('/api/supplies/warehouses');
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().items as Warehouse[]).find((w) => w.id === warehouseId)?.stock.find((x) => x.itemId === itemId)?.quantity ?? 0;
  };
  const move = (s: Session, warehouseId: string, body: Record<string, unknown>) => as(t, s).post(`/api/supplies/warehouses/${warehouseId}/movements`, body);
  const lines = async (s: Session, roundId: string, q = '') => {
    const r = await as(t, s).get(`/api/supplies/rounds/${roundId}/lines${q}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: Line[]; total: number };
  };
  const plan = () => ({ warehouseId: wh, itemId: 'item-rice', perHousehold: 0, perPerson: 2, supply: 7 });

  it('has the catalogue; a manager adds an item, the same name and unit twice is refused naming the field', async () => {
    const items = (await as(t, grid1).get('/api/supplies/items')).json().items as Array<{ id: string; name: string; category: string }>;
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining(['item-mask', 'item-rice', 'item-veg', 'item-fever']));
    expect(items[0]!.category).toBe('food');
    const made = await as(t, admin).post('/api/supplies/items', { name: '奶粉', unit: '罐', category: 'food' });
    expect(made.statusCode, made.body).toBe(201);
    const dup = await as(t, street).post('/api/supplies/items', { name: '奶粉', unit: '罐', category: 'daily' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].path).toBe('name');
    expect((await as(t, grid1).post('/api/supplies/items', { name: '面包', unit: '个', category: 'food' })).statusCode).toBe(403);
    expect((await as(t, await t.login('doctor')).get('/api/supplies/items')).statusCode).toBe(403);
  });

  it('warehouses of a community and of its street: the community sees both and manages its own; the street sees its communities’', async () => {
    const a = await as(t, admin).post('/api/supplies/warehouses', { name: '社区应急物资储备点', address: '党群服务中心一楼' });
    expect(a.statusCode, a.body).toBe(201);
    wh = a.json().id;
    expect(a.json()).toMatchObject({ orgId: t.orgs.community.id, own: true, stock: [] });
    const s = await as(t, street).post('/api/supplies/warehouses', { name: '街道储备库', address: '街道综合服务中心' });
    expect(s.statusCode, s.body).toBe(201);
    streetWh = s.json().id;
    // Another community's admin would not see this one; the street, B's admin place, is asked for B's community.
    const b = await as(t, street).post('/api/supplies/warehouses', { name: '乙社区储备点', address: '乙社区居委会', orgId: t.orgs.other.id });
    expect(b.statusCode, b.body).toBe(201);
    const seen = (await as(t, grid1).get('/api/supplies/warehouses')).json().items as Warehouse[];
    expect(seen.map((w) => [w.name, w.own]).sort()).toEqual([['社区应急物资储备点', false], ['街道储备库', false]].sort());
    expect(((await as(t, street).get('/api/supplies/warehouses')).json().items as Warehouse[]).map((w) => w.name).sort())
      .toEqual(['乙社区储备点', '社区应急物资储备点', '街道储备库'].sort());
    const dup = await as(t, admin).post('/api/supplies/warehouses', { name: '社区应急物资储备点', address: '别处' });
    expect(dup.statusCode).toBe(409);
    const outside = await as(t, admin).post('/api/supplies/warehouses', { name: '越界', address: 'x', orgId: t.orgs.other.id });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details[0].path).toBe('orgId');
  });

  it('movements change the stock, never below zero; a donation names the donor; a count records the difference; every write audited', async () => {
    const r = await move(admin, wh, { itemId: 'item-rice', kind: 'receipt', quantity: 20, party: '区应急管理局' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ quantity: 20, movement: { kind: 'receipt', quantity: 20, balance: 20, party: '区应急管理局', itemName: '大米' } });
    const noDonor = await move(admin, wh, { itemId: 'item-mask', kind: 'donation', quantity: 100 });
    expect(noDonor.statusCode).toBe(400);
    expect(noDonor.json().error.details[0].path).toBe('party');
    expect((await move(admin, wh, { itemId: 'item-mask', kind: 'donation', quantity: 100, party: '爱心企业' })).statusCode).toBe(201);
    const tooMany = await move(admin, wh, { itemId: 'item-mask', kind: 'issue', quantity: 101, party: '采样点' });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error).toMatchObject({ code: 'insufficient_stock', details: [{ path: 'quantity' }] });
    expect(await stockOf(admin, wh, 'item-mask')).toBe(100);
    expect((await move(admin, wh, { itemId: 'item-mask', kind: 'issue', quantity: 30, party: '采样点' })).json().quantity).toBe(70);
    const count = await move(admin, wh, { itemId: 'item-mask', kind: 'adjust', quantity: 68, note: '盘点：两只破损' });
    expect(count.statusCode, count.body).toBe(201);
    expect(count.json().movement).toMatchObject({ kind: 'adjust', quantity: -2, balance: 68 });
    const idInNote = await move(admin, wh, { itemId: 'item-mask', kind: 'receipt', quantity: 1, note: '领取人 330902198001011233' });
    expect(idInNote.statusCode).toBe(400);
    expect(idInNote.json().error.details[0].path).toBe('body.note');
    // Only the owner's area moves a warehouse's stock: the community cannot move the street's.
    expect((await move(admin, streetWh, { itemId: 'item-rice', kind: 'receipt', quantity: 5 })).statusCode).toBe(404);
    expect((await move(grid1, wh, { itemId: 'item-rice', kind: 'receipt', quantity: 5 })).statusCode).toBe(403);
    const hist = (await as(t, grid1).get(`/api/supplies/warehouses/${wh}/movements?itemId=item-mask`)).json();
    expect(hist.items.map((m: { kind: string; quantity: number; balance: number }) => [m.kind, m.quantity, m.balance])).toEqual([['adjust', -2, 68], ['issue', -30, 70], ['donation', 100, 100]]);
    expect(await auditRows(t, { action: 'supply_movement', object_id: wh })).toHaveLength(4);
  });

  it('previews the four rules as figures — nothing written, no one named — and refuses what cannot be planned, naming the field', async () => {
    const before = (await auditRows(t, { object_type: 'supply_line' })).length;
    const r = await as(t, admin).post('/api/supplies/rounds/preview', plan());
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json() as { households: number; members: number; totalDemand: number; vulnerableHouseholds: number; available: number; options: Option[] };
    // Five households of the community (4 in grid 1, R2's in grid 2), seven people, two units each.
    expect(p).toMatchObject({ households: 5, members: 7, totalDemand: 14, vulnerableHouseholds: 3, available: 20 });
    const by = Object.fromEntries(p.options.map((o) => [o.rule, o]));
    // 按需同比例: everyone half their need.
    expect(by.proportional).toMatchObject({ allocated: 7, servedInFull: 0, gettingNothing: 0, minShare: 0.5 });
    // 弱势优先: the 88-year-old (3), the infant's household (2), then R2 (1.5) gets the one unit left; the others nothing.
    expect(by.priority).toMatchObject({ allocated: 7, servedInFull: 2, vulnerableServedInFull: 2, gettingNothing: 2 });
    // 加权公平: everyone something, the 88-year-old in full.
    expect(by.weighted_fair).toMatchObject({ allocated: 7, gettingNothing: 0, vulnerableServedInFull: 1 });
    expect(by.min_unmet!.allocated).toBe(7);
    expect((await auditRows(t, { object_type: 'supply_line' })).length).toBe(before);

    const tagged = (await as(t, admin).post('/api/supplies/rounds/preview', { ...plan(), tags: ['infant'] })).json();
    expect(tagged).toMatchObject({ households: 1, members: 2, totalDemand: 4 });
    const none = await as(t, admin).post('/api/supplies/rounds/preview', { ...plan(), tags: ['pregnant'] });
    expect(none.statusCode).toBe(422);
    expect(none.json().error).toMatchObject({ code: 'no_households', details: [{ path: 'tags' }] });
    const zero = await as(t, admin).post('/api/supplies/rounds/preview', { ...plan(), perPerson: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details[0].path).toBe('perPerson');
    const badWeight = await as(t, admin).post('/api/supplies/rounds/preview', { ...plan(), weights: { elderly80: 11 } });
    expect(badWeight.statusCode).toBe(400);
    expect(badWeight.json().error.details[0].path).toBe('body.weights.elderly80');
    expect((await as(t, grid1).post('/api/supplies/rounds/preview', plan())).statusCode).toBe(403);
  });

  let roundId = '';
  it('opens a round: the allocation leaves the shelf, the lines are a snapshot, grid workers are told; more than the shelf is refused', async () => {
    const over = await as(t, admin).post('/api/supplies/rounds', { ...plan(), supply: 21, title: '大米', rule: 'priority' });
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({ code: 'insufficient_stock', details: [{ path: 'supply' }] });
    const r = await as(t, admin).post('/api/supplies/rounds', { ...plan(), title: '封控第3天大米', rule: 'priority' }, { 'idempotency-key': 'supply-round-0001' });
    expect(r.statusCode, r.body).toBe(201);
    roundId = r.json().id;
    expect(r.json()).toMatchObject({ title: '封控第3天大米', itemName: '大米', households: 5, servedHouseholds: 3, totalDemand: 14, allocated: 7, delivered: 0, status: 'open', rule: 'priority', version: 1 });
    // A retry is the same round, not a second one taking the stock again.
    const again = await as(t, admin).post('/api/supplies/rounds', { ...plan(), title: '封控第3天大米', rule: 'priority' }, { 'idempotency-key': 'supply-round-0001' });
    expect(again.json().id).toBe(roundId);
    expect(await stockOf(admin, wh, 'item-rice')).toBe(13);
    const hist = (await as(t, admin).get(`/api/supplies/warehouses/${wh}/movements?kind=allocation`)).json().items;
    expect(hist).toMatchObject([{ kind: 'allocation', quantity: -7, balance: 13, roundId }]);
    expect(await as(t, admin).get(`/api/supplies/rounds/${roundId}`).then((x) => x.json())).toEqual({ ...r.json(), grids: expect.any(Array) });

    const all = await lines(admin, roundId);
    expect(all.total).toBe(5);
    const of = (h: string) => all.items.find((l) => l.householdId === h)!;
    expect(of(hh.old)).toMatchObject({ quantity: 2, demand: 2, weight: 3, tags: ['elderly60', 'elderly80'], headMasked: '钱**', members: 1 });
    expect(of(hh.infant)).toMatchObject({ quantity: 4, demand: 4, weight: 2, members: 2 });
    expect(of(fx.h2.id)).toMatchObject({ quantity: 1, demand: 2, weight: 1.5 });
    // A household the rule gave nothing is on the list as 本次未分到, last, and cannot be marked delivered.
    expect(of(hh.couple)).toMatchObject({ quantity: 0, demand: 4, weight: 1, status: 'none' });
    expect(all.items.at(-1)!.householdId).toBe(hh.couple);
    const nothing = await as(t, admin).post(`/api/supplies/rounds/${roundId}/lines/${of(hh.couple).id}/deliver`, { status: 'delivered', method: 'doorstep', version: 1 });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json().error.code).toBe('nothing_allocated');
    // A grid worker's list is their grid's.
    const g = await lines(grid1, roundId);
    expect(g.items.every((l) => l.gridId === fx.g1.id)).toBe(true);
    expect(g.total).toBe(4);
    // The read is audited with the heads and the tagged members as subjects.
    const [read] = await auditRows(t, { action: 'list', object_type: 'supply_line', object_id: roundId });
    expect(read).toMatchObject({ outcome: 'success', purpose: 'service.assistance' });
    const subjects = (await t.platform.database.db.selectFrom('audit_disclosures').select('resident_id').where('audit_id', '=', read!.id).execute()).map((x) => String(x.resident_id));
    expect(subjects).toEqual(expect.arrayContaining([people.old, people.baby, fx.R1.id, fx.R2.id]));
    // The grid workers of the grids concerned are told, naming no one.
    const n = await t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', 'supply_round_open').execute();
    expect(n.map((x) => String(x.recipient_id))).toContain(grid1.userId);
    expect(JSON.parse(String(n[0]!.payload))).toEqual({ title: '封控第3天大米', item: '大米', households: '3' });
    // The street sees the progress, not the names.
    expect((await as(t, street).get(`/api/supplies/rounds/${roundId}`)).statusCode).toBe(200);
    expect((await as(t, street).get(`/api/supplies/rounds/${roundId}/lines`)).statusCode).toBe(403);
  });

  it('a grid worker or a volunteer marks a household delivered (how), version-checked, and can set it back; progress follows', async () => {
    const line = (await lines(grid1, roundId)).items.find((l) => l.householdId === hh.old)!;
    const noHow = await as(t, grid1).post(`/api/supplies/rounds/${roundId}/lines/${line.id}/deliver`, { status: 'delivered', version: line.version });
    expect(noHow.statusCode).toBe(400);
    expect(noHow.json().error.details[0].path).toBe('method');
    const ok = await as(t, grid1).post(`/api/supplies/rounds/${roundId}/lines/${line.id}/deliver`, { status: 'delivered', method: 'doorstep', version: line.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: line.id, status: 'delivered', method: 'doorstep', deliveredBy: '第一网格网格员', version: line.version + 1, headMasked: '钱**' });
    const stale = await as(t, volunteer).post(`/api/supplies/rounds/${roundId}/lines/${line.id}/deliver`, { status: 'pending', version: line.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    const infant = (await lines(volunteer, roundId)).items.find((l) => l.householdId === hh.infant)!;
    expect((await as(t, volunteer).post(`/api/supplies/rounds/${roundId}/lines/${infant.id}/deliver`, { status: 'delivered', method: 'pickup', version: infant.version })).statusCode).toBe(200);
    let round = (await as(t, admin).get(`/api/supplies/rounds/${roundId}`)).json();
    expect(round).toMatchObject({ delivered: 6, deliveredHouseholds: 2 });
    expect(round.grids.find((g: { gridId: string }) => g.gridId === fx.g1.id)).toMatchObject({ households: 4, served: 2, delivered: 2, quantity: 6, deliveredQuantity: 6 });
    // A wrong tap is set back.
    const back = await as(t, volunteer).post(`/api/supplies/rounds/${roundId}/lines/${infant.id}/deliver`, { status: 'pending', version: infant.version + 1 });
    expect(back.json()).toMatchObject({ status: 'pending', method: null, deliveredBy: null });
    round = (await as(t, admin).get(`/api/supplies/rounds/${roundId}`)).json();
    expect(round).toMatchObject({ delivered: 2, deliveredHouseholds: 1 });
    const [w] = await auditRows(t, { action: 'supply_delivery', object_id: line.id });
    expect(w).toMatchObject({ subject_id: people.old, outcome: 'success' });
  });

  it('closing a round returns what was not delivered to the shelf; a closed round takes no more deliveries', async () => {
    const round = (await as(t, admin).get(`/api/supplies/rounds/${roundId}`)).json();
    expect((await as(t, grid1).post(`/api/supplies/rounds/${roundId}/close`, { version: round.version })).statusCode).toBe(403);
    const closed = await as(t, admin).post(`/api/supplies/rounds/${roundId}/close`, { version: round.version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', returned: 5, delivered: 2 });
    expect(await stockOf(admin, wh, 'item-rice')).toBe(18);
    const back = (await as(t, admin).get(`/api/supplies/warehouses/${wh}/movements?kind=return`)).json().items;
    expect(back).toMatchObject([{ kind: 'return', quantity: 5, balance: 18, roundId }]);
    const pending = (await lines(grid1, roundId, '?status=pending')).items[0]!;
    const late = await as(t, grid1).post(`/api/supplies/rounds/${roundId}/lines/${pending.id}/deliver`, { status: 'delivered', method: 'doorstep', version: pending.version });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('round_closed');
    expect((await as(t, admin).post(`/api/supplies/rounds/${roundId}/close`, { version: round.version + 1 })).statusCode).toBe(409);
    expect((await as(t, grid1).get('/api/supplies/rounds?status=closed')).json()).toMatchObject({ total: 1, items: [{ id: roundId, returned: 5 }] });
  });

  it('a resident’s erasure empties the head reference of their lines; the household’s delivery stays counted', async () => {
    const erased = await t.platform.database.writes.run((trx) => eraseSupplyLinesOf(trx, people.old!));
    expect(erased).toEqual({ supply_round_lines: 1 });
    const line = (await lines(admin, roundId)).items.find((l) => l.householdId === hh.old)!;
    expect(line).toMatchObject({ headMasked: '', status: 'delivered', quantity: 2 });
  });
});

describe('物资保障 in the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('has the community’s and the street’s reserves and an open round of vegetable packs for grid 1 that serves the vulnerable first', async () => {
    const admin = await t.login('admin');
    const ws = (await as(t, admin).get('/api/supplies/warehouses')).json().items as Warehouse[];
    expect(ws.map((w) => [w.name, w.own]).sort()).toEqual([['社区应急物资储备点', true], ['街道应急物资储备库', false]].sort());
    const rounds = (await as(t, admin).get('/api/supplies/rounds?status=open')).json();
    expect(rounds.items).toHaveLength(1);
    const round = rounds.items[0];
    expect(round).toMatchObject({ title: '封控第3天蔬菜包', rule: 'weighted_fair', deliveredHouseholds: 6 });
    expect(round.allocated).toBeLessThan(round.households);
    const all: Line[] = [];
    for (let page = 1; all.length < round.households; page++) {
      all.push(...(await as(t, await t.login('grid1')).get(`/api/supplies/rounds/${round.id}/lines?page=${page}&pageSize=200`)).json().items);
    }
    // With packs for ~60 % of the households (one each), a household gets one before any household weighing less: the
    // lightest household served weighs at least as much as the heaviest left out, and the heaviest are all served.
    const served = all.filter((l) => l.quantity > 0);
    const left = all.filter((l) => l.quantity === 0);
    expect(left.length).toBeGreaterThan(0);
    expect(Math.min(...served.map((l) => l.weight))).toBeGreaterThanOrEqual(Math.max(...left.map((l) => l.weight)));
    expect(all.filter((l) => l.weight === 3).every((l) => l.quantity === 1)).toBe(true);
    expect(all.some((l) => l.weight === 3)).toBe(true);
    expect(all.reduce((a, l) => a + l.quantity, 0)).toBe(round.allocated);
    // An offer of masks: the demo resident's household (a parent aged 80+) may reserve at once.
    const offers = (await as(t, admin).get('/api/supplies/offers?status=open')).json().items;
    expect(offers).toMatchObject([{ title: '口罩预约：每户限 10 只', quota: 10, total: 1000, reserved: 0, status: 'open' }]);
    expect(offers[0].slots).toHaveLength(10);
    const mine = (await as(t, await t.login('resident')).get('/api/me/supply-offers')).json().items;
    expect(mine).toHaveLength(1);
    expect(Date.parse(mine[0].offer.reserveFrom)).toBeLessThanOrEqual(Date.now());
    // Seeding again adds nothing.
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, admin).get('/api/supplies/warehouses')).json().items).toHaveLength(ws.length);
    expect((await as(t, admin).get('/api/supplies/offers')).json().total).toBe(1);
  }, 60_000);
});
