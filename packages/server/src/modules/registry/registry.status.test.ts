// A resident moves out of the area (迁出), dies, or comes back: POST /api/residents/:id/status — history kept, the
// person leaves lists, search and counts, the household loses its head, wards are reported, re-import is refused.
// Runs on SQLite and (npm run test:pg) PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';

describe('resident status: moved out, deceased, returned', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-06-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    admin = await t.login('admin');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-status-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const profile = async (id: string) => (await as(t, admin).get(`/api/residents/${id}`)).json();
  const setStatus = (id: string, body: Record<string, unknown>, s: Session = admin) => as(t, s).post(`/api/residents/${id}/status`, body);
  const listed = async (id: string) => {
    const items = (await as(t, admin).get('/api/residents?pageSize=100')).json().items as Array<{ id: string }>;
    return items.some((x) => x.id === id);
  };
  const found = async (q: string, id: string) => {
    const r = await as(t, admin).post('/api/residents/search', { q });
    expect(r.statusCode).toBe(200);
    return (r.json().items as Array<{ id: string }>).some((x) => x.id === id);
  };

  it('moving out: history, out of lists and search, the household loses its head; moving back restores it', async () => {
    const id = fx.R2.id;
    const before = await profile(id);
    expect(before.status).toBe('active');
    const head = async () => (await t.platform.database.db.selectFrom('households').select('head_resident_id').where('id', '=', fx.h2.id).executeTakeFirstOrThrow()).head_resident_id;
    expect(await head()).toBe(id);
    expect(await listed(id)).toBe(true);
    expect(await found('李四', id)).toBe(true);

    const r = await setStatus(id, { version: before.version, status: 'moved_out', effectiveDate: '2025-05-20', reason: '随子女迁往杭州' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id, status: 'moved_out', version: before.version + 1, wardsWithoutGuardian: 0 });
    expect(await listed(id)).toBe(false);
    expect(await found('李四', id)).toBe(false);
    expect(await head()).toBeNull();
    const after = await profile(id); // the record itself stays readable
    expect(after.status).toBe('moved_out');
    expect(after.statusHistory).toEqual([{ at: expect.any(String), from: 'active', to: 'moved_out', effectiveDate: '2025-05-20', reason: '随子女迁往杭州' }]);
    const audit = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'status').where('object_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'success', reason: 'moved_out: 随子女迁往杭州' });

    // A moved-out resident cannot be moved between households until they are back.
    const move = await as(t, admin).post(`/api/residents/${id}/move`, { version: after.version, toHouseholdId: fx.h1.id, reason: '测试' });
    expect(move.statusCode).toBe(409);
    expect(move.json().error.code).toBe('resident_inactive');

    t.clock.advance(86_400_000);
    admin = await t.login('admin'); // the day-old session timed out
    const back = await setStatus(id, { version: after.version, status: 'active', effectiveDate: '2025-06-02', reason: '已迁回' });
    expect(back.statusCode).toBe(200);
    expect(await listed(id)).toBe(true);
    const history = (await profile(id)).statusHistory as Array<{ to: string }>;
    expect(history.map((h) => h.to)).toEqual(['active', 'moved_out']);
  });

  it('bad input names the field; a stale version is 409; outside the scope 404; without resident:write 403', async () => {
    const id = fx.R1.id;
    const v = (await profile(id)).version as number;
    const field = async (body: Record<string, unknown>, status: number, pathName: string) => {
      const r = await setStatus(id, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(r.json().error.details), JSON.stringify(body)).toContain(pathName);
      return r.json().error;
    };
    await field({ version: v, status: 'active', effectiveDate: '2025-06-01', reason: '核对' }, 400, 'status'); // already active
    await field({ version: v, status: 'moved_out', effectiveDate: '2030-01-01', reason: '迁出' }, 400, 'effectiveDate');
    await field({ version: v, status: 'moved_out', effectiveDate: '1970-01-01', reason: '迁出' }, 400, 'effectiveDate'); // before birth
    await field({ version: v, status: 'moved_out', effectiveDate: '2025-13-01', reason: '迁出' }, 400, 'effectiveDate');
    await field({ version: v, status: 'gone', effectiveDate: '2025-05-01', reason: '迁出' }, 400, 'status');
    await field({ version: v, status: 'moved_out', effectiveDate: '2025-05-01', reason: '' }, 400, 'reason');
    await field({ version: v, status: 'moved_out', effectiveDate: '2025-05-01', reason: '迁出', note: 'x' }, 400, 'note');
    const stale = await setStatus(id, { version: v + 5, status: 'moved_out', effectiveDate: '2025-05-01', reason: '迁出' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect((await profile(id)).status).toBe('active'); // nothing half-written
    expect((await t.platform.database.db.selectFrom('resident_status_changes').selectAll().where('resident_id', '=', id).execute())).toHaveLength(0);

    expect((await setStatus(fx.R3.id, { version: 1, status: 'deceased', effectiveDate: '2025-05-01', reason: '死亡' })).statusCode).toBe(404);
    const collector = await t.login('collector');
    expect((await setStatus(id, { version: v, status: 'deceased', effectiveDate: '2025-05-01', reason: '死亡' }, collector)).statusCode).toBe(403);
  });

  it('a death leaves wards without a guardian (reported), and an inactive person cannot be a new guardian', async () => {
    const reg = t.services.registry;
    const admin0 = await t.services.auth.findByUsername('admin');
    const principal = {
      kind: 'user' as const, id: admin0!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    const child = await reg.createResident(principal, SYSTEM_ACTOR, {
      householdId: fx.h1.id, name: '张小', idNumber: makeCnId('330902', '2016-08-08', 11), phone: null, relation: 'child', residenceType: 'registered', guardianId: fx.R1.id,
    });
    expect(child.status).toBe('active');
    const v = (await profile(fx.R1.id)).version as number;
    const r = await setStatus(fx.R1.id, { version: v, status: 'deceased', effectiveDate: '2025-05-31', reason: '病故' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'deceased', wardsWithoutGuardian: 1 });
    const add = await as(t, admin).post('/api/residents', {
      householdId: fx.h1.id, name: '张幼', idNumber: makeCnId('330902', '2018-02-02', 13), relation: 'child', residenceType: 'registered', guardianId: fx.R1.id,
    });
    expect(add.statusCode).toBe(400);
    expect(add.json().error.details[0]).toMatchObject({ path: 'guardianId', code: 'guardian_inactive' });
  });

  it('re-importing a person registered as deceased or moved out is one "inactive" error row, and nothing changes', async () => {
    const file = path.join(dir, 'reimport.csv');
    fs.writeFileSync(file, [
      '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签',
      `张三,${FIXTURE_IDS.R1},13812345678,幸福小区,1幢,1单元,101,户主,户籍,`,
    ].join('\n'));
    const before = await profile(fx.R1.id);
    const res = await t.services.imports.run({
      communityId: t.orgs.community.id, filePath: file, fileName: 'reimport.csv', mode: 'partial', dryRun: false, principal: null, actor: SYSTEM_ACTOR,
    });
    expect(res.errors).toEqual([expect.objectContaining({ row: 1, column: '身份证号', code: 'inactive' })]);
    expect(res.errors[0]!.message).toContain('死亡');
    expect(res.imported + res.updated).toBe(0);
    const after = await profile(fx.R1.id);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe('deceased');
  });
  it('a household without a head gets one: an active adult member; the previous head becomes "other"; stale 409', async () => {
    // R2 moved out and came back in the first test: household 2 has had no head since.
    const household = async () => (await as(t, admin).get(`/api/households/${fx.h2.id}`)).json();
    const h = await household();
    expect(h.headResidentId).toBeNull();
    const setHead = (body: Record<string, unknown>, id = fx.h2.id) => as(t, admin).post(`/api/households/${id}/head`, body);
    const ok = await setHead({ version: h.version, residentId: fx.R2.id });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ id: fx.h2.id, headResidentId: fx.R2.id, version: h.version + 1 });
    expect((await profile(fx.R2.id)).relation).toBe('head');

    const admin0 = await t.services.auth.findByUsername('admin');
    const principal = {
      kind: 'user' as const, id: admin0!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    const spouse = await t.services.registry.createResident(principal, SYSTEM_ACTOR, {
      householdId: fx.h2.id, name: '李妻', idNumber: makeCnId('330902', '1952-04-04', 21), phone: null, relation: 'spouse', residenceType: 'registered',
    });
    const child = await t.services.registry.createResident(principal, SYSTEM_ACTOR, {
      householdId: fx.h2.id, name: '李孙', idNumber: makeCnId('330902', '2015-04-04', 23), phone: null, relation: 'grandchild', residenceType: 'registered', guardianId: spouse.id,
    });
    const v = (await household()).version as number;
    expect((await setHead({ version: v, residentId: child.id })).json().error.details[0]).toMatchObject({ path: 'residentId', code: 'head_minor' });
    expect((await setHead({ version: v, residentId: fx.R1.id })).json().error.details[0]).toMatchObject({ path: 'residentId', code: 'not_member' });
    expect((await setHead({ version: v, residentId: fx.R2.id })).json().error.details[0]).toMatchObject({ path: 'residentId', code: 'unchanged' });
    expect((await setHead({ version: v - 1, residentId: spouse.id })).statusCode).toBe(409);
    expect((await setHead({ version: 1, residentId: fx.R3.id }, fx.h3.id)).statusCode).toBe(404);
    const swap = await setHead({ version: v, residentId: spouse.id });
    expect(swap.statusCode).toBe(200);
    expect((await profile(spouse.id)).relation).toBe('head');
    expect((await profile(fx.R2.id)).relation).toBe('other');
    expect((await household()).headResidentId).toBe(spouse.id);
    const audit = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'set_head').where('object_id', '=', fx.h2.id).orderBy('id').execute();
    expect(audit.map((a) => a.subject_id)).toEqual([fx.R2.id, spouse.id]);

    // The head moves to another household: the one they left has no head until one is set (not a head living elsewhere).
    const h1Head = (await as(t, admin).get(`/api/households/${fx.h1.id}`)).json().headResidentId as string | null;
    const moved = await as(t, admin).post(`/api/residents/${spouse.id}/move`, { version: (await profile(spouse.id)).version, toHouseholdId: fx.h1.id, reason: '搬到父母家' });
    expect(moved.statusCode).toBe(200);
    expect((await household()).headResidentId).toBeNull();
    expect((await as(t, admin).get(`/api/households/${fx.h1.id}`)).json().headResidentId).toBe(h1Head);
  });
});
