// ADR 0046: audit rows of answers that show many residents at once (list pages, searches, household pages, 数据质量,
// request lists) name the residents shown in `audit_disclosures`, in the same transaction; the row's hash covers the
// list; the breach impact query attributes them; the resident sees the appearance; the purge removes them with their
// rows. Both dialects (RENXING_TEST_DIALECT=postgres).
import { ImpactAnswerSchema, makeCnId } from '@renxing/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { runAuditCommand } from './audit.cli';
import { systemActor } from './audit.service';

const DAY = 86400_000;
const H = 3600_000;

/** The residents the disclosures of audit row `id` name, sorted. */
async function disclosed(t: TestApp, id: number | string): Promise<string[]> {
  const rows = await t.platform.database.db.selectFrom('audit_disclosures').select('resident_id').where('audit_id', '=', Number(id)).execute();
  return rows.map((r) => String(r.resident_id)).sort();
}

/** The newest audit row of `actorId` with `action`. */
async function newest(t: TestApp, actorId: string, action: string) {
  return t.platform.database.db.selectFrom('audit_log').selectAll().where('actor_id', '=', actorId).where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

const cli = async (t: TestApp, args: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await runAuditCommand(args, t.platform.database, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) }, () => t.clock.now(), { retentionDays: 180 });
  return { code, stdout, stderr };
};

/**
 * Acts as the database owner would: the disclosure triggers off for `fn`. On SQLite they are dropped for good (the
 * tampering test is the file's last); on PostgreSQL they are switched back on afterwards.
 */
async function triggersOff(t: TestApp, fn: () => Promise<void>) {
  const { db, dialect } = t.platform.database;
  if (dialect.name === 'sqlite') {
    for (const tr of ['audit_disclosures_no_insert', 'audit_disclosures_no_update', 'audit_disclosures_no_delete']) await sql.raw(`drop trigger if exists ${tr}`).execute(db);
    await fn();
  } else {
    await sql.raw('alter table audit_disclosures disable trigger user').execute(db);
    try {
      await fn();
    } finally {
      await sql.raw('alter table audit_disclosures enable trigger user').execute(db);
    }
  }
}

