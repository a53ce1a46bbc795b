// Guardian consent for children under 14 (PIPL Art. 31, SECURITY.md PRIV-08, ADR 0039) on SQLite and
// (RENXING_TEST_DIALECT=postgres) PostgreSQL: a consent record says who gave it; for a child under 14 only the guardian
// (the child's current, active guardian link) — staff get 422 guardian_consent_required naming the field otherwise; 14+
// consent themselves; a guardian consents online for their own child only (another child → 404), the child's account
// cannot; imports record the guardian's written consent or skip a child's care tags with a warning; children's consents
// recorded as their own are listed on the data-quality page (待监护人同意) until the guardian's consent supersedes them.
import fs from 'node:fs';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, type Session, type TestApp } from '../../../test/harness';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { addResident, closeConsentFixture, cnNum, consentRows, openConsentFixture, uploadCsv, type ConsentFixture } from './registry.consent.fixture';

const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号,监护人身份证号';

describe('guardian consent for children under 14 (PIPL Art. 31, ADR 0039)', () => {
  let t: TestApp;
  let fx: ConsentFixture['fx'];
  let admin: Session;
  let noticeVersion: string;
  let dir: string;
  let seq = 700;
  const db = () => t.platform.database.db;
  const consentsOf = (residentId: string) => consentRows(t, residentId);
  const tagsOf = async (id: string) => JSON.parse((await db().selectFrom('residents').select('tags').where('id', '=', id).executeTakeFirstOrThrow()).tags) as string[];
  /** A resident in household h1 (grid 1) through the API; children need `guardianId`. */
  const person = (birth: string, extra: Record<string, unknown> = {}, name = `监护${cnNum(seq)}`) =>
    addResident({ t, fx }, admin, { name, birth, seq: seq++ }, { relation: 'child', ...extra });
  const upload = (file: string, q: string) => uploadCsv(t, admin, file, 'kids.csv', q);

  beforeAll(async () => {
    ({ t, fx, admin, noticeVersion, dir } = await openConsentFixture({ compound: '童心小区', tmpPrefix: 'rx-guardian-' }));
  });
  afterAll(async () => closeConsentFixture({ t, dir }));

  it('staff recording a consent for a child under 14 without a guardian link: 422 guardian_consent_required naming guardianId; nothing written', async () => {
    const kid = await person('2016-04-04', { guardianId: fx.R1.id });
    // The API refuses a minor without a guardian: such records come from older data (direct write).
    await db().updateTable('residents').set({ guardian_id: null }).where('id', '=', kid.id).execute();
    const res = await as(t, admin).post(`/api/residents/${kid.id}/consent`, { method: 'written' });
    expect(res.statusCode).toBe(422);
    const err = res.json().error;
    expect(err).toMatchObject({ code: 'guardian_consent_required', message: expect.stringContaining('监护人'), messageEn: expect.stringContaining('guardian') });
    expect(err.details).toEqual([expect.objectContaining({ path: 'guardianId', code: 'no_guardian', message: expect.stringContaining('关联监护人'), messageEn: expect.stringContaining('guardian link') })]);
    expect(await consentsOf(kid.id)).toEqual([]);
    expect(await auditRows(t, { action: 'consent_record', object_id: kid.id })).toEqual([]);
    // The profile tells the dialog beforehand: guardian required, no guardian.
    const profile = (await as(t, admin).get(`/api/residents/${kid.id}`)).json();
    expect(profile.consent).toMatchObject({ guardianRequired: true, guardian: null, valid: false });
  });

  it('refuses the child as the consenting party, another person as guardian, and a guardian who moved out (422 naming the field)', async () => {
    const g = await person('1980-08-08', { relation: 'other' });
    const kid = await person('2017-05-05', { guardianId: g.id });
    const self = await as(t, admin).post(`/api/residents/${kid.id}/consent`, { method: 'written', givenBy: 'self' });
    expect(self.statusCode).toBe(422);
    expect(self.json().error).toMatchObject({ code: 'guardian_consent_required', details: [expect.objectContaining({ path: 'givenBy', code: 'self_not_allowed' })] });
    const other = await as(t, admin).post(`/api/residents/${kid.id}/consent`, { method: 'written', guardianId: fx.R1.id });
    expect(other.json().error).toMatchObject({ code: 'guardian_consent_required', details: [expect.objectContaining({ path: 'guardianId', code: 'not_guardian' })] });
    const gv = (await db().selectFrom('residents').select('version').where('id', '=', g.id).executeTakeFirstOrThrow()).version;
    expect((await as(t, admin).post(`/api/residents/${g.id}/status`, { version: Number(gv), status: 'moved_out', effectiveDate: '2025-05-01', reason: '外迁' })).statusCode).toBe(200);
    const gone = await as(t, admin).post(`/api/residents/${kid.id}/consent`, { method: 'written' });
    expect(gone.json().error).toMatchObject({ code: 'guardian_consent_required', details: [expect.objectContaining({ path: 'guardianId', code: 'guardian_inactive' })] });
    expect(await consentsOf(kid.id)).toEqual([]);
  });

  it('with a guardian link: stored given_by=guardian with the guardian id, shown masked, audited; the attestation in an edit is the guardian\'s too', async () => {
    const kid = await person('2016-09-09', { guardianId: fx.R1.id });
    const res = await as(t, admin).post(`/api/residents/${kid.id}/consent`, { method: 'written', note: '父亲签署同意书' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ valid: true, guardianRequired: true, guardianConsentMissing: false, current: { givenBy: 'guardian', guardian: { id: fx.R1.id, nameMasked: '张*' } } });
    const [c, ...more] = await consentsOf(kid.id);
    expect(more).toEqual([]);
    expect(c).toMatchObject({ given_by: 'guardian', guardian_id: fx.R1.id, method: 'written', notice_version: noticeVersion });
    const [a] = await auditRows(t, { action: 'consent_record', object_id: kid.id });
    expect(a!.reason).toContain(`given_by=guardian:${fx.R1.id}`);
    expect(JSON.stringify(a)).not.toContain('父亲签署');
    expect(JSON.stringify(res.json())).not.toContain('张三');
    // Naming the guardian explicitly is the same.
    const kid2 = await person('2018-01-01', { guardianId: fx.R1.id });
    expect((await as(t, admin).post(`/api/residents/${kid2.id}/consent`, { method: 'oral_witnessed', givenBy: 'guardian', guardianId: fx.R1.id })).statusCode).toBe(201);
    expect((await consentsOf(kid2.id))[0]).toMatchObject({ given_by: 'guardian', guardian_id: fx.R1.id });
    // A care tag set with the attestation in the edit command: the consent recorded is the guardian's.
    const kid3 = await person('2015-02-02', { guardianId: fx.R1.id });
    const upd = await as(t, admin).post(`/api/residents/${kid3.id}/update`, { version: kid3.version, tags: ['disabled'], consent: { method: 'written' } });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(await consentsOf(kid3.id)).toEqual([expect.objectContaining({ given_by: 'guardian', guardian_id: fx.R1.id })]);
    // …and naming the child as the party in the command is refused, naming consent.givenBy; nothing written.
    const kid4 = await person('2015-03-03', { guardianId: fx.R1.id });
    const bad = await as(t, admin).post(`/api/residents/${kid4.id}/update`, { version: kid4.version, tags: ['chronic'], consent: { method: 'written', givenBy: 'self' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0]).toMatchObject({ path: 'consent.givenBy' });
    expect(await tagsOf(kid4.id)).toEqual(['minor']);
    // Create with the attestation: the guardian named in the same command consents.
    const made = await person('2014-07-07', { guardianId: fx.R1.id, tags: ['chronic'], consent: { method: 'written' } });
    expect(await consentsOf(made.id)).toEqual([expect.objectContaining({ given_by: 'guardian', guardian_id: fx.R1.id })]);
  });

  it('14 and over: the resident\'s own consent (self); naming a guardian is 422 self_consent_required; turning 14 changes nothing', async () => {
    const teen = await person('2011-01-01', { guardianId: fx.R1.id });
    const g = await as(t, admin).post(`/api/residents/${teen.id}/consent`, { method: 'written', givenBy: 'guardian' });
    expect(g.statusCode).toBe(422);
    expect(g.json().error).toMatchObject({ code: 'self_consent_required', details: [expect.objectContaining({ path: 'givenBy' })] });
    const ok = await as(t, admin).post(`/api/residents/${teen.id}/consent`, { method: 'written' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ guardianRequired: false, current: { givenBy: 'self', guardian: null } });
    expect((await consentsOf(teen.id))[0]).toMatchObject({ given_by: 'self', guardian_id: null });
    // A child who turns 14 keeps the guardian's consent; it is not listed as a problem.
    const almost = await person('2011-06-05', { guardianId: fx.R1.id });
    expect((await as(t, admin).post(`/api/residents/${almost.id}/consent`, { method: 'written' })).json().current.givenBy).toBe('guardian');
    t.clock.advance(5 * 86_400_000);
    admin = await t.login('admin'); // the session timed out meanwhile
    const later = (await as(t, admin).get(`/api/residents/${almost.id}`)).json();
    expect(later.consent).toMatchObject({ valid: true, guardianRequired: false, guardianConsentMissing: false, current: { givenBy: 'guardian' } });
  });

  it('a guardian sees and gives or withdraws consent for their own child under 14 online; another resident\'s child is 404; audited', async () => {
    const resident = await t.services.auth.findByUsername('resident');
    await t.services.selfReports.linkAccount(resident!.id, fx.R1.id);
    const me = await t.login('resident');
    const kid = await person('2019-10-10', { guardianId: fx.R1.id }, '王小明');
    await db().updateTable('residents').set({ tags: '["infant","minor","disabled"]' }).where('id', '=', kid.id).execute();
    await db().insertInto('resident_tags').values({ resident_id: kid.id, tag: 'disabled', org_path: fx.g1.path }).execute();
    // Children of other residents, and the guardian's own 14+ ward, are not listed.
    const others = await person('2018-03-03', { guardianId: fx.R2.id, householdId: fx.h2.id });
    const list = await as(t, me).get('/api/me/wards/consent');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as Array<{ id: string; nameMasked: string; age: number; consent: { tags: string[]; valid: boolean } }>;
    const mine = items.find((i) => i.id === kid.id)!;
    expect(mine).toMatchObject({ nameMasked: '王**', age: 5, consent: { tags: ['disabled'], valid: false, toConfirm: true, guardianRequired: true } });
    expect(items.map((i) => i.id)).not.toContain(others.id);
    expect(items.every((i) => i.age < 14)).toBe(true);
    expect(list.body).not.toContain('王小明');
    expect(list.json().noticeVersion).toBe(noticeVersion);
    const reads = await auditRows(t, { action: 'read', subject_id: kid.id, actor_id: me.userId });
    expect(reads.map((r) => r.reason)).toContain('guardian_consent');

    const stale = await as(t, me).post(`/api/me/wards/${kid.id}/consent`, { noticeVersion: 'old' });
    expect(stale.json().error.code).toBe('notice_version_mismatch');
    const given = await as(t, me).post(`/api/me/wards/${kid.id}/consent`, { noticeVersion });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({ valid: true, current: { method: 'portal', givenBy: 'guardian', guardian: { id: fx.R1.id } } });
    expect((await consentsOf(kid.id))[0]).toMatchObject({ given_by: 'guardian', guardian_id: fx.R1.id, method: 'portal', recorded_by: me.userId });
    expect((await auditRows(t, { action: 'consent_record', object_id: kid.id }))[0]).toMatchObject({ actor_id: me.userId, actor_role: 'resident', outcome: 'success' });
    expect((await as(t, me).post(`/api/me/wards/${kid.id}/consent`, { noticeVersion })).json().error.code).toBe('consent_exists');

    // Another resident's child: 404, audited as denied, nothing written.
    const theirs = await as(t, me).post(`/api/me/wards/${others.id}/consent`, { noticeVersion });
    expect(theirs.statusCode).toBe(404);
    expect((await as(t, me).post(`/api/me/wards/${others.id}/consent/withdraw`, {})).statusCode).toBe(404);
    expect((await as(t, me).post('/api/me/wards/01900000-0000-7000-8000-000000000000/consent', { noticeVersion })).statusCode).toBe(404);
    expect(await consentsOf(others.id)).toEqual([]);
    expect(await auditRows(t, { action: 'consent_record', object_id: others.id })).toEqual([expect.objectContaining({ outcome: 'denied', actor_id: me.userId })]);
    // A ward of 14 or over consents themselves.
    const teen = await person('2010-02-02', { guardianId: fx.R1.id });
    expect((await as(t, me).post(`/api/me/wards/${teen.id}/consent`, { noticeVersion })).json().error.code).toBe('self_consent_required');

    const w = await as(t, me).post(`/api/me/wards/${kid.id}/consent/withdraw`, {});
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ removedTags: ['disabled'], consent: { valid: false } });
    expect(await tagsOf(kid.id)).toEqual(['infant', 'minor']);
    expect((await consentsOf(kid.id))[0]).toMatchObject({ withdraw_method: 'portal', withdraw_guardian_id: fx.R1.id, withdrawn_by: me.userId });
    const [wa] = await auditRows(t, { action: 'consent_withdraw', object_id: kid.id });
    expect(wa).toMatchObject({ actor_id: me.userId, outcome: 'success' });
    expect(wa!.reason).toContain(`by=guardian:${fx.R1.id}`);
    // Staff have no portal routes.
    expect((await as(t, admin).get('/api/me/wards/consent')).statusCode).toBe(403);
  });

  it('the child\'s own account cannot consent while under 14 (403, audited as denied); it sees that the guardian consents', async () => {
    const kid = await person('2013-12-12', { guardianId: fx.R1.id });
    const user = await t.services.auth.createUser({ username: 'kidaccount', displayName: '孩子账号', role: 'resident', orgId: fx.g1.id, password: DEMO_PASSWORD });
    await t.services.selfReports.linkAccount(user.id, kid.id);
    const s = await t.login('kidaccount');
    const status = await as(t, s).get('/api/me/consent');
    expect(status.json()).toMatchObject({ linked: true, guardianRequired: true, guardian: { id: fx.R1.id, nameMasked: '张*', active: true } });
    const res = await as(t, s).post('/api/me/consent', { noticeVersion });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'guardian_consent_required', message: expect.stringContaining('监护人'), messageEn: expect.stringContaining('guardian') });
    expect(await consentsOf(kid.id)).toEqual([]);
    expect(await auditRows(t, { action: 'consent_record', object_id: kid.id })).toEqual([expect.objectContaining({ outcome: 'denied', reason: 'guardian_consent_required' })]);
  });

  it('data quality lists a child\'s consent recorded as their own (待监护人同意); the guardian\'s consent supersedes it and keeps the tags', async () => {
    const kid = await person('2016-11-11', { guardianId: fx.R1.id, tags: ['chronic'], consent: { method: 'written' } });
    // As recorded before ADR 0039: the child's "own" consent.
    await db().updateTable('resident_consents').set({ given_by: 'self', guardian_id: null }).where('resident_id', '=', kid.id).execute();
    const listed = async () => (await as(t, admin).get('/api/registry/quality/items?kind=guardian_consent_missing&pageSize=100')).json().items.map((i: { id: string }) => i.id);
    expect(await listed()).toContain(kid.id);
    const counts = (await as(t, admin).get('/api/registry/quality')).json().area.counts;
    expect(counts.guardian_consent_missing).toBeGreaterThanOrEqual(1);
    const profile = (await as(t, admin).get(`/api/residents/${kid.id}`)).json();
    expect(profile.consent).toMatchObject({ valid: true, guardianConsentMissing: true, current: { givenBy: 'self' } });
    const [old] = await consentsOf(kid.id);

    const rec = await as(t, admin).post(`/api/residents/${kid.id}/consent`, { method: 'written', note: '补签监护人同意书' });
    expect(rec.statusCode, rec.body).toBe(201);
    expect(rec.json()).toMatchObject({ valid: true, guardianConsentMissing: false, current: { givenBy: 'guardian' } });
    const rows = await consentsOf(kid.id);
    const fresh = rows.find((r) => r.id !== old!.id)!;
    expect(rows.find((r) => r.id === old!.id)).toMatchObject({ superseded_by: fresh.id, withdrawn_by: admin.userId });
    expect(rows.find((r) => r.id === old!.id)!.withdrawn_at).not.toBeNull();
    expect(fresh).toMatchObject({ given_by: 'guardian', guardian_id: fx.R1.id, withdrawn_at: null });
    expect((await tagsOf(kid.id)).sort()).toEqual(['chronic', 'minor']);
    expect((await auditRows(t, { action: 'consent_record', object_id: kid.id })).at(-1)!.reason).toContain(`supersedes=${old!.id}`);
    expect(await listed()).not.toContain(kid.id);
    // A consent given by the guardian is not superseded again.
    expect((await as(t, admin).post(`/api/residents/${kid.id}/consent`, { method: 'written' })).json().error.code).toBe('consent_exists');
  });

  it('import with written consent: a child\'s consent is the guardian\'s (the row\'s guardian link); without a guardian the care tags are skipped with a warning', async () => {
    const file = path.join(dir, 'kids.csv');
    const id = (b: string) => makeCnId('330902', b, seq++);
    const parent = id('1985-05-05');
    const unknownGuardian = id('1984-04-04');
    fs.writeFileSync(file, [
      HEAD,
      `导入家长,${parent},13800004001,童心小区,1幢,1单元,101,户主,户籍,,,`,
      `导入童甲,${id('2016-01-01')},,童心小区,1幢,1单元,101,子女,户籍,残疾,,`,
      `导入童乙,${id('2017-01-01')},,童心小区,1幢,1单元,101,子女,户籍,慢性病,,${parent}`,
      `导入少年,${id('2009-01-01')},,童心小区,1幢,1单元,101,子女,户籍,残疾,,${parent}`,
      `导入童丙,${id('2018-01-01')},,童心小区,1幢,1单元,102,子女,户籍,残疾,,${unknownGuardian}`,
    ].join('\n'));
    const dry = await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=true&careConsent=written`);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().warnings).toEqual([expect.objectContaining({ code: 'care_tags_child_without_guardian', count: 1, column: '标签', message: expect.stringContaining('监护人'), messageEn: expect.stringContaining('guardian') })]);

    const res = await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false&careConsent=written`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ imported: 5, consentsRecorded: 3 });
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 5, code: 'unknown_guardian' })]);
    expect(res.json().warnings).toEqual([expect.objectContaining({ code: 'care_tags_child_without_guardian', count: 1 })]);
    const rows = await db().selectFrom('residents').select(['id', 'name', 'tags']).where('name', 'like', '导入%').execute();
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    const consents = await db().selectFrom('resident_consents').selectAll().where('resident_id', 'in', rows.map((r) => r.id)).execute();
    const of = (name: string) => consents.filter((c) => c.resident_id === by[name]!.id);
    // 甲: no guardian column — linked to the household head, who gave the written consent; 乙: the named guardian.
    expect(of('导入童甲')).toEqual([expect.objectContaining({ given_by: 'guardian', guardian_id: by['导入家长']!.id, import_job_id: res.json().jobId })]);
    expect(of('导入童乙')).toEqual([expect.objectContaining({ given_by: 'guardian', guardian_id: by['导入家长']!.id })]);
    expect(of('导入少年')).toEqual([expect.objectContaining({ given_by: 'self', guardian_id: null })]);
    // 丙: the guardian is not registered — no guardian link, no consent, the care tag not stored.
    expect(of('导入童丙')).toEqual([]);
    expect(JSON.parse(by['导入童丙']!.tags)).toEqual(['minor']);
    expect(JSON.parse(by['导入童甲']!.tags).sort()).toEqual(['disabled', 'minor']);
    const [a] = await auditRows(t, { action: 'import', object_id: res.json().jobId });
    expect(a!.reason).toContain('care_tags_child_withheld=1');
    const job = (await as(t, admin).get(`/api/registry/imports/${res.json().jobId}`)).json();
    expect(job.warnings).toEqual([expect.objectContaining({ code: 'care_tags_child_without_guardian', count: 1 })]);
  });
});
