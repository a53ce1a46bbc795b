// Managing the hierarchy from the web app (ADR 0022): grids by the community admin (place:write), streets and communities
// by district staff / system admin (org:manage). SQLite and PostgreSQL.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_DIALECT, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { listSchemaColumns } from '../privacy';
import { checkChildCode, nextGridCode, ORG_REFERENCES, orgNotEmpty, PATH_IMPLIED_BY_GRID } from './orgs.admin';

type Detail = { path: string; code: string; message: string; messageEn: string };
const err = (r: { json: () => any }) => r.json().error as { code: string; message: string; messageEn: string; details: Detail[] };

describe('org codes (pure rules)', () => {
  it('the next grid code is the community code + 2 digits, one above the highest; gaps are reused only after 99', () => {
    expect(nextGridCode('330902001001', [])).toBe('33090200100101');
    expect(nextGridCode('330902001001', ['33090200100101', '33090200100103', '3309020010010399'])).toBe('33090200100104');
    const all = Array.from({ length: 99 }, (_, i) => `330902001001${String(i + 1).padStart(2, '0')}`);
    expect(nextGridCode('330902001001', all.filter((c) => !c.endsWith('07')))).toBe('33090200100107');
    expect(nextGridCode('330902001001', all)).toBeNull();
  });

  it('a typed code: digits, parent + 3 digits, extends the parent code (codeExtends)', () => {
    const district = { code: '330902', level: 'district' as const };
    expect(checkChildCode(district, 'street', '330902005')).toBeNull();
    expect(checkChildCode(district, 'street', '33090200x')?.details[0]).toMatchObject({ path: 'code', code: 'format' });
    expect(checkChildCode(district, 'street', '3309020051')?.details[0]).toMatchObject({ path: 'code', code: 'length' });
    expect(checkChildCode(district, 'street', '330903005')?.details[0]).toMatchObject({ path: 'code', code: 'code_prefix' });
  });
});

describe('a refused delete (409 not_empty): short, with the counts and the next step', () => {
  it('residents (or any history) stay for good: it names up to three kinds with counts and says to keep or rename the org', () => {
    const e = orgNotEmpty({ level: 'grid' }, { residents: 12, accounts: 2 });
    expect([e.status, e.code]).toEqual([409, 'not_empty']);
    expect(e.messageZh).toBe('该网格下还有 12 名居民、2 个账号，不能删除。有居民或历史记录的网格须保留；如名称有误，可以改名。');
    expect(e.messageEn).toBe('The grid still has 12 residents and 2 accounts; it cannot be deleted. A grid with residents or history must be kept; if its name is wrong, rename it.');
    expect(e.details).toEqual([
      { path: 'accounts', code: 'not_empty', message: '还有 2 个账号', messageEn: '2 accounts' },
      { path: 'residents', code: 'not_empty', message: '还有 12 名居民', messageEn: '12 residents' },
    ]);
    // A street in use (the demo's): ten kinds were listed in one sentence; now three and "等 / and more".
    const big = orgNotEmpty({ level: 'street' }, {
      children: 2, accounts: 1, compounds: 12, buildings: 77, households: 2390, residents: 6600, careTags: 5262, observations: 4800, alerts: 21, consents: 1673,
    });
    // Counts read at a glance: thousands grouped (countText).
    expect(big.messageZh).toBe('该街道下还有 2 个社区、6,600 名居民、1 个账号等，不能删除。有居民或历史记录的街道须保留；如名称有误，可以改名。');
    expect(big.messageEn).toBe('The street still has 2 communities, 6,600 residents, 1 account and more; it cannot be deleted. A street with residents or history must be kept; if its name is wrong, rename it.');
    expect(big.details).toHaveLength(10);
    // Only history left (moves, after every resident was moved out): kept, naming it.
    expect(orgNotEmpty({ level: 'grid' }, { moves: 3 }).messageZh).toBe('该网格下还有 3 条迁移记录，不能删除。有居民或历史记录的网格须保留；如名称有误，可以改名。');
    expect(orgNotEmpty({ level: 'grid' }, { apiTokens: 1 }).messageZh).toMatch(/须保留/);
  });

  it('only what a user can clear (sub-areas, places, accounts): the steps that clear it, then delete', () => {
    const e = orgNotEmpty({ level: 'street' }, { children: 2, accounts: 1 });
    expect(e.messageZh).toBe('该街道下还有 2 个社区、1 个账号，不能删除。请先删除下面的社区，由安全管理员把账号调到其他单位，再删除。');
    expect(e.messageEn).toBe('The street still has 2 communities and 1 account; it cannot be deleted. First delete the communities below it and have the security admin move the accounts to another unit, then delete it.');
    const g = orgNotEmpty({ level: 'grid' }, { buildings: 1, accounts: 1 });
    expect(g.messageZh).toBe('该网格下还有 1 个账号、1 个楼栋，不能删除。请先在“地点管理”中删除其中的地点，由安全管理员把账号调到其他单位，再删除。');
    expect(g.messageEn).toBe('The grid still has 1 account and 1 building; it cannot be deleted. First delete its places on Places and have the security admin move the accounts to another unit, then delete it.');
    expect(orgNotEmpty({ level: 'community' }, { children: 1 }).messageEn).toBe('The community still has 1 grid; it cannot be deleted. First delete the grids below it, then delete it.');
  });

  it('nothing counted (a reference found only by the database): still short, with the way forward', () => {
    const e = orgNotEmpty({ level: 'community' }, {});
    expect(e.messageZh).toBe('该社区还有其他记录引用它，不能删除。有居民或历史记录的社区须保留；如名称有误，可以改名。');
    expect(e.messageEn).toBe('Other records still refer to the community; it cannot be deleted. A community with residents or history must be kept; if its name is wrong, rename it.');
  });
});

