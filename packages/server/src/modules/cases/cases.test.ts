// 病例与密接 (ADR 0084): cases with their person, contacts with exposures, the chain without cycles, contacts sent on as
// screening lists and their checks read back.
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';

type CaseView = {
  id: string; code: string; classification: string; status: string; nameMasked: string; idMasked: string | null; residentId: string | null; communityName: string | null;
  sourceCaseId: string | null; sourceCode: string | null; sourceVisible: boolean; contacts: { close: number; secondary: number; sent: number; checked: number; becameCases: number }; version: number;
};
type ContactView = { id: string; kind: string; nameMasked: string; idMasked: string | null; listId: string | null; becameCaseId: string | null; becameCaseCode: string | null; check: { status: string; state: string } | null };

describe('病例与密接 (ADR 0084)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let district: Session;
  let admin: Session;
  let grid1: Session;
  let first: CaseView;
  let stranger: CaseView;
  const contacts: ContactView[] = [];
  const CONTACT_ID = makeCnId('330902', '1991-07-08', 52);

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    [district, admin, grid1] = await Promise.all(['district', 'admin', 'grid1'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());

  const post = (s: Session, url: string, body: Record<string, unknown>) => as(t, s).post(url, body);

  it('the district registers a case: a resident of the area or a person by number; bad input names its field', async () => {
    expect((await post(grid1, '/api/cases', { classification: 'confirmed', reportedOn: '2026-12-04', residentId: fx.R1.id })).statusCode).toBe(403);
    expect((await as(t, grid1).get('/api/cases')).statusCode).toBe(403);
    const field = async (body: Record<string, unknown>) => {
      const r = await post(district, '/api/cases', { classification: 'confirmed', reportedOn: '2026-12-04', ...body });
      expect(r.statusCode).toBe(400);
      return r.json().error.details[0].path;
    };
    expect(await field({ name: '赵甲' })).toBe('idNumber');
    expect(await field({ residentId: fx.R1.id, name: '张三' })).toBe('residentId');
    expect(await field({ residentId: fx.R1.id, reportedOn: '2026-12-05' })).toBe('reportedOn');
    expect(await field({ residentId: fx.R1.id, onsetOn: '2026-12-05' })).toBe('onsetOn');
    expect(await field({ name: '赵甲', idNumber: `${FIXTURE_IDS.R1.slice(0, 17)}9` })).toBe('idNumber');
    const r = await post(district, '/api/cases', { classification: 'confirmed', reportedOn: '2026-12-04', onsetOn: '2026-12-02', residentId: fx.R1.id, exposureNote: '12月1日外地返回' });
    expect(r.statusCode).toBe(201);
    first = r.json();
    expect(first).toMatchObject({ code: 'BL-20261204-001', classification: 'confirmed', status: 'active', nameMasked: '张*', residentId: fx.R1.id, communityName: t.orgs.community.name });
    const again = await post(district, '/api/cases', { classification: 'confirmed', reportedOn: '2026-12-04', residentId: fx.R1.id });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'already_case']);
    // R2 given by hand with the ID number: linked to the registry, not copied.
    const byNumber = await post(district, '/api/cases', { classification: 'asymptomatic', reportedOn: '2026-12-04', name: '李四', idNumber: FIXTURE_IDS.R2 });
    expect(byNumber.json()).toMatchObject({ code: 'BL-20261204-002', residentId: fx.R2.id });
    const s = await post(district, '/api/cases', { classification: 'suspected', reportedOn: '2026-12-03', name: '外来甲', idNumber: makeCnId('310115', '1988-02-03', 31), phone: '13912340000' });
    expect(s.statusCode).toBe(201);
    stranger = s.json();
    expect(stranger).toMatchObject({ residentId: null, nameMasked: '外**', idMasked: expect.stringMatching(/^310115\*+\d{3}[\dX]$/) });
    const stored = await t.platform.database.db.selectFrom('cases').select(['name', 'id_enc']).where('id', '=', stranger.id).executeTakeFirstOrThrow();
    expect(String(stored.id_enc)).not.toContain('310115');
  });

  it('contacts with their exposure: a secondary one through a close one; at least one way to find them', async () => {
    const url = `/api/cases/${first.id}/contacts`;
    const base = { kind: 'close', name: '周密', exposureOn: '2026-12-01', setting: 'dining' };
    const bad = async (body: Record<string, unknown>) => (await post(district, url, { ...base, ...body })).json().error.details[0].path;
    expect(await bad({})).toBe('idNumber');
    expect(await bad({ idNumber: CONTACT_ID, exposureOn: '2026-12-06' })).toBe('exposureOn');
    expect(await bad({ idNumber: CONTACT_ID, kind: 'secondary' })).toBe('viaContactId');
    expect(await bad({ idNumber: CONTACT_ID, note: '电话13912345678' })).toBe('body.note');
    for (const body of [{ idNumber: CONTACT_ID }, { name: '吴接', phone: '13700009999', setting: 'household' }]) {
      const r = await post(district, url, { ...base, ...body });
      expect(r.statusCode).toBe(201);
      contacts.push(r.json());
    }
    expect(contacts[0]).toMatchObject({ kind: 'close', nameMasked: '周*', idMasked: `330902********${CONTACT_ID.slice(-4)}`, listId: null, check: null });
    expect(await bad({ kind: 'secondary', viaContactId: fx.R1.id, address: '幸福小区1幢' })).toBe('viaContactId');
    const sec = await post(district, url, { kind: 'secondary', name: '郑次', address: `${t.orgs.community.name}幸福小区9幢`, exposureOn: '2026-12-02', setting: 'work', viaContactId: contacts[0]!.id });
    expect(sec.statusCode).toBe(201);
    contacts.push(sec.json());
    expect((await as(t, district).get(`/api/cases/${first.id}`)).json().case.contacts).toEqual({ close: 2, secondary: 1, sent: 0, checked: 0, becameCases: 0 });
  });

  it('the follow-up list: the close contacts sent once as a screening list, their checks read back', async () => {
    const due = '2026-12-04T20:00:00+08:00';
    const r = await post(district, `/api/cases/${first.id}/follow-up`, { kind: 'close', dueAt: due });
    expect(r.statusCode).toBe(201);
    expect(r.json().sent).toBe(2);
    const listId = r.json().listId;
    const list = (await as(t, district).get(`/api/screening/lists/${listId}`)).json().list;
    expect(list).toMatchObject({ kind: 'close_contact', title: 'BL-20261204-001 密接随访名单', source: '区流调组', figures: { entries: 2 } });
    const again = await post(district, `/api/cases/${first.id}/follow-up`, { kind: 'close', dueAt: due });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'nothing_to_send']);
    // The contact with a phone only went to nobody's grid; check it at the district's level and read it back on the case.
    const entries = (await as(t, district).get(`/api/screening/lists/${listId}/entries`)).json().items as Array<{ id: string; row: number; version: number }>;
    const row2 = entries.find((e) => e.row === 2)!;
    await post(district, `/api/screening/entries/${row2.id}/route`, { communityId: t.orgs.community.id, version: row2.version });
    expect((await post(admin, `/api/screening/entries/${row2.id}/check`, { outcome: 'not_here', version: row2.version + 1 })).statusCode).toBe(200);
    const d = (await as(t, district).get(`/api/cases/${first.id}`)).json();
    expect(d.case.contacts).toMatchObject({ sent: 2, checked: 1 });
    const close = (d.contacts as ContactView[]).filter((c) => c.kind === 'close');
    expect(close.map((c) => [c.listId, c.check?.status])).toEqual([[listId, 'open'], [listId, 'done']]);
  });

  it('a contact becomes a case with this one as its source; the chain has no cycles', async () => {
    const r = await post(district, `/api/cases/${first.id}/contacts/${contacts[0]!.id}/to-case`, { classification: 'confirmed', reportedOn: '2026-12-04', onsetOn: '2026-12-03' });
    expect(r.statusCode).toBe(201);
    const second: CaseView = r.json();
    expect(second).toMatchObject({ code: 'BL-20261204-004', sourceCaseId: first.id, sourceCode: first.code, nameMasked: '周*' });
    const twice = await post(district, `/api/cases/${first.id}/contacts/${contacts[0]!.id}/to-case`, { classification: 'confirmed', reportedOn: '2026-12-04' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'already_case']);
    const d = (await as(t, district).get(`/api/cases/${first.id}`)).json();
    expect(d.contacts.find((c: ContactView) => c.id === contacts[0]!.id)).toMatchObject({ becameCaseId: second.id, becameCaseCode: second.code });
    // The first case cannot have come from the second (it infected it), nor from itself.
    const cycle = await as(t, district).put(`/api/cases/${first.id}`, { sourceCaseId: second.id, version: first.version });
    expect([cycle.statusCode, cycle.json().error.details[0].path]).toEqual([400, 'sourceCaseId']);
    expect((await as(t, district).put(`/api/cases/${first.id}`, { sourceCaseId: first.id, version: first.version })).statusCode).toBe(400);
    const ok = await as(t, district).put(`/api/cases/${first.id}`, { sourceCaseId: stranger.id, status: 'recovered', version: first.version });
    expect(ok.json()).toMatchObject({ status: 'recovered', sourceCode: stranger.code, version: first.version + 1 });
    expect((await as(t, district).put(`/api/cases/${first.id}`, { status: 'active', version: first.version })).json().error.code).toBe('stale_version');
    const g = (await as(t, district).get('/api/cases/graph')).json();
    expect(g.nodes).toHaveLength(4);
    expect(g.edges).toEqual(expect.arrayContaining([{ from: first.id, to: second.id }, { from: stranger.id, to: first.id }]));
    expect(g.edges).toHaveLength(2);
  });

  it('a community sees the cases of its own residents only, read-only', async () => {
    const items = (await as(t, admin).get('/api/cases')).json().items as CaseView[];
    expect(items.map((c) => c.code).sort()).toEqual(['BL-20261204-001', 'BL-20261204-002']);
    expect((await as(t, admin).get(`/api/cases/${stranger.id}`)).statusCode).toBe(404);
    // The first case's source is the district's stranger: named, not linked, for the community; linked for the district.
    expect(items.find((c) => c.id === first.id)).toMatchObject({ sourceCaseId: stranger.id, sourceCode: stranger.code, sourceVisible: false });
    expect((await as(t, admin).get(`/api/cases/${first.id}`)).json().case).toMatchObject({ sourceCode: stranger.code, sourceVisible: false });
    expect((await as(t, district).get(`/api/cases/${first.id}`)).json().case).toMatchObject({ sourceCode: stranger.code, sourceVisible: true });
    expect((await post(admin, `/api/cases/${first.id}/contacts`, { kind: 'close', name: '某', phone: '13700001111', exposureOn: '2026-12-01', setting: 'other' })).statusCode).toBe(403);
    const g = (await as(t, admin).get('/api/cases/graph')).json();
    expect(g.edges).toEqual([]);
    expect((await as(t, district).get('/api/cases?q=002')).json().items.map((c: CaseView) => c.code)).toEqual(['BL-20261204-002']);
    expect((await as(t, district).get('/api/cases?classification=suspected')).json().items.map((c: CaseView) => c.id)).toEqual([stranger.id]);
  });
});
