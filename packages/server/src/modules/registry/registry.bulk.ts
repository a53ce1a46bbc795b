import { dropInvisible } from '@renxing/shared';
import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Platform } from '../../platform/context';
import type { Database } from '../../platform/db/database';
import { withTempFiles } from '../../platform/db/deferred-indexes';
import { pooledRandomBytes } from '../../platform/ids';
import type { Org, OrgsService } from '../orgs';
import { prepareResident, type PreparedResident } from './import/prepare';
import { type CareTag, derivedTags } from './residents.codec';

let lastMs = 0;
let seq = 0;
/**
 * Time-ordered UUIDv7 that also increases within a millisecond (RFC 9562 §6.2 method 1: the 12-bit rand_a field is a
 * counter; 62 random bits follow). Bulk writes create thousands of ids per millisecond: with random low bits each
 * row's primary-key entry (and every index that ends in the id) lands on a random page, so a chunk dirtied — and
 * each commit rewrote — most of those indexes. Increasing ids append to the same few pages.
 */
export function bulkId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    if (++seq > 0xfff) {
      ms = ++lastMs;
      seq = 0;
    }
  } else {
    lastMs = ms;
    seq = 0;
  }
  const b = pooledRandomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (seq >>> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A resident ready to be written in bulk (already validated: normalised ID, derived sex/birth date). */
export type BulkResident = {
  name: string; idNumber: string; birthDate: string; sex: 'M' | 'F'; phone: string | null; relation: string; residenceType: string;
  tags: readonly string[]; externalRef: string | null; guardianId?: string | null; id?: string;
  /** Row-local columns already computed by the caller (the import prepares them in its parse worker). */
  prepared?: PreparedResident;
};

type HouseholdRef = { id: string; gridId: string; orgPath: string; headResidentId: string | null; address: string };

/** Rows per multi-row INSERT statement on PostgreSQL (×27 columns stays far below its parameter limit). */
const MULTI = 64;
const sqliteStatements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();
const pgTexts = new Map<string, string>();

/**
 * Inserts rows (values in `cols` order) in the caller's transaction with constant SQL texts.
 * - SQLite: one prepared single-row statement per table on the raw better-sqlite3 handle — the same single
 *   connection, so inside the open (group-commit) transaction. Single-row on purpose: a multi-row INSERT inside a
 *   transaction must be undoable on its own if a later row violates a constraint, so SQLite copies every page it
 *   touches into a statement journal (a temp file once it passes 64 KiB); with a dozen indexes that doubled the
 *   insert time and tripled the system time. A single-row INSERT checks its constraints before writing, so it needs
 *   no statement journal, and better-sqlite3's per-call cost is small.
 * - PostgreSQL: precompiled multi-row statements on the transaction (one round trip per 64 rows).
 * Kysely's per-call query building and compiling cost more than the inserts themselves at bulk sizes.
 */
export async function bulkInsert(trx: Transaction<any>, database: Pick<Database, 'sqlite' | 'dialect'>, table: string, cols: readonly string[], rows: readonly unknown[][]) {
  if (rows.length === 0) return;
  const text = (n: number, pg: boolean) => {
    let k = 0;
    const tuples: string[] = [];
    for (let r = 0; r < n; r++) tuples.push(`(${cols.map(() => (pg ? `$${++k}` : '?')).join(', ')})`);
    return `insert into ${table} (${cols.join(', ')}) values ${tuples.join(', ')}`;
  };
  const raw = database.sqlite;
  if (raw) {
    let cache = sqliteStatements.get(raw);
    if (!cache) sqliteStatements.set(raw, (cache = new Map()));
    const key = `${table}(${cols.join(',')})`;
    let one = cache.get(key);
    if (!one) cache.set(key, (one = raw.prepare(text(1, false))));
    for (let i = 0; i < rows.length; i++) one.run(rows[i] as unknown[]);
    return;
  }
  for (let i = 0; i < rows.length; i += MULTI) {
    const part = rows.slice(i, i + MULTI);
    const key = `${table}(${cols.join(',')})×${part.length}`;
    let q = pgTexts.get(key);
    if (!q) pgTexts.set(key, (q = text(part.length, true)));
    await trx.executeQuery(CompiledQuery.raw(q, part.flat()));
  }
}

const bulkSessions = new WeakMap<SqliteDatabase.Database, { users: number; cacheSize: unknown; autocheckpoint: unknown }>();

/** Page cache during bulk writes (KiB). Outside the V8 heap but inside the process RSS, which an import keeps < 1 GB. */
const BULK_CACHE_KIB = 128 * 1024;
/** WAL pages between automatic checkpoints during bulk writes (4 KiB pages: 1 GiB). */
const BULK_AUTOCHECKPOINT = 262_144;

/**
 * Runs a bulk write (import, scale seed) with SQLite connection settings suited to it, restored afterwards:
 * - a 128 MiB page cache instead of 2 MiB: every row touches a random leaf of each search index, and a miss is a
 *   read system call (at 200,000 residents a 64 MiB cache read 5.8 GB back from the OS for a 200k-row import,
 *   128 MiB far less);
 * - a WAL checkpoint every 1 GiB of WAL instead of every 1,000 pages: each chunk rewrites thousands of index pages,
 *   and a checkpoint copies each page once however many chunks rewrote it, so fewer checkpoints copy less;
 * - at the end a TRUNCATE checkpoint, so the large WAL is neither left on disk nor copied by the next small commit;
 * - temporary storage in files (withTempFiles): a chunk's savepoint journal can hold thousands of pages.
 * Durability is unchanged: every commit is still fsync'd to the WAL with synchronous=FULL; checkpoints only move
 * committed pages into the database file. No-op on PostgreSQL.
 */
export async function withBulkWrites<T>(database: Pick<Database, 'sqlite'>, fn: () => Promise<T>): Promise<T> {
  const raw = database.sqlite;
  if (!raw) return fn();
  return withTempFiles(raw, () => bulk(raw, fn));
}

async function bulk<T>(raw: SqliteDatabase.Database, fn: () => Promise<T>): Promise<T> {
  let s = bulkSessions.get(raw);
  if (!s) {
    s = { users: 0, cacheSize: raw.pragma('cache_size', { simple: true }), autocheckpoint: raw.pragma('wal_autocheckpoint', { simple: true }) };
    bulkSessions.set(raw, s);
    raw.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    raw.pragma(`wal_autocheckpoint = ${BULK_AUTOCHECKPOINT}`);
  }
  s.users++;
  try {
    return await fn();
  } finally {
    if (--s.users === 0) {
      bulkSessions.delete(raw);
      if (raw.open) {
        raw.pragma(`cache_size = ${Number(s.cacheSize)}`);
        raw.pragma(`wal_autocheckpoint = ${Number(s.autocheckpoint)}`);
        // Not inside a transaction here (the bulk writes have committed or rolled back); a busy result is harmless.
        if (!raw.inTransaction) raw.pragma('wal_checkpoint(TRUNCATE)');
      }
    }
  }
}

/** Column order of residents rows written by insertResidentRows. */
export const RESIDENT_COLUMNS = [
  'id', 'household_id', 'grid_id', 'org_path', 'name', 'name_pinyin', 'name_initials', 'id_number_enc', 'id_bidx', 'id_masked', 'id_tail',
  'phone_enc', 'phone_bidx', 'phone_masked', 'phone_tail', 'sex', 'birth_date', 'relation', 'residence_type', 'tags', 'guardian_id',
  'external_ref', 'restricted', 'status', 'created_at', 'updated_at', 'version',
] as const;
const TAG_COLUMNS = ['resident_id', 'tag', 'org_path'] as const;
const PLACE_COLUMNS = {
  compounds: ['id', 'community_id', 'org_path', 'name', 'no_property_management', 'no_competent_authority', 'not_enclosed', 'created_at'],
  buildings: ['id', 'compound_id', 'grid_id', 'org_path', 'name', 'lead_user_id', 'created_at'],
  units: ['id', 'building_id', 'name', 'created_at'],
  households: ['id', 'unit_id', 'grid_id', 'org_path', 'room', 'address', 'household_type', 'head_resident_id', 'created_at', 'updated_at', 'version'],
} as const;
const valuesOf = (o: Record<string, unknown>, cols: readonly string[]) => cols.map((c) => o[c] ?? null);

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A number written in Chinese (一 … 九十九, also 〇/零 digits as in 一〇), or null. */
function chineseNumber(s: string): number | null {
  if (!s || ![...s].every((c) => c in CN_DIGITS || c === '十')) return null;
  const ten = s.indexOf('十');
  if (ten < 0) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  if (s.indexOf('十', ten + 1) >= 0 || ten > 1 || s.length - ten > 2) return null;
  const tens = ten === 0 ? 1 : CN_DIGITS[s[0]!]!;
  const ones = ten === s.length - 1 ? 0 : CN_DIGITS[s[ten + 1]!]!;
  return tens * 10 + ones;
}

/**
 * The identity of a compound or building name: invisible characters dropped (dropInvisible), NFKC, without spaces, lower
 * case ("1 幢", "１幢" and "1\u200b幢" are "1幢").
 */
export const placeKey = (name: string): string => dropInvisible(name).normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * The identity of a building name within its compound: a number written with or without 幢/栋/号楼/楼/号/# — in digits,
 * zero-padded, full-width or in Chinese — is the building number: "1", "1幢", "1栋", "1号楼", "1#楼", "一幢", "01栋" are one
 * building. Any other name is compared as placeKey ("综合楼" is not "综合").
 */
export function buildingKey(name: string): string {
  const k = placeKey(name);
  const s = k.replace(/(?:号楼|#楼|幢|栋|号|楼|#)$/, '');
  if (/^\d+$/.test(s)) return `#${Number(s)}`;
  const n = chineseNumber(s);
  return n === null ? k : `#${n}`;
}

/** 1 … 99 in Chinese as written in building names: 一, 十, 十一, 二十, 二十一. */
function chineseOf(n: number): string {
  const d = '〇一二三四五六七八九';
  if (n < 10) return d[n]!;
  return `${n >= 20 ? d[Math.floor(n / 10)] : ''}十${n % 10 ? d[n % 10] : ''}`;
}

/**
 * The ways a household address can spell the building a search term designates — "1号楼", "1栋", "一幢", "01栋" all give
 * 1幢, 1栋, 1号楼, 1号, 1楼, 1#, 1#楼, 01… and 一… (what buildingKey treats as one building) — or null when the term is not a
 * building designation (a bare number is not: it would match units and rooms as well). Addresses hold the building as
 * its own space-separated part (community compound building unit room), so a caller matches "% form %".
 */
export function buildingSearchForms(term: string): string[] | null {
  const k = placeKey(term);
  if (!/(?:号楼|#楼|幢|栋|号|楼|#)$/.test(k)) return null;
  const key = buildingKey(k);
  if (!/^#\d+$/.test(key)) return null;
  const n = Number(key.slice(1));
  if (n < 1 || n > 99) return null;
  const numbers = [String(n), ...(n < 10 ? [`0${n}`] : []), chineseOf(n)];
  return numbers.flatMap((x) => ['幢', '栋', '号楼', '号', '楼', '#', '#楼'].map((suffix) => `${x}${suffix}`));
}

/**
 * The identity of a unit name: NFKC, no spaces, without the word 单元, a Chinese or zero-padded number as plain digits —
 * "1", "1单元", "01单元", "一单元" and "１单元" are one unit; any other name is compared as written (lower case).
 */
export function unitKey(name: string): string {
  const s = dropInvisible(name).normalize('NFKC').replace(/\s+/g, '').toLowerCase().replace(/单元$/, '');
  if (/^\d+$/.test(s)) return String(Number(s));
  const n = chineseNumber(s);
  return n === null ? s : String(n);
}

/**
 * Resolves and (optionally) creates places below a community — compound → building → unit → household — with
 * in-memory caches, so a bulk import or seed touches each place row once.
 */
export class PlaceResolver {
  private compounds = new Map<string, { id: string; orgPath: string } | null>();
  private buildings = new Map<string, { id: string; gridId: string; orgPath: string } | null>();
  private units = new Map<string, string>();
  private unitNames = new Map<string, string>();
  /** Stored names of the compounds and buildings found by a differently written name (placeKey), by id. */
  private placeNames = new Map<string, string>();
  /** Units created by this resolver: no household below them can exist yet, so no lookup is needed. */
  private newUnits = new Set<string>();
  private households = new Map<string, HouseholdRef>();
  private grids = new Map<string, Org>();
  /** Households created but not yet written, by id (so a head seen in the same chunk goes into the INSERT). */
  private pendingHouseholds = new Map<string, Record<string, unknown>>();
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
      const r = await this.reader.selectFrom('compounds').select(['id', 'org_path']).where('community_id', '=', this.community.id).where('name', '=', name).executeTakeFirst()
        ?? (await this.reader.selectFrom('compounds').select(['id', 'org_path', 'name']).where('community_id', '=', this.community.id).execute()).find((x) => placeKey(x.name) === placeKey(name));
      this.compounds.set(name, r ? { id: r.id, orgPath: r.org_path } : null);
      if (r) this.placeNames.set(r.id, 'name' in r ? String(r.name) : name);
    }
    let c = this.compounds.get(name) ?? null;
    if (!c && create) {
      const { codec } = this.p.database;
      c = { id: bulkId(), orgPath: this.community.path };
      this.pending.compounds.push({
        id: c.id, community_id: this.community.id, org_path: this.community.path, name, no_property_management: codec.bool(create.flags.noPropertyManagement),
        no_competent_authority: codec.bool(create.flags.noCompetentAuthority), not_enclosed: codec.bool(create.flags.notEnclosed), created_at: codec.ts(this.now),
      });
      this.compounds.set(name, c);
    }
    return c;
  }

  /**
   * The building of a compound named `name`. "1", "1幢", "1栋", "1号楼" and "一幢" are the same building (buildingKey): an
   * existing building is found under its stored name (see placeName).
   */
  async building(compoundId: string, name: string, createInGrid?: Org) {
    const key = `${compoundId}\u0000${buildingKey(name)}`;
    if (!this.buildings.has(key)) {
      const r = await this.reader.selectFrom('buildings').select(['id', 'grid_id', 'org_path']).where('compound_id', '=', compoundId).where('name', '=', name).executeTakeFirst()
        ?? (await this.reader.selectFrom('buildings').select(['id', 'grid_id', 'org_path', 'name']).where('compound_id', '=', compoundId).execute()).find((x) => buildingKey(x.name) === buildingKey(name));
      this.buildings.set(key, r ? { id: r.id, gridId: r.grid_id, orgPath: r.org_path } : null);
      if (r) this.placeNames.set(r.id, 'name' in r ? String(r.name) : name);
    }
    let b = this.buildings.get(key) ?? null;
    if (!b && createInGrid) {
      b = { id: bulkId(), gridId: createInGrid.id, orgPath: createInGrid.path };
      this.pending.buildings.push({ id: b.id, compound_id: compoundId, grid_id: b.gridId, org_path: b.orgPath, name, lead_user_id: null, created_at: this.p.database.codec.ts(this.now) });
      this.buildings.set(key, b);
    }
    return b;
  }

  /**
   * The unit of a building named `name`, created when the building has none by that name. "1", "1单元", "01单元" and
   * "一单元" are the same unit (unitKey): an existing unit is reused under its stored name (see unitName), so a file
   * that writes the unit differently does not split a building's households over look-alike units.
   */
  async unit(buildingId: string, name: string): Promise<string> {
    const key = `${buildingId}\u0000${unitKey(name)}`;
    let u = this.units.get(key);
    if (!u) {
      const rows = await this.reader.selectFrom('units').select(['id', 'name']).where('building_id', '=', buildingId).execute();
      const r = rows.find((x) => x.name === name) ?? rows.find((x) => unitKey(x.name) === unitKey(name));
      const id: string = r?.id ?? bulkId();
      if (!r) {
        this.pending.units.push({ id, building_id: buildingId, name, created_at: this.p.database.codec.ts(this.now) });
        this.newUnits.add(id);
      }
      this.unitNames.set(id, r?.name ?? name);
      this.units.set(key, id);
      u = id;
    }
    return u;
  }

  /** The stored name of a compound or building resolved by `compound` / `building` (undefined for one created here). */
  placeName(id: string): string | undefined {
    return this.placeNames.get(id);
  }

  /** The stored (or, for a unit created here, the first written) name of a unit resolved by `unit`. */
  unitName(id: string): string | undefined {
    return this.unitNames.get(id);
  }

  async household(unitId: string, building: { gridId: string; orgPath: string }, room: string, address: string): Promise<HouseholdRef> {
    const key = `${unitId}\u0000${room}`;
    let h = this.households.get(key);
    if (!h) {
      const r = this.newUnits.has(unitId)
        ? undefined
        : await this.reader.selectFrom('households').select(['id', 'grid_id', 'org_path', 'head_resident_id', 'address']).where('unit_id', '=', unitId).where('room', '=', room).executeTakeFirst();
      if (r) h = { id: r.id, gridId: r.grid_id, orgPath: r.org_path, headResidentId: r.head_resident_id, address: r.address };
      else {
        const { codec } = this.p.database;
        h = { id: bulkId(), gridId: building.gridId, orgPath: building.orgPath, headResidentId: null, address };
        const row = {
          id: h.id, unit_id: unitId, grid_id: h.gridId, org_path: h.orgPath, room, address, household_type: 'family', head_resident_id: null,
          created_at: codec.ts(this.now), updated_at: codec.ts(this.now), version: 1,
        };
        this.pending.households.push(row);
        this.pendingHouseholds.set(h.id, row);
      }
      this.households.set(key, h);
    }
    return h;
  }

  /**
   * Records `residentId` as the head of a household that has none. For a household created in this run and not yet
   * written, the head goes into its INSERT and true is returned; otherwise the caller updates the stored row. An adult
   * head is also remembered as the household's guardian candidate for minors read later.
   */
  setHead(h: HouseholdRef, residentId: string, adult: boolean): boolean {
    if (adult && h.headResidentId === null) h.headResidentId = residentId;
    const row = this.pendingHouseholds.get(h.id);
    if (!row) return false;
    row.head_resident_id ??= residentId;
    return true;
  }

  /**
   * Bounds memory on huge imports: after a flush, once more than `max` households are cached, forget them (they are
   * written, so a later row of the same household finds it in the database again). The units created here are
   * forgotten as "new" too: their households are now only in the database, and skipping the lookup for them would
   * insert a household a second time (a unique-constraint failure that stopped a 1,000,000-row import whose rooms
   * recur far apart in the file).
   */
  trim(max = 100_000) {
    if (this.pending.households.length === 0 && this.households.size > max) {
      this.households.clear();
      this.newUnits.clear();
    }
  }

  /** Writes pending place rows in the caller's transaction (parents first). */
  async flush(trx: Transaction<any>) {
    for (const table of ['compounds', 'buildings', 'units', 'households'] as const) {
      const rows = this.pending[table];
      const cols = PLACE_COLUMNS[table];
      await bulkInsert(trx, this.p.database, table, cols, rows.map((r) => valuesOf(r, cols)));
      this.pending[table] = [];
    }
    this.pendingHouseholds.clear();
  }

  /** Forgets pending rows (after a rolled-back transaction) so they are recreated on the next use. */
  discardPending() {
    for (const c of this.pending.compounds) this.compounds.delete(c.name);
    for (const b of this.pending.buildings) for (const [k, v] of this.buildings) if (v?.id === b.id) this.buildings.delete(k);
    for (const u of this.pending.units) {
      this.newUnits.delete(u.id);
      this.unitNames.delete(u.id);
      for (const [k, v] of this.units) if (v === u.id) this.units.delete(k);
    }
    for (const h of this.pending.households) for (const [k, v] of this.households) if (v.id === h.id) this.households.delete(k);
    this.pending = { compounds: [], buildings: [], units: [], households: [] };
    this.pendingHouseholds.clear();
  }
}

/** Builds the residents row (encryption, blind indexes, masked copies, search keys) for a validated resident. */
export function residentRow(p: Platform, r: BulkResident, h: HouseholdRef, now: Date) {
  const { codec } = p.database;
  const x = r.prepared ?? prepareResident(p.crypto, { name: r.name, idNumber: r.idNumber, phone: r.phone, guardianIdNumber: null });
  const tags = derivedTags(r.birthDate, now, r.tags);
  const ts = codec.ts(now);
  return {
    row: {
      id: r.id ?? bulkId(), household_id: h.id, grid_id: h.gridId, org_path: h.orgPath, name: r.name, name_pinyin: x.namePinyin, name_initials: x.nameInitials,
      id_number_enc: x.idNumberEnc, id_bidx: x.idBidx, id_masked: x.idMasked, id_tail: x.idTail,
      phone_enc: x.phoneEnc, phone_bidx: x.phoneBidx, phone_masked: x.phoneMasked, phone_tail: x.phoneTail,
      sex: r.sex, birth_date: r.birthDate, relation: r.relation, residence_type: r.residenceType, tags: codec.json(tags), guardian_id: r.guardianId ?? null,
      external_ref: r.externalRef, restricted: codec.bool(false), status: 'active', created_at: ts, updated_at: ts, version: 1,
    },
    tags: tags as CareTag[],
  };
}

/**
 * Inserts prepared resident rows and their tag rows in the caller's transaction (constant-text bulk statements; see
 * bulkInsert). `database` is the platform's database (for the raw SQLite handle and the dialect).
 */
export async function insertResidentRows(trx: Transaction<any>, rows: ReadonlyArray<ReturnType<typeof residentRow>>, database: Pick<Database, 'sqlite' | 'dialect'>) {
  const values: unknown[][] = new Array(rows.length);
  const tagRows: unknown[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i]!;
    const r = x.row as Record<string, unknown>;
    const v = new Array(RESIDENT_COLUMNS.length);
    for (let c = 0; c < RESIDENT_COLUMNS.length; c++) v[c] = r[RESIDENT_COLUMNS[c]!] ?? null;
    values[i] = v;
    for (const t of x.tags) tagRows.push([x.row.id, t, x.row.org_path]);
  }
  await bulkInsert(trx, database, 'residents', RESIDENT_COLUMNS, values);
  await bulkInsert(trx, database, 'resident_tags', TAG_COLUMNS, tagRows);
}

/**
 * What an import row leaves as stored: a blank cell (or a column the file does not have) never clears or resets a stored
 * value — a re-import of a shorter list must not wipe phone numbers, care tags, relations or residence types.
 */
export type ImportKeep = { phone: boolean; relation: boolean; residenceType: boolean; tags: boolean };

/** The stored values an import row is compared with (see importChanges). */
export type StoredForImport = { name: string; phone_bidx: string | null; relation: string; residence_type: string; tags: string[]; external_ref: string | null };

/** True when the import row would change the stored resident (fields kept as stored by `keep` do not count). */
export function importChanges(stored: StoredForImport, prepared: ReturnType<typeof residentRow>, keep: ImportKeep): boolean {
  const r = prepared.row;
  const sameTags = [...stored.tags].sort().join() === [...prepared.tags].sort().join();
  return stored.name !== r.name || (!keep.phone && stored.phone_bidx !== r.phone_bidx) || (!keep.relation && stored.relation !== r.relation)
    || (!keep.residenceType && stored.residence_type !== r.residence_type) || (!keep.tags && !sameTags)
    || (!!r.external_ref && stored.external_ref !== r.external_ref);
}

/** Updates an existing resident from an import row (upsert by blind index): descriptive fields only, version + 1. */
export async function updateResidentFromImport(trx: Transaction<any>, id: string, prepared: ReturnType<typeof residentRow>, householdChanged: boolean, keep: ImportKeep) {
  const r = prepared.row;
  const set: Record<string, unknown> = { name: r.name, name_pinyin: r.name_pinyin, name_initials: r.name_initials, updated_at: r.updated_at };
  if (!keep.phone) Object.assign(set, { phone_enc: r.phone_enc, phone_bidx: r.phone_bidx, phone_masked: r.phone_masked, phone_tail: r.phone_tail });
  if (!keep.relation) set.relation = r.relation;
  if (!keep.residenceType) set.residence_type = r.residence_type;
  if (!keep.tags) set.tags = r.tags;
  if (r.external_ref) set.external_ref = r.external_ref;
  if (householdChanged) Object.assign(set, { household_id: r.household_id, grid_id: r.grid_id, org_path: r.org_path });
  await trx.updateTable('residents').set(set).set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', id).execute();
  if (keep.tags) {
    if (householdChanged) await trx.updateTable('resident_tags').set({ org_path: r.org_path }).where('resident_id', '=', id).execute();
    return;
  }
  await trx.deleteFrom('resident_tags').where('resident_id', '=', id).execute();
  if (prepared.tags.length) await trx.insertInto('resident_tags').values(prepared.tags.map((t) => ({ resident_id: id, tag: t, org_path: r.org_path }))).execute();
}
