// A turn of the event loop between synchronous SQLite statements lets other requests run.
import { setImmediate as turn } from 'node:timers/promises';
import { shanghaiDate } from '@renxing/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { principalOf, type Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import type { AuditActor, AuditService } from '../audit';
import type { Org, OrgsService } from '../orgs';
import { sumByChildArea } from './area-figures';
import { derivedTags } from './residents.codec';

/** The figures of one area (the scope, or one of its child areas). Counts of active residents; null = suppressed (1–4). */
export type OverviewFigures = {
  residents: number | null;
  households: number | null;
  floating: number | null;
  tenant: number | null;
  away: number | null;
  male: number | null;
  female: number | null;
  infants: number | null;
  minors: number | null;
  elderly60: number | null;
  elderly80: number | null;
  livingAlone: number | null;
  elderlyAlone: number | null;
  disabled: number | null;
  chronic: number | null;
  pregnant: number | null;
};
export type OverviewArea = { id: string; name: string; level: string; code: string; figures: OverviewFigures };
export type RegistryOverview = {
  area: OverviewArea;
  /** The next level down (street → communities, community → grids, grid → its residential compounds). */
  children: OverviewArea[];
  /** Ages are computed from birth dates on this Asia/Shanghai calendar date, not read from stored tags. */
  asOf: string;
  /** Counts from 1 to 4 are shown as null ("<5") to callers who may not see the residents themselves (PRIV-01). */
  suppressed: boolean;
  /** When the figures were counted (street level and above: the oldest community's figures, reused up to two minutes). */
  computedAt: string;
  /**
   * Street level and above: some communities' figures shown are older than two minutes (same day) and are being
   * recounted now; asking again in a few seconds gives the fresh ones (ADR 0048 addendum).
   */
  refreshing: boolean;
};

// Street, district and city overviews are composed from per-community figures (ADR 0048): each community is counted
// by its own query (an index range, ADR 0047), the server yields between communities, and a community's figures are
// reused for two minutes — or until that community's own overview counts it afresh (community and grid overviews are
// always counted afresh: the people who edit the registry expect to see their change). One grouped scan of a whole
// district (294,600 residents: 1.3–5 s) blocked every other request while it ran.
const COMPOSED_LEVELS = new Set(['city', 'district', 'street']);
const COMMUNITY_REUSE_MS = 2 * 60_000;

const FIGURES = ['residents', 'households', 'floating', 'tenant', 'away', 'male', 'female', 'infants', 'minors', 'elderly60', 'elderly80', 'livingAlone', 'elderlyAlone', 'disabled', 'chronic', 'pregnant'] as const;
const zero = (): Record<(typeof FIGURES)[number], number> => Object.fromEntries(FIGURES.map((f) => [f, 0])) as Record<(typeof FIGURES)[number], number>;

/** Smallest count shown to callers without `resident:read` (PRIV-01: aggregates with small-cell suppression). */
export { MIN_CELL } from './area-figures';

/**
 * Birth-date cut-offs for "aged at least n" on the Asia/Shanghai date of `now`: a person born on or before
 * `cutoff(n)` has had their n-th birthday. Plain string comparison of ISO dates; a 29 February birthday counts from
 * 1 March in other years, as `ageOn` does.
 */
