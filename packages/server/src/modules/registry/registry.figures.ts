import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Codec } from '../../platform/db/codec';
import { inChunks } from '../../platform/db/in-chunks';
import { CARE_TAGS } from './residents.codec';

/**
 * Read-only counts and look-ups over the registry's tables for other modules' read models (transparency report, breach
 * impact query, audit pack), so that no other module names `residents`, `break_glass_grants`,
 * `resident_status_changes`, `resident_consents` or `minor_access_requests`. Counts only; `[from, to)` instants the
 * system stamped itself; `area` = an org path (`/code/code/`), the area and everything below it.
 */

export type RegistryRange = { from: string; to: string };

const below = (path: string) => `${path}%`;

/**
 * `(select id from residents where org_path like 'area%')`: the ids of the residents registered in an area now, as a
 * subquery another module's count can filter on (`… subject_id in ${residentIdsUnder(path)}`) without naming the table.
 */
export function residentIdsUnder(areaPath: string): RawBuilder<unknown> {
  return sql`(select rx_r.id from residents rx_r where rx_r.org_path like ${below(areaPath)})`;
}

/** Break-the-glass grants made in the range (the place the grant recorded). */
export async function countBreakGlassGrants(db: Kysely<any>, codec: Codec, r: RegistryRange, area: string | null): Promise<number> {
  let q = db.selectFrom('break_glass_grants').select((eb) => eb.fn.countAll().as('n')).where('granted_at', '>=', r.from).where('granted_at', '<', r.to);
  if (area !== null) q = q.where('org_path', 'like', below(area));
  return codec.readInt((await q.executeTakeFirst())?.n);
}

/** Residents' status changes in the range by the status they went to (`active` = came back). */
export async function statusChangeCounts(db: Kysely<any>, codec: Codec, r: RegistryRange, area: string | null): Promise<Record<string, number>> {
  let q = db.selectFrom('resident_status_changes').select(['to_status', (eb) => eb.fn.countAll().as('n')])
    .where('changed_at', '>=', r.from).where('changed_at', '<', r.to);
  if (area !== null) q = q.where('org_path', 'like', below(area));
  const out: Record<string, number> = {};
  for (const x of await q.groupBy('to_status').execute()) out[String(x.to_status)] = (out[String(x.to_status)] ?? 0) + codec.readInt(x.n);
  return out;
}

/**
 * Separate consents to care services recorded and withdrawn (ADR 0033), requests to see a child's number and their
 * decisions (ADR 0035) in the range.
 */
export async function safeguardCounts(db: Kysely<any>, codec: Codec, r: RegistryRange, area: string | null) {
  const count = async (table: string, col: string, extra?: (q: any) => any) => {
    let q = db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(col, '>=', r.from).where(col, '<', r.to);
    if (area !== null) q = q.where('org_path', 'like', below(area));
    if (extra) q = extra(q);
    return codec.readInt((await q.executeTakeFirst())?.n);
  };
  return {
    consentsRecorded: await count('resident_consents', 'recorded_at'),
    consentsWithdrawn: await count('resident_consents', 'withdrawn_at'),
    minorRequests: await count('minor_access_requests', 'created_at'),
    minorApproved: await count('minor_access_requests', 'decided_at', (q) => q.where('status', 'in', ['approved', 'expired']).where('decided_by', 'is not', null)),
    minorRejected: await count('minor_access_requests', 'decided_at', (q) => q.where('status', '=', 'rejected')),
  };
}

export type ResidentSketch = { id: string; name: string; gridId: string | null; orgPath: string };

/** Name, grid and org path of residents by id (primary key, in slices) — for callers that mask the name themselves. */
export async function residentSketches(db: Kysely<any>, ids: readonly string[]): Promise<ResidentSketch[]> {
  const rows = await inChunks(ids, (part) => db.selectFrom('residents').select(['id', 'name', 'grid_id', 'org_path']).where('id', 'in', part).execute());
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), gridId: r.grid_id == null ? null : String(r.grid_id), orgPath: String(r.org_path) }));
}

export type BreakGlassEntry = { id: string; grantedAt: string; expiresAt: string; userId: string; orgPath: string; reasonLength: number };

/**
 * Break-the-glass grants made in the range, oldest first, for the audit pack: who (user id), when, where — and the
 * reason's length only (the reason is free text about a resident and may hold personal data). `limit` rows at most.
 */
