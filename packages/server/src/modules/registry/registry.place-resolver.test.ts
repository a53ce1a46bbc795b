// PlaceResolver (registry.bulk.ts), the place cache of imports and seeds: what it remembers across chunks must never
// make it create a place row that is already stored. Real database (both dialects), real flushes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import { PlaceResolver } from './registry.bulk';

describe('PlaceResolver: households across a trimmed cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    await seedScopedFixture(t);
    const c = await t.services.registry.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '西岙小区' });
    await t.services.registry.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId: t.orgs.grids[0]!.id, name: '7幢' });
  });
  afterAll(async () => t.close());

  const households = async (unitId: string) =>
    (await t.platform.database.db.selectFrom('households').select(['id', 'room']).where('unit_id', '=', unitId).execute());

  it('a room met again after the cache was trimmed, in a unit this resolver created, is the stored household, not a second one', async () => {
    const community = (await t.services.orgs.get(t.orgs.community.id))!;
    const places = new PlaceResolver(t.platform, community, t.services.orgs, new Date('2026-11-29T02:00:00Z'));
    await places.loadGrids();
    const compound = (await places.compound('西岙小区'))!;
    const building = (await places.building(compound.id, '7幢'))!;
    // A unit new to this run (no lookup needed for its households while they are remembered).
    const unitId = await places.unit(building.id, '3单元');
    const first = await places.household(unitId, building, '101', '西岙小区 7幢 3单元 101');
    const other = await places.household(unitId, building, '102', '西岙小区 7幢 3单元 102');
    await t.platform.database.writes.run((trx) => places.flush(trx));
    // Chunk boundary of a huge file: more households cached than the limit → forgotten.
    places.trim(1);
    const again = await places.household(unitId, building, '101', '西岙小区 7幢 3单元 101');
    expect(again.id).toBe(first.id);
    // Writing the next chunk must not insert room 101 again (it failed with a unique-constraint error before).
    await t.platform.database.writes.run((trx) => places.flush(trx));
    const stored = await households(unitId);
    expect(stored.map((h) => h.room).sort()).toEqual(['101', '102']);
    expect(stored.find((h) => h.room === '102')!.id).toBe(other.id);
  });

  it('below the limit nothing is forgotten: the cached household is returned without a new row', async () => {
    const community = (await t.services.orgs.get(t.orgs.community.id))!;
    const places = new PlaceResolver(t.platform, community, t.services.orgs, new Date('2026-11-29T02:00:00Z'));
    const compound = (await places.compound('西岙小区'))!;
    const building = (await places.building(compound.id, '7幢'))!;
    const unitId = await places.unit(building.id, '4单元');
    const h = await places.household(unitId, building, '201', '西岙小区 7幢 4单元 201');
    await t.platform.database.writes.run((trx) => places.flush(trx));
    places.trim(100);
    expect((await places.household(unitId, building, '201', 'x')).id).toBe(h.id);
    await t.platform.database.writes.run((trx) => places.flush(trx));
    expect((await households(unitId)).map((r) => r.room)).toEqual(['201']);
  });
});
