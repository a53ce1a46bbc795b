import { makeCnId } from '@renxing/shared';
import { encodeGbk } from '../registry/import/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';
import { seedAll } from '../../seed';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { makeSamplingCode } from './sampling.code';

type Round = { id: string; name: string; status: string; poolSize: number; version: number; figures: Record<string, number> };
type Tube = { id: string; barcode: string; poolSize: number; members: number; result: string; people: Array<{ residentId: string | null; nameMasked: string; idMasked: string; walkIn: boolean; repeat: boolean }> };
type Retest = { id: string; residentId: string | null; nameMasked: string; reason: string; status: string; sourceBarcode: string; retestBarcode: string | null };

/** A synthetic walk-in: a valid-checksum ID number of 岱山县 (330921), not registered anywhere in the fixture. */
const WALK_IN = makeCnId('330921', '1990-06-15', 321);
const WALK_IN_2 = makeCnId('330921', '1975-02-03', 88);

/** A multipart body with one file field. */
function upload(name: string, content: Buffer, type = 'text/csv') {
  const boundary = `----rx${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('核酸采样 nucleic-acid sampling (ADR 0079)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let grid1: Session;
  let collector: Session;
  let doctor: Session;
  let street: Session;
  let resident: Session;
  let round: Round;
  let siteId = '';
  let firstTube: Tube;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    [admin, grid1, collector, doctor, street, resident] = await Promise.all(['admin', 'grid1', 'collector', 'doctor', 'street', 'resident'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());

  const tube = (s: Session, body: Record<string, unknown>, key?: string) =>
    as(t, s).post(`/api/sampling/rounds/${round.id}/tubes`, body, key ? { 'idempotency-key': key } : {});
  const results = (s: Session, name: string, content: Buffer) => {
    const u = upload(name, content);
    return as(t, s).post(`/api/sampling/rounds/${round.id}/results`, u.payload, u.headers);
  };
  const retests = async (s: Session, q = '') => (await as(t, s).get(`/api/sampling/rounds/${round.id}/retests${q}`)).json() as { items: Retest[]; total: number };

  it('a community admin adds a site and opens a round; others may not; bad input names the field', async () => {
    expect((await as(t, grid1).post('/api/sampling/sites', { name: '服务中心', address: '东侧停车场', stations: 2 })).statusCode).toBe(403);
    const bad = await as(t, admin).post('/api/sampling/sites', { name: '', address: '联系 13812345678', stations: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.address', 'body.name', 'body.stations']);
    const site = await as(t, admin).post('/api/sampling/sites', { name: '服务中心', address: '东侧停车场', stations: 2 });
    expect(site.statusCode, site.body).toBe(201);
    siteId = site.json().id;
    expect((await as(t, admin).post('/api/sampling/sites', { name: '服务中心', address: '别处', stations: 1 })).json().error.code).toBe('name_taken');
    const stale = await as(t, admin).post(`/api/sampling/sites/${siteId}/update`, { stations: 3, version: 9 });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'stale_version']);

    expect((await as(t, admin).post('/api/sampling/rounds', { name: '12月4日全员核酸', roundDate: '2026-12-04', poolSize: 3 })).json().error.details[0].path).toBe('body.poolSize');
    expect((await as(t, admin).post('/api/sampling/rounds', { name: 'x', roundDate: '2026-02-30', poolSize: 5 })).json().error.details[0].path).toBe('body.roundDate');
    const r = await as(t, admin).post('/api/sampling/rounds', { name: '12月4日全员核酸', roundDate: '2026-12-04', poolSize: 5 });
    expect(r.statusCode, r.body).toBe(201);
    round = r.json();
    // Community A has two residents present (R1 in grid 1, R2 in grid 2); nobody sampled yet.
    expect(round).toMatchObject({ status: 'open', poolSize: 5, figures: { expected: 2, sampled: 0, coverage: 0, tubes: 0, retestsOpen: 0 } });
    expect((await as(t, street).get('/api/sampling/rounds')).json().items.map((x: Round) => x.id)).toEqual([round.id]);
    expect((await as(t, street).post('/api/sampling/rounds', { name: 'y', roundDate: '2026-12-04', poolSize: 5 })).statusCode).toBe(403);
  });

  it('the station check says who an ID card is (masked), a walk-in, or a field error; it is audited', async () => {
    const r1 = await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, { idNumber: FIXTURE_IDS.R1 });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ person: { residentId: fx.R1.id, nameMasked: '张*', idMasked: '330902********1233', registered: true }, sampled: [], retest: null });
    expect(r1.body).not.toContain(FIXTURE_IDS.R1);
    // A resident of community B is a walk-in here: the collector sees nothing of another community's record.
    const r3 = (await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, { idNumber: FIXTURE_IDS.R3 })).json();
    expect(r3.person).toMatchObject({ residentId: null, nameMasked: null, registered: false });
    const bad = await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, { idNumber: '330902198001011234' });
    expect([bad.statusCode, bad.json().error.details[0].path, bad.json().error.details[0].code]).toEqual([400, 'idNumber', 'checksum']);
    const both = await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, {});
    expect(both.statusCode).toBe(400);
    expect((await as(t, street).post(`/api/sampling/rounds/${round.id}/check`, { idNumber: FIXTURE_IDS.R1 })).statusCode).toBe(403);
    const rows = await auditRows(t, { action: 'lookup', object_type: 'resident', subject_id: fx.R1.id });
    expect(rows.some((x) => x.purpose === 'epidemic.sampling')).toBe(true);
  });

  it('a sealed tube goes in one idempotent request; walk-ins need a name; duplicates are refused in a tube and flagged across tubes', async () => {
    const body = { barcode: 'T0000001', siteId, station: 1, poolSize: 5, members: [{ idNumber: FIXTURE_IDS.R1 }, { idNumber: WALK_IN, name: '钱多多' }] };
    const noName = await tube(collector, { ...body, members: [{ idNumber: FIXTURE_IDS.R1 }, { idNumber: WALK_IN }] });
    expect([noName.statusCode, noName.json().error.details[0].path]).toEqual([400, 'members.1.name']);
    const twice = await tube(collector, { ...body, members: [{ idNumber: FIXTURE_IDS.R1 }, { idNumber: FIXTURE_IDS.R1.toLowerCase() }] });
    expect([twice.statusCode, twice.json().error.code, twice.json().error.details[0].path]).toEqual([400, 'duplicate_in_tube', 'members.1']);
    const tooMany = await tube(collector, { ...body, poolSize: 1 });
    expect([tooMany.statusCode, tooMany.json().error.details[0].path]).toEqual([400, 'members']);
    expect((await tube(collector, { ...body, siteId: undefined })).json().error.details[0].path).toBe('siteId');
    expect((await tube(collector, { ...body, station: 9 })).json().error.details[0].path).toBe('station');

    const r = await tube(collector, body, 'tube-key-0001');
    expect(r.statusCode, r.body).toBe(201);
    firstTube = r.json();
    expect(firstTube).toMatchObject({ barcode: 'T0000001', poolSize: 5, members: 2, result: 'pending' });
    expect(firstTube.people.map((p) => [p.residentId, p.walkIn, p.repeat])).toEqual([[fx.R1.id, false, false], [null, true, false]]);
    // The answer names nobody (the station has the names from its checks): a replay discloses nothing.
    expect(r.body).not.toContain('张');
    expect(r.body).not.toContain(WALK_IN.slice(0, 6));
    // The station resends after a lost answer: the stored answer, not a second tube.
    const again = await tube(collector, body, 'tube-key-0001');
    expect([again.statusCode, again.headers['idempotent-replayed'], again.json().id]).toEqual([201, 'true', firstTube.id]);
    const used = await tube(collector, { ...body, members: [{ idNumber: WALK_IN_2, name: '孙小美' }] }, 'tube-key-0002');
    expect([used.statusCode, used.json().error.code]).toEqual([409, 'tube_exists']);
    // Sampled again in another tube: accepted (the swab exists) and marked as a repeat, counted once.
    const second = await tube(collector, { barcode: 'T0000002', siteId, station: 2, poolSize: 5, members: [{ idNumber: FIXTURE_IDS.R1 }, { idNumber: WALK_IN_2, name: '孙小美' }] });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().people[0]).toMatchObject({ residentId: fx.R1.id, repeat: true });
    const check = (await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, { idNumber: FIXTURE_IDS.R1 })).json();
    expect(check.sampled.map((s: { barcode: string }) => s.barcode)).toEqual(['T0000001', 'T0000002']);
    const fig = (await as(t, admin).get(`/api/sampling/rounds/${round.id}`)).json().figures;
    expect(fig).toMatchObject({ expected: 2, sampled: 1, coverage: 0.5, tubes: 2, people: 4, pending: 2 });
    // The walk-in's ID number is stored encrypted, with its blind index, never in clear.
    const stored = await t.platform.database.db.selectFrom('sampling_samples').selectAll().where('walkin_name', '=', '钱多多').executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(WALK_IN);
    expect(t.platform.crypto.decrypt('residents.id_number', String(stored.walkin_id_enc))).toBe(WALK_IN);
  });

  it('coverage per grid and building; the missing list names who is left (masked, audited); levels above see figures only', async () => {
    const cov = (await as(t, admin).get(`/api/sampling/rounds/${round.id}/coverage`)).json();
    const byGrid = Object.fromEntries(cov.grids.map((g: { gridId: string; expected: number; sampled: number }) => [g.gridId, [g.expected, g.sampled]]));
    expect(byGrid[fx.g1.id]).toEqual([1, 1]);
    expect(byGrid[fx.g2.id]).toEqual([1, 0]);
    expect(cov.buildings).toBeNull();
    const g2 = (await as(t, admin).get(`/api/sampling/rounds/${round.id}/coverage?gridId=${fx.g2.id}`)).json();
    expect(g2.buildings).toHaveLength(1);
    expect(g2.buildings[0]).toMatchObject({ expected: 1, sampled: 0, coverage: 0 });
    const missing = await as(t, admin).get(`/api/sampling/rounds/${round.id}/missing`);
    expect(missing.statusCode, missing.body).toBe(200);
    expect(missing.json().items.map((m: { residentId: string; nameMasked: string }) => [m.residentId, m.nameMasked])).toEqual([[fx.R2.id, '李*']]);
    // R2 was born in 1949: 76, not 80 — no door-to-door suggestion without a care tag.
    expect(missing.json().items[0].suggestDoorToDoor).toBe(false);
    const audit = await auditRows(t, { action: 'list', object_type: 'sampling_missing' });
    expect(audit.length).toBeGreaterThan(0);
    const disclosed = await t.platform.database.db.selectFrom('audit_disclosures').select('resident_id').where('audit_id', '=', audit.at(-1)!.id).execute();
    expect(disclosed.map((d) => d.resident_id)).toEqual([fx.R2.id]);
    // The grid worker of grid 1 sees only grid 1's missing (nobody); the street office sees no names at all.
    expect((await as(t, grid1).get(`/api/sampling/rounds/${round.id}/missing`)).json().items).toEqual([]);
    expect((await as(t, street).get(`/api/sampling/rounds/${round.id}/missing`)).statusCode).toBe(403);
    expect((await as(t, street).get(`/api/sampling/tubes/${firstTube.id}`)).statusCode).toBe(403);
  });

  it('the personal sampling code: the resident gets it; the station reads it; a forged or expired one is a field error', async () => {
    const mine = await as(t, resident).get('/api/me/sampling');
    expect(mine.statusCode, mine.body).toBe(200);
    const { code, results: rs } = mine.json();
    expect(code).toMatch(/^RXS-[0-9a-f-]{36}-20261204-[0-9a-f]{16}$/);
    expect(code).not.toContain(FIXTURE_IDS.R1);
    expect(rs.map((x: { result: string }) => x.result)).toEqual(['pending', 'pending']);
    const ok = (await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, { code })).json();
    expect(ok.person).toMatchObject({ residentId: fx.R1.id, registered: true });
    const forged = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    const f = await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, { code: forged });
    expect([f.statusCode, f.json().error.details[0].path, f.json().error.details[0].code]).toEqual([400, 'code', 'invalid_code']);
    // Yesterday's code still reads (the one shown late in the evening); the day before yesterday's no longer does.
    const dayOld = makeSamplingCode(t.platform.crypto, fx.R1.id, '20261203');
    expect((await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, { code: dayOld })).json().person.residentId).toBe(fx.R1.id);
    const expired = await as(t, collector).post(`/api/sampling/rounds/${round.id}/check`, { code: makeSamplingCode(t.platform.crypto, fx.R1.id, '20261202') });
    expect(expired.json().error.details[0].code).toBe('invalid_code');
    const other = await t.services.auth.createUser({ username: 'resident_x', displayName: '未关联', role: 'resident', orgId: t.orgs.grids[0]!.id, password: DEMO_PASSWORD });
    expect(other.id).toBeTruthy();
    const unlinked = await as(t, await t.login('resident_x')).get('/api/me/sampling');
    expect([unlinked.statusCode, unlinked.json().error.code]).toEqual([404, 'no_household']);
  });

  it('lab results from a GBK CSV: valid rows applied, bad rows listed with the column; a positive pool calls its members back', async () => {
    const csv = encodeGbk('序号,试管编码,检测结果\n1,T0000001,阳性\n2,T0000002,阴性\n3,NOPE0001,阴性\n4,T0000002,阴性\n5,,阴性\n6,T0000003,弱阳\n');
    const r = await results(doctor, '检测结果.csv', csv);
    expect(r.statusCode, r.body).toBe(201);
    const imp = r.json();
    expect(imp).toMatchObject({ rows: 6, applied: 2, unchanged: 0, positives: 1, invalids: 0 });
    expect(imp.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, '试管编码', 'unknown_tube'], [4, '试管编码', 'duplicate_in_file'], [5, '试管编码', 'required'], [6, '检测结果', 'format'],
    ]);
    const list = await retests(admin);
    expect(list.items.map((x) => [x.nameMasked, x.reason, x.status, x.sourceBarcode]).sort()).toEqual([['张*', 'positive_pool', 'pending', 'T0000001'], ['钱**', 'positive_pool', 'pending', 'T0000001']]);
    // Told at once, without names: the grid worker of R1's grid, the community admin and doctor.
    const notes = await t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', 'sampling_recall').execute();
    const ids = await Promise.all(['grid1', 'admin', 'doctor'].map(async (u) => (await t.services.auth.findByUsername(u))!.id));
    expect(new Set(notes.map((n) => n.recipient_id))).toEqual(new Set(ids));
    expect(JSON.parse(String(notes[0]!.payload))).toEqual({ roundId: round.id, tubeId: firstTube.id, barcode: 'T0000001', people: '2', reason: 'positive_pool' });
    // The positive pool feeds grid 1's early-warning indicator (R1's grid; the walk-in has none) on the day of the result.
    const obs = await t.platform.database.db.selectFrom('warning_observations').select(['grid_id', 'obs_date', 'count', 'source'])
      .where('indicator_code', '=', 'positive_pools').execute();
    expect(obs.map((o) => [o.grid_id, o.obs_date, Number(o.count), o.source])).toEqual([[fx.g1.id, '2026-12-04', 1, 'sampling']]);
    // The same sheet again changes nothing; a different result for a tube with one is refused per row.
    expect((await results(doctor, '检测结果.csv', csv)).json()).toMatchObject({ applied: 0, unchanged: 2 });
    const flip = (await results(admin, 'x.csv', Buffer.from('试管编码,检测结果\nT0000001,阴性\n'))).json();
    expect(flip.errors[0]).toMatchObject({ row: 1, column: '检测结果', code: 'conflict' });
    expect((await as(t, admin).get(`/api/sampling/rounds/${round.id}`)).json().figures).toMatchObject({ positive: 1, negative: 1, pending: 0, retestsOpen: 2 });
    // Not a spreadsheet, or no result column: the file is refused as a whole.
    const bin = upload('x.csv', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0]));
    expect((await as(t, admin).post(`/api/sampling/rounds/${round.id}/results`, bin.payload, bin.headers)).statusCode).toBe(400);
    const noCol = await results(admin, 'x.csv', Buffer.from('试管编码,备注\nT0000001,x\n'));
    expect([noCol.statusCode, noCol.json().error.code]).toEqual([400, 'missing_headers']);
    expect((await results(grid1, 'x.csv', csv)).statusCode).toBe(403);
    // The resident's own result reads 待复核, not positive: the pool was positive, not they.
    expect((await as(t, resident).get('/api/me/sampling')).json().results.map((x: { result: string }) => x.result)).toEqual(['negative', 'recheck']);
  });

  it('a called-back person goes only into a single tube; its result settles the retest and the sampling status', async () => {
    let status = await t.services.sampling.samplingStatus([fx.R1.id, fx.R2.id]);
    expect(status.get(fx.R1.id)).toMatchObject({ frozen: true });
    expect(status.get(fx.R2.id)).toEqual({ lastNegativeAt: null, frozen: false, positive: false });
    const pooled = await tube(grid1, { barcode: 'T0000003', siteId, poolSize: 5, members: [{ idNumber: FIXTURE_IDS.R2 }, { idNumber: FIXTURE_IDS.R1 }] });
    expect([pooled.statusCode, pooled.json().error.code, pooled.json().error.details[0].path]).toEqual([409, 'retest_needs_single_tube', 'members.1']);
    const single = await tube(grid1, { barcode: 'S0000001', siteId, poolSize: 1, members: [{ idNumber: FIXTURE_IDS.R1 }] });
    expect(single.statusCode, single.body).toBe(201);
    expect((await retests(admin, '?status=sampled')).items.map((x) => [x.residentId, x.retestBarcode])).toEqual([[fx.R1.id, 'S0000001']]);
    await results(admin, 'r.csv', Buffer.from('条码,结果\nS0000001,阴性\n'));
    expect((await retests(admin, '?status=negative')).items.map((x) => x.residentId)).toEqual([fx.R1.id]);
    status = await t.services.sampling.samplingStatus([fx.R1.id]);
    expect(status.get(fx.R1.id)!.frozen).toBe(false);
    expect(status.get(fx.R1.id)!.lastNegativeAt).not.toBeNull();
  });

  it('closing a round stops new tubes but still takes a called-back person’s single tube; an invalid single retest goes back to pending', async () => {
    const stale = await as(t, admin).post(`/api/sampling/rounds/${round.id}/close`, { version: 7 });
    expect(stale.json().error.code).toBe('stale_version');
    const closed = await as(t, admin).post(`/api/sampling/rounds/${round.id}/close`, { version: round.version });
    expect([closed.statusCode, closed.json().status]).toEqual([200, 'closed']);
    const late = await tube(collector, { barcode: 'T0000009', siteId, poolSize: 5, members: [{ idNumber: FIXTURE_IDS.R2 }] });
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'round_closed']);
    // The walk-in of the positive pool comes back door to door for the single tube.
    const retest = await tube(doctor, { barcode: 'S0000002', doorToDoor: true, poolSize: 1, members: [{ idNumber: WALK_IN, name: '钱多多' }] });
    expect(retest.statusCode, retest.body).toBe(201);
    expect(retest.json()).toMatchObject({ doorToDoor: true, siteName: null });
    await results(admin, 'r2.xlsx'.replace('xlsx', 'csv'), Buffer.from('试管编码,检测结果\nS0000002,无效\n'));
    const pending = (await retests(admin, '?status=pending')).items;
    expect(pending.map((x) => [x.nameMasked, x.retestBarcode])).toEqual([['钱**', null]]);
    // Results still come in after closing; figures keep every tube.
    expect((await as(t, admin).get(`/api/sampling/rounds/${round.id}`)).json().figures).toMatchObject({ tubes: 4, invalid: 1, retestsOpen: 1 });
  });

  it('erasing a resident removes their samples and retests; the tube keeps its barcode and result', async () => {
    await t.platform.database.writes.run(async (trx) => {
      const { eraseSamplingOf } = await import('./sampling.erasure');
      const n = await eraseSamplingOf(trx, fx.R1.id);
      expect(n.sampling_samples).toBe(3);
      expect(n.sampling_retests).toBe(1);
    });
    const tubeNow = (await as(t, admin).get(`/api/sampling/tubes/${firstTube.id}`)).json();
    expect(tubeNow).toMatchObject({ barcode: 'T0000001', result: 'positive' });
    expect(tubeNow.people.map((p: Tube['people'][number]) => p.nameMasked)).toEqual(['钱**']);
  });
});

describe('核酸采样 in the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('has yesterday’s closed round with a positive pool’s recall, today’s open round, two sites, and the resident in both', async () => {
    const admin = await t.login('admin');
    const sites = (await as(t, admin).get('/api/sampling/sites')).json().items;
    expect(sites.map((x: { name: string; stations: number }) => [x.name, x.stations]).sort()).toEqual([['海滨广场采样点', 2], ['社区服务中心采样点', 4]]);
    const rounds = (await as(t, admin).get('/api/sampling/rounds')).json().items as Round[];
    expect(rounds.map((r) => [r.status, r.poolSize])).toEqual([['open', 10], ['closed', 10]]);
    const [open, closed] = rounds as [Round, Round];
    // Yesterday: about 88 % of those present, every tube with a result, one positive; ten called back, three still open.
    expect(closed.figures.expected).toBeGreaterThan(5000);
    expect(closed.figures.coverage).toBeGreaterThan(0.8);
    expect(closed.figures.coverage).toBeLessThan(0.95);
    expect(closed.figures).toMatchObject({ pending: 0, positive: 1, invalid: 0, retestsOpen: 3 });
    const rts = (await as(t, admin).get(`/api/sampling/rounds/${closed.id}/retests?pageSize=20`)).json();
    expect(rts.items.map((x: Retest) => x.status).sort()).toEqual([...Array(7).fill('negative'), ...Array(3).fill('pending')].sort());
    // Today: about a third so far, nothing back from the lab.
    expect(open.figures.coverage).toBeGreaterThan(0.1);
    expect(open.figures.coverage).toBeLessThan(0.5);
    expect(open.figures.pending).toBe(open.figures.tubes);
    // The coverage per grid adds up to the round's figures; the missing list of a grid is as long as its gap.
    const cov = (await as(t, admin).get(`/api/sampling/rounds/${open.id}/coverage`)).json();
    expect(cov.grids.reduce((n: number, g: { sampled: number }) => n + g.sampled, 0)).toBe(open.figures.sampled);
    const g = cov.grids[0] as { gridId: string; expected: number; sampled: number };
    const missing = (await as(t, admin).get(`/api/sampling/rounds/${open.id}/missing?gridId=${g.gridId}&pageSize=5`)).json();
    expect(missing.total).toBe(g.expected - g.sampled);
    const mine = (await as(t, await t.login('resident')).get('/api/me/sampling')).json();
    expect(mine.results.map((x: { result: string }) => x.result)).toEqual(['pending', 'negative']);
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, admin).get('/api/sampling/rounds')).json().total).toBe(2);
  }, 60_000);
});
