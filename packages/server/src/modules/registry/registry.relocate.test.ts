// 整户迁移: POST /api/households/:id/relocate moves every active member of a household to another room (here in another
// grid) in one transaction — a move record and an audit row each, grid and org path follow, the head is carried over or
// the target keeps its own, members who moved out stay, and one failing member rolls the whole relocation back.
// Runs on SQLite and (RENXING_TEST_DIALECT=postgres) PostgreSQL.
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';

describe('household relocation (整户迁移)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let principal: Parameters<TestApp['services']['registry']['createResident']>[0];
  /** The family's room 301 (grid 1), an empty room 502 (grid 2). */
  let room301: { id: string };
  let room502: { id: string };
  let family: { head: string; spouse: string; child: string; gone: string };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-06-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    admin = await t.login('admin');
    await t.services.auth.createUser({ username: 'grid2', displayName: '第二网格网格员', role: 'grid_worker', orgId: fx.g2.id, password: DEMO_PASSWORD });
    const admin0 = await t.services.auth.findByUsername('admin');
    principal = {
      kind: 'user' as const, id: admin0!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    room301 = await t.services.registry.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room: '301' });
    room502 = await t.services.registry.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA2.unit.id, room: '502' });
    const add = (householdId: string, name: string, idNumber: string, relation: 'head' | 'spouse' | 'child' | 'parent', extra: Record<string, unknown> = {}) =>
      t.services.registry.createResident(principal, SYSTEM_ACTOR, { householdId, name, idNumber, phone: null, relation, residenceType: 'registered', ...extra });
    const head = await add(room301.id, '陈建国', makeCnId('330902', '1980-03-03', 31), 'head');
    const spouse = await add(room301.id, '林秀英', makeCnId('330902', '1982-05-05', 42), 'spouse');
    const child = await add(room301.id, '陈小明', makeCnId('330902', '2015-07-07', 53), 'child', { guardianId: head.id });
    const gone = await add(room301.id, '陈老伯', makeCnId('330902', '1950-01-01', 61), 'parent');
    const out = await as(t, admin).post(`/api/residents/${gone.id}/status`, { version: gone.version, status: 'moved_out', effectiveDate: '2025-05-01', reason: '随女儿迁往杭州' });
    expect(out.statusCode).toBe(200);
    family = { head: head.id, spouse: spouse.id, child: child.id, gone: gone.id };
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.platform.database.db;
  const household = async (id: string, s: Session = admin) => (await as(t, s).get(`/api/households/${id}`)).json();
  const relocate = (id: string, body: Record<string, unknown>, s: Session = admin) => as(t, s).post(`/api/households/${id}/relocate`, body);
  const row = (id: string) => db().selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('moves the 3 active members to an empty room in another grid: move records, head set there and cleared here, the moved-out member stays', async () => {
    const grid1 = await t.login('grid1');
    const grid2 = await t.login('grid2');
    const active = [family.head, family.spouse, family.child];
    for (const id of active) {
      expect((await as(t, grid1).get(`/api/residents/${id}`)).statusCode).toBe(200);
      expect((await as(t, grid2).get(`/api/residents/${id}`)).statusCode).toBe(404);
    }
    const before = await household(room301.id);
    expect(before.headResidentId).toBe(family.head);
    expect(before.members).toHaveLength(3);
    const childVersion = (await row(family.child)).version;

    const r = await relocate(room301.id, { version: before.version, toHouseholdId: room502.id, reason: '购房搬至和平小区' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      id: room301.id, version: before.version + 1, toHouseholdId: room502.id, moved: 3, residentIds: expect.arrayContaining(active), stayed: 1,
      head: 'set', headResidentId: family.head, demotedResidentId: null,
    });

    const target = await household(room502.id);
    expect(target.headResidentId).toBe(family.head);
    expect(target.members.map((m: { id: string }) => m.id).sort()).toEqual([...active].sort());
    const source = await household(room301.id);
    expect(source.headResidentId).toBeNull();
    expect(source.members).toHaveLength(0);
    expect(source.version).toBe(before.version + 1);

    for (const id of active) {
      const res = await row(id);
      expect(res).toMatchObject({ household_id: room502.id, grid_id: fx.g2.id, org_path: fx.g2.path });
      const moves = await db().selectFrom('resident_moves').selectAll().where('resident_id', '=', id).execute();
      expect(moves).toHaveLength(1);
      expect(moves[0]).toMatchObject({ from_household_id: room301.id, to_household_id: room502.id, from_grid_id: fx.g1.id, to_grid_id: fx.g2.id, reason: '购房搬至和平小区' });
    }
    expect((await row(family.head)).relation).toBe('head');
    expect(Number((await row(family.child)).version)).toBe(Number(childVersion) + 1);
    // The child's care tag (minor) follows to the new grid's org path.
    const tags = await db().selectFrom('resident_tags').selectAll().where('resident_id', '=', family.child).execute();
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.every((x) => x.org_path === fx.g2.path)).toBe(true);
    // The member who moved out of the area stays with the room where their history is.
    expect(await row(family.gone)).toMatchObject({ household_id: room301.id, grid_id: fx.g1.id, status: 'moved_out' });
    expect(await db().selectFrom('resident_moves').selectAll().where('resident_id', '=', family.gone).execute()).toHaveLength(0);

    // The old grid's worker no longer sees them; the new grid's worker does.
    for (const id of active) {
      expect((await as(t, grid1).get(`/api/residents/${id}`)).statusCode).toBe(404);
      expect((await as(t, grid2).get(`/api/residents/${id}`)).statusCode).toBe(200);
    }

    const audit = await db().selectFrom('audit_log').selectAll().where('action', 'in', ['move', 'relocate', 'set_head']).orderBy('id').execute();
    expect(audit.filter((a) => a.action === 'move').map((a) => a.subject_id).sort()).toEqual([...active].sort());
    expect(audit.filter((a) => a.action === 'move').every((a) => a.reason === '购房搬至和平小区' && a.outcome === 'success')).toBe(true);
    expect(audit.filter((a) => a.action === 'relocate')).toEqual([expect.objectContaining({ object_type: 'household', object_id: room301.id, outcome: 'success' })]);
    expect(Number(audit.find((a) => a.action === 'relocate')!.count)).toBe(3);
    expect(audit.filter((a) => a.action === 'set_head')).toEqual([expect.objectContaining({ object_id: room502.id, subject_id: family.head })]);
  });

  it('into a household with a head: the head is kept, the moved head becomes "other", the source has no head', async () => {
    // Room 502 (the family, grid 2) → room 101 of 张三 (R1 heads it, grid 1).
    const before = await household(room502.id);
    const h1 = await household(fx.h1.id);
    expect(h1.headResidentId).toBe(fx.R1.id);
    const r = await relocate(room502.id, { version: before.version, toHouseholdId: fx.h1.id, reason: '投靠亲属' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ moved: 3, stayed: 0, head: 'kept', headResidentId: fx.R1.id, demotedResidentId: family.head });
    expect((await household(fx.h1.id)).headResidentId).toBe(fx.R1.id);
    expect((await household(fx.h1.id)).version).toBe(h1.version); // the target's own record did not change
    expect((await household(room502.id)).headResidentId).toBeNull();
    expect(await row(family.head)).toMatchObject({ relation: 'other', household_id: fx.h1.id, grid_id: fx.g1.id, org_path: fx.g1.path });
    expect((await row(family.spouse)).relation).toBe('spouse');
    expect((await row(fx.R1.id)).relation).toBe('head');
    const moveAudit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'move').where('subject_id', '=', family.head).orderBy('id').execute();
    expect(JSON.parse(moveAudit.at(-1)!.fields as string)).toEqual(['householdId', 'relation']);
    expect(await db().selectFrom('resident_moves').selectAll().where('resident_id', '=', family.head).execute()).toHaveLength(2);
  });

  it('refusals: stale version 409, out-of-scope target or source 404, same household and an empty source name the field, 403 without resident:write', async () => {
    const h1 = await household(fx.h1.id);
    const nothingMoved = async () => {
      expect((await household(fx.h1.id)).members).toHaveLength(h1.members.length);
      expect((await household(fx.h1.id)).version).toBe(h1.version);
    };
    const stale = await relocate(fx.h1.id, { version: h1.version + 7, toHouseholdId: room502.id, reason: '搬家' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    await nothingMoved();

    const other = await relocate(fx.h1.id, { version: h1.version, toHouseholdId: fx.h3.id, reason: '搬家' }); // community B
    expect(other.statusCode).toBe(404);
    expect(other.json().error.details[0]).toMatchObject({ path: 'toHouseholdId', code: 'not_found' });
    expect((await relocate(fx.h3.id, { version: 1, toHouseholdId: fx.h1.id, reason: '搬家' })).statusCode).toBe(404);
    const denied = await db().selectFrom('audit_log').selectAll().where('action', '=', 'relocate').where('outcome', '=', 'denied').execute();
    expect(denied.map((a) => a.object_id).sort()).toEqual([fx.h3.id, fx.h3.id]);

    // A grid worker's scope is their grid: a room of another grid is out of scope too.
    const grid1 = await t.login('grid1');
    const outOfGrid = await relocate(fx.h1.id, { version: h1.version, toHouseholdId: room502.id, reason: '搬家' }, grid1);
    expect(outOfGrid.statusCode).toBe(404);
    expect(outOfGrid.json().error.details[0].path).toBe('toHouseholdId');

    const same = await relocate(fx.h1.id, { version: h1.version, toHouseholdId: fx.h1.id, reason: '搬家' });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.details[0]).toMatchObject({ path: 'toHouseholdId', code: 'same_household' });

    const empty = await relocate(room502.id, { version: (await household(room502.id)).version, toHouseholdId: fx.h1.id, reason: '搬家' });
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error).toMatchObject({ code: 'no_active_members', details: [expect.objectContaining({ path: 'members' })] });

    const bad = await relocate(fx.h1.id, { version: h1.version, toHouseholdId: room502.id, reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toContain('reason');
    expect((await relocate(fx.h1.id, { version: h1.version, toHouseholdId: room502.id, reason: '搬家', note: 'x' })).statusCode).toBe(400);
    const collector = await t.login('collector');
    expect((await relocate(fx.h1.id, { version: h1.version, toHouseholdId: room502.id, reason: '搬家' }, collector)).statusCode).toBe(403);
    await nothingMoved();
  });

  it('a restricted member the caller holds no grant for fails the whole relocation: nothing moved; with a grant it goes through', async () => {
    const room401 = await t.services.registry.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room: '401' });
    const a = await t.services.registry.createResident(principal, SYSTEM_ACTOR, {
      householdId: room401.id, name: '周强', idNumber: makeCnId('330902', '1975-02-02', 71), phone: null, relation: 'head', residenceType: 'registered',
    });
    const b = await t.services.registry.createResident(principal, SYSTEM_ACTOR, {
      householdId: room401.id, name: '吴芳', idNumber: makeCnId('330902', '1977-02-02', 82), phone: null, relation: 'spouse', residenceType: 'registered',
    });
    // Members are moved in id order (time-ordered ids): the restricted one is created a second later, so it comes
    // last and the two before it have already been written inside the transaction when it is refused.
    t.clock.advance(1000);
    const c = await t.services.registry.createResident(principal, SYSTEM_ACTOR, {
      householdId: room401.id, name: '周敏', idNumber: makeCnId('330902', '2000-02-02', 92), phone: null, relation: 'child', residenceType: 'registered',
    });
    expect([a.id, b.id, c.id].sort().at(-1)).toBe(c.id);
    await t.services.registry.setRestricted(principal, SYSTEM_ACTOR, c.id, { restricted: true, reason: '家暴庇护', version: c.version });

    const before = await household(room401.id);
    const versions = await Promise.all([a.id, b.id, c.id].map(async (id) => Number((await row(id)).version)));
    const r = await relocate(room401.id, { version: before.version, toHouseholdId: room502.id, reason: '换房' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error).toMatchObject({ code: 'break_glass_required', details: [expect.objectContaining({ path: 'members', code: 'break_glass_required' })] });
    // Rolled back: nobody moved, no move record, no success audit, versions and the head as they were.
    for (const [i, id] of [a.id, b.id, c.id].entries()) {
      expect(await row(id)).toMatchObject({ household_id: room401.id, grid_id: fx.g1.id, org_path: fx.g1.path });
      expect(Number((await row(id)).version)).toBe(versions[i]);
      expect(await db().selectFrom('resident_moves').selectAll().where('resident_id', '=', id).execute()).toHaveLength(0);
      expect(await db().selectFrom('audit_log').selectAll().where('action', '=', 'move').where('subject_id', '=', id).execute()).toHaveLength(0);
    }
    const after = await household(room401.id);
    expect(after).toMatchObject({ version: before.version, headResidentId: a.id });
    expect((await household(room502.id)).headResidentId).toBeNull();
    const denial = await db().selectFrom('audit_log').selectAll().where('action', '=', 'relocate').where('object_id', '=', c.id).execute();
    expect(denial).toEqual([expect.objectContaining({ outcome: 'denied', severity: 'high', reason: 'break_glass_required' })]);

    const grant = await as(t, admin).post(`/api/residents/${c.id}/break-glass`, { reason: '核实搬迁情况' });
    expect(grant.statusCode).toBe(200);
    const ok = await relocate(room401.id, { version: before.version, toHouseholdId: room502.id, reason: '换房' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ moved: 3, head: 'set', headResidentId: a.id });
    expect((await row(c.id)).household_id).toBe(room502.id);
  });
});
