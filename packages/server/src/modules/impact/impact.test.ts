import { type ImpactAnswer, ImpactAnswerSchema, makeCnId, validateCnId } from '@renxing/shared';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';

/**
 * SECURITY.md §7 test 68 — breach impact query (PIPL Art. 57) through the real app (SQLite, or PostgreSQL with
 * RENXING_TEST_DIALECT=postgres). Timeline (test clock, UTC):
 *   T+1h   W1 (community admin `admin`) reads R2                                  — before the window
 *   T+2h   window opens (from)
 *   T+3h   W1 reads R1, reveals R1's phone, looks R1 up by ID number, changes extra 0's phone, lists residents (a page
 *          naming R1, R2, the extras and the hostile name in its disclosures, ADR 0046),
 *          requests export E1 (grid G1: name, ID, phone in clear, care tags), the street office approves, W1 downloads;
 *          grid1 reads R1
 *   T+4h   window closes (to)
 *   T+5h   W1 reads R2 again                                                     — after the window
 */

const T0 = Date.parse('2025-06-01T00:00:00+08:00');
const H = 3600_000;
const at = (h: number) => new Date(T0 + h * H).toISOString();
const PHONES = ['13812345678', '13900001111', '13700002222'];
const HOSTILE = '=HYPERLINK("http://x","a")';

/** Every ID-number-looking value that validates and every mobile-looking value in a text. */
function scanPi(text: string): string[] {
  const hits: string[] = [];
  for (const m of text.matchAll(/(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g)) if (validateCnId(m[0], new Date()).ok) hits.push(m[0]);
  for (const m of text.matchAll(/(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])/g)) hits.push(m[0]);
  return hits;
}

type Answer = ImpactAnswer;