export async function breakGlassGrants(db: Kysely<any>, codec: Codec, r: RegistryRange, area: string | null, limit: number): Promise<BreakGlassEntry[]> {
  let q = db.selectFrom('break_glass_grants')
    .select(['id', 'granted_at', 'expires_at', 'user_id', 'org_path', sql<number>`length(reason)`.as('reason_length')])
    .where('granted_at', '>=', r.from).where('granted_at', '<', r.to);
  if (area !== null) q = q.where('org_path', 'like', below(area));
  const rows = await q.orderBy('granted_at').orderBy('id').limit(limit).execute();
  return rows.map((x) => ({
    id: String(x.id), grantedAt: codec.readTs(x.granted_at)!, expiresAt: codec.readTs(x.expires_at)!, userId: String(x.user_id), orgPath: String(x.org_path),
    reasonLength: codec.readInt(x.reason_length),
  }));
}

export type ActiveMember = { id: string; name: string; householdId: string; gridId: string | null; restricted: boolean };

/**
 * The active residents of an area (optionally one grid) with their household — full names, the caller masks them and
 * hides where a restricted record lives — for the self-reports module's list of who has not reported today.
 */
export async function activeMembersUnder(db: Kysely<any>, codec: Codec, areaPath: string, gridId?: string): Promise<ActiveMember[]> {
  let q = db.selectFrom('residents').select(['id', 'name', 'household_id', 'grid_id', 'restricted']).where('org_path', 'like', below(areaPath)).where('status', '=', 'active');
  if (gridId) q = q.where('grid_id', '=', gridId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), householdId: String(r.household_id), gridId: r.grid_id == null ? null : String(r.grid_id), restricted: codec.readBool(r.restricted) }));
}

/** A person a care roll call reaches (ADR 0073): who, in which grid (its path, for scope). */
export type CareTarget = { id: string; gridId: string; orgPath: string };

/**
 * The active residents of an area holding any of `tags` (through `resident_tags`), in address order with the numbers in
 * it as numbers (2幢 before 10幢: the way a worker goes door to door) — the list of a roll call at its start.
 * Restricted records are included: a person still needs to be reached.
 */
