import { makeCnId } from '@renxing/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

/** A resident withdraws their own open deletion request (ADR 0037 addendum; migration 0025). */
describe('withdrawing a deletion request', () => {
  let t: TestApp;
  let fx: Fx;
  let seq = 0;
  const db = () => t.platform.database.db;

  async function residentWithAccount(name: string, idNumber: string, phone: string) {
    const admin = await t.login('admin');
    const r = await as(t, admin).post('/api/residents', { householdId: fx.h1.id, name, idNumber, phone, relation: 'other', residenceType: 'registered' }, { 'idempotency-key': `w-${++seq}` });
    if (r.statusCode !== 201) throw new Error(`create ${name}: ${r.statusCode} ${r.body}`);
    const username = `wres${seq}x`;
    const user = await t.services.auth.createUser({ username, displayName: name, role: 'resident', orgId: fx.g1.id, password: DEMO_PASSWORD });
    await t.services.selfReports.linkAccount(user.id, r.json().id);
    return { id: r.json().id as string, session: await t.login(username) };
  }
  const adminMfa = () => {
    t.clock.advance(30_000);
    return t.loginMfa('admin');
  };
  const request = (s: Session, body: Record<string, unknown>) => as(t, s).post('/api/me/deletion-requests', body);
  const withdraw = (s: Session, id: string) => as(t, s).post(`/api/me/deletion-requests/${id}/withdraw`, {});
  const auditOf = (action: string, id: string) => db().selectFrom('audit_log').select(['outcome', 'subject_id']).where('action', '=', action).where('object_id', '=', id).execute();

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
  });
  afterAll(async () => t.close());

  it('the schema takes the new status, and still keeps one open request per resident (partial unique index kept by 0025)', async () => {
    const row = (id: string, status: string) => ({
      id, resident_id: 'schema-r', account_id: 'schema-a', org_path: '/x/', grid_id: 'g', ground: 'other', scope: 'record', status, created_at: '2026-03-01T02:00:00.000Z', version: 1,
    });
    await db().insertInto('deletion_requests').values(row('schema-1', 'open')).execute();
    await db().insertInto('deletion_requests').values(row('schema-2', 'withdrawn')).execute();
    await db().insertInto('deletion_requests').values(row('schema-3', 'withdrawn')).execute();
    await expect(db().insertInto('deletion_requests').values(row('schema-4', 'open')).execute()).rejects.toThrow(/unique|duplicate/i);
    await expect(db().insertInto('deletion_requests').values(row('schema-5', 'cancelled')).execute()).rejects.toThrow(/check/i);
    // The column default and the other checks survived the rebuild (SQLite) / constraint swap (PostgreSQL).
    await expect(db().insertInto('deletion_requests').values({ ...row('schema-6', 'rejected'), ground: 'bored' }).execute()).rejects.toThrow(/check/i);
    await sql`insert into deletion_requests (id, resident_id, account_id, org_path, grid_id, ground, scope, created_at) values ('schema-7', 'schema-r2', 'a', '/x/', 'g', 'other', 'care_tags', '2026-03-01T02:00:00.000Z')`.execute(db());
    expect((await db().selectFrom('deletion_requests').select(['status', 'version']).where('id', '=', 'schema-7').executeTakeFirstOrThrow())).toEqual({ status: 'open', version: 1 });
    await db().deleteFrom('deletion_requests').where('id', 'like', 'schema-%').execute();
  });

  it('the resident withdraws their own open request: no certificate, 404 for another’s, 409 twice or once decided, staff cannot decide it', async () => {
    const p = await residentWithAccount('钱晓雨', makeCnId('330902', '1988-02-14', 421), '13655559001');
    const q = await residentWithAccount('冯立新', makeCnId('330902', '1979-09-30', 533), '13655559002');
    const mistake = (await request(p.session, { ground: 'other', scope: 'record', note: '点错了' })).json();
    const theirs = (await request(q.session, { ground: 'moved_away', scope: 'care_tags' })).json();
    const certsBefore = (await db().selectFrom('deletion_certificates').select('id').execute()).length;

    // Another resident's request (or an unknown id): 404, audited as denied; it stays open.
    expect((await withdraw(p.session, theirs.id)).statusCode).toBe(404);
    expect((await withdraw(p.session, 'no-such-id')).statusCode).toBe(404);
    expect((await db().selectFrom('deletion_requests').select('status').where('id', '=', theirs.id).executeTakeFirstOrThrow()).status).toBe('open');
    expect(await auditOf('deletion_request_withdraw', theirs.id)).toEqual([{ outcome: 'denied', subject_id: null }]);
    // Staff cannot withdraw for the resident (the resident's permission).
    expect((await withdraw(await t.login('admin'), mistake.id)).statusCode).toBe(403);

    const w = await withdraw(p.session, mistake.id);
    expect(w.statusCode).toBe(200);
    expect(w.json()).toMatchObject({ id: mistake.id, status: 'withdrawn', scope: 'record', decidedAt: expect.any(String) });
    const row = await db().selectFrom('deletion_requests').selectAll().where('id', '=', mistake.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'withdrawn', version: 2, certificate_id: null });
    expect(row.decided_at).not.toBeNull(); // the retention year starts
    expect(await auditOf('deletion_request_withdraw', mistake.id)).toEqual([{ outcome: 'success', subject_id: p.id }]);
    expect((await db().selectFrom('deletion_certificates').select('id').execute()).length).toBe(certsBefore);
    // The record is untouched, and the resident sees the request as withdrawn.
    expect((await as(t, p.session).get('/api/me/deletion-requests')).json().items).toMatchObject([{ id: mistake.id, status: 'withdrawn' }]);
    expect((await as(t, await t.login('admin')).get(`/api/residents/${p.id}`)).statusCode).toBe(200);

    // Twice → 409; the staff decision afterwards → 409 naming it withdrawn (zh + en).
    const twice = await withdraw(p.session, mistake.id);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('already_withdrawn');
    const a = await adminMfa();
    const late = await as(t, a).post(`/api/registry/deletion-requests/${mistake.id}/decide`, { decision: 'erase', version: 1 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'withdrawn', message: '居民已撤回该申请', messageEn: 'The resident has withdrawn this request' });
    expect((await db().selectFrom('deletion_requests').select('status').where('id', '=', mistake.id).executeTakeFirstOrThrow()).status).toBe('withdrawn');
    // Staff lists: not among the open ones, listed under "withdrawn".
    expect((await as(t, a).get('/api/registry/deletion-requests')).json().items.map((x: { id: string }) => x.id)).not.toContain(mistake.id);
    expect((await as(t, a).get('/api/registry/deletion-requests?status=withdrawn')).json().items.map((x: { id: string }) => x.id)).toEqual([mistake.id]);

    // The slot is free again: a new (correct) request is accepted.
    expect((await request(p.session, { ground: 'moved_away', scope: 'care_tags' })).statusCode).toBe(201);

    // A decided request cannot be withdrawn.
    expect((await as(t, a).post(`/api/registry/deletion-requests/${theirs.id}/decide`, { decision: 'reject', reply: '护理标签仍需用于走访', version: 1 })).statusCode).toBe(200);
    const decided = await withdraw(q.session, theirs.id);
    expect(decided.statusCode).toBe(409);
    expect(decided.json().error.code).toBe('already_decided');
  });

  it('the transparency figures count a withdrawn request as made and as withdrawn, not as a decision', async () => {
    expect(await t.services.deletions.deletionFigures('2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00')).toEqual({ requested: 3, erased: 0, restricted: 0, rejected: 1, withdrawn: 1 });
  });

  it('the retention job empties a withdrawn request’s note a year after the withdrawal, like a rejected one’s reply', async () => {
    const withdrawn = () => db().selectFrom('deletion_requests').select(['id', 'note_enc']).where('status', '=', 'withdrawn').executeTakeFirstOrThrow();
    expect((await withdrawn()).note_enc).not.toBeNull();
    t.clock.advance(364 * 86400_000);
    await t.services.retention.run(SYSTEM_ACTOR);
    expect((await withdrawn()).note_enc).not.toBeNull();
    t.clock.advance(2 * 86400_000);
    const cert = await t.services.retention.run(SYSTEM_ACTOR);
    expect(cert.counts.find((c) => c.table === 'deletion_requests')).toMatchObject({ action: 'clear', columns: { note_enc: 1, reply: 1 } });
    expect((await withdrawn()).note_enc).toBeNull();
  });
});
