import { makeCnId } from '@renxing/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DIALECT, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { listSchemaColumns } from '../privacy';
import { REGISTRY_RESIDENT_TABLES } from '../registry';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

describe('deletion requests (PIPL Art. 47, ADR 0037)', () => {
  let t: TestApp;
  let fx: Fx;
  let seq = 0;
  const db = () => t.platform.database.db;
  const grid1Id = () => fx.g1.id;

  /** A resident with their own resident account (display name = their name, as a real account would be). */
  async function residentWithAccount(name: string, idNumber: string, phone: string, householdId = fx.h1.id, extra: Record<string, unknown> = {}) {
    const admin = await t.login('admin');
    const r = await as(t, admin).post('/api/residents', { householdId, name, idNumber, phone, relation: 'other', residenceType: 'registered', ...extra }, { 'idempotency-key': `k-${++seq}` });
    if (r.statusCode !== 201) throw new Error(`create ${name}: ${r.statusCode} ${r.body}`);
    const username = `res${seq}x`;
    const user = await t.services.auth.createUser({ username, displayName: name, role: 'resident', orgId: grid1Id(), password: DEMO_PASSWORD });
    await t.services.selfReports.linkAccount(user.id, r.json().id);
    return { id: r.json().id as string, username, userId: user.id, session: await t.login(username) };
  }

  /** A session past the second factor (each code is accepted once: the clock moves on a step first). */
  const adminMfa = () => {
    t.clock.advance(30_000);
    return t.loginMfa('admin');
  };
  const request = (s: Session, body: Record<string, unknown>) => as(t, s).post('/api/me/deletion-requests', body);
  const decide = (s: Session, id: string, body: Record<string, unknown>) => as(t, s).post(`/api/registry/deletion-requests/${id}/decide`, body);
  const requestRow = (id: string) => db().selectFrom('deletion_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await t.services.auth.createUser({ username: 'badmin', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
  });
  afterAll(async () => t.close());

  it('validates the request: grounds and scopes from the list, no ID numbers, a note of at most 500 characters, one open request', async () => {
    const p = await residentWithAccount('孙小美', makeCnId('330902', '1985-04-12', 311), '13655550001');
    expect((await request(p.session, { ground: 'bored', scope: 'record' })).json().error.details[0].path).toBe('body.ground');
    expect((await request(p.session, { ground: 'other', scope: 'everything' })).statusCode).toBe(400);
    const id = await request(p.session, { ground: 'other', scope: 'record', note: `我的身份证号是 ${makeCnId('330902', '1985-04-12', 311)}` });
    expect(id.statusCode).toBe(400);
    expect(id.json().error.details[0]).toMatchObject({ path: 'note', code: 'id_number_not_allowed', message: expect.stringContaining('说明'), messageEn: expect.stringContaining('note') });
    const long = await request(p.session, { ground: 'other', scope: 'record', note: '长'.repeat(501) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0].path).toBe('body.note');
    expect(await db().selectFrom('deletion_requests').selectAll().execute()).toHaveLength(0);

    const ok = await request(p.session, { ground: 'moved_away', scope: 'record', note: '已经搬到外地，不再回来' });
    expect(ok.statusCode).toBe(201);
    const again = await request(p.session, { ground: 'other', scope: 'care_tags' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('open_request_exists');
    // The note is stored encrypted; the community admin is told the masked name only; the request is audited.
    const row = await requestRow(ok.json().id);
    expect(JSON.stringify(row)).not.toContain('搬到外地');
    expect(row.note_enc).toBeTruthy();
    const notes = await db().selectFrom('notifications').selectAll().where('kind', '=', 'deletion_request').where('object_id', '=', ok.json().id).execute();
    const admin = await t.services.auth.findByUsername('admin');
    expect(notes.map((n) => n.recipient_id)).toEqual([admin!.id]);
    expect(notes[0]!.payload).toContain('孙**');
    expect(notes[0]!.payload).not.toContain('孙小美');
    expect((await db().selectFrom('audit_log').selectAll().where('action', '=', 'deletion_request').where('object_id', '=', ok.json().id).execute())[0]!.subject_id).toBe(p.id);
    // Staff cannot ask; an account without a record gets 409.
    expect((await request(await t.login('admin'), { ground: 'other', scope: 'record' })).statusCode).toBe(403);
    const unlinked = await t.services.auth.createUser({ username: 'nolink1', displayName: '未关联', role: 'resident', orgId: grid1Id(), password: DEMO_PASSWORD });
    void unlinked;
    expect((await request(await t.login('nolink1'), { ground: 'other', scope: 'record' })).json().error.code).toBe('not_linked');
  });

  it('lets only the community admin of the area see and decide, with the second factor; refusals are audited', async () => {
    const p = await residentWithAccount('周一鸣', makeCnId('330902', '1979-02-03', 121), '13655550002');
    const { id } = (await request(p.session, { ground: 'no_longer_necessary', scope: 'care_tags', note: '不需要关爱服务了' })).json();
    // Grid workers, doctors and residents: 403 on the staff routes.
    for (const who of ['grid1', 'doctor']) expect((await as(t, await t.login(who)).get('/api/registry/deletion-requests')).statusCode).toBe(403);
    expect((await as(t, p.session).get(`/api/registry/deletion-requests/${id}`)).statusCode).toBe(403);
    // Another community's admin: not listed, 404 on read and decide, audited as denied.
    const b = await (t.clock.advance(30_000), t.loginMfa('badmin'));
    expect((await as(t, b).get('/api/registry/deletion-requests')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await as(t, b).get(`/api/registry/deletion-requests/${id}`)).statusCode).toBe(404);
    expect((await decide(b, id, { decision: 'reject', reply: '不行', version: 1 })).statusCode).toBe(404);
    expect(await db().selectFrom('audit_log').selectAll().where('object_id', '=', id).where('outcome', '=', 'denied').execute()).toHaveLength(2);
    // The admin of the area lists it masked and reads the note in clear (audited).
    const plain = await t.login('admin');
    const list = await as(t, plain).get('/api/registry/deletion-requests');
    const item = list.json().items.find((x: { id: string }) => x.id === id);
    expect(item).toMatchObject({ residentName: '周**', scope: 'care_tags', ground: 'no_longer_necessary', hasNote: true, status: 'open' });
    expect(list.body).not.toContain('不需要关爱服务了');
    const one = await as(t, plain).get(`/api/registry/deletion-requests/${id}`);
    expect(one.json().note).toBe('不需要关爱服务了');
    expect(await db().selectFrom('audit_log').selectAll().where('object_id', '=', id).where('action', '=', 'read').where('outcome', '=', 'success').execute()).toHaveLength(1);
    // Deciding needs the second factor.
    const noMfa = await decide(plain, id, { decision: 'reject', reply: '理由', version: 1 });
    expect(noMfa.statusCode).toBe(401);
    expect(noMfa.json().error.code).toBe('mfa_required');
    expect((await requestRow(id)).status).toBe('open');
  });

  it('reject: a reply is required and the resident sees it; a decided request answers 409', async () => {
    const p = await residentWithAccount('吴思远', makeCnId('330902', '1990-07-07', 151), '13655550003');
    const { id } = (await request(p.session, { ground: 'other', scope: 'record' })).json();
    const a = await adminMfa();
    const noReply = await decide(a, id, { decision: 'reject', version: 1 });
    expect(noReply.statusCode).toBe(400);
    expect(noReply.json().error.details[0]).toMatchObject({ path: 'reply', code: 'reply_required' });
    expect((await decide(a, id, { decision: 'reject', reply: '一', version: 1 })).statusCode).toBe(400);
    expect((await decide(a, id, { decision: 'reject', reply: '户籍登记依法须保存，不能删除', version: 2 })).statusCode).toBe(409);
    const ok = await decide(a, id, { decision: 'reject', reply: '户籍登记依法须保存，不能删除', version: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().certificate).toMatchObject({ decision: 'reject', scope: 'record', total: 0, counts: {} });
    expect((await decide(a, id, { decision: 'erase', version: 2 })).json().error.code).toBe('already_decided');
    const mine = (await as(t, p.session).get('/api/me/deletion-requests')).json().items;
    expect(mine[0]).toMatchObject({ id, status: 'rejected', reply: '户籍登记依法须保存，不能删除' });
    expect((await db().selectFrom('notifications').selectAll().where('kind', '=', 'deletion_decided').where('object_id', '=', id).execute()).map((n) => n.recipient_id)).toEqual([p.userId]);
    // Nothing changed on the record.
    expect((await t.services.registry.residentRef(p.id))).not.toBeNull();
  });

  it('restrict: the record becomes a stub without break-the-glass, at the subject’s request (audited high)', async () => {
    const p = await residentWithAccount('郑可欣', makeCnId('330902', '1988-11-21', 181), '13655550004');
    const { id } = (await request(p.session, { ground: 'unlawful', scope: 'record' })).json();
    const a = await adminMfa();
    const res = await decide(a, id, { decision: 'restrict', reply: '依法须保存，已停止除存储外的处理', version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json().certificate.counts).toEqual({ 'residents.restricted': 1 });
    const r = await db().selectFrom('residents').select(['restricted']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(t.platform.database.codec.readBool(r.restricted)).toBe(true);
    const prof = await as(t, await t.login('grid1')).get(`/api/residents/${p.id}`);
    expect(prof.json().access).toBe('stub');
    const rows = await db().selectFrom('audit_log').selectAll().where('action', '=', 'restrict').where('subject_id', '=', p.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: 'high' });
    expect(rows[0]!.reason).toContain(`subject_request: deletion_request ${id}`);
    expect((await as(t, p.session).get('/api/me/deletion-requests')).json().items[0].status).toBe('restricted');
  });

  it('erase care tags: the consent-based tags and every consent record go; age tags and the record stay', async () => {
    const p = await residentWithAccount('冯秋菊', makeCnId('330902', '1950-05-05', 201), '13655550005', fx.h1.id, { tags: ['living_alone', 'chronic'], consent: { method: 'written', note: '同意书第 7 号' } });
    const { id } = (await request(p.session, { ground: 'consent_withdrawn', scope: 'care_tags' })).json();
    const a = await adminMfa();
    const res = await decide(a, id, { decision: 'erase', version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json().certificate.counts).toEqual({ resident_tags: 2, resident_consents: 1 });
    const r = await db().selectFrom('residents').select(['tags']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(JSON.parse(r.tags)).toEqual(['elderly60']);
    expect((await db().selectFrom('resident_tags').select('tag').where('resident_id', '=', p.id).execute()).map((x) => x.tag)).toEqual(['elderly60']);
    expect(await db().selectFrom('resident_consents').selectAll().where('resident_id', '=', p.id).execute()).toEqual([]);
    // The withdrawal is audited as a consent withdrawal would be, then the decision with counts only.
    expect(await db().selectFrom('audit_log').selectAll().where('action', '=', 'consent_withdraw').where('subject_id', '=', p.id).execute()).toHaveLength(1);
    const decided = await db().selectFrom('audit_log').selectAll().where('action', '=', 'deletion_decide').where('object_id', '=', id).executeTakeFirstOrThrow();
    expect(decided.count).toBe(3);
    expect(decided.reason).not.toContain('冯秋菊');
    // The resident can log in and sees the decision.
    expect((await as(t, p.session).get('/api/me/deletion-requests')).json().items[0].status).toBe('erased');
  });

  it('erase record: no name, number, ciphertext, blind index or search key of the person is left outside the audit log; household, wards and account follow', async () => {
    const admin = await t.login('admin');
    const name = '欧阳娜娜';
    const idNumber = makeCnId('330902', '1982-08-18', 457);
    const phone = '13655559876';
    // The person heads a household of two (another member stays) and is a child's guardian.
    const h = await t.services.registry.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room: '808' });
    const p = await residentWithAccount(name, idNumber, phone, h.id, { tags: ['disabled'], consent: { method: 'written', note: '同意书' } });
    await db().updateTable('residents').set({ relation: 'head' }).where('id', '=', p.id).execute();
    await db().updateTable('households').set({ head_resident_id: p.id }).where('id', '=', h.id).execute();
    const spouse = (await as(t, admin).post('/api/residents', { householdId: h.id, name: '欧阳大海', idNumber: makeCnId('330902', '1980-01-09', 459), phone: null, relation: 'spouse', residenceType: 'registered' })).json();
    const child = (await as(t, admin).post('/api/residents', {
      householdId: h.id, name: '欧阳小宝', idNumber: makeCnId('330902', '2019-03-03', 461), phone: null, relation: 'child', residenceType: 'registered', guardianId: p.id,
    })).json();
    expect(child.id).toBeTruthy();
    // Traces elsewhere: a correction request, a status change back and forth, a profile open (browsing), a break-the-glass
    // grant, a self-report, an export that covered them.
    expect((await as(t, p.session).post('/api/me/corrections', { field: 'name', proposed: '欧阳娜', note: '名字写错了' })).statusCode).toBe(201);
    const cur = () => db().selectFrom('residents').select('version').where('id', '=', p.id).executeTakeFirstOrThrow().then((x) => Number(x.version));
    expect((await as(t, admin).post(`/api/residents/${p.id}/status`, { version: await cur(), status: 'moved_out', effectiveDate: '2026-02-01', reason: '外出务工' })).statusCode).toBe(200);
    expect((await as(t, admin).post(`/api/residents/${p.id}/status`, { version: await cur(), status: 'active', effectiveDate: '2026-02-20', reason: '返回' })).statusCode).toBe(200);
    await db().updateTable('households').set({ head_resident_id: p.id }).where('id', '=', h.id).execute();
    expect((await as(t, await t.login('grid1')).get(`/api/residents/${p.id}`)).statusCode).toBe(200);
    const ts = t.platform.database.codec.ts(t.clock.now());
    const grid1 = await t.services.auth.findByUsername('grid1');
    await db().insertInto('break_glass_grants').values({ id: 'bg-erase-1', resident_id: p.id, user_id: grid1!.id, org_path: fx.g1.path, reason: `查看${name}的情况`, granted_at: ts, expires_at: ts }).execute();
    await db().insertInto('self_reports').values({
      id: 'sr-erase-1', resident_id: p.id, household_id: h.id, grid_id: fx.g1.id, org_path: fx.g1.path, report_date: '2026-03-01', temperature: 36.6,
      fever: t.platform.database.codec.bool(false), symptoms: '[]', note: `${name}自测`, reported_by: p.userId, channel: 'self', follow_up_status: 'none', created_at: ts, version: 1,
    }).execute();
    await db().insertInto('exports').values({
      id: 'ex-erase-1', kind: 'residents', requester_id: grid1!.id, requester_role: 'grid_worker', org_id: fx.g1.id, scope_path: fx.g1.path, column_list: '["name"]',
      purpose: 'registry.maintenance', reason: '核对', file_format: 'csv', row_count: 1, data_class: 'other', approval_level: 'none', status: 'ready', expires_at: ts,
      created_at: ts, updated_at: ts,
    }).execute();
    await db().insertInto('export_subjects').values({ export_id: 'ex-erase-1', resident_id: p.id }).execute();

    const before = await db().selectFrom('residents').select(['id_bidx', 'phone_bidx', 'id_number_enc', 'phone_enc', 'name_pinyin']).where('id', '=', p.id).executeTakeFirstOrThrow();
    const { id } = (await request(p.session, { ground: 'moved_away', scope: 'record', note: '永久搬离，请删除我的全部信息' })).json();
    const a = await adminMfa();
    const det = (await as(t, a).get(`/api/registry/deletion-requests/${id}`)).json();
    expect(det.resident).toMatchObject({ nameMasked: '欧***', status: 'active', tags: ['disabled'] });
    const res = await decide(a, id, { decision: 'erase', version: 1 });
    expect(res.statusCode).toBe(200);
    const counts = res.json().certificate.counts;
    expect(counts).toMatchObject({
      residents: 1, 'residents.guardian_id': 1, 'households.head_resident_id': 1, self_reports: 1, correction_requests: 1, export_subjects: 1, resident_accounts: 1,
      'users (resident accounts disabled)': 1, resident_tags: 1, resident_consents: 1, resident_status_changes: 2, break_glass_grants: 1,
      'deletion_requests.note_enc': 1,
    });
    expect(counts.resident_reads).toBeGreaterThanOrEqual(1);
    expect(res.json().certificate.total).toBe(Object.values(counts as Record<string, number>).reduce((x, y) => x + y, 0));

    // The scan: every table but the audit log, every column, as text.
    const needles = [name, idNumber, phone, before.id_bidx, before.phone_bidx, before.id_number_enc, before.phone_enc, before.name_pinyin, '永久搬离', '名字写错了'];
    const tables = [...new Set((await listSchemaColumns(t.platform.database)).map((c) => c.table))].filter((x) => x !== 'audit_log');
    const found: string[] = [];
    for (const table of tables) {
      const rows = await db().selectFrom(table).selectAll().execute();
      const text = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      for (const n of needles) if (n && text.includes(n)) found.push(`${table}: ${n.slice(0, 12)}`);
    }
    expect(found).toEqual([]);
    // The audit log holds ids only: no name or number of the person.
    const auditText = JSON.stringify(await db().selectFrom('audit_log').selectAll().where('subject_id', '=', p.id).execute());
    for (const n of [name, idNumber, phone]) expect(auditText).not.toContain(n);

    // Household: without a head, the spouse stays; the child has no guardian link and is still there.
    expect((await db().selectFrom('households').select('head_resident_id').where('id', '=', h.id).executeTakeFirstOrThrow()).head_resident_id).toBeNull();
    expect((await db().selectFrom('residents').select(['id', 'guardian_id']).where('household_id', '=', h.id).orderBy('id').execute()).map((x) => [x.id, x.guardian_id]).sort())
      .toEqual([[spouse.id, null], [child.id, null]].sort());
    // The account: disabled, renamed, unlinked; its session is gone; it cannot log in; no notification was sent to it.
    const u = await db().selectFrom('users').selectAll().where('id', '=', p.userId).executeTakeFirstOrThrow();
    expect(u).toMatchObject({ status: 'disabled', display_name: '已注销' });
    expect(u.username).not.toBe(p.username);
    expect((await as(t, p.session).get('/api/me/record')).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: p.username, password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(401);
    expect(await db().selectFrom('notifications').selectAll().where('kind', '=', 'deletion_decided').where('object_id', '=', id).execute()).toEqual([]);
    // The request stays as the record of what was done (no note), listed as erased.
    expect(await requestRow(id)).toMatchObject({ status: 'erased', note_enc: null, resident_id: p.id });
    const listed = (await as(t, a).get('/api/registry/deletion-requests?status=erased')).json().items.find((x: { id: string }) => x.id === id);
    expect(listed).toMatchObject({ residentName: null, recordErased: true });
    // One audit row for the decision, counts only, high severity.
    const row = await db().selectFrom('audit_log').selectAll().where('action', '=', 'deletion_decide').where('object_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ severity: 'high', subject_id: p.id });
    expect(row.count).toBe(res.json().certificate.total);
    // The same ID number registered again is a new person.
    const again = await as(t, admin).post('/api/residents', { householdId: h.id, name, idNumber, phone, relation: 'other', residenceType: 'registered' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(p.id);
    // The certificate chain verifies and is append-only.
    expect(await t.services.deletions.verifyCertificates()).toMatchObject({ ok: true });
    await expect(sql`update deletion_certificates set total = 0`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from deletion_certificates`.execute(db())).rejects.toThrow(/append-only/);
  });

  it('refuses a decision about one’s own record (an account linked to it), audited as denied', async () => {
    const p = await residentWithAccount('何志强', makeCnId('330902', '1975-12-12', 501), '13655550006');
    const { id } = (await request(p.session, { ground: 'other', scope: 'record' })).json();
    // resident_accounts accepts any account: link the admin's own account to this record.
    const admin = await t.services.auth.findByUsername('admin');
    await db().deleteFrom('resident_accounts').where('resident_id', '=', p.id).execute();
    await t.services.selfReports.linkAccount(admin!.id, p.id);
    const a = await adminMfa();
    const res = await decide(a, id, { decision: 'erase', version: 1 });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('own_record');
    expect((await db().selectFrom('audit_log').selectAll().where('object_id', '=', id).where('outcome', '=', 'denied').execute())[0]!.reason).toBe('own_record');
    expect((await requestRow(id)).status).toBe('open');
    await db().deleteFrom('resident_accounts').where('user_id', '=', admin!.id).execute();
  });

  it('every column that refers to a resident is handled by the erasure (live schema, both dialects)', async () => {
    const handled = new Set([
      ...REGISTRY_RESIDENT_TABLES.map((x) => `${x}.resident_id`), 'residents.guardian_id', 'households.head_resident_id', 'self_reports.resident_id',
      'correction_requests.resident_id', 'export_subjects.resident_id', 'resident_accounts.resident_id', 'roll_call_items.resident_id', 'supply_round_lines.head_resident_id', 'supply_reservations.head_resident_id', 'sampling_samples.resident_id', 'sampling_retests.resident_id', 'quarantine_orders.resident_id',
      'gate_events.resident_id', 'gate_vehicles.resident_id', 'health_codes.resident_id', 'health_code_history.resident_id', 'health_appeals.resident_id', 'screening_entries.resident_id', 'cases.resident_id',
      'volunteer_applications.resident_id', 'volunteers.resident_id',
      'service_bookings.resident_id', 'service_record_residents.resident_id',
    ]);
    // Ids only, kept on purpose: the request as the record of what was done, who consented for a child (ADR 0039), the audit log.
    // The audit log's disclosures (ADR 0046) are kept like its subject_id: ids only, part of the hash-chained row.
    const keptIds = new Set(['deletion_requests.resident_id', 'resident_consents.guardian_id', 'resident_consents.withdraw_guardian_id', 'audit_log.subject_id', 'audit_disclosures.resident_id']);
    const cols = await listSchemaColumns(t.platform.database);
    const residentish = cols.map((c) => `${c.table}.${c.column}`).filter((k) => /(^|_)resident_id$|\.guardian_id$|guardian_id$/.test(k));
    expect(residentish.filter((k) => !handled.has(k) && !keptIds.has(k))).toEqual([]);
    const fks = TEST_DIALECT === 'sqlite'
      ? (await sql<{ t: string; c: string }>`select m.name as t, f."from" as c from sqlite_master m join pragma_foreign_key_list(m.name) f where m.type = 'table' and f."table" = 'residents'`.execute(db())).rows
      : (await sql<{ t: string; c: string }>`select cl.relname as t, a.attname as c from pg_constraint con
          join pg_class cl on cl.oid = con.conrelid join pg_namespace n on n.oid = cl.relnamespace join pg_class ref on ref.oid = con.confrelid
          join pg_attribute a on a.attrelid = con.conrelid and a.attnum = any(con.conkey)
          where con.contype = 'f' and ref.relname = 'residents' and n.nspname = current_schema()`.execute(db())).rows;
    expect(fks.length).toBeGreaterThan(5);
    expect(fks.map((f) => `${f.t}.${f.c}`).filter((k) => !handled.has(k))).toEqual([]);
  });

  it('counts requests and decisions for the transparency report, by area', async () => {
    const all = await t.services.deletions.deletionFigures('2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00');
    expect(all).toEqual({ requested: 7, erased: 2, restricted: 1, rejected: 1, withdrawn: 0 });
    expect(await t.services.deletions.deletionFigures('2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00', t.orgs.other.path)).toEqual({ requested: 0, erased: 0, restricted: 0, rejected: 0, withdrawn: 0 });
    expect(await t.services.deletions.deletionFigures('2026-02-01T00:00:00+08:00', '2026-03-01T00:00:00+08:00', t.orgs.community.path)).toEqual({ requested: 0, erased: 0, restricted: 0, rejected: 0, withdrawn: 0 });
  });

  it('the retention job empties note and reply a year after the decision; open requests keep theirs', async () => {
    const open = await db().selectFrom('deletion_requests').select(['id', 'note_enc']).where('status', '=', 'open').where('note_enc', 'is not', null).execute();
    expect(open.length).toBeGreaterThan(0);
    t.clock.advance(364 * 86400_000);
    await t.services.retention.run(SYSTEM_ACTOR);
    expect((await db().selectFrom('deletion_requests').select('id').where('status', '=', 'rejected').where('reply', 'is not', null).execute()).length).toBe(1);
    t.clock.advance(2 * 86400_000);
    const cert = await t.services.retention.run(SYSTEM_ACTOR);
    expect(cert.counts.find((c) => c.table === 'deletion_requests')).toMatchObject({ action: 'clear', columns: { reply: 2 } });
    expect(await db().selectFrom('deletion_requests').select('id').where('status', '!=', 'open').where((eb) => eb.or([eb('reply', 'is not', null), eb('note_enc', 'is not', null)])).execute()).toEqual([]);
    expect((await db().selectFrom('deletion_requests').select(['id', 'note_enc']).where('status', '=', 'open').where('note_enc', 'is not', null).execute()).map((x) => x.id).sort()).toEqual(open.map((x) => x.id).sort());
    // The rows themselves stay (the figures keep counting them).
    expect(await t.services.deletions.deletionFigures('2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00')).toMatchObject({ requested: 7, erased: 2 });
  });
});