describe(`audit disclosures: list and search answers name the residents shown (ADR 0046, ${TEST_DIALECT})`, () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  const T0 = Date.parse('2025-06-01T00:00:00+08:00');
  const at = (h: number) => new Date(T0 + h * H).toISOString();
  let grid1: string;
  /** What grid1's answers showed, by audit row. */
  const shown: { list: string[]; page2: string[]; search: string[]; household: string[]; minimal: string[] } = { list: [], page2: [], search: [], household: [], minimal: [] };
  const rowIds: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp({ clockStart: at(0) });
    fx = await seedScopedFixture(t, 5);
    const resident = await t.services.auth.findByUsername('resident');
    await t.services.selfReports.linkAccount(resident!.id, fx.R1.id);
    grid1 = (await t.services.auth.findByUsername('grid1'))!.id;

    t.clock.set(at(3));
    const w = await t.login('grid1');
    const list = await as(t, w).get('/api/residents?pageSize=4');
    expect(list.statusCode).toBe(200);
    shown.list = list.json().items.map((i: { id: string }) => i.id);
    rowIds.list = Number((await newest(t, grid1, 'list')).id);
    const page2 = await as(t, w).get('/api/residents?pageSize=4&page=2');
    shown.page2 = page2.json().items.map((i: { id: string }) => i.id);
    rowIds.page2 = Number((await newest(t, grid1, 'list')).id);
    const search = await as(t, w).post('/api/residents/search', { q: 'zhao', limit: 3 });
    expect(search.statusCode).toBe(200);
    shown.search = search.json().items.map((i: { id: string }) => i.id);
    rowIds.search = Number((await newest(t, grid1, 'search')).id);
    const household = await as(t, w).get(`/api/households/${fx.h1.id}`);
    expect(household.statusCode).toBe(200);
    shown.household = household.json().members.map((m: { id: string }) => m.id);
    rowIds.household = Number((await newest(t, grid1, 'read')).id);
    expect((await as(t, w).post('/api/residents/search', { q: '没有这个人' })).json().items).toEqual([]);
    rowIds.empty = Number((await newest(t, grid1, 'search')).id);
    // A profile read names its subject as before.
    expect((await as(t, w).get(`/api/residents/${fx.extras[4]!.id}`)).statusCode).toBe(200);
    rowIds.profile = Number((await newest(t, grid1, 'read')).id);

    // Search only (the collector): the minimal answer.
    const c = await t.login('collector');
    const min = await as(t, c).post('/api/residents/search', { q: '张' });
    shown.minimal = min.json().items.map((i: { id: string }) => i.id);
    rowIds.minimal = Number((await newest(t, c.userId, 'search')).id);
    t.clock.set(at(5));
  });
  afterAll(async () => t.close());

  it('a list page, a search, a household page record exactly the residents they showed, in the audit row’s transaction', async () => {
    expect(shown.list).toHaveLength(4);
    expect(shown.page2.length).toBeGreaterThan(0);
    expect(shown.search).toHaveLength(3);
    expect(shown.household).toHaveLength(6); // R1 and the five extras
    expect(shown.minimal).toEqual([fx.R1.id]);
    expect(await disclosed(t, rowIds.list!)).toEqual([...shown.list].sort());
    expect(await disclosed(t, rowIds.page2!)).toEqual([...shown.page2].sort());
    expect(new Set([...shown.list, ...shown.page2]).size).toBe(shown.list.length + shown.page2.length);
    expect(await disclosed(t, rowIds.search!)).toEqual([...shown.search].sort());
    expect(await disclosed(t, rowIds.household!)).toEqual([...shown.household].sort());
    expect(await disclosed(t, rowIds.minimal!)).toEqual([fx.R1.id]);
    // Nothing shown, nothing named; a profile read names its subject in the row itself.
    expect(await disclosed(t, rowIds.empty!)).toEqual([]);
    expect(await disclosed(t, rowIds.profile!)).toEqual([]);
    const { db } = t.platform.database;
    const search = await db.selectFrom('audit_log').selectAll().where('id', '=', rowIds.search!).executeTakeFirstOrThrow();
    expect(search).toMatchObject({ subject_id: null, count: 3, action: 'search' });
    expect(JSON.parse(search.fields)).toEqual(['nameMasked', 'idMasked', 'phoneMasked', 'tags', 'household']);
    const minimal = await db.selectFrom('audit_log').select('fields').where('id', '=', rowIds.minimal!).executeTakeFirstOrThrow();
    expect(JSON.parse(minimal.fields)).toEqual(['nameMasked', 'idMasked', 'buildingUnit']);
    // The chain covers the lists and holds.
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('the other lists of residents name theirs too: 数据质量, correction and deletion requests, the day’s self-reports', async () => {
    const a = await t.login('admin');
    const { db } = t.platform.database;
    // A resident without a phone number, in a household without a head (grid 2, outside grid1's lists), for the 数据质量
    // lists "no phone" and "household without a head".
    const home = await t.services.registry.createHousehold(systemActor('system:test'), { unitId: fx.places.pA2.unit.id, room: '202' });
    const created = await as(t, a).post('/api/residents', { householdId: home.id, name: '钱七', idNumber: makeCnId('330902', '1970-03-04', 321), relation: 'other', residenceType: 'registered' });
    expect(created.statusCode, created.body).toBe(201);
    const q = await as(t, a).get('/api/registry/quality/items?kind=no_phone');
    expect(q.json().items.map((i: { id: string }) => i.id)).toEqual([created.json().id]);
    expect(await disclosed(t, (await newest(t, a.userId, 'list')).id)).toEqual([created.json().id]);
    // A list of households: their active members (the address is theirs).
    const hh = await as(t, a).get('/api/registry/quality/items?kind=household_no_head');
    expect(hh.statusCode).toBe(200);
    const hhIds = hh.json().items.map((h: { id: string }) => h.id as string);
    expect(hhIds).toContain(home.id);
    const members = (await db.selectFrom('residents').select('id').where('household_id', 'in', hhIds).where('status', '=', 'active').execute()).map((m) => m.id as string);
    expect(members).toContain(created.json().id);
    expect(await disclosed(t, (await newest(t, a.userId, 'list')).id)).toEqual(members.sort());

    const me = await t.login('resident');
    expect((await as(t, me).post('/api/me/corrections', { field: 'phone', proposed: '13812340000', note: '换号了' })).statusCode).toBe(201);
    expect((await as(t, a).get('/api/registry/corrections')).statusCode).toBe(200);
    const corr = await newest(t, a.userId, 'read');
    expect(corr.object_type).toBe('correction_request');
    expect(await disclosed(t, corr.id)).toEqual([fx.R1.id]);
    expect((await as(t, me).post('/api/me/deletion-requests', { ground: 'moved_away', scope: 'care_tags', note: '已搬走' })).statusCode).toBe(201);
    const dels = await as(t, a).get('/api/registry/deletion-requests');
    expect(dels.json().items.map((i: { residentId: string }) => i.residentId)).toEqual([fx.R1.id]);
    const delRow = await newest(t, a.userId, 'read');
    expect(delRow.object_type).toBe('deletion_request');
    expect(await disclosed(t, delRow.id)).toEqual([fx.R1.id]);

    // Temperatures are collected only while an emergency covers the area (ADR 0027).
    const d = await t.login('district');
    expect((await as(t, d).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2025-05-15', legalRef: '定海区疫情防控指挥部通告第1号' })).statusCode).toBe(201);
    const w = await t.login('grid1');
    expect((await as(t, me).post('/api/self-reports', { temperature: 36.6, symptoms: [] })).statusCode).toBe(201);
    const reports = await as(t, w).get('/api/self-reports?date=2025-06-01');
    expect(reports.statusCode).toBe(200);
    expect(reports.json().items.map((i: { residentId: string }) => i.residentId)).toEqual([fx.R1.id]);
    expect(await disclosed(t, (await newest(t, grid1, 'list')).id)).toEqual([fx.R1.id]);
  });

  it('the breach impact query by that worker lists those residents, and no longer reports those answers as unattributed', async () => {
    const sec = await t.loginMfa('secadmin');
    const r = await as(t, sec).get(`/api/admin/impact?actor=grid1&from=${encodeURIComponent(at(2))}&to=${encodeURIComponent(at(4))}&pageSize=100`);
    expect(r.statusCode, r.body).toBe(200);
    const a = ImpactAnswerSchema.parse(r.json());
    const expected = new Set([...shown.list, ...shown.page2, ...shown.search, ...shown.household, fx.extras[4]!.id]);
    expect(a.items.map((i) => i.residentId).sort()).toEqual([...expected].sort());
    expect(a.unattributed).toEqual([]);
    expect(a.unclassifiedFields).toEqual([]);
    // Classes from the rows' fields: masked name and ID stay "not clear"; the address and care tags were shown as they are.
    const cls = Object.fromEntries(a.totals.byClass.map((c) => [c.class, c]));
    expect(cls.identity).toMatchObject({ subjects: expected.size, clearSubjects: 0 });
    expect(cls.address).toMatchObject({ subjects: expected.size, clearSubjects: expected.size });
    // Everyone but the resident whose profile was opened was only listed: masked name, ID and phone, the address and
    // care tags as they are.
    for (const i of a.items.filter((x) => x.residentId !== fx.extras[4]!.id)) {
      expect(i).toMatchObject({ classes: ['identity', 'contact', 'name', 'address', 'sensitive'], clearClasses: ['address', 'sensitive'] });
    }
    expect(a.items.find((i) => i.residentId === fx.extras[4]!.id)!.clearClasses).toContain('name');
    // R1: on a list page and the household page (reads), not in the 'zhao' search.
    expect(a.items.find((i) => i.residentId === fx.R1.id)!.actions).toEqual(['read']);
    expect(a.totals.byAction.find((x) => x.action === 'search')!.subjects).toBe(shown.search.length);
    // The collector's minimal answer: masked name and ID, and building / unit (masked address).
    const c = ImpactAnswerSchema.parse((await as(t, sec).get(`/api/admin/impact?actor=collector&from=${encodeURIComponent(at(2))}&to=${encodeURIComponent(at(4))}`)).json());
    expect(c.items.map((i) => i.residentId)).toEqual([fx.R1.id]);
    expect(c.items[0]).toMatchObject({ classes: ['identity', 'name', 'address'], clearClasses: [], actions: ['search'] });
    expect(c.unattributed).toEqual([]);
    // Rows from before the side table (no list) are still reported as unattributed, with their records.
    const old = { actorId: grid1, actorRole: 'grid_worker', actorOrg: fx.g1.id, sessionId: null, ip: null, userAgentHash: null, requestId: null };
    t.clock.set(at(6));
    const sec2 = await t.loginMfa('secadmin');
    await t.services.audit.record(old, { action: 'list', objectType: 'resident', outcome: 'success', count: 7, fields: ['nameMasked'] });
    const later = ImpactAnswerSchema.parse((await as(t, sec2).get(`/api/admin/impact?actor=grid1&from=${encodeURIComponent(at(5.5))}&to=${encodeURIComponent(at(6.5))}`)).json());
    expect(later.unattributed).toEqual([{ action: 'list', category: 'read', objectType: 'resident', events: 1, records: 7 }]);
    expect(later.total).toBe(0);
  });

  it('the resident sees that they appeared in a grid worker’s list, search result and household page', async () => {
    const me = await t.login('resident');
    const r = await as(t, me).get('/api/me/access-log?pageSize=100');
    expect(r.statusCode).toBe(200);
    const items = r.json().items as Array<{ action: string; appearance: string | null; actorRole: string; organisation: string | null; fields: string[] }>;
    const byGrid1 = items.filter((i) => i.actorRole === 'grid_worker');
    const appearances = byGrid1.map((i) => i.appearance).filter(Boolean).sort();
    // R1 was on grid1's first or second list page, in the household page, in the self-report list; not in the 'zhao' search.
    const inLists = [rowIds.list, rowIds.page2].filter((id) => [shown.list, shown.page2][id === rowIds.list ? 0 : 1]!.includes(fx.R1.id)).length;
    expect(appearances).toEqual([...Array(inLists + 1).fill('list'), 'household'].sort());
    expect(byGrid1.find((i) => i.appearance === 'household')).toMatchObject({ action: 'read', organisation: '第一网格' });
    // The collector's search found R1.
    expect(items.find((i) => i.actorRole === 'collector')).toMatchObject({ action: 'search', appearance: 'search', fields: ['nameMasked', 'idMasked', 'buildingUnit'] });
    // The correction request list of the community admin.
    expect(items.find((i) => i.actorRole === 'community_admin' && i.appearance === 'list')).toBeDefined();
    expect(r.json().total).toBe(items.length);
    expect(r.body).not.toContain('第一网格网格员');
    // An extra resident who was in the search names it as a search appearance (the page reads the same rows for anyone).
    const rows = await t.services.audit.accessesTo({ residentId: shown.search[0]!, excludeActorId: 'nobody', page: 1, pageSize: 50 });
    expect(rows.items.map((x) => x.id)).toContain(rowIds.search);
  });

  it('the database refuses to change, remove or add disclosures on the application’s connection', async () => {
    const { db } = t.platform.database;
    const id = rowIds.search!;
    await expect(sql`update audit_disclosures set resident_id = 'someone-else' where audit_id = ${id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_disclosures where audit_id = ${id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`insert into audit_disclosures (audit_id, resident_id) values (${id}, ${fx.R3.id})`.execute(db)).rejects.toThrow(/append-only/);
    if (TEST_DIALECT === 'postgres') await expect(sql`truncate audit_disclosures`.execute(db)).rejects.toThrow(/append-only/);
    expect(await disclosed(t, id)).toEqual([...shown.search].sort());
    expect((await t.services.audit.verify()).ok).toBe(true);
  });

  // Last: the tampering below switches the triggers off (on SQLite for good), as a database owner could.
  it('a removed or added disclosure breaks the chain at its audit row (service and `renxing audit verify`)', async () => {
    const { db } = t.platform.database;
    const search = rowIds.search!;
    const victim = shown.search[1]!;
    await triggersOff(t, async () => {
      await sql`delete from audit_disclosures where audit_id = ${search} and resident_id = ${victim}`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: false, firstBrokenId: search, reason: 'hash_mismatch' });
    let out = await cli(t, ['verify']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`audit chain BROKEN at row ${search} (hash_mismatch)`);
    await triggersOff(t, async () => {
      await sql`insert into audit_disclosures (audit_id, resident_id) values (${search}, ${victim})`.execute(db);
    });
    expect((await t.services.audit.verify()).ok).toBe(true);

    // Added: a resident slipped into a row that named nobody, and into a list that did.
    const profile = rowIds.profile!;
    await triggersOff(t, async () => {
      await sql`insert into audit_disclosures (audit_id, resident_id) values (${profile}, ${fx.R3.id})`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: false, firstBrokenId: profile, reason: 'hash_mismatch' });
    out = await cli(t, ['verify']);
    expect(out.stdout).toContain(`BROKEN at row ${profile}`);
    await triggersOff(t, async () => {
      await sql`delete from audit_disclosures where audit_id = ${profile}`.execute(db);
      await sql`insert into audit_disclosures (audit_id, resident_id) values (${rowIds.household!}, ${fx.R3.id})`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: false, firstBrokenId: rowIds.household, reason: 'hash_mismatch' });
    await triggersOff(t, async () => {
      await sql`delete from audit_disclosures where audit_id = ${rowIds.household!} and resident_id = ${fx.R3.id}`.execute(db);
    });
    expect((await t.services.audit.verify()).ok).toBe(true);

    // A disclosure for a row no append wrote (above the head).
    const head = Number((await db.selectFrom('audit_head').select('last_id').executeTakeFirstOrThrow()).last_id);
    await triggersOff(t, async () => {
      await sql`insert into audit_disclosures (audit_id, resident_id) values (${head + 5}, ${fx.R3.id})`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: false, firstBrokenId: head + 5, reason: 'head_mismatch' });
    expect((await cli(t, ['verify'])).code).toBe(1);
  });
});

describe(`audit disclosures and the audit purge (ADR 0030, ADR 0046, ${TEST_DIALECT})`, () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let now: Date;
  let oldList: number;
  let oldShown: string[];
  let youngSearch: number;

  beforeAll(async () => {
    // The database judges the 180-day floor by its own clock: the app clock runs at the real time, old rows are
    // appended with it set back (as audit.purge.test.ts does).
    now = new Date();
    t = await createTestApp({ clockStart: new Date(now.getTime() - 401 * DAY).toISOString(), config: { auditRetentionDays: 180 } });
    fx = await seedScopedFixture(t, 2);
    t.clock.set(new Date(now.getTime() - 400 * DAY));
    let w = await t.login('grid1');
    oldShown = (await as(t, w).get('/api/residents')).json().items.map((i: { id: string }) => i.id);
    oldList = Number((await newest(t, w.userId, 'list')).id);
    t.clock.set(new Date(now.getTime() - 10 * DAY));
    w = await t.login('grid1');
    expect((await as(t, w).post('/api/residents/search', { q: '张' })).json().items).toHaveLength(1);
    youngSearch = Number((await newest(t, w.userId, 'search')).id);
    t.clock.set(now);
  });
  afterAll(async () => t.close());

  it('the purge removes the disclosures of the rows it purges, keeps the others, and the chain still verifies', async () => {
    expect(oldShown).toHaveLength(3); // grid 1: R1 and the two extras
    expect(await disclosed(t, oldList)).toEqual([...oldShown].sort());
    expect(await disclosed(t, youngSearch)).toEqual([fx.R1.id]);
    const res = await t.services.audit.purge(systemActor('system:test'), { retentionDays: 180 });
    expect(res.checkpoint).not.toBeNull();
    expect(res.throughId).toBeGreaterThanOrEqual(oldList);
    expect(res.throughId).toBeLessThan(youngSearch);
    expect(await disclosed(t, oldList)).toEqual([]);
    const { db } = t.platform.database;
    expect(Number((await db.selectFrom('audit_disclosures').select((eb) => eb.fn.countAll().as('n')).where('audit_id', '<=', res.throughId!).executeTakeFirstOrThrow()).n)).toBe(0);
    expect(await disclosed(t, youngSearch)).toEqual([fx.R1.id]);
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, checkpoint: { seq: 1, throughId: res.throughId } });
    const out = await cli(t, ['verify']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('audit chain ok');
    // The young row's disclosures stay out of reach of the application: above the checkpoint and younger than 180 days.
    await expect(sql`delete from audit_disclosures where audit_id = ${youngSearch}`.execute(db)).rejects.toThrow(/append-only/);
    // The resident's page no longer has the purged list; the young search is still there.
    const rows = await t.services.audit.accessesTo({ residentId: fx.R1.id, excludeActorId: 'nobody', page: 1, pageSize: 100 });
    expect(rows.items.map((r) => r.id)).toContain(youngSearch);
    expect(rows.items.map((r) => r.id)).not.toContain(oldList);
  });
});
