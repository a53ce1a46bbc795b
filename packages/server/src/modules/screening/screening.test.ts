// 大数据+网格 screening (ADR 0083): an upper-level list imported, matched against the registry with its reasons, filtered
// by the quarantine orders and the gates, routed to grids and communities, checked door to door, sent back as a receipt.
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';
import { eraseScreeningOf } from './screening.service';

type Entry = {
  id: string; row: number; nameMasked: string; idMasked: string | null; phoneMasked: string | null; state: string; confidence: number; evidence: Array<{ code: string; zh: string; points: number }>;
  addressMasked: string | null; address: string | null; resident: { id: string; nameMasked: string; address: string | null } | null; communityName: string | null; gridName: string | null; routed: boolean; gateSeenAt: string | null; urgent: boolean;
  status: string; outcome: string | null; version: number;
};

describe('大数据+网格 screening (ADR 0083)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let grid1: Session;
  let street: Session;
  let district: Session;
  let volunteer: Session;
  let listId: string;
  const byRow = new Map<number, Entry>();

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    [admin, grid1, street, district, volunteer] = await Promise.all(['admin', 'grid1', 'street', 'district', 'volunteer'].map((u) => t.login(u)));
    // R1 is under an approved home quarantine; R2 came in through a gate of the community this morning.
    const order = await as(t, admin).post('/api/quarantine/orders', { residentId: fx.R1.id, policyCode: 'home7', reason: 'close_contact', startDate: '2026-12-04', sensorId: 'MC-0009' });
    expect(order.statusCode).toBe(201);
    expect((await as(t, street).post(`/api/quarantine/orders/${order.json().id}/decide`, { decision: 'approve', version: 1 })).statusCode).toBe(200);
    const gate = await as(t, admin).post('/api/gates', { name: '南门', kind: 'pedestrian', gridId: fx.g1.id, purpose: 'entrance', policy: { samplingHours: 0, samplingAction: 'review', unknown: 'review' } });
    expect(gate.statusCode).toBe(201);
    const passed = await as(t, volunteer).post(`/api/gates/${gate.json().id}/check`, { direction: 'in', scan: FIXTURE_IDS.R2 });
    expect(passed.json().decision).toBe('allow');
  });
  afterAll(async () => t?.close());

  const upload = (s: Session, fields: Record<string, string>, csv: string, name = '密接名单.csv') => {
    const boundary = '----rxscreening';
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const body = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(name)}"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(csv, 'utf8'), Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return as(t, s).post('/api/screening/lists', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  };
  const meta = { kind: 'close_contact', title: '12月4日密接名单', source: '区指挥部数据比对组', dueAt: '2026-12-04T18:00:00+08:00' };
  const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
  const lists = async () => Number((await t.platform.database.db.selectFrom('screening_lists').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);

  it('refuses a list without the columns, with a past deadline, a wrong kind or no usable row — and stores nothing', async () => {
    expect((await upload(grid1, meta, '姓名,手机号\n张三,13812345678\n')).statusCode).toBe(403);
    const noCols = await upload(district, meta, '姓名,籍贯\n张三,浙江\n');
    expect([noCols.statusCode, noCols.json().error.code]).toEqual([400, 'missing_headers']);
    const past = await upload(district, { ...meta, dueAt: '2026-12-03T18:00:00+08:00' }, '姓名,手机号\n张三,13812345678\n');
    expect([past.statusCode, past.json().error.details[0].path]).toEqual([400, 'dueAt']);
    const kind = await upload(district, { ...meta, kind: 'friends' }, '姓名,手机号\n张三,13812345678\n');
    expect([kind.statusCode, kind.json().error.details[0].path]).toEqual([400, 'kind']);
    // The form fields' problems are worded as a route schema's are: the choices named, a missing field 必填.
    expect(kind.json().error.details[0].message).toMatch(/^取值无效，可选：close_contact、/);
    const { title: _title, ...noTitle } = meta;
    const untitled = await upload(district, { ...noTitle, dueAt: 'tomorrow' }, '姓名,手机号\n张三,13812345678\n');
    expect(untitled.json().error.details.map((d: { path: string; message: string; messageEn: string }) => [d.path, d.message, d.messageEn]))
      .toEqual(expect.arrayContaining([['title', '必填', 'is required'], ['dueAt', expect.stringMatching(/^类型应为/), expect.any(String)]]));
    const none = await upload(district, meta, '姓名,身份证号\n张三,330902198001011234\n李四,\n');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('no_valid_rows');
    expect(none.json().error.details.map((d: { path: string }) => d.path)).toEqual(['rows.1.身份证号', 'rows.2.身份证号']);
    expect(await lists()).toBe(0);
  });

  it('the district imports a list: each row matched with a confidence and its reasons, filtered, routed; bad rows reported', async () => {
    const community = t.orgs.community.name;
    const csv = [
      '姓名,身份证号,手机号,地址,抵达日期,来源地,备注',
      `張三,${FIXTURE_IDS.R1},,,2026-12-02,上海市,`, // full ID, the name in traditional characters: matched, already under quarantine
      `李四,${masked(FIXTURE_IDS.R2)},139****1111,,2026/12/3,,`, // masked ID + masked phone: matched; seen at the gate
      '王武,,13700002222,,,,', // homophone + phone: uncertain (R3 王五)
      `赵六,,,${community}幸福小区5幢1单元502室,,,`, // nobody: the address names the community
      '钱七,,,外省某市某路8号,,,', // nobody, no community: stays with the district
      `孙八,${FIXTURE_IDS.R1.slice(0, 17)}9,,,,,`, // bad check digit
      '周九,,,,,,', // nothing to match on
    ].join('\n');
    const r = await upload(district, meta, csv);
    expect(r.statusCode).toBe(201);
    const { list, errors } = r.json();
    listId = list.id;
    expect(errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([[6, '身份证号'], [7, '身份证号']]);
    expect(list).toMatchObject({ kind: 'close_contact', status: 'open', rowsTotal: 7, rowErrors: 2, canManage: true, overdue: false });
    expect(list.figures).toEqual({
      entries: 5, matched: 2, uncertain: 1, unmatched: 2, filtered: 1, gateSeen: 1, unrouted: 1, open: 4, done: 1,
      byOutcome: { controlled: 0, not_here: 0, left: 0, wrong_info: 0, already_controlled: 1 },
    });
    const all = await as(t, district).get(`/api/screening/lists/${listId}/entries?pageSize=100`);
    expect(all.statusCode).toBe(200);
    for (const e of all.json().items as Entry[]) byRow.set(e.row, e);
    const [r1, r2, r3, r4, r5] = [1, 2, 3, 4, 5].map((n) => byRow.get(n)!);
    expect(r1).toMatchObject({ state: 'matched', confidence: 100, status: 'done', outcome: 'already_controlled', nameMasked: '張*', idMasked: masked(FIXTURE_IDS.R1) });
    expect(r1.evidence[1]!.zh).toBe('姓名一致（繁体转简体后）');
    expect(r1.evidence.map((e) => e.code)).toEqual(['id_equal', 'name_equal', 'under_order']);
    expect(r2).toMatchObject({ state: 'matched', confidence: 90, urgent: true, gridName: fx.g2.name, resident: { id: fx.R2.id, nameMasked: '李*' }, phoneMasked: '139****1111' });
    expect(r2.evidence.map((e) => e.code)).toEqual(['id_masked_equal', 'phone_masked_equal', 'name_equal', 'gate_seen']);
    expect(r2.evidence.at(-1)!.zh).toContain('南门');
    expect(r3).toMatchObject({ state: 'uncertain', confidence: 55, resident: { id: fx.R3.id }, routed: true });
    expect(r3.evidence.map((e) => e.code)).toEqual(['phone_equal', 'name_homophone']);
    expect(r4).toMatchObject({ state: 'unmatched', resident: null, communityName: community, gridName: null, routed: true });
    expect(r4.evidence.map((e) => e.code)).toContain('address_community');
    // Above the community the list's address is masked; the matched household's address is not shown.
    expect(r4).toMatchObject({ address: null, addressMasked: `${community}幸福小区`.slice(0, 6) + '****' });
    expect(r2.resident!.address).toBeNull();
    expect(r5).toMatchObject({ state: 'unmatched', routed: false, communityName: null });
    // Urgent first, then uncertain, unmatched, matched.
    expect((all.json().items as Entry[]).map((e) => e.row)).toEqual([2, 3, 4, 5, 1]);
    // The full numbers never leave the server; what was stored is encrypted.
    expect(all.body).not.toContain(FIXTURE_IDS.R1);
    expect(all.body).not.toContain('13700002222');
    const stored = await t.platform.database.db.selectFrom('screening_entries').select(['id_enc', 'phone_enc', 'id_bidx']).where('list_id', '=', listId).orderBy('row_no').execute();
    expect(stored[0]!.id_enc).not.toContain(FIXTURE_IDS.R1);
    expect(t.platform.crypto.decrypt('screening_entries.id_number', String(stored[0]!.id_enc))).toBe(FIXTURE_IDS.R1);
    expect(t.platform.crypto.decrypt('screening_entries.phone', String(stored[2]!.phone_enc))).toBe('13700002222');
    // The grid workers of the grids the rows went to are told.
    const told = await t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', 'screening_assigned').execute();
    expect(told.length).toBeGreaterThan(0);
  });

  it('each caller sees their own part: the street all of its communities, the community its own, a grid worker their grid', async () => {
    const rows = async (s: Session) => ((await as(t, s).get(`/api/screening/lists/${listId}/entries?pageSize=100`)).json().items as Entry[]).map((e) => e.row).sort();
    expect(await rows(street)).toEqual([1, 2, 3, 4]);
    expect(await rows(admin)).toEqual([1, 2, 4]);
    expect(await rows(grid1)).toEqual([1]);
    const l = (await as(t, admin).get('/api/screening/lists')).json().items;
    expect(l.map((x: { id: string }) => x.id)).toEqual([listId]);
    expect(l[0]).toMatchObject({ canManage: false, figures: { entries: 3 } });
    expect((await as(t, district).get(`/api/screening/lists/${listId}/entries?status=unrouted`)).json().items.map((e: Entry) => e.row)).toEqual([5]);
    expect((await as(t, district).get(`/api/screening/lists/${listId}/entries?urgent=1`)).json().items.map((e: Entry) => e.row)).toEqual([2]);
  });

  it('routing: the district to a community of its area, the community to one of its grids; not outside', async () => {
    const r5 = byRow.get(5)!;
    const bad = await as(t, district).post(`/api/screening/entries/${r5.id}/route`, { communityId: fx.g1.id, version: r5.version });
    expect([bad.statusCode, bad.json().error.details[0].path]).toEqual([400, 'communityId']);
    const both = await as(t, district).post(`/api/screening/entries/${r5.id}/route`, { version: r5.version });
    expect(both.statusCode).toBe(400);
    const ok = await as(t, district).post(`/api/screening/entries/${r5.id}/route`, { communityId: t.orgs.other.id, version: r5.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ routed: true, communityName: t.orgs.other.name, version: r5.version + 1 });
    const r4 = byRow.get(4)!;
    const outside = await as(t, admin).post(`/api/screening/entries/${r4.id}/route`, { gridId: fx.gB.id, version: r4.version });
    expect([outside.statusCode, outside.json().error.details[0].path]).toEqual([400, 'gridId']);
    expect((await as(t, grid1).post(`/api/screening/entries/${r4.id}/route`, { gridId: fx.g1.id, version: r4.version })).statusCode).toBe(403);
    const g = await as(t, admin).post(`/api/screening/entries/${r4.id}/route`, { gridId: fx.g1.id, version: r4.version });
    expect(g.json()).toMatchObject({ gridName: fx.g1.name, version: r4.version + 1 });
    byRow.set(4, g.json());
    const grid1Id = (await t.services.auth.findByUsername('grid1'))!.id;
    const told = await t.platform.database.db.selectFrom('notifications').select(['payload']).where('kind', '=', 'screening_assigned').where('recipient_id', '=', grid1Id).execute();
    expect(told.map((n) => JSON.parse(String(n.payload)).listId)).toContain(listId);
  });

  it('the grid worker checks door to door: measure and note where they are needed, once, on the current version', async () => {
    const mine = await as(t, grid1).get('/api/screening/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((e: Entry) => e.row)).toEqual([4]);
    // The worker who goes to the door reads the address as the list gave it.
    expect(mine.json().items[0].address).toBe(`${t.orgs.community.name}幸福小区5幢1单元502室`);
    const own = (await as(t, admin).get(`/api/screening/lists/${listId}/entries?pageSize=100`)).json().items as Entry[];
    expect(own.find((e) => e.row === 2)!.resident!.address).toContain('和平小区');
    const e = byRow.get(4)!;
    const post = (body: Record<string, unknown>) => as(t, grid1).post(`/api/screening/entries/${e.id}/check`, body);
    expect((await post({ outcome: 'controlled', version: e.version })).json().error.details[0].path).toBe('measure');
    expect((await post({ outcome: 'left', version: e.version })).json().error.details[0].path).toBe('note');
    expect((await post({ outcome: 'not_here', note: `电话 13812345678`, version: e.version })).json().error.details[0].path).toBe('body.note');
    expect((await post({ outcome: 'not_here', residentId: fx.R3.id, version: e.version })).json().error.details[0].path).toBe('residentId');
    expect((await post({ outcome: 'not_here', version: e.version + 5 })).json().error.code).toBe('stale_version');
    const ok = await post({ outcome: 'not_here', note: '该楼无502室', version: e.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'done', outcome: 'not_here', note: '该楼无502室', checkedByName: expect.any(String) });
    expect((await post({ outcome: 'not_here', version: ok.json().version })).json().error.code).toBe('already_done');
    expect((await as(t, grid1).get('/api/screening/mine')).json().items).toEqual([]);
    const audited = await t.platform.database.db.selectFrom('audit_log').select(['reason', 'purpose']).where('object_type', '=', 'screening_entry').where('object_id', '=', e.id)
      .where('action', '=', 'update').execute();
    expect(audited).toContainEqual({ reason: 'not_here', purpose: 'epidemic.screening' });
  });

  it('the community confirms an uncertain person and records the measure', async () => {
    const r2 = byRow.get(2)!;
    const ok = await as(t, admin).post(`/api/screening/entries/${r2.id}/check`, { outcome: 'controlled', measure: 'home_quarantine', residentId: fx.R2.id, version: r2.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'matched', confidence: 100, outcome: 'controlled', measure: 'home_quarantine', urgent: false });
    expect(ok.json().evidence.map((e: { code: string }) => e.code)).toContain('confirmed');
  });

  it('the receipt: figures and masked rows; as a file the same, audited', async () => {
    const j = await as(t, district).get(`/api/screening/lists/${listId}/receipt`);
    expect(j.statusCode).toBe(200);
    expect(j.json().figures).toMatchObject({ entries: 5, done: 3, open: 2, byOutcome: { already_controlled: 1, not_here: 1, controlled: 1 } });
    expect(j.json().rows.map((r: { row: number; outcomeZh: string }) => [r.row, r.outcomeZh])).toEqual([
      [1, '已在管控中（自动）'], [2, '已落实管控'], [3, '未核查'], [4, '查无此人'], [5, '未核查']]);
    const csv = await as(t, district).get(`/api/screening/lists/${listId}/receipt?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('回执-12月4日密接名单.csv'));
    expect(csv.body).toContain('序号');
    expect(csv.body).toContain('張*');
    expect(csv.body).not.toContain(FIXTURE_IDS.R1);
    const xlsx = await as(t, district).get(`/api/screening/lists/${listId}/receipt?format=xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const exported = await t.platform.database.db.selectFrom('audit_log').select('count').where('object_type', '=', 'screening_receipt').where('object_id', '=', listId).execute();
    expect(exported.length).toBe(3);
  });

  it('closing: not while entries are open unless forced with a reason; the importer only', async () => {
    expect((await as(t, admin).post(`/api/screening/lists/${listId}/close`, { version: 1 })).statusCode).toBe(403);
    const open = await as(t, district).post(`/api/screening/lists/${listId}/close`, { version: 1 });
    expect([open.statusCode, open.json().error.code]).toEqual([409, 'open_entries']);
    expect(open.json().error.message).toContain('2 条');
    const noReason = await as(t, district).post(`/api/screening/lists/${listId}/close`, { force: true, version: 1 });
    expect([noReason.statusCode, noReason.json().error.details[0].path]).toEqual([400, 'reason']);
    const ok = await as(t, district).post(`/api/screening/lists/${listId}/close`, { force: true, reason: '其余人员已移交外区', version: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'closed', closeReason: '其余人员已移交外区' });
    expect((await as(t, admin).get('/api/screening/mine')).json().items).toEqual([]);
  });

  it('a person erased from the registry leaves the list without the link and the gate record', async () => {
    const r2 = byRow.get(2)!;
    await t.platform.database.writes.run(async (trx) => { await eraseScreeningOf(trx, fx.R2.id); });
    const row = await t.platform.database.db.selectFrom('screening_entries').select(['resident_id', 'gate_seen_at', 'evidence']).where('id', '=', r2.id).executeTakeFirstOrThrow();
    expect(row.resident_id).toBeNull();
    expect(row.gate_seen_at).toBeNull();
    expect(String(row.evidence)).not.toContain('gate_seen');
  });

  it('a stranger on a list of another district is not matched to anyone here', async () => {
    const stranger = makeCnId('110105', '1990-05-17', 41);
    const r = await upload(street, { ...meta, kind: 'risk_area', title: '返乡人员' }, `姓名,身份证号\n郑十,${stranger}\n`);
    expect(r.statusCode).toBe(201);
    const items = (await as(t, street).get(`/api/screening/lists/${r.json().list.id}/entries`)).json().items as Entry[];
    expect(items[0]).toMatchObject({ state: 'unmatched', resident: null, routed: false });
    expect(items[0]!.evidence[0]!.code).toBe('none');
  });
});
