import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';
import { systemActor } from '../audit';
import { decide, DEFAULT_POLICY, type Facts } from './gates.decide';

type Gate = { id: string; name: string; deviceId: string | null; policy: typeof DEFAULT_POLICY; status: string; version: number; today: { in: number; out: number; deny: number; review: number } };
type Passage = { id: string; decision: string; subject: string; reasons: Array<{ code: string; effect: string; zh: string }>; person: { nameMasked: string; idMasked: string; address: string | null } | null; visit: unknown; vehicle: unknown; review: unknown };
const codes = (p: { reasons: Array<{ code: string }> }) => p.reasons.map((r) => r.code);

describe('卡口 — the passage decision (pure)', () => {
  const at = new Date('2026-12-04T02:00:00Z');
  const resident = (o: Partial<Extract<Facts['subject'], { kind: 'resident' }>> = {}): Facts['subject'] => ({
    kind: 'resident', here: true, status: 'active', quarantine: null, sampling: { lastNegativeAt: '2026-12-03T01:00:00Z', frozen: false }, ...o,
  });
  it('a resident with a negative result within the hours passes; each other fact adds its reason, the worst decides', () => {
    expect(decide({ direction: 'out', now: at, subject: resident() }, DEFAULT_POLICY)).toEqual({
      decision: 'allow', reasons: [{ code: 'resident', effect: 'allow' }, { code: 'sampling_ok', effect: 'allow' }],
    });
    const stale = resident({ sampling: { lastNegativeAt: '2026-11-30T01:00:00Z', frozen: false } });
    expect(decide({ direction: 'in', now: at, subject: stale }, DEFAULT_POLICY).decision).toBe('review');
    expect(decide({ direction: 'in', now: at, subject: stale }, { ...DEFAULT_POLICY, samplingAction: 'deny' }).decision).toBe('deny');
    expect(decide({ direction: 'in', now: at, subject: stale }, { ...DEFAULT_POLICY, samplingHours: 0 }).reasons.map((r) => r.code)).toEqual(['resident']);
    const q = resident({ quarantine: { kind: 'home_quarantine' } });
    expect(decide({ direction: 'out', now: at, subject: q }, DEFAULT_POLICY)).toMatchObject({ decision: 'deny', reasons: expect.arrayContaining([{ code: 'quarantine_out', effect: 'deny' }]) });
    expect(decide({ direction: 'in', now: at, subject: q }, DEFAULT_POLICY).decision).toBe('review');
    expect(decide({ direction: 'out', now: at, subject: resident({ quarantine: { kind: 'health_monitoring' } }) }, DEFAULT_POLICY).reasons.map((r) => r.code)).toContain('monitoring');
    expect(decide({ direction: 'in', now: at, subject: resident({ sampling: { lastNegativeAt: '2026-12-04T01:00:00Z', frozen: true } }) }, DEFAULT_POLICY).decision).toBe('deny');
    expect(decide({ direction: 'in', now: at, subject: resident({ here: false }) }, DEFAULT_POLICY).reasons[0]).toEqual({ code: 'other_community', effect: 'review' });
    expect(decide({ direction: 'in', now: at, subject: resident({ status: 'moved_out' }) }, DEFAULT_POLICY).reasons[0]).toEqual({ code: 'moved_out', effect: 'review' });
  });
  it('a device’s green never allows; a yellow or red claim and a skewed clock ask for a check; visitors, vehicles, unknowns', () => {
    expect(decide({ direction: 'in', now: at, subject: { kind: 'unknown' }, claimedColour: 'green' }, DEFAULT_POLICY).decision).toBe('review');
    expect(decide({ direction: 'in', now: at, subject: { kind: 'unknown' } }, { ...DEFAULT_POLICY, unknown: 'deny' }).decision).toBe('deny');
    expect(decide({ direction: 'in', now: at, subject: resident(), claimedColour: 'red' }, DEFAULT_POLICY).reasons.map((r) => r.code)).toContain('colour_claimed');
    expect(decide({ direction: 'in', now: at, subject: resident(), claimedColour: 'green' }, DEFAULT_POLICY).decision).toBe('allow');
    expect(decide({ direction: 'in', now: at, subject: resident(), skewed: true }, DEFAULT_POLICY).decision).toBe('review');
    expect(decide({ direction: 'in', now: at, subject: { kind: 'visitor', today: true, used: false } }, DEFAULT_POLICY).decision).toBe('allow');
    expect(decide({ direction: 'in', now: at, subject: { kind: 'visitor', today: true, used: true } }, DEFAULT_POLICY).decision).toBe('review');
    expect(decide({ direction: 'out', now: at, subject: { kind: 'visitor', today: true, used: true } }, DEFAULT_POLICY).decision).toBe('allow');
    expect(decide({ direction: 'in', now: at, subject: { kind: 'visitor', today: false, used: false } }, DEFAULT_POLICY).decision).toBe('deny');
    expect(decide({ direction: 'in', now: at, subject: { kind: 'vehicle', registered: false } }, DEFAULT_POLICY).decision).toBe('review');
  });
});

