import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { OrgsService } from '../orgs';
import { DEMO_DEFAULT_SEED, type DemoCommunity, type DemoRelation, type DemoStreamResident, generateDemoCommunity, generateResidents } from './demo';
import { withDeferredIndexes } from '../../platform/db/deferred-indexes';
import { type BulkResident, bulkId, bulkInsert, insertResidentRows, PlaceResolver, residentRow, withBulkWrites } from './registry.bulk';
import { ageOn } from '@renxing/shared';
import { CONSENT_COLUMNS, CONSENT_PURPOSE, configuredNoticeVersion, consentTagsOf, GUARDIAN_CONSENT_AGE } from './registry.consent';

const RELATION: Record<DemoRelation, string> = { 户主: 'head', 配偶: 'spouse', 子女: 'child', 父母: 'parent', 孙子女: 'grandchild', 其他: 'other' };

/**
 * Synthetic consent records (ADR 0033) for residents with consent-based care tags: method `written`, recorded by the seed
 * under `noticeVersion`, on a day 30–329 days before `now` derived from the resident's reference (deterministic).
 */
function demoConsentRows(rows: ReadonlyArray<ReturnType<typeof residentRow>>, refs: ReadonlyMap<string, string>, now: Date, noticeVersion: string, ts: (d: Date) => string): unknown[][] {
  const out: unknown[][] = [];
  for (const x of rows) {
    if (consentTagsOf(x.tags).length === 0) continue;
    const ref = refs.get(x.row.id as string) ?? (x.row.id as string);
    let h = 0;
    for (let i = 0; i < ref.length; i++) h = (h * 31 + ref.charCodeAt(i)) >>> 0;
    const at = new Date(now.getTime() - (30 + (h % 300)) * 86_400_000);
    // A child under 14 on that day: the form was signed by the guardian (PIPL Art. 31, ADR 0039).
    const guardian = ageOn(String(x.row.birth_date), at) < GUARDIAN_CONSENT_AGE && x.row.guardian_id ? (x.row.guardian_id as string) : null;
    out.push([uuidv7(at.getTime()), x.row.id, CONSENT_PURPOSE, noticeVersion, 'written', null, null, 'system:seed', ts(at), null, null, null, null, x.row.org_path, 1, guardian ? 'guardian' : 'self', guardian]);
  }
  return out;
}

/** Writes a generated community (places, households, residents, guardians, household heads) in a few transactions. */
export async function loadDemoCommunity(p: Platform, audit: AuditService, orgs: OrgsService, actor: AuditActor, demo: DemoCommunity, o: { noticeVersion?: string } = {}) {
  const community = await orgs.byCode(demo.community.code);
  if (!community) throw new Error(`community ${demo.community.code} missing; seed the org hierarchy first`);
  const { db, writes } = p.database;
  const already = await db.selectFrom('residents').select('id').where('org_path', 'like', `${community.path}%`).limit(1).executeTakeFirst();
  if (already) return { residents: 0, skipped: true };
  const now = new Date(demo.now);
  const places = new PlaceResolver(p, community, orgs, now);
  await places.loadGrids();
  const gridOf = new Map(demo.buildings.map((b) => [b.ref, b.gridCode]));
  const compoundOf = new Map(demo.compounds.map((c) => [c.ref, c]));
  const idOf = new Map(demo.residents.map((r) => [r.ref, uuidv7(now.getTime())]));
  const householdIds = new Map<string, string>();
  const heads: Array<[string, string]> = [];
  const rows: Array<ReturnType<typeof residentRow>> = [];
  const byHousehold = new Map(demo.households.map((h) => [h.id, h]));
  for (const r of demo.residents) {
    const h = byHousehold.get(r.householdRef)!;
    const c = compoundOf.get(h.compoundRef)!;
    const compound = (await places.compound(c.name, { flags: c.flags }))!;
    const grid = places.gridByKey(gridOf.get(h.buildingRef)!)!;
    const building = (await places.building(compound.id, h.building, grid))!;
    const unit = await places.unit(building.id, h.unit);
    const hh = await places.household(unit, building, h.room, `${community.name} ${c.name} ${h.building} ${h.unit} ${h.room}`);
    householdIds.set(h.id, hh.id);
    const input: BulkResident = {
      id: idOf.get(r.ref)!, name: r.name, idNumber: r.idNumber, birthDate: r.birthDate, sex: r.sex, phone: r.phone, relation: RELATION[r.relationToHead],
      residenceType: r.residenceType, tags: r.tags, externalRef: r.externalRef ?? null, guardianId: r.guardianRef ? idOf.get(r.guardianRef)! : null,
    };
    rows.push(residentRow(p, input, hh, now));
    if (r.relationToHead === '户主') heads.push([hh.id, input.id!]);
  }
  // Guardians must exist before their wards (FK): adults first.
  rows.sort((a, b) => (a.row.guardian_id ? 1 : 0) - (b.row.guardian_id ? 1 : 0));
  const refOf = new Map([...idOf].map(([ref, id]) => [id, ref]));
  const consents = demoConsentRows(rows, refOf, now, o.noticeVersion ?? configuredNoticeVersion(p)(), (d) => p.database.codec.ts(d));
  await writes.run(async (trx) => {
    await places.flush(trx);
    await insertResidentRows(trx, rows, p.database);
    await bulkInsert(trx, p.database, 'resident_consents', CONSENT_COLUMNS, consents);
    for (const [hid, rid] of heads) await trx.updateTable('households').set({ head_resident_id: rid }).where('id', '=', hid).execute();
    await audit.append(trx, actor, { action: 'seed', objectType: 'resident', objectId: community.id, count: rows.length, outcome: 'success' });
    if (consents.length) {
      await audit.append(trx, actor, { action: 'consent_record', objectType: 'resident', objectId: community.id, fields: ['consent'], reason: `${CONSENT_PURPOSE}:written; demo seed`, count: consents.length, outcome: 'success' });
    }
  });
  return { residents: rows.length, households: householdIds.size, consents: consents.length, skipped: false };
}

