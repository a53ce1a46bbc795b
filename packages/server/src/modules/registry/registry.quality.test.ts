// Registry data-quality check (GET /api/registry/quality, /api/registry/quality/items; ADR 0020) on SQLite and (with
// RENXING_TEST_DIALECT=postgres) PostgreSQL. The fixture holds exactly one case of each kind in community A, spread over
// its grids 1 and 2, plus clean records and look-alikes that must not count; every count and list is asserted exactly.
import { makeCnId } from '@renxing/shared';
import { type KyselyPlugin, type RootOperationNode, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import type { Principal } from '../../http/auth-context';
import { createRegistryQuality } from './registry.quality';
import type { CareTag } from './residents.codec';

const KINDS = ['no_phone', 'minor_no_guardian', 'guardian_inactive', 'elderly_alone_no_phone', 'possible_duplicate', 'consent_missing', 'guardian_consent_missing', 'living_alone_not_alone', 'pregnant_misfit', 'household_no_head', 'household_head_inactive', 'household_empty', 'household_multiple_heads', 'household_head_relation'] as const;
type Kind = (typeof KINDS)[number];

describe('registry data quality', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  /** Expected records per kind in community A: [id, grid id]. */
  const expected = {} as Record<Kind, Array<[string, string]>>;
  const names: string[] = [];
  let seq = 200;
  let noPhoneAdult: { id: string; version: number };
  let restrictedMinor: string;
  const heads = {} as { hM: string; hR: string; headR: string; secondHead: string };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-06-01T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    const reg = t.services.registry;
    const db = t.platform.database.db;
    const admin = await t.services.auth.findByUsername('admin');
    const principal = {
      kind: 'user' as const, id: admin!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    const add = async (householdId: string, name: string, birthDate: string, o: { phone?: string; tags?: CareTag[]; guardianId?: string; relation?: 'head' | 'other' } = {}) => {
      names.push(name);
      return reg.createResident(principal, SYSTEM_ACTOR, {
        householdId, name, idNumber: makeCnId('330902', birthDate, seq++), phone: o.phone ?? null, relation: o.relation ?? 'other', residenceType: 'registered',
        tags: o.tags, guardianId: o.guardianId, consent: o.tags?.length ? { method: 'written' } : undefined,
      });
    };
    const status = (id: string, version: number, s: 'moved_out' | 'deceased') =>
      reg.changeStatus(principal, SYSTEM_ACTOR, id, { version, status: s, effectiveDate: '2025-05-01', reason: '测试' });
    const g1 = fx.g1.id, g2 = fx.g2.id;

    // An adult without a phone (grid 1).
    const noPhone = await add(fx.h1.id, '缺电话', '1990-05-05');
    noPhoneAdult = { id: noPhone.id, version: noPhone.version };
    // A minor whose guardian link was lost (grid 2): the API refuses this, so it stands for data written before the
    // rule (direct write). The record is also restricted: the list must show it as a stub, as the resident list does.
    const minor = await add(fx.h2.id, '缺监护', '2015-06-01', { guardianId: fx.R2.id });
    await db.updateTable('residents').set({ guardian_id: null }).where('id', '=', minor.id).execute();
    await reg.setRestricted(principal, SYSTEM_ACTOR, minor.id, { restricted: true, reason: '测试受限', version: minor.version });
    restrictedMinor = minor.id;
    // A minor whose guardian moved out of the area (grid 1); the guardian himself is inactive and counts nowhere.
    const guardian = await add(fx.h1.id, '已迁监护', '1982-02-02', { phone: '13800000001' });
    const ward = await add(fx.h1.id, '留守童', '2016-07-07', { guardianId: guardian.id });
    await status(guardian.id, guardian.version, 'moved_out');
    // A person aged 80+ living alone without a phone, heading their own household (grid 2); also an adult without a phone.
    const hE = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA2.unit.id, room: '202' });
    const elderly = await add(hE.id, '独居翁', '1940-01-01', { tags: ['living_alone'], relation: 'head' });
    // Not counted: 80+ living alone WITH a phone, and 79 living alone without one (grid 2) — both adults: the second
    // lacks a phone, so it is an adult without a phone.
    const hE2 = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA2.unit.id, room: '204' });
    await add(hE2.id, '独居有电', '1939-03-03', { tags: ['living_alone'], relation: 'head', phone: '13800000002' });
    const hE3 = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA2.unit.id, room: '205' });
    const almost80 = await add(hE3.id, '将八十', '1945-06-02', { tags: ['living_alone'], relation: 'head' });
    // Two records with the same name and birth date in community A (grids 1 and 2); a third in community B and an
    // inactive fourth do not count; a same-name person with another birth date does not either.
    const twinA = await add(fx.h1.id, '重名人', '1985-03-03', { phone: '13800000003' });
    const twinB = await add(fx.h2.id, '重名人', '1985-03-03', { phone: '13800000004' });
    await add(fx.h3.id, '重名人', '1985-03-03', { phone: '13800000005' });
    const ghost = await add(fx.h1.id, '旧档案', '1970-01-01', { phone: '13800000006' });
    await add(fx.h2.id, '旧档案', '1970-01-01', { phone: '13800000007' }).then(async () => status(ghost.id, ghost.version, 'deceased'));
    await add(fx.h2.id, '重名人', '1985-03-04', { phone: '13800000008' });
    // A household whose head died (grid 1): the status command clears the head; one member stays.
    const hN = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room: '102' });
    const headN = await add(hN.id, '故户主', '1950-01-01', { relation: 'head', phone: '13800000009' });
    await add(hN.id, '遗属', '1952-01-01', { phone: '13800000010' });
    await status(headN.id, headN.version, 'deceased');
    // A household whose named head is no longer active (grid 2): written before the status command cleared heads
    // (ADR 0016), so set directly.
    const hI = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA2.unit.id, room: '203' });
    const headI = await add(hI.id, '迁走户主', '1975-01-01', { relation: 'head', phone: '13800000011' });
    await add(hI.id, '留下者', '1977-01-01', { phone: '13800000012' });
    await db.updateTable('residents').set({ status: 'moved_out' }).where('id', '=', headI.id).execute();
    // An empty household (grid 1), and one whose only member moved out (grid 2): both empty.
    const hX = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room: '103' });
    const hX2 = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA2.unit.id, room: '206' });
    const gone = await add(hX2.id, '全迁走', '1960-01-01', { relation: 'head', phone: '13800000013' });
    await status(gone.id, gone.version, 'moved_out');
    // Community B: an adult without a phone (not in community A's counts).
    await add(fx.h3.id, '外社区', '1991-01-01');
    // A care tag from before consents were recorded (ADR 0033: kept, to be confirmed) in grid 1, written directly; the
    // tagged residents above have a consent and do not count, nor does one whose consent was withdrawn (tags removed).
    const legacy = await add(fx.h1.id, '旧标签', '1966-06-06', { phone: '13800000014' });
    await db.updateTable('residents').set({ tags: '["chronic"]' }).where('id', '=', legacy.id).execute();
    await db.insertInto('resident_tags').values({ resident_id: legacy.id, tag: 'chronic', org_path: fx.g1.path }).execute();
    const withdrew = await add(fx.h2.id, '已撤回', '1967-07-07', { phone: '13800000015', tags: ['disabled'] });
    await reg.withdrawConsent(principal, SYSTEM_ACTOR, withdrew.id, { method: 'written' });
    // A child under 14 whose consent was recorded as the child's own (before ADR 0039; written directly) in grid 2:
    // 待监护人同意. Not counted: a child whose guardian consented, and a 15-year-old's own consent.
    const kidSelf = await add(fx.h2.id, '童自愿', '2016-02-02', { guardianId: fx.R2.id, tags: ['disabled'] });
    await db.updateTable('resident_consents').set({ given_by: 'self', guardian_id: null }).where('resident_id', '=', kidSelf.id).execute();
    await add(fx.h2.id, '童监护', '2016-03-03', { guardianId: fx.R2.id, tags: ['disabled'] });
    await add(fx.h2.id, '少年自愿', '2010-01-01', { guardianId: fx.R2.id, tags: ['chronic'] });
    // Tagged 独居 while someone moved into the room (grid 1): 独居标签但户内有他人. Not counted: a tagged resident whose
    // only co-member died (grid 2), and the people living alone above.
    const hL = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room: '104' });
    const aloneNoMore = await add(hL.id, '独居婆', '1950-04-04', { tags: ['living_alone'], relation: 'head', phone: '13800000016' });
    const mover = await add(fx.h1.id, '新迁入', '1988-08-08', { phone: '13800000017' });
    await reg.moveResident(principal, SYSTEM_ACTOR, mover.id, { version: mover.version, toHouseholdId: hL.id, reason: '迁入同住' });
    const hL2 = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA2.unit.id, room: '207' });
    await add(hL2.id, '独居二', '1951-05-05', { tags: ['living_alone'], relation: 'head', phone: '13800000018' });
    const late = await add(hL2.id, '已故伴', '1950-05-05', { phone: '13800000019' });
    await status(late.id, late.version, 'deceased');
    // Two members recorded as 户主 in one household (grid 2; older data, written directly as the API refuses it now), and
    // a household whose named head's relation is not 户主 (grid 1, direct write).
    const hM = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA2.unit.id, room: '208' });
    await add(hM.id, '户主甲', '1970-01-02', { relation: 'head', phone: '13800000020' });
    const secondHead = await add(hM.id, '户主乙', '1972-01-02', { phone: '13800000021' });
    await db.updateTable('residents').set({ relation: 'head' }).where('id', '=', secondHead.id).execute();
    const hR = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room: '105' });
    const headR = await add(hR.id, '户主丙', '1969-01-03', { relation: 'head', phone: '13800000022' });
    await add(hR.id, '成员丁', '1971-01-03', { phone: '13800000023' });
    await db.updateTable('residents').set({ relation: 'spouse' }).where('id', '=', headR.id).execute();
    Object.assign(heads, { hM: hM.id, hR: hR.id, headR: headR.id, secondHead: secondHead.id });
    // 孕妇 on a man (grid 2) and on a woman of 65 (grid 1), written directly as the API refuses both; each has a consent
    // (their chronic tag's), so neither is also "consent missing". Not counted: a woman of 28 tagged through the API.
    const sexed = (female: boolean) => { if ((seq % 2 === 0) !== female) seq++; };
    const tagPregnant = async (id: string, gridPath: string) => {
      await db.updateTable('residents').set({ tags: '["chronic","pregnant"]' }).where('id', '=', id).execute();
      await db.insertInto('resident_tags').values({ resident_id: id, tag: 'pregnant', org_path: gridPath }).execute();
    };
    sexed(false);
    const pregnantMan = await add(fx.h2.id, '孕标男', '1990-09-09', { tags: ['chronic'], phone: '13800000024' });
    await tagPregnant(pregnantMan.id, fx.g2.path);
    sexed(true);
    const pregnant65 = await add(fx.h1.id, '孕标婆', '1960-01-09', { tags: ['chronic'], phone: '13800000025' });
    await tagPregnant(pregnant65.id, fx.g1.path);
    sexed(true);
    await add(fx.h1.id, '孕妇甲', '1997-02-09', { tags: ['pregnant'], phone: '13800000026' });

    Object.assign(expected, {
      no_phone: [[noPhone.id, g1], [elderly.id, g2], [almost80.id, g2]],
      minor_no_guardian: [[minor.id, g2]],
      guardian_inactive: [[ward.id, g1]],
      elderly_alone_no_phone: [[elderly.id, g2]],
      possible_duplicate: [[twinA.id, g1], [twinB.id, g2]],
      consent_missing: [[legacy.id, g1]],
      guardian_consent_missing: [[kidSelf.id, g2]],
      living_alone_not_alone: [[aloneNoMore.id, g1]],
      pregnant_misfit: [[pregnantMan.id, g2], [pregnant65.id, g1]],
      household_multiple_heads: [[hM.id, g2]],
      household_head_relation: [[hR.id, g1]],
      household_no_head: [[hN.id, g1]],
      household_head_inactive: [[hI.id, g2]],
      household_empty: [[hX.id, g1], [hX2.id, g2]],
    } satisfies Record<Kind, Array<[string, string]>>);
  });
  afterAll(async () => t.close());

  const countIn = (kind: Kind, gridId?: string) => expected[kind].filter(([, g]) => !gridId || g === gridId).length;
  const allCounts = (gridId?: string) => Object.fromEntries(KINDS.map((k) => [k, countIn(k, gridId)]));

  it('a community admin gets exact counts per kind for the community and for each grid; nothing from community B', async () => {
    const s = await t.login('admin');
    const r = await as(t, s).get('/api/registry/quality');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.area).toMatchObject({ id: t.orgs.community.id, level: 'community' });
    expect(body.suppressed).toBe(false);
    expect(body.asOf).toBe('2025-06-01');
    expect(body.area.counts).toEqual(allCounts());
    expect(body.children.map((c: { id: string }) => c.id)).toEqual(t.orgs.grids.map((g) => g.id));
    const child = (id: string) => body.children.find((c: { id: string }) => c.id === id).counts;
    expect(child(fx.g1.id)).toEqual(allCounts(fx.g1.id));
    expect(child(fx.g2.id)).toEqual(allCounts(fx.g2.id));
    expect(child(t.orgs.grids[2]!.id)).toEqual(Object.fromEntries(KINDS.map((k) => [k, 0])));
    // Aggregates only.
    expect(r.body).not.toMatch(/(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])/);
    for (const n of names) expect(r.body).not.toContain(n);
  });

  it('each list holds exactly the records its count counted, masked like the resident list; possible duplicates are a count only', async () => {
    const s = await t.login('admin');
    for (const kind of KINDS.filter((k) => k !== 'possible_duplicate')) {
      const r = await as(t, s).get(`/api/registry/quality/items?kind=${kind}`);
      expect(r.statusCode, kind).toBe(200);
      const body = r.json();
      expect(body.total, kind).toBe(expected[kind].length);
      expect(body.subject, kind).toBe(kind.startsWith('household_') ? 'household' : 'resident');
      expect(body.items.map((i: { id: string }) => i.id).sort(), kind).toEqual(expected[kind].map(([id]) => id).sort());
      expect(body.items.map((i: { gridId: string }) => i.gridId).sort(), kind).toEqual(expected[kind].map(([, g]) => g).sort());
      // Masking: no full ID or phone number, no full name; resident rows are the resident list's shape.
      expect(r.body, kind).not.toMatch(/(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])/);
      for (const n of names) expect(r.body, kind).not.toContain(`"${n}"`);
      for (const item of body.items) {
        if (body.subject === 'household') {
          expect(Object.keys(item).sort()).toEqual(['activeMembers', 'address', 'gridId', 'headResidentId', 'id', 'room', 'version']);
        } else if (item.id === restrictedMinor) {
          expect(item).toMatchObject({ access: 'stub', restricted: true });
          expect(item).not.toHaveProperty('idMasked');
          expect(item).not.toHaveProperty('address');
        } else {
          expect(item.access).toBe('full');
          expect(item.idMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
          expect(item).not.toHaveProperty('name');
          expect(item).not.toHaveProperty('birthDate');
        }
      }
    }
    const hN = (await as(t, s).get('/api/registry/quality/items?kind=household_no_head')).json().items[0];
    expect(hN).toMatchObject({ headResidentId: null, activeMembers: 1 });
    const empty = (await as(t, s).get('/api/registry/quality/items?kind=household_empty')).json().items;
    expect(empty.map((h: { activeMembers: number }) => h.activeMembers)).toEqual([0, 0]);
    // Paging and narrowing to a grid.
    const p1 = (await as(t, s).get('/api/registry/quality/items?kind=no_phone&pageSize=2&page=1')).json();
    const p2 = (await as(t, s).get('/api/registry/quality/items?kind=no_phone&pageSize=2&page=2')).json();
    expect(p1.items).toHaveLength(2);
    expect(p2.items).toHaveLength(1);
    expect([...p1.items, ...p2.items].map((i: { id: string }) => i.id).sort()).toEqual(expected.no_phone.map(([id]) => id).sort());
    const inG2 = (await as(t, s).get(`/api/registry/quality/items?kind=no_phone&orgId=${fx.g2.id}`)).json();
    expect(inG2.items.map((i: { id: string }) => i.id).sort()).toEqual(expected.no_phone.filter(([, g]) => g === fx.g2.id).map(([id]) => id).sort());
    expect((await as(t, s).get('/api/registry/quality/items?kind=possible_duplicate')).statusCode).toBe(400);
    expect((await as(t, s).get('/api/registry/quality/items?kind=no_phone&name=x')).statusCode).toBe(400);
  });

  it('reading a list is an audited read of personal data (purpose, kind, count); a denied one is audited too', async () => {
    const s = await t.login('admin');
    const before = (await auditRows(t, { action: 'list', actor_id: s.userId })).length;
    expect((await as(t, s).get('/api/registry/quality/items?kind=guardian_inactive')).statusCode).toBe(200);
    const rows = await auditRows(t, { action: 'list', actor_id: s.userId });
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ object_type: 'resident', object_id: t.orgs.community.id, outcome: 'success', purpose: 'registry.maintenance', reason: 'quality:guardian_inactive' });
    expect(Number(rows.at(-1)!.count)).toBe(1);
    const other = await as(t, s).get(`/api/registry/quality/items?kind=household_empty&orgId=${t.orgs.other.id}`);
    expect(other.statusCode).toBe(404);
    const denied = await auditRows(t, { action: 'list', actor_id: s.userId, outcome: 'denied' });
    expect(denied.at(-1)).toMatchObject({ object_type: 'household', object_id: t.orgs.other.id, reason: 'quality:household_empty' });
  });

  it('scope: another community is 404; a grid worker sees only their grid; the street gets 422 for its whole area, suppressed counts of a community and no lists', async () => {
    const admin = await t.login('admin');
    expect((await as(t, admin).get(`/api/registry/quality?orgId=${t.orgs.other.id}`)).statusCode).toBe(404);
    expect((await as(t, admin).get(`/api/registry/quality?orgId=${fx.gB.id}`)).statusCode).toBe(404);
    expect((await as(t, admin).get(`/api/registry/quality?orgId=${t.orgs.street.id}`)).statusCode).toBe(404);
    const g1 = (await as(t, admin).get(`/api/registry/quality?orgId=${fx.g1.id}`)).json();
    expect(g1.area.counts).toEqual(allCounts(fx.g1.id));
    expect(g1.children).toEqual([]);

    const grid = await t.login('grid1');
    expect(t.orgs.grids[0]!.id).toBe(fx.g1.id);
    const mine = (await as(t, grid).get('/api/registry/quality')).json();
    expect(mine.area.id).toBe(fx.g1.id);
    expect(mine.area.counts).toEqual(allCounts(fx.g1.id));
    const list = (await as(t, grid).get('/api/registry/quality/items?kind=no_phone')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual(expected.no_phone.filter(([, g]) => g === fx.g1.id).map(([id]) => id));
    expect((await as(t, grid).get(`/api/registry/quality?orgId=${fx.g2.id}`)).statusCode).toBe(404);
    expect((await as(t, grid).get(`/api/registry/quality/items?kind=no_phone&orgId=${fx.g2.id}`)).statusCode).toBe(404);

    const street = await t.login('street');
    // A street's (or district's) whole area is refused with the reason (ADR 0048): the check works on a community or grid.
    const wide = await as(t, street).get('/api/registry/quality');
    expect(wide.statusCode).toBe(422);
    expect(wide.json().error).toMatchObject({ code: 'quality_area_too_wide', details: [{ path: 'orgId', code: 'quality_area_too_wide' }] });
    expect(wide.json().error.message).toMatch(/社区或网格/);
    expect(wide.json().error.messageEn).toMatch(/community or grid/);
    expect((await as(t, street).get(`/api/registry/quality?orgId=${t.orgs.street.id}`)).statusCode).toBe(422);
    expect((await as(t, await t.login('district')).get('/api/registry/quality')).statusCode).toBe(422);
    // One of its communities: counts, suppressed for a caller who may not read residents.
    const s = (await as(t, street).get(`/api/registry/quality?orgId=${t.orgs.community.id}`)).json();
    expect(s.suppressed).toBe(true);
    const a = s.area.counts;
    // Every count in community A is 1–4: suppressed; zero stays zero. Community B: one adult without a phone.
    for (const k of KINDS) expect(a[k], k).toBeNull();
    const b = (await as(t, street).get(`/api/registry/quality?orgId=${t.orgs.other.id}`)).json().area.counts;
    expect(b).toEqual({ ...Object.fromEntries(KINDS.map((k) => [k, 0])), no_phone: null });
    expect((await as(t, street).get('/api/registry/quality/items?kind=no_phone')).statusCode).toBe(403);
    expect((await as(t, await t.login('volunteer')).get('/api/registry/quality')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/registry/quality' })).statusCode).toBe(401);
  });

  it('a fix shows at once: adding the phone number takes the adult off the list', async () => {
    const s = await t.login('admin');
    const r = await as(t, s).post(`/api/residents/${noPhoneAdult.id}/update`, { version: noPhoneAdult.version, phone: '13800000099' });
    expect(r.statusCode).toBe(200);
    const body = (await as(t, s).get('/api/registry/quality')).json();
    expect(body.area.counts.no_phone).toBe(countIn('no_phone') - 1);
    const list = (await as(t, s).get('/api/registry/quality/items?kind=no_phone')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(noPhoneAdult.id);
  });
  it('two 户主 / a head whose relation is not 户主: listed with the household link; 更换户主 (even to the same head) repairs both', async () => {
    const s = await t.login('admin');
    const db = t.platform.database.db;
    const version = async (id: string) => Number((await db.selectFrom('households').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    const relations = async (householdId: string) => (await db.selectFrom('residents').select(['id', 'relation']).where('household_id', '=', householdId).orderBy('id').execute())
      .map((r) => r.relation);
    const multi = (await as(t, s).get('/api/registry/quality/items?kind=household_multiple_heads')).json();
    expect(multi.items).toEqual([expect.objectContaining({ id: heads.hM, activeMembers: 2 })]);
    // Keeping the named head: the second 户主 becomes "other".
    const hM = (await db.selectFrom('households').select('head_resident_id').where('id', '=', heads.hM).executeTakeFirstOrThrow()).head_resident_id!;
    const keep = await as(t, s).post(`/api/households/${heads.hM}/head`, { version: await version(heads.hM), residentId: hM });
    expect(keep.statusCode, keep.body).toBe(200);
    expect((await relations(heads.hM)).sort()).toEqual(['head', 'other']);
    expect((await db.selectFrom('residents').select('relation').where('id', '=', heads.secondHead).executeTakeFirstOrThrow()).relation).toBe('other');
    // The named head whose relation says 配偶: choosing them again makes the relation 户主.
    const fixR = await as(t, s).post(`/api/households/${heads.hR}/head`, { version: await version(heads.hR), residentId: heads.headR });
    expect(fixR.statusCode, fixR.body).toBe(200);
    expect((await db.selectFrom('residents').select('relation').where('id', '=', heads.headR).executeTakeFirstOrThrow()).relation).toBe('head');
    const counts = (await as(t, s).get('/api/registry/quality')).json().area.counts;
    expect(counts).toMatchObject({ household_multiple_heads: 0, household_head_relation: 0 });
    // Once consistent, the same head again is refused as before (naming residentId).
    const again = await as(t, s).post(`/api/households/${heads.hR}/head`, { version: await version(heads.hR), residentId: heads.headR });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0]).toMatchObject({ path: 'residentId', code: 'unchanged' });
  });

  // Counted grid by grid (addendum, session 17). Records under the community but under no grid are never written by the
  // API (a household takes its building's grid path); two are put there directly, as the single statement over the
  // community counted them: an empty household on the community's own path, an adult without a phone on a path that
  // is no grid's.
  async function withStrayRecords(run: (stray: { household: string; resident: string }) => Promise<void>) {
    const db = t.platform.database.db;
    const household = expected.household_empty.find(([, g]) => g === fx.g1.id)![0];
    const resident = (await db.selectFrom('residents').select(['id', 'org_path']).where('id', 'in', expected.no_phone.map(([id]) => id))
      .where('status', '=', 'active').where('phone_enc', 'is', null).where('org_path', '=', fx.g2.path).executeTakeFirstOrThrow()).id as string;
    await db.updateTable('households').set({ org_path: t.orgs.community.path }).where('id', '=', household).execute();
    await db.updateTable('residents').set({ org_path: `${t.orgs.community.path}999/` }).where('id', '=', resident).execute();
    try {
      await run({ household, resident });
    } finally {
      await db.updateTable('households').set({ org_path: fx.g1.path }).where('id', '=', household).execute();
      await db.updateTable('residents').set({ org_path: fx.g2.path }).where('id', '=', resident).execute();
    }
  }
  /** The community's records of each kind as one statement over a path finds them: the lists' totals, and for possible
   * duplicates (a count only) a self-join of its own. */
  async function oneStatementCounts(s: Awaited<ReturnType<TestApp['login']>>, org: { id: string; path: string }) {
    const out: Record<string, number> = {};
    for (const kind of KINDS) {
      if (kind === 'possible_duplicate') {
        const r = await sql<{ n: number | string }>`select count(distinct r.id) as n from residents r
          inner join orgs rg on rg.id = r.grid_id
          inner join residents d on d.name = r.name and d.birth_date = r.birth_date and d.status = 'active' and d.id <> r.id
          inner join orgs dg on dg.id = d.grid_id and dg.parent_id = rg.parent_id
          where r.status = 'active' and r.org_path like ${`${org.path}%`}`.execute(t.platform.database.db);
        out[kind] = Number(r.rows[0]!.n);
      } else {
        const r = await as(t, s).get(`/api/registry/quality/items?kind=${kind}&orgId=${org.id}&pageSize=1`);
        expect(r.statusCode, kind).toBe(200);
        out[kind] = r.json().total;
      }
    }
    return out;
  }

  it('counted grid by grid, the counts are those of one statement over the community, records under no grid included', async () => {
    const s = await t.login('admin');
    await withStrayRecords(async () => {
      const body = (await as(t, s).get('/api/registry/quality')).json();
      const want = await oneStatementCounts(s, t.orgs.community);
      expect(body.area.counts).toEqual(want);
      for (const g of t.orgs.grids) {
        expect(body.children.find((c: { id: string }) => c.id === g.id).counts, g.code).toEqual(await oneStatementCounts(s, g));
      }
      // The stray records count in the community, in none of its grids; and there are cases in several grids.
      const inGrids = (k: Kind) => body.children.reduce((n: number, c: { counts: Record<Kind, number> }) => n + c.counts[k], 0);
      expect(body.area.counts.household_empty).toBe(inGrids('household_empty') + 1);
      expect(body.area.counts.no_phone).toBe(inGrids('no_phone') + 1);
      expect(body.children.filter((c: { counts: Record<Kind, number> }) => Object.values(c.counts).some((n) => n > 0)).length).toBeGreaterThanOrEqual(2);
    });
    // Without them, the community's counts are the sums of its grids'.
    const body = (await as(t, s).get('/api/registry/quality')).json();
    expect(body.area.counts).toEqual(await oneStatementCounts(s, t.orgs.community));
    for (const k of KINDS) expect(body.area.counts[k], k).toBe(body.children.reduce((n: number, c: { counts: Record<Kind, number> }) => n + c.counts[k], 0));
  });

  it('the event loop turns between the statements of the walk, and each statement of counts reads one grid', async () => {
    const { db } = t.platform.database;
    // Every statement is stamped with how many times the event loop has turned when it is issued (SQLite runs it right
    // there, holding the loop): two statements with the same stamp ran back to back.
    let turns = 0;
    let ticking = true;
    const tick = () => { if (ticking) { turns++; setImmediate(tick); } };
    const issued: Array<{ turns: number; node: RootOperationNode }> = [];
    const recorder: KyselyPlugin = {
      transformQuery: ({ node }) => { issued.push({ turns, node }); return node; },
      transformResult: async ({ result }) => result,
    };
    const quality = createRegistryQuality({ ...t.platform, database: { ...t.platform.database, db: db.withPlugin(recorder) } }, t.services.audit, t.services.orgs, t.services.registry);
    const c = t.orgs.community;
    const principal: Principal = {
      kind: 'user', id: 'quality-walk', username: 'admin', displayName: 'x', role: 'community_admin', orgId: c.id, orgPath: c.path, orgLevel: 'community',
      orgName: c.name, orgCode: c.code, permissions: new Set(['resident:read', 'registry:stats']), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    await withStrayRecords(async () => {
      setImmediate(tick);
      const got = await quality.counts(principal, {});
      ticking = false;
      expect(got.area.counts).toEqual((await as(t, await t.login('admin')).get('/api/registry/quality')).json().area.counts);
    });
    const statements = issued.map((x) => ({ turns: x.turns, ...db.getExecutor().compileQuery(x.node, { queryId: 'walk' } as never) }));
    for (let i = 1; i < statements.length; i++) expect(statements[i]!.turns, `statement ${i}: …${statements[i]!.sql.slice(-70)}`).toBeGreaterThan(statements[i - 1]!.turns);
    // One statement per table per grid, bounded by the grid's path; then the community's rows are counted (an index
    // only), and, as the grids did not hold them all, the others: the stray records.
    const grouped = statements.filter((x) => /group by/i.test(x.sql));
    const grids = t.orgs.grids.map((g) => `${g.path}%`);
    const perGrid = grouped.filter((x) => !x.parameters.includes(`${c.path}%`));
    for (const table of ['residents', 'households']) {
      expect(perGrid.filter((x) => x.sql.includes(`from "${table}"`)).map((x) => x.parameters.filter((p) => typeof p === 'string' && p.startsWith(c.path))), table)
        .toEqual(grids.map((g) => [g]));
    }
    expect(grouped.length - perGrid.length).toBe(2);
    expect(statements.length).toBe(grouped.length + 2);
  });
});