export async function careTargetsUnder(db: Kysely<any>, areaPath: string, tags: readonly string[]): Promise<CareTarget[]> {
  if (tags.length === 0) return [];
  const rows = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.grid_id', 'r.org_path', 'h.address'])
    .where('r.org_path', 'like', below(areaPath)).where('r.status', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('resident_tags as t').select('t.resident_id').whereRef('t.resident_id', '=', 'r.id').where('t.tag', 'in', [...tags])))
    .execute();
  const byAddress = new Intl.Collator('zh-CN', { numeric: true });
  rows.sort((a, b) => byAddress.compare(String(a.address), String(b.address)) || (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  return rows.map((r) => ({ id: String(r.id), gridId: String(r.grid_id), orgPath: String(r.org_path) }));
}

/** What a roll call's list shows of a person: name (to be masked by the caller), address, care tags, restricted. */
export type CareSketch = { id: string; name: string; address: string; tags: string[]; restricted: boolean; status: string };

export async function careSketches(db: Kysely<any>, codec: Codec, ids: readonly string[]): Promise<Map<string, CareSketch>> {
  const rows = await inChunks(ids, (part) => db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.name', 'h.address', 'r.tags', 'r.restricted', 'r.status']).where('r.id', 'in', part).execute());
  return new Map(rows.map((r) => [String(r.id), {
    id: String(r.id), name: String(r.name), address: String(r.address), tags: codec.readJson<string[]>(r.tags) ?? [], restricted: codec.readBool(r.restricted), status: String(r.status),
  }]));
}

/** A compound lacking property management, a competent authority or a fence (ADR 0074), as the control points see it. */
export type UnmanagedCompound = {
  id: string; name: string; communityId: string; orgPath: string;
  flags: { noPropertyManagement: boolean; noCompetentAuthority: boolean; notEnclosed: boolean };
};

/**
 * The unmanaged compounds (any of the three flags) of the communities whose path is under one of `under` or equal to
 * one of `exact` (a grid worker's community), or the one with `compoundId`; by name.
 */
export async function unmanagedCompounds(db: Kysely<any>, codec: Codec, where: { under?: string; exact?: readonly string[]; compoundId?: string }): Promise<UnmanagedCompound[]> {
  let q = db.selectFrom('compounds').select(['id', 'name', 'community_id', 'org_path', 'no_property_management', 'no_competent_authority', 'not_enclosed'])
    .where((eb) => eb.or([eb('no_property_management', '=', codec.bool(true)), eb('no_competent_authority', '=', codec.bool(true)), eb('not_enclosed', '=', codec.bool(true))]));
  if (where.compoundId !== undefined) q = q.where('id', '=', where.compoundId);
  if (where.under !== undefined || where.exact !== undefined) {
    q = q.where((eb) => eb.or([
      ...(where.under !== undefined ? [eb('org_path', 'like', below(where.under))] : []),
      ...(where.exact?.length ? [eb('org_path', 'in', [...where.exact])] : []),
    ]));
  }
  const rows = await q.orderBy('name').execute();
  return rows.map((r) => ({
    id: String(r.id), name: String(r.name), communityId: String(r.community_id), orgPath: String(r.org_path),
    flags: { noPropertyManagement: codec.readBool(r.no_property_management), noCompetentAuthority: codec.readBool(r.no_competent_authority), notEnclosed: codec.readBool(r.not_enclosed) },
  }));
}

/**
 * A household as a distribution round sees it (ADR 0075): its grid and path, address, head (the registered head when
 * active, else the first active member), the number of active members and the care tags its active members hold.
 */
export type SupplyHousehold = { id: string; gridId: string; orgPath: string; address: string; headId: string; members: number; tags: string[] };

/**
 * The households of an area with at least one active member — all, or those with a member holding one of `tags` — in
 * address order (numbers in it as numbers: door to door), ties by id.
 */
export async function householdsUnder(db: Kysely<any>, codec: Codec, areaPath: string, tags: readonly string[] = []): Promise<SupplyHousehold[]> {
  const rows = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.household_id', 'r.tags', 'h.address', 'h.grid_id', 'h.org_path', 'h.head_resident_id'])
    .where('r.org_path', 'like', below(areaPath)).where('r.status', '=', 'active').orderBy('r.id').execute();
  const care: ReadonlySet<string> = new Set(CARE_TAGS);
  const byHousehold = new Map<string, SupplyHousehold & { registeredHead: string | null; memberIds: Set<string> }>();
  for (const r of rows) {
    const id = String(r.household_id);
    let h = byHousehold.get(id);
    if (!h) {
      h = {
        id, gridId: String(r.grid_id), orgPath: String(r.org_path), address: String(r.address), headId: String(r.id), members: 0, tags: [],
        registeredHead: (r.head_resident_id as string | null) ?? null, memberIds: new Set(),
      };
      byHousehold.set(id, h);
    }
    h.members++;
    h.memberIds.add(String(r.id));
    for (const t of codec.readJson<string[]>(r.tags) ?? []) if (care.has(t) && !h.tags.includes(t)) h.tags.push(t);
  }
  const wanted = new Set(tags);
  const out: SupplyHousehold[] = [];
  for (const h of byHousehold.values()) {
    if (wanted.size && !h.tags.some((t) => wanted.has(t))) continue;
    out.push({ id: h.id, gridId: h.gridId, orgPath: h.orgPath, address: h.address, headId: h.registeredHead && h.memberIds.has(h.registeredHead) ? h.registeredHead : h.headId,
      members: h.members, tags: h.tags.sort() });
  }
  const byAddress = new Intl.Collator('zh-CN', { numeric: true });
  return out.sort((a, b) => byAddress.compare(a.address, b.address) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The active members of `householdIds` holding a care tag (whose tags a round's list shows), for the read's audit. */
export async function careHoldersIn(db: Kysely<any>, codec: Codec, householdIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await inChunks(householdIds, (part) => db.selectFrom('residents').select(['id', 'household_id', 'tags'])
    .where('household_id', 'in', part).where('status', '=', 'active').where('tags', '!=', '[]').execute());
  const care: ReadonlySet<string> = new Set(CARE_TAGS);
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (!(codec.readJson<string[]>(r.tags) ?? []).some((t) => care.has(t))) continue;
    const list = out.get(String(r.household_id)) ?? [];
    list.push(String(r.id));
    out.set(String(r.household_id), list);
  }
  return out;
}

/** The number of active residents under each of `areaPaths` (a shelter's coverage, ADR 0078): counts only. */
export async function activeResidentCounts(db: Kysely<any>, codec: Codec, areaPaths: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const path of areaPaths) {
    const r = await db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', below(path)).where('status', '=', 'active').executeTakeFirst();
    out.set(path, codec.readInt(r?.n));
  }
  return out;
}

/** A person a sampling round expects (ADR 0079): an active resident, their grid and building, and whether they are away. */
export type SamplingTarget = { id: string; gridId: string; buildingId: string; away: boolean };

/** The active residents of an area with grid and building (暂时外出 marked `away`) — a sampling round's coverage. */
export async function samplingTargetsUnder(db: Kysely<any>, areaPath: string): Promise<SamplingTarget[]> {
  const rows = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['r.id', 'r.grid_id', 'u.building_id', 'r.residence_type'])
    .where('r.org_path', 'like', below(areaPath)).where('r.status', '=', 'active').execute();
  return rows.map((r) => ({ id: String(r.id), gridId: String(r.grid_id), buildingId: String(r.building_id), away: r.residence_type === 'away' }));
}

/** Building labels (`<compound> <building>`) by id, for counts per building. */
export async function buildingLabels(db: Kysely<any>, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(ids, (part) => db.selectFrom('buildings as b').innerJoin('compounds as c', 'c.id', 'b.compound_id')
    .select(['b.id', 'b.name', 'c.name as compound']).where('b.id', 'in', part).execute());
  return new Map(rows.map((r) => [String(r.id), `${String(r.compound)} ${String(r.name)}`]));
}

/** A registered person found by their ID number's blind index inside an area (the sampling station's ID-card read). */
export type IndexedResident = { id: string; name: string; gridId: string; orgPath: string; idMasked: string; restricted: boolean; status: string };

export async function residentByIdIndex(db: Kysely<any>, codec: Codec, idBidx: string, areaPath: string): Promise<IndexedResident | null> {
  const r = await db.selectFrom('residents').select(['id', 'name', 'grid_id', 'org_path', 'id_masked', 'restricted', 'status'])
    .where('id_bidx', '=', idBidx).where('org_path', 'like', below(areaPath)).executeTakeFirst();
  return r ? {
    id: String(r.id), name: String(r.name), gridId: String(r.grid_id), orgPath: String(r.org_path), idMasked: String(r.id_masked), restricted: codec.readBool(r.restricted),
    status: String(r.status),
  } : null;
}

/**
 * Registered people found by their ID numbers' blind indexes inside an area, in one query per IN_LIST_MAX indexes (an
 * upstream list's rows): blind index → the person, as residentByIdIndex finds them one at a time; indexes not found are
 * absent.
 */
export async function residentsByIdIndexes(db: Kysely<any>, codec: Codec, idBidxs: readonly string[], areaPath: string): Promise<Map<string, IndexedResident>> {
  const rows = await inChunks(idBidxs, (part) => db.selectFrom('residents').select(['id', 'id_bidx', 'name', 'grid_id', 'org_path', 'id_masked', 'restricted', 'status'])
    .where('id_bidx', 'in', part).where('org_path', 'like', below(areaPath)).execute());
  const out = new Map<string, IndexedResident>();
  for (const r of rows) {
    const bidx = String(r.id_bidx);
    if (out.has(bidx)) continue;
    out.set(bidx, {
      id: String(r.id), name: String(r.name), gridId: String(r.grid_id), orgPath: String(r.org_path), idMasked: String(r.id_masked), restricted: codec.readBool(r.restricted),
      status: String(r.status),
    });
  }
  return out;
}

/** What a sampling list shows of a person (the caller masks the name): address, tags, birth date, grid, masked ID. */
export type PersonSketch = CareSketch & { birthDate: string; gridId: string; orgPath: string; idMasked: string; building: string };

export async function personSketches(db: Kysely<any>, codec: Codec, ids: readonly string[]): Promise<Map<string, PersonSketch>> {
  const rows = await inChunks(ids, (part) => db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['r.id', 'r.name', 'h.address', 'r.tags', 'r.restricted', 'r.status', 'r.birth_date', 'r.grid_id', 'r.org_path', 'r.id_masked', 'u.building_id'])
    .where('r.id', 'in', part).execute());
  return new Map(rows.map((r) => [String(r.id), {
    id: String(r.id), name: String(r.name), address: String(r.address), tags: codec.readJson<string[]>(r.tags) ?? [], restricted: codec.readBool(r.restricted),
    status: String(r.status), birthDate: String(r.birth_date), gridId: String(r.grid_id), orgPath: String(r.org_path), idMasked: String(r.id_masked),
    building: String(r.building_id),
  }]));
}

/**
 * 上级任务 / 日报 figures (ADR 0093): active residents of an area by residence type and care tag, counts only (no
 * names, no ids) — the same counts whoever asks, so nothing is audited as a read of a resident.
 */
export async function residentFigures(db: Kysely<any>, codec: Codec, areaPath: string) {
  const byType = await db.selectFrom('residents').select(['residence_type', (eb) => eb.fn.countAll().as('n')]).where('org_path', 'like', below(areaPath))
    .where('status', '=', 'active').groupBy('residence_type').execute();
  const types = Object.fromEntries(byType.map((r) => [String(r.residence_type), codec.readInt(r.n)])) as Record<string, number>;
  const tagged = await db.selectFrom('residents').select('tags').where('org_path', 'like', below(areaPath)).where('status', '=', 'active').where('tags', '!=', '[]').execute();
  const care: Record<string, number> = Object.fromEntries(CARE_TAGS.map((t) => [t, 0]));
  let anyCare = 0;
  for (const r of tagged) {
    const tags = (codec.readJson<string[]>(r.tags) ?? []).filter((t) => t in care);
    if (tags.length) anyCare += 1;
    for (const t of tags) care[t]! += 1;
  }
  const active = Object.values(types).reduce((a, b) => a + b, 0);
  return { active, types, care, anyCare };
}