describe('卡口 entrance gates (ADR 0081)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let grid1: Session;
  let volunteer: Session;
  let street: Session;
  let doctor: Session;
  let gate: Gate;
  let device = '';
  let deviceB = '';
  const STRANGER = makeCnId('330902', '1990-05-17', 88);

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await relogin();
    const sec = (await t.services.auth.findByUsername('secadmin'))!;
    const issue = async (orgId: string) => (await t.services.auth.createApiToken(null, { name: `闸机-${orgId.slice(-4)}`, role: 'device', orgId, scopes: ['device:event'], createdBy: sec.id }, systemActor('test:tokens'))).token;
    device = await issue(t.orgs.community.id);
    deviceB = await issue(t.orgs.other.id);
  });
  afterAll(async () => t?.close());
  const relogin = async () => {
    [admin, grid1, volunteer, street, doctor] = await Promise.all(['admin', 'grid1', 'volunteer', 'street', 'doctor'].map((u) => t.login(u)));
  };
  const idOf = async (u: string) => (await t.services.auth.findByUsername(u))!.id;
  const check = (s: Session, body: Record<string, unknown>, gateId = gate.id) => as(t, s).post(`/api/gates/${gateId}/check`, body);
  const deviceEvent = (token: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/devices/gate-events', payload: body, headers: { authorization: `Bearer ${token}` } });
  const observed = async (gridId: string, indicator: string) => Number((await t.platform.database.db.selectFrom('warning_observations').select('count')
    .where('grid_id', '=', gridId).where('indicator_code', '=', indicator).where('obs_date', '=', '2026-12-04').executeTakeFirst())?.count ?? 0);

  it('the community admin sets up a gate on one of its grids; bad input names its field; only gate:manage may', async () => {
    const body = { name: '东门', kind: 'pedestrian', gridId: fx.g1.id, location: '东门岗亭', signageOn: '2026-11-20', deviceId: 'GATE-T-EAST', policy: { samplingHours: 0, samplingAction: 'review', unknown: 'review' } };
    expect((await as(t, grid1).post('/api/gates', body)).statusCode).toBe(403);
    const bad = await as(t, admin).post('/api/gates', { ...body, kind: 'tunnel', deviceId: 'x!', policy: { samplingHours: 36, samplingAction: 'review', unknown: 'review' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.deviceId', 'body.kind', 'body.policy.samplingHours']);
    const foreign = await as(t, admin).post('/api/gates', { ...body, gridId: fx.gB.id });
    expect([foreign.statusCode, foreign.json().error.details[0].path]).toEqual([400, 'gridId']);
    const r = await as(t, admin).post('/api/gates', body);
    expect(r.statusCode, r.body).toBe(201);
    gate = r.json();
    expect(gate).toMatchObject({ name: '东门', deviceId: 'GATE-T-EAST', status: 'active', version: 1, today: { in: 0, out: 0, deny: 0, review: 0 } });
    const taken = await as(t, admin).post('/api/gates', { ...body, name: '北门' });
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'device_taken']);
    // Grid workers of the community see all its gates; the street sees them too; the other community's staff do not.
    expect((await as(t, grid1).get('/api/gates')).json().items.map((g: Gate) => g.id)).toEqual([gate.id]);
    expect((await as(t, street).get('/api/gates')).json().items.map((g: Gate) => g.id)).toEqual([gate.id]);
    const stale = await as(t, admin).put(`/api/gates/${gate.id}`, { ...body, status: 'active', version: 9 });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'stale_version']);
  });

  it('the station: a resident by ID number passes (masked, no ID number in the answer, audited as a read of their status)', async () => {
    const r = await check(volunteer, { direction: 'in', scan: FIXTURE_IDS.R1 });
    expect(r.statusCode, r.body).toBe(201);
    const p: Passage = r.json();
    expect(p).toMatchObject({ decision: 'allow', subject: 'resident', person: { nameMasked: '张*' } });
    expect(codes(p)).toEqual(['resident']);
    expect(p.reasons[0]!.zh).toBe('本小区居民');
    expect(r.body).not.toContain(FIXTURE_IDS.R1);
    const reads = await auditRows(t, { action: 'read', object_type: 'gate_event' });
    expect(reads.find((a) => a.object_id === p.id)).toMatchObject({ subject_id: fx.R1.id, reason: 'gate_check' });
    // A resident of the other community: to check, without their address.
    const other: Passage = (await check(volunteer, { direction: 'in', scan: FIXTURE_IDS.R3 })).json();
    expect([other.decision, codes(other)[0], other.person?.address]).toEqual(['review', 'other_community', null]);
  });

  it('what cannot be read is a 400 naming scan; a wrong check character says so', async () => {
    const junk = await check(volunteer, { direction: 'in', scan: 'hello' });
    expect([junk.statusCode, junk.json().error.details[0].path, junk.json().error.details[0].code]).toEqual([400, 'scan', 'unrecognised']);
    const wrong = await check(volunteer, { direction: 'in', scan: `${FIXTURE_IDS.R1.slice(0, 17)}9` });
    expect([wrong.statusCode, wrong.json().error.details[0].path, wrong.json().error.details[0].code]).toEqual([400, 'scan', 'checksum']);
    const dir = await check(volunteer, { direction: 'up', scan: FIXTURE_IDS.R1 });
    expect(dir.json().error.details[0].path).toBe('body.direction');
    expect((await check(street, { direction: 'in', scan: FIXTURE_IDS.R1 })).statusCode).toBe(403);
  });

  it('someone not registered is to check: the admins are told and the gate’s grid counts an anomaly; resolved once', async () => {
    const before = await observed(fx.g1.id, 'gate_anomalies');
    const r = await check(volunteer, { direction: 'in', scan: STRANGER });
    const p: Passage = r.json();
    expect([p.decision, p.subject, codes(p)]).toEqual(['review', 'unknown', ['not_registered']]);
    expect(r.body).not.toContain(STRANGER);
    expect(await observed(fx.g1.id, 'gate_anomalies')).toBe(before + 1);
    const told = await t.platform.database.db.selectFrom('notifications').select(['recipient_id', 'payload']).where('kind', '=', 'gate_alert').where('object_id', '=', p.id).execute();
    expect(told.map((n) => n.recipient_id)).toContain(await idOf('admin'));
    expect(JSON.stringify(told)).not.toContain(STRANGER);
    const open = (await as(t, volunteer).get('/api/gates/events?open=1')).json();
    expect(open.items.map((i: Passage) => i.id)).toContain(p.id);
    expect(open.items.every((i: Passage) => i.decision === 'review' && i.review === null)).toBe(true);
    const done = await as(t, volunteer).post(`/api/gates/events/${p.id}/review`, { outcome: 'let_in', note: '电话联系被访住户确认' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().review).toMatchObject({ outcome: 'let_in', note: '电话联系被访住户确认' });
    expect((await as(t, volunteer).post(`/api/gates/events/${p.id}/review`, { outcome: 'turned_away' })).json().error.code).toBe('already_reviewed');
    const allowed = (await as(t, volunteer).get('/api/gates/events?decision=allow')).json().items[0] as Passage;
    expect((await as(t, volunteer).post(`/api/gates/events/${allowed.id}/review`, { outcome: 'let_in' })).json().error.code).toBe('not_for_review');
    expect((await as(t, volunteer).get('/api/gates/events?open=1')).json().items.map((i: Passage) => i.id)).not.toContain(p.id);
    expect((await auditRows(t, { action: 'list', object_type: 'gate_event' })).length).toBeGreaterThan(0);
  });

  it('a person in home quarantine may not go out: denied, their grid worker told, a breach counted on their grid', async () => {
    const o = await as(t, doctor).post('/api/quarantine/orders', { residentId: fx.R1.id, policyCode: 'home7', reason: 'close_contact', startDate: '2026-12-04' });
    expect(o.statusCode, o.body).toBe(201);
    expect((await as(t, street).post(`/api/quarantine/orders/${o.json().id}/decide`, { decision: 'approve', version: 1 })).statusCode).toBe(200);
    const out: Passage = (await check(volunteer, { direction: 'out', scan: FIXTURE_IDS.R1 })).json();
    expect(out.decision).toBe('deny');
    expect(out.reasons.find((r) => r.code === 'quarantine_out')).toMatchObject({ effect: 'deny', zh: '居家隔离中，不得外出' });
    expect(await observed(fx.g1.id, 'quarantine_breaches')).toBe(1);
    const told = await t.platform.database.db.selectFrom('notifications').select('recipient_id').where('kind', '=', 'gate_alert').where('object_id', '=', out.id).execute();
    expect(new Set(told.map((n) => n.recipient_id))).toEqual(new Set([await idOf('grid1'), await idOf('admin')]));
    const back: Passage = (await check(volunteer, { direction: 'in', scan: FIXTURE_IDS.R1 })).json();
    expect([back.decision, codes(back)]).toEqual(['review', ['resident', 'quarantine_in']]);
  });

  it('a visitor registers at the poster without logging in and passes once with the code, today only', async () => {
    const info = await t.app.inject({ method: 'GET', url: `/api/public/gates/${gate.id}` });
    expect(info.json()).toMatchObject({ id: gate.id, name: '东门', open: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/public/gates/nope' })).statusCode).toBe(404);
    const post = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/public/gates/${gate.id}/visits`, payload: body });
    const bad = await post({ name: '周晓燕', phone: '12345', host: '3幢1单元201室', reason: 'family' });
    expect([bad.statusCode, bad.json().error.details[0].path]).toEqual([400, 'phone']);
    const idInHost = await post({ name: '周晓燕', phone: '13905711000', host: `3幢 ${STRANGER}`, reason: 'family' });
    expect(idInHost.json().error.details[0].path).toBe('body.host');
    const r = await post({ name: '周晓燕', phone: '13905711000', host: '3幢1单元201室', reason: 'family' });
    expect(r.statusCode, r.body).toBe(201);
    const v = r.json() as { code: string; date: string; nameMasked: string };
    expect(v).toMatchObject({ date: '2026-12-04', nameMasked: '周**', gateName: '东门' });
    expect(v.code).toMatch(/^RXV-[A-HJ-NP-Z2-9]{10}$/);
    const stored = await t.platform.database.db.selectFrom('gate_visits').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('13905711000');
    expect(JSON.stringify(stored)).not.toContain('周晓燕');
    const first: Passage = (await check(volunteer, { direction: 'in', scan: v.code.toLowerCase() })).json();
    expect([first.decision, first.subject, codes(first)]).toEqual(['allow', 'visitor', ['visitor']]);
    expect(first.visit).toMatchObject({ nameMasked: '周**', host: '3幢1单元201室', reason: 'family' });
    expect((await check(volunteer, { direction: 'in', scan: v.code })).json().decision).toBe('review');
    const list = (await as(t, volunteer).get('/api/gates/visits')).json();
    expect(list.items[0]).toMatchObject({ nameMasked: '周**', phoneMasked: '139****1000', status: 'entered' });
    expect((await auditRows(t, { action: 'list', object_type: 'gate_visit' })).length).toBe(1);
    t.clock.advance(24 * 3_600_000);
    await relogin();
    expect(codes((await check(volunteer, { direction: 'in', scan: v.code })).json())).toEqual(['visit_expired']);
  });

  it('vehicles: a registered plate passes, an unknown one is to check; plates are masked and unique per community', async () => {
    const bad = await as(t, admin).post('/api/gates/vehicles', { plate: 'ABC', kind: 'resident' });
    expect([bad.statusCode, bad.json().error.details[0].path]).toEqual([400, 'plate']);
    const r = await as(t, admin).post('/api/gates/vehicles', { plate: '浙L 3F872', kind: 'resident', residentId: fx.R2.id });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().plateMasked).toBe('浙L****2');
    expect(r.json().residentNameMasked).toBe('李*');
    expect((await as(t, admin).post('/api/gates/vehicles', { plate: '浙l3f872', kind: 'supply' })).json().error.code).toBe('plate_taken');
    expect((await as(t, volunteer).post('/api/gates/vehicles', { plate: '浙L3F873', kind: 'supply' })).statusCode).toBe(403);
    const car: Passage = (await check(volunteer, { direction: 'in', scan: '浙L3F872' })).json();
    expect([car.decision, car.subject, car.vehicle]).toEqual(['allow', 'vehicle', { plateMasked: '浙L****2', kind: 'resident' }]);
    expect((await check(volunteer, { direction: 'in', scan: '沪A12345' })).json().decision).toBe('review');
    const list = (await as(t, volunteer).get('/api/gates/vehicles')).json();
    expect(list.items[0]).toMatchObject({ plateMasked: '浙L****2', residentNameMasked: '李*' });
    expect(JSON.stringify(list)).not.toContain('3F872');
    const del = await as(t, admin).delete(`/api/gates/vehicles/${r.json().id}?version=1`);
    expect(del.statusCode).toBe(204);
  });

  it('a terminal: its own area only, one row per (device, event), a colour claim never allows, a skewed clock is to check', async () => {
    const body = { deviceId: 'GATE-T-EAST', eventId: 'e-0001', direction: 'in', method: 'face', residentId: fx.R2.id, claimedColour: 'green', matchScore: 0.97 };
    const unknown = await deviceEvent(device, { ...body, deviceId: 'GATE-NOPE' });
    expect([unknown.statusCode, unknown.json().error.details[0].path]).toEqual([404, 'deviceId']);
    expect((await deviceEvent(deviceB, body)).statusCode).toBe(404);
    const two = await deviceEvent(device, { ...body, eventId: 'e-two', idNumber: FIXTURE_IDS.R2 });
    expect(two.statusCode).toBe(400);
    const first = await deviceEvent(device, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ eventId: 'e-0001', decision: 'allow', reasons: ['resident'], duplicate: false });
    for (let i = 0; i < 2; i++) expect((await deviceEvent(device, body)).json()).toMatchObject({ decision: 'allow', duplicate: true });
    const rows = await t.platform.database.db.selectFrom('gate_events').select('id').where('device_id', '=', 'GATE-T-EAST').where('event_id', '=', 'e-0001').execute();
    expect(rows.length).toBe(1);
    const red = await deviceEvent(device, { ...body, eventId: 'e-0002', claimedColour: 'red' });
    expect(red.json()).toMatchObject({ decision: 'review', reasons: ['resident', 'colour_claimed'] });
    const skew = await deviceEvent(device, { ...body, eventId: 'e-0003', at: new Date(t.clock.now().getTime() + 10 * 60_000).toISOString() });
    expect(skew.json().reasons).toContain('clock_skew');
    expect((await as(t, admin).post('/api/devices/gate-events', body)).statusCode).toBe(403);
    // An inactive gate takes no events.
    const g = (await as(t, admin).get('/api/gates')).json().items[0] as Gate;
    const off = await as(t, admin).put(`/api/gates/${g.id}`, { name: g.name, kind: 'pedestrian', gridId: fx.g1.id, deviceId: 'GATE-T-EAST', policy: g.policy, status: 'inactive', version: g.version });
    expect(off.statusCode, off.body).toBe(200);
    expect((await deviceEvent(device, { ...body, eventId: 'e-0004' })).json().error.code).toBe('gate_inactive');
    expect((await check(volunteer, { direction: 'in', scan: FIXTURE_IDS.R2 })).json().error.code).toBe('gate_inactive');
  });

  it('the flow: per gate and hour, and the week; the street sees figures and nothing about people', async () => {
    const f = await as(t, street).get('/api/gates/flow');
    expect(f.statusCode, f.body).toBe(200);
    const flow = f.json();
    expect(flow.date).toBe('2026-12-05');
    expect(flow.days).toHaveLength(7);
    const yesterday = flow.days.find((d: { date: string }) => d.date === '2026-12-04');
    const stored = await t.platform.database.db.selectFrom('gate_events').select(['direction', 'decision', 'subject']).where('day', '=', '2026-12-04').execute();
    expect(yesterday.in).toBe(stored.filter((s) => s.direction === 'in').length);
    expect(yesterday.review).toBe(stored.filter((s) => s.decision === 'review').length);
    const day4 = (await as(t, street).get('/api/gates/flow?date=2026-12-04')).json();
    expect(day4.totals.in + day4.totals.out).toBe(stored.length);
    expect(day4.gates[0].hours).toHaveLength(24);
    expect(day4.gates[0].hours.reduce((n: number, h: { in: number }) => n + h.in, 0)).toBe(day4.gates[0].in);
    expect(day4.totals.visitors).toBe(stored.filter((s) => s.subject === 'visitor').length);
    expect(day4.totals.visitors).toBe(2);
    expect((await as(t, street).get('/api/gates/events')).statusCode).toBe(403);
    expect((await as(t, street).get('/api/gates/flow?date=2026-02-30')).statusCode).toBe(400);
  });
});
