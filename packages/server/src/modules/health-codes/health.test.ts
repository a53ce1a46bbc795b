import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';
import { systemActor } from '../audit';
import { decide, DEFAULT_POLICY } from '../gates';
import { isNonEpidemicWord, localSignal, readColour, readReason } from './health.rules';

describe('健康码 — reasons and local signals (pure)', () => {
  it('reads colours and reasons as lists write them; non-epidemic words are recognised', () => {
    expect(['绿码', '绿', 'green', ' 黄码 ', 'RED', '紫码'].map(readColour)).toEqual(['green', 'green', 'green', 'yellow', 'red', null]);
    expect(['', '密接', '次密接', '中风险地区旅居史', '入境', 'positive', '核酸未做'].map(readReason))
      .toEqual(['upstream', 'close_contact', 'secondary_contact', 'risk_area', 'inbound', 'positive', 'sampling_overdue']);
    expect(readReason('看不懂')).toBeNull();
    expect(['村镇银行储户维权', '上访人员', '欠薪讨薪'].every(isNonEpidemicWord)).toBe(true);
    expect(isNonEpidemicWord('密切接触者')).toBe(false);
  });
  it('the local signal: a close contact at home is red, other quarantine or a recall yellow, a positive single tube red', () => {
    expect(localSignal({ quarantine: null, sampling: { frozen: false, positive: false } })).toEqual({ colour: 'green', reasons: [] });
    expect(localSignal({ quarantine: { kind: 'home_quarantine', reason: 'close_contact' }, sampling: { frozen: false, positive: false } }).colour).toBe('red');
    expect(localSignal({ quarantine: { kind: 'home_quarantine', reason: 'risk_area_return' }, sampling: { frozen: false, positive: false } }).colour).toBe('yellow');
    expect(localSignal({ quarantine: { kind: 'health_monitoring', reason: 'secondary_contact' }, sampling: { frozen: false, positive: false } }).reasons[0]!.zh).toBe('居家健康监测中');
    expect(localSignal({ quarantine: null, sampling: { frozen: true, positive: false } }).colour).toBe('yellow');
    expect(localSignal({ quarantine: null, sampling: { frozen: true, positive: true } }).colour).toBe('red');
  });
  it('the gates: red denies, yellow asks for a check, green passes; a device that disagrees with the mirror is to check', () => {
    const at = new Date('2026-12-04T02:00:00Z');
    const who = (colour: 'green' | 'yellow' | 'red' | null) => ({ kind: 'resident' as const, here: true, status: 'active', quarantine: null, sampling: { lastNegativeAt: null, frozen: false }, colour });
    const policy = { ...DEFAULT_POLICY, samplingHours: 0 as const };
    expect(decide({ direction: 'in', now: at, subject: who('red') }, policy)).toMatchObject({ decision: 'deny', reasons: [{ code: 'resident' }, { code: 'code_red', effect: 'deny' }] });
    expect(decide({ direction: 'in', now: at, subject: who('yellow') }, policy).decision).toBe('review');
    expect(decide({ direction: 'in', now: at, subject: who('green') }, policy).reasons.map((r) => r.code)).toEqual(['resident', 'code_green']);
    expect(decide({ direction: 'in', now: at, subject: who('red'), claimedColour: 'green' }, policy).reasons.map((r) => r.code)).toEqual(['resident', 'code_red', 'colour_mismatch']);
    expect(decide({ direction: 'in', now: at, subject: who('green'), claimedColour: 'green' }, policy).decision).toBe('allow');
    expect(decide({ direction: 'in', now: at, subject: who(null), claimedColour: 'red' }, policy).reasons.map((r) => r.code)).toEqual(['resident', 'colour_claimed']);
  });
});