/** The demo community A社区 (6,000 residents) plus a small B社区, as the first `npm start` shows them. */
export async function seedRegistryDemo(p: Platform, audit: AuditService, orgs: OrgsService, actor: AuditActor, o: { noticeVersion?: string } = {}) {
  const a = await loadDemoCommunity(p, audit, orgs, actor, generateDemoCommunity({ communityIndex: 0 }), o);
  const b = await loadDemoCommunity(p, audit, orgs, actor, generateDemoCommunity({ communityIndex: 1, residents: 600 }), o);
  return { a, b };
}

type StoredHousehold = Awaited<ReturnType<PlaceResolver['household']>>;

/** Relations preferred, in this order, when a minor's guardian is not named by the stream (then: any other adult). */
const GUARDIAN_PREFERENCE: readonly DemoRelation[] = ['户主', '配偶', '父母'];

/**
 * The guardian of each minor of one household (member index → index of the guardian, or null): the adult the stream
 * names (guardianRef, a parent in the household), else the first adult member present (not 人户分离) with the relation
 * 户主, 配偶 or 父母, else the first adult present, else the first adult. Deterministic: stream order only.
 */
export function householdGuardians(members: ReadonlyArray<Pick<DemoStreamResident, 'ref' | 'age' | 'relationToHead' | 'residenceType' | 'guardianRef'>>): Array<number | null> {
  const adult = (i: number) => members[i]!.age >= 18;
  const indexes = members.map((_, i) => i);
  const fallback = [
    ...GUARDIAN_PREFERENCE.map((rel) => indexes.find((i) => adult(i) && members[i]!.residenceType !== 'away' && members[i]!.relationToHead === rel)),
    indexes.find((i) => adult(i) && members[i]!.residenceType !== 'away'),
    indexes.find(adult),
  ].find((i) => i !== undefined) ?? null;
  return members.map((m) => {
    if (m.age >= 18) return null;
    const named = m.guardianRef === null ? -1 : members.findIndex((x) => x.ref === m.guardianRef);
    return named >= 0 && adult(named) ? named : fallback;
  });
}

/**
 * Generates `total` residents over many communities (benchmarks: 1,000,000 works), creating streets, communities
 * and grids as needed, and writing in batches of `batch` residents per transaction (rounded up to whole households).
 * Like the demo community, each household's 户主 is its head and each minor has an adult of the household as guardian
 * (householdGuardians). Into an empty registry the secondary indexes of residents / resident_tags / households are
 * built after the load (withDeferredIndexes).
 */