describe('org hierarchy management (ADR 0022)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let admin: Session;
  let district: Session;
  let A: string;
  const db = () => t.platform.database.db;
  const grids = async (s: Session, communityId = A) => (await as(t, s).get(`/api/places/grids?communityId=${communityId}`)).json().items as Array<{ id: string; name: string; code: string }>;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-02T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    A = t.orgs.community.id;
    admin = await t.login('admin');
    district = await t.login('district');
  });
  afterAll(async () => t.close());

  it('the community admin adds a grid (next free code, 201, audited), which is usable at once for a building', async () => {
    const r = await as(t, admin).post('/api/places/grids', { communityId: A, name: '第九网格' });
    expect(r.statusCode, r.body).toBe(201);
    const g = r.json();
    expect(g).toMatchObject({ name: '第九网格', code: `${t.orgs.community.code}09`, workers: [], buildings: 0 });
    const stored = await t.services.orgs.byCode(g.code);
    expect(stored).toMatchObject({ id: g.id, level: 'grid', parentId: A, path: `${t.orgs.community.path}${g.code}/` });
    expect((await grids(admin)).map((x) => x.name)).toContain('第九网格');
    const audit = await auditRows(t, { action: 'create', object_type: 'org', object_id: g.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'success', actor_role: 'community_admin' });
    // Usable at once through the existing places endpoints.
    const c = (await as(t, admin).post('/api/places/compounds', { communityId: A, name: '新网格苑' })).json();
    const b = await as(t, admin).post('/api/places/buildings', { compoundId: c.id, gridId: g.id, name: '9幢' });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({ gridId: g.id, gridName: '第九网格' });
    // A duplicate name in the community is 409 naming `name`.
    const dup = await as(t, admin).post('/api/places/grids', { communityId: A, name: '第一网格' });
    expect(dup.statusCode).toBe(409);
    expect(err(dup)).toMatchObject({ code: 'duplicate_name', details: [{ path: 'name' }] });
  });

  it('renames a grid: the name changes everywhere at once, the code and path stay; duplicate name 409', async () => {
    const g = (await as(t, admin).post('/api/places/grids', { communityId: A, name: '待改名网格' })).json();
    const before = await t.services.orgs.get(g.id); // warms the orgs cache
    const r = await as(t, admin).post(`/api/places/grids/${g.id}/update`, { name: '滨海网格' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ id: g.id, name: '滨海网格', code: g.code });
    expect(await t.services.orgs.get(g.id)).toEqual({ ...before, name: '滨海网格' });
    expect((await grids(admin)).find((x) => x.id === g.id)?.name).toBe('滨海网格');
    expect((await auditRows(t, { action: 'update', object_type: 'org', object_id: g.id }))[0]).toMatchObject({ fields: '["name"]', outcome: 'success' });
    const dup = await as(t, admin).post(`/api/places/grids/${g.id}/update`, { name: '第二网格' });
    expect(dup.statusCode).toBe(409);
    expect(err(dup).details[0]).toMatchObject({ path: 'name', code: 'duplicate' });
    expect((await as(t, admin).post(`/api/places/grids/${g.id}/update`, { name: '  ' })).statusCode).toBe(400);
  });

  it('deletes an empty grid (audited); a grid with anything in it is 409 not_empty naming what remains, nothing deleted', async () => {
    const g = (await as(t, admin).post('/api/places/grids', { communityId: A, name: '临时网格' })).json();
    // A warning observation recorded for the grid keeps it.
    await t.services.warnings.observe([{ gridId: g.id, indicator: 'fever_reports', date: '2026-12-01', count: 1 }], { source: 'test', scopePath: '/', actor: null });
    const held = await as(t, admin).post(`/api/places/grids/${g.id}/delete`);
    expect(held.statusCode).toBe(409);
    expect(err(held)).toMatchObject({ code: 'not_empty', details: [{ path: 'observations' }] });
    expect(err(held).message).toBe('该网格下还有 1 条预警监测数据，不能删除。有居民或历史记录的网格须保留；如名称有误，可以改名。');
    expect(err(held).messageEn).toBe('The grid still has 1 warning observation; it cannot be deleted. A grid with residents or history must be kept; if its name is wrong, rename it.');
    expect(await t.services.orgs.byCode(g.code)).not.toBeNull();

    // Grid 1 holds a building, a household, a resident, and two accounts (its grid worker, a resident's login).
    const full = await as(t, admin).post(`/api/places/grids/${fx.g1.id}/delete`);
    expect(full.statusCode).toBe(409);
    const e = err(full);
    expect(e.details.map((d) => d.path)).toEqual(['accounts', 'buildings', 'households', 'residents']);
    // Short: residents first, three kinds, the rest "等"; every kind is still a detail.
    expect(e.message).toBe('该网格下还有 1 名居民、2 个账号、1 个楼栋等，不能删除。有居民或历史记录的网格须保留；如名称有误，可以改名。');
    expect(e.messageEn).toBe('The grid still has 1 resident, 2 accounts, 1 building and more; it cannot be deleted. A grid with residents or history must be kept; if its name is wrong, rename it.');
    expect(e.details.map((d) => d.message)).toEqual(['还有 2 个账号', '还有 1 个楼栋', '还有 1 户', '还有 1 名居民']);

    const empty = (await as(t, admin).post('/api/places/grids', { communityId: A, name: '空网格' })).json();
    const ok = await as(t, admin).post(`/api/places/grids/${empty.id}/delete`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ id: empty.id, deleted: true });
    expect(await t.services.orgs.get(empty.id)).toBeNull();
    expect((await grids(admin)).map((x) => x.id)).not.toContain(empty.id);
    expect(await auditRows(t, { action: 'delete', object_type: 'org', object_id: empty.id })).toHaveLength(1);
  });

  it('a grid of another community is 404 (audited as denied); roles without place:write get 403', async () => {
    const gB = fx.gB.id;
    for (const [url, body] of [[`/api/places/grids/${gB}/update`, { name: 'x' }], [`/api/places/grids/${gB}/delete`, undefined]] as const) {
      const r = await as(t, admin).post(url, body);
      expect(r.statusCode, url).toBe(404);
    }
    const add = await as(t, admin).post('/api/places/grids', { communityId: t.orgs.other.id, name: 'B新网格' });
    expect(add.statusCode).toBe(404);
    expect(err(add).details[0]!.path).toBe('communityId');
    const denied = await auditRows(t, { object_type: 'org', outcome: 'denied' });
    expect(denied.map((d) => [d.action, d.object_id])).toEqual(expect.arrayContaining([['update', gB], ['delete', gB], ['create', t.orgs.other.id]]));
    expect((await t.services.orgs.get(gB))?.name).toBe('第一网格');
    const w1 = await t.login('grid1');
    expect((await as(t, w1).post('/api/places/grids', { communityId: A, name: '网格员加的' })).statusCode).toBe(403);
    expect((await as(t, w1).post(`/api/places/grids/${fx.g2.id}/delete`)).statusCode).toBe(403);
    expect((await as(t, admin).post('/api/orgs', { parentId: t.orgs.street.id, code: '330902001009', name: '社区自己加的' })).statusCode).toBe(403);
    expect((await as(t, await t.login('street')).get('/api/orgs')).statusCode).toBe(403);
  });

  it('district staff add a street and a community (codes checked like the import, naming `code`), see them in the tree and in the cached street overview at once', async () => {
    const street = await t.login('street');
    // Warm the street's cached overview (street level and above are cached for 2 minutes).
    const before = (await as(t, street).get('/api/registry/overview')).json();
    expect(before.children.map((c: { name: string }) => c.name)).toEqual(['A社区', 'B社区']);

    const bad = async (body: object, path: string, code: string) => {
      const r = await as(t, district).post('/api/orgs', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(err(r).details[0], JSON.stringify(body)).toMatchObject({ path, code });
      expect(err(r).details[0]!.message).toMatch(/[\u4e00-\u9fa5]/);
    };
    await bad({ parentId: t.orgs.district.id, code: '33090200A', name: '甲街道' }, 'code', 'format');
    await bad({ parentId: t.orgs.district.id, code: '33090200', name: '甲街道' }, 'code', 'length');
    await bad({ parentId: t.orgs.district.id, code: '330903002', name: '甲街道' }, 'code', 'code_prefix');
    await bad({ parentId: t.orgs.street.id, code: '33090200100', name: '甲社区' }, 'code', 'length');
    await bad({ parentId: A, code: '33090200100109', name: '网格' }, 'parentId', 'level_not_allowed');
    const dupCode = await as(t, district).post('/api/orgs', { parentId: t.orgs.street.id, code: t.orgs.other.code, name: '丙社区' });
    expect(dupCode.statusCode).toBe(409);
    expect(err(dupCode)).toMatchObject({ code: 'duplicate_code', details: [{ path: 'code' }] });
    const dupName = await as(t, district).post('/api/orgs', { parentId: t.orgs.street.id, code: '330902001003', name: 'B社区' });
    expect(dupName.statusCode).toBe(409);
    expect(err(dupName)).toMatchObject({ code: 'duplicate_name', details: [{ path: 'name' }] });

    // Full-width digits typed with a Chinese input method are the same code (folded, NFKC), not "digits only".
    const c = await as(t, district).post('/api/orgs', { parentId: t.orgs.street.id, code: '３３０９０２００１００３', name: 'C社区' });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ level: 'community', code: '330902001003', parentId: t.orgs.street.id, manageable: true });
    expect((await t.services.orgs.byCode('330902001003'))!.path).toBe(`${t.orgs.street.path}330902001003/`);
    const after = (await as(t, street).get('/api/registry/overview')).json();
    expect(after.children.map((x: { name: string }) => x.name)).toEqual(['A社区', 'B社区', 'C社区']);

    const s = await as(t, district).post('/api/orgs', { parentId: t.orgs.district.id, code: '330902002', name: '环南街道' });
    expect(s.statusCode, s.body).toBe(201);
    const tree = (await as(t, district).get('/api/orgs')).json();
    expect(tree.root).toMatchObject({ id: t.orgs.district.id, manageable: false });
    const byName = new Map(tree.items.map((i: { name: string }) => [i.name, i]));
    expect(byName.get('环南街道')).toMatchObject({ level: 'street', parentId: t.orgs.district.id, manageable: true });
    expect(byName.get('A社区')).toMatchObject({ level: 'community', grids: expect.any(Number) });
    expect(tree.items.some((i: { level: string }) => i.level === 'grid')).toBe(false);
    expect(await auditRows(t, { action: 'create', object_type: 'org', object_id: s.json().id })).toHaveLength(1);
  });

  it('renaming a community changes only its name (code, path kept); household addresses and the cached overview follow at once', async () => {
    const street = await t.login('street');
    (await as(t, street).get('/api/registry/overview')).json(); // cached
    const r = await as(t, district).post(`/api/orgs/${A}/update`, { name: 'A社区（新）' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id: A, name: 'A社区（新）', code: t.orgs.community.code, path: t.orgs.community.path });
    const after = (await as(t, street).get('/api/registry/overview')).json();
    expect(after.children.map((x: { name: string }) => x.name)).toContain('A社区（新）');
    expect((await as(t, admin).get(`/api/places/grids?communityId=${A}`)).json().community.name).toBe('A社区（新）');
    const h = await db().selectFrom('households').select('address').where('id', '=', fx.h1.id).executeTakeFirstOrThrow();
    expect(h.address.startsWith('A社区（新） ')).toBe(true);
    const audit = await auditRows(t, { action: 'update', object_type: 'org', object_id: A });
    expect(Number(audit[0]!.count)).toBeGreaterThanOrEqual(2);
    // The residents' scope paths did not move.
    expect(Number((await db().selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${t.orgs.community.path}%`).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    const dup = await as(t, district).post(`/api/orgs/${A}/update`, { name: 'B社区' });
    expect(dup.statusCode).toBe(409);
    expect(err(dup).details[0]!.path).toBe('name');
  });

  it('an area or grid name with a control character or an emoji is 400 naming body.name, nothing renamed; invisible format characters are dropped', async () => {
    const before = await db().selectFrom('households').select('address').where('id', '=', fx.h1.id).executeTakeFirstOrThrow();
    const current = (await db().selectFrom('orgs').select('name').where('id', '=', A).executeTakeFirstOrThrow()).name;
    for (const [name, code] of [['A\u0007社区', 'control_characters'], ['A社\u001b区', 'control_characters'], ['A社区🎉', 'emoji']] as const) {
      const bad = await as(t, district).post(`/api/orgs/${A}/update`, { name });
      expect(bad.statusCode, JSON.stringify(name)).toBe(400);
      expect(err(bad).details[0]).toMatchObject({ path: 'body.name', code });
      expect(err(bad).details[0]!.message).toMatch(/^名称/);
      expect(err(bad).details[0]!.messageEn).toMatch(/^the name/);
    }
    expect((await db().selectFrom('orgs').select('name').where('id', '=', A).executeTakeFirstOrThrow()).name).toBe(current);
    expect((await db().selectFrom('households').select('address').where('id', '=', fx.h1.id).executeTakeFirstOrThrow()).address).toBe(before.address);
    const street = await as(t, district).post('/api/orgs', { parentId: t.orgs.street.id, code: `${t.orgs.street.code}777`, name: '\u200b新建社区（筹）' });
    expect(street.statusCode, street.body).toBe(201);
    expect(street.json().name).toBe('新建社区（筹）');
    const grid = await as(t, admin).post('/api/places/grids', { communityId: A, name: '第九\u0000网格' });
    expect(grid.statusCode).toBe(400);
    // NUL is refused on every route before validation (http/nul-guard.ts); the name rule would refuse it as well.
    expect(err(grid).details[0]).toMatchObject({ path: 'body.name', code: 'nul_character' });
  });

  it('deletes an empty community and street; a street with a community is 409 naming it; grids are not managed here', async () => {
    const street2 = await t.services.orgs.byCode('330902002');
    const c = (await as(t, district).post('/api/orgs', { parentId: street2!.id, code: '330902002001', name: '环南一社区' })).json();
    const held = await as(t, district).post(`/api/orgs/${street2!.id}/delete`);
    expect(held.statusCode).toBe(409);
    expect(err(held)).toMatchObject({ code: 'not_empty', message: '该街道下还有 1 个社区，不能删除。请先删除下面的社区，再删除。', details: [{ path: 'children' }] });
    expect(err(held).messageEn).toBe('The street still has 1 community; it cannot be deleted. First delete the communities below it, then delete it.');
    // A community with grids (and more) is held too.
    const a = await as(t, district).post(`/api/orgs/${A}/delete`);
    expect(a.statusCode).toBe(409);
    expect(err(a).details.map((d) => d.path)).toEqual(expect.arrayContaining(['children', 'accounts', 'compounds']));
    expect((await as(t, district).post(`/api/orgs/${fx.g2.id}/update`, { name: 'x' })).json().error.code).toBe('level_not_allowed');

    expect((await as(t, district).post(`/api/orgs/${c.id}/delete`)).statusCode).toBe(200);
    expect((await as(t, district).post(`/api/orgs/${street2!.id}/delete`)).statusCode).toBe(200);
    expect(await t.services.orgs.byCode('330902002')).toBeNull();
    expect(await auditRows(t, { action: 'delete', object_type: 'org', object_id: street2!.id })).toHaveLength(1);
  });

  it('out of scope (another district, or the caller\'s own org) is 404, audited as denied; the system admin may act city-wide', async () => {
    const other = await t.services.orgs.create({ parentId: t.orgs.city.id, level: 'district', code: '330903', name: '普陀区' });
    const otherStreet = await t.services.orgs.create({ parentId: other.id, level: 'street', code: '330903001', name: '沈家门街道' });
    const rename = await as(t, district).post(`/api/orgs/${otherStreet.id}/update`, { name: '改名' });
    expect(rename.statusCode).toBe(404);
    expect((await as(t, district).post(`/api/orgs/${otherStreet.id}/delete`)).statusCode).toBe(404);
    const add = await as(t, district).post('/api/orgs', { parentId: other.id, code: '330903002', name: '东港街道' });
    expect(add.statusCode).toBe(404);
    expect(err(add).details[0]!.path).toBe('parentId');
    expect((await as(t, district).post(`/api/orgs/${t.orgs.district.id}/update`, { name: '改名' })).statusCode).toBe(404);
    const denied = await auditRows(t, { object_type: 'org', outcome: 'denied', actor_role: 'district_staff' });
    expect(denied.map((d) => [d.action, d.object_id])).toEqual(expect.arrayContaining([
      ['update', otherStreet.id], ['delete', otherStreet.id], ['create', other.id], ['update', t.orgs.district.id],
    ]));
    expect((await t.services.orgs.get(otherStreet.id))!.name).toBe('沈家门街道');

    const sys = await t.login('sysadmin');
    const ok = await as(t, sys).post('/api/orgs', { parentId: other.id, code: '330903002', name: '东港街道' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await as(t, sys).get('/api/orgs')).json().items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['普陀区', '东港街道', 'A社区（新）']));
  });

  it('every column that refers to an org (by id or by path) is checked before a delete (ORG_REFERENCES covers the live schema)', async () => {
    const checked = new Set(ORG_REFERENCES.flatMap((r) => [...(r.ids ?? []), ...(r.path ? [r.path] : [])].map((c) => `${r.table}.${c}`)));
    // A path implied by a grid id is covered only where that grid id is checked.
    for (const k of PATH_IMPLIED_BY_GRID) expect(checked.has(`${k.split('.')[0]}.grid_id`), k).toBe(true);
    const covered = new Set([...checked, ...PATH_IMPLIED_BY_GRID]);
    const historyOnly = new Set(['audit_log.actor_org', 'orgs.path']);
    const orgish = /^(org_id|grid_id|community_id|from_grid_id|to_grid_id|org_path|scope_path|actor_org)$|_org_id$|_grid_id$/;
    const columns = await listSchemaColumns(t.platform.database);
    const missing = columns.map((c) => `${c.table}.${c.column}`).filter((k) => orgish.test(k.split('.')[1]!) && !covered.has(k) && !historyOnly.has(k));
    expect(missing).toEqual([]);
    for (const k of covered) expect(columns.some((c) => `${c.table}.${c.column}` === k), k).toBe(true);
    // Every foreign key to orgs too.
    const fks = TEST_DIALECT === 'sqlite'
      ? (await sql<{ t: string; c: string }>`select m.name as t, f."from" as c from sqlite_master m join pragma_foreign_key_list(m.name) f where m.type = 'table' and f."table" = 'orgs'`.execute(db())).rows
      // pg_catalog, not information_schema: the information_schema views walk every schema of the database before the
      // filter applies, which took minutes with a few hundred test schemas present.
      : (await sql<{ t: string; c: string }>`select cl.relname as t, a.attname as c from pg_constraint con
          join pg_class cl on cl.oid = con.conrelid join pg_namespace n on n.oid = cl.relnamespace
          join pg_class ref on ref.oid = con.confrelid
          join pg_attribute a on a.attrelid = con.conrelid and a.attnum = any(con.conkey)
          where con.contype = 'f' and ref.relname = 'orgs' and n.nspname = current_schema()`.execute(db())).rows;
    expect(fks.length).toBeGreaterThan(10);
    expect(fks.map((f) => `${f.t}.${f.c}`).filter((k) => !covered.has(k))).toEqual([]);
  });
});