describe('健康码 the mirror (ADR 0082)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let grid1: Session;
  let street: Session;
  let district: Session;
  let resident: Session;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    [admin, grid1, street, district, resident] = await Promise.all(['admin', 'grid1', 'street', 'district', 'resident'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());

  const upload = async (s: Session, csv: string, name = '名单.csv') => {
    const boundary = '----rxhealth';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(name)}"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(csv, 'utf8'), Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return as(t, s).post('/api/health-codes/imports', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  };

  it('the district imports the upstream list: rows matched in its area, errors by data row and column, nothing personal in the record', async () => {
    // Rows are numbered as the resident import numbers them: the first row under the headers is row 1.
    const stranger = makeCnId('330902', '1990-05-17', 77);
    const csv = [
      '身份证号,健康码,原因',
      `${FIXTURE_IDS.R1},黄码,中风险地区旅居`,
      `${FIXTURE_IDS.R2},绿码,`,
      `${stranger},红码,密接`,
      `${FIXTURE_IDS.R1.slice(0, 17)}0,红码,密接`,
      `${FIXTURE_IDS.R2},黄码,`,
      `${FIXTURE_IDS.R3},紫码,`,
      `${makeCnId('330902', '1985-03-02', 41)},红码,村镇银行储户维权`,
    ].join('\n');
    expect((await upload(admin, csv)).statusCode).toBe(403);
    const r = await upload(district, csv);
    expect(r.statusCode, r.body).toBe(201);
    const out = r.json();
    expect(out).toMatchObject({ rows: 7, applied: 2, unchanged: 0 });
    expect(out.errors).toEqual([
      { row: 3, column: '身份证号', code: 'not_found' }, { row: 4, column: '身份证号', code: 'format' }, { row: 5, column: '身份证号', code: 'duplicate_in_file' },
      { row: 6, column: '健康码', code: 'colour' }, { row: 7, column: '原因', code: 'non_epidemic_reason' },
    ]);
    const again = (await upload(district, `身份证号,健康码\n${FIXTURE_IDS.R2},绿\n`)).json();
    expect(again).toMatchObject({ applied: 0, unchanged: 1 });
    const imports = (await as(t, district).get('/api/health-codes/imports')).json();
    expect(JSON.stringify(imports)).not.toContain(FIXTURE_IDS.R1);
    expect(imports.items.map((i: { rows: number; applied: number }) => [i.rows, i.applied]).sort()).toEqual([[1, 0], [7, 2]]);
    const missing = await upload(district, '姓名,颜色\n张三,绿\n');
    expect([missing.statusCode, missing.json().error.code]).toEqual([400, 'missing_headers']);
  });

  it('community staff see the mirror beside the local facts; a mismatch is flagged; the street sees figures only', async () => {
    const list = await as(t, admin).get('/api/health-codes');
    expect(list.statusCode, list.body).toBe(200);
    const r1 = list.json().items.find((i: { residentId: string }) => i.residentId === fx.R1.id);
    expect(r1).toMatchObject({ nameMasked: '张*', colour: 'yellow', reasonCode: 'risk_area', reasonZh: '中高风险地区旅居', source: 'upstream', local: { colour: 'green' }, mismatch: true });
    expect(list.body).not.toContain(FIXTURE_IDS.R1);
    expect((await auditRows(t, { action: 'list', object_type: 'health_code' })).length).toBeGreaterThan(0);
    const green = (await as(t, admin).get('/api/health-codes?colour=green')).json();
    expect(green.items.map((i: { residentId: string }) => i.residentId)).toEqual([fx.R2.id]);
    const mine = (await as(t, grid1).get('/api/health-codes')).json();
    expect(mine.items.map((i: { residentId: string }) => i.residentId)).toEqual([fx.R1.id]);
    const sum = (await as(t, admin).get('/api/health-codes/summary')).json();
    expect(sum).toMatchObject({ counts: { green: 1, yellow: 1, red: 0 }, mismatches: 1, openAppeals: 0 });
    const streetSum = (await as(t, street).get('/api/health-codes/summary')).json();
    expect(streetSum.counts).toMatchObject({ green: '<5', yellow: '<5', red: 0 });
    expect((await as(t, street).get('/api/health-codes')).json().error.code).toBe('figures_only');
    const detail = (await as(t, admin).get(`/api/health-codes/${fx.R1.id}`)).json();
    expect(detail.history).toEqual([expect.objectContaining({ colour: 'yellow', previous: null, reasonCode: 'risk_area', source: 'upstream', by: null })]);
  });

  it('a colour changes only for an epidemic reason that fits it, only by the district; the refusal is audited', async () => {
    const body = { colour: 'red', reasonCode: 'close_contact', note: '流调确认密接' };
    expect((await as(t, admin).post(`/api/health-codes/${fx.R2.id}`, body)).statusCode).toBe(403);
    const petition = await as(t, district).post(`/api/health-codes/${fx.R2.id}`, { colour: 'red', reasonCode: 'petition' });
    expect([petition.statusCode, petition.json().error.code, petition.json().error.details[0].path]).toEqual([400, 'non_epidemic_reason', 'reasonCode']);
    expect((await auditRows(t, { action: 'update', object_type: 'health_code' })).some((a) => a.outcome === 'denied' && a.reason === 'non_epidemic_reason')).toBe(true);
    const wrong = await as(t, district).post(`/api/health-codes/${fx.R2.id}`, { colour: 'green', reasonCode: 'close_contact' });
    expect([wrong.statusCode, wrong.json().error.details[0]]).toEqual([400, expect.objectContaining({ path: 'reasonCode', code: 'reason_colour' })]);
    const r = await as(t, district).post(`/api/health-codes/${fx.R2.id}`, body);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ colour: 'red', reasonCode: 'close_contact', source: 'manual' });
    expect((await as(t, district).post(`/api/health-codes/${fx.R2.id}`, body)).json().error.code).toBe('unchanged');
    expect((await t.platform.database.db.selectFrom('health_code_history').select('id').where('resident_id', '=', fx.R2.id).execute()).length).toBe(2);
  });

  it('the gate reads the mirror: a red code is denied', async () => {
    const g = await as(t, admin).post('/api/gates', { name: '东门', kind: 'pedestrian', gridId: fx.g1.id, policy: { samplingHours: 0, samplingAction: 'review', unknown: 'review' } });
    expect(g.statusCode, g.body).toBe(201);
    const volunteer = await t.login('volunteer');
    const p = (await as(t, volunteer).post(`/api/gates/${g.json().id}/check`, { direction: 'in', scan: FIXTURE_IDS.R2 })).json();
    expect(p.decision).toBe('deny');
    expect(p.reasons.find((x: { code: string }) => x.code === 'code_red')).toMatchObject({ zh: '健康码红码，不得通行' });
  });

  it('a terminal that claims green for a red code three times is held: a security alert, then each of its events is checked by hand', async () => {
    const g = await as(t, admin).post('/api/gates', { name: '南门', kind: 'pedestrian', gridId: fx.g1.id, deviceId: 'GATE-H-SOUTH', policy: { samplingHours: 0, samplingAction: 'review', unknown: 'review' } });
    expect(g.statusCode, g.body).toBe(201);
    const sec = (await t.services.auth.findByUsername('secadmin'))!;
    const key = (await t.services.auth.createApiToken(null, { name: '南门闸机', role: 'device', orgId: t.orgs.community.id, scopes: ['device:event'], createdBy: sec.id }, systemActor('test:tokens'))).token;
    const send = (eventId: string, residentId: string, claimedColour: string) => t.app.inject({
      method: 'POST', url: '/api/devices/gate-events', headers: { authorization: `Bearer ${key}` },
      payload: { deviceId: 'GATE-H-SOUTH', eventId, direction: 'in', method: 'face', residentId, claimedColour },
    });
    const alerts = async () => t.platform.database.db.selectFrom('security_alerts').select(['kind', 'details']).where('kind', '=', 'device_colour_mismatch').execute();
    for (const n of [1, 2]) expect((await send(`h-${n}`, fx.R2.id, 'green')).json().reasons).toEqual(['resident', 'code_red', 'colour_mismatch']);
    expect(await alerts()).toEqual([]);
    await send('h-3', fx.R2.id, 'green');
    expect((await alerts()).map((a) => JSON.parse(String(a.details)))).toEqual([{ deviceId: 'GATE-H-SOUTH', gateName: '南门', mismatches: 3 }]);
    // Held: an event whose colour agrees is still to check.
    expect((await send('h-4', fx.R2.id, 'red')).json()).toMatchObject({ decision: 'deny', reasons: ['resident', 'code_red', 'device_held'] });
    const gate = (await as(t, admin).get('/api/gates')).json().items.find((x: { name: string }) => x.name === '南门');
    expect(gate).toMatchObject({ deviceMismatches: 3, deviceHeldAt: expect.any(String) });
    await send('h-5', fx.R2.id, 'green');
    expect(await alerts()).toHaveLength(1);
    // The community restores trust after checking the terminal.
    const { id, version, name, kind, policy } = gate;
    const released = await as(t, admin).put(`/api/gates/${id}`, { name, kind, gridId: fx.g1.id, deviceId: 'GATE-H-SOUTH', policy, status: 'active', releaseDevice: true, version });
    expect(released.json()).toMatchObject({ deviceMismatches: 0, deviceHeldAt: null });
    expect((await send('h-6', fx.R2.id, 'red')).json().reasons).toEqual(['resident', 'code_red']);
  });

  it('the resident sees their colour and appeals once; the district upholds it; the colour turns green and they are told', async () => {
    const me = (await as(t, resident).get('/api/me/health-code')).json();
    expect(me).toMatchObject({ colour: 'yellow', reasonZh: '中高风险地区旅居', appeal: null });
    const bad = await as(t, resident).post('/api/me/health-code/appeals', { reason: `我的身份证 ${FIXTURE_IDS.R1}` });
    expect(bad.json().error.details[0].path).toBe('body.reason');
    const r = await as(t, resident).post('/api/me/health-code/appeals', { reason: '11月20日已从外地返回，满7天健康监测，核酸均阴性' });
    expect(r.statusCode, r.body).toBe(201);
    expect((await as(t, resident).post('/api/me/health-code/appeals', { reason: '再申诉一次试试看' })).json().error.code).toBe('already_appealed');
    const told = await t.platform.database.db.selectFrom('notifications').select('recipient_id').where('kind', '=', 'health_appeal').execute();
    expect(told.map((n) => n.recipient_id)).toContain((await t.services.auth.findByUsername('district'))!.id);
    const appeals = (await as(t, admin).get('/api/health-codes/appeals?status=open')).json();
    expect(appeals.items[0]).toMatchObject({ nameMasked: '张*', colour: 'yellow', status: 'open', local: { colour: 'green' } });
    expect((await as(t, admin).post(`/api/health-codes/appeals/${r.json().id}/decide`, { decision: 'upheld', version: 1 })).statusCode).toBe(403);
    const noNote = await as(t, district).post(`/api/health-codes/appeals/${r.json().id}/decide`, { decision: 'rejected', version: 1 });
    expect(noNote.json().error.details[0].path).toBe('note');
    const up = await as(t, district).post(`/api/health-codes/appeals/${r.json().id}/decide`, { decision: 'upheld', note: '核实监测期满', version: 1 });
    expect(up.statusCode, up.body).toBe(200);
    expect((await as(t, resident).get('/api/me/health-code')).json()).toMatchObject({ colour: 'green', reasonZh: '申诉核实后转绿', appeal: { status: 'upheld' } });
    expect((await t.platform.database.db.selectFrom('notifications').select('recipient_id').where('kind', '=', 'health_appeal_decided').execute()).map((n) => n.recipient_id))
      .toEqual([(await t.services.auth.findByUsername('resident'))!.id]);
    expect((await as(t, resident).post('/api/me/health-code/appeals', { reason: '已经是绿码了还申诉' })).json().error.code).toBe('nothing_to_appeal');
  });
});
