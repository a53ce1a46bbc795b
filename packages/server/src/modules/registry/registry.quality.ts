// A turn of the event loop between synchronous SQLite statements lets other requests run.
import { setImmediate as turn } from 'node:timers/promises';
import { PREGNANT_AGES } from '@renxing/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { actorOf, principalOf, type Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { auditedRead, type AuditActor, type AuditService } from '../audit';
import type { Org, OrgsService } from '../orgs';
import { sumByChildArea } from './area-figures';
import { ageCutoff, shanghaiToday } from './registry.overview';
import { resolvePurpose, type Purpose, type RegistryService, type ResidentStub, type ResidentSummary } from './registry.service';
import { CONSENT_PURPOSE, CONSENT_TAGS, GUARDIAN_CONSENT_AGE } from './registry.consent';

/**
 * Data-quality problems (数据质量问题) a community worker fixes before an emergency (ADR 0020). Every kind is counted over
 * active residents, and over households by their active members; kinds may overlap (an 80-year-old living alone
 * without a phone is also an adult without a phone).
 */
export const RESIDENT_KINDS = ['no_phone', 'minor_no_guardian', 'guardian_inactive', 'elderly_alone_no_phone', 'possible_duplicate', 'consent_missing', 'guardian_consent_missing', 'living_alone_not_alone', 'pregnant_misfit'] as const;
export const HOUSEHOLD_KINDS = ['household_no_head', 'household_head_inactive', 'household_empty', 'household_multiple_heads', 'household_head_relation'] as const;
export const QUALITY_KINDS = [...RESIDENT_KINDS, ...HOUSEHOLD_KINDS] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];
/** Kinds with a list of the records behind the count (possible duplicates are a count only). */
export const LISTABLE_KINDS = ['no_phone', 'minor_no_guardian', 'guardian_inactive', 'elderly_alone_no_phone', 'consent_missing', 'guardian_consent_missing', 'living_alone_not_alone', 'pregnant_misfit', ...HOUSEHOLD_KINDS] as const satisfies readonly QualityKind[];
export type ListableKind = (typeof LISTABLE_KINDS)[number];
type ResidentKind = (typeof RESIDENT_KINDS)[number];
type HouseholdKind = (typeof HOUSEHOLD_KINDS)[number];

/** Counts per kind; null = suppressed (1–4) for callers who may not read the residents themselves. */
export type QualityCounts = Record<QualityKind, number | null>;
export type QualityArea = { id: string; name: string; level: string; code: string; counts: QualityCounts };
export type RegistryQuality = {
  area: QualityArea;
  /** The areas one level down (street → communities, community → grids); none for a grid. */
  children: QualityArea[];
  /** Ages (minor, 80+) are computed from birth dates on this Asia/Shanghai date. */
  asOf: string;
  suppressed: boolean;
  computedAt: string;
};
export type QualityHousehold = { id: string; address: string; room: string; gridId: string; headResidentId: string | null; activeMembers: number; version: number };
export type QualityItems =
  | { kind: ResidentKind; subject: 'resident'; items: Array<ResidentSummary | ResidentStub>; total: number; page: number; pageSize: number }
  | { kind: HouseholdKind; subject: 'household'; items: QualityHousehold[]; total: number; page: number; pageSize: number };


const zero = (): Record<QualityKind, number> => Object.fromEntries(QUALITY_KINDS.map((k) => [k, 0])) as Record<QualityKind, number>;

/**
 * The condition of each kind, over `r` (an active resident) or `h` (a household). Shared by the counts and the lists,
 * so that a list always holds exactly the records its count counted.
 */
