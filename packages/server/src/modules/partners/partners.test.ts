import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { isValidCreditCode, syntheticCreditCode } from './credit-code';

const HOUR = 3_600_000;
type Unit = { id: string; kind: string; regStatus: string | null; creditCode: string | null; contactNameMasked: string | null; contactPhoneMasked: string | null; version: number };

describe('多方协同与社会组织服务 partners (ADR 0091)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let street: Session;
  let grid1: Session;
  let volunteer: Session;
  let resident: Session;
  let doctor: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T08:00:00+08:00' });
    fx = await seedScopedFixture(t);
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    [admin, street, grid1, volunteer, resident, doctor] = await Promise.all(['admin', 'street', 'grid1', 'volunteer', 'resident', 'doctor'].map((u) => t.login(u)));
    for (const u of ['admin', 'volunteer', 'resident', 'doctor']) ids[u] = (await t.services.auth.findByUsername(u))!.id;
  });
  afterAll(async () => t?.close());
  const unit = async (b: Record<string, unknown>, s: Session = admin) => {
    const res = await as(t, s).post('/api/partners', b);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Unit;
  };

  it('the credit code check follows GB 32100-2015', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true); // a published example
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false); // I is not in the set
    const c = syntheticCreditCode('330902', 7);
    expect(c).toHaveLength(18);
    expect(isValidCreditCode(c)).toBe(true);
  });

  it('registers units; bad input names the field; a social organisation is registered with a valid code or filed', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'social_org', name: '暖心理发社' }, 'regStatus'],
      [{ kind: 'social_org', name: '暖心理发社', regStatus: 'registered' }, 'creditCode'],
      [{ kind: 'social_org', name: '暖心理发社', regStatus: 'registered', creditCode: '91350100M000100Y44' }, 'creditCode'],
      [{ kind: 'social_org', name: '暖心理发社', regStatus: 'filed', creditCode: syntheticCreditCode('330902', 1) }, 'creditCode'],
      [{ kind: 'property', name: '安居物业', regStatus: 'filed' }, 'regStatus'],
      [{ kind: 'property', name: '安居物业', contactPhone: '12345' }, 'contactPhone'],
      [{ kind: 'property', name: '联系13812345678' }, 'body.name'],
      [{ kind: 'bank', name: '银行' }, 'body.kind'],
    ];
    for (const [b, path] of cases) {
      const res = await as(t, admin).post('/api/partners', b);
      expect(res.statusCode, JSON.stringify(b)).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path), JSON.stringify(b)).toContain(path);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await t.platform.database.db.selectFrom('partner_units').select('id').execute()).toEqual([]);
    expect((await as(t, grid1).post('/api/partners', { kind: 'property', name: '安居物业' })).statusCode).toBe(403);

    const code = syntheticCreditCode('330902', 1);
    const reg = await unit({ kind: 'social_org', name: '暖心理发社', regStatus: 'registered', creditCode: code.toLowerCase(), contactName: '吴敏', contactPhone: '13905800201' });
    expect(reg.creditCode).toBe(code);
    expect(reg.contactNameMasked).not.toContain('敏吴');
    expect(reg.contactNameMasked).not.toBe('吴敏');
    expect(reg.contactPhoneMasked).toBe('139****0201');
    const dup = await as(t, admin).post('/api/partners', { kind: 'social_org', name: '另一个', regStatus: 'registered', creditCode: code });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('credit_code_taken');
    ids.barber = reg.id;
    for (let i = 0; i < 3; i++) await unit({ kind: 'social_org', name: `登记组织${i}`, regStatus: 'registered', creditCode: syntheticCreditCode('330902', 2 + i) });
    for (let i = 0; i < 8; i++) ids[`filed${i}`] = (await unit({ kind: 'social_org', name: `备案组织${i}`, regStatus: 'filed' })).id;
    ids.committee = (await unit({ kind: 'residents_committee', name: '幸福社区居委会' })).id;
    ids.property = (await unit({ kind: 'property', name: '安居物业' })).id;
    ids.streetUnit = (await unit({ kind: 'resident_unit', name: '街道驻区单位', orgId: t.orgs.street.id }, street)).id;

    const list = await as(t, grid1).get('/api/partners');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().socialOrgs).toEqual({ total: 12, registered: 4, filed: 8 });
    expect(list.json().items.map((i: Unit) => i.id)).toContain(ids.streetUnit); // a community sees the street's units
    expect(list.json().canManage).toBe(false);
    expect(JSON.stringify(list.json())).not.toContain('13905800201');
  });

  it('the contact in full only by partner:manage, audited', async () => {
    expect((await as(t, grid1).post(`/api/partners/${ids.barber}/reveal`, {})).statusCode).toBe(403);
    const res = await as(t, admin).post(`/api/partners/${ids.barber}/reveal`, {});
    expect(res.json()).toEqual({ contactName: '吴敏', contactPhone: '13905800201' });
    const audit = await auditRows(t, { action: 'reveal', object_type: 'partner_unit' });
    expect(audit.some((a) => a.object_id === ids.barber)).toBe(true);
  });

  it('the matrix: one lead per task type (409 naming the lead), support and inform many; cleared cells free the lead', async () => {
    const set = (unitId: string, taskKind: string, role: string | null) => as(t, admin).put('/api/partners/matrix', { unitId, taskKind, role });
    expect((await set(ids.committee!, 'door_check', 'lead')).statusCode).toBe(200);
    expect((await set(ids.property!, 'door_check', 'support')).statusCode).toBe(200);
    const second = await set(ids.property!, 'door_check', 'lead');
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('lead_taken');
    expect(second.json().error.message).toContain('幸福社区居委会');
    expect((await set(ids.committee!, 'door_check', 'lead')).statusCode).toBe(200); // the same lead again is fine
    expect((await set(ids.property!, 'cooking', 'lead')).statusCode).toBe(400);
    expect((await as(t, grid1).put('/api/partners/matrix', { unitId: ids.property, taskKind: 'gate_duty', role: 'lead' })).statusCode).toBe(403);
    const m = (await as(t, grid1).get('/api/partners/matrix')).json();
    expect(m.taskKinds.map((k: { code: string }) => k.code)).toContain('disinfection');
    expect(m.cells).toEqual(expect.arrayContaining([{ taskKind: 'door_check', unitId: ids.committee, role: 'lead' }, { taskKind: 'door_check', unitId: ids.property, role: 'support' }]));
    expect(m.cells).toHaveLength(2);
    expect((await set(ids.committee!, 'door_check', null)).statusCode).toBe(200);
    expect((await set(ids.property!, 'door_check', 'lead')).statusCode).toBe(200);
    // A unit that ends leaves the matrix.
    const p = (await as(t, admin).get(`/api/partners/${ids.property}`)).json();
    expect((await as(t, admin).post(`/api/partners/${ids.property}/active`, { active: false, version: p.unit.version })).statusCode).toBe(200);
    expect((await as(t, admin).get('/api/partners/matrix')).json().cells).toEqual([]);
  });

  it('services and records: totals per service and per organisation; linked residents of the area only, audited', async () => {
    const svc = await as(t, admin).post(`/api/partners/${ids.barber}/services`, { category: 'haircut', name: '义剪', bookable: false });
    expect(svc.statusCode, svc.body).toBe(201);
    ids.haircut = svc.json().id;
    const rec = (b: Record<string, unknown>, s: Session = admin) => as(t, s).post(`/api/services/${ids.haircut}/records`, { day: '2026-12-03', place: '社区广场', servedCount: 130, ...b });
    expect((await rec({ day: '2026-12-05' })).json().error.details[0].path).toBe('day');
    expect((await rec({ servedCount: 0 })).json().error.details[0].path).toBe('body.servedCount');
    expect((await rec({ residentIds: [fx.R3.id] })).json().error.details[0].path).toBe('residentIds.0');
    expect((await rec({}, volunteer)).statusCode).toBe(403); // not one of the organisation's people
    expect((await rec({}, grid1)).statusCode).toBe(403); // no service:record
    for (let i = 0; i < 39; i++) expect((await rec({ servedCount: 128 })).statusCode).toBe(201);
    const last = await rec({ residentIds: [fx.R1.id] });
    expect(last.statusCode, last.body).toBe(201);
    expect(last.json().totals).toEqual({ records: 40, served: 39 * 128 + 130 });
    const d = (await as(t, grid1).get(`/api/partners/${ids.barber}`)).json();
    expect(d.totals.served).toBeGreaterThan(5000);
    expect(d.records[0].linkedResidents).toBe(1);
    const totals = (await as(t, street).get(`/api/partners/totals?orgId=${t.orgs.community.id}`)).json();
    expect(totals.byCategory.find((c: { category: string }) => c.category === 'haircut').served).toBe(d.totals.served);
    expect(totals.byUnit[0].unitId).toBe(ids.barber);
    expect((await auditRows(t, { action: 'link', object_type: 'service_record' })).map((a) => a.subject_id)).toEqual([fx.R1.id]);
  });

  it('remote booking: the organisation offers slots; a resident books; a slot is booked once (409); only the organisation sees who', async () => {
    const org = await unit({ kind: 'social_org', name: '心语心理咨询中心', regStatus: 'filed' });
    const svc = (await as(t, admin).post(`/api/partners/${org.id}/services`, { category: 'counselling', name: '心理疏导', bookable: true })).json();
    const startsAt = new Date(t.clock.now().getTime() + 26 * HOUR).toISOString();
    expect((await as(t, volunteer).post(`/api/services/${svc.id}/slots`, { startsAt, minutes: 40, mode: 'phone' })).statusCode).toBe(403);
    expect((await as(t, admin).post(`/api/partners/${org.id}/members`, { userId: ids.resident })).statusCode).toBe(400);
    expect((await as(t, admin).post(`/api/partners/${org.id}/members`, { userId: ids.volunteer })).statusCode).toBe(201);
    const past = await as(t, volunteer).post(`/api/services/${svc.id}/slots`, { startsAt: new Date(t.clock.now().getTime() - HOUR).toISOString(), minutes: 40, mode: 'phone' });
    expect(past.json().error.details[0].path).toBe('startsAt');
    const slot = (await as(t, volunteer).post(`/api/services/${svc.id}/slots`, { startsAt, minutes: 40, mode: 'phone' })).json();
    expect((await as(t, admin).get('/api/me/partner-units')).json().items).toEqual([]);
    const slot2 = (await as(t, volunteer).post(`/api/services/${svc.id}/slots`, { startsAt: new Date(t.clock.now().getTime() + 30 * HOUR).toISOString(), minutes: 40, mode: 'video' })).json();

    const offer = (await as(t, resident).get('/api/me/services')).json();
    const mine = offer.items.find((i: { id: string }) => i.id === svc.id);
    expect(mine.slots.map((s: { id: string }) => s.id)).toEqual([slot.id, slot2.id]);
    const booked = await as(t, resident).post('/api/me/service-bookings', { slotId: slot.id, note: '最近睡不好' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().status).toBe('pending');
    const again = await as(t, resident).post('/api/me/service-bookings', { slotId: slot.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('slot_taken');
    expect((await as(t, resident).get('/api/me/services')).json().items.find((i: { id: string }) => i.id === svc.id).slots.map((s: { id: string }) => s.id)).toEqual([slot2.id]);

    // The organisation's people see who booked; the community admin sees the slot taken, not by whom.
    const bySt = (await as(t, volunteer).get(`/api/services/${svc.id}/slots`)).json();
    expect(bySt.items[0].booking.residentNameMasked).toMatch(/^张/);
    expect(bySt.items[0].booking.note).toBe('最近睡不好');
    const byAdmin = (await as(t, admin).get(`/api/services/${svc.id}/slots`)).json();
    expect(byAdmin.items[0].taken).toBe(true);
    expect(byAdmin.items[0].booking).toBeNull();
    expect(JSON.stringify(byAdmin)).not.toContain('张');

    // Confirmed by the organisation: the resident is told and sees it confirmed.
    expect((await as(t, admin).post(`/api/service-bookings/${booked.json().id}/confirm`, { version: 1 })).statusCode).toBe(404); // not one of the organisation's people
    expect((await as(t, volunteer).get('/api/me/partner-units')).json().items).toEqual([expect.objectContaining({ id: org.id, pendingBookings: 1 })]);
    const ok = await as(t, volunteer).post(`/api/service-bookings/${booked.json().id}/confirm`, { version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    const notes = await t.platform.database.db.selectFrom('notifications').select(['kind', 'object_id']).where('recipient_id', '=', ids.resident!).where('kind', '=', 'service_booking_confirmed').execute();
    expect(notes.map((n) => n.object_id)).toEqual([booked.json().id]);
    const list = (await as(t, resident).get('/api/me/service-bookings')).json();
    expect(list.items[0]).toMatchObject({ id: booked.json().id, status: 'confirmed', service: { name: '心理疏导' } });

    // The resident cancels; the slot is free again.
    expect((await as(t, resident).post(`/api/service-bookings/${booked.json().id}/cancel`, { version: 1 })).statusCode).toBe(409); // stale
    expect((await as(t, resident).post(`/api/service-bookings/${booked.json().id}/cancel`, { version: 2 })).json().status).toBe('cancelled');
    expect((await as(t, resident).post('/api/me/service-bookings', { slotId: slot.id })).statusCode).toBe(201);

    // A worker books on behalf only for a resident in home quarantine.
    const forOther = await as(t, admin).post('/api/service-bookings', { slotId: slot2.id, residentId: fx.R2.id });
    expect(forOther.statusCode).toBe(400);
    expect(forOther.json().error.details[0].path).toBe('residentId');
    expect((await as(t, doctor).post('/api/service-bookings', { slotId: slot2.id, residentId: fx.R2.id })).statusCode).toBe(403);
  });
});
