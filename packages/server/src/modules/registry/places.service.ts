import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors, type ErrorDetail } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db/dialect';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import { type AuditActor, type AuditService, denyAudited } from '../audit';
import type { AuthService, Role, UserRef } from '../auth';
import type { Org, OrgsService } from '../orgs';
import { buildingKey, placeKey, unitKey } from './registry.bulk';

/**
 * Roles that may lead a building (楼栋长, ADR 0014): people who live or volunteer there — a volunteer, a grid worker or a
 * resident account — active, in the building's community or one of its grids. Staff roles above (community admin,
 * doctor, collector) are not building leads.
 */
export const LEAD_ROLES = ['volunteer', 'grid_worker', 'resident'] as const satisfies readonly Role[];

export type PlaceFlags = { noPropertyManagement: boolean; noCompetentAuthority: boolean; notEnclosed: boolean };
export const HOUSEHOLD_TYPES = ['family', 'collective', 'rental'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

type Person = { id: string; displayName: string; role: string; status: 'active' | 'disabled' };
export type GridView = { id: string; name: string; code: string; workers: Person[]; compounds: number; buildings: number; residents: number };
export type BuildingView = {
  id: string; name: string; compoundId: string; gridId: string; gridName: string; lead: Person | null; units: number; households: number; residents: number;
};
export type CompoundView = { id: string; name: string; communityId: string; flags: PlaceFlags; threeNo: boolean; buildings: BuildingView[] };
export type CommunityRef = { id: string; name: string; code: string };

/** The address stored on a household (and matched by the address search): community compound building unit room. */
export function householdAddress(p: { community: string; compound: string; building: string; unit: string; room: string }): string {
  return `${p.community} ${p.compound} ${p.building} ${p.unit} ${p.room}`;
}

type Row = Record<string, any>;

/** Another compound whose name is `name` or one the import takes for it (placeKey: spaces, full-width, case), if any. */
const lookAlikeCompound = <T extends { name: string }>(compounds: T[], name: string): T | undefined =>
  compounds.find((x) => x.name === name) ?? compounds.find((x) => placeKey(x.name) === placeKey(name));

/** A body or query field that names something unknown or outside the caller's scope (the same answer for both). */
function notFoundField(field: string, zh: string, en: string): AppError {
  return new AppError(404, 'not_found', `${zh}不存在或不在您的管辖范围内`, `${en} not found in your scope`, [
    { path: field, code: 'not_found', message: `${zh}不存在或不在您的管辖范围内`, messageEn: `${en} not found in your scope` },
  ]);
}

/** 409 for a name that is already taken under the same parent, naming the field. */
function duplicate(field: 'name' | 'room', zhWhat: string, zhParent: string, enWhat: string, enParent: string, value: string): AppError {
  const detail: ErrorDetail = {
    path: field, code: 'duplicate', message: `${zhParent}已有${zhWhat}“${value}”`, messageEn: `${enParent} already has a ${enWhat} "${value}"`,
  };
  return errors.conflict(
    field === 'room' ? 'duplicate_room' : 'duplicate_name',
    `${zhWhat}${field === 'room' ? '' : '名称'}重复：${detail.message}`,
    `Duplicate ${enWhat}${field === 'room' ? '' : ' name'}: ${detail.messageEn}`,
    [detail],
  );
}

/** What still lies in (or refers to) a place that someone asked to delete (ADR 0019). */
export type Remains = {
  buildings?: number; units?: number; households?: number; residents?: number; inactiveResidents?: number; moves?: number; selfReports?: number; assignments?: number;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * 409 `not_empty` for a delete that would take people, households, child places or history with it (ADR 0019): the
 * message says what is still inside, e.g. “该楼栋下还有 12 户、30 名居民，不能删除 / The building still has 12
 * households and 30 residents; it cannot be deleted”, one detail per kind of thing.
 */
export function notEmpty(zhWhat: string, enWhat: string, r: Remains): AppError {
  const inactive = r.inactiveResidents ?? 0;
  const parts: Array<[keyof Remains, number, string, string]> = [
    ['buildings', r.buildings ?? 0, `${r.buildings} 个楼栋`, plural(r.buildings ?? 0, 'building', 'buildings')],
    ['units', r.units ?? 0, `${r.units} 个单元`, plural(r.units ?? 0, 'unit', 'units')],
    ['households', r.households ?? 0, `${r.households} 户`, plural(r.households ?? 0, 'household', 'households')],
    [
      'residents', r.residents ?? 0, `${r.residents} 名居民${inactive ? `（含已迁出、已故 ${inactive} 名）` : ''}`,
      `${plural(r.residents ?? 0, 'resident', 'residents')}${inactive ? ` (${inactive} moved out or deceased)` : ''}`,
    ],
    ['moves', r.moves ?? 0, `${r.moves} 条迁入迁出记录`, plural(r.moves ?? 0, 'move record', 'move records')],
    ['selfReports', r.selfReports ?? 0, `${r.selfReports} 条体温自测记录`, plural(r.selfReports ?? 0, 'self-report', 'self-reports')],
    ['assignments', r.assignments ?? 0, `${r.assignments} 条人员分配记录`, plural(r.assignments ?? 0, 'staff assignment', 'staff assignments')],
  ];
  const left = parts.filter(([, n]) => n > 0);
  const zhList = left.map(([, , zh]) => zh).join('、');
  const en = left.map(([, , , e]) => e);
  const enList = en.length > 1 ? `${en.slice(0, -1).join(', ')} and ${en.at(-1)}` : (en[0] ?? 'records that refer to it');
  const history = r.moves || r.selfReports ? '（历史记录须保留）' : '';
  return errors.conflict(
    'not_empty',
    `该${zhWhat}${zhWhat === '房号' ? '' : '下'}还有 ${zhList || '其他记录引用它'}，不能删除${history}`,
    `The ${enWhat} still has ${enList}; it cannot be deleted${history ? ' (history is kept)' : ''}`,
    left.map(([path, , zh, e]) => ({ path, code: 'not_empty', message: `还有 ${zh}`, messageEn: e })),
  );
}



/**
 * Places below the community (ADR 0014): grids with their grid workers, compounds (小区) with the "three-no" flags,
 * buildings (楼栋) in a grid with a building lead, units and rooms (households). Every object is checked against the
 * caller's org path (out of scope = 404, the same as unknown); every write commits with its audit row.
 */
export function createPlacesService(
  p: Platform, audit: AuditService, orgs: OrgsService, accounts: Pick<AuthService, 'userRefs' | 'usersIn'>,
) {
  const { database, clock } = p;
  const { db, writes, codec } = database;
  const now = () => clock.now();
  const flagsOf = (c: Row): PlaceFlags => ({
    noPropertyManagement: codec.readBool(c.no_property_management), noCompetentAuthority: codec.readBool(c.no_competent_authority), notEnclosed: codec.readBool(c.not_enclosed),
  });
  const person = (u: UserRef): Person => ({ id: u.id, displayName: u.displayName, role: u.role, status: u.status });

  /**
   * The community `id` for the caller. Writes: the community must lie inside the caller's scope. Reads also accept a
   * caller inside the community (a grid worker), whose answers are then narrowed to their own grid.
   */
  async function community(principal: Principal, actor: AuditActor, id: string, mode: 'read' | 'write', action: string): Promise<Org> {
    const c = await orgs.get(id);
    const visible = c && c.level === 'community' && (orgs.inScope(principal.orgPath, c.path) || (mode === 'read' && orgs.inScope(c.path, principal.orgPath)));
    if (!visible) return denyAudited(audit, actor, { action, objectType: 'community', objectId: id }, notFoundField('communityId', '社区', 'community'));
    return c;
  }

  async function compoundInScope(principal: Principal, actor: AuditActor, id: string, action: string, field?: string) {
    const c = await db.selectFrom('compounds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c || !orgs.inScope(principal.orgPath, c.org_path)) {
      return denyAudited(audit, actor, { action, objectType: 'compound', objectId: id }, field ? notFoundField(field, '小区', 'compound') : errors.notFound('小区', 'Compound'));
    }
    return c;
  }

  async function buildingInScope(principal: Principal, actor: AuditActor, id: string, action: string, field?: string) {
    const b = await db.selectFrom('buildings as b').innerJoin('compounds as c', 'c.id', 'b.compound_id')
      .select(['b.id', 'b.name', 'b.compound_id', 'b.grid_id', 'b.org_path', 'b.lead_user_id', 'c.name as compound_name', 'c.community_id'])
      .where('b.id', '=', id).executeTakeFirst();
    if (!b || !orgs.inScope(principal.orgPath, b.org_path)) {
      return denyAudited(audit, actor, { action, objectType: 'building', objectId: id }, field ? notFoundField(field, '楼栋', 'building') : errors.notFound('楼栋', 'Building'));
    }
    return b;
  }

  async function unitInScope(principal: Principal, actor: AuditActor, id: string, action: string) {
    const u = await db.selectFrom('units as u').innerJoin('buildings as b', 'b.id', 'u.building_id').innerJoin('compounds as c', 'c.id', 'b.compound_id')
      .select(['u.id', 'u.name', 'u.building_id', 'b.name as building', 'b.org_path', 'c.community_id']).where('u.id', '=', id).executeTakeFirst();
    if (!u || !orgs.inScope(principal.orgPath, u.org_path)) return denyAudited(audit, actor, { action, objectType: 'unit', objectId: id }, errors.notFound('单元', 'Unit'));
    return u;
  }

  /** A room (household row) in the caller's scope, with the names its address is made of. */
  async function roomInScope(principal: Principal, actor: AuditActor, id: string, action: string) {
    const h = await db.selectFrom('households').select(['id', 'unit_id', 'room', 'org_path', 'grid_id', 'household_type', 'version']).where('id', '=', id).executeTakeFirst();
    if (!h || !orgs.inScope(principal.orgPath, h.org_path)) return denyAudited(audit, actor, { action, objectType: 'household', objectId: id }, errors.notFound('房号', 'Room'));
    return h;
  }

  /** A grid of `communityId` inside the caller's scope for a building; 404 naming gridId, or 400 for another community's grid. */
  async function gridFor(principal: Principal, actor: AuditActor, gridId: string, communityId: string, action: string): Promise<Org> {
    const g = await orgs.get(gridId);
    if (!g || g.level !== 'grid' || !orgs.inScope(principal.orgPath, g.path)) return denyAudited(audit, actor, { action, objectType: 'grid', objectId: gridId }, notFoundField('gridId', '网格', 'grid'));
    if (g.parentId !== communityId) throw errors.field('gridId', 'grid_not_in_community', '网格不属于该小区所在的社区', 'the grid is not in the compound’s community');
    return g;
  }

  /** Counts and names for building rows (each with id, name, compound_id, grid_id, lead_user_id). */
  async function buildingViews(rows: Row[]): Promise<BuildingView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((b) => b.id as string);
    const [units, households, residents, leads] = await Promise.all([
      inChunks(ids, (part) => db.selectFrom('units').select(['building_id', (eb) => eb.fn.countAll().as('n')]).where('building_id', 'in', part).groupBy('building_id').execute()),
      inChunks(ids, (part) => db.selectFrom('households as h').innerJoin('units as u', 'u.id', 'h.unit_id').select(['u.building_id', (eb) => eb.fn.countAll().as('n')])
        .where('u.building_id', 'in', part).groupBy('u.building_id').execute()),
      inChunks(ids, (part) => db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
        .select(['u.building_id', (eb) => eb.fn.countAll().as('n')]).where('u.building_id', 'in', part).where('r.status', '=', 'active').groupBy('u.building_id').execute()),
      accounts.userRefs(rows.map((b) => b.lead_user_id).filter(Boolean)),
    ]);
    const count = (list: Row[]) => new Map(list.map((r) => [r.building_id as string, Number(r.n)]));
    const [nu, nh, nr] = [count(units), count(households), count(residents)];
    const grids = new Map<string, string>();
    for (const g of new Set(rows.map((b) => b.grid_id as string))) grids.set(g, (await orgs.get(g))?.name ?? '');
    return rows
      .map((b) => {
        const lead = b.lead_user_id ? leads.get(b.lead_user_id) : undefined;
        return {
          id: b.id, name: b.name, compoundId: b.compound_id, gridId: b.grid_id, gridName: grids.get(b.grid_id) ?? '', lead: lead ? person(lead) : null,
          units: nu.get(b.id) ?? 0, households: nh.get(b.id) ?? 0, residents: nr.get(b.id) ?? 0,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }));
  }

  const compoundView = (c: Row, buildings: BuildingView[]): CompoundView => {
    const flags = flagsOf(c);
    return { id: c.id, name: c.name, communityId: c.community_id, flags, threeNo: flags.noPropertyManagement && flags.noCompetentAuthority && flags.notEnclosed, buildings };
  };

  /** One compound as the caller sees it (its buildings inside the caller's scope). */
  async function oneCompound(principal: Principal, id: string): Promise<CompoundView> {
    const c = await db.selectFrom('compounds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const buildings = await db.selectFrom('buildings').select(['id', 'name', 'compound_id', 'grid_id', 'lead_user_id']).where('compound_id', '=', id)
      .where('org_path', 'like', `${principal.orgPath}%`).execute();
    return compoundView(c, await buildingViews(buildings));
  }

  /** Rewrites the stored address of every household below a compound, building or unit after a rename (same transaction). */
  async function readdress(trx: Transaction<any>, where: { compoundId: string } | { buildingId: string } | { unitId: string }, communityName: string): Promise<number> {
    let q = trx.selectFrom('households as h').innerJoin('units as u', 'u.id', 'h.unit_id').innerJoin('buildings as b', 'b.id', 'u.building_id')
      .innerJoin('compounds as c', 'c.id', 'b.compound_id').select(['h.id', 'h.room', 'u.name as unit', 'b.name as building', 'c.name as compound']);
    q = 'compoundId' in where ? q.where('c.id', '=', where.compoundId) : 'buildingId' in where ? q.where('b.id', '=', where.buildingId) : q.where('u.id', '=', where.unitId);
    const rows = await q.execute();
    const ts = codec.ts(now());
    for (const h of rows) {
      const address = householdAddress({ community: communityName, compound: h.compound, building: h.building, unit: h.unit, room: h.room });
      await trx.updateTable('households').set({ address, updated_at: ts }).where('id', '=', h.id).execute();
    }
    return rows.length;
  }

  // Renaming a community (ADR 0022) rewrites the stored addresses of its households, which begin with its name.
  orgs.onRename(async (trx, org, newName) => {
    if (org.level !== 'community') return 0;
    let n = 0;
    for (const c of await trx.selectFrom('compounds').select('id').where('community_id', '=', org.id).execute()) n += await readdress(trx, { compoundId: c.id }, newName);
    return n;
  });

  /**
   * Deletes one empty place (ADR 0019): inside the write transaction, `remains` counts what is still inside or refers to
   * it; anything left is a 409 naming it (nothing is ever deleted along with it). A row that a concurrent writer on
   * another node added after the count makes the foreign key refuse the delete: that becomes the same kind of 409.
   */
  async function removeEmpty(
    actor: AuditActor, table: 'compounds' | 'buildings' | 'units' | 'households', objectType: string, id: string,
    what: { zh: string; en: string }, remains: (trx: Transaction<any>) => Promise<Remains>, audited: { fields: string[]; reason: string | null },
  ): Promise<{ id: string; deleted: true }> {
    try {
      await writes.run(async (trx) => {
        const left = await remains(trx);
        if (Object.values(left).some((n) => (n ?? 0) > 0)) throw notEmpty(what.zh, what.en, left);
        await trx.deleteFrom(table).where('id', '=', id).execute();
        await audit.append(trx, actor, { action: 'delete', objectType, objectId: id, fields: audited.fields, reason: audited.reason, outcome: 'success' });
      });
    } catch (e) {
      if (isForeignKeyViolation(e)) throw notEmpty(what.zh, what.en, {});
      throw e;
    }
    return { id, deleted: true };
  }

  const n = (row: { n: unknown } | undefined) => Number(row?.n ?? 0);

  /** Households and residents (any status) below a compound, building or unit. */
  async function peopleBelow(trx: Transaction<any>, where: { compoundId: string } | { buildingId: string } | { unitId: string }) {
    const [col, value] = 'compoundId' in where ? ['b.compound_id', where.compoundId] : 'buildingId' in where ? ['u.building_id', where.buildingId] : ['h.unit_id', where.unitId];
    const households = await trx.selectFrom('households as h').innerJoin('units as u', 'u.id', 'h.unit_id').innerJoin('buildings as b', 'b.id', 'u.building_id')
      .select((eb) => eb.fn.countAll().as('n')).where(col, '=', value).executeTakeFirst();
    const residents = await trx.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
      .innerJoin('buildings as b', 'b.id', 'u.building_id')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum(eb.case().when('r.status', '<>', 'active').then(1).else(0).end()).as('inactive')])
      .where(col, '=', value).executeTakeFirst();
    return { households: n(households), residents: n(residents), inactiveResidents: Number(residents?.inactive ?? 0) };
  }

  /** Runs a write; a unique violation that slipped past the check (a concurrent writer on another node) becomes the 409. */
  async function write<T>(fn: (trx: Transaction<any>) => Promise<T>, onDuplicate: () => AppError): Promise<T> {
    try {
      return await writes.run(fn);
    } catch (e) {
      if (isUniqueViolation(e)) throw onDuplicate();
      throw e;
    }
  }

  return {
    /** The grids of a community in scope, each with its grid workers (accounts with role grid_worker in the grid) and counts. */
    async grids(principal: Principal, actor: AuditActor, communityId: string): Promise<{ community: CommunityRef; items: GridView[] }> {
      const c = await community(principal, actor, communityId, 'read', 'list');
      const grids = (await orgs.within(c.path)).filter((o) => o.level === 'grid' && o.parentId === c.id && orgs.inScope(principal.orgPath, o.path));
      const ids = grids.map((g) => g.id);
      const [workers, buildings, residents] = await Promise.all([
        accounts.usersIn(ids, { roles: ['grid_worker'] }),
        ids.length
          ? db.selectFrom('buildings').select(['grid_id', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.count('compound_id').distinct().as('c')])
            .where('grid_id', 'in', ids).groupBy('grid_id').execute()
          : Promise.resolve([]),
        ids.length
          ? db.selectFrom('residents').select(['grid_id', (eb) => eb.fn.countAll().as('n')]).where('org_path', 'like', `${c.path}%`).where('grid_id', 'in', ids)
            .where('status', '=', 'active').groupBy('grid_id').execute()
          : Promise.resolve([]),
      ]);
      const b = new Map(buildings.map((r) => [r.grid_id as string, { n: Number(r.n), c: Number(r.c) }]));
      const r = new Map(residents.map((x) => [x.grid_id as string, Number(x.n)]));
      const items = grids
        .sort((x, y) => x.code.localeCompare(y.code))
        .map((g) => ({
          id: g.id, name: g.name, code: g.code, workers: workers.filter((w) => w.orgId === g.id).map(person),
          compounds: b.get(g.id)?.c ?? 0, buildings: b.get(g.id)?.n ?? 0, residents: r.get(g.id) ?? 0,
        }));
      return { community: { id: c.id, name: c.name, code: c.code }, items };
    },

    /** Compounds of a community with their buildings (grid, lead, counts). A caller inside one grid sees only what lies in it. */
    async compounds(principal: Principal, actor: AuditActor, communityId: string): Promise<{ community: CommunityRef; items: CompoundView[] }> {
      const c = await community(principal, actor, communityId, 'read', 'list');
      const whole = orgs.inScope(principal.orgPath, c.path);
      const compounds = await db.selectFrom('compounds').selectAll().where('community_id', '=', c.id).execute();
      const buildings = await db.selectFrom('buildings as b').innerJoin('compounds as c', 'c.id', 'b.compound_id')
        .select(['b.id', 'b.name', 'b.compound_id', 'b.grid_id', 'b.lead_user_id']).where('c.community_id', '=', c.id).where('b.org_path', 'like', `${principal.orgPath}%`).execute();
      const views = await buildingViews(buildings);
      const byCompound = new Map<string, BuildingView[]>();
      for (const v of views) byCompound.set(v.compoundId, [...(byCompound.get(v.compoundId) ?? []), v]);
      const items = compounds
        .filter((x) => whole || byCompound.has(x.id))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }))
        .map((x) => compoundView(x, byCompound.get(x.id) ?? []));
      return { community: { id: c.id, name: c.name, code: c.code }, items };
    },

    async createCompound(principal: Principal, actor: AuditActor, b: { communityId: string; name: string } & Partial<PlaceFlags>): Promise<CompoundView> {
      const c = await community(principal, actor, b.communityId, 'write', 'create');
      const id = uuidv7(now().getTime());
      const row = {
        id, community_id: c.id, org_path: c.path, name: b.name, no_property_management: codec.bool(!!b.noPropertyManagement),
        no_competent_authority: codec.bool(!!b.noCompetentAuthority), not_enclosed: codec.bool(!!b.notEnclosed), created_at: codec.ts(now()),
      };
      const dup = (name = b.name) => duplicate('name', '小区', '本社区', 'compound', 'This community', name);
      await write(async (trx) => {
        // "金岸名苑" and "金岸 名苑" are one compound to the import (placeKey): the existing one is named.
        const taken = lookAlikeCompound(await trx.selectFrom('compounds').select(['id', 'name']).where('community_id', '=', c.id).execute(), b.name);
        if (taken) throw dup(taken.name);
        await trx.insertInto('compounds').values(row).execute();
        const flags = (['noPropertyManagement', 'noCompetentAuthority', 'notEnclosed'] as const).filter((f) => b[f]);
        await audit.append(trx, actor, { action: 'create', objectType: 'compound', objectId: id, fields: ['name', ...flags], outcome: 'success' });
      }, dup);
      return compoundView(row, []);
    },

    /** Renames a compound (the addresses of its households follow) and sets its flags; only the fields sent change. */
    async updateCompound(principal: Principal, actor: AuditActor, id: string, patch: { name?: string } & Partial<PlaceFlags>): Promise<CompoundView> {
      const c = await compoundInScope(principal, actor, id, 'update');
      const set: Row = {};
      const fields: string[] = [];
      const rename = patch.name !== undefined && patch.name !== c.name;
      if (rename) (set.name = patch.name), fields.push('name');
      const cols = { noPropertyManagement: 'no_property_management', noCompetentAuthority: 'no_competent_authority', notEnclosed: 'not_enclosed' } as const;
      for (const [f, col] of Object.entries(cols) as Array<[keyof PlaceFlags, string]>) {
        if (patch[f] !== undefined && patch[f] !== codec.readBool(c[col])) (set[col] = codec.bool(patch[f]!)), fields.push(f);
      }
      if (fields.length === 0) return oneCompound(principal, id);
      const communityName = (await orgs.get(c.community_id))?.name ?? '';
      const dup = (name = patch.name!) => duplicate('name', '小区', '本社区', 'compound', 'This community', name);
      await write(async (trx) => {
        if (rename) {
          // Respacing its own name is fine; a look-alike of another compound (placeKey) is not.
          const others = await trx.selectFrom('compounds').select(['id', 'name']).where('community_id', '=', c.community_id).where('id', '<>', id).execute();
          const taken = lookAlikeCompound(others, patch.name!);
          if (taken) throw dup(taken.name);
        }
        await trx.updateTable('compounds').set(set).where('id', '=', id).execute();
        const moved = rename ? await readdress(trx, { compoundId: id }, communityName) : 0;
        await audit.append(trx, actor, { action: 'update', objectType: 'compound', objectId: id, fields, outcome: 'success', count: rename ? moved : null });
      }, dup);
      return oneCompound(principal, id);
    },

    async createBuilding(principal: Principal, actor: AuditActor, b: { compoundId: string; gridId: string; name: string }): Promise<BuildingView> {
      const c = await compoundInScope(principal, actor, b.compoundId, 'create', 'compoundId');
      const g = await gridFor(principal, actor, b.gridId, c.community_id, 'create');
      const id = uuidv7(now().getTime());
      const row = { id, compound_id: c.id, grid_id: g.id, org_path: g.path, name: b.name, lead_user_id: null, created_at: codec.ts(now()) };
      const dup = (name = b.name) => duplicate('name', '楼栋', `小区“${c.name}”`, 'building', `Compound "${c.name}"`, name);
      await write(async (trx) => {
        // "1", "1幢", "1栋", "1号楼" and "一幢" are one building (buildingKey, as imports match them): the existing one is named.
        const buildings = await trx.selectFrom('buildings').select(['id', 'name']).where('compound_id', '=', c.id).execute();
        const taken = buildings.find((x) => x.name === b.name) ?? buildings.find((x) => buildingKey(x.name) === buildingKey(b.name));
        if (taken) throw dup(taken.name);
        await trx.insertInto('buildings').values(row).execute();
        await audit.append(trx, actor, { action: 'create', objectType: 'building', objectId: id, fields: ['name', 'gridId'], outcome: 'success' });
      }, dup);
      return (await buildingViews([row]))[0]!;
    },

    /**
     * Renames a building (the addresses of its households follow) and sets or clears its lead. The lead must be an
     * active account with a LEAD_ROLES role in the building's community (ADR 0014); anything else is a 400 naming leadUserId.
     */
    async updateBuilding(principal: Principal, actor: AuditActor, id: string, patch: { name?: string; leadUserId?: string | null }): Promise<BuildingView> {
      const b = await buildingInScope(principal, actor, id, 'update');
      const set: Row = {};
      const fields: string[] = [];
      const rename = patch.name !== undefined && patch.name !== b.name;
      if (rename) (set.name = patch.name), fields.push('name');
      if (patch.leadUserId !== undefined && patch.leadUserId !== b.lead_user_id) {
        if (patch.leadUserId !== null) {
          const community = await orgs.get(b.community_id);
          const u = (await accounts.userRefs([patch.leadUserId])).get(patch.leadUserId);
          const org = u ? await orgs.get(u.orgId) : null;
          if (!u || !org || !community || !orgs.inScope(community.path, org.path)) {
            throw errors.field('leadUserId', 'not_found', '楼栋长须是本社区的账号，未找到该账号', 'the building lead must be an account of this community; no such account');
          }
          if (u.status !== 'active') throw errors.field('leadUserId', 'inactive', '该账号已停用，不能担任楼栋长', 'that account is disabled and cannot lead a building');
          if (!(LEAD_ROLES as readonly string[]).includes(u.role)) {
            throw errors.field('leadUserId', 'role_not_allowed', '楼栋长须是志愿者、网格员或居民账号', 'the building lead must be a volunteer, grid worker or resident account');
          }
        }
        set.lead_user_id = patch.leadUserId;
        fields.push('leadUserId');
      }
      if (fields.length === 0) return (await buildingViews([b]))[0]!;
      const communityName = rename ? ((await orgs.get(b.community_id))?.name ?? '') : '';
      const dup = (name = patch.name!) => duplicate('name', '楼栋', `小区“${b.compound_name}”`, 'building', `Compound "${b.compound_name}"`, name);
      await write(async (trx) => {
        if (rename) {
          // Renaming "1幢" to "1栋" is fine; to a look-alike of another building of the compound is not (buildingKey).
          const others = await trx.selectFrom('buildings').select(['id', 'name']).where('compound_id', '=', b.compound_id).where('id', '<>', id).execute();
          const taken = others.find((x) => x.name === patch.name) ?? others.find((x) => buildingKey(x.name) === buildingKey(patch.name!));
          if (taken) throw dup(taken.name);
        }
        await trx.updateTable('buildings').set(set).where('id', '=', id).execute();
        const moved = rename ? await readdress(trx, { buildingId: id }, communityName) : 0;
        await audit.append(trx, actor, {
          action: 'update', objectType: 'building', objectId: id, fields, outcome: 'success', count: rename ? moved : null,
          reason: fields.includes('leadUserId') ? (patch.leadUserId ? `lead=${patch.leadUserId}` : 'lead cleared') : null,
        });
      }, dup);
      const fresh = await db.selectFrom('buildings').select(['id', 'name', 'compound_id', 'grid_id', 'lead_user_id']).where('id', '=', id).executeTakeFirstOrThrow();
      return (await buildingViews([fresh]))[0]!;
    },

    /**
     * Moves a building to another grid of its community. Its households and residents (and their care tags) take the
     * new grid and org path in the same transaction; every resident gets a move-history row (same household, grid
     * changed, with the reason) and a new version; one audit row names the building and counts the residents. Rows
     * other modules wrote earlier (self-reports, observations) keep the grid they were recorded in, as for a
     * resident's own move.
     */
    async moveBuilding(principal: Principal, actor: AuditActor, id: string, m: { gridId: string; reason: string }): Promise<BuildingView> {
      const b = await buildingInScope(principal, actor, id, 'move');
      const g = await gridFor(principal, actor, m.gridId, b.community_id, 'move');
      if (g.id === b.grid_id) throw errors.field('gridId', 'same_grid', '楼栋已在该网格', 'the building is already in that grid');
      const ts = codec.ts(now());
      await writes.run(async (trx) => {
        const households = trx.selectFrom('households as h').innerJoin('units as u', 'u.id', 'h.unit_id').select('h.id').where('u.building_id', '=', id);
        const residents = await trx.selectFrom('residents').select(['id', 'household_id']).where('household_id', 'in', households).execute();
        await trx.updateTable('buildings').set({ grid_id: g.id, org_path: g.path }).where('id', '=', id).execute();
        await trx.updateTable('households').set((eb) => ({ grid_id: g.id, org_path: g.path, updated_at: ts, version: eb('version', '+', 1) }))
          .where('unit_id', 'in', trx.selectFrom('units').select('id').where('building_id', '=', id)).execute();
        await trx.updateTable('residents').set((eb) => ({ grid_id: g.id, org_path: g.path, updated_at: ts, version: eb('version', '+', 1) }))
          .where('household_id', 'in', households).execute();
        await trx.updateTable('resident_tags').set({ org_path: g.path })
          .where('resident_id', 'in', trx.selectFrom('residents').select('id').where('household_id', 'in', households)).execute();
        await trx.updateTable('resident_consents').set({ org_path: g.path })
          .where('resident_id', 'in', trx.selectFrom('residents').select('id').where('household_id', 'in', households)).execute();
        const moves = residents.map((r) => ({
          id: uuidv7(), resident_id: r.id, from_household_id: r.household_id, to_household_id: r.household_id, from_grid_id: b.grid_id, to_grid_id: g.id,
          moved_at: ts, moved_by: principal.id, reason: m.reason,
        }));
        for (let i = 0; i < moves.length; i += 500) await trx.insertInto('resident_moves').values(moves.slice(i, i + 500)).execute();
        await audit.append(trx, actor, { action: 'move', objectType: 'building', objectId: id, fields: ['gridId'], reason: m.reason, outcome: 'success', count: residents.length });
      });
      const fresh = await db.selectFrom('buildings').select(['id', 'name', 'compound_id', 'grid_id', 'lead_user_id']).where('id', '=', id).executeTakeFirstOrThrow();
      return (await buildingViews([fresh]))[0]!;
    },

    /**
     * The building view: its units with their rooms (households), each with counts only — `members` (active residents)
     * and `residents` (any status, so a room whose people all moved out differs from one nobody was ever registered
     * in) — and the room's `version` for a rename. No names. Counts follow the caller's scope (org path).
     */
    async buildingUnits(principal: Principal, actor: AuditActor, id: string) {
      const b = await buildingInScope(principal, actor, id, 'read');
      const scope = `${principal.orgPath}%`;
      const units = await db.selectFrom('units').select(['id', 'name']).where('building_id', '=', id).execute();
      const households = await db.selectFrom('households as h').innerJoin('units as u', 'u.id', 'h.unit_id')
        .select(['h.id', 'h.unit_id', 'h.room', 'h.household_type', 'h.version']).where('u.building_id', '=', id).where('h.org_path', 'like', scope).execute();
      const members = await inChunks(households.map((h) => h.id as string), (part) => db.selectFrom('residents')
        .select(['household_id', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum(eb.case().when('status', '=', 'active').then(1).else(0).end()).as('active')])
        .where('household_id', 'in', part).where('org_path', 'like', scope).groupBy('household_id').execute());
      const count = new Map(members.map((r) => [r.household_id as string, { all: Number(r.n), active: Number(r.active ?? 0) }]));
      const byName = (a: { name: string }, c: { name: string }) => a.name.localeCompare(c.name, 'zh-CN', { numeric: true });
      return {
        building: { id: b.id, name: b.name, compoundId: b.compound_id, compoundName: b.compound_name, gridId: b.grid_id },
        units: units.sort(byName).map((u) => ({
          id: u.id as string, name: u.name as string,
          rooms: households.filter((h) => h.unit_id === u.id)
            .map((h) => ({
              id: h.id as string, name: h.room as string, householdType: h.household_type as HouseholdType, version: Number(h.version),
              members: count.get(h.id)?.active ?? 0, residents: count.get(h.id)?.all ?? 0,
            }))
            .sort(byName).map(({ name, ...rest }) => ({ ...rest, room: name })),
        })),
      };
    },

    async createUnit(principal: Principal, actor: AuditActor, u: { buildingId: string; name: string }) {
      const b = await buildingInScope(principal, actor, u.buildingId, 'create', 'buildingId');
      const id = uuidv7(now().getTime());
      const dup = (name = u.name) => duplicate('name', '单元', `楼栋“${b.name}”`, 'unit', `Building "${b.name}"`, name);
      await write(async (trx) => {
        // "1", "1单元" and "一单元" are one unit (unitKey, as imports match them): the building's existing one is named.
        const units = await trx.selectFrom('units').select(['id', 'name']).where('building_id', '=', b.id).execute();
        const taken = units.find((x) => x.name === u.name) ?? units.find((x) => unitKey(x.name) === unitKey(u.name));
        if (taken) throw dup(taken.name);
        await trx.insertInto('units').values({ id, building_id: b.id, name: u.name, created_at: codec.ts(now()) }).execute();
        await audit.append(trx, actor, { action: 'create', objectType: 'unit', objectId: id, fields: ['name'], outcome: 'success' });
      }, dup);
      return { id, name: u.name, buildingId: b.id, rooms: [] as Array<{ id: string; room: string; householdType: HouseholdType; version: number; members: number; residents: number }> };
    },

    /** A room (household) in a unit; its address is community compound building unit room, as the import writes it. */
    async createHousehold(principal: Principal, actor: AuditActor, h: { unitId: string; room: string; householdType?: HouseholdType }) {
      const u = await db.selectFrom('units as u').innerJoin('buildings as b', 'b.id', 'u.building_id').innerJoin('compounds as c', 'c.id', 'b.compound_id')
        .select(['u.id', 'u.name as unit', 'b.name as building', 'b.grid_id', 'b.org_path', 'c.name as compound', 'c.community_id']).where('u.id', '=', h.unitId).executeTakeFirst();
      if (!u || !orgs.inScope(principal.orgPath, u.org_path)) return denyAudited(audit, actor, { action: 'create', objectType: 'unit', objectId: h.unitId }, notFoundField('unitId', '单元', 'unit'));
      const communityName = (await orgs.get(u.community_id))?.name ?? '';
      const id = uuidv7(now().getTime());
      const ts = codec.ts(now());
      const address = householdAddress({ community: communityName, compound: u.compound, building: u.building, unit: u.unit, room: h.room });
      const householdType = h.householdType ?? 'family';
      const dup = () => duplicate('room', '房号', `${u.building}${u.unit}`, 'room', `${u.building} ${u.unit}`, h.room);
      await write(async (trx) => {
        const taken = await trx.selectFrom('households').select('id').where('unit_id', '=', u.id).where('room', '=', h.room).executeTakeFirst();
        if (taken) throw dup();
        await trx.insertInto('households').values({
          id, unit_id: u.id, grid_id: u.grid_id, org_path: u.org_path, room: h.room, address, household_type: householdType, head_resident_id: null,
          created_at: ts, updated_at: ts, version: 1,
        }).execute();
        await audit.append(trx, actor, { action: 'create', objectType: 'household', objectId: id, fields: ['room', 'householdType'], outcome: 'success' });
      }, dup);
      return { id, unitId: u.id, room: h.room, address, gridId: u.grid_id as string, householdType, version: 1, members: 0, residents: 0 };
    },

    /**
     * Renames a unit (单元, e.g. a mistyped “2元” → “2单元”); the addresses of its households follow. Units carry no
     * version (ADR 0019): a rename is its only edit, the last one wins, and every one is in the audit log.
     */
    async updateUnit(principal: Principal, actor: AuditActor, id: string, patch: { name: string }) {
      const u = await unitInScope(principal, actor, id, 'update');
      const view = (name: string) => ({ id, name, buildingId: u.building_id as string });
      if (patch.name === u.name) return view(u.name);
      const communityName = (await orgs.get(u.community_id))?.name ?? '';
      const dup = (name = patch.name) => duplicate('name', '单元', `楼栋“${u.building}”`, 'unit', `Building "${u.building}"`, name);
      await write(async (trx) => {
        // Renaming "1单元" to "1" is fine; to a look-alike of another unit of the building (unitKey, as imports match
        // units) is not: the import could no longer tell them apart.
        const others = await trx.selectFrom('units').select(['id', 'name']).where('building_id', '=', u.building_id).where('id', '<>', id).execute();
        const taken = others.find((x) => x.name === patch.name) ?? others.find((x) => unitKey(x.name) === unitKey(patch.name));
        if (taken) throw dup(taken.name);
        await trx.updateTable('units').set({ name: patch.name }).where('id', '=', id).execute();
        const moved = await readdress(trx, { unitId: id }, communityName);
        await audit.append(trx, actor, { action: 'update', objectType: 'unit', objectId: id, fields: ['name'], outcome: 'success', count: moved });
      }, dup);
      return view(patch.name);
    },

    /**
     * Changes a room number (the household's `room` and its address), checked against the household's `version`: a
     * stale one answers 409 `stale_version` with the current version.
     */
    async updateRoom(principal: Principal, actor: AuditActor, id: string, patch: { room: string; version: number }) {
      const h = await roomInScope(principal, actor, id, 'update');
      const stale = (current: number) => errors.stale(current);
      if (Number(h.version) !== patch.version) throw stale(Number(h.version));
      const names = await db.selectFrom('units as u').innerJoin('buildings as b', 'b.id', 'u.building_id').innerJoin('compounds as c', 'c.id', 'b.compound_id')
        .select(['u.name as unit', 'b.name as building', 'c.community_id']).where('u.id', '=', h.unit_id).executeTakeFirstOrThrow();
      const communityName = (await orgs.get(names.community_id))?.name ?? '';
      const dup = () => duplicate('room', '房号', `${names.building}${names.unit}`, 'room', `${names.building} ${names.unit}`, patch.room);
      const ts = codec.ts(now());
      if (patch.room !== h.room) {
        await write(async (trx) => {
          const taken = await trx.selectFrom('households').select('id').where('unit_id', '=', h.unit_id).where('room', '=', patch.room).where('id', '<>', id).executeTakeFirst();
          if (taken) throw dup();
          // The place names are read again in the transaction, so a concurrent rename of the unit or building is not undone.
          const fresh = await trx.selectFrom('units as u').innerJoin('buildings as b', 'b.id', 'u.building_id').innerJoin('compounds as c', 'c.id', 'b.compound_id')
            .select(['u.name as unit', 'b.name as building', 'c.name as compound']).where('u.id', '=', h.unit_id).executeTakeFirstOrThrow();
          const res = await trx.updateTable('households')
            .set({ room: patch.room, address: householdAddress({ community: communityName, ...fresh, room: patch.room }), updated_at: ts, version: patch.version + 1 })
            .where('id', '=', id).where('version', '=', patch.version).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) {
            const cur = await trx.selectFrom('households').select('version').where('id', '=', id).executeTakeFirst();
            throw stale(Number(cur?.version ?? 0));
          }
          await audit.append(trx, actor, { action: 'update', objectType: 'household', objectId: id, fields: ['room'], outcome: 'success' });
        }, dup);
      }
      const row = await db.selectFrom('households').select(['room', 'address', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      return {
        id, unitId: h.unit_id as string, room: row.room as string, address: row.address as string, gridId: h.grid_id as string,
        householdType: h.household_type as HouseholdType, version: Number(row.version),
      };
    },

    /** Deletes an empty compound (no buildings; ADR 0019). */
    async deleteCompound(principal: Principal, actor: AuditActor, id: string) {
      const c = await compoundInScope(principal, actor, id, 'delete');
      return removeEmpty(actor, 'compounds', 'compound', id, { zh: '小区', en: 'compound' }, async (trx) => ({
        buildings: n(await trx.selectFrom('buildings').select((eb) => eb.fn.countAll().as('n')).where('compound_id', '=', id).executeTakeFirst()),
        ...(await peopleBelow(trx, { compoundId: id })),
      }), { fields: ['name'], reason: `name=${c.name}` });
    },

    /** Deletes an empty building (no units, households or residents; no staff assignment naming it; ADR 0019). */
    async deleteBuilding(principal: Principal, actor: AuditActor, id: string) {
      const b = await buildingInScope(principal, actor, id, 'delete');
      return removeEmpty(actor, 'buildings', 'building', id, { zh: '楼栋', en: 'building' }, async (trx) => ({
        units: n(await trx.selectFrom('units').select((eb) => eb.fn.countAll().as('n')).where('building_id', '=', id).executeTakeFirst()),
        ...(await peopleBelow(trx, { buildingId: id })),
        assignments: n(await trx.selectFrom('grid_assignments').select((eb) => eb.fn.countAll().as('n')).where('building_id', '=', id).executeTakeFirst()),
      }), { fields: ['name'], reason: `name=${b.compound_name} ${b.name}` });
    },

    /** Deletes an empty unit (no rooms; ADR 0019). */
    async deleteUnit(principal: Principal, actor: AuditActor, id: string) {
      const u = await unitInScope(principal, actor, id, 'delete');
      return removeEmpty(actor, 'units', 'unit', id, { zh: '单元', en: 'unit' }, async (trx) => peopleBelow(trx, { unitId: id }),
        { fields: ['name'], reason: `name=${u.building} ${u.name}` });
    },

    /**
     * Deletes an empty room (household row; ADR 0019): no residents in any status, and no history naming it — a
     * resident who moved out of it keeps a move record, a self-report keeps the household it was made in.
     */
    async deleteRoom(principal: Principal, actor: AuditActor, id: string) {
      await roomInScope(principal, actor, id, 'delete');
      return removeEmpty(actor, 'households', 'household', id, { zh: '房号', en: 'room' }, async (trx) => {
        const residents = await trx.selectFrom('residents')
          .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum(eb.case().when('status', '<>', 'active').then(1).else(0).end()).as('inactive')])
          .where('household_id', '=', id).executeTakeFirst();
        // Move rows of the residents still here are part of their registration; only moves of people now elsewhere count as history.
        const moves = await trx.selectFrom('resident_moves as m').innerJoin('residents as r', 'r.id', 'm.resident_id').select((eb) => eb.fn.countAll().as('n'))
          .where((eb) => eb.or([eb('m.from_household_id', '=', id), eb('m.to_household_id', '=', id)])).where('r.household_id', '<>', id).executeTakeFirst();
        const reports = await trx.selectFrom('self_reports as s').innerJoin('residents as r', 'r.id', 's.resident_id').select((eb) => eb.fn.countAll().as('n'))
          .where('s.household_id', '=', id).where('r.household_id', '<>', id).executeTakeFirst();
        return { residents: n(residents), inactiveResidents: Number(residents?.inactive ?? 0), moves: n(moves), selfReports: n(reports) };
      }, { fields: ['room'], reason: null });
    },

    /**
     * Accounts that may lead a building of the community (LEAD_ROLES, active, in the community or its grids), by a
     * name or username prefix; at most 20. The list names people, so it is audited.
     */
    async leadCandidates(principal: Principal, actor: AuditActor, communityId: string, q?: string) {
      const c = await community(principal, actor, communityId, 'write', 'list');
      const orgIds = (await orgs.within(c.path)).map((o) => o.id);
      const users = await accounts.usersIn(orgIds, { roles: LEAD_ROLES, activeOnly: true, q, limit: 20 });
      const items = [];
      for (const u of users) {
        const org = await orgs.get(u.orgId);
        items.push({ ...person(u), orgName: org?.name ?? '' });
      }
      await audit.record(actor, { action: 'list', objectType: 'user', reason: 'building_lead_candidates', fields: ['displayName', 'role', 'org'], outcome: 'success', count: items.length });
      return { items };
    },
  };
}

export type PlacesService = ReturnType<typeof createPlacesService>;