function residentCondition(kind: ResidentKind, now: Date): RawBuilder<boolean> {
  const c18 = ageCutoff(now, 18), c80 = ageCutoff(now, 80);
  switch (kind) {
    // Adults only: a child is reached through their guardian.
    case 'no_phone': return sql<boolean>`(r.phone_enc is null and r.birth_date <= ${c18})`;
    case 'minor_no_guardian': return sql<boolean>`(r.birth_date > ${c18} and r.guardian_id is null)`;
    case 'guardian_inactive':
      return sql<boolean>`(r.guardian_id is not null and exists (select 1 from residents g where g.id = r.guardian_id and g.status <> 'active'))`;
    case 'elderly_alone_no_phone':
      return sql<boolean>`(r.phone_enc is null and r.birth_date <= ${c80} and r.tags like ${'%"living_alone"%'})`;
    // Another active record with the same name and birth date in the same community (the grids' parent area).
    case 'possible_duplicate':
      return sql<boolean>`exists (select 1 from residents d inner join orgs dg on dg.id = d.grid_id
        where d.name = r.name and d.birth_date = r.birth_date and d.status = 'active' and d.id <> r.id
          and dg.parent_id = (select rg.parent_id from orgs rg where rg.id = r.grid_id))`;
    // 待确认同意 (ADR 0033): a consent-based care tag on the record (set before consents were recorded) and no valid
    // consent to care services — confirm the consent on the profile, or remove the tag.
    case 'consent_missing':
      return sql<boolean>`((${sql.join(CONSENT_TAGS.map((t) => sql`r.tags like ${`%"${t}"%`}`), sql` or `)}) and not exists (
        select 1 from resident_consents rc where rc.resident_id = r.id and rc.purpose = ${CONSENT_PURPOSE} and rc.withdrawn_at is null))`;
    // 待监护人同意 (ADR 0039): a child under 14 whose valid consent was not given by a guardian (recorded as the child's own
    // before guardian consent was recorded) — record the guardian's consent on the profile, which supersedes it.
    case 'guardian_consent_missing':
      return sql<boolean>`(r.birth_date > ${ageCutoff(now, GUARDIAN_CONSENT_AGE)} and exists (
        select 1 from resident_consents gc where gc.resident_id = r.id and gc.purpose = ${CONSENT_PURPOSE} and gc.withdrawn_at is null and gc.given_by <> 'guardian'))`;
    // 独居 but not alone (ADR 0020 addendum): tagged living alone while another active member is registered in the same
    // household (someone moved in) — visit, then remove the tag or move the record. The tag is never cleared by itself:
    // it is a consent-based care tag (ADR 0033) and the person may still need the care.
    case 'living_alone_not_alone':
      return sql<boolean>`(r.tags like ${'%"living_alone"%'} and exists (
        select 1 from residents o where o.household_id = r.household_id and o.id <> r.id and o.status = 'active'))`;
    // 孕妇标签与性别或年龄不符 (session 23): the tag on a man, or on a woman outside the ages the registry accepts it for
    // (PREGNANT_AGES, shared with the API and the import, which refuse it since): older records, and a woman tagged
    // at 59 who has turned 60. Removed with 修改信息 — the API refuses to save the tag again.
    case 'pregnant_misfit':
      return sql<boolean>`(r.tags like ${'%"pregnant"%'} and (r.sex <> 'F' or r.birth_date > ${ageCutoff(now, PREGNANT_AGES.from)} or r.birth_date <= ${ageCutoff(now, PREGNANT_AGES.below)}))`;
  }
}
const HAS_MEMBERS = sql<boolean>`exists (select 1 from residents m where m.household_id = h.id and m.status = 'active')`;
function householdCondition(kind: HouseholdKind): RawBuilder<boolean> {
  switch (kind) {
    case 'household_empty': return sql<boolean>`not ${HAS_MEMBERS}`;
    case 'household_no_head': return sql<boolean>`(h.head_resident_id is null and ${HAS_MEMBERS})`;
    // The head named is not an active member of this household: moved out, died, or lives in another household.
    case 'household_head_inactive':
      return sql<boolean>`(h.head_resident_id is not null and ${HAS_MEMBERS} and not exists (
        select 1 from residents hr where hr.id = h.head_resident_id and hr.household_id = h.id and hr.status = 'active'))`;
    // Two or more active members whose relation is 户主 (older data: moves and edits before one head per household was
    // enforced) — 更换户主 on the household page keeps the chosen one and makes the others "other".
    case 'household_multiple_heads':
      return sql<boolean>`((select count(*) from residents hm where hm.household_id = h.id and hm.status = 'active' and hm.relation = 'head') > 1)`;
    // The named head lives here but their relation is not 户主 (the page shows a head whom the member list does not) —
    // 更换户主 (choosing them again, or another) sets the relation.
    case 'household_head_relation':
      return sql<boolean>`exists (select 1 from residents hr where hr.id = h.head_resident_id and hr.household_id = h.id and hr.status = 'active' and hr.relation <> 'head')`;
  }
}
/**
 * The counts are a community worker's list to act on (ADR 0048): a community or one of its grids. Above that, one call
 * aggregated every resident of a street or district (21 s for a district of 294,600 on SQLite, blocking the server)
 * for a page no street or district role has; it is refused with a reason instead.
 */
