import type { Transaction } from 'kysely';
import { AppError } from '../../http/errors';
import type { Database } from '../../platform/db/database';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';

export type OrgLevel = 'city' | 'district' | 'street' | 'community' | 'grid';
export type Org = { id: string; parentId: string | null; level: OrgLevel; code: string; name: string; path: string };

/** A node of an area picker's level (`pickerLevel`). */
export type OrgPickerNode = { id: string; code: string; name: string; level: OrgLevel; parentId: string | null; hasChildren: boolean };

const fromDb = (r: any): Org => ({ id: r.id, parentId: r.parent_id, level: r.level, code: r.code, name: r.name, path: r.path });

/**
 * How long an org read stays cached (ADR 0022). The node that renames or deletes an org drops its entry at once;
 * other app nodes (PostgreSQL deployments) see a new name after at most this long. Codes and paths never change.
 */
export const ORG_CACHE_MS = 60_000;

/** The orgs inside a path (inclusive) and whether that is every org of the installation (see OrgsService.area). */
export type OrgArea = { ids: string[]; all: boolean };

/** Runs inside the transaction of an org rename (e.g. the registry rewrites household addresses); returns rows changed. */
export type OrgRenameHook = (trx: Transaction<any>, org: Org, newName: string) => Promise<number>;

/** The administrative hierarchy city → district → street → community → grid, as data with materialised paths. */
export function createOrgsService(database: Database, now: () => Date) {
  const { db, writes, codec } = database;
  const cache = new Map<string, { org: Org; at: number }>();
  const areas = new Map<string, { area: OrgArea; at: number }>();
  const changeListeners: Array<() => void> = [];
  const renameHooks: OrgRenameHook[] = [];
  /**
   * The orgs with these ids (unknown ids absent), for another module's rows that name orgs (an export's grid, an
   * alert's grid and its community): fresh cached ones from the cache like `get`, the rest in one query
   * (`in (…)` in slices of IN_LIST_MAX for long lists), cached too.
   */
  async function many(ids: readonly string[]): Promise<Map<string, Org>> {
    const out = new Map<string, Org>();
    const t = now().getTime();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const c = cache.get(id);
      if (c && t - c.at >= 0 && t - c.at < ORG_CACHE_MS) out.set(id, c.org);
      else missing.push(id);
    }
    if (!missing.length) return out;
    const rows = await inChunks(missing, (part) => db.selectFrom('orgs').selectAll().where('id', 'in', part).execute());
    if (cache.size + rows.length > 20_000) cache.clear();
    for (const r of rows) {
      const o = fromDb(r);
      out.set(o.id, o);
      cache.set(o.id, { org: o, at: t });
    }
    return out;
  }
  return {
    /**
     * The org with this id, or null. Inside a write, pass its transaction: on SQLite the connection is held by it (a
     * read on `db` would wait forever). What a transaction reads is not cached (it could still roll back).
     */
    async get(id: string, trx?: Transaction<any>): Promise<Org | null> {
      const c = cache.get(id);
      const t = now().getTime();
      if (c && t - c.at >= 0 && t - c.at < ORG_CACHE_MS) return c.org;
      const r = await (trx ?? db).selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return null;
      const o = fromDb(r);
      if (!trx) {
        if (cache.size > 20_000) cache.clear();
        cache.set(id, { org: o, at: t });
      }
      return o;
    },
    many,
    /** The names of the orgs with these ids (unknown ids absent): see `many`. */
    async names(ids: readonly string[]): Promise<Map<string, string>> {
      return new Map([...(await many(ids))].map(([id, o]) => [id, o.name]));
    },
    async byCode(code: string): Promise<Org | null> {
      const r = await db.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
      return r ? fromDb(r) : null;
    },
    /** Creates an org under `parentId` (or a root); the path is `/code/code/…/`. */
    async create(o: { parentId: string | null; level: OrgLevel; code: string; name: string; id?: string }): Promise<Org> {
      const parent = o.parentId ? await this.get(o.parentId) : null;
      if (o.parentId && !parent) throw new Error(`Unknown parent org ${o.parentId}`);
      const org: Org = {
        id: o.id ?? uuidv7(), parentId: o.parentId, level: o.level, code: o.code, name: o.name, path: `${parent ? parent.path : '/'}${o.code}/`,
      };
      await writes.run((trx) =>
        trx.insertInto('orgs').values({ id: org.id, parent_id: org.parentId, level: org.level, code: org.code, name: org.name, path: org.path, created_at: codec.ts(now()) }).execute(),
      );
      areas.clear();
      return org;
    },
    /** All orgs inside `path` (inclusive), shallowest first. */
    async within(path: string): Promise<Org[]> {
      const rows = await db.selectFrom('orgs').selectAll().where('path', 'like', `${path}%`).orderBy('path').execute();
      return rows.map(fromDb);
    },
    /** The direct children of an org, by code (one level of an area picker, ADR 0052). */
    async childrenOf(parentId: string): Promise<Org[]> {
      const rows = await db.selectFrom('orgs').selectAll().where('parent_id', '=', parentId).orderBy('path').execute();
      return rows.map(fromDb);
    },
    /**
     * One level of the area tree for the pickers (ADR 0052): without `parentId` the org `ownId` and its direct children;
     * with it, that org's direct children — null when it is unknown or outside `scopePath` (the caller answers 404). Each
     * says whether it has children. Names and codes only: no personal data.
     */
    async pickerLevel(scopePath: string, ownId: string, parentId?: string): Promise<OrgPickerNode[] | null> {
      let list: Org[];
      if (parentId === undefined) {
        const own = await this.get(ownId);
        list = own ? [own, ...(await this.childrenOf(own.id))] : [];
      } else {
        const parent = await this.get(parentId);
        if (!parent || !this.inScope(scopePath, parent.path)) return null;
        list = await this.childrenOf(parent.id);
      }
      const parents = await this.withChildren(list.map((o) => o.id));
      return list.map((o) => ({ id: o.id, code: o.code, name: o.name, level: o.level, parentId: o.parentId, hasChildren: parents.has(o.id) }));
    },
    /** Which of these orgs have at least one child (one grouped lookup; ADR 0052). */
    async withChildren(ids: readonly string[]): Promise<Set<string>> {
      const rows = await inChunks(ids, (part) => db.selectFrom('orgs').select('parent_id').where('parent_id', 'in', part).groupBy('parent_id').execute());
      return new Set(rows.map((r) => r.parent_id as string));
    },
    /**
     * The ids of the orgs inside `path` (inclusive), and `all`: whether that is every org of the installation — true for
     * the root of a single-root hierarchy (and for a path holding no org when there are none), false for a second
     * root (a second city) or anything below a root. One query (two for a root: is anything outside it?), cached like
     * `get` for ORG_CACHE_MS and dropped by `create` and `changed` on this node (the audit viewer's area, ADR 0046).
     */
    async area(path: string): Promise<OrgArea> {
      const t = now().getTime();
      const c = areas.get(path);
      if (c && t - c.at >= 0 && t - c.at < ORG_CACHE_MS) return c.area;
      const rows = await db.selectFrom('orgs').select(['id', 'parent_id']).where('path', 'like', `${path}%`).orderBy('path').execute();
      let all = false;
      if (rows.length === 0 || rows[0]!.parent_id === null) {
        const outside = await db.selectFrom('orgs').select('id').where('path', 'not like', `${path}%`).limit(1).executeTakeFirst();
        all = !outside;
      }
      const area: OrgArea = { ids: rows.map((r) => r.id as string), all };
      if (areas.size > 1000) areas.clear();
      areas.set(path, { area, at: t });
      return area;
    },
    /** The orgs whose scope contains `path` (the org at `path` itself and every org above it). */
    async ancestors(path: string): Promise<Org[]> {
      const codes = path.split('/').filter(Boolean);
      const prefixes = codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`);
      if (prefixes.length === 0) return [];
      const rows = await db.selectFrom('orgs').selectAll().where('path', 'in', prefixes).orderBy('path').execute();
      return rows.map(fromDb);
    },
    /** The community whose area holds `path` (a grid's or a household's community, or the community itself), or null above it. */
    async communityOf(path: string): Promise<Org | null> {
      return (await this.ancestors(path)).find((o) => o.level === 'community') ?? null;
    },
    /**
     * The caller's own community, for what only a community and its grids do (a shelter, a sampling site); 403
     * `community_only` for staff above community level.
     */
    async ownCommunity(orgPath: string): Promise<Org> {
      const c = await this.communityOf(orgPath);
      if (!c) throw new AppError(403, 'community_only', '只有社区及其网格的工作人员可以这样做', 'Only staff of a community and its grids can do this');
      return c;
    },
    /**
     * After an org was created, renamed or deleted (and committed): drops its cached copy and tells the listeners
     * (caches of figures per area, which list child areas by name) so the change shows at once on this node.
     */
    changed(id?: string) {
      if (id) cache.delete(id);
      areas.clear();
      for (const l of changeListeners) l();
    },
    /** Called after every committed change to the hierarchy (see `changed`). */
    onChange(listener: () => void) {
      changeListeners.push(listener);
    },
    /** Registers work that must happen in the same transaction as a rename (see OrgRenameHook). */
    onRename(hook: OrgRenameHook) {
      renameHooks.push(hook);
    },
    /** Runs the rename hooks inside `trx`; returns the rows they changed. */
    async renamed(trx: Transaction<any>, org: Org, newName: string): Promise<number> {
      let n = 0;
      for (const h of renameHooks) n += await h(trx, org, newName);
      return n;
    },
    /** True when `path` lies inside the scope `scopePath`. */
    inScope(scopePath: string, path: string): boolean {
      return path.startsWith(scopePath);
    },
  };
}

export type OrgsService = ReturnType<typeof createOrgsService>;
