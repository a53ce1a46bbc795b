import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';

describe('my record and correction requests (PRIV-09, ADR 0028)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t);
    const resident = await t.services.auth.findByUsername('resident');
    await t.services.selfReports.linkAccount(resident!.id, fx.R1.id);
    await t.services.auth.createUser({ username: 'grid2', displayName: '第二网格网格员', role: 'grid_worker', orgId: fx.g2.id, password: DEMO_PASSWORD });
    await t.services.auth.createUser({ username: 'badmin', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
  });
  afterAll(async () => t.close());
  const db = () => t.platform.database.db;

  it('shows the resident their own record, masked, audited as their own read — and nobody else’s', async () => {
    const me = await t.login('resident');
    const r = await as(t, me).get('/api/me/record');
    expect(r.statusCode).toBe(200);
    const rec = r.json().record;
    expect(rec.id).toBe(fx.R1.id);
    expect(rec.name).toBe('张三');
    expect(rec.phoneMasked).toBe(fx.R1.phoneMasked);
    expect(rec.idMasked).toBe(fx.R1.idMasked);
    expect(r.body).not.toContain('13812345678');
    expect(r.body).not.toContain('李四');
    expect(rec.residenceType).toBe('registered');
    const rows = await db().selectFrom('audit_log').selectAll().where('action', '=', 'read').where('subject_id', '=', fx.R1.id).where('actor_id', '=', me.userId).execute();
    expect(rows.map((x) => x.reason)).toContain('own_record');
    // No way to ask for another record: the route takes no id, and staff cannot call it.
    expect((await as(t, me).get(`/api/me/record?id=${fx.R2.id}`)).statusCode).toBe(400);
    expect((await as(t, await t.login('grid1')).get('/api/me/record')).statusCode).toBe(403);
  });

  it('rejects a bad phone with 400 naming the field, and an ID number typed as free text', async () => {
    const me = await t.login('resident');
    const bad = await as(t, me).post('/api/me/corrections', { field: 'phone', proposed: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('proposed');
    const id = await as(t, me).post('/api/me/corrections', { field: 'other', proposed: '身份证号应为 330902199001011234', note: null });
    expect(id.statusCode).toBe(400);
    expect(id.json().error.details[0]).toMatchObject({ path: 'proposed', code: 'id_number_not_allowed', message: expect.stringContaining('更正内容'), messageEn: expect.stringContaining('proposed value') });
    // Typed in full-width digits (a Chinese input method's default), or in groups: read as the number it is.
    const wide = await as(t, me).post('/api/me/corrections', { field: 'other', proposed: '我的身份证号３３０９０２１９９００１０１１２３４登记错了', note: null });
    expect(wide.statusCode).toBe(400);
    expect(wide.json().error.details[0]).toMatchObject({ path: 'proposed', code: 'id_number_not_allowed' });
    const grouped = await as(t, me).post('/api/me/corrections', { field: 'other', proposed: '请改 330902 19900101 1234', note: '证号　３３０９０２　１９９００１０１　１２３４' });
    expect(grouped.statusCode).toBe(400);
    const tag = await as(t, me).post('/api/me/corrections', { field: 'tags', proposed: ['elderly80'] });
    expect(tag.statusCode).toBe(400);
    // The wrong shape for the chosen field names the field in both languages.
    const shape = await as(t, me).post('/api/me/corrections', { field: 'tags', proposed: 'living_alone' });
    expect(shape.json().error.details[0]).toMatchObject({ path: 'proposed', message: '更正内容应为关爱标签列表', messageEn: 'the proposed value must be a list of care tags' });
    const text = await as(t, me).post('/api/me/corrections', { field: 'residenceType', proposed: ['tenant'] });
    expect(text.json().error.details[0]).toMatchObject({ path: 'proposed', message: '更正内容应为文本', messageEn: 'the proposed value must be text' });
    expect(await db().selectFrom('correction_requests').selectAll().execute()).toHaveLength(0);
  });

  it('stores a request with the phone not in clear, notifies the community admin, audits; staff resolve and the resident sees the reply', async () => {
    const me = await t.login('resident');
    const r = await as(t, me).post('/api/me/corrections', { field: 'phone', proposed: '139 1234 5678', note: '换号了' });
    expect(r.statusCode).toBe(201);
    const { id } = r.json();
    expect(r.json().proposed).toBe('139****5678');
    const row = await db().selectFrom('correction_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('13912345678');
    expect(JSON.stringify(row)).not.toContain('换号了');
    expect(row.proposed_masked).toBe('139****5678');
    expect(row.org_path).toBe((await t.services.registry.residentRef(fx.R1.id))!.orgPath);
    const admin = await t.services.auth.findByUsername('admin');
    const notes = await db().selectFrom('notifications').selectAll().where('kind', '=', 'correction_request').execute();
    expect(notes.map((n) => n.recipient_id)).toEqual([admin!.id]);
    expect(notes[0]!.payload).not.toContain('13912345678');
    const audited = await db().selectFrom('audit_log').selectAll().where('action', '=', 'correction_request').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.subject_id).toBe(fx.R1.id);

    // Staff of the record's area list it masked, and open it in clear to apply it (audited).
    const w = await t.login('grid1');
    const list = await as(t, w).get('/api/registry/corrections');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(list.body).not.toContain('13912345678');
    const one = await as(t, w).get(`/api/registry/corrections/${id}`);
    expect(one.json().proposed).toBe('13912345678');
    expect(one.json().note).toBe('换号了');
    expect((await db().selectFrom('audit_log').selectAll().where('object_id', '=', id).where('action', '=', 'read').execute())).toHaveLength(1);

    // Out of scope: the grid worker of another grid, another community's admin → 404, audited as denied; a resident → 403.
    for (const who of ['grid2', 'badmin']) {
      const s = await t.login(who);
      expect((await as(t, s).get('/api/registry/corrections')).json().items).toEqual([]);
      expect((await as(t, s).get(`/api/registry/corrections/${id}`)).statusCode).toBe(404);
      expect((await as(t, s).post(`/api/registry/corrections/${id}/resolve`, { decision: 'rejected', reply: 'x', version: 1 })).statusCode).toBe(404);
    }
    const denied = await db().selectFrom('audit_log').selectAll().where('object_id', '=', id).where('outcome', '=', 'denied').execute();
    expect(denied.length).toBe(4);
    expect((await as(t, me).post(`/api/registry/corrections/${id}/resolve`, { decision: 'applied', reply: 'x', version: 1 })).statusCode).toBe(403);

    // 已按申请修改 before the record holds the new number is refused: the resident would be told of a change not made.
    const a = await t.login('admin');
    const early = await as(t, a).post(`/api/registry/corrections/${id}/resolve`, { decision: 'applied', reply: '已按您的申请更新手机号', version: 1 });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('not_applied');
    expect(early.json().error.message).toContain('手机号');
    expect(early.json().error.messageEn).toContain('phone number');
    // Nothing is applied automatically: the registry still has the old phone, the request is open, nobody was told.
    expect((await t.services.registry.ownRecord(fx.R1.id))!.phoneMasked).toBe('138****5678');
    expect(await db().selectFrom('correction_requests').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'open', version: 1 });
    expect(await db().selectFrom('notifications').selectAll().where('kind', '=', 'correction_resolved').execute()).toEqual([]);

    // The community admin applies it through the normal edit, then records it; the resident sees the decision and reply.
    const before = await db().selectFrom('residents').select('version').where('id', '=', fx.R1.id).executeTakeFirstOrThrow();
    const edit = await as(t, a).post(`/api/residents/${fx.R1.id}/update`, { version: Number(before.version), phone: '139 1234 5678' });
    expect(edit.statusCode, edit.body).toBe(200);
    const done = await as(t, a).post(`/api/registry/corrections/${id}/resolve`, { decision: 'applied', reply: '已按您的申请更新手机号', version: 1 });
    expect(done.statusCode).toBe(200);
    expect(done.json().status).toBe('applied');
    expect((await as(t, a).post(`/api/registry/corrections/${id}/resolve`, { decision: 'rejected', reply: '再次', version: 2 })).statusCode).toBe(409);
    expect((await db().selectFrom('audit_log').selectAll().where('action', '=', 'correction_resolve').where('outcome', '=', 'success').execute())).toHaveLength(1);
    const resident = await t.services.auth.findByUsername('resident');
    expect((await db().selectFrom('notifications').selectAll().where('kind', '=', 'correction_resolved').execute()).map((n) => n.recipient_id)).toEqual([resident!.id]);
    expect((await as(t, a).get('/api/registry/corrections')).json().items).toEqual([]);

    // Changed in part, or to what the papers showed: 部分修改, whatever the record holds; the reply says what.
    t.clock.advance(60_000);
    const tags = (await as(t, me).post('/api/me/corrections', { field: 'tags', proposed: ['living_alone', 'disabled'] })).json();
    expect((await as(t, w).post(`/api/registry/corrections/${tags.id}/resolve`, { decision: 'applied', reply: '已改', version: 1 })).json().error.code).toBe('not_applied');
    const partly = await as(t, w).post(`/api/registry/corrections/${tags.id}/resolve`, { decision: 'partly', reply: '已加“独居”；残疾须凭残疾人证登记', version: 1 });
    expect(partly.statusCode, partly.body).toBe(200);
    expect(partly.json().status).toBe('partly');

    // Rejected, with a reply.
    t.clock.advance(60_000);
    const other = (await as(t, me).post('/api/me/corrections', { field: 'residenceType', proposed: 'tenant' })).json();
    const rej = await as(t, w).post(`/api/registry/corrections/${other.id}/resolve`, { decision: 'rejected', reply: '请携带租房合同到社区办理', version: 1 });
    expect(rej.statusCode).toBe(200);

    const mine = (await as(t, me).get('/api/me/corrections')).json().items;
    expect(mine.map((x: { status: string; reply: string }) => [x.status, x.reply])).toEqual([
      ['rejected', '请携带租房合同到社区办理'], ['partly', '已加“独居”；残疾须凭残疾人证登记'], ['applied', '已按您的申请更新手机号'],
    ]);
    expect(mine[2].proposed).toBe('139****5678');
  });

  it('holds a care-tag proposal when the record has exactly those hand-set tags, whatever its age tags', async () => {
    const setTags = (tags: string[]) => db().updateTable('residents').set({ tags: JSON.stringify(tags) }).where('id', '=', fx.R2.id).execute();
    const holds = (value: string) => t.services.registry.holdsValue(fx.R2.id, 'tags', value);
    await setTags(['elderly60', 'disabled', 'living_alone']);
    expect(await holds('living_alone,disabled')).toBe(true);
    expect(await holds('disabled,living_alone')).toBe(true);
    expect(await holds('living_alone')).toBe(false);
    expect(await holds('living_alone,disabled,chronic')).toBe(false);
    await setTags(['elderly60']);
    expect(await holds('')).toBe(true);
    expect(await holds('chronic')).toBe(false);
  });

  it('allows only a few open requests per resident', async () => {
    const me = await t.login('resident');
    for (let i = 0; i < 3; i++) expect((await as(t, me).post('/api/me/corrections', { field: 'name', proposed: `张叁${'一二三'[i]}` })).statusCode).toBe(201);
    const r = await as(t, me).post('/api/me/corrections', { field: 'tags', proposed: ['living_alone'] });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('too_many_open');
  });

  it('a resident withdraws their own open request (sent with a mistake): the slot frees, staff can no longer decide it; nobody else’s', async () => {
    const me = await t.login('resident');
    const open = (await as(t, me).get('/api/me/corrections')).json().items.filter((x: { status: string }) => x.status === 'open');
    expect(open).toHaveLength(3);
    const wrong = open[0] as { id: string; field: string };
    // Another resident's request: 404, audited as denied, and it stays open.
    const neighbour = await t.services.auth.createUser({ username: 'resident2', displayName: '居民二', role: 'resident', orgId: fx.g1.id, password: DEMO_PASSWORD });
    await t.services.selfReports.linkAccount(neighbour.id, fx.R2.id);
    const theirs = (await as(t, await t.login('resident2')).post('/api/me/corrections', { field: 'residenceType', proposed: 'tenant' })).json();
    const notMine = await as(t, me).post(`/api/me/corrections/${theirs.id}/withdraw`, {});
    expect(notMine.statusCode).toBe(404);
    expect((await db().selectFrom('correction_requests').select('status').where('id', '=', theirs.id).executeTakeFirstOrThrow()).status).toBe('open');
    expect(await db().selectFrom('audit_log').select('outcome').where('action', '=', 'correction_withdraw').where('object_id', '=', theirs.id).execute()).toEqual([{ outcome: 'denied' }]);
    // Staff cannot withdraw for the resident (resident-only permission).
    expect((await as(t, await t.login('admin')).post(`/api/me/corrections/${wrong.id}/withdraw`, {})).statusCode).toBe(403);

    const w = await as(t, me).post(`/api/me/corrections/${wrong.id}/withdraw`, {});
    expect(w.statusCode).toBe(200);
    expect(w.json()).toMatchObject({ id: wrong.id, status: 'withdrawn', resolvedAt: expect.any(String) });
    const row = await db().selectFrom('correction_requests').selectAll().where('id', '=', wrong.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'withdrawn', version: 2 });
    expect(row.resolved_at).not.toBeNull(); // the retention year starts
    expect(await db().selectFrom('audit_log').select(['outcome', 'subject_id']).where('action', '=', 'correction_withdraw').where('object_id', '=', wrong.id).execute())
      .toEqual([{ outcome: 'success', subject_id: fx.R1.id }]);
    // Twice: 409; the staff decision afterwards: 409 saying so; it is no longer in the open list, but under "withdrawn".
    expect((await as(t, me).post(`/api/me/corrections/${wrong.id}/withdraw`, {})).json().error.code).toBe('already_withdrawn');
    const a = await t.login('admin');
    const late = await as(t, a).post(`/api/registry/corrections/${wrong.id}/resolve`, { decision: 'applied', reply: '已修改', version: 1 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'withdrawn', message: '居民已撤回该申请' });
    expect((await as(t, a).get('/api/registry/corrections')).json().items.map((x: { id: string }) => x.id)).not.toContain(wrong.id);
    expect((await as(t, a).get('/api/registry/corrections?status=withdrawn')).json().items.map((x: { id: string }) => x.id)).toEqual([wrong.id]);
    // The freed slot takes the corrected request.
    expect((await as(t, me).post('/api/me/corrections', { field: 'tags', proposed: ['living_alone'] })).statusCode).toBe(201);
    // A decided request cannot be withdrawn.
    const decided = (await as(t, me).get('/api/me/corrections')).json().items.find((x: { status: string }) => x.status === 'applied');
    expect((await as(t, me).post(`/api/me/corrections/${decided.id}/withdraw`, {})).json().error.code).toBe('already_resolved');
  });
});
