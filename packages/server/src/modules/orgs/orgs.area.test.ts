// Both dialects (RENXING_TEST_DIALECT=postgres).
// The audit viewer's area: one call on the orgs service (`area`) answering the org ids inside a path and whether that
// is every org, cached and dropped when the hierarchy changes (ADR 0046 addendum).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { systemActor } from '../audit';

describe(`orgs area (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const idsWithin = async (path: string) => (await t.services.orgs.within(path)).map((o) => o.id).sort();

  it('the root of a single hierarchy is everything; a district is its own orgs', async () => {
    const { orgs } = t.services;
    const root = await orgs.area(t.orgs.city.path);
    expect(root.all).toBe(true);
    expect([...root.ids].sort()).toEqual(await idsWithin('/'));
    const district = await orgs.area(t.orgs.district.path);
    expect(district.all).toBe(false);
    expect([...district.ids].sort()).toEqual(await idsWithin(t.orgs.district.path));
    expect(district.ids).not.toContain(t.orgs.city.id);
  });

  it('a new org shows at once: a district gains its new street, and a second root makes the first root no longer "everything"', async () => {
    const { orgs } = t.services;
    const before = await orgs.area(t.orgs.district.path); // cached now
    const street = await orgs.create({ parentId: t.orgs.district.id, level: 'street', code: `${t.orgs.district.code}099`, name: '测试街道' });
    const after = await orgs.area(t.orgs.district.path);
    expect(after.ids).toContain(street.id);
    expect(after.ids.length).toBe(before.ids.length + 1);

    expect((await orgs.area(t.orgs.city.path)).all).toBe(true); // cached now
    const city2 = await orgs.create({ parentId: null, level: 'city', code: '330800', name: '衢州市' });
    const first = await orgs.area(t.orgs.city.path);
    expect(first.all).toBe(false);
    expect(first.ids).not.toContain(city2.id);
    expect([...first.ids].sort()).toEqual(await idsWithin(t.orgs.city.path));
    const second = await orgs.area(city2.path);
    expect(second).toEqual({ ids: [city2.id], all: false });
  });

  it('a deletion through the admin (orgs.changed) drops the cached area', async () => {
    const { orgs } = t.services;
    const street = await orgs.create({ parentId: t.orgs.district.id, level: 'street', code: `${t.orgs.district.code}098`, name: '待删街道' });
    expect((await orgs.area(t.orgs.district.path)).ids).toContain(street.id);
    await t.platform.database.db.deleteFrom('orgs').where('id', '=', street.id).execute();
    orgs.changed(street.id);
    expect((await orgs.area(t.orgs.district.path)).ids).not.toContain(street.id);
  });

  it('the audit viewer: the root auditor sees no rows of a second root; a second-root auditor only its own', async () => {
    const { orgs, auth, audit } = t.services;
    const city2 = (await orgs.byCode('330800'))!;
    const worker2 = await auth.createUser({ username: 'auditor_c2', displayName: '衢州审计员', role: 'auditor', orgId: city2.id, password: DEMO_PASSWORD });
    const row2 = (await audit.record({ ...systemActor(null), actorId: worker2.id, actorRole: 'auditor', actorOrg: city2.id }, { action: 'login', outcome: 'success' })).id;
    const systemRow = (await audit.record(systemActor('system:test'), { action: 'retention_run', outcome: 'success' })).id;
    const rootIds = (await as(t, await t.login('auditor')).get('/api/audit?pageSize=200')).json().items.map((r: { id: number }) => r.id) as number[];
    expect(rootIds).not.toContain(row2);
    expect(rootIds).not.toContain(systemRow); // with two roots no auditor holds every org
    const c2 = (await as(t, await t.login('auditor_c2')).get('/api/audit?pageSize=200')).json() as { items: Array<{ actorOrg: string | null }> };
    expect(c2.items.length).toBeGreaterThan(0);
    for (const r of c2.items) expect(r.actorOrg).toBe(city2.id);
  });
});
