import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { seedWarningsDemo } from '../warnings';

describe('duty log (值班日志)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T09:00:00+08:00' });
  });
  afterAll(async () => t.close());

  it('refuses an entry dated in the future (it would head the log for good), naming the field; a past one is kept', async () => {
    const s = await t.login('street');
    const future = await as(t, s).post('/api/duty-logs', { category: 'other', content: '值班交接', occurredAt: '2030-01-01T00:00:00Z' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details[0]).toMatchObject({ path: 'occurredAt', code: 'future_date', message: '发生时间不能晚于现在', messageEn: 'must not be in the future' });
    // A couple of minutes ahead (a phone's clock) is fine.
    expect((await as(t, s).post('/api/duty-logs', { category: 'shift', content: '早班交接', occurredAt: '2026-11-29T09:02:00+08:00' })).statusCode).toBe(201);
    expect((await as(t, s).post('/api/duty-logs', { category: 'incident', content: '昨晚卡口异常已处理', occurredAt: '2026-11-28T22:00:00+08:00' })).statusCode).toBe(201);
    const list = await as(t, s).get('/api/duty-logs');
    expect(list.json().items.map((i: { content: string }) => i.content)).toEqual(['早班交接', '昨晚卡口异常已处理']);
  });

  it('refuses an ID number or a mobile number in the text, naming the field, and stores nothing', async () => {
    const s = await t.login('street');
    const before = (await as(t, s).get('/api/duty-logs')).json().total;
    const id = await as(t, s).post('/api/duty-logs', { category: 'incident', content: '来电人 110101199003074578 反映' });
    expect(id.statusCode).toBe(400);
    expect(id.json().error.details[0]).toMatchObject({ path: 'body.content', code: 'id_number_not_allowed' });
    expect(id.json().error.details[0].message).toContain('请勿填写身份证号');
    const phone = await as(t, s).post('/api/duty-logs', { category: 'dispatch', content: '王女士（138 1234 5678）求助买药' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.details[0]).toMatchObject({ path: 'body.content', code: 'phone_not_allowed' });
    expect(phone.json().error.details[0].messageEn).toContain('mobile number');
    // A landline of an office and times are fine.
    expect((await as(t, s).post('/api/duty-logs', { category: 'dispatch', content: '王女士（3栋2单元）求助买药，已转社区卫生服务站 0580-2021234，14:20 送达' })).statusCode).toBe(201);
    expect((await as(t, s).get('/api/duty-logs')).json().total).toBe(before + 1);
  });

  it('lists the area and below, newest first, with area and author names; filters by area, category, days and words; every read with rows is audited', async () => {
    t.clock.set('2026-11-30T08:00:00+08:00');
    const district = await t.login('district');
    const street = await t.login('street');
    const grid = await t.login('grid1');
    const d = await as(t, district).post('/api/duty-logs', { category: 'meeting', content: '区指挥部早调度：各街道报送发热自报情况', occurredAt: '2026-11-30T07:30:00+08:00' });
    expect(d.statusCode).toBe(201);
    const g = await as(t, grid).post('/api/duty-logs', { category: 'shift', content: '第一网格夜班交接：3栋老人已送医', occurredAt: '2026-11-29T23:00:00+08:00' });
    expect(g.statusCode).toBe(201);

    type Entry = { id: string; orgName: string; authorName: string; authorRole: string; content: string; occurredAt: string };
    const get = async (who: typeof district, query = '') => {
      const r = await as(t, who).get(`/api/duty-logs${query}`);
      expect(r.statusCode).toBe(200);
      return r.json() as { items: Entry[]; total: number };
    };
    // The district sees everything below it, newest first; the street not the district's own entry; the grid worker only the grid's.
    const all = await get(district);
    expect(all.items[0]).toMatchObject({ id: d.json().id, authorRole: 'district_staff' });
    expect(all.items[0]!.orgName).toBe(t.orgs.district.name);
    expect(all.items[1]).toMatchObject({ id: g.json().id, orgName: t.orgs.grids[0]!.name, authorRole: 'grid_worker' });
    expect(all.items[1]!.authorName.length).toBeGreaterThan(0);
    expect((await get(street)).items.map((i) => i.id)).not.toContain(d.json().id);
    expect((await get(grid)).items.map((i) => i.id)).toEqual([g.json().id]);

    // Filters narrow; days are Shanghai calendar days, inclusive.
    expect((await get(district, `?orgId=${t.orgs.community.id}`)).items.map((i) => i.id)).toEqual([g.json().id]);
    expect((await get(district, '?category=meeting')).items.map((i) => i.id)).toEqual([d.json().id]);
    expect((await get(district, '?from=2026-11-30&to=2026-11-30')).items.map((i) => i.id)).toEqual([d.json().id]);
    expect((await get(district, '?from=2026-11-29&to=2026-11-29')).items.map((i) => i.id)).toContain(g.json().id);
    expect((await get(district, `?q=${encodeURIComponent('送医')}`)).items.map((i) => i.id)).toEqual([g.json().id]);
    // LIKE wildcards typed are plain characters.
    expect((await get(district, `?q=${encodeURIComponent('%')}`)).total).toBe(0);

    // An area outside the caller's scope is not there; a filter never widens it; a reversed range names the field.
    const outside = await as(t, street).get(`/api/duty-logs?orgId=${t.orgs.district.id}`);
    expect(outside.statusCode).toBe(404);
    const reversed = await as(t, district).get('/api/duty-logs?from=2026-11-30&to=2026-11-29');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details[0]).toMatchObject({ path: 'to', code: 'before_from' });

    // Reads with rows are audited as reads of the log's text.
    const audited = await t.platform.database.db.selectFrom('audit_log').select(['action', 'object_type', 'count']).where('object_type', '=', 'duty_log').where('action', '=', 'read').execute();
    expect(audited.length).toBeGreaterThanOrEqual(10);
    expect(audited.every((a) => Number(a.count) > 0)).toBe(true);
  });

  it('the area filter loads the tree a level at a time for any staff with org:read; outside the area is not found', async () => {
    type Node = { id: string; name: string; level: string; hasChildren: boolean };
    const street = await t.login('street');
    const top = await as(t, street).get('/api/orgs/levels');
    expect(top.statusCode).toBe(200);
    const items = top.json().items as Node[];
    expect(items[0]).toMatchObject({ id: t.orgs.street.id, level: 'street', hasChildren: true });
    expect(items.slice(1).map((n) => n.id)).toEqual(expect.arrayContaining([t.orgs.community.id, t.orgs.other.id]));
    const grids = (await as(t, street).get(`/api/orgs/levels?parentId=${t.orgs.community.id}`)).json().items as Node[];
    expect(grids.map((n) => n.id)).toEqual(t.orgs.grids.map((g) => g.id));
    expect(grids.every((n) => n.level === 'grid' && !n.hasChildren)).toBe(true);
    // A volunteer (duty-log:read, org:read) may open it too; a level above the caller is not there.
    const volunteer = await t.login('volunteer');
    expect((await as(t, volunteer).get('/api/orgs/levels')).statusCode).toBe(200);
    expect((await as(t, street).get(`/api/orgs/levels?parentId=${t.orgs.district.id}`)).statusCode).toBe(404);
  });

  it('待跟进: an item asked for stays open until a later entry settles it (once, in scope); the open list and count follow; the open item is never changed', async () => {
    t.clock.set('2026-12-01T08:00:00+08:00');
    const street = await t.login('street');
    const admin = await t.login('admin');
    const grid = await t.login('grid1');
    type Entry = { id: string; content: string; followUp: boolean; closesId: string | null; settledBy: { id: string; authorName: string; occurredAt: string } | null; closes: { id: string; category: string; occurredAt: string } | null };
    const openOf = async (who: typeof street) => {
      const r = await as(t, who).get('/api/duty-logs?followUp=open');
      expect(r.statusCode).toBe(200);
      return (r.json().items as Entry[]).map((i) => i.id);
    };
    const countOf = async (who: typeof street, query = '') => (await as(t, who).get(`/api/duty-logs/open-count${query}`)).json().open as number;
    const before = { street: await countOf(street), grid: await countOf(grid) };

    const lift = await as(t, grid).post('/api/duty-logs', { category: 'incident', content: '5栋电梯停运，已报物业，明早回访独居老人', followUp: true });
    expect(lift.statusCode).toBe(201);
    expect(lift.json()).toMatchObject({ followUp: true, closesId: null });
    const plain = await as(t, grid).post('/api/duty-logs', { category: 'other', content: '巡查正常' });
    expect(plain.json()).toMatchObject({ followUp: false, closesId: null });
    const liftId = lift.json().id as string;
    // Open for the grid and for everyone above it; the count says the same without the text.
    expect(await openOf(grid)).toContain(liftId);
    expect(await openOf(street)).toContain(liftId);
    expect(await openOf(grid)).not.toContain(plain.json().id);
    expect(await countOf(grid)).toBe(before.grid + 1);
    expect(await countOf(street)).toBe(before.street + 1);
    expect(await countOf(street, `?orgId=${t.orgs.grids[1]!.id}`)).toBe(0);
    expect((await as(t, grid).get(`/api/duty-logs/open-count?orgId=${t.orgs.district.id}`)).statusCode).toBe(404);

    // Settling something that asked for no follow-up, an unknown entry, or one outside the caller's area: refused, nothing stored.
    const total = (await as(t, street).get('/api/duty-logs')).json().total as number;
    const notAsked = await as(t, admin).post('/api/duty-logs', { category: 'other', content: '已处理', closesId: plain.json().id });
    expect(notAsked.statusCode).toBe(409);
    expect(notAsked.json().error).toMatchObject({ code: 'not_follow_up', details: [{ path: 'closesId', code: 'not_follow_up' }] });
    expect((await as(t, admin).post('/api/duty-logs', { category: 'other', content: '已处理', closesId: 'no-such-entry' })).statusCode).toBe(404);
    const streetOwn = await as(t, street).post('/api/duty-logs', { category: 'shift', content: '下一班：核对返乡名单', followUp: true });
    expect((await as(t, grid).post('/api/duty-logs', { category: 'shift', content: '名单已核对', closesId: streetOwn.json().id })).statusCode).toBe(404);
    expect((await as(t, street).get('/api/duty-logs')).json().total).toBe(total + 1);

    // The community admin settles the grid's item; a second 办结 of it is refused (409, naming the field).
    t.clock.set('2026-12-01T08:10:00+08:00');
    const done = await as(t, admin).post('/api/duty-logs', { category: 'incident', content: '已回访，电梯已修复，老人买菜取药正常', closesId: liftId });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ closesId: liftId, followUp: false });
    const again = await as(t, street).post('/api/duty-logs', { category: 'incident', content: '再次办结', closesId: liftId });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'already_closed', details: [{ path: 'closesId', code: 'already_closed' }] });
    expect(await openOf(street)).not.toContain(liftId);
    expect(await countOf(grid)).toBe(before.grid);

    // The open item is unchanged (append-only) and says who settled it and when; the settling entry names what it settled.
    const items = (await as(t, street).get('/api/duty-logs')).json().items as Entry[];
    const asked = items.find((i) => i.id === liftId)!;
    expect(asked).toMatchObject({ content: '5栋电梯停运，已报物业，明早回访独居老人', followUp: true, settledBy: { id: done.json().id, occurredAt: '2026-12-01T00:10:00.000Z' } });
    expect(asked.settledBy!.authorName.length).toBeGreaterThan(0);
    expect(items.find((i) => i.id === done.json().id)).toMatchObject({ closes: { id: liftId, category: 'incident' }, settledBy: null });
    // A settling entry may itself ask for a follow-up (handed on with what is still to do).
    const handOn = await as(t, street).post('/api/duty-logs', { category: 'shift', content: '名单核对一半，余下交下一班', closesId: streetOwn.json().id, followUp: true });
    expect(handOn.statusCode).toBe(201);
    expect(await openOf(street)).toEqual(expect.arrayContaining([handOn.json().id]));
    expect(await openOf(street)).not.toContain(streetOwn.json().id);
    // A shift's entries: from a moment on (the handover sheet's last hours).
    const since = await as(t, street).get(`/api/duty-logs?since=${encodeURIComponent('2026-12-01T08:05:00+08:00')}`);
    expect(since.statusCode).toBe(200);
    expect((since.json().items as Entry[]).map((i) => i.id).sort()).toEqual([done.json().id, handOn.json().id].sort());
    expect((await as(t, street).get('/api/duty-logs?since=yesterday')).json().error.details[0]).toMatchObject({ path: 'querystring.since' });
    // Audited with what was asked and settled.
    const rows = await t.platform.database.db.selectFrom('audit_log').select(['object_id', 'fields']).where('object_type', '=', 'duty_log').where('object_id', 'in', [liftId, done.json().id, handOn.json().id]).execute();
    const fieldsOf = (id: string) => JSON.parse(rows.find((r) => r.object_id === id)!.fields as string) as string[];
    expect(fieldsOf(liftId)).toEqual(['category', 'content', 'followUp']);
    expect(fieldsOf(done.json().id)).toEqual(['category', 'content', 'closesId']);
    expect(fieldsOf(handOn.json().id)).toEqual(['category', 'content', 'followUp', 'closesId']);
  });

  it('an entry about a warning alert: only one the writer may see; the list names it for readers with warning:read, filters by it; audited', async () => {
    t.clock.set('2026-12-01T08:20:00+08:00');
    await seedWarningsDemo(t, t.platform);
    const admin = await t.login('admin');
    const collector = await t.login('collector');
    type Alert = { id: string; grid: { id: string; name: string } };
    const alerts = (await as(t, admin).get('/api/warnings/alerts?pageSize=100')).json().items as Alert[];
    const inGrid1 = alerts.find((a) => a.grid.id === t.orgs.grids[0]!.id)!;
    expect(inGrid1).toBeTruthy();

    const about = await as(t, admin).post('/api/duty-logs', { category: 'incident', content: '第一网格发热自报预警：已通知网格员上门核查', warningAlertId: inGrid1.id });
    expect(about.statusCode).toBe(201);
    expect(about.json().warningAlertId).toBe(inGrid1.id);
    // Not one the writer may see (a collector keeps the log but reads no warnings), or none at all: 404 naming the field, nothing stored.
    const before = (await as(t, admin).get('/api/duty-logs')).json().total as number;
    for (const [who, id] of [[collector, inGrid1.id], [admin, 'no-such-alert']] as const) {
      const r = await as(t, who).post('/api/duty-logs', { category: 'incident', content: '核查', warningAlertId: id });
      expect(r.statusCode).toBe(404);
      expect(r.json().error.details[0]).toMatchObject({ path: 'warningAlertId', code: 'not_found' });
    }
    expect((await as(t, admin).get('/api/duty-logs')).json().total).toBe(before);

    // Listed with the alert named (grid, indicator, day, level) for those who read warnings; a collector (no warning:read) the id only.
    type Entry = { id: string; warningAlertId: string | null; warningAlert: { id: string; level: string; date: string; grid: { name: string }; indicator: { nameZh: string } } | null };
    const listed = (await as(t, admin).get(`/api/duty-logs?warningAlertId=${inGrid1.id}`)).json() as { items: Entry[]; total: number };
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toMatchObject({ id: about.json().id, warningAlertId: inGrid1.id, warningAlert: { id: inGrid1.id, grid: { name: t.orgs.grids[0]!.name } } });
    expect(listed.items[0]!.warningAlert!.indicator.nameZh.length).toBeGreaterThan(0);
    const seen = (await as(t, collector).get(`/api/duty-logs?warningAlertId=${inGrid1.id}`)).json().items as Entry[];
    expect(seen.map((e) => [e.id, e.warningAlertId, e.warningAlert])).toEqual([[about.json().id, inGrid1.id, null]]);
    const row = await t.platform.database.db.selectFrom('audit_log').select('fields').where('object_type', '=', 'duty_log').where('object_id', '=', about.json().id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.fields as string)).toEqual(['category', 'content', 'warningAlertId']);
  });
});
