import { maskCnId, maskPhone, pinyinKeys } from '@renxing/shared';
import type { Transaction } from 'kysely';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { Org, OrgsService } from '../orgs';
import { type CareTag, derivedTags } from './residents.codec';

/** A resident ready to be written in bulk (already validated: normalised ID, derived sex/birth date). */
export type BulkResident = {
  name: string; idNumber: string; birthDate: string; sex: 'M' | 'F'; phone: string | null; relation: string; residenceType: string;
  tags: readonly string[]; externalRef: string | null; guardianId?: string | null; id?: string;
};

type HouseholdRef = { id: string; gridId: string; orgPath: string; headResidentId: string | null; address: string };

const CHUNK = 200;

/**
 * Resolves and (optionally) creates places below a community — compound → building → unit → household — with
 * in-memory caches, so a bulk import or seed touches each place row once.
 */
export class PlaceResolver {
  private compounds = new Map<string, { id: string; orgPath: string } | null>();
  private buildings = new Map<string, { id: string; gridId: string; orgPath: string } | null>();
  private units = new Map<string, string>();
  private households = new Map<string, HouseholdRef>();
  private grids = new Map<string, Org>();
  /** Place rows created but not yet written (flushed in the same transaction as the residents that need them). */
  pending: { compounds: any[]; buildings: any[]; units: any[]; households: any[] } = { compounds: [], buildings: [], units: [], households: [] };
  /** Where lookups run: the database, or the open transaction (SQLite has one connection, held by the transaction). */
  reader: { selectFrom: Platform['database']['db']['selectFrom'] };

  constructor(
    private readonly p: Platform,
    private readonly community: Org,
    private readonly orgs: OrgsService,
    private readonly now: Date,
  ) {
    this.reader = p.database.db;
  }

  async loadGrids() {
    for (const o of await this.orgs.within(this.community.path)) if (o.level === 'grid') (this.grids.set(o.id, o), this.grids.set(o.code, o), this.grids.set(o.name, o));
  }

  gridByKey(key: string): Org | undefined {
    return this.grids.get(key);
  }

  async compound(name: string, create?: { flags: { noPropertyManagement: boolean; noCompetentAuthority: boolean; notEnclosed: boolean } }) {
    if (!this.compounds.has(name)) {
      const r = await this.reader.selectFrom('compounds').select(['id', 'org_path']).where('community_id', '=', this.community.id).where('name', '=', name).executeTakeFirst();
      this.compounds.set(name, r ? { id: r.id, orgPath: r.org_path } : null);
    }
    let c = this.compounds.get(name) ?? null;
    if (!c && create) {
      const { codec } = this.p.database;
      c = { id: uuidv7(), orgPath: this.community.path };
      this.pending.compounds.push({
        id: c.id, community_id: this.community.id, org_path: this.community.path, name, no_property_management: codec.bool(create.flags.noPropertyManagement),
        no_competent_authority: codec.bool(create.flags.noCompetentAuthority), not_enclosed: codec.bool(create.flags.notEnclosed), created_at: codec.ts(this.now),
      });
      this.compounds.set(name, c);
    }
    return c;
  }

  async building(compoundId: string, name: string, createInGrid?: Org) {
    const key = `${compoundId}\u0000${name}`;
    if (!this.buildings.has(key)) {
      const r = await this.reader.selectFrom('buildings').select(['id', 'grid_id', 'org_path']).where('compound_id', '=', compoundId).where('name', '=', name).executeTakeFirst();
      this.buildings.set(key, r ? { id: r.id, gridId: r.grid_id, orgPath: r.org_path } : null);
    }
    let b = this.buildings.get(key) ?? null;
    if (!b && createInGrid) {
      b = { id: uuidv7(), gridId: createInGrid.id, orgPath: createInGrid.path };
      this.pending.buildings.push({ id: b.id, compound_id: compoundId, grid_id: b.gridId, org_path: b.orgPath, name, lead_user_id: null, created_at: this.p.database.codec.ts(this.now) });
      this.buildings.set(key, b);
    }
    return b;
  }

  async unit(buildingId: string, name: string): Promise<string> {
    const key = `${buildingId}\u0000${name}`;
    let u = this.units.get(key);
    if (!u) {
      const r = await this.reader.selectFrom('units').select('id').where('building_id', '=', buildingId).where('name', '=', name).executeTakeFirst();
      const id: string = r?.id ?? uuidv7();
      if (!r) this.pending.units.push({ id, building_id: buildingId, name, created_at: this.p.database.codec.ts(this.now) });
      this.units.set(key, id);
      u = id;
    }
    return u;
  }

  async household(unitId: string, building: { gridId: string; orgPath: string }, room: string, address: string): Promise<HouseholdRef> {
    const key = `${unitId}\u0000${room}`;
    let h = this.households.get(key);
    if (!h) {
      const r = await this.reader.selectFrom('households').select(['id', 'grid_id', 'org_path', 'head_resident_id', 'address']).where('unit_id', '=', unitId).where('room', '=', room).executeTakeFirst();
      if (r) h = { id: r.id, gridId: r.grid_id, orgPath: r.org_path, headResidentId: r.head_resident_id, address: r.address };
      else {
        const { codec } = this.p.database;
        h = { id: uuidv7(), gridId: building.gridId, orgPath: building.orgPath, headResidentId: null, address };
        this.pending.households.push({
          id: h.id, unit_id: unitId, grid_id: h.gridId, org_path: h.orgPath, room, address, household_type: 'family', head_resident_id: null,
          created_at: codec.ts(this.now), updated_at: codec.ts(this.now), version: 1,
        });
      }
      this.households.set(key, h);
    }
    return h;
  }

