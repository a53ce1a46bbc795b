// Both dialects (RENXING_TEST_DIALECT=postgres).
// The orgs service names orgs for other modules (an export's grid, an alert's grid and community, the area of an
// emergency period): `many` / `names` look a list of ids up in one query, in slices for long lists, so that no module
// reads the orgs table itself.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';

describe(`orgs names (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('names the orgs asked for (duplicates once), leaves unknown ids out, and answers an empty list with an empty map', async () => {
    const { orgs } = t.services;
    const [g1, g2] = t.orgs.grids;
    const unknown = randomUUID();
    const names = await orgs.names([g1!.id, g2!.id, g1!.id, t.orgs.community.id, unknown]);
    expect(Object.fromEntries(names)).toEqual({ [g1!.id]: g1!.name, [g2!.id]: g2!.name, [t.orgs.community.id]: t.orgs.community.name });
    expect(names.has(unknown)).toBe(false);
    expect((await orgs.names([])).size).toBe(0);
    const many = await orgs.many([g1!.id]);
    expect(many.get(g1!.id)).toEqual(await orgs.get(g1!.id));
  });

  it('a list longer than the databases allow in one `in (…)` (70,000 ids) is looked up in slices and still finds every org', async () => {
    const { orgs } = t.services;
    // SQLite refuses more than 32,766 bound values in one statement, PostgreSQL more than 65,535.
    const ids: string[] = Array.from({ length: 70_000 }, () => randomUUID());
    ids.push(t.orgs.other.id, t.orgs.otherGrids[0]!.id);
    const names = await orgs.names(ids);
    expect(Object.fromEntries(names)).toEqual({ [t.orgs.other.id]: t.orgs.other.name, [t.orgs.otherGrids[0]!.id]: t.orgs.otherGrids[0]!.name });
  }, 60_000);

  it('a rename on this node (orgs.changed) shows at once', async () => {
    const { orgs } = t.services;
    const g = t.orgs.grids[0]!;
    expect((await orgs.names([g.id])).get(g.id)).toBe(g.name); // cached now
    await t.platform.database.db.updateTable('orgs').set({ name: '改名网格' }).where('id', '=', g.id).execute();
    orgs.changed(g.id);
    expect((await orgs.names([g.id])).get(g.id)).toBe('改名网格');
    await t.platform.database.db.updateTable('orgs').set({ name: g.name }).where('id', '=', g.id).execute();
    orgs.changed(g.id);
  });
});
