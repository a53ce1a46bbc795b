import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;
type Detail = { path: string; code: string; message: string; messageEn: string };

const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号';

describe('places management (issue 3: compounds, buildings, units, rooms, grid workers, building leads; ADR 0014)', () => {
  let t: TestApp;
  let fx: Fx;
  let admin: Session;
  let w1: Session;
  let A: string;
  let B: string;
  const users: Record<string, string> = {};

  /** An account in `orgId` (created through the auth service, the way the seed does). */
  const account = async (username: string, role: 'volunteer' | 'grid_worker' | 'resident' | 'doctor', orgId: string, disabled = false) => {
    const u = await t.services.auth.createUser({ username, displayName: `${username}-名`, role, orgId, password: 'Renxing@Test2026!' });
    if (disabled) await t.platform.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', u.id).execute();
    users[username] = u.id;
    return u.id;
  };
  const err = (r: { json: () => any }) => r.json().error as { code: string; message: string; messageEn: string; details: Detail[] };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    A = t.orgs.community.id;
    B = t.orgs.other.id;
    admin = await t.login('admin');
    w1 = await t.login('grid1');
    await account('gw2', 'grid_worker', fx.g2.id);
    await account('gw2old', 'grid_worker', fx.g2.id, true);
    await account('lead_vol', 'volunteer', A);
    await account('lead_res', 'resident', fx.g2.id);
    await account('lead_off', 'volunteer', A, true);
    await account('lead_doc', 'doctor', A);
    await account('lead_b', 'volunteer', B);
  });
  afterAll(async () => t.close());

  it('lists the grids of a community with their grid workers (and their status) and counts', async () => {
    const r = await as(t, admin).get(`/api/places/grids?communityId=${A}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().community).toMatchObject({ id: A, name: 'A社区' });
    const grids = r.json().items as Array<{ id: string; name: string; workers: Array<{ id: string; displayName: string; status: string }>; compounds: number; buildings: number; residents: number }>;
    expect(grids).toHaveLength(8);
    const g1 = grids.find((g) => g.id === fx.g1.id)!;
    const g2 = grids.find((g) => g.id === fx.g2.id)!;
    expect(g1.workers.map((w) => w.displayName)).toEqual(['第一网格网格员']);
    expect(g1).toMatchObject({ name: '第一网格', compounds: 1, buildings: 1, residents: 1 });
    expect(g2.workers.map((w) => [w.id, w.status]).sort()).toEqual([[users.gw2, 'active'], [users.gw2old, 'disabled']].sort());
    expect(g2).toMatchObject({ compounds: 1, buildings: 1, residents: 1 });
    expect(grids.find((g) => g.id === t.orgs.grids[2]!.id)).toMatchObject({ workers: [], compounds: 0, buildings: 0, residents: 0 });
    // Residents of another community never count here.
    expect(grids.reduce((n, g) => n + g.residents, 0)).toBe(2);
  });

  it('narrows reads to the caller: a grid worker sees only their grid; the street sees the community; another community is 404', async () => {
    const own = await as(t, w1).get(`/api/places/grids?communityId=${A}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().items.map((g: { id: string }) => g.id)).toEqual([fx.g1.id]);
    const compounds = await as(t, w1).get(`/api/places/compounds?communityId=${A}`);
    expect(compounds.json().items.map((c: { name: string }) => c.name)).toEqual(['幸福小区']);
    const street = await as(t, await t.login('street')).get(`/api/places/grids?communityId=${A}`);
    expect(street.json().items).toHaveLength(8);
    const outside = await as(t, admin).get(`/api/places/grids?communityId=${B}`);
    expect(outside.statusCode).toBe(404);
    expect(err(outside).details[0]!.path).toBe('communityId');
    expect((await as(t, admin).get(`/api/places/compounds?communityId=${B}`)).statusCode).toBe(404);
    // A filter that names another community cannot widen the scope of the grid worker either.
    expect((await as(t, w1).get(`/api/places/grids?communityId=${B}`)).statusCode).toBe(404);
    expect((await as(t, await t.login('volunteer')).get(`/api/places/grids?communityId=${A}`)).statusCode).toBe(403);
  });

  it('creates a compound with a three-no flag (201, audited in the same transaction) and lists it', async () => {
    const r = await as(t, admin).post('/api/places/compounds', { communityId: A, name: '  港务新村  ', notEnclosed: true });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ name: '港务新村', communityId: A, flags: { noPropertyManagement: false, noCompetentAuthority: false, notEnclosed: true }, threeNo: false, buildings: [] });
    const [row] = await auditRows(t, { action: 'create', object_type: 'compound', object_id: r.json().id });
    expect(row).toMatchObject({ actor_id: admin.userId, actor_role: 'community_admin', outcome: 'success' });
    expect(JSON.parse(row!.fields)).toEqual(['name', 'notEnclosed']);
    const list = await as(t, admin).get(`/api/places/compounds?communityId=${A}`);
    expect(list.json().items.map((c: { name: string }) => c.name)).toEqual(['港务新村', '和平小区', '幸福小区'].sort((a, b) => a.localeCompare(b, 'zh-CN')));
  });

  it('refuses a duplicate compound name with 409 naming the field, unknown fields and bad names with 400', async () => {
    const dup = await as(t, admin).post('/api/places/compounds', { communityId: A, name: ' 幸福小区' });
    expect(dup.statusCode).toBe(409);
    expect(err(dup)).toMatchObject({ code: 'duplicate_name', details: [{ path: 'name', code: 'duplicate' }] });
    expect(err(dup).message).toContain('幸福小区');
    expect(err(dup).messageEn).toMatch(/compound name/);
    // The same name in another community is fine (uniqueness is per community) — but not for this admin: B is out of scope.
    const unknown = await as(t, admin).post('/api/places/compounds', { communityId: A, name: '新小区', threeNo: true });
    expect(unknown.statusCode).toBe(400);
    expect(err(unknown).details).toEqual([expect.objectContaining({ path: 'body.threeNo', code: 'unknown_field' })]);
    for (const name of ['   ', 'x'.repeat(65)]) {
      const bad = await as(t, admin).post('/api/places/compounds', { communityId: A, name });
      expect(bad.statusCode, name).toBe(400);
      expect(err(bad).details[0]!.path).toBe('body.name');
    }
    expect((await as(t, admin).post('/api/places/compounds', { communityId: A, name: 'x'.repeat(64) })).statusCode).toBe(201);
  });

  it('a place name with a control character or an emoji is refused naming body.name; full-width letters and digits are folded', async () => {
    for (const [name, code] of [['幸福小区\u0007', 'control_characters'], ['新苑😀', 'emoji']] as const) {
      const bad = await as(t, admin).post('/api/places/compounds', { communityId: A, name });
      expect(bad.statusCode, name).toBe(400);
      expect(err(bad).details[0]).toMatchObject({ path: 'body.name', code });
      expect(err(bad).details[0]!.message).toMatch(/^名称/);
    }
    const c = await as(t, admin).post('/api/places/compounds', { communityId: A, name: ' 东湖　花园（Ａ区） ' });
    expect(c.statusCode).toBe(201);
    expect(c.json().name).toBe('东湖 花园(A区)');
    const b = await as(t, admin).post('/api/places/buildings', { compoundId: c.json().id, gridId: fx.g1.id, name: '１２幢' });
    expect(b.statusCode).toBe(201);
    expect(b.json().name).toBe('12幢');
    // "12幢" typed the ordinary way is the same building.
    expect((await as(t, admin).post('/api/places/buildings', { compoundId: c.json().id, gridId: fx.g1.id, name: '12幢' })).statusCode).toBe(409);
    // "一单元" is the building's 1单元 (the way imports match units): 409 naming the existing unit.
    expect((await as(t, admin).post('/api/places/units', { buildingId: b.json().id, name: '1单元' })).statusCode).toBe(201);
    const same = await as(t, admin).post('/api/places/units', { buildingId: b.json().id, name: '一单元' });
    expect(same.statusCode).toBe(409);
    expect(err(same).details[0]!.path).toBe('name');
    expect(err(same).message).toContain('1单元');
  });

  it('a compound name the import takes for another (spaces, case, full-width, an invisible zero-width space) is 409 naming it, on create and on rename', async () => {
    const c = await as(t, admin).post('/api/places/compounds', { communityId: A, name: '金岸名苑' });
    expect(c.statusCode).toBe(201);
    for (const name of ['金岸 名苑', '金 岸 名 苑', '金岸\u200b名苑', '\ufeff金岸名苑']) {
      const dup = await as(t, admin).post('/api/places/compounds', { communityId: A, name });
      expect(dup.statusCode, JSON.stringify(name)).toBe(409);
      expect(err(dup).details[0]).toMatchObject({ path: 'name', code: 'duplicate' });
      expect(err(dup).message).toContain('“金岸名苑”');
      expect(err(dup).messageEn).toContain('"金岸名苑"');
    }
    const latin = await as(t, admin).post('/api/places/compounds', { communityId: A, name: 'Harbour View' });
    expect(latin.statusCode).toBe(201);
    expect((await as(t, admin).post('/api/places/compounds', { communityId: A, name: 'harbourview' })).statusCode).toBe(409);
    // Renaming another compound to a look-alike is refused naming the existing one; respacing its own name is fine.
    const other = (await as(t, admin).post('/api/places/compounds', { communityId: A, name: '银岸名苑' })).json();
    const clash = await as(t, admin).post(`/api/places/compounds/${other.id}/update`, { name: '金岸 名苑' });
    expect(clash.statusCode).toBe(409);
    expect(err(clash).message).toContain('“金岸名苑”');
    expect((await t.platform.database.db.selectFrom('compounds').select('name').where('id', '=', other.id).executeTakeFirstOrThrow()).name).toBe('银岸名苑');
    const own = await as(t, admin).post(`/api/places/compounds/${c.json().id}/update`, { name: '金岸 名苑' });
    expect(own.statusCode, own.body).toBe(200);
    // A name of nothing but invisible characters is blank.
    const blank = await as(t, admin).post('/api/places/compounds', { communityId: A, name: '\u200b\u200b' });
    expect(blank.statusCode).toBe(400);
    expect(err(blank).details[0]!.path).toBe('body.name');
  });

  it('a building written "12号楼", "十二栋" or "012" is the compound\'s existing 12幢: 409 naming it, on create and on rename', async () => {
    const c = await as(t, admin).post('/api/places/compounds', { communityId: A, name: '楼号花园' });
    expect(c.statusCode).toBe(201);
    const compoundId = c.json().id;
    expect((await as(t, admin).post('/api/places/buildings', { compoundId, gridId: fx.g1.id, name: '12幢' })).statusCode).toBe(201);
    for (const name of ['12号楼', '12栋', '十二栋', '012', '12#楼', '12']) {
      const dup = await as(t, admin).post('/api/places/buildings', { compoundId, gridId: fx.g1.id, name });
      expect(dup.statusCode, name).toBe(409);
      expect(err(dup).details[0]).toMatchObject({ path: 'name', code: 'duplicate' });
      expect(err(dup).message, name).toContain('“12幢”');
      expect(err(dup).messageEn, name).toContain('"12幢"');
    }
    // Another number, or a name that is not a number, is another building.
    const b13 = await as(t, admin).post('/api/places/buildings', { compoundId, gridId: fx.g1.id, name: '13栋' });
    expect(b13.statusCode).toBe(201);
    expect((await as(t, admin).post('/api/places/buildings', { compoundId, gridId: fx.g1.id, name: '综合楼' })).statusCode).toBe(201);
    // Renaming 13栋 to a look-alike of 12幢 is refused naming 12幢; writing its own number differently is fine.
    const clash = await as(t, admin).post(`/api/places/buildings/${b13.json().id}/update`, { name: '十二幢' });
    expect(clash.statusCode).toBe(409);
    expect(err(clash).message).toContain('“12幢”');
    const own = await as(t, admin).post(`/api/places/buildings/${b13.json().id}/update`, { name: '13幢' });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().name).toBe('13幢');
  });

  it('out of scope is 404 for every write (and the refusal is audited); a grid worker without place:write gets 403', async () => {
    const other = await as(t, admin).post('/api/places/compounds', { communityId: B, name: '东海二村' });
    expect(other.statusCode).toBe(404);
    expect(err(other).details[0]!.path).toBe('communityId');
    expect(await auditRows(t, { actor_id: admin.userId, action: 'create', object_id: B, outcome: 'denied' })).toHaveLength(1);
    const comp = await as(t, admin).post(`/api/places/compounds/${fx.places.pB.compound.id}/update`, { name: '东海新村' });
    expect(comp.statusCode).toBe(404);
    const bld = await as(t, admin).post('/api/places/buildings', { compoundId: fx.places.pB.compound.id, gridId: fx.g1.id, name: '9幢' });
    expect(bld.statusCode).toBe(404);
    expect(err(bld).details[0]!.path).toBe('compoundId');
    expect((await as(t, admin).post(`/api/places/buildings/${fx.places.pB.building.id}/update`, { name: '9幢' })).statusCode).toBe(404);
    expect((await as(t, admin).get(`/api/places/buildings/${fx.places.pB.building.id}/units`)).statusCode).toBe(404);
    const unit = await as(t, admin).post('/api/places/units', { buildingId: fx.places.pB.building.id, name: '2单元' });
    expect(unit.statusCode).toBe(404);
    expect(err(unit).details[0]!.path).toBe('buildingId');
    const room = await as(t, admin).post('/api/places/households', { unitId: fx.places.pB.unit.id, room: '302' });
    expect(room.statusCode).toBe(404);
    expect(err(room).details[0]!.path).toBe('unitId');
    const names = await t.platform.database.db.selectFrom('compounds').select('name').where('community_id', '=', B).execute();
    expect(names.map((n) => n.name)).toEqual(['东海小区']);

    for (const [url, body] of [
      ['/api/places/compounds', { communityId: A, name: '网格员小区' }],
      [`/api/places/compounds/${fx.places.pA1.compound.id}/update`, { notEnclosed: true }],
      ['/api/places/buildings', { compoundId: fx.places.pA1.compound.id, gridId: fx.g1.id, name: '8幢' }],
      [`/api/places/buildings/${fx.places.pA1.building.id}/update`, { leadUserId: users.lead_vol }],
      ['/api/places/units', { buildingId: fx.places.pA1.building.id, name: '8单元' }],
      ['/api/places/households', { unitId: fx.places.pA1.unit.id, room: '808' }],
    ] as const) {
      expect((await as(t, w1).post(url, body)).statusCode, url).toBe(403);
    }
    expect((await as(t, w1).get(`/api/places/lead-candidates?communityId=${A}`)).statusCode).toBe(403);
  });

  it('creates a building in a grid of the compound’s community; another community’s grid is refused naming gridId; duplicates 409', async () => {
    const compound = (await as(t, admin).post('/api/places/compounds', { communityId: A, name: '东山苑' })).json();
    const r = await as(t, admin).post('/api/places/buildings', { compoundId: compound.id, gridId: fx.g2.id, name: '3幢' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ name: '3幢', compoundId: compound.id, gridId: fx.g2.id, gridName: '第二网格', lead: null, units: 0, households: 0, residents: 0 });
    const [row] = await auditRows(t, { action: 'create', object_type: 'building', object_id: r.json().id });
    expect(JSON.parse(row!.fields)).toEqual(['name', 'gridId']);
    const row2 = await t.platform.database.db.selectFrom('buildings').select(['org_path', 'grid_id']).where('id', '=', r.json().id).executeTakeFirstOrThrow();
    expect(row2).toEqual({ org_path: fx.g2.path, grid_id: fx.g2.id });

    const otherGrid = await as(t, admin).post('/api/places/buildings', { compoundId: compound.id, gridId: fx.gB.id, name: '4幢' });
    expect(otherGrid.statusCode).toBe(404);
    expect(err(otherGrid).details[0]!.path).toBe('gridId');
    const notGrid = await as(t, admin).post('/api/places/buildings', { compoundId: compound.id, gridId: A, name: '4幢' });
    expect(notGrid.statusCode).toBe(404);
    expect(err(notGrid).details[0]!.path).toBe('gridId');
    const dup = await as(t, admin).post('/api/places/buildings', { compoundId: compound.id, gridId: fx.g1.id, name: '3幢 ' });
    expect(dup.statusCode).toBe(409);
    expect(err(dup).details).toEqual([expect.objectContaining({ path: 'name', code: 'duplicate' })]);
    expect(err(dup).message).toContain('东山苑');
    // The same building name in another compound is fine.
    expect((await as(t, admin).post('/api/places/buildings', { compoundId: fx.places.pA1.compound.id, gridId: fx.g1.id, name: '3幢' })).statusCode).toBe(201);

    const grids = (await as(t, admin).get(`/api/places/grids?communityId=${A}`)).json().items;
    expect(grids.find((g: { id: string }) => g.id === fx.g2.id)).toMatchObject({ compounds: 2, buildings: 2 });
  });

  it('adds units and rooms (households) with audit rows; duplicates 409; the room is a household resident can be registered in', async () => {
    const b = fx.places.pA2.building;
    const unit = await as(t, admin).post('/api/places/units', { buildingId: b.id, name: '2单元' });
    expect(unit.statusCode).toBe(201);
    expect((await auditRows(t, { action: 'create', object_type: 'unit', object_id: unit.json().id }))).toHaveLength(1);
    const dupUnit = await as(t, admin).post('/api/places/units', { buildingId: b.id, name: '2单元' });
    expect(dupUnit.statusCode).toBe(409);
    expect(err(dupUnit).details[0]!.path).toBe('name');

    const room = await as(t, admin).post('/api/places/households', { unitId: unit.json().id, room: '502', householdType: 'rental' });
    expect(room.statusCode).toBe(201);
    expect(room.json()).toMatchObject({ room: '502', householdType: 'rental', gridId: fx.g2.id, address: 'A社区 和平小区 1幢 2单元 502' });
    expect((await auditRows(t, { action: 'create', object_type: 'household', object_id: room.json().id }))).toHaveLength(1);
    const dupRoom = await as(t, admin).post('/api/places/households', { unitId: unit.json().id, room: ' 502' });
    expect(dupRoom.statusCode).toBe(409);
    expect(err(dupRoom)).toMatchObject({ code: 'duplicate_room', details: [{ path: 'room' }] });
    expect((await as(t, admin).post('/api/places/households', { unitId: unit.json().id, room: '503', householdType: 'villa' })).statusCode).toBe(400);

    const units = await as(t, admin).get(`/api/places/buildings/${b.id}/units`);
    expect(units.json().units.map((u: { name: string; rooms: Array<{ room: string }> }) => [u.name, u.rooms.map((x) => x.room)])).toEqual([['1单元', ['201']], ['2单元', ['502']]]);
    const person = await as(t, admin).post('/api/residents', {
      householdId: room.json().id, name: '钱七', idNumber: makeCnId('330902', '1975-04-04', 77), relation: 'head', residenceType: 'tenant',
    });
    expect(person.statusCode).toBe(201);
    expect(person.json().address).toBe('A社区 和平小区 1幢 2单元 502');
    // An ID number pasted in groups with spaces (21 characters) is taken like the 18 digits (it was refused as too long).
    const id = makeCnId('330902', '1980-01-06', 57);
    const spaced = `${id.slice(0, 6)} ${id.slice(6, 10)} ${id.slice(10, 14)} ${id.slice(14)}`;
    expect(spaced).toHaveLength(21);
    const grouped = await as(t, admin).post('/api/residents', { householdId: room.json().id, name: '钱八', idNumber: spaced, relation: 'spouse', residenceType: 'tenant' });
    expect(grouped.statusCode).toBe(201);
    expect(grouped.json().idMasked).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
  });

  it('sets and clears a building lead; an account outside the community, disabled or with another role is refused naming leadUserId', async () => {
    const b = fx.places.pA1.building;
    const set = await as(t, admin).post(`/api/places/buildings/${b.id}/update`, { leadUserId: users.lead_vol });
    expect(set.statusCode).toBe(200);
    expect(set.json().lead).toEqual({ id: users.lead_vol, displayName: 'lead_vol-名', role: 'volunteer', status: 'active' });
    const rows = await auditRows(t, { action: 'update', object_type: 'building', object_id: b.id });
    expect(JSON.parse(rows.at(-1)!.fields)).toEqual(['leadUserId']);
    const listed = (await as(t, admin).get(`/api/places/compounds?communityId=${A}`)).json().items.find((c: { id: string }) => c.id === fx.places.pA1.compound.id);
    expect(listed.buildings.find((x: { id: string }) => x.id === b.id).lead.id).toBe(users.lead_vol);
    // A resident account of a grid of the community may lead a building too.
    expect((await as(t, admin).post(`/api/places/buildings/${b.id}/update`, { leadUserId: users.lead_res })).json().lead.role).toBe('resident');

    for (const [who, code] of [['lead_b', 'not_found'], ['lead_off', 'inactive'], ['lead_doc', 'role_not_allowed']] as const) {
      const r = await as(t, admin).post(`/api/places/buildings/${b.id}/update`, { leadUserId: users[who] });
      expect(r.statusCode, who).toBe(400);
      expect(err(r).details, who).toEqual([expect.objectContaining({ path: 'leadUserId', code })]);
    }
    expect(err(await as(t, admin).post(`/api/places/buildings/${b.id}/update`, { leadUserId: 'no-such-user' })).details[0]!.path).toBe('leadUserId');
    // Refusals changed nothing.
    expect((await t.platform.database.db.selectFrom('buildings').select('lead_user_id').where('id', '=', b.id).executeTakeFirstOrThrow()).lead_user_id).toBe(users.lead_res);

    const cleared = await as(t, admin).post(`/api/places/buildings/${b.id}/update`, { leadUserId: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().lead).toBeNull();
    expect((await t.platform.database.db.selectFrom('buildings').select('lead_user_id').where('id', '=', b.id).executeTakeFirstOrThrow()).lead_user_id).toBeNull();
  });

  it('offers only eligible accounts as building leads (active; volunteer, grid worker or resident; this community), audited', async () => {
    const all = await as(t, admin).get(`/api/places/lead-candidates?communityId=${A}`);
    expect(all.statusCode).toBe(200);
    const ids = all.json().items.map((u: { id: string }) => u.id);
    expect(ids).toEqual(expect.arrayContaining([users.lead_vol, users.lead_res, users.gw2]));
    for (const no of [users.lead_off, users.lead_doc, users.lead_b, users.gw2old, admin.userId]) expect(ids).not.toContain(no);
    const q = await as(t, admin).get(`/api/places/lead-candidates?communityId=${A}&q=lead_v`);
    expect(q.json().items).toEqual([{ id: users.lead_vol, displayName: 'lead_vol-名', role: 'volunteer', status: 'active', orgName: 'A社区' }]);
    expect((await auditRows(t, { actor_id: admin.userId, action: 'list', object_type: 'user' })).length).toBe(2);
    expect((await as(t, admin).get(`/api/places/lead-candidates?communityId=${B}`)).statusCode).toBe(404);
  });

  it('renames a compound and a building (household addresses follow) and edits the flags; only the fields sent change', async () => {
    const c = (await as(t, admin).post('/api/places/compounds', { communityId: A, name: '旧名小区', noPropertyManagement: true })).json();
    const b = (await as(t, admin).post('/api/places/buildings', { compoundId: c.id, gridId: fx.g1.id, name: '1幢' })).json();
    const u = (await as(t, admin).post('/api/places/units', { buildingId: b.id, name: '1单元' })).json();
    const h = (await as(t, admin).post('/api/places/households', { unitId: u.id, room: '101' })).json();
    expect(h.address).toBe('A社区 旧名小区 1幢 1单元 101');

    const flags = await as(t, admin).post(`/api/places/compounds/${c.id}/update`, { noCompetentAuthority: true, notEnclosed: true });
    expect(flags.statusCode).toBe(200);
    expect(flags.json()).toMatchObject({ name: '旧名小区', flags: { noPropertyManagement: true, noCompetentAuthority: true, notEnclosed: true }, threeNo: true });
    const renamed = await as(t, admin).post(`/api/places/compounds/${c.id}/update`, { name: '新名小区' });
    expect(renamed.json()).toMatchObject({ name: '新名小区', threeNo: true });
    const [flagRow, nameRow] = (await auditRows(t, { action: 'update', object_type: 'compound', object_id: c.id }));
    expect(JSON.parse(flagRow!.fields)).toEqual(['noCompetentAuthority', 'notEnclosed']);
    expect(JSON.parse(nameRow!.fields)).toEqual(['name']);
    expect(Number(nameRow!.count)).toBe(1);
    const dup = await as(t, admin).post(`/api/places/compounds/${c.id}/update`, { name: '幸福小区' });
    expect(dup.statusCode).toBe(409);
    expect(err(dup).details[0]!.path).toBe('name');
    expect((await as(t, admin).post(`/api/places/compounds/${c.id}/update`, { version: 1, name: 'x' })).statusCode).toBe(400);

    expect((await as(t, admin).post(`/api/places/buildings/${b.id}/update`, { name: '2幢' })).json().name).toBe('2幢');
    const addr = await t.platform.database.db.selectFrom('households').select('address').where('id', '=', h.id).executeTakeFirstOrThrow();
    expect(addr.address).toBe('A社区 新名小区 2幢 1单元 101');
  });

  it('moves a building to another grid: households and residents follow in one transaction, with history and audit', async () => {
    const c = (await as(t, admin).post('/api/places/compounds', { communityId: A, name: '迁移苑' })).json();
    const b = (await as(t, admin).post('/api/places/buildings', { compoundId: c.id, gridId: fx.g1.id, name: '1幢' })).json();
    const u = (await as(t, admin).post('/api/places/units', { buildingId: b.id, name: '1单元' })).json();
    const h = (await as(t, admin).post('/api/places/households', { unitId: u.id, room: '101' })).json();
    const r = (await as(t, w1).post('/api/residents', { householdId: h.id, name: '孙八', idNumber: makeCnId('330902', '1968-08-08', 88), relation: 'head', residenceType: 'registered' })).json();
    expect((await as(t, w1).get(`/api/residents/${r.id}`)).statusCode).toBe(200);

    expect((await as(t, admin).post(`/api/places/buildings/${b.id}/move`, { gridId: fx.g2.id })).statusCode).toBe(400); // reason required
    expect(err(await as(t, admin).post(`/api/places/buildings/${b.id}/move`, { gridId: fx.g1.id, reason: '网格调整' })).details[0]!.code).toBe('same_grid');
    expect(err(await as(t, admin).post(`/api/places/buildings/${b.id}/move`, { gridId: fx.gB.id, reason: '网格调整' })).details[0]!.path).toBe('gridId');

    const mv = await as(t, admin).post(`/api/places/buildings/${b.id}/move`, { gridId: fx.g2.id, reason: '网格调整' });
    expect(mv.statusCode).toBe(200);
    expect(mv.json()).toMatchObject({ gridId: fx.g2.id, gridName: '第二网格', residents: 1 });
    const { db } = t.platform.database;
    expect(await db.selectFrom('households').select(['grid_id', 'org_path']).where('id', '=', h.id).executeTakeFirstOrThrow()).toEqual({ grid_id: fx.g2.id, org_path: fx.g2.path });
    const res = await as(t, admin).get(`/api/residents/${r.id}`);
    expect(res.json()).toMatchObject({ gridId: fx.g2.id, version: r.version + 1 });
    expect(res.json().moves).toEqual([expect.objectContaining({ fromHouseholdId: h.id, toHouseholdId: h.id, reason: '网格调整' })]);
    // The first grid's worker no longer sees the resident; the audit row names the building and counts the residents.
    expect((await as(t, w1).get(`/api/residents/${r.id}`)).statusCode).toBe(404);
    const [row] = await auditRows(t, { action: 'move', object_type: 'building', object_id: b.id });
    expect(row).toMatchObject({ reason: '网格调整', outcome: 'success' });
    expect(Number(row!.count)).toBe(1);
  });

  it('an import naming a compound that does not exist fails with unknown_place, and succeeds once the compound and building are created here', async () => {
    const idNumber = makeCnId('330902', '1972-02-02', 121);
    let csv = Buffer.from(`${HEAD}\n周九,${idNumber},13712340099,新港花园,6幢,1单元,601,户主,户籍,,\n`);
    const upload = (dryRun: boolean) => {
      const boundary = '----rxplaces';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        csv,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST', url: `/api/registry/imports?communityId=${A}&mode=all_or_nothing&dryRun=${dryRun}`, payload: body,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    };
    const before = await upload(false);
    expect(before.statusCode).toBe(422);
    expect(before.json().errors).toEqual([expect.objectContaining({ row: 1, column: '小区', code: 'unknown_place' })]);

    const c = await as(t, admin).post('/api/places/compounds', { communityId: A, name: '新港花园' });
    const onlyCompound = await upload(true);
    expect(onlyCompound.json().errors).toEqual([expect.objectContaining({ column: '楼栋', code: 'unknown_place' })]);
    expect((await as(t, admin).post('/api/places/buildings', { compoundId: c.json().id, gridId: fx.g1.id, name: '6幢' })).statusCode).toBe(201);

    const after = await upload(false);
    expect(after.statusCode, after.body).toBe(201);
    expect(after.json()).toMatchObject({ status: 'committed', imported: 1, errorCount: 0 });
    // Cells with an invisible zero-width space / BOM (pasted from a web page) name the same places, as the places
    // routes drop such characters from names: not an unknown place.
    csv = Buffer.from(`${HEAD}\n周十,${makeCnId('330902', '1973-03-03', 122)},13712340098,\u200b新港花园\ufeff,6\u200b幢,1单元\u200b,602,户主,户籍,,\n`);
    const invisible = await upload(false);
    expect(invisible.statusCode, invisible.body).toBe(201);
    expect(invisible.json()).toMatchObject({ status: 'committed', imported: 1, errorCount: 0 });
    const units = (await as(t, admin).get(`/api/places/compounds?communityId=${A}`)).json().items.find((x: { name: string }) => x.name === '新港花园').buildings[0];
    expect(units).toMatchObject({ name: '6幢', units: 1, households: 2, residents: 2 });
  });
});
