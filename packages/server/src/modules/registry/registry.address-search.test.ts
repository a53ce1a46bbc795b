// Searching residents by building: "1号楼", "1栋", "一幢" and "01栋" name the building stored as "1幢" (the same building
// for imports and the places page, buildingKey), so an address search for any of them finds its residents — and not
// those of building 2, nor a bare-number term's units and rooms. Both dialects (RENXING_TEST_DIALECT=postgres).
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import { buildingSearchForms } from './registry.bulk';

describe(`resident search by building, whatever its spelling (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let w1: Session;
  let r1: string; // 幸福小区 1幢 1单元 101 (the fixture's R1)
  let in2: string; // 幸福小区 2号楼 1单元 201
  let in11: string; // 幸福小区 11幢 1单元 101
  const search = async (q: string) => {
    const res = await as(t, w1).post('/api/residents/search', { q, limit: 100 });
    expect(res.statusCode, q).toBe(200);
    return res.json() as { kind: string; items: { id: string }[] };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const fx = await seedScopedFixture(t);
    r1 = fx.R1.id;
    w1 = await t.login('grid1');
    const reg = t.services.registry;
    const add = async (building: string, room: string, name: string, n: number) => {
      const b = await reg.createBuilding(SYSTEM_ACTOR, { compoundId: fx.places.pA1.compound.id, gridId: fx.g1.id, name: building });
      const u = await reg.createUnit(SYSTEM_ACTOR, { buildingId: b.id, name: '1单元' });
      const h = await reg.createHousehold(SYSTEM_ACTOR, { unitId: u.id, room });
      const r = await as(t, w1).post('/api/residents', { householdId: h.id, name, idNumber: makeCnId('330902', '1970-03-03', n), relation: 'head', residenceType: 'registered' });
      expect(r.statusCode, building).toBe(201);
      return r.json().id as string;
    };
    in2 = await add('2号楼', '201', '钱六', 61);
    in11 = await add('11幢', '101', '孙七', 71);
  });
  afterAll(async () => t.close());

  it('"1号楼", "1栋", "一幢", "01栋", "1#" and full-width "１栋" find the residents of the building stored as 1幢', async () => {
    for (const q of ['1号楼', '1栋', '一幢', '01栋', '1#', '１栋', '1幢']) {
      const res = await search(q);
      expect(res.kind, q).toBe('address');
      const ids = res.items.map((i) => i.id);
      expect(ids, q).toContain(r1);
      expect(ids, q).not.toContain(in2);
    }
    // Building 11 is not building 1 (the substring "1幢" of "11幢" still matches, as an address substring always did).
    expect((await search('1栋')).items.map((i) => i.id)).not.toContain(in11);
  });

  it('building 2 stored as 2号楼 is found as 2幢 / 二栋; other address searches work as before', async () => {
    for (const q of ['2幢', '二栋', '2号楼']) expect((await search(q)).items.map((i) => i.id), q).toEqual([in2]);
    expect((await search('幸福小区 1幢')).items.map((i) => i.id)).toContain(r1);
    expect((await search('11幢')).items.map((i) => i.id)).toEqual([in11]);
    expect((await search('3栋')).items).toEqual([]);
  });

  it('a compound\'s name as short as a person\'s (幸福小区) finds its residents when nobody has that name; a name still wins', async () => {
    const res = await search('幸福小区');
    expect(res.kind).toBe('address');
    expect(res.items.map((i) => i.id)).toEqual(expect.arrayContaining([r1, in2, in11]));
    // A person's name is a name search, as before (钱六 lives in 幸福小区, whose address does not hold "钱六").
    expect(await search('钱六')).toMatchObject({ kind: 'name', items: [{ id: in2 }] });
    // Neither a name nor in any address: a name search that found nobody.
    expect(await search('无此人')).toEqual({ kind: 'name', items: [] });
  });

  it('only a building designation widens the match: bare numbers, rooms and names are left as they are', () => {
    expect(buildingSearchForms('1号楼')).toEqual(expect.arrayContaining(['1幢', '1栋', '1号楼', '01幢', '一幢', '1#']));
    expect(buildingSearchForms('十二栋')).toEqual(expect.arrayContaining(['12幢', '十二幢']));
    for (const q of ['1', '101', '1单元', '幸福小区', '幸福小区1幢', '张三', '0栋']) expect(buildingSearchForms(q), q).toBeNull();
  });
});
