// Moving one resident to another household (POST /api/residents/:id/move): a head who joins a household with its own
// head becomes "other" there (never two heads in one household, as in 整户迁移, ADR 0023), and a target household of
// another community is a 404 naming toHouseholdId, audited as denied, with nothing moved. Adding a member as 户主, or
// making a member 户主, in a household that has an active head is 409 head_exists naming relation (use 更换户主).
// Runs on SQLite and (RENXING_TEST_DIALECT=postgres) PostgreSQL.
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

describe('moving one resident to another household', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-30T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    admin = await t.login('admin');
  });
  afterAll(async () => t.close());

  const row = (id: string) => t.platform.database.db.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const household = async (id: string) => (await as(t, admin).get(`/api/households/${id}`)).json() as {
    headResidentId: string | null; members: Array<{ id: string; relation: string }>;
  };

  it('a head moved into a household with a head becomes "other" there: the target keeps one head, the source has none', async () => {
    // R1 heads h1 (grid 1); R2 heads h2 (grid 2).
    expect((await household(fx.h2.id)).headResidentId).toBe(fx.R2.id);
    const r1 = await row(fx.R1.id);
    expect(r1.relation).toBe('head');
    const res = await as(t, admin).post(`/api/residents/${fx.R1.id}/move`, { version: Number(r1.version), toHouseholdId: fx.h2.id, reason: '投靠亲属' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().relation).toBe('other');
    const target = await household(fx.h2.id);
    expect(target.headResidentId).toBe(fx.R2.id);
    expect(target.members.filter((m) => m.relation === 'head').map((m) => m.id)).toEqual([fx.R2.id]);
    expect((await household(fx.h1.id)).headResidentId).toBeNull();
    const [audit] = await auditRows(t, { action: 'move', object_type: 'resident', object_id: fx.R1.id });
    expect(JSON.parse(audit!.fields)).toEqual(['householdId', 'relation']);

    // Back into the now headless h1: nobody heads it, so the relation stays as it is ("other"), nothing else changes.
    const back = await as(t, admin).post(`/api/residents/${fx.R1.id}/move`, { version: Number((await row(fx.R1.id)).version), toHouseholdId: fx.h1.id, reason: '搬回原址' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().relation).toBe('other');
  });

  it('a target household of another community is 404 naming toHouseholdId, audited as denied; nothing moved', async () => {
    const before = await row(fx.R2.id);
    const res = await as(t, admin).post(`/api/residents/${fx.R2.id}/move`, { version: Number(before.version), toHouseholdId: fx.h3.id, reason: '跨社区迁移' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'not_found', details: [{ path: 'toHouseholdId', code: 'not_found' }] });
    expect(res.json().error.message).toMatch(/目标户/);
    expect(res.json().error.messageEn).toMatch(/[Tt]arget household/);
    const denied = await auditRows(t, { action: 'move', object_type: 'household', object_id: fx.h3.id, outcome: 'denied' });
    expect(denied).toHaveLength(1);
    const after = await row(fx.R2.id);
    expect([after.household_id, Number(after.version)]).toEqual([fx.h2.id, Number(before.version)]);
    // An unknown id gets the same answer.
    const unknown = await as(t, admin).post(`/api/residents/${fx.R2.id}/move`, { version: Number(before.version), toHouseholdId: 'no-such-household', reason: '跨社区迁移' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details[0].path).toBe('toHouseholdId');
  });

  it('a second 户主 is refused naming relation, on adding a member and on editing one; a household without an active head takes the new one', async () => {
    // h2 is headed by R2.
    const add = (relation: 'head' | 'spouse', n: number) => as(t, admin).post('/api/residents', {
      householdId: fx.h2.id, name: `何${'一二三四'[n]}`, idNumber: makeCnId('330902', '1985-02-02', 400 + n), relation, residenceType: 'registered',
    });
    const second = await add('head', 0);
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'head_exists', details: [{ path: 'relation', code: 'head_exists' }] });
    expect(second.json().error.message).toMatch(/更换户主/);
    expect(second.json().error.messageEn).toMatch(/already has a head/);
    expect((await household(fx.h2.id)).members.map((m) => m.id)).toEqual([fx.R2.id]); // nobody half-added (R1 moved back to h1 above)
    const spouse = await add('spouse', 1);
    expect(spouse.statusCode, spouse.body).toBe(201);
    const edit = await as(t, admin).post(`/api/residents/${spouse.json().id}/update`, { version: spouse.json().version, relation: 'head' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.details[0].path).toBe('relation');
    expect((await row(spouse.json().id)).relation).toBe('spouse');
    // The head itself may be saved with its relation unchanged.
    const same = await as(t, admin).post(`/api/residents/${fx.R2.id}/update`, { version: Number((await row(fx.R2.id)).version), relation: 'head' });
    expect(same.statusCode, same.body).toBe(200);
    // h1 has had no head since R1 (now "other") left and came back: a new 户主 there is its head.
    const head = await as(t, admin).post('/api/residents', {
      householdId: fx.h1.id, name: '何三', idNumber: makeCnId('330902', '1979-09-09', 433), relation: 'head', residenceType: 'registered',
    });
    expect(head.statusCode, head.body).toBe(201);
    expect((await household(fx.h1.id)).headResidentId).toBe(head.json().id);
  });
});
