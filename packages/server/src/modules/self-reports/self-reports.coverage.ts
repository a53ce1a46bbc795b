// Self-report coverage of an area for a day, as counts: per grid for the staff who follow the reports up, per child
// area for street offices and district command (count-only, small counts suppressed).
// A turn of the event loop between synchronous SQLite statements lets other requests run.
import { setImmediate as turn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import type { Org, OrgsService } from '../orgs';
import { pathsAbove } from '../privacy';
import { isSmallCell } from '../registry';

/** The counts of one area (or grid) for a day. Distinct people and households; follow-ups are people awaiting a visit. */
export type CoverageCounts = {
  /** Active residents (the people expected to report). */
  residents: number;
  /** Households with active residents. */
  households: number;
  /** Residents with at least one report that day. */
  reported: number;
  /** Households with at least one report that day. */
  householdsReported: number;
  /** Residents with a fever report that day. */
  fevers: number;
  /** Residents with a fever follow-up still open, whatever the day of the report. */
  openFollowUps: number;
};
export const COVERAGE_COUNTS = ['residents', 'households', 'reported', 'householdsReported', 'fevers', 'openFollowUps'] as const satisfies ReadonlyArray<keyof CoverageCounts>;
/** As shown to the caller: null = a count of 1–4 hidden from a count-only caller (PRIV-01, as the population overview). */
export type CoverageFigures = { [K in keyof CoverageCounts]: number | null };

/**
 * Whether temperatures are collected in the area today (ADR 0027): `open` — emergency periods cover the whole area;
 * `partly` — only some communities inside it (a community's own period in a street that has none); `closed` — none.
 */
export type Collection = 'open' | 'partly' | 'closed';
export type CoverageArea = { id: string; name: string; level: string; code: string; collection: Collection; figures: CoverageFigures };
/** The per-grid list of the 体温自报 page and the community workbench card (callers with `self-report:read`). */
export type GridCoverage = { gridId: string; name: string; residents: number; reported: number; fevers: number; openFollowUps: number; coverage: number };
export type Coverage = {
  date: string;
  /** The caller's area, or `orgId` inside it. */
  area: CoverageArea;
  /** One level down: district → streets, street → communities, community → grids; none under a grid. */
  children: CoverageArea[];
  /** Counts of 1–4 are null (shown "<5"): the caller may not see the reports themselves (no `self-report:read`). */
  suppressed: boolean;
  /** Every grid of the area with exact counts — only for callers with `self-report:read`, who can list the people anyway. */
  grids?: GridCoverage[];
};

// Street, district and city figures are counted one community at a time, yielding between communities (as the
// population overview, ADR 0048): one grouped scan of a district's residents and day's reports blocked the server.
const COMPOSED_LEVELS = new Set(['city', 'district', 'street']);

const zero = (): CoverageCounts => ({ residents: 0, households: 0, reported: 0, householdsReported: 0, fevers: 0, openFollowUps: 0 });
const add = (a: CoverageCounts, b: CoverageCounts) => {
  for (const k of COVERAGE_COUNTS) a[k] += b[k];
};

/** The org of `byPath` that holds `path` (itself or the nearest one above it), if any. */
function holder<T>(byPath: ReadonlyMap<string, T>, path: string): T | undefined {
  for (const p of pathsAbove(path).reverse()) {
    const o = byPath.get(p);
    if (o !== undefined) return o;
  }
  return undefined;
}

/**
 * The org paths with an emergency period in force today in, above or below an area (one read; ADR 0027, 0068). Without
 * it (a service built without emergencies) collection is taken as open everywhere.
 */
export type PathsInForce = (areaPath: string) => Promise<ReadonlySet<string>>;

export function createCoverage(p: Platform, orgs: OrgsService, pathsInForce: PathsInForce | null) {
  const { db, codec } = p.database;

  /** Counts per org path (the grid's) below `prefix`: three grouped range reads (ADR 0047's scope indexes). */
  async function countsByPath(prefix: string, date: string): Promise<Map<string, CoverageCounts>> {
    const like = `${prefix}%`;
    const people = await db.selectFrom('residents').select(['org_path', sql<number>`count(*)`.as('residents'), sql<number>`count(distinct household_id)`.as('households')])
      .where('org_path', 'like', like).where('status', '=', 'active').groupBy('org_path').execute();
    const day = await db.selectFrom('self_reports').select([
      'org_path', sql<number>`count(distinct resident_id)`.as('reported'), sql<number>`count(distinct household_id)`.as('householdsReported'),
      sql<number>`count(distinct case when fever = ${codec.bool(true)} then resident_id end)`.as('fevers'),
    ]).where('report_date', '=', date).where('org_path', 'like', like).groupBy('org_path').execute();
    // People awaiting a visit: one person's several open reports are one visit.
    const open = await db.selectFrom('self_reports').select(['org_path', sql<number>`count(distinct resident_id)`.as('openFollowUps')])
      .where('follow_up_status', '=', 'open').where('org_path', 'like', like).groupBy('org_path').execute();
    const out = new Map<string, CoverageCounts>();
    const at = (path: string) => out.get(path) ?? (out.set(path, zero()), out.get(path)!);
    for (const r of people) Object.assign(at(r.org_path as string), { residents: Number(r.residents), households: Number(r.households) });
    for (const r of day) Object.assign(at(r.org_path as string), { reported: Number(r.reported), householdsReported: Number(r.householdsReported), fevers: Number(r.fevers) });
    for (const r of open) at(r.org_path as string).openFollowUps = Number(r.openFollowUps);
    return out;
  }

  /** The area's counts per org path; a street or wider area community by community, with a turn between them. */
  async function areaCounts(area: Org, within: readonly Org[], date: string): Promise<Map<string, CoverageCounts>> {
    if (!COMPOSED_LEVELS.has(area.level)) return countsByPath(area.path, date);
    const out = new Map<string, CoverageCounts>();
    // Every grid (where residents live and report) is inside a community: the communities add up to the area.
    for (const c of within.filter((o) => o.level === 'community')) {
      await turn();
      for (const [path, n] of await countsByPath(c.path, date)) out.set(path, n);
    }
    return out;
  }

  /**
   * The collection state of the area and of each child area. A period covers the areas below the one it is declared
   * for, and the lowest that can have one is a community: when the area itself is not covered, its communities say
   * which parts are — all read at once, the periods in force in, above and below the area.
   */
  async function collectionOf(area: Org, within: readonly Org[]): Promise<(o: Org) => Collection> {
    if (!pathsInForce) return () => 'open';
    const inForce = await pathsInForce(area.path);
    const covered = (path: string) => pathsAbove(path).some((x) => inForce.has(x));
    if (covered(area.path)) return () => 'open';
    const communities = within.filter((o) => o.level === 'community');
    const open = new Set(communities.filter((c) => covered(c.path)).map((c) => c.id));
    return (o) => {
      // A grid collects when its community does (no period is declared for a grid).
      if (o.level === 'grid') return o.parentId !== null && open.has(o.parentId) ? 'open' : 'closed';
      const mine = communities.filter((c) => c.path.startsWith(o.path));
      const n = mine.filter((c) => open.has(c.id)).length;
      return n === 0 ? 'closed' : n === mine.length ? 'open' : 'partly';
    };
  }

  return {
    /**
     * Coverage of the caller's area, or of `orgId` inside it (outside: 404, as every scoped object — a filter never
     * widens the scope), on `date` (today by default): the area's counts, each child area's, and — for callers who may
     * read the reports (`self-report:read`) — every grid with exact counts. Callers with the count-only permission
     * (street offices, district command) get counts of 1–4 as null. Aggregates only: no names, no addresses, no ids of
     * people; not audited as a personal-data read (as the population overview, ADR 0015).
     */
    async coverage(principal: Principal, q: { date: string; orgId?: string }): Promise<Coverage> {
      let area: Org | null = await orgs.get(principal.orgId);
      if (q.orgId && q.orgId !== principal.orgId) {
        const o = await orgs.get(q.orgId);
        area = o && orgs.inScope(principal.orgPath, o.path) ? o : null;
      }
      if (!area) throw errors.notFound('区域', 'Area');
      const exact = principal.permissions.has('self-report:read');
      const within = await orgs.within(area.path);
      const children = within.filter((o) => o.parentId === area.id).sort((a, b) => a.code.localeCompare(b.code));
      const counts = await areaCounts(area, within, q.date);

      const totals = zero();
      const perChild = new Map(children.map((c) => [c.id, zero()]));
      const childByPath = new Map(children.map((c) => [c.path, c]));
      const grids = within.filter((o) => o.level === 'grid');
      const gridByPath = new Map(grids.map((g) => [g.path, g]));
      const perGrid = new Map(grids.map((g) => [g.id, zero()]));
      for (const [path, n] of counts) {
        add(totals, n);
        const child = holder(childByPath, path);
        if (child) add(perChild.get(child.id)!, n);
        const grid = holder(gridByPath, path);
        if (grid) add(perGrid.get(grid.id)!, n);
      }
      const shown = (n: CoverageCounts): CoverageFigures =>
        Object.fromEntries(COVERAGE_COUNTS.map((k) => [k, !exact && isSmallCell(n[k]) ? null : n[k]])) as CoverageFigures;
      const collection = await collectionOf(area, within);
      const view = (o: Org, n: CoverageCounts): CoverageArea => ({ id: o.id, name: o.name, level: o.level, code: o.code, collection: collection(o), figures: shown(n) });
      return {
        date: q.date,
        area: view(area, totals),
        children: children.map((c) => view(c, perChild.get(c.id)!)),
        suppressed: !exact,
        ...(exact
          ? {
              grids: grids.map((g) => {
                const n = perGrid.get(g.id)!;
                return { gridId: g.id, name: g.name, residents: n.residents, reported: n.reported, fevers: n.fevers, openFollowUps: n.openFollowUps, coverage: n.residents ? n.reported / n.residents : 0 };
              }),
            }
          : {}),
      };
    },
  };
}
