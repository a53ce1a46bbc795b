// SECURITY.md PRIV-08 (PIPL Art. 28/31, 《未成年人网络保护条例》, §1.6): the full ID or phone number of a child under 14
// is shown only with the approval of a responsible person (the community admin), and every step is logged. ADR 0035.
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { MINOR_ACCESS_USES } from './registry.minors';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

const TEEN_ID = makeCnId('330902', '2010-02-02', 31); // 15 on the test clock (2025-06-01)
const CHILD_B_ID = makeCnId('330902', '2016-03-03', 45); // 9, in community B
const SHELTERED_ID = makeCnId('330902', '2018-08-08', 57); // 6, a restricted record
const CHILD_PHONE = '13612340010';

describe('minors: revealing a child’s ID or phone needs the responsible person’s approval (PRIV-08)', () => {
  let t: TestApp;
  let fx: Fx;
  let child: { id: string };
  let teen: { id: string };
  let childB: { id: string };
  let sheltered: { id: string; version: number };
  let w1: Session;
  let admin: Session;
  /** A second community admin of community A, past the second factor (one session: a TOTP code is accepted once). */
  let a2: Session;

  const db = () => t.platform.database.db;
  const reveal = (s: Session, residentId: string, field: 'idNumber' | 'phone' = 'idNumber', reason = '核对疫苗接种登记') =>
    as(t, s).post(`/api/residents/${residentId}/reveal`, { field, reason });
  const ask = (s: Session, residentId: string, field: 'idNumber' | 'phone' = 'idNumber', reason = '核对疫苗接种登记，家长电话无人接听') =>
    as(t, s).post(`/api/residents/${residentId}/minor-access`, { field, reason });
  const createUser = async (username: string, role: 'grid_worker' | 'community_admin', orgId: string) =>
    t.services.auth.createUser({ username, displayName: username, role, orgId, password: DEMO_PASSWORD });

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t);
    admin = await t.login('admin');
    const mk = async (body: Record<string, unknown>) => {
      const r = await as(t, admin).post('/api/residents', { householdId: fx.h1.id, relation: 'child', residenceType: 'registered', guardianId: fx.R1.id, ...body });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string; age: number };
    };
    child = await mk({ name: '张小宝', idNumber: FIXTURE_IDS.MINOR, phone: CHILD_PHONE });
    teen = await mk({ name: '张少年', idNumber: TEEN_ID, phone: null });
    sheltered = await mk({ name: '张小安', idNumber: SHELTERED_ID, phone: null }) as { id: string; age: number; version: number };
    // A child of community B (outside community A's scope), registered by the street-level fixture principal.
    const street = {
      kind: 'user' as const, id: admin.userId, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    childB = await t.services.registry.createResident(street, SYSTEM_ACTOR, {
      householdId: fx.h3.id, name: '王小妹', idNumber: CHILD_B_ID, phone: null, relation: 'child', residenceType: 'registered', guardianId: fx.R3.id,
    });
    await createUser('admin2', 'community_admin', t.orgs.community.id);
    await createUser('grid1b', 'grid_worker', fx.g1.id);
    await createUser('gridb', 'grid_worker', fx.gB.id);
    w1 = await t.login('grid1');
  });
  afterAll(async () => t.close());

  it('a grid worker’s reveal of a 10-year-old’s ID or phone is refused (403 minor_approval_required, zh-CN and English) and audited as denied', async () => {
    expect((await as(t, w1).get(`/api/residents/${child.id}`)).json().age).toBe(10);
    for (const field of ['idNumber', 'phone'] as const) {
      const r = await reveal(w1, child.id, field);
      expect(r.statusCode).toBe(403);
      const e = r.json().error;
      expect(e.code).toBe('minor_approval_required');
      expect(e.message).toContain('未满 14 周岁');
      expect(e.messageEn).toContain('under 14');
      expect(r.body).not.toContain(FIXTURE_IDS.MINOR);
      expect(r.body).not.toContain(CHILD_PHONE);
    }
    const denied = await auditRows(t, { action: 'reveal', object_id: child.id, actor_id: w1.userId });
    expect(denied.map((x) => [x.outcome, x.severity, x.reason, JSON.parse(x.fields)[0]])).toEqual([
      ['denied', 'high', 'minor_approval_required', 'idNumber'],
      ['denied', 'high', 'minor_approval_required', 'phone'],
    ]);
    const state = (await as(t, w1).get(`/api/residents/${child.id}/minor-access`)).json();
    expect(state).toMatchObject({ minor: true, approvalNeeded: true, minorAge: 14, fields: { idNumber: { status: 'none' }, phone: { status: 'none' } } });
  });

  it('a 15-year-old’s ID is revealed as before (no approval, no minor tag)', async () => {
    const r = await reveal(w1, teen.id);
    expect(r.statusCode).toBe(200);
    expect(r.json().value).toBe(TEEN_ID);
    const [row] = await auditRows(t, { action: 'reveal', object_id: teen.id, outcome: 'success' });
    expect(row!.reason).toBe('核对疫苗接种登记');
    expect((await as(t, w1).get(`/api/residents/${teen.id}/minor-access`)).json()).toMatchObject({ minor: false, approvalNeeded: false });
    const notNeeded = await ask(w1, teen.id);
    expect(notNeeded.statusCode).toBe(409);
    expect(notNeeded.json().error.code).toBe('not_minor');
  });

  it('the community admin (the responsible person) reveals a child’s ID with a reason: 200, audited high with the reason tag minor', async () => {
    expect((await as(t, admin).get(`/api/residents/${child.id}/minor-access`)).json()).toMatchObject({ minor: true, approvalNeeded: false });
    const r = await reveal(admin, child.id, 'idNumber', '监护人申请补办证件');
    expect(r.statusCode).toBe(200);
    expect(r.json().value).toBe(FIXTURE_IDS.MINOR);
    const rows = await auditRows(t, { action: 'reveal', object_id: child.id, actor_id: admin.userId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'success', severity: 'high', reason: 'minor: 监护人申请补办证件' });
    expect(JSON.stringify(rows[0])).not.toContain(FIXTURE_IDS.MINOR);
    // The responsible person does not ask themselves.
    const own = await ask(admin, child.id);
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('approval_not_needed');
  });

  let requestId = '';

  it('a request needs a reason of at least 4 characters, is pending, and notifies the community admins (never the reason text)', async () => {
    const short = await ask(w1, child.id, 'idNumber', '核对');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('body.reason');
    const badPurpose = await as(t, w1).post(`/api/residents/${child.id}/minor-access`, { field: 'idNumber', reason: '核对疫苗接种登记' }, { 'x-purpose': 'epidemic.lab' });
    expect(badPurpose.statusCode).toBe(403);

    const r = await as(t, w1).post(`/api/residents/${child.id}/minor-access`, { field: 'idNumber', reason: '核对疫苗接种登记，家长电话无人接听' }, { 'x-purpose': 'epidemic.followup' });
    expect(r.statusCode, r.body).toBe(201);
    const req = r.json();
    requestId = req.id;
    expect(req).toMatchObject({ residentId: child.id, field: 'idNumber', status: 'pending', notified: 2 });
    expect(Date.parse(req.expiresAt) - t.clock.now().getTime()).toBe(7 * 86_400_000);

    const again = await ask(w1, child.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('request_pending');
    expect((await as(t, w1).get(`/api/residents/${child.id}/minor-access`)).json().fields.idNumber).toMatchObject({ status: 'pending', requestId });

    const notes = await db().selectFrom('notifications').selectAll().where('kind', '=', 'minor_access_request').where('object_id', '=', requestId).execute();
    const admin2 = await t.services.auth.findByUsername('admin2');
    expect(notes.map((n) => n.recipient_id).sort()).toEqual([admin.userId, admin2!.id].sort());
    const payload = JSON.stringify(notes[0]!.payload);
    expect(payload).toContain('张**');
    expect(payload).not.toContain('张小宝');
    expect(payload).not.toContain('疫苗');
    const [row] = await auditRows(t, { action: 'minor_access_request', object_id: requestId });
    expect(row).toMatchObject({ actor_id: w1.userId, subject_id: child.id, purpose: 'epidemic.followup', outcome: 'success' });
    expect(JSON.stringify(row)).not.toContain('疫苗');

    // Still no reveal while pending.
    expect((await reveal(w1, child.id)).statusCode).toBe(403);
  });

  it('lists: the admin sees the pending request to decide (masked name, requester, reason); the worker sees their own; both reads audited', async () => {
    const list = await as(t, admin).get('/api/minor-access?status=pending');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((x: { id: string }) => x.id === requestId);
    expect(item).toMatchObject({
      residentId: child.id, residentName: '张**', field: 'idNumber', reason: '核对疫苗接种登记，家长电话无人接听', purpose: 'epidemic.followup',
      requester: { id: w1.userId, role: 'grid_worker' }, status: 'pending', canDecide: true, decision: null,
    });
    expect(list.body).not.toContain('张小宝');
    expect((await as(t, admin).get('/api/minor-access/pending-count')).json()).toEqual({ pending: 1 });
    const mine = (await as(t, w1).get('/api/minor-access?status=all')).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toEqual([requestId]);
    expect(mine[0].canDecide).toBe(false);
    const reads = await auditRows(t, { action: 'read', object_type: 'minor_access_request' });
    expect(reads.map((x) => x.actor_id)).toEqual([admin.userId, w1.userId]);
    // Each list read names the children it listed (ADR 0046).
    for (const [r, items] of [[reads[0]!, list.json().items], [reads[1]!, mine]] as const) {
      const named = await t.platform.database.db.selectFrom('audit_disclosures').select('resident_id').where('audit_id', '=', Number(r.id)).execute();
      expect(named.map((x) => x.resident_id).sort()).toEqual([...new Set((items as Array<{ residentId: string }>).map((x) => x.residentId))].sort());
    }
    expect((await as(t, admin).get('/api/minor-access?status=bogus')).statusCode).toBe(400);
  });

  it('a grid worker cannot decide (403); an admin without the second factor gets 401 mfa_required and nothing changes', async () => {
    expect((await as(t, w1).post(`/api/minor-access/${requestId}/approve`, {})).statusCode).toBe(403);
    const other = await t.login('grid1b');
    expect((await as(t, other).post(`/api/minor-access/${requestId}/approve`, {})).statusCode).toBe(403);
    expect((await as(t, other).get('/api/minor-access/pending-count')).statusCode).toBe(403);
    const noMfa = await as(t, admin).post(`/api/minor-access/${requestId}/approve`, {});
    expect(noMfa.statusCode).toBe(401);
    expect(noMfa.json().error.code).toBe('mfa_required');
    const row = await db().selectFrom('minor_access_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('nobody approves their own request (403 self_approval, audited high) — e.g. a grid worker who has since become a community admin', async () => {
    const gw = await t.login('grid1b');
    const r = await ask(gw, child.id, 'phone', '联系监护人确认接种时间');
    expect(r.statusCode).toBe(201);
    const own = r.json().id as string;
    await db().updateTable('users').set({ role: 'community_admin', org_id: t.orgs.community.id }).where('username', '=', 'grid1b').execute();
    const promoted = await t.loginMfa('grid1b');
    const self = await as(t, promoted).post(`/api/minor-access/${own}/approve`, { note: '同意' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('self_approval');
    const [row] = await auditRows(t, { action: 'minor_access_approve', object_id: own });
    expect(row).toMatchObject({ outcome: 'denied', severity: 'high', reason: 'self_approval' });
    // It is not offered to them to decide either.
    const listed = (await as(t, promoted).get('/api/minor-access')).json().items.find((x: { id: string }) => x.id === own);
    expect(listed.canDecide).toBe(false);
    // Another admin rejects it, so the later tests start clean.
    a2 = await t.loginMfa('admin2');
    expect((await as(t, a2).post(`/api/minor-access/${own}/reject`, { note: '请改由网格员申请' })).statusCode).toBe(200);
  });

  it('approved by another community admin with the second factor: the worker’s reveal works, each use counted, and the grant is per field', async () => {
    const ok = await as(t, a2).post(`/api/minor-access/${requestId}/approve`, { note: '同意，仅用于接种核对' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', usesLeft: MINOR_ACCESS_USES, decision: { note: '同意，仅用于接种核对' }, canDecide: false });
    expect(Date.parse(ok.json().expiresAt) - t.clock.now().getTime()).toBe(24 * 3_600_000);
    // Decided once: the other admin, past the second factor too, cannot decide it again.
    const twice = await as(t, await t.loginMfa('admin')).post(`/api/minor-access/${requestId}/reject`, { note: '不同意' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('request_not_pending');
    const [approved] = await auditRows(t, { action: 'minor_access_approve', object_id: requestId, outcome: 'success' });
    expect(approved).toMatchObject({ severity: 'high', subject_id: child.id, actor_id: (await t.services.auth.findByUsername('admin2'))!.id });
    expect(Number(approved!.count)).toBe(MINOR_ACCESS_USES);
    expect(JSON.stringify(approved)).not.toContain('接种核对');
    const told = await db().selectFrom('notifications').selectAll().where('kind', '=', 'minor_access_decided').where('recipient_id', '=', w1.userId).execute();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ object_type: 'resident', object_id: child.id });

    for (let i = 1; i <= MINOR_ACCESS_USES; i++) {
      const r = await reveal(w1, child.id);
      expect(r.statusCode, `use ${i}`).toBe(200);
      expect(r.json().value).toBe(FIXTURE_IDS.MINOR);
      const row = await db().selectFrom('minor_access_requests').select('uses_left').where('id', '=', requestId).executeTakeFirstOrThrow();
      expect(Number(row.uses_left)).toBe(MINOR_ACCESS_USES - i);
    }
    const ok3 = await auditRows(t, { action: 'reveal', object_id: child.id, actor_id: w1.userId, outcome: 'success' });
    expect(ok3.map((x) => x.reason)).toEqual(Array(MINOR_ACCESS_USES).fill(`minor:${requestId}: 核对疫苗接种登记`));
    // Uses spent: refused again.
    const spent = await reveal(w1, child.id);
    expect(spent.statusCode).toBe(403);
    expect(spent.json().error.code).toBe('minor_approval_required');
    expect((await as(t, w1).get(`/api/minor-access?status=expired`)).json().items.map((x: { id: string }) => x.id)).toContain(requestId);
    // The approval was for the ID number only.
    expect((await reveal(w1, child.id, 'phone')).statusCode).toBe(403);
  });

  it('a rejected request leaves the reveal refused; a rejection needs a note, and the requester is told', async () => {
    const r = await ask(w1, child.id, 'phone', '联系监护人确认接种时间');
    expect(r.statusCode).toBe(201);
    const id = r.json().id as string;
    const noNote = await as(t, a2).post(`/api/minor-access/${id}/reject`, {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.details[0].path).toBe('body.note');
    const no = await as(t, a2).post(`/api/minor-access/${id}/reject`, { note: '请通过监护人联系' });
    expect(no.statusCode).toBe(200);
    expect(no.json()).toMatchObject({ status: 'rejected', usesLeft: 0 });
    expect((await reveal(w1, child.id, 'phone')).statusCode).toBe(403);
    const late = await as(t, a2).post(`/api/minor-access/${id}/approve`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('request_not_pending');
    const notes = await db().selectFrom('notifications').selectAll().where('kind', '=', 'minor_access_decided').where('recipient_id', '=', w1.userId).execute();
    expect(notes.map((n) => JSON.stringify(n.payload))).toEqual(expect.arrayContaining([expect.stringContaining('reject')]));
    expect((await auditRows(t, { action: 'minor_access_reject', object_id: id }))[0]).toMatchObject({ outcome: 'success', severity: 'high' });
  });

  it('after a refusal the requester reads it on the profile — when and the note (the read audited); others do not; a new request replaces it', async () => {
    await createUser('grid1c', 'grid_worker', fx.g1.id);
    const w = await t.login('grid1c');
    const state = async (s: Session) => {
      const r = await as(t, s).get(`/api/residents/${child.id}/minor-access`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { fields: Record<'idNumber' | 'phone', { status: string; rejected: { at: string; note: string | null } | null }> };
    };
    expect((await state(w)).fields.phone).toMatchObject({ status: 'none', rejected: null });
    const r = await ask(w, child.id, 'phone', '联系监护人确认接种时间');
    expect(r.statusCode).toBe(201);
    expect((await as(t, a2).post(`/api/minor-access/${r.json().id}/reject`, { note: '请直接联系监护人本人' })).statusCode).toBe(200);
    const before = (await auditRows(t, { action: 'read', object_type: 'minor_access_request', actor_id: w.userId })).length;
    const after = await state(w);
    expect(after.fields.phone).toMatchObject({ status: 'none', rejected: { at: expect.any(String), note: '请直接联系监护人本人' } });
    expect(after.fields.idNumber.rejected).toBeNull();
    const rows = await auditRows(t, { action: 'read', object_type: 'minor_access_request', actor_id: w.userId });
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'success', object_id: child.id });
    expect(String(rows.at(-1)!.fields)).toContain('decisionNote');
    // Another worker's refusal is not shown to this one; the responsible person gets no per-requester state.
    const other = await t.login('grid1');
    expect(JSON.stringify((await state(other)).fields)).not.toContain('请直接联系监护人本人');
    // Asking again: pending, the old refusal no longer shown.
    const again = await ask(w, child.id, 'phone', '再次联系监护人确认接种时间');
    expect(again.statusCode).toBe(201);
    expect((await state(w)).fields.phone).toMatchObject({ status: 'pending', rejected: null });
    expect((await as(t, a2).post(`/api/minor-access/${again.json().id}/reject`, { note: '同上' })).statusCode).toBe(200);
  });

  it('out of scope: asking about a child of another grid or community answers 404 (audited); an admin cannot see or decide another community’s request', async () => {
    const r = await ask(w1, childB.id);
    expect(r.statusCode).toBe(404);
    expect((await auditRows(t, { action: 'minor_access_request', object_id: childB.id }))[0]).toMatchObject({ outcome: 'denied' });
    expect((await as(t, w1).get(`/api/residents/${childB.id}/minor-access`)).statusCode).toBe(404);
    expect((await reveal(w1, childB.id)).statusCode).toBe(404);

    const gb = await t.login('gridb');
    const theirs = await ask(gb, childB.id);
    expect(theirs.statusCode).toBe(201);
    expect((await as(t, a2).get('/api/minor-access?status=all')).json().items.map((x: { id: string }) => x.id)).not.toContain(theirs.json().id);
    const decide = await as(t, a2).post(`/api/minor-access/${theirs.json().id}/approve`, {});
    expect(decide.statusCode).toBe(404);
    expect((await auditRows(t, { action: 'minor_access_approve', object_id: theirs.json().id }))[0]).toMatchObject({ outcome: 'denied', reason: 'not_found' });
  });

  it('asking for a number the child has none of answers 409 field_empty naming the field (zh-CN and English); nothing stored, nobody notified', async () => {
    const r0 = await as(t, admin).post('/api/residents', {
      householdId: fx.h1.id, relation: 'child', residenceType: 'registered', guardianId: fx.R1.id, name: '张小禾', idNumber: makeCnId('330902', '2019-05-05', 63), phone: null,
    });
    expect(r0.statusCode, r0.body).toBe(201);
    const noPhone = r0.json() as { id: string };
    const before = await db().selectFrom('notifications').select('id').where('kind', '=', 'minor_access_request').execute();
    const r = await ask(w1, noPhone.id, 'phone');
    expect(r.statusCode, r.body).toBe(409);
    const e = r.json().error;
    expect(e.code).toBe('field_empty');
    expect(e.message).toContain('手机号');
    expect(e.messageEn).toContain('phone number');
    expect(e.details).toEqual([{ path: 'field', code: 'field_empty', message: '手机号未登记', messageEn: 'no phone number registered' }]);
    expect(await db().selectFrom('minor_access_requests').select('id').where('resident_id', '=', noPhone.id).execute()).toEqual([]);
    expect((await db().selectFrom('notifications').select('id').where('kind', '=', 'minor_access_request').execute()).length).toBe(before.length);
    // The ID number is always registered: that request still goes through.
    expect((await ask(w1, noPhone.id, 'idNumber')).statusCode).toBe(201);
  });

  it('a restricted child: without a break-the-glass grant nothing tells that the record is a child’s (403 break_glass_required); with one the rule applies', async () => {
    const restrict = await as(t, await t.loginMfa('admin')).post(`/api/residents/${sheltered.id}/restriction`, { restricted: true, reason: '家暴庇护对象', version: sheltered.version });
    expect(restrict.statusCode, restrict.body).toBe(200);
    for (const r of [await as(t, w1).get(`/api/residents/${sheltered.id}/minor-access`), await ask(w1, sheltered.id), await reveal(w1, sheltered.id)]) {
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe('break_glass_required');
      expect(r.body).not.toMatch(/未满|under 14/);
    }
    const denied = await auditRows(t, { object_id: sheltered.id, actor_id: w1.userId, outcome: 'denied' });
    expect(denied.map((x) => [x.action, x.reason, x.severity])).toEqual([
      ['minor_access_state', 'break_glass_required', 'high'], ['minor_access_request', 'break_glass_required', 'high'], ['reveal', 'break_glass_required', 'high'],
    ]);
    expect((await as(t, w1).post(`/api/residents/${sheltered.id}/break-glass`, { reason: '入户核查发热' })).statusCode).toBe(200);
    expect((await as(t, w1).get(`/api/residents/${sheltered.id}/minor-access`)).json()).toMatchObject({ minor: true, approvalNeeded: true });
    expect((await reveal(w1, sheltered.id)).json().error.code).toBe('minor_approval_required');
    expect((await ask(w1, sheltered.id)).statusCode).toBe(201);
  });

  it('an approval expires with the clock (24 h) and the reveal is refused again; a request nobody decided lapses after 7 days', async () => {
    const r = await ask(w1, child.id, 'phone', '联系监护人确认接种时间');
    expect(r.statusCode).toBe(201);
    const id = r.json().id as string;
    expect((await as(t, a2).post(`/api/minor-access/${id}/approve`, {})).statusCode).toBe(200);
    expect((await reveal(w1, child.id, 'phone')).json().value).toBe(CHILD_PHONE);

    t.clock.advance(24 * 3_600_000 + 60_000);
    const w = await t.login('grid1'); // the old session has timed out meanwhile
    const after = await reveal(w, child.id, 'phone');
    expect(after.statusCode).toBe(403);
    expect(after.json().error.code).toBe('minor_approval_required');
    expect((await as(t, w).get(`/api/residents/${child.id}/minor-access`)).json().fields.phone.status).toBe('none');

    // A pending request past its 7 days can no longer be approved.
    const pending = await ask(w, child.id, 'phone', '联系监护人确认接种时间');
    expect(pending.statusCode).toBe(201);
    t.clock.advance(7 * 86_400_000 + 60_000);
    const late = await t.loginMfa('admin2');
    const res = await as(t, late).post(`/api/minor-access/${pending.json().id}/approve`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('request_expired');
    const row = await db().selectFrom('minor_access_requests').select('status').where('id', '=', pending.json().id).executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    expect((await as(t, late).get('/api/minor-access/pending-count')).json()).toEqual({ pending: 0 });
  });
});