export async function seedScale(p: Platform, audit: AuditService, orgs: OrgsService, actor: AuditActor, total: number, o: { seed?: number; batch?: number; onProgress?: (n: number) => void } = {}) {
  const now = new Date('2026-11-29T00:00:00+08:00');
  const batch = o.batch ?? 5000;
  const district = await orgs.byCode('330902');
  if (!district) throw new Error('seed the org hierarchy first');
  const resolvers = new Map<string, PlaceResolver>();
  let pending: Array<ReturnType<typeof residentRow>> = [];
  /** Heads of households that were already stored (not created in this run): set by an UPDATE in the next write. */
  let headUpdates: Array<[string, string]> = [];
  let written = 0;
  const noticeVersion = configuredNoticeVersion(p)();
  const flush = async () => {
    const rows = pending;
    const heads = headUpdates;
    pending = [];
    headUpdates = [];
    const rs = [...resolvers.values()];
    // Residents with consent-based care tags come with a (synthetic, written) consent, as in the demo (ADR 0033).
    const consents = demoConsentRows(rows, new Map(), now, noticeVersion, (d) => p.database.codec.ts(d));
    await p.database.writes.run(async (trx) => {
      for (const r of rs) await r.flush(trx);
      await insertResidentRows(trx, rows, p.database);
      await bulkInsert(trx, p.database, 'resident_consents', CONSENT_COLUMNS, consents);
      for (const [hid, rid] of heads) await trx.updateTable('households').set({ head_resident_id: rid }).where('id', '=', hid).where('head_resident_id', 'is', null).execute();
    });
    written += rows.length;
    o.onProgress?.(written);
  };
  // The stream yields each household's members one after another: they are gathered (at most a handful) and written
  // together, like the demo community — the 户主 as the household's head, each minor's guardian an adult of the same
  // household (householdGuardians), guardians before their wards (FK). A write never splits a household, so the head
  // of a household created here goes into its INSERT (PlaceResolver.setHead); only a household found already stored
  // (places entered before the load) gets its head by an UPDATE, if it has none. Memory: one household.
  let members: DemoStreamResident[] = [];
  let current: { res: PlaceResolver; hh: StoredHousehold } | null = null;
  const endHousehold = () => {
    if (!current || members.length === 0) return;
    const { res, hh } = current;
    const ids = members.map(() => bulkId());
    const guardians = householdGuardians(members);
    const rows = members.map((r, i) => {
      const g = guardians[i];
      return residentRow(p, {
        id: ids[i], name: r.name, idNumber: r.idNumber, birthDate: r.birthDate, sex: r.sex, phone: r.phone, relation: RELATION[r.relationToHead],
        residenceType: r.residenceType, tags: r.tags, externalRef: r.externalRef ?? null, guardianId: g == null ? null : ids[g]!,
      }, hh, now);
    });
    const head = members.findIndex((r) => r.relationToHead === '户主');
    if (head >= 0 && !res.setHead(hh, ids[head]!, members[head]!.age >= 18)) headUpdates.push([hh.id, ids[head]!]);
    for (const x of rows) if (!x.row.guardian_id) pending.push(x);
    for (const x of rows) if (x.row.guardian_id) pending.push(x);
    members = [];
    current = null;
  };
  // On a fresh database (the benchmark case), or one holding far fewer residents than the load (the demo community),
  // the search indexes are built once at the end instead of row by row — the import's initial-load rule (ADR 0009).
  const stored = Number((await p.database.db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const empty = stored === 0;
  const skipped = new Set<string>();
  const load = (fn: () => Promise<void>) => (total >= 2 * stored ? withDeferredIndexes(p.database, ['residents', 'resident_tags', 'households'], fn) : fn());
  await load(() => withBulkWrites(p.database, async () => {
    // The demo's seed: the stream's first communities are then the demo's A and B (skipped below when loaded), and its
    // ID and phone numbers are unique against theirs (another seed's stream collides with the demo's numbers).
    for (const r of generateResidents({ seed: o.seed ?? DEMO_DEFAULT_SEED, total, now })) {
      const pl = r.place;
      // A new household: the previous one is complete (and written once a batch is full — before any place of this one
      // is created, so the household row and its members share a transaction).
      const first = members[0];
      if (first && (first.householdRef !== r.householdRef || first.place.communityCode !== pl.communityCode)) {
        endHousehold();
        if (pending.length >= batch) await flush();
      }
      if (skipped.has(pl.communityCode)) continue;
      let res = resolvers.get(pl.communityCode);
      if (!res) {
        const street = (await orgs.byCode(pl.streetCode)) ?? (await orgs.create({ parentId: district.id, level: 'street', code: pl.streetCode, name: pl.streetName }));
        const community = (await orgs.byCode(pl.communityCode)) ?? (await orgs.create({ parentId: street.id, level: 'community', code: pl.communityCode, name: pl.communityName }));
        // A community that already has residents (the demo community: the stream's community 0 uses the demo's ID and
        // phone number lanes) is left as it is, like loadDemoCommunity does, instead of failing on a duplicate number.
        if (!empty && (await p.database.db.selectFrom('residents').select('id').where('org_path', 'like', `${community.path}%`).limit(1).executeTakeFirst())) {
          skipped.add(pl.communityCode);
          continue;
        }
        res = new PlaceResolver(p, community, orgs, now);
        await res.loadGrids();
        resolvers.set(pl.communityCode, res);
      }
      let grid = res.gridByKey(pl.gridCode);
      if (!grid) {
        const community = (await orgs.byCode(pl.communityCode))!;
        grid = await orgs.create({ parentId: community.id, level: 'grid', code: pl.gridCode, name: pl.gridName });
        await res.loadGrids();
      }
      const compound = (await res.compound(pl.compound, { flags: { noPropertyManagement: false, noCompetentAuthority: false, notEnclosed: false } }))!;
      const building = (await res.building(compound.id, pl.building, grid))!;
      const unit = await res.unit(building.id, pl.unit);
      const hh = await res.household(unit, building, pl.room, `${pl.communityName} ${pl.compound} ${pl.building} ${pl.unit} ${pl.room}`);
      current ??= { res, hh };
      members.push(r);
    }
    endHousehold();
    if (pending.length || headUpdates.length) await flush();
  }));
  await audit.record(actor, { action: 'seed_scale', objectType: 'resident', count: written, outcome: 'success' });
  return { residents: written, communities: resolvers.size, skippedCommunities: [...skipped] };
}
