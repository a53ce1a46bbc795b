import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { housekeeping } from '../../platform/jobs/housekeeping';
import { eraseRollCallItemsOf, pathsUp } from './index';

type Counts = { pending: number; safe: number; needs_help: number; unreachable: number; helped: number };
type Item = { id: string; residentId: string; nameMasked: string; address: string | null; tags: string[]; gridId: string; status: string; need: string | null; note: string | null; attempts: number; checkedBy: string | null; version: number };

describe('关爱点名 roll calls (ADR 0073)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  /** Residents aged 80+ (tag elderly80, derived from the ID): two in grid 1, one in grid 2, one in the other community. */
  const old: Record<'a1' | 'a2' | 'b1' | 'other', string> = { a1: '', a2: '', b1: '', other: '' };
  let admin: Session;
  let grid1: Session;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-03T09:00:00+08:00' });
    fx = await seedScopedFixture(t);
    const admin0 = await t.services.auth.findByUsername('admin');
    const principal = registrar(admin0!.id);
    const mk = async (householdId: string, name: string, n: number) => (await t.services.registry.createResident(principal, SYSTEM_ACTOR, {
      householdId, name, idNumber: makeCnId('330902', `1938-0${n}-1${n}`, 100 + n), phone: null, relation: 'other', residenceType: 'registered',
    })).id;
    old.a1 = await mk(fx.h1.id, '钱老一', 1);
    old.a2 = await mk(fx.h1.id, '孙老二', 2);
    old.b1 = await mk(fx.h2.id, '周老三', 3);
    old.other = await mk(fx.h3.id, '吴老四', 4);
    admin = await t.login('admin');
    grid1 = await t.login('grid1');
  });
  afterAll(async () => t.close());

  /** The admin account as the registry's service calls take a caller (street-wide, to register residents anywhere). */
  const registrar = (id: string) => ({
    kind: 'user' as const, id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
    orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
  });
  const start = (s: Session, body: unknown, headers?: Record<string, string>) => as(t, s).post('/api/roll-calls', body, headers);
  const items = async (s: Session, id: string, q = '') => {
    const r = await as(t, s).get(`/api/roll-calls/${id}/items${q}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: Item[]; total: number };
  };
  const check = (s: Session, id: string, item: Item, body: Record<string, unknown>) =>
    as(t, s).post(`/api/roll-calls/${id}/items/${item.id}/check`, { method: 'phone', version: item.version, ...body });

  it('pathsUp lists the areas above a path and the path itself', () => {
    expect(pathsUp('/330900/330902/330902001/')).toEqual(['/330900/', '/330900/330902/', '/330900/330902/330902001/']);
  });

  it('starts a roll call over the people of the area holding the tags — a snapshot, nobody outside the area — and audits it', async () => {
    const r = await start(admin, { title: '台风“梅花”过境前关爱点名', tags: ['elderly80'], dueHours: 4 }, { 'idempotency-key': 'rollcall-start-0001' });
    expect(r.statusCode, r.body).toBe(201);
    const call = r.json();
    expect(call).toMatchObject({ title: '台风“梅花”过境前关爱点名', tags: ['elderly80'], total: 3, counts: { pending: 3, safe: 0 }, closedAt: null, overdue: false, gridId: null });
    expect(call.orgId).toBe(t.orgs.community.id);
    expect(new Date(call.dueAt).getTime() - new Date(call.startedAt).getTime()).toBe(4 * 3_600_000);
    // A retry of the same submission is the same roll call, not a second one.
    const again = await start(admin, { title: '台风“梅花”过境前关爱点名', tags: ['elderly80'], dueHours: 4 }, { 'idempotency-key': 'rollcall-start-0001' });
    expect(again.json().id).toBe(call.id);
    expect((await as(t, admin).get('/api/roll-calls')).json().total).toBe(1);
    const list = await items(admin, call.id);
    expect(list.items.map((i) => i.residentId).sort()).toEqual([old.a1, old.a2, old.b1].sort());
    expect(list.items.every((i) => i.status === 'pending' && i.tags.includes('elderly80') && /^\S\*+$/.test(i.nameMasked) && i.address)).toBe(true);
    const created = await auditRows(t, { action: 'create', object_type: 'roll_call', object_id: call.id });
    expect(created).toHaveLength(1);
    expect(Number(created[0]!.count)).toBe(3);
    // A resident tagged afterwards is not added to a roll call already running.
    await t.services.registry.createResident(registrar(created[0]!.actor_id as string), SYSTEM_ACTOR, { householdId: fx.h2.id, name: '郑老五', idNumber: makeCnId('330902', '1939-05-15', 155), phone: null, relation: 'other', residenceType: 'registered' });
    expect((await items(admin, call.id)).total).toBe(3);
  });

  it('refuses bad input naming the field, a grid outside the area, and a roll call of nobody; stores nothing', async () => {
    const before = (await as(t, admin).get('/api/roll-calls')).json().total;
    const noTags = await start(admin, { title: '点名', tags: [], dueHours: 4 });
    expect(noTags.statusCode).toBe(400);
    expect(noTags.json().error.details[0].path).toBe('body.tags');
    const badTag = await start(admin, { title: '点名', tags: ['vip'], dueHours: 4 });
    expect(badTag.statusCode).toBe(400);
    const badHours = await start(admin, { title: '点名', tags: ['elderly80'], dueHours: 0 });
    expect(badHours.json().error.details[0].path).toBe('body.dueHours');
    const extra = await start(admin, { title: '点名', tags: ['elderly80'], dueHours: 4, orgPath: '/' });
    expect(extra.statusCode).toBe(400);
    const outside = await start(admin, { title: '点名', tags: ['elderly80'], dueHours: 4, gridId: fx.gB.id });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.details[0]).toMatchObject({ path: 'gridId', code: 'not_found' });
    const nobody = await start(admin, { title: '孕产妇点名', tags: ['pregnant'], dueHours: 4 });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().error).toMatchObject({ code: 'no_targets', details: [{ path: 'tags', code: 'no_targets' }] });
    expect(nobody.json().error.message).toContain('没有');
    // Street staff see progress but start nothing and see no names.
    const street = await t.login('street');
    expect((await start(street, { title: '点名', tags: ['elderly80'], dueHours: 4 })).statusCode).toBe(403);
    expect((await as(t, admin).get('/api/roll-calls')).json().total).toBe(before);
  });

  it('a grid worker sees the community’s roll call, only their grid’s people, and checks them; a stale version is 409', async () => {
    const [call] = (await as(t, grid1).get('/api/roll-calls?status=open')).json().items;
    expect(call.total).toBe(3);
    const mine = await items(grid1, call.id);
    expect(mine.items.map((i) => i.residentId).sort()).toEqual([old.a1, old.a2].sort());
    expect(mine.items.every((i) => i.gridId === fx.g1.id)).toBe(true);
    const [first, second] = mine.items as [Item, Item];
    const safe = await check(grid1, call.id, first, { outcome: 'safe', method: 'visit', note: '老人在家，门窗已加固' });
    expect(safe.statusCode, safe.body).toBe(200);
    expect(safe.json()).toMatchObject({ status: 'safe', attempts: 1, note: '老人在家，门窗已加固', version: first.version + 1 });
    expect(safe.json().checkedBy).toBeTruthy();
    // Another worker's screen still holds the old version: refused, nothing overwritten.
    const stale = await check(admin, call.id, first, { outcome: 'unreachable' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', details: [{ path: 'version', code: 'stale' }] });
    // An item of grid 2 is not grid 1's: 404, as an unknown one.
    const g2Item = (await items(admin, call.id)).items.find((i) => i.residentId === old.b1)!;
    expect((await check(grid1, call.id, g2Item, { outcome: 'safe' })).statusCode).toBe(404);
    // Unreachable, then reached on the second attempt.
    const u = await check(grid1, call.id, second, { outcome: 'unreachable' });
    expect(u.json()).toMatchObject({ status: 'unreachable', attempts: 1 });
    const detail = (await as(t, admin).get(`/api/roll-calls/${call.id}`)).json() as { counts: Counts; grids: Array<{ gridId: string; total: number; counts: Counts }> };
    expect(detail.counts).toMatchObject({ pending: 1, safe: 1, unreachable: 1 });
    expect(detail.grids.find((g) => g.gridId === fx.g1.id)).toMatchObject({ total: 2, counts: { safe: 1, unreachable: 1, pending: 0 } });
    expect(detail.grids.find((g) => g.gridId === fx.g2.id)).toMatchObject({ total: 1, counts: { pending: 1 } });
    // Not reached first in the list.
    expect((await items(grid1, call.id)).items.map((i) => i.status)).toEqual(['unreachable', 'safe']);
    const checks = await auditRows(t, { action: 'roll_call_check', subject_id: first.residentId });
    expect(checks).toHaveLength(1);
    expect(JSON.parse(checks[0]!.fields as string)).toEqual(['rollCallStatus', 'rollCallNote']);
  });

  it('needs help: the need is required, the community admins are notified at once (no name in it), helped needs what was done', async () => {
    const [call] = (await as(t, admin).get('/api/roll-calls')).json().items;
    const item = (await items(admin, call.id, `?gridId=${fx.g2.id}`)).items[0]!;
    const noNeed = await check(admin, call.id, item, { outcome: 'needs_help' });
    expect(noNeed.statusCode).toBe(400);
    expect(noNeed.json().error.details[0]).toMatchObject({ path: 'need', code: 'required' });
    const phone = await check(admin, call.id, item, { outcome: 'needs_help', need: 'medicine', note: '女儿电话 13812345678' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.details[0]).toMatchObject({ path: 'body.note', code: 'phone_not_allowed' });
    const tooEarly = await check(admin, call.id, item, { outcome: 'helped', note: '已送药' });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().error.code).toBe('not_needs_help');
    const help = await check(admin, call.id, item, { outcome: 'needs_help', need: 'medicine', note: '降压药只剩两天' });
    expect(help.statusCode, help.body).toBe(200);
    const admins = await t.platform.database.db.selectFrom('notifications').selectAll().where('kind', '=', 'roll_call_help').execute();
    expect(admins.map((n) => n.recipient_id)).toEqual([admin.userId]);
    expect(admins[0]).toMatchObject({ object_type: 'roll_call', object_id: call.id });
    expect(String(admins[0]!.payload)).not.toContain('周');
    const helpedNoNote = await check(admin, call.id, help.json(), { outcome: 'helped' });
    expect(helpedNoNote.json().error.details[0]).toMatchObject({ path: 'note', code: 'required' });
    const helped = await check(admin, call.id, help.json(), { outcome: 'helped', method: 'visit', note: '志愿者已代购送达' });
    expect(helped.json()).toMatchObject({ status: 'helped', need: 'medicine', note: '志愿者已代购送达', attempts: 2 });
  });

  it('the list of people is audited with who was shown; street staff see counts and no names', async () => {
    const [call] = (await as(t, admin).get('/api/roll-calls')).json().items;
    const before = (await auditRows(t, { action: 'list', object_type: 'roll_call_item' })).length;
    await items(grid1, call.id);
    const rows = await auditRows(t, { action: 'list', object_type: 'roll_call_item' });
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ purpose: 'service.assistance', object_id: call.id });
    const disclosed = await t.platform.database.db.selectFrom('audit_disclosures').select('resident_id').where('audit_id', '=', rows.at(-1)!.id).execute();
    expect(disclosed.map((d) => d.resident_id).sort()).toEqual([old.a1, old.a2].sort());
    const street = await t.login('street');
    const seen = await as(t, street).get(`/api/roll-calls/${call.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().counts).toMatchObject({ pending: 0, safe: 1, unreachable: 1, helped: 1 });
    expect((await as(t, street).get(`/api/roll-calls/${call.id}/items`)).statusCode).toBe(403);
    // The district above sees it too (counts only).
    const district = await t.login('district');
    expect((await as(t, district).get(`/api/roll-calls/${call.id}`)).statusCode).toBe(200);
  });

  it('past the deadline with someone not reached, the starter and the admins are told once; a closed roll call takes no checks', async () => {
    const [call] = (await as(t, admin).get('/api/roll-calls')).json().items;
    const step = async () => (await housekeeping(t.platform.database, t.clock.now())).steps['roll-call-overdue'];
    expect(await step()).toEqual({ notified: 0 });
    t.clock.advance(5 * 3_600_000);
    // Five hours idle end the sessions.
    admin = await t.login('admin');
    grid1 = await t.login('grid1');
    expect((await as(t, admin).get(`/api/roll-calls/${call.id}`)).json().overdue).toBe(true);
    expect(await step()).toEqual({ notified: 1 });
    expect(await step()).toEqual({ notified: 0 });
    const told = await t.platform.database.db.selectFrom('notifications').selectAll().where('kind', '=', 'roll_call_overdue').execute();
    expect(told.map((n) => n.recipient_id)).toEqual([admin.userId]);
    expect(JSON.parse(String(told[0]!.payload))).toMatchObject({ pending: '0', unreachable: '1' });
    // A grid worker sees the community's roll call but does not end it.
    expect((await as(t, grid1).post(`/api/roll-calls/${call.id}/close`, { version: call.version })).statusCode).toBe(403);
    const closed = await as(t, admin).post(`/api/roll-calls/${call.id}/close`, { version: call.version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().closedAt).toBeTruthy();
    expect(closed.json().overdue).toBe(false);
    expect((await as(t, admin).post(`/api/roll-calls/${call.id}/close`, { version: closed.json().version })).json().error.code).toBe('roll_call_closed');
    const item = (await items(grid1, call.id)).items[0]!;
    const late = await check(grid1, call.id, item, { outcome: 'safe' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('roll_call_closed');
    expect((await as(t, admin).get('/api/roll-calls?status=closed')).json().items.map((c: { id: string }) => c.id)).toEqual([call.id]);
    expect((await as(t, admin).get('/api/roll-calls?status=open')).json().total).toBe(0);
  });

  it('a grid worker’s roll call covers their grid only; erasing a resident removes their items', async () => {
    const r = await start(grid1, { title: '高温天气走访', tags: ['elderly80'], dueHours: 2 });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ gridId: fx.g1.id, total: 2 });
    const a2Items = () => t.platform.database.db.selectFrom('roll_call_items').select('id').where('resident_id', '=', old.a2).execute();
    expect(await a2Items()).toHaveLength(2);
    const n = await t.platform.database.writes.run((trx) => eraseRollCallItemsOf(trx, old.a2));
    expect(n).toEqual({ roll_call_items: 2 });
    expect(await a2Items()).toHaveLength(0);
  });

  it('lists the people still to reach door to door: by address with numbers as numbers (room 902 before 1002), across pages', async () => {
    const reg = t.services.registry;
    const principal = registrar(admin.userId);
    // Created in the order the text of their addresses would put them (1002 < 902 as text), to tell the two apart.
    const rooms = ['1002', '902', '10'];
    const ids: Record<string, string> = {};
    for (const [n, room] of rooms.entries()) {
      const h = await reg.createHousehold(SYSTEM_ACTOR, { unitId: fx.places.pA1.unit.id, room });
      ids[room] = (await reg.createResident(principal, SYSTEM_ACTOR, {
        householdId: h.id, name: `冯老${n + 6}`, idNumber: makeCnId('330902', `1937-0${n + 1}-2${n}`, 200 + n), phone: null, relation: 'other', residenceType: 'registered',
      })).id;
    }
    const r = await start(grid1, { title: '寒潮来袭关爱点名', tags: ['elderly80'], dueHours: 2 });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    // One page of two, then the rest: the order holds across pages (the server's order, not only each page's).
    const pages: Item[] = [];
    for (const page of [1, 2, 3]) pages.push(...(await items(grid1, id, `?pageSize=2&page=${page}`)).items);
    // Grid 1: the two of room 101 (by record, as the registry lists them), and the three new ones around them.
    const room101 = [old.a1, old.a2].sort();
    expect(pages.map((i) => i.residentId)).toEqual([ids['10'], ...room101, ids['902'], ids['1002']]);
    // Someone reached moves after those still to reach; the rest keep their order.
    expect((await check(grid1, id, pages[0]!, { outcome: 'safe' })).statusCode).toBe(200);
    expect((await items(grid1, id)).items.map((i) => i.residentId)).toEqual([...room101, ids['902'], ids['1002'], ids['10']]);
  });
  it('报平安: a resident answers for their household (safe, or what help is needed) and nobody else’s; staff see it as answered by the resident', async () => {
    // The resident account is 刘* of room 101 — the household of 钱老一 and 孙老二, both aged 80+.
    const account = (await t.services.auth.findByUsername('resident'))!;
    await t.services.selfReports.linkAccount(account.id, fx.R1.id);
    const resident = await t.login('resident');
    const r = await start(admin, { title: '暴雨红色预警关爱点名', tags: ['elderly80'], dueHours: 3 });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    type Mine = { id: string; rollCallId: string; title: string; residentId: string; self: boolean; nameMasked: string; status: string; version: number };
    const mine = async () => {
      const res = await as(t, resident).get('/api/me/roll-calls');
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as Mine[]).filter((i) => i.rollCallId === id);
    };
    const entries = await mine();
    expect(entries.map((i) => i.residentId).sort()).toEqual([old.a1, old.a2].sort());
    expect(entries.every((i) => !i.self && /^\S\*+$/.test(i.nameMasked) && i.status === 'pending' && i.title === '暴雨红色预警关爱点名')).toBe(true);
    // Reading the household's entries is audited as the resident's read of those two.
    const reads = await auditRows(t, { action: 'list', object_type: 'roll_call_item', actor_id: account.id });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.at(-1)!.reason).toBe('own_household');
    const answer = (entry: Mine, body: Record<string, unknown>) => as(t, resident).post(`/api/me/roll-calls/${id}/items/${entry.id}`, { version: entry.version, ...body });
    const a1 = entries.find((i) => i.residentId === old.a1)!;
    const a2 = entries.find((i) => i.residentId === old.a2)!;

    const safe = await answer(a1, { outcome: 'safe' });
    expect(safe.statusCode, safe.body).toBe(200);
    expect(safe.json()).toMatchObject({ status: 'safe', method: 'self', version: a1.version + 1 });
    // What a worker may record is not the resident's to say; the need must be named.
    expect((await answer(a2, { outcome: 'unreachable' })).statusCode).toBe(400);
    const noNeed = await answer(a2, { outcome: 'needs_help' });
    expect(noNeed.statusCode).toBe(400);
    expect(noNeed.json().error.details[0].path).toBe('need');
    const before = await t.platform.database.db.selectFrom('notifications').select('id').where('kind', '=', 'roll_call_help').execute();
    const help = await answer(a2, { outcome: 'needs_help', need: 'medicine', note: '降压药只剩两天的量' });
    expect(help.statusCode, help.body).toBe(200);
    expect((await t.platform.database.db.selectFrom('notifications').select('id').where('kind', '=', 'roll_call_help').execute()).length).toBe(before.length + 1);
    // An answer made on an old version is refused like a worker's.
    expect((await answer(a1, { outcome: 'safe' })).statusCode).toBe(409);

    // Someone outside the household: as unknown (404), and nothing changes.
    const list = await items(admin, id);
    const b1 = list.items.find((i) => i.residentId === old.b1)!;
    const foreign = await as(t, resident).post(`/api/me/roll-calls/${id}/items/${b1.id}`, { outcome: 'safe', version: b1.version });
    expect(foreign.statusCode).toBe(404);
    expect((await items(admin, id)).items.find((i) => i.residentId === old.b1)!.status).toBe('pending');
    // The worker's list shows the answers as the resident's own (method self), the need and the note.
    const seen = (await items(admin, id)).items;
    expect(seen.find((i) => i.residentId === old.a1)).toMatchObject({ status: 'safe', method: 'self' });
    expect(seen.find((i) => i.residentId === old.a2)).toMatchObject({ status: 'needs_help', need: 'medicine', note: '降压药只剩两天的量', method: 'self' });
    const checks = await auditRows(t, { action: 'roll_call_check', actor_id: account.id });
    expect(checks.map((c) => c.subject_id).sort()).toEqual([old.a1, old.a2].sort());

    // Staff have no 报平安 of their own; a resident has no worker's list.
    expect((await as(t, grid1).get('/api/me/roll-calls')).statusCode).toBe(403);
    expect((await as(t, resident).get(`/api/roll-calls/${id}/items`)).statusCode).toBe(403);
    // Once ended, nothing more is answered, and the roll call leaves the resident's list.
    const call = (await as(t, admin).get(`/api/roll-calls/${id}`)).json();
    expect((await as(t, admin).post(`/api/roll-calls/${id}/close`, { version: call.version })).statusCode).toBe(200);
    const fresh = (await items(admin, id)).items.find((i) => i.residentId === old.a1)!;
    expect((await as(t, resident).post(`/api/me/roll-calls/${id}/items/${fresh.id}`, { outcome: 'safe', version: fresh.version })).json().error.code).toBe('roll_call_closed');
    expect(await mine()).toEqual([]);
    // A roll call that lists only the resident (living alone tag, with their consent): their own masked name, audited
    // as a read of their own record — the harness's watch fails an unaudited answer with a masked name in it.
    const me = (await as(t, admin).get(`/api/residents/${fx.R1.id}`)).json() as { version: number };
    const tagged = await as(t, admin).post(`/api/residents/${fx.R1.id}/update`, { version: me.version, tags: ['living_alone'], consent: { method: 'oral_witnessed', note: '入户走访时口头同意（测试）' } });
    expect(tagged.statusCode, tagged.body).toBe(200);
    for (const c of (await as(t, admin).get('/api/roll-calls?status=open')).json().items as Array<{ id: string; version: number }>) {
      expect((await as(t, admin).post(`/api/roll-calls/${c.id}/close`, { version: c.version })).statusCode).toBe(200);
    }
    const own = await start(admin, { title: '寒潮关爱点名', tags: ['living_alone'], dueHours: 3 });
    expect(own.statusCode, own.body).toBe(201);
    const ownId = own.json().id as string;
    const res = await as(t, resident).get('/api/me/roll-calls');
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json().items as Mine[]).map((i) => [i.rollCallId, i.residentId, i.self])).toEqual([[ownId, fx.R1.id, true]]);
    const read = (await auditRows(t, { action: 'list', object_type: 'roll_call_item', actor_id: account.id })).at(-1)!;
    expect(read.request_id).toBe(res.headers['x-request-id']);
    expect(read.reason).toBe('own_record');
  });
});
