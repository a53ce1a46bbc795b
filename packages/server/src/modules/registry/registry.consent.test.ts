// Separate consent to care services (单独同意, PIPL Art. 29, SECURITY.md PRIV-07 and §4.6 "vulnerable-group flags: while
// consent is valid"; ADR 0033) on SQLite and (RENXING_TEST_DIALECT=postgres) PostgreSQL: consent-based care tags need a
// valid consent or a worker's attestation (422 consent_required otherwise, nothing written), a withdrawal by staff or by
// the resident removes them at once, a new consent is a new record, imports attest for the whole file or skip the tags
// with a warning, age-derived tags need nothing, other areas are 404, and the demo seed records consents.
import fs from 'node:fs';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { SEED_ACTOR } from '../../seed';
import { seedRegistryDemo } from './index';
import { addResident, closeConsentFixture, cnNum, consentRows, openConsentFixture, uploadCsv, type ConsentFixture } from './registry.consent.fixture';

const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号';

describe('separate consent to care services (PRIV-07, ADR 0033)', () => {
  let t: TestApp;
  let fx: ConsentFixture['fx'];
  let admin: Session;
  let noticeVersion: string;
  let dir: string;
  let seq = 500;
  const db = () => t.platform.database.db;
  const consentsOf = (residentId: string) => consentRows(t, residentId);
  const stored = async (id: string) => {
    const r = await db().selectFrom('residents').select(['tags', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    const rows = await db().selectFrom('resident_tags').select('tag').where('resident_id', '=', id).execute();
    return { tags: JSON.parse(r.tags) as string[], tagRows: rows.map((x) => x.tag as string).sort(), version: Number(r.version) };
  };
  /** A new adult resident in grid 1 (household h1), without care tags, through the API. */
  const newResident = (birth = '1970-03-03', extra: Record<string, unknown> = {}) => addResident({ t, fx }, admin, { name: `关爱${cnNum(seq)}`, birth, seq: seq++ }, extra);
  const upload = (file: string, q: string, s = admin) => uploadCsv(t, s, file, 'care.csv', q);

  beforeAll(async () => {
    ({ t, fx, admin, noticeVersion, dir } = await openConsentFixture({ compound: '关爱小区', tmpPrefix: 'rx-consent-' }));
    await t.services.auth.createUser({ username: 'grid2', displayName: '第二网格网格员', role: 'grid_worker', orgId: fx.g2.id, password: DEMO_PASSWORD });
  });
  afterAll(async () => closeConsentFixture({ t, dir }));

  it('a consent-based tag without a valid consent is 422 consent_required naming tags (zh-CN and English); nothing is written', async () => {
    const before = Number((await db().selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const auditBefore = Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const created = await as(t, admin).post('/api/residents', {
      householdId: fx.h1.id, name: '未同意', idNumber: makeCnId('330902', '1950-01-01', seq++), relation: 'other', residenceType: 'registered', tags: ['living_alone'],
    });
    expect(created.statusCode).toBe(422);
    const err = created.json().error;
    expect(err.code).toBe('consent_required');
    expect(err.message).toMatch(/单独同意/);
    expect(err.messageEn).toMatch(/separate consent/);
    expect(err.details).toEqual([expect.objectContaining({ path: 'tags', code: 'consent_required', message: expect.stringContaining('独居'), messageEn: expect.stringContaining('living alone') })]);
    expect(Number((await db().selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);

    const r = await newResident();
    const was = await stored(r.id);
    const upd = await as(t, admin).post(`/api/residents/${r.id}/update`, { version: r.version, tags: ['chronic'] });
    expect(upd.statusCode).toBe(422);
    expect(upd.json().error.details[0]).toMatchObject({ path: 'tags', code: 'consent_required' });
    expect(await stored(r.id)).toEqual(was);
    expect(await consentsOf(r.id)).toEqual([]);
    // Nothing but the create of the untagged resident was audited (no update, no consent row).
    const added = await db().selectFrom('audit_log').select(['action']).where('id', '>', auditBefore).execute();
    expect(added.map((a) => a.action).filter((a) => a !== 'create')).toEqual([]);
  });

  it('the same command can carry the attestation: the tag and a consent record under the current notice version are written together, audited without the note', async () => {
    const r = await newResident();
    const res = await as(t, admin).post(`/api/residents/${r.id}/update`, {
      version: r.version, tags: ['chronic', 'disabled'], consent: { method: 'oral_witnessed', note: '入户走访时口头同意，王网格员见证' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await stored(r.id)).toMatchObject({ tags: ['disabled', 'chronic'], tagRows: ['chronic', 'disabled'] });
    const [c, ...more] = await consentsOf(r.id);
    expect(more).toEqual([]);
    expect(c).toMatchObject({ purpose: 'care_services', method: 'oral_witnessed', notice_version: noticeVersion, note: '入户走访时口头同意，王网格员见证', withdrawn_at: null, org_path: fx.g1.path });
    expect(c!.recorded_by).toBe(admin.userId);
    const [row] = await auditRows(t, { action: 'consent_record', object_id: r.id });
    expect(row).toMatchObject({ actor_id: admin.userId, subject_id: r.id, object_type: 'resident', outcome: 'success' });
    expect(JSON.stringify(row)).not.toContain('口头同意');
    // With a valid consent, another care tag needs no attestation.
    const more2 = await as(t, admin).post(`/api/residents/${r.id}/update`, { version: res.json().version, tags: ['chronic', 'disabled', 'pregnant'] });
    expect(more2.statusCode, more2.body).toBe(200);
    expect(await consentsOf(r.id)).toHaveLength(1);
    // The profile shows the basis next to the tags.
    const profile = (await as(t, admin).get(`/api/residents/${r.id}`)).json();
    expect(profile.consent).toMatchObject({
      purpose: 'care_services', basis: 'separate_consent', valid: true, toConfirm: false, tags: ['disabled', 'chronic', 'pregnant'],
      current: { method: 'oral_witnessed', noticeVersion, recordedBy: 'staff', withdrawnAt: null },
    });
    // Create with attestation: one step.
    const made = await as(t, admin).post('/api/residents', {
      householdId: fx.h1.id, name: '新登记', idNumber: makeCnId('330902', '1944-04-04', seq++), relation: 'other', residenceType: 'registered', tags: ['living_alone'],
      consent: { method: 'written', note: '同意书编号 2025-017' },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().tags).toEqual(['elderly60', 'elderly80', 'living_alone']);
    expect(await consentsOf(made.json().id)).toEqual([expect.objectContaining({ method: 'written', note: '同意书编号 2025-017', notice_version: noticeVersion })]);
  });

  it('refuses a staff attestation by "portal", an ID number in the note, and unknown fields (400 naming the field)', async () => {
    const r = await newResident();
    const portal = await as(t, admin).post(`/api/residents/${r.id}/update`, { version: r.version, tags: ['chronic'], consent: { method: 'portal' } });
    expect(portal.statusCode).toBe(400);
    expect(portal.json().error.details[0].path).toMatch(/consent\.method/);
    const idNote = await as(t, admin).post(`/api/residents/${r.id}/consent`, { method: 'written', note: '身份证 330902197003030012 的同意书' });
    expect(idNote.statusCode).toBe(400);
    expect(idNote.json().error.details[0]).toMatchObject({ path: 'note', code: 'id_number_not_allowed' });
    expect((await as(t, admin).post(`/api/residents/${r.id}/consent`, { method: 'written', tags: ['chronic'] })).statusCode).toBe(400);
    expect(await consentsOf(r.id)).toEqual([]);
  });

  it('staff record a withdrawal: the consent closes and the care tags go in the same transaction, age tags stay; audited; a new consent is a new record', async () => {
    const r = await newResident('1950-05-05');
    const set = await as(t, admin).post(`/api/residents/${r.id}/update`, { version: r.version, tags: ['living_alone', 'chronic'], consent: { method: 'written' } });
    expect(set.statusCode, set.body).toBe(200);
    const before = await stored(r.id);
    expect(before.tags).toEqual(['elderly60', 'living_alone', 'chronic']);

    const w = await as(t, admin).post(`/api/residents/${r.id}/consent/withdraw`, { method: 'oral_witnessed', note: '电话告知不再需要上门' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ removedTags: ['living_alone', 'chronic'], tags: ['elderly60'], consent: { valid: false, toConfirm: false } });
    expect(await stored(r.id)).toEqual({ tags: ['elderly60'], tagRows: ['elderly60'], version: before.version + 1 });
    const [c] = await consentsOf(r.id);
    expect(c).toMatchObject({ withdraw_method: 'oral_witnessed', withdraw_note: '电话告知不再需要上门', withdrawn_by: admin.userId, version: 2 });
    expect(c!.withdrawn_at).not.toBeNull();
    const [row] = await auditRows(t, { action: 'consent_withdraw', object_id: r.id });
    expect(row).toMatchObject({ actor_id: admin.userId, subject_id: r.id, outcome: 'success' });
    expect(Number(row!.count)).toBe(2);
    expect(JSON.parse(row!.fields)).toEqual(['consent', 'tags']);
    expect(JSON.stringify(row)).not.toContain('电话告知');

    // Nothing left to withdraw; the tags cannot come back without a new consent.
    expect((await as(t, admin).post(`/api/residents/${r.id}/consent/withdraw`, { method: 'written' })).json().error.code).toBe('no_consent');
    const again = await as(t, admin).post(`/api/residents/${r.id}/update`, { version: before.version + 1, tags: ['chronic'] });
    expect(again.json().error.code).toBe('consent_required');

    // Consenting again (a day later) makes a second record; the first stays as history.
    t.clock.advance(86_400_000);
    admin = await t.login('admin');
    const rec = await as(t, admin).post(`/api/residents/${r.id}/consent`, { method: 'written', note: '重新签署同意书' });
    expect(rec.statusCode, rec.body).toBe(201);
    expect(rec.json()).toMatchObject({ valid: true, history: [expect.objectContaining({ method: 'written', withdrawnAt: null }), expect.objectContaining({ method: 'written', withdrawMethod: 'oral_witnessed' })] });
    expect((await as(t, admin).post(`/api/residents/${r.id}/consent`, { method: 'written' })).json().error.code).toBe('consent_exists');
    const rows = await consentsOf(r.id);
    expect(rows.map((x) => [x.withdraw_method, x.withdrawn_at === null, x.note])).toEqual([['oral_witnessed', false, null], [null, true, '重新签署同意书']]);
    expect((await as(t, admin).post(`/api/residents/${r.id}/update`, { version: before.version + 1, tags: ['chronic'] })).statusCode).toBe(200);
  });

  it('the resident sees, gives and withdraws their own consent in 我的信息 — only staff set the tags', async () => {
    const r = await newResident('1985-06-06');
    const resident = await t.services.auth.findByUsername('resident');
    await t.services.selfReports.linkAccount(resident!.id, r.id);
    const me = await t.login('resident');
    const status = await as(t, me).get('/api/me/consent');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ linked: true, valid: false, noticeVersion, history: [] });
    expect((await auditRows(t, { action: 'read', subject_id: r.id, actor_id: me.userId })).map((x) => x.reason)).toContain('own_consent');

    const stale = await as(t, me).post('/api/me/consent', { noticeVersion: '2020-01.1+deadbeef' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'notice_version_mismatch', details: [expect.objectContaining({ path: 'noticeVersion' })] });
    const given = await as(t, me).post('/api/me/consent', { noticeVersion });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({ valid: true, current: { method: 'portal', recordedBy: 'resident', noticeVersion } });
    expect((await auditRows(t, { action: 'consent_record', object_id: r.id }))[0]).toMatchObject({ actor_id: me.userId, actor_role: 'resident' });
    // The resident cannot set tags; staff now can without a form.
    expect((await as(t, me).post(`/api/residents/${r.id}/update`, { version: r.version, tags: ['chronic'] })).statusCode).toBe(403);
    const tagged = await as(t, admin).post(`/api/residents/${r.id}/update`, { version: r.version, tags: ['chronic'] });
    expect(tagged.statusCode, tagged.body).toBe(200);
    expect((await as(t, me).get('/api/me/record')).json().record.tags).toEqual(['chronic']);

    const w = await as(t, me).post('/api/me/consent/withdraw', {});
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ removedTags: ['chronic'], consent: { valid: false } });
    expect((await stored(r.id)).tags).toEqual([]);
    const [c] = await consentsOf(r.id);
    expect(c).toMatchObject({ withdraw_method: 'portal', withdrawn_by: me.userId });
    expect((await auditRows(t, { action: 'consent_withdraw', object_id: r.id }))[0]).toMatchObject({ actor_id: me.userId, actor_role: 'resident' });
    expect((await as(t, me).post('/api/me/consent/withdraw', {})).json().error.code).toBe('no_consent');
    // Staff have no portal routes; a resident has no staff routes.
    expect((await as(t, admin).post('/api/me/consent', { noticeVersion })).statusCode).toBe(403);
    expect((await as(t, me).post(`/api/residents/${r.id}/consent`, { method: 'written' })).statusCode).toBe(403);
  });

  it('age-derived tags (60+, 80+, minor, infant) need no consent', async () => {
    const old = await as(t, admin).post('/api/residents', {
      householdId: fx.h1.id, name: '八旬老人', idNumber: makeCnId('330902', '1940-02-02', seq++), relation: 'other', residenceType: 'registered', tags: ['elderly60', 'elderly80'],
    });
    expect(old.statusCode, old.body).toBe(201);
    expect(old.json().tags).toEqual(['elderly60', 'elderly80']);
    const baby = await as(t, admin).post('/api/residents', {
      householdId: fx.h1.id, name: '婴儿', idNumber: makeCnId('330902', '2024-01-01', seq++), relation: 'child', residenceType: 'registered', tags: ['infant', 'minor'], guardianId: fx.R1.id,
    });
    expect(baby.statusCode, baby.body).toBe(201);
    expect(baby.json().tags).toEqual(['infant', 'minor']);
    expect(await consentsOf(old.json().id)).toEqual([]);
    expect(await consentsOf(baby.json().id)).toEqual([]);
  });

  it('residents outside the caller\'s area are 404 (audited as denied), a restricted record needs a grant', async () => {
    const gw = await t.login('grid1');
    const out = await as(t, gw).post(`/api/residents/${fx.R2.id}/consent`, { method: 'written' });
    expect(out.statusCode).toBe(404);
    expect((await as(t, gw).post(`/api/residents/${fx.R2.id}/consent/withdraw`, { method: 'written' })).statusCode).toBe(404);
    expect((await as(t, admin).post(`/api/residents/${fx.R3.id}/consent`, { method: 'written' })).statusCode).toBe(404);
    expect((await as(t, admin).post('/api/residents/no-such-id/consent', { method: 'written' })).statusCode).toBe(404);
    const denied = await auditRows(t, { action: 'consent_record', object_id: fx.R2.id });
    expect(denied).toEqual([expect.objectContaining({ outcome: 'denied', actor_id: gw.userId })]);
    expect(await consentsOf(fx.R2.id)).toEqual([]);
    expect(await consentsOf(fx.R3.id)).toEqual([]);
    // In scope for the grid-2 worker.
    const g2 = await t.login('grid2');
    expect((await as(t, g2).post(`/api/residents/${fx.R2.id}/consent`, { method: 'written' })).statusCode).toBe(201);
    // Restricted: no consent command without break-the-glass.
    const r = await newResident();
    await t.services.registry.setRestricted({ ...(await t.services.auth.findByUsername('admin'))!, kind: 'user', orgPath: t.orgs.community.path } as never, SYSTEM_ACTOR, r.id, { restricted: true, reason: '测试', version: r.version });
    const blocked = await as(t, admin).post(`/api/residents/${r.id}/consent`, { method: 'written' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('break_glass_required');
  });

  it('import without the attestation: care tags are not stored, a header-level warning counts the rows; row errors are unchanged', async () => {
    const file = path.join(dir, 'no-consent.csv');
    const id = (b: string) => makeCnId('330902', b, seq++);
    fs.writeFileSync(file, [
      HEAD,
      `导入甲,${id('1948-01-01')},13800002001,关爱小区,1幢,1单元,101,户主,户籍,独居,`,
      `导入乙,${id('1970-01-01')},13800002002,关爱小区,1幢,1单元,102,户主,户籍,慢性病、残疾,`,
      `导入丙,${id('1980-01-01')},13800002003,关爱小区,1幢,1单元,103,户主,户籍,,`,
      `导入丁,${id('1950-01-01')},13800002004,关爱小区,1幢,1单元,104,户主,户籍,老人,`,
      `坏校验,11010519491231003X,,关爱小区,1幢,1单元,105,户主,户籍,独居,`,
    ].join('\n'));
    const dry = await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=true`);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ errorCount: 1, consentsRecorded: 0 });
    expect(dry.json().warnings).toEqual([expect.objectContaining({ code: 'care_tags_without_consent', column: '标签', count: 2, message: expect.stringContaining('2 行'), messageEn: expect.stringContaining('2 row') })]);

    const res = await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'partial', imported: 4, errorCount: 1, errors: [expect.objectContaining({ row: 5, code: 'checksum' })], consentsRecorded: 0 });
    expect(res.json().warnings).toEqual([expect.objectContaining({ code: 'care_tags_without_consent', count: 2 })]);
    const rows = await db().selectFrom('residents').select(['id', 'name', 'tags']).where('name', 'like', '导入%').orderBy('name').execute();
    expect(Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.tags)]))).toEqual({ 导入丁: ['elderly60'], 导入丙: [], 导入乙: [], 导入甲: ['elderly60'] });
    expect(await db().selectFrom('resident_consents').select('id').where('resident_id', 'in', rows.map((r) => r.id)).execute()).toEqual([]);
    // The stored job keeps the warning; the audit row counts it.
    const job = (await as(t, admin).get(`/api/registry/imports/${res.json().jobId}`)).json();
    expect(job.warnings).toEqual([expect.objectContaining({ code: 'care_tags_without_consent', count: 2 })]);
    const [a] = await auditRows(t, { action: 'import', object_id: res.json().jobId });
    expect(a!.reason).toContain('care_consents=0; care_tags_withheld=2');
  });

  it('import with the attestation: rows with care tags get a written consent in the same write; residents who consented need none', async () => {
    const file = path.join(dir, 'consent.csv');
    const id = (b: string) => makeCnId('330902', b, seq++);
    const stay = id('1985-01-01');
    // 同意丁 is stored already, with a care tag from before consents were recorded (no consent).
    const ding = id('1975-01-01');
    fs.writeFileSync(file, [HEAD, `同意丁,${ding},13800003004,关爱小区,1幢,2单元,204,户主,户籍,,`].join('\n'));
    expect((await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`)).statusCode).toBe(201);
    const dingId = (await db().selectFrom('residents').select('id').where('name', '=', '同意丁').executeTakeFirstOrThrow()).id;
    await db().updateTable('residents').set({ tags: '["living_alone"]' }).where('id', '=', dingId).execute();
    fs.writeFileSync(file, [
      HEAD,
      `同意甲,${id('1946-01-01')},13800003001,关爱小区,1幢,2单元,201,户主,户籍,独居,`,
      `同意乙,${stay},13800003002,关爱小区,1幢,2单元,202,户主,户籍,孕妇,`,
      `同意丙,${id('1981-01-01')},13800003003,关爱小区,1幢,2单元,203,户主,户籍,,`,
      `同意丁,${ding},13800003004,关爱小区,1幢,2单元,204,户主,户籍,独居,`,
    ].join('\n'));
    const res = await upload(file, `communityId=${t.orgs.community.id}&mode=all_or_nothing&dryRun=false&careConsent=written`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'committed', imported: 3, updated: 1, consentsRecorded: 3, warnings: [] });
    const rows = await db().selectFrom('residents').select(['id', 'name', 'tags']).where('name', 'like', '同意%').orderBy('name').execute();
    const consents = await db().selectFrom('resident_consents').selectAll().where('resident_id', 'in', rows.map((r) => r.id)).execute();
    const byName = new Map(rows.map((r) => [r.id, r.name]));
    // The attestation also confirms the tag 同意丁 held from before.
    expect(consents.map((c) => byName.get(c.resident_id)).sort()).toEqual(['同意丁', '同意乙', '同意甲']);
    for (const c of consents) expect(c).toMatchObject({ method: 'written', notice_version: noticeVersion, import_job_id: res.json().jobId, recorded_by: admin.userId, withdrawn_at: null });
    expect(JSON.parse(rows.find((r) => r.name === '同意甲')!.tags)).toEqual(['elderly60', 'living_alone']);
    const [a] = await auditRows(t, { action: 'consent_record', object_id: res.json().jobId });
    expect(a).toMatchObject({ object_type: 'resident_import', outcome: 'success' });
    expect(Number(a!.count)).toBe(3);

    // Re-import without the attestation: 同意乙 has a valid consent, so an added care tag is stored; no new consent record.
    fs.writeFileSync(file, [HEAD, `同意乙,${stay},13800003002,关爱小区,1幢,2单元,202,户主,户籍,孕妇、慢性病,`].join('\n'));
    const again = await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`);
    expect(again.json()).toMatchObject({ updated: 1, consentsRecorded: 0, warnings: [] });
    const yi = rows.find((r) => r.name === '同意乙')!;
    expect((await stored(yi.id)).tags).toEqual(['chronic', 'pregnant']);
    expect(await consentsOf(yi.id)).toHaveLength(1);
    // A bad value for the option is refused naming it.
    const bad = await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=true&careConsent=oral`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toMatch(/careConsent/);
  });

  it('the data-quality check lists care tags held without a consent (from before consents were recorded) until confirmed', async () => {
    const r = await newResident('1948-08-08');
    await db().updateTable('residents').set({ tags: '["elderly60","living_alone"]' }).where('id', '=', r.id).execute();
    await db().insertInto('resident_tags').values([{ resident_id: r.id, tag: 'living_alone', org_path: fx.g1.path }]).execute();
    const list = async () => (await as(t, admin).get('/api/registry/quality/items?kind=consent_missing&pageSize=100')).json().items.map((i: { id: string }) => i.id);
    expect(await list()).toContain(r.id);
    const profile = (await as(t, admin).get(`/api/residents/${r.id}`)).json();
    expect(profile.consent).toMatchObject({ valid: false, toConfirm: true, tags: ['living_alone'] });
    // Keeping the tag through an unrelated edit is allowed (it was already there) — confirming the consent clears the case.
    const edit = await as(t, admin).post(`/api/residents/${r.id}/update`, { version: r.version, tags: ['living_alone'], relation: 'parent' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await as(t, admin).post(`/api/residents/${r.id}/consent`, { method: 'written' })).statusCode).toBe(201);
    expect(await list()).not.toContain(r.id);
  });

  it('the demo seed records a written consent for every resident with consent-based care tags, and none for the others', async () => {
    const d = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    try {
      const version = d.services.notice.version();
      const res = await seedRegistryDemo(d.platform, d.services.audit, d.services.orgs, SEED_ACTOR, { noticeVersion: version });
      const people = await d.platform.database.db.selectFrom('residents').select(['id', 'tags']).execute();
      const tagged = new Set(people.filter((p) => (JSON.parse(p.tags) as string[]).some((x) => ['living_alone', 'disabled', 'chronic', 'pregnant'].includes(x))).map((p) => p.id));
      expect(tagged.size).toBeGreaterThan(100);
      const consents = await d.platform.database.db.selectFrom('resident_consents').selectAll().execute();
      expect(new Set(consents.map((c) => c.resident_id))).toEqual(tagged);
      expect(consents).toHaveLength(tagged.size);
      for (const c of consents) expect(c).toMatchObject({ method: 'written', notice_version: version, recorded_by: 'system:seed', withdrawn_at: null, purpose: 'care_services' });
      expect((res.a as { consents?: number }).consents! + (res.b as { consents?: number }).consents!).toBe(tagged.size);
      // Deterministic: the recording day depends on the generated person only (30–329 days before the demo date).
      const days = consents.map((c) => (new Date('2026-11-29T00:00:00+08:00').getTime() - new Date(String(c.recorded_at)).getTime()) / 86_400_000);
      expect(Math.min(...days)).toBeGreaterThanOrEqual(30);
      expect(Math.max(...days)).toBeLessThan(330);
      expect((await auditRows(d, { action: 'consent_record' })).map((r) => Number(r.count)).reduce((a, b) => a + b, 0)).toBe(tagged.size);
    } finally {
      await d.close();
    }
  });
});