export function ageCutoff(now: Date, years: number): string {
  const d = shanghaiDate(now);
  return `${String(d.y - years).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
}

/** Today's date on the Asia/Shanghai calendar as YYYY-MM-DD. */
export const shanghaiToday = (now: Date): string => ageCutoff(now, 0);

const AGE_TAGS = ['elderly60', 'elderly80', 'minor', 'infant'] as const;

/**
 * The registry's population overview (dashboards of community, street and district) and the daily refresh of the
 * age-derived care tags.
 */
export function createRegistryOverview(p: Platform, audit: AuditService, orgs: OrgsService) {
  const { database, clock } = p;
  const { db, writes, codec } = database;

  /** Active residents' figures per org_path (the grid's path) below `prefix`. */
  /** The figure columns over `r` (residents); the same expressions for every grouping. */
  function figureColumns(now: Date) {
    const c3 = ageCutoff(now, 3), c18 = ageCutoff(now, 18), c60 = ageCutoff(now, 60), c80 = ageCutoff(now, 80);
    const has = (tag: string) => sql<boolean>`r.tags like ${`%"${tag}"%`}`;
    const sum = (cond: ReturnType<typeof sql>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
    return [
      sql<number>`count(*)`.as('residents'),
      sql<number>`count(distinct r.household_id)`.as('households'),
      sum(sql`r.residence_type = 'floating'`).as('floating'),
      sum(sql`r.residence_type = 'tenant'`).as('tenant'),
      sum(sql`r.residence_type = 'away'`).as('away'),
      sum(sql`r.sex = 'M'`).as('male'),
      sum(sql`r.sex = 'F'`).as('female'),
      sum(sql`r.birth_date > ${c3}`).as('infants'),
      sum(sql`r.birth_date > ${c18}`).as('minors'),
      sum(sql`r.birth_date <= ${c60}`).as('elderly60'),
      sum(sql`r.birth_date <= ${c80}`).as('elderly80'),
      sum(has('living_alone')).as('livingAlone'),
      sum(sql`r.birth_date <= ${c60} and ${has('living_alone')}`).as('elderlyAlone'),
      sum(has('disabled')).as('disabled'),
      sum(has('chronic')).as('chronic'),
      sum(has('pregnant')).as('pregnant'),
    ];
  }
  const figuresOf = (r: Record<string, unknown>) => {
    const f = zero();
    for (const k of FIGURES) f[k] = Number(r[k] ?? 0);
    return f;
  };

  /** Active residents' figures per org_path (the grid's path) below `prefix`. */
  async function figuresByPath(prefix: string, now: Date) {
    const rows = await db.selectFrom('residents as r').select(['r.org_path', ...figureColumns(now)])
      .where('r.org_path', 'like', `${prefix}%`).where('r.status', '=', 'active').groupBy('r.org_path').execute();
    return rows.map((r) => ({ path: r.org_path as string, f: figuresOf(r) }));
  }

  /** A grid's active residents' figures per residential compound (小区) of the buildings in the grid. */
  async function figuresByCompound(grid: Org, now: Date) {
    const rows = await db.selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
      .innerJoin('buildings as b', 'b.id', 'u.building_id').innerJoin('compounds as c', 'c.id', 'b.compound_id')
      .select(['c.id as compound_id', 'c.name as compound_name', ...figureColumns(now)])
      .where('r.org_path', 'like', `${grid.path}%`).where('b.grid_id', '=', grid.id).where('r.status', '=', 'active')
      .groupBy(['c.id', 'c.name']).execute();
    return rows.map((r) => ({ id: r.compound_id as string, name: r.compound_name as string, f: figuresOf(r) })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  type PathFigures = Array<{ path: string; f: ReturnType<typeof zero> }>;
  /** Per-community figures (per grid path) for composing street/district/city overviews; dropped when the hierarchy changes. */
  const communities = new Map<string, { at: number; day: string; rows: PathFigures }>();
  const inflight = new Map<string, Promise<{ at: number; day: string; rows: PathFigures }>>();
  orgs.onChange(() => communities.clear());
  const remember = (id: string, now: Date, rows: PathFigures) => {
    const e = { at: now.getTime(), day: shanghaiToday(now), rows };
    if (communities.size > 10_000) communities.clear();
    communities.set(id, e);
    return e;
  };

  /** Counts one community afresh (after a turn of the event loop); concurrent callers share a count in progress. */
  function countCommunity(c: Org, now: () => Date) {
    let p = inflight.get(c.id);
    if (!p) {
      p = (async () => {
        await turn();
        const at = now();
        return remember(c.id, at, await figuresByPath(c.path, at));
      })().finally(() => inflight.delete(c.id));
      inflight.set(c.id, p);
    }
    return p;
  }

  /** Recounts the given communities one after another, behind the answer that showed their older figures. */
  async function refreshBehind(list: readonly Org[]) {
    for (const c of list) {
      // Another answer's recount (two district users at once) may have counted it meanwhile: not twice.
      const e = communities.get(c.id);
      if (e && clock.now().getTime() - e.at < COMMUNITY_REUSE_MS) continue;
      try {
        await countCommunity(c, () => clock.now());
      } catch (err) {
        p.logger.warn({ err, orgId: c.id }, 'overview: background recount of a community failed');
      }
    }
  }

  /**
   * The figures of each community (by grid path), reused for COMMUNITY_REUSE_MS on the same calendar day, else counted
   * one community at a time, yielding to the event loop between them; concurrent callers share a count in progress.
   * Figures of the same day older than that are answered at once and recounted behind the answer (`refreshing`): a
   * district's first overview after two idle minutes no longer waits seconds for every community to be counted again.
   * Figures of an earlier day (ages change) or none at all are counted before answering.
   */
  async function composedRows(list: readonly Org[], now: Date): Promise<{ rows: PathFigures; oldest: number; refreshing: boolean }> {
    const rows: PathFigures = [];
    let oldest = now.getTime();
    const day = shanghaiToday(now);
    const behind: Org[] = [];
    for (const c of list) {
      let e = communities.get(c.id);
      const age = e ? now.getTime() - e.at : -1;
      if (!e || age < 0 || e.day !== day) e = await countCommunity(c, () => now);
      else if (age >= COMMUNITY_REUSE_MS) behind.push(c);
      rows.push(...e.rows);
      oldest = Math.min(oldest, e.at);
    }
    if (behind.length) void refreshBehind(behind);
    return { rows, oldest, refreshing: behind.length > 0 || list.some((c) => inflight.has(c.id)) };
  }

  return {
    /**
     * Population overview of the caller's area, or of `orgId` inside it (404 outside: filters never widen scope), with
     * the same figures for each child area. Aggregates only — no names, no ID numbers — so the read is not audited as
     * a personal-data read; callers without `resident:read` get counts of 1–4 suppressed.
     */
    async overview(principal: Principal, q: { orgId?: string }): Promise<RegistryOverview> {
      const now = clock.now();
      let area: Org | null = await orgs.get(principal.orgId);
      if (q.orgId && q.orgId !== principal.orgId) {
        const o = await orgs.get(q.orgId);
        area = o && orgs.inScope(principal.orgPath, o.path) ? o : null;
      }
      if (!area) throw errors.notFound('区域', 'Area');
      const suppress = !principal.permissions.has('resident:read');
      const within = await orgs.within(area.path);
      const children = within.filter((o) => o.parentId === area.id).sort((a, b) => a.code.localeCompare(b.code));
      let rows: PathFigures;
      let computedAt = now.getTime();
      let refreshing = false;
      if (COMPOSED_LEVELS.has(area.level)) {
        // Every grid (where residents live) is inside a community: the communities' figures add up to the area's.
        const composed = await composedRows(within.filter((o) => o.level === 'community').sort((a, b) => a.code.localeCompare(b.code)), now);
        rows = composed.rows;
        computedAt = composed.oldest;
        refreshing = composed.refreshing;
      } else {
        rows = await figuresByPath(area.path, now);
        // A community's fresh count is also its share of the street's and district's figures from now on.
        if (area.level === 'community') remember(area.id, now, rows);
      }
      const { totals, perChild, shown } = sumByChildArea(FIGURES, children, rows.map(({ path, f }) => [path, f] as const), suppress);
      // A grid has no child areas: its compounds are shown instead (not areas one can open: no orgId of their own).
      const compounds = area.level === 'grid' ? await figuresByCompound(area, now) : [];
      const value: RegistryOverview = {
        area: { id: area.id, name: area.name, level: area.level, code: area.code, figures: shown(totals) },
        children: area.level === 'grid'
          ? compounds.map((c) => ({ id: c.id, name: c.name, level: 'compound', code: c.id, figures: shown(c.f) }))
          : children.map((c) => ({ id: c.id, name: c.name, level: c.level, code: c.code, figures: shown(perChild(c.id)) })),
        asOf: shanghaiToday(now),
        suppressed: suppress,
        computedAt: new Date(computedAt).toISOString(),
        refreshing,
      };
      return value;
    },

    /**
     * Age-derived care tags (elderly60, elderly80, minor, infant) are computed from the birth date when a resident is
     * written; people keep having birthdays. This finds every active resident whose stored age tags no longer match
     * their age today (one scan of `residents`, in pages) and rewrites their tags (the JSON column and `resident_tags`) in chunks,
     * with one audit row per chunk. Idempotent; the scheduler runs it a few times a day. Returns how many changed.
     */
    async refreshAgeTags(actor: AuditActor, o: { scanPage?: number } = {}): Promise<{ changed: number }> {
      const now = clock.now();
      const c = { infant: ageCutoff(now, 3), minor: ageCutoff(now, 18), elderly60: ageCutoff(now, 60), elderly80: ageCutoff(now, 80) };
      const has = (tag: string) => sql<boolean>`tags like ${`%"${tag}"%`}`;
      const lacks = (tag: string) => sql<boolean>`tags not like ${`%"${tag}"%`}`;
      // "Should have the tag" differs from "has the tag", per age tag.
      const stale = sql<boolean>`(
        (birth_date <= ${c.elderly60} and ${lacks('elderly60')}) or (birth_date > ${c.elderly60} and ${has('elderly60')}) or
        (birth_date <= ${c.elderly80} and ${lacks('elderly80')}) or (birth_date > ${c.elderly80} and ${has('elderly80')}) or
        (birth_date > ${c.minor} and ${lacks('minor')}) or (birth_date <= ${c.minor} and ${has('minor')}) or
        (birth_date > ${c.infant} and ${lacks('infant')}) or (birth_date <= ${c.infant} and ${has('infant')})
      )`;
      let changed = 0;
      // The scan runs in pages of SCAN rows by primary key, yielding to the event loop between pages: on SQLite a query
      // blocks the JavaScript thread, and one pass over 1,000,000 residents at start-up took seconds of it.
      const SCAN = o.scanPage ?? 20_000;
      const CHUNK = 500;
      const rows: { id: string; birth_date: unknown; tags: unknown; org_path: string }[] = [];
      for (let after = ''; ;) {
        const page = await db.selectFrom('residents').select(['id']).where('id', '>', after).orderBy('id').limit(SCAN).execute();
        if (page.length === 0) break;
        const last = page[page.length - 1]!.id;
        rows.push(...await db.selectFrom('residents').select(['id', 'birth_date', 'tags', 'org_path'])
          .where('id', '>', after).where('id', '<=', last).where('status', '=', 'active').where(stale).orderBy('id').execute());
        after = last;
        await turn();
      }
      for (let i = 0; i < rows.length; i += CHUNK) {
        const part = rows.slice(i, i + CHUNK);
        const at = codec.ts(now);
        changed += await writes.run(async (trx: Transaction<any>) => {
          let n = 0;
          for (const r of part) {
            const before = codec.readJson<string[]>(r.tags);
            const after = derivedTags(r.birth_date as string, now, before);
            if (after.length === before.length && after.every((t, j) => t === before[j])) continue;
            // Only the row's current tags are rewritten, and only if they are still what was read (a concurrent edit wins).
            const res = await trx.updateTable('residents').set({ tags: JSON.stringify(after), updated_at: at }).where('id', '=', r.id).where('tags', '=', r.tags).executeTakeFirst();
            if (Number(res.numUpdatedRows) !== 1) continue;
            const afterSet: readonly string[] = after;
            const removed = before.filter((t) => !afterSet.includes(t) && (AGE_TAGS as readonly string[]).includes(t));
            const added: string[] = after.filter((t) => !before.includes(t));
            // Delete before insert, so a tag row that was already there (tables out of step) cannot fail the chunk.
            if (removed.length || added.length) await trx.deleteFrom('resident_tags').where('resident_id', '=', r.id).where('tag', 'in', [...removed, ...added]).execute();
            for (const tag of added) await trx.insertInto('resident_tags').values({ resident_id: r.id, tag, org_path: r.org_path }).execute();
            n++;
          }
          if (n > 0) await audit.append(trx, actor, { action: 'refresh_age_tags', objectType: 'resident', count: n, fields: ['tags'], reason: 'birthdays', outcome: 'success' });
          return n;
        });
      }
      return { changed };
    },
  };
}

export type RegistryOverviewService = ReturnType<typeof createRegistryOverview>;

const FigureSchema = z.number().int().nullable();
const AreaSchema = z.object({
  id: z.string(), name: z.string(), level: z.string(), code: z.string(),
  figures: z.object(Object.fromEntries(FIGURES.map((k) => [k, FigureSchema])) as Record<(typeof FIGURES)[number], typeof FigureSchema>),
});

/** `GET /api/registry/overview`: the population overview of the caller's area (dashboards). */
export function registerRegistryOverviewRoutes(app: FastifyInstance, deps: { overview: RegistryOverviewService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/registry/overview', {
    config: { access: 'registry:stats' },
    schema: {
      tags: ['registry'],
      summary: "Population overview of the caller's area (or a sub-area): active residents, households, residence types, age groups and care tags, per child area. Aggregates only; counts of 1–4 suppressed for callers who may not read residents.",
      querystring: z.strictObject({ orgId: z.string().min(1).max(64).optional() }),
      response: { 200: z.object({ area: AreaSchema, children: z.array(AreaSchema), asOf: z.string(), suppressed: z.boolean(), computedAt: z.string(), refreshing: z.boolean() }) },
    },
  }, async (req) => deps.overview.overview(principalOf(req), req.query));
}
