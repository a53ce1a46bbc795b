import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;
type Detail = { path: string; code: string; message: string; messageEn: string };
type Room = { id: string; room: string; householdType: string; version: number; members: number; residents: number };
type Unit = { id: string; name: string; rooms: Room[] };

describe('places: rename units and rooms, delete empty places, the building view (ADR 0019)', () => {
  let t: TestApp;
  let fx: Fx;
  let admin: Session;
  let w1: Session;
  let A: string;
  let seq = 0;
  const err = (r: { json: () => any }) => r.json().error as { code: string; message: string; messageEn: string; details: Detail[] };
  const count = async (table: string, id: string) =>
    Number((await t.platform.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('id', '=', id).executeTakeFirstOrThrow()).n);

  /** A fresh compound → building (grid 1) → unit → room, created through the API. */
  const place = async () => {
    seq += 1;
    const c = (await as(t, admin).post('/api/places/compounds', { communityId: A, name: `编辑苑${seq}` })).json();
    const b = (await as(t, admin).post('/api/places/buildings', { compoundId: c.id, gridId: fx.g1.id, name: '1幢' })).json();
    const u = (await as(t, admin).post('/api/places/units', { buildingId: b.id, name: '2元' })).json();
    const h = (await as(t, admin).post('/api/places/households', { unitId: u.id, room: '101' })).json();
    return { c, b, u, h };
  };
  const resident = async (householdId: string, n: number) =>
    (await as(t, admin).post('/api/residents', {
      householdId, name: `测试${'零一二三四五六七八九'[n % 10]}${'甲乙丙丁戊己庚辛壬癸'[Math.floor(n / 10) % 10]}`, idNumber: makeCnId('330902', '1970-03-03', 300 + n), relation: n === 1 ? 'head' : 'other', residenceType: 'registered',
    })).json() as { id: string; version: number };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    A = t.orgs.community.id;
    admin = await t.login('admin');
    w1 = await t.login('grid1');
  });
  afterAll(async () => t.close());

  it('renames a unit: the addresses of its rooms follow, audited with the count; a duplicate is 409 naming name', async () => {
    const { b, u, h } = await place();
    await as(t, admin).post('/api/places/units', { buildingId: b.id, name: '3单元' });
    const r = await as(t, admin).post(`/api/places/units/${u.id}/update`, { name: ' 2单元 ' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ id: u.id, name: '2单元', buildingId: b.id });
    const row = await t.platform.database.db.selectFrom('households').select('address').where('id', '=', h.id).executeTakeFirstOrThrow();
    expect(row.address).toBe(`A社区 编辑苑${seq} 1幢 2单元 101`);
    const [audit] = await auditRows(t, { action: 'update', object_type: 'unit', object_id: u.id });
    expect(audit).toMatchObject({ actor_id: admin.userId, outcome: 'success' });
    expect(JSON.parse(audit!.fields)).toEqual(['name']);
    expect(Number(audit!.count)).toBe(1);

    const dup = await as(t, admin).post(`/api/places/units/${u.id}/update`, { name: '3单元' });
    expect(dup.statusCode).toBe(409);
    expect(err(dup)).toMatchObject({ code: 'duplicate_name', details: [{ path: 'name', code: 'duplicate' }] });
    expect(err(dup).message).toContain('3单元');
    expect(err(dup).messageEn).toMatch(/unit name/);
    expect((await as(t, admin).post(`/api/places/units/${u.id}/update`, { name: '   ' })).statusCode).toBe(400);
    expect((await as(t, admin).post(`/api/places/units/${u.id}/update`, { name: 'x', version: 1 })).statusCode).toBe(400);
    expect((await t.platform.database.db.selectFrom('units').select('name').where('id', '=', u.id).executeTakeFirstOrThrow()).name).toBe('2单元');
  });

  it('renaming a unit to a look-alike of another unit of the building ("1", "一单元" for 1单元) is 409 naming it; its own number written differently is fine', async () => {
    const { b, u } = await place();
    const one = (await as(t, admin).post('/api/places/units', { buildingId: b.id, name: '1单元' })).json();
    for (const name of ['1', '一单元', '01单元']) {
      const clash = await as(t, admin).post(`/api/places/units/${u.id}/update`, { name });
      expect(clash.statusCode, name).toBe(409);
      expect(err(clash)).toMatchObject({ code: 'duplicate_name', details: [{ path: 'name', code: 'duplicate' }] });
      expect(err(clash).message, name).toContain('“1单元”');
      expect(err(clash).messageEn, name).toContain('"1单元"');
    }
    expect((await t.platform.database.db.selectFrom('units').select('name').where('id', '=', u.id).executeTakeFirstOrThrow()).name).toBe('2元');
    const own = await as(t, admin).post(`/api/places/units/${one.id}/update`, { name: '一单元' });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().name).toBe('一单元');
  });

  it('changes a room number with its version: address and version follow; stale version and duplicate room are 409', async () => {
    const { u, h } = await place();
    await as(t, admin).post('/api/places/households', { unitId: u.id, room: '102' });
    const r = await as(t, admin).post(`/api/places/households/${h.id}/update`, { room: '201', version: 1 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id: h.id, unitId: u.id, room: '201', version: 2, address: `A社区 编辑苑${seq} 1幢 2元 201` });
    const [audit] = await auditRows(t, { action: 'update', object_type: 'household', object_id: h.id });
    expect(JSON.parse(audit!.fields)).toEqual(['room']);
    // The room number is personal data (field registry): the audit row does not carry it. Ids, hashes and the time are
    // left out of the check: their hex or digits can hold "201" by chance (a CI run failed on a hash).
    const { id: _id, ts: _ts, actor_id: _a, actor_org: _o, session_id: _s, object_id: _ob, subject_id: _su, request_id: _r, user_agent_hash: _u, prev_hash: _p, hash: _h, ...described } = audit!;
    expect(Object.keys(described)).toContain('reason');
    expect(JSON.stringify(described)).not.toContain('201');

    const stale = await as(t, admin).post(`/api/places/households/${h.id}/update`, { room: '202', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(err(stale)).toMatchObject({ code: 'stale_version', details: [{ path: 'version', code: 'stale' }] });
    expect(err(stale).details[0]!.messageEn).toContain('2');
    const dup = await as(t, admin).post(`/api/places/households/${h.id}/update`, { room: '102', version: 2 });
    expect(dup.statusCode).toBe(409);
    expect(err(dup)).toMatchObject({ code: 'duplicate_room', details: [{ path: 'room', code: 'duplicate' }] });
    const row = await t.platform.database.db.selectFrom('households').select(['room', 'version']).where('id', '=', h.id).executeTakeFirstOrThrow();
    expect({ room: row.room, version: Number(row.version) }).toEqual({ room: '201', version: 2 });
    expect((await as(t, admin).post(`/api/places/households/${h.id}/update`, { room: '203' })).statusCode).toBe(400); // version required
  });

  it('deletes an empty room, unit, building and compound, each audited', async () => {
    const { c, b, u, h } = await place();
    for (const [kind, id, type, fields] of [
      ['households', h.id, 'household', ['room']], ['units', u.id, 'unit', ['name']], ['buildings', b.id, 'building', ['name']], ['compounds', c.id, 'compound', ['name']],
    ] as const) {
      const r = await as(t, admin).post(`/api/places/${kind}/${id}/delete`);
      expect(r.statusCode, `${kind} ${r.body}`).toBe(200);
      expect(r.json()).toEqual({ id, deleted: true });
      expect(await count(kind, id), kind).toBe(0);
      const rows = await auditRows(t, { action: 'delete', object_type: type, object_id: id });
      expect(rows, kind).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_id: admin.userId, outcome: 'success' });
      expect(JSON.parse(rows[0]!.fields)).toEqual(fields);
      expect((await as(t, admin).post(`/api/places/${kind}/${id}/delete`)).statusCode, kind).toBe(404);
    }
    expect((await auditRows(t, { action: 'delete', object_type: 'building', object_id: b.id }))[0]!.reason).toBe(`name=编辑苑${seq} 1幢`);
    const list = (await as(t, admin).get(`/api/places/compounds?communityId=${A}`)).json().items;
    expect(list.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });

  it('refuses to delete a place with something inside: 409 not_empty saying what remains, nothing deleted', async () => {
    const { c, b, u, h } = await place();
    await resident(h.id, 1);
    await resident(h.id, 2);
    const h2 = (await as(t, admin).post('/api/places/households', { unitId: u.id, room: '102' })).json();

    const building = await as(t, admin).post(`/api/places/buildings/${b.id}/delete`);
    expect(building.statusCode).toBe(409);
    expect(err(building)).toMatchObject({ code: 'not_empty', message: '该楼栋下还有 1 个单元、2 户、2 名居民，不能删除' });
    expect(err(building).messageEn).toBe('The building still has 1 unit, 2 households and 2 residents; it cannot be deleted');
    expect(err(building).details.map((d) => [d.path, d.code])).toEqual([['units', 'not_empty'], ['households', 'not_empty'], ['residents', 'not_empty']]);

    const compound = await as(t, admin).post(`/api/places/compounds/${c.id}/delete`);
    expect(compound.statusCode).toBe(409);
    expect(err(compound).message).toBe('该小区下还有 1 个楼栋、2 户、2 名居民，不能删除');
    const unit = await as(t, admin).post(`/api/places/units/${u.id}/delete`);
    expect(err(unit).message).toBe('该单元下还有 2 户、2 名居民，不能删除');
    expect(err(unit).messageEn).toBe('The unit still has 2 households and 2 residents; it cannot be deleted');
    const room = await as(t, admin).post(`/api/places/households/${h.id}/delete`);
    expect(room.statusCode).toBe(409);
    expect(err(room).message).toBe('该房号还有 2 名居民，不能删除');

    for (const [table, id] of [['compounds', c.id], ['buildings', b.id], ['units', u.id], ['households', h.id]] as const) expect(await count(table, id), table).toBe(1);
    expect(await auditRows(t, { action: 'delete', object_id: b.id })).toHaveLength(0);
    // The empty room next door can go.
    expect((await as(t, admin).post(`/api/places/households/${h2.id}/delete`)).statusCode).toBe(200);
  });

  it('counts residents in any status and keeps history: a moved-out resident or a move record still holds the room', async () => {
    const { u, h } = await place();
    const gone = await resident(h.id, 3);
    const status = await as(t, admin).post(`/api/residents/${gone.id}/status`, { version: gone.version, status: 'moved_out', effectiveDate: '2026-11-30', reason: '迁往外地' });
    expect(status.statusCode, status.body).toBe(200);
    const movedOut = await as(t, admin).post(`/api/places/households/${h.id}/delete`);
    expect(movedOut.statusCode).toBe(409);
    expect(err(movedOut).message).toBe('该房号还有 1 名居民（含已迁出、已故 1 名），不能删除');
    expect(err(movedOut).messageEn).toBe('The room still has 1 resident (1 moved out or deceased); it cannot be deleted');

    // A resident who moved to another room leaves a move record naming this one: the room stays, with its history.
    const from = (await as(t, admin).post('/api/places/households', { unitId: u.id, room: '301' })).json();
    const to = (await as(t, admin).post('/api/places/households', { unitId: u.id, room: '302' })).json();
    const mover = await resident(from.id, 4);
    const mv = await as(t, admin).post(`/api/residents/${mover.id}/move`, { version: mover.version, toHouseholdId: to.id, reason: '换房' });
    expect(mv.statusCode, mv.body).toBe(200);
    const history = await as(t, admin).post(`/api/places/households/${from.id}/delete`);
    expect(history.statusCode).toBe(409);
    expect(err(history).message).toBe('该房号还有 1 条迁入迁出记录，不能删除（历史记录须保留）');
    expect(err(history).details).toEqual([expect.objectContaining({ path: 'moves', code: 'not_empty' })]);
    expect(await count('households', from.id)).toBe(1);
  });

  it('out of scope (another community) is 404 for renames and deletes, audited as denied; a grid worker gets 403', async () => {
    const pB = fx.places.pB;
    for (const [url, body, type, id, action] of [
      [`/api/places/units/${pB.unit.id}/update`, { name: '9单元' }, 'unit', pB.unit.id, 'update'],
      [`/api/places/households/${fx.h3.id}/update`, { room: '909', version: 1 }, 'household', fx.h3.id, 'update'],
      [`/api/places/households/${fx.h3.id}/delete`, undefined, 'household', fx.h3.id, 'delete'],
      [`/api/places/units/${pB.unit.id}/delete`, undefined, 'unit', pB.unit.id, 'delete'],
      [`/api/places/buildings/${pB.building.id}/delete`, undefined, 'building', pB.building.id, 'delete'],
      [`/api/places/compounds/${pB.compound.id}/delete`, undefined, 'compound', pB.compound.id, 'delete'],
    ] as const) {
      const r = await as(t, admin).post(url, body);
      expect(r.statusCode, url).toBe(404);
      expect(err(r).code, url).toBe('not_found');
      expect(await auditRows(t, { actor_id: admin.userId, action, object_type: type, object_id: id, outcome: 'denied' }), url).toHaveLength(1);
    }
    expect((await as(t, admin).post('/api/places/units/no-such-unit/delete')).statusCode).toBe(404);
    const names = await t.platform.database.db.selectFrom('units').select('name').where('id', '=', pB.unit.id).executeTakeFirstOrThrow();
    expect(names.name).toBe('1单元');
    expect(await count('households', fx.h3.id)).toBe(1);

    const { u, h } = await place();
    for (const [url, body] of [
      [`/api/places/units/${u.id}/update`, { name: '网格员改' }],
      [`/api/places/households/${h.id}/update`, { room: '999', version: 1 }],
      [`/api/places/households/${h.id}/delete`, undefined],
      [`/api/places/units/${u.id}/delete`, undefined],
    ] as const) {
      expect((await as(t, w1).post(url, body)).statusCode, url).toBe(403);
    }
  });

  it('the building view counts active and all residents per room (no names), with versions; scoped like the building', async () => {
    const { b, u, h } = await place();
    const empty = (await as(t, admin).post('/api/places/households', { unitId: u.id, room: '102' })).json();
    const left = (await as(t, admin).post('/api/places/households', { unitId: u.id, room: '103' })).json();
    await resident(h.id, 5);
    await resident(h.id, 6);
    const gone = await resident(left.id, 7);
    await as(t, admin).post(`/api/residents/${gone.id}/status`, { version: gone.version, status: 'deceased', effectiveDate: '2026-11-30', reason: '病故登记' });
    await as(t, admin).post(`/api/places/households/${empty.id}/update`, { room: '104', version: 1 });

    const r = await as(t, admin).get(`/api/places/buildings/${b.id}/units`);
    expect(r.statusCode).toBe(200);
    const units = r.json().units as Unit[];
    expect(units).toHaveLength(1);
    expect(units[0]!.rooms.map((x) => [x.room, x.members, x.residents, x.version])).toEqual([['101', 2, 2, 1], ['103', 0, 1, 1], ['104', 0, 0, 2]]);
    expect(r.body).not.toContain('测试');
    // A grid worker of the building's grid sees the same counts; the other grid's worker and another community's admin get 404.
    const own = await as(t, w1).get(`/api/places/buildings/${b.id}/units`);
    expect(own.json().units).toEqual(units);
    await t.services.auth.createUser({ username: 'gw_two', displayName: '第二网格网格员', role: 'grid_worker', orgId: fx.g2.id, password: 'Renxing@Test2026!' });
    const w2 = await t.login('gw_two', 'Renxing@Test2026!');
    expect((await as(t, w2).get(`/api/places/buildings/${b.id}/units`)).statusCode).toBe(404);
    expect((await as(t, admin).get(`/api/places/buildings/${fx.places.pB.building.id}/units`)).statusCode).toBe(404);
  });
});