  /** Writes pending place rows in the caller's transaction (parents first). */
  async flush(trx: Transaction<any>) {
    for (const table of ['compounds', 'buildings', 'units', 'households'] as const) {
      const rows = this.pending[table];
      for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto(table).values(rows.slice(i, i + CHUNK)).execute();
      this.pending[table] = [];
    }
  }

  /** Forgets pending rows (after a rolled-back transaction) so they are recreated on the next use. */
  discardPending() {
    for (const c of this.pending.compounds) this.compounds.delete(c.name);
    for (const b of this.pending.buildings) for (const [k, v] of this.buildings) if (v?.id === b.id) this.buildings.delete(k);
    for (const u of this.pending.units) for (const [k, v] of this.units) if (v === u.id) this.units.delete(k);
    for (const h of this.pending.households) for (const [k, v] of this.households) if (v.id === h.id) this.households.delete(k);
    this.pending = { compounds: [], buildings: [], units: [], households: [] };
  }
}

/** Pinyin keys are the slowest per-row step; names repeat a lot, so cache them. */
const pinyinCache = new Map<string, { full: string; initials: string }>();
function cachedPinyin(name: string) {
  let k = pinyinCache.get(name);
  if (!k) {
    k = pinyinKeys(name);
    if (pinyinCache.size > 200_000) pinyinCache.clear();
    pinyinCache.set(name, k);
  }
  return k;
}

/** Builds the residents row (encryption, blind indexes, masked copies, search keys) for a validated resident. */
export function residentRow(p: Platform, r: BulkResident, h: HouseholdRef, now: Date) {
  const { crypto, database } = p;
  const { codec } = database;
  const k = cachedPinyin(r.name);
  const tags = derivedTags(r.birthDate, now, r.tags);
  const ts = codec.ts(now);
  return {
    row: {
      id: r.id ?? uuidv7(now.getTime()), household_id: h.id, grid_id: h.gridId, org_path: h.orgPath, name: r.name, name_pinyin: k.full, name_initials: k.initials,
      id_number_enc: crypto.encrypt('residents.id_number', r.idNumber), id_bidx: crypto.blindIndex('cnid', r.idNumber), id_masked: maskCnId(r.idNumber), id_tail: r.idNumber.slice(-4),
      phone_enc: r.phone ? crypto.encrypt('residents.phone', r.phone) : null, phone_bidx: r.phone ? crypto.blindIndex('phone', r.phone) : null,
      phone_masked: r.phone ? maskPhone(r.phone) : null, phone_tail: r.phone ? r.phone.slice(-4) : null,
      sex: r.sex, birth_date: r.birthDate, relation: r.relation, residence_type: r.residenceType, tags: codec.json(tags), guardian_id: r.guardianId ?? null,
      external_ref: r.externalRef, restricted: codec.bool(false), status: 'active', created_at: ts, updated_at: ts, version: 1,
    },
    tags: tags as CareTag[],
  };
}

/** Inserts prepared resident rows and their tag rows in the caller's transaction. */
export async function insertResidentRows(trx: Transaction<any>, rows: Array<ReturnType<typeof residentRow>>) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await trx.insertInto('residents').values(chunk.map((x) => x.row)).execute();
    const tagRows = chunk.flatMap((x) => x.tags.map((t) => ({ resident_id: x.row.id, tag: t, org_path: x.row.org_path })));
    for (let j = 0; j < tagRows.length; j += CHUNK * 2) await trx.insertInto('resident_tags').values(tagRows.slice(j, j + CHUNK * 2)).execute();
  }
}

/** Updates an existing resident from an import row (upsert by blind index): descriptive fields only, version + 1. */
export async function updateResidentFromImport(trx: Transaction<any>, id: string, prepared: ReturnType<typeof residentRow>, householdChanged: boolean) {
  const r = prepared.row;
  const set: Record<string, unknown> = {
    name: r.name, name_pinyin: r.name_pinyin, name_initials: r.name_initials, phone_enc: r.phone_enc, phone_bidx: r.phone_bidx, phone_masked: r.phone_masked,
    phone_tail: r.phone_tail, relation: r.relation, residence_type: r.residence_type, tags: r.tags, updated_at: r.updated_at,
  };
  if (r.external_ref) set.external_ref = r.external_ref;
  if (householdChanged) Object.assign(set, { household_id: r.household_id, grid_id: r.grid_id, org_path: r.org_path });
  await trx.updateTable('residents').set(set).set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', id).execute();
  await trx.deleteFrom('resident_tags').where('resident_id', '=', id).execute();
  if (prepared.tags.length) await trx.insertInto('resident_tags').values(prepared.tags.map((t) => ({ resident_id: id, tag: t, org_path: r.org_path }))).execute();
}