describe('breach impact query (SECURITY.md §7 test 68, PIPL Art. 57)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let e1: string;
  let g1Ids: string[];
  /** The residents W1's list page showed (named by its audit row, ADR 0046). */
  let listed: string[];
  let w1: string;
  let grid1: string;
  let sec: Session;
  let aud: Session;
  const from = at(2);
  const to = at(4);

  const impact = (s: Session, qs: string) => as(t, s).get(`/api/admin/impact?${qs}`);
  const answer = async (s: Session, qs: string): Promise<Answer> => {
    const r = await impact(s, qs);
    expect(r.statusCode, r.body).toBe(200);
    // Strict contract (packages/shared/src/contracts/impact.ts): a field added or dropped on either side fails.
    return ImpactAnswerSchema.parse(r.json());
  };
  const byClass = (a: Answer) => Object.fromEntries(a.totals.byClass.map((c) => [c.class, { subjects: c.subjects, clear: c.clearSubjects }]));
  const byAction = (a: Answer) => Object.fromEntries(a.totals.byAction.map((c) => [c.action, c.subjects]));

  beforeAll(async () => {
    t = await createTestApp({ clockStart: at(0) });
    fx = await seedScopedFixture(t, 5);
    const admin = (await t.services.auth.findByUsername('admin'))!;
    const principal = {
      kind: 'user' as const, id: admin.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    // A resident whose name starts like a spreadsheet formula: the CSV must neutralise it.
    await t.services.registry.createResident(principal, SYSTEM_ACTOR, {
      householdId: fx.h1.id, name: HOSTILE, idNumber: makeCnId('330902', '1990-01-01', 123), phone: '13600009999', relation: 'other', residenceType: 'registered',
    });
    w1 = admin.id;
    grid1 = (await t.services.auth.findByUsername('grid1'))!.id;

    t.clock.set(at(1));
    let w = await t.login('admin');
    expect((await as(t, w).get(`/api/residents/${fx.R2.id}`)).statusCode).toBe(200);

    t.clock.set(at(3));
    w = await t.login('admin');
    expect((await as(t, w).get(`/api/residents/${fx.R1.id}`)).statusCode).toBe(200);
    expect((await as(t, w).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'phone', reason: '电话回访核实身份' })).statusCode).toBe(200);
    expect((await as(t, w).post('/api/residents/lookup', { idNumber: FIXTURE_IDS.R1 })).json().found.id).toBe(fx.R1.id);
    const x0 = fx.extras[0]!;
    expect((await as(t, w).post(`/api/residents/${x0.id}/update`, { version: x0.version, phone: '13600001234' })).statusCode).toBe(200);
    const page = await as(t, w).get('/api/residents?pageSize=20');
    expect(page.statusCode).toBe(200);
    listed = page.json().items.map((i: { id: string }) => i.id as string);
    const req = await as(t, w).post('/api/exports', {
      kind: 'residents', filters: { gridId: fx.g1.id }, columns: ['name', 'idNumber', 'phone', 'tags'], unmasked: ['phone'], purpose: 'service.assistance',
      reason: '独居老人电话回访', format: 'csv',
    });
    expect(req.statusCode, req.body).toBe(202);
    e1 = req.json().id;
    const street = await t.loginMfa('street');
    expect((await as(t, street).post(`/api/exports/${e1}/approve`, { decision: 'approve', note: '同意，仅限本次回访' })).statusCode).toBe(200);
    const file = await as(t, w).get(`/api/exports/${e1}/file`);
    expect(file.statusCode).toBe(200);
    const g = await t.login('grid1');
    expect((await as(t, g).get(`/api/residents/${fx.R1.id}`)).statusCode).toBe(200);

    t.clock.set(at(5));
    w = await t.login('admin');
    expect((await as(t, w).get(`/api/residents/${fx.R2.id}`)).statusCode).toBe(200);

    g1Ids = (await t.platform.database.db.selectFrom('export_subjects').select('resident_id').where('export_id', '=', e1).execute()).map((r) => r.resident_id as string).sort();
    expect(g1Ids).toHaveLength(7); // R1, 5 extras, the hostile name
    t.clock.set(at(6));
    sec = await t.loginMfa('secadmin');
    aud = await t.loginMfa('auditor');
  });
  afterAll(async () => t.close());

  it('by export: the affected residents are exactly E1’s subjects, masked, with counts per data class from the field registry', async () => {
    const a = await answer(sec, `exportId=${e1}`);
    expect(a.kind).toBe('export');
    expect(a.export).toMatchObject({ id: e1, status: 'downloaded', exposed: true, requester: { id: w1, username: 'admin' }, columns: ['name', 'idNumber', 'phone', 'tags'], unmasked: ['phone'], rowCount: 7 });
    expect(a.total).toBe(7);
    expect(a.items.map((i) => i.residentId).sort()).toEqual(g1Ids);
    // ID numbers and names were masked in the file, phone numbers in clear (approved), care tags as they are.
    expect(byClass(a)).toEqual({ identity: { subjects: 7, clear: 0 }, contact: { subjects: 7, clear: 7 }, name: { subjects: 7, clear: 0 }, sensitive: { subjects: 7, clear: 7 } });
    expect(a.totals.byClass.find((c) => c.class === 'identity')!.columns.map((c) => c.column)).toEqual(['residents.id_number_enc']);
    expect(byAction(a)).toEqual({ export: 7 });
    expect(a.totals.byCommunity).toEqual([{ id: t.orgs.community.id, name: t.orgs.community.name, subjects: 7 }]);
    const r1 = a.items.find((i) => i.residentId === fx.R1.id)!;
    expect(r1).toMatchObject({ nameMasked: '张*', community: { id: t.orgs.community.id }, classes: ['identity', 'contact', 'name', 'sensitive'], clearClasses: ['contact', 'sensitive'] });
    const text = JSON.stringify(a);
    expect(scanPi(text)).toEqual([]);
    expect(text).not.toContain('张三');
  });

  it('pages through a big answer with a stable order and a constant total', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const a = await answer(aud, `exportId=${e1}&page=${page}&pageSize=2`);
      expect(a.total).toBe(7);
      expect(a.items.length).toBe(page < 4 ? 2 : 1);
      seen.push(...a.items.map((i) => i.residentId));
    }
    expect([...seen].sort()).toEqual(g1Ids);
    expect(new Set(seen).size).toBe(7);
  });

  it('by actor: W1’s reads, reveal, lookup, change and export inside the window — and nothing outside it', async () => {
    const a = await answer(sec, `actor=${w1}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(a).toMatchObject({ kind: 'actor', actor: { id: w1, username: 'admin', role: 'community_admin' }, window: { from, to }, coverage: { complete: true } });
    // Inside the window: E1's subjects and everyone on the list page — R2 too (its profile W1 opened only before and
    // after the window: inside it R2 was only listed, masked).
    expect(listed).toHaveLength(8);
    expect(listed).toEqual(expect.arrayContaining([...g1Ids, fx.R2.id]));
    expect(a.items.map((i) => i.residentId).sort()).toEqual([...new Set([...g1Ids, ...listed])].sort());
    expect(a.items.find((i) => i.residentId === fx.R2.id)).toMatchObject({ actions: ['read'], events: 1, clearClasses: ['address', 'sensitive'] });
    expect(a.unclassifiedFields).toEqual([]);
    const r1 = a.items.find((i) => i.residentId === fx.R1.id)!;
    expect(r1.actions).toEqual(['read', 'reveal', 'search', 'export']);
    // The profile shows the full name; the revealed phone and the ID number typed for the lookup were handled in clear.
    expect(r1.clearClasses).toEqual(expect.arrayContaining(['identity', 'contact', 'name', 'sensitive']));
    const x0 = a.items.find((i) => i.residentId === fx.extras[0]!.id)!;
    expect(x0.actions).toEqual(['read', 'export', 'change']);
    expect(byAction(a)).toEqual({ read: 8, reveal: 1, search: 1, export: 7, change: 1 });
    // R1's profile and the list page's 8 residents.
    expect(a.totals.byAction.find((x) => x.action === 'read')!.events).toBe(9);
    expect(byClass(a).identity).toEqual({ subjects: 8, clear: 1 });
    // The list page names its residents: nothing is left unattributed.
    expect(a.unattributed).toEqual([]);
    expect(scanPi(JSON.stringify(a))).toEqual([]);

    const before = await answer(sec, `actor=admin&from=${encodeURIComponent(at(0.5))}&to=${encodeURIComponent(at(1.5))}`);
    expect(before.items.map((i) => i.residentId)).toEqual([fx.R2.id]);
    expect(byAction(before)).toEqual({ read: 1 });
    const after = await answer(aud, `actor=${w1}&from=${encodeURIComponent(at(4.5))}&to=${encodeURIComponent(at(5.5))}`);
    expect(after.items.map((i) => i.residentId)).toEqual([fx.R2.id]);
    const other = await answer(aud, `actor=${grid1}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(other.items.map((i) => i.residentId)).toEqual([fx.R1.id]);
    expect(byAction(other)).toEqual({ read: 1 });
    const empty = await answer(aud, `actor=${grid1}&from=${encodeURIComponent(at(4.5))}&to=${encodeURIComponent(at(5.5))}`);
    expect(empty).toMatchObject({ total: 0, items: [], totals: { subjects: 0, byClass: [], byAction: [] } });
  });

  it('rows of other modules: a request to see a number discloses nothing in clear; an unknown field is counted as other and named', async () => {
    const actor = { actorId: grid1, actorRole: 'grid_worker', actorOrg: t.orgs.grids[0]!.id, sessionId: null, ip: null, userAgentHash: null, requestId: null };
    await t.services.audit.record(actor, { action: 'minor_access_request', objectType: 'minor_access_request', objectId: 'x1', subjectId: fx.R1.id, fields: ['idNumber'], outcome: 'success' });
    await t.services.audit.record(actor, { action: 'frobnicate', objectType: 'resident', objectId: fx.R1.id, subjectId: fx.R1.id, fields: ['mystery'], outcome: 'success' });
    await t.services.audit.record(actor, { action: 'reveal', objectType: 'resident', objectId: fx.R2.id, subjectId: fx.R2.id, fields: ['phone'], outcome: 'denied' });
    const a = await answer(aud, `actor=grid1&from=${encodeURIComponent(at(5.75))}&to=${encodeURIComponent(at(6.25))}`);
    // The denied reveal disclosed nothing: R2 is not affected.
    expect(a.items.map((i) => i.residentId)).toEqual([fx.R1.id]);
    expect(a.items[0]).toMatchObject({ classes: ['identity', 'other'], clearClasses: [], actions: ['other'], events: 2 });
    expect(a.unclassifiedFields).toEqual(['mystery']);
  });

  it('the CSV for the notification letter: every subject, masked, formula-neutralised, watermarked; no ID or phone number', async () => {
    const r = await as(t, sec).get(`/api/admin/impact/csv?actor=${w1}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="impact-\d{8}-[0-9a-f-]+\.csv"$/);
    const text = r.rawPayload.toString('utf8');
    expect(text.startsWith('\uFEFF导出编号 Export ID,IMPACT-')).toBe(true);
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const head = rows.findIndex((x) => x[0] === '居民编号');
    const data = rows.slice(head + 1);
    expect(data.map((x) => x[0]).sort()).toEqual([...new Set([...g1Ids, ...listed])].sort());
    expect(data.find((x) => x[0] === fx.R1.id)!.slice(1, 4)).toEqual(['张*', t.orgs.community.name, '身份证号、手机号、姓名、住址、敏感个人信息（健康、关爱标签等）、其他个人信息']);
    // The hostile name is masked to "=****…" and then neutralised: no cell starts a formula.
    expect(data.some((x) => x[1]!.startsWith("'="))).toBe(true);
    expect(rows.every((x) => x.every((c) => !/^[=+\-@\t\r]/.test(c)))).toBe(true);
    expect(scanPi(text)).toEqual([]);
    for (const v of [...Object.values(FIXTURE_IDS), ...PHONES, '张三']) expect(text).not.toContain(v);

    const en = await as(t, aud).get(`/api/admin/impact/csv?exportId=${e1}&lang=en`);
    expect(en.statusCode).toBe(200);
    expect(en.rawPayload.toString('utf8')).toContain('Resident ID,Name (masked),Community,Data involved');
  });

  it('only the security admin and the auditor may ask, after the second factor; everybody else gets 403', async () => {
    for (const u of ['admin', 'grid1', 'street', 'district', 'doctor', 'sysadmin', 'resident']) {
      const s = await t.login(u);
      expect((await impact(s, `exportId=${e1}`)).statusCode, u).toBe(403);
      expect((await as(t, s).get(`/api/admin/impact/csv?exportId=${e1}`)).statusCode, u).toBe(403);
    }
    const plain = await t.login('auditor');
    const r = await impact(plain, `exportId=${e1}`);
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('mfa_required');
    expect((await t.app.inject({ method: 'GET', url: `/api/admin/impact?exportId=${e1}` })).statusCode).toBe(401);
  });

  it('bad input: unknown export or user 404; missing, conflicting, malformed or reversed parameters 400 naming the field in zh-CN and English', async () => {
    const nf = await impact(sec, 'exportId=0190aaaa-0000-7000-8000-000000000000');
    expect(nf.statusCode).toBe(404);
    expect(nf.json().error).toMatchObject({ code: 'not_found', message: expect.stringContaining('导出'), messageEn: expect.stringContaining('Export') });
    const nu = await impact(sec, `actor=nobody-here&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(nu.statusCode).toBe(404);

    const bad = async (qs: string, path: string, code: string) => {
      const r = await impact(sec, qs);
      expect(r.statusCode, qs).toBe(400);
      const e = r.json().error;
      expect(e.code).toBe('validation_failed');
      const d = e.details.find((x: { path: string }) => x.path === `querystring.${path}`);
      expect(d, `${qs}: ${JSON.stringify(e.details)}`).toMatchObject({ code });
      expect(d.message).toMatch(/[\u4e00-\u9fff]/);
      expect(d.messageEn).toMatch(/[a-z]/);
      return e;
    };
    const none = await bad('', 'exportId', 'required');
    expect(none.details.map((d: { path: string }) => d.path)).toEqual(['querystring.exportId', 'querystring.actor']);
    await bad(`exportId=${e1}&actor=${w1}`, 'actor', 'exclusive');
    await bad(`exportId=${e1}&from=${encodeURIComponent(from)}`, 'from', 'not_allowed');
    await bad(`actor=${w1}&to=${encodeURIComponent(to)}`, 'from', 'required');
    await bad(`actor=${w1}&from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, 'to', 'before_from');
    await bad(`actor=${w1}&from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:01Z`, 'to', 'window_too_long');
    expect((await impact(sec, `actor=${w1}&from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z`)).statusCode).toBe(200); // 366 days: allowed
    await bad(`actor=${w1}&from=yesterday&to=${encodeURIComponent(to)}`, 'from', 'invalid_format');
    await bad(`actor=${w1}&from=2025-02-30T00:00:00%2B08:00&to=${encodeURIComponent(to)}`, 'from', 'invalid_format');
    await bad(`exportId=${e1}&pageSize=501`, 'pageSize', 'too_big');
    await bad(`exportId=${e1}&idNumber=1`, 'idNumber', 'unknown_field');
  });

  it('every query is audited with its parameters and counts — never a name, ID or phone number', async () => {
    const before = (await auditRows(t, { action: 'impact_query', actor_id: sec.userId })).length;
    await answer(sec, `exportId=${e1}&page=1&pageSize=5`);
    await as(t, sec).get(`/api/admin/impact/csv?exportId=${e1}`);
    const rows = await auditRows(t, { action: 'impact_query', actor_id: sec.userId });
    expect(rows.length).toBe(before + 2);
    const [q, csv] = rows.slice(-2);
    expect(q).toMatchObject({ object_type: 'export', object_id: e1, outcome: 'success', severity: 'high', actor_role: 'security_admin' });
    expect(q!.reason).toBe(`exportId=${e1}; page=1`);
    expect(Number(q!.count)).toBe(7);
    expect(JSON.parse(q!.fields)).toEqual(['residentId', 'nameMasked', 'community']);
    expect(csv!.reason).toMatch(new RegExp(`^exportId=${e1}; format=csv; file=IMPACT-`));
    // Actor queries name the account and the window; refusals are audited too, without what was typed.
    const byActor = await auditRows(t, { action: 'impact_query', object_id: w1 });
    expect(byActor.some((r) => r.reason === `actor=${w1}; from=${from}; to=${to}; page=1`)).toBe(true);
    const denied = (await auditRows(t, { action: 'impact_query', outcome: 'denied' }));
    expect(denied.map((r) => r.object_type).sort()).toEqual(['export', 'user']);
    expect(JSON.stringify(denied)).not.toContain('nobody-here');
    const all = JSON.stringify(await auditRows(t, { action: 'impact_query' }));
    expect(scanPi(all)).toEqual([]);
    expect(all).not.toContain('张');
  });
});