const QUALITY_LEVELS = new Set(['community', 'grid']);
export const qualityAreaTooWide = () => new AppError(422, 'quality_area_too_wide',
  '数据质量检查按社区或网格进行：请选择一个社区或网格（orgId）', 'The data-quality check works on one community or grid: choose a community or grid (orgId)',
  [{ path: 'orgId', code: 'quality_area_too_wide', message: '请选择一个社区或网格', messageEn: 'choose a community or grid' }]);

const isResidentKind = (k: QualityKind): k is ResidentKind => (RESIDENT_KINDS as readonly string[]).includes(k);

/** The registry's data-quality check: counts per kind and area, and the (masked, audited) records of one kind. */
export function createRegistryQuality(p: Platform, audit: AuditService, orgs: OrgsService, registry: Pick<RegistryService, 'residentViews'>) {
  const { database, clock } = p;
  const { db } = database;
  // Counted afresh on every call: a community or grid only (ADR 0048), so a fix shows at once.

  /** The caller's area, or `orgId` inside it; null when `orgId` is outside the scope (or unknown). */
  async function areaOf(principal: Principal, orgId: string | undefined): Promise<Org | null> {
    if (!orgId || orgId === principal.orgId) return orgs.get(principal.orgId);
    const o = await orgs.get(orgId);
    return o && orgs.inScope(principal.orgPath, o.path) ? o : null;
  }

  /**
   * Counts per kind for each org_path below `area`, walked grid by grid (ADR 0020 addendum, session 17): per grid one
   * statement over its active residents and one over its households, each an index range on the grid's path, with a
   * turn of the event loop after each — on SQLite a statement holds the event loop, and one statement over a large
   * community held it 40–177 ms. Every condition is about its own row, so the split changes no count.
   *
   * Rows under the area but under none of its grids are not written (a household takes its building's grid path, a
   * resident their household's), yet one statement over the area counted them: an index-only count of the area's
   * rows tells whether the grids saw them all, and only if not are the others counted too.
   */
  async function countsByPath(area: Org, grids: readonly Org[], now: Date): Promise<Map<string, Record<QualityKind, number>>> {
    const sum = (cond: RawBuilder<boolean>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
    const under = (col: string, path: string) => sql<boolean>`${sql.ref(col)} like ${`${path}%`}`;
    const underNoGrid = (col: string) => sql<boolean>`(${under(col, area.path)}${sql.join(grids.map((g) => sql` and not ${under(col, g.path)}`), sql``)})`;
    const residents = (where: RawBuilder<boolean>) => db.selectFrom('residents as r')
      .select(['r.org_path', sql<number>`count(*)`.as('rows'), ...RESIDENT_KINDS.map((k) => sum(residentCondition(k, now)).as(k))])
      .where(where).where('r.status', '=', 'active').groupBy('r.org_path').execute();
    const households = (where: RawBuilder<boolean>) => db.selectFrom('households as h')
      .select(['h.org_path', sql<number>`count(*)`.as('rows'), ...HOUSEHOLD_KINDS.map((k) => sum(householdCondition(k)).as(k))])
      .where(where).groupBy('h.org_path').execute();
    const out = new Map<string, Record<QualityKind, number>>();
    /** Adds the rows' counts; returns how many records they cover. */
    const add = (rows: Array<Record<string, unknown>>) => {
      let seen = 0;
      for (const row of rows) {
        const path = row.org_path as string;
        const c = out.get(path) ?? zero();
        for (const k of QUALITY_KINDS) if (k in row) c[k] += Number(row[k] ?? 0);
        out.set(path, c);
        seen += Number(row.rows);
      }
      return seen;
    };
    let people = 0, homes = 0;
    for (const g of grids) {
      people += add(await residents(under('r.org_path', g.path)));
      await turn();
      homes += add(await households(under('h.org_path', g.path)));
      await turn();
    }
    if (grids.some((g) => g.path === area.path)) return out;
    const inArea = async (table: 'residents' | 'households') => Number((await db.selectFrom(table).select(sql<number>`count(*)`.as('n'))
      .where(under('org_path', area.path)).$if(table === 'residents', (q) => q.where('status', '=', 'active')).executeTakeFirstOrThrow()).n);
    if (await inArea('residents') > people) { await turn(); add(await residents(underNoGrid('r.org_path'))); }
    await turn();
    if (await inArea('households') > homes) { await turn(); add(await households(underNoGrid('h.org_path'))); }
    return out;
  }

  /** Reads run first; the audit row is committed before any data leaves (fail closed: 503 if it cannot be written). */
  const audited = auditedRead(audit);

  return {
    /**
     * Counts of each kind in the caller's area (or `orgId` inside it; 404 outside) and in each area one level down.
     * Aggregates only, not audited as a personal-data read; counts of 1–4 are suppressed for callers without
     * `resident:read` (PRIV-01), as in the population overview.
     */
    async counts(principal: Principal, q: { orgId?: string }): Promise<RegistryQuality> {
      const now = clock.now();
      const area = await areaOf(principal, q.orgId);
      if (!area) throw errors.notFound('区域', 'Area');
      if (!QUALITY_LEVELS.has(area.level)) throw qualityAreaTooWide();
      const suppress = !principal.permissions.has('resident:read');
      const inside = await orgs.within(area.path);
      const children = inside.filter((o) => o.parentId === area.id).sort((a, b) => a.code.localeCompare(b.code));
      const grids = inside.filter((o) => o.level === 'grid');
      const { totals, perChild, shown } = sumByChildArea(QUALITY_KINDS, children, await countsByPath(area, grids, now), suppress);
      const value: RegistryQuality = {
        area: { id: area.id, name: area.name, level: area.level, code: area.code, counts: shown(totals) },
        children: children.map((c) => ({ id: c.id, name: c.name, level: c.level, code: c.code, counts: shown(perChild(c.id)) })),
        asOf: shanghaiToday(now),
        suppressed: suppress,
        computedAt: now.toISOString(),
      };
      return value;
    },

    /**
     * The records of one kind in the caller's area (or `orgId` inside it), paged: residents masked exactly as the
     * resident list shows them (restricted records as stubs), households with their address and active member count.
     * Audited as a list read of personal data (denied when `orgId` is outside the scope: 404).
     */
    async items(principal: Principal, actor: AuditActor, q: { kind: ListableKind; orgId?: string; page: number; pageSize: number }, purpose: Purpose): Promise<QualityItems> {
      const now = clock.now();
      const objectType = isResidentKind(q.kind) ? 'resident' : 'household';
      const reason = `quality:${q.kind}`;
      const area = await areaOf(principal, q.orgId);
      if (!area) {
        await audited(actor, { action: 'list', objectType, objectId: q.orgId ?? null, outcome: 'denied', purpose, reason }, null);
        throw errors.notFound('区域', 'Area');
      }
      const offset = (q.page - 1) * q.pageSize;
      if (isResidentKind(q.kind)) {
        const base = db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id')
          .where('r.org_path', 'like', `${area.path}%`).where('r.status', '=', 'active').where(residentCondition(q.kind, now));
        const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        const ids = (await base.select('r.id').orderBy('r.org_path').orderBy('h.address').orderBy('r.id').limit(q.pageSize).offset(offset).execute()).map((r) => r.id as string);
        const items = await registry.residentViews(principal, ids);
        // The page's residents are named in the audit (ADR 0046).
        return audited(actor, {
          action: 'list', objectType, objectId: area.id, outcome: 'success', count: items.length, purpose, reason, fields: ['nameMasked', 'idMasked', 'phoneMasked', 'tags', 'household'],
          subjectIds: items.map((i) => i.id),
        },
          { kind: q.kind, subject: 'resident' as const, items, total, page: q.page, pageSize: q.pageSize });
      }
      const kind = q.kind as HouseholdKind;
      const base = db.selectFrom('households as h').where('h.org_path', 'like', `${area.path}%`).where(householdCondition(kind));
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base.select(['h.id', 'h.address', 'h.room', 'h.grid_id', 'h.head_resident_id', 'h.version',
        sql<number>`(select count(*) from residents m where m.household_id = h.id and m.status = 'active')`.as('members')])
        .orderBy('h.org_path').orderBy('h.address').orderBy('h.id').limit(q.pageSize).offset(offset).execute();
      const items: QualityHousehold[] = rows.map((h) => ({
        id: h.id, address: h.address, room: h.room, gridId: h.grid_id, headResidentId: h.head_resident_id ?? null, activeMembers: Number(h.members), version: Number(h.version),
      }));
      // A household's address is its active members' personal data: they are named in the audit (ADR 0046).
      const members = rows.length
        ? await db.selectFrom('residents').select('id').where('household_id', 'in', rows.map((h) => h.id as string)).where('status', '=', 'active').execute()
        : [];
      return audited(actor, {
        action: 'list', objectType, objectId: area.id, outcome: 'success', count: items.length, purpose, reason, fields: ['address'], subjectIds: members.map((m) => m.id as string),
      },
        { kind, subject: 'household' as const, items, total, page: q.page, pageSize: q.pageSize });
    },
  };
}

export type RegistryQualityService = ReturnType<typeof createRegistryQuality>;

const CountSchema = z.number().int().nullable();
const AreaSchema = z.object({
  id: z.string(), name: z.string(), level: z.string(), code: z.string(),
  counts: z.object(Object.fromEntries(QUALITY_KINDS.map((k) => [k, CountSchema])) as Record<QualityKind, typeof CountSchema>),
});
const OrgId = z.string().min(1).max(64);
const purposeOf = (req: FastifyRequest) => resolvePurpose(principalOf(req), req.headers['x-purpose'] as string | undefined);

/** `GET /api/registry/quality` (counts) and `GET /api/registry/quality/items` (the records of one kind). */
export function registerRegistryQualityRoutes(app: FastifyInstance, deps: { quality: RegistryQualityService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/registry/quality', {
    config: { access: 'registry:stats' },
    schema: {
      tags: ['registry'],
      summary: "Data-quality problems in the caller's area (or a sub-area), per kind and per child area: adults without a phone, minors without a guardian, guardians who left, elderly living alone without a phone, possible duplicates, care tags without a consent, children's consents not given by a guardian, households without a (present) head, empty households. Aggregates only.",
      querystring: z.strictObject({ orgId: OrgId.optional() }),
      response: { 200: z.object({ area: AreaSchema, children: z.array(AreaSchema), asOf: z.string(), suppressed: z.boolean(), computedAt: z.string() }) },
    },
  }, async (req) => deps.quality.counts(principalOf(req), req.query));

  r.get('/api/registry/quality/items', {
    config: { access: 'resident:read' },
    schema: {
      tags: ['registry'],
      summary: 'The residents (masked, as the resident list) or households of one data-quality kind, paged; audited',
      querystring: z.strictObject({
        kind: z.enum(LISTABLE_KINDS), orgId: OrgId.optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50),
      }),
    },
  }, async (req) => deps.quality.items(principalOf(req), actorOf(req), req.query, purposeOf(req)));
}
