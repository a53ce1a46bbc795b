import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import { ageOn, type ImportMode, type ImportRun, type ImportRunList } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { withDeferredIndexes } from '../../platform/db/deferred-indexes';
import { sha256, uuidv7 } from '../../platform/ids';
import { type AuditActor, type AuditService, denyAudited } from '../audit';
import type { AuthService } from '../auth';
import type { Org, OrgsService } from '../orgs';
import {
  type HeaderMapping, type HeaderWarning, isImportError, type PreparedItem, type PreparedResident, preparedImport, preparedImportInWorker, type ResidentImportRecord,
  type RowError, type UploadLimits, type WorkerStreamOptions,
} from './import';
import { bulkId, bulkInsert, type ImportKeep, importChanges, insertResidentRows, PlaceResolver, residentRow, updateResidentFromImport, withBulkWrites } from './registry.bulk';
import { configuredNoticeVersion, consentTagsOf, createConsents, GUARDIAN_CONSENT_AGE } from './registry.consent';

/** The mode, and the import history's answer (ADR 0021): contracts/registry-imports.ts in @renxing/shared. */
export type { ImportMode, ImportRun, ImportRunList };

export type ImportRequest = {
  communityId: string;
  filePath: string;
  fileName: string;
  mode: ImportMode;
  dryRun: boolean;
  /** null for the command line (system operator). */
  principal: Principal | null;
  actor: AuditActor;
  /** Keep at most this many errors in the result and the job row (the count is always exact). */
  maxErrors?: number;
  /** Upload limits (size caps, zip-bomb limits); default DEFAULT_UPLOAD_LIMITS. Trusted callers (CLI, benchmarks) may lift them. */
  limits?: Partial<UploadLimits>;
  /** Called after each chunk with the number of data rows read so far (job progress). */
  onProgress?: (rows: number) => void;
  /**
   * Where the file is parsed, validated and prepared (encryption, blind indexes, pinyin): in a worker thread while
   * this thread writes, or inline. Default: the worker for files of 1 MiB and more when there is a second core.
   */
  parseIn?: 'worker' | 'inline';
  /** Worker stream tuning and test hooks (see preparedImportInWorker). */
  worker?: WorkerStreamOptions;
  /** Smallest estimated file (rows) for an initial load with deferred search indexes (default 50,000; see deferIndexesFor). */
  bulkLoadMinRows?: number;
  /**
   * `written`: the person running the import attests that the care tags in the file were collected with each resident's
   * separate written consent — rows with consent-based care tags get a consent record (method written) in the same
   * write. Without it, consent-based tags a resident does not already hold with a valid consent are not stored, and the
   * result carries a `care_tags_without_consent` warning with the number of rows (ADR 0033).
   */
  careConsent?: 'written' | null;
};

export type ImportResult = {
  jobId: string;
  status: 'dry_run' | 'committed' | 'rejected' | 'partial';
  mode: ImportMode;
  rows: number;
  imported: number;
  /** Rows of residents already registered (at the same address). */
  updated: number;
  /** Of `updated`: rows that changed nothing (identical, or only blank cells) — nothing written for them. */
  unchanged: number;
  errorCount: number;
  errors: RowError[];
  warnings: HeaderWarning[];
  /** First valid rows, masked (preview); `sheetRow` as on errors (the spreadsheet's own row number). */
  preview: Array<{ row: number; sheetRow?: number; name: string; idMasked: string; address: string; action: 'create' | 'update' }>;
  /** Consent records written (or, in a dry run, that would be) for the care tags of the file (`careConsent`, ADR 0033). */
  consentsRecorded: number;
};

/**
 * Rows per write. Bigger chunks share one durable commit and one pass over the touched index pages among more rows
 * (at a million residents most of the time is index maintenance); each chunk holds the single writer for well under
 * a second, so interactive writes still get through between chunks.
 */
const CHUNK = 5000;
/** Files from this size up are parsed in the worker thread by default (below it, starting the worker costs more). */
const WORKER_MIN_BYTES = 1024 * 1024;
/** Households / heads remembered across chunks before the caches are dropped (memory stays flat on huge files). */
const CACHE_MAX = 100_000;

/** Bytes per data row when estimating a file's rows from its size (template columns: CSV ≈ 105, XLSX ≈ 80). */
const BYTES_PER_ROW = { csv: 100, xlsx: 80 };
/** Smallest estimated file for a bulk load with deferred search indexes (see deferIndexesFor). */
const DEFER_MIN_ROWS = 50_000;

/** Tables whose secondary indexes an initial load builds at the end (registry.seed.ts defers the same). */
const DEFERRED_TABLES = ['residents', 'resident_tags', 'households'] as const;

class Rollback extends Error {}

/**
 * Resident import: streams the file (CSV UTF-8/GBK or XLSX) through the pure parser, resolves places inside the
 * community (compound and building must exist → `unknown_place`; units and rooms are created on demand), upserts by
 * ID-number blind index (`conflict` when the person is registered in another community), and writes in chunks.
 * - partial: each chunk of valid rows commits on its own; invalid rows are reported.
 * - all_or_nothing: the whole file runs in one transaction and is rolled back if any row has an error.
 * - dryRun: validates everything (places, conflicts included) and writes nothing but the job record.
 */
export function createImportService(
  p: Platform, audit: AuditService, orgs: OrgsService, accounts?: Pick<AuthService, 'userLabels'>, o: { noticeVersion?: () => string } = {},
) {
  const { database, clock } = p;
  const { db, writes, codec } = database;
  const consents = createConsents(p, audit, o.noticeVersion ?? configuredNoticeVersion(p));

  async function communityFor(id: string, principal: Principal | null): Promise<Org> {
    const c = (await orgs.get(id)) ?? (await orgs.byCode(id));
    if (!c || c.level !== 'community') throw errors.field('communityId', 'not_found', '社区不存在', 'community not found');
    if (principal && !orgs.inScope(principal.orgPath, c.path) && !orgs.inScope(c.path, principal.orgPath)) throw errors.field('communityId', 'not_found', '社区不存在', 'community not found');
    return c;
  }

  /**
   * Initial loads build the registry's search indexes once at the end instead of row by row (ADR 0009): a file of an
   * estimated ≥ 50,000 rows that is at least twice the residents already stored (a new installation, a new district).
   * Maintaining eight search indexes row by row costs most of an import's time once they outgrow the page cache;
   * sorting them once is far cheaper. Unique indexes stay, so ID-number upserts and conflicts work as always. Searches
   * that run meanwhile fall back to scans and are slower until the load ends; the indexes come back even after a crash
   * (restoreDeferredIndexes). Imports into a populated registry keep the indexes.
   */
  async function deferIndexesFor(req: ImportRequest): Promise<boolean> {
    if (req.dryRun) return false;
    const xlsx = /\.xlsx$/i.test(req.fileName || req.filePath);
    const estimate = fs.statSync(req.filePath).size / (xlsx ? BYTES_PER_ROW.xlsx : BYTES_PER_ROW.csv);
    if (estimate < (req.bulkLoadMinRows ?? DEFER_MIN_ROWS)) return false;
    const stored = Number((await db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return estimate >= 2 * stored;
  }

  return {
    async run(req: ImportRequest): Promise<ImportResult> {
      const now = clock.now();
      const community = await communityFor(req.communityId, req.principal);
      // A grid worker may import only into their own grid; community staff into the whole community.
      const writeScope = req.principal && req.principal.orgPath.startsWith(community.path) ? req.principal.orgPath : community.path;
      const maxErrors = req.maxErrors ?? 50_000;
      const jobId = uuidv7(now.getTime());
      const result: ImportResult = { jobId, status: 'dry_run', mode: req.mode, rows: 0, imported: 0, updated: 0, unchanged: 0, errorCount: 0, errors: [], warnings: [], preview: [], consentsRecorded: 0 };
      // Rows whose consent-based care tags were not stored (no consent, no attestation for the file: ADR 0033).
      let withheld = 0;
      // Rows of children under 14 whose care tags were not stored: the file attests written consent, but the row names no guardian (ADR 0039).
      let childWithheld = 0;
      // The header's spreadsheet row (from the headers item, which precedes every row): an error's sheet row is
      // headerRow + row, the number a worker finds at the left of Excel/WPS.
      let headerRow = 0;
      // errorCount counts rows with problems (有问题的行), not problems: a row's validation errors come together and count
      // once; the later checks (place, conflict, guardian) only meet rows that passed validation, one error each.
      const addError = (e: RowError, newRow = true) => {
        if (newRow) result.errorCount++;
        if (result.errors.length < maxErrors) result.errors.push(headerRow > 0 ? { ...e, sheetRow: headerRow + e.row } : e);
      };
      await writes.run((trx) => trx.insertInto('import_jobs').values({
        id: jobId, community_id: community.id, created_by: req.principal?.id ?? req.actor.actorId ?? 'system', filename_hash: sha256(req.fileName).slice(0, 16),
        kind: 'residents', mode: req.mode, dry_run: codec.bool(req.dryRun), status: 'running', created_at: codec.ts(now),
        scope_path: writeScope, file_bytes: fs.statSync(req.filePath).size,
      }).execute()).catch(async (e) => {
        // created_by references users; the CLI's system actor has no user row.
        if (req.principal) throw e;
      });

      const places = new PlaceResolver(p, community, orgs, now);
      await places.loadGrids();
      let mapping: HeaderMapping | null = null;
      let format: 'csv' | 'xlsx' | null = null;
      // Blind index → resident id assigned in this file, for guardians named by ID number. Once a chunk is written
      // its residents are found in the database (same transaction in all-or-nothing), so only a dry run keeps them all.
      const seenInFile = new Map<string, string>();
      const headOf = new Map<string, string>(); // household id → adult head resident id seen in this file (bounded)
      const id0 = (b: string, ex: { id: string } | undefined) => ex?.id ?? seenInFile.get(b) ?? bulkId();

      /** `consent`: a consent record is written with the row (the file's care tags were attested, the resident has none). */
      type Pending = {
        rec: ResidentImportRecord; prepared: ReturnType<typeof residentRow>; headInInsert?: boolean; consent?: boolean; consentGuardianId?: string | null;
        /** A stored resident: blank cells keep its values (`keep`); `changed` false → nothing to write (no version bump). */
        existing: { id: string; household_id: string; keep: ImportKeep; changed: boolean } | null;
      };
      type Resolved = { rec: ResidentImportRecord; pre: PreparedResident; hh: Awaited<ReturnType<PlaceResolver['household']>> };
      const processChunk = async (chunk: Resolved[], reader: { selectFrom: typeof db.selectFrom }): Promise<Pending[]> => {
        const bidx = chunk.map((c) => c.pre.idBidx);
        type Existing = { id: string; org_path: string; household_id: string; status: string; tags: string; name: string; phone_bidx: string | null; relation: string; residence_type: string; external_ref: string | null };
        const existing = new Map<string, Existing>();
        const cols = ['id', 'id_bidx', 'org_path', 'household_id', 'status', 'tags', 'name', 'phone_bidx', 'relation', 'residence_type', 'external_ref'] as const;
        for (const r of await inChunks(bidx, (part) => reader.selectFrom('residents').select([...cols]).where('id_bidx', 'in', part).execute())) {
          existing.set(r.id_bidx, r);
        }
        // Consent-based care tags (ADR 0033) a stored resident does not hold yet are allowed when they have a valid
        // consent; with the file's attestation, a stored resident with care tags and no consent gets one (which also
        // confirms tags held from before). One batched lookup for the chunk, only for such residents.
        const newConsentTags = (rec: ResidentImportRecord, ex: { tags: string } | undefined) => {
          const wanted = consentTagsOf(rec.tags);
          if (wanted.length === 0) return wanted;
          const held = ex ? codec.readJson<string[]>(ex.tags) : [];
          return wanted.filter((t) => !held.includes(t));
        };
        const ask: string[] = [];
        for (let i = 0; i < chunk.length; i++) {
          const ex = existing.get(bidx[i]!);
          if (ex && (req.careConsent === 'written' ? consentTagsOf(chunk[i]!.rec.tags) : newConsentTags(chunk[i]!.rec, ex)).length) ask.push(ex.id);
        }
        const consented = ask.length ? await consents.withConsent(reader, ask) : new Set<string>();
        const out: Pending[] = [];
        for (let i = 0; i < chunk.length; i++) {
          const { rec, pre, hh } = chunk[i]!;
          const ex = existing.get(bidx[i]!);
          if (ex && ex.status !== 'active' && ex.org_path.startsWith(writeScope)) {
            addError({
              row: rec.row, column: mapping?.fields.idNumber?.header ?? '身份证号', code: 'inactive',
              message: ex.status === 'deceased' ? '该人员已登记为死亡，请核对身份证号' : '该人员已登记为迁出；如已迁回，请在居民档案中办理"迁回"',
              messageEn: ex.status === 'deceased' ? 'this person is registered as deceased; check the ID number' : 'this person is registered as moved out; if they have returned, record the return on their profile',
            });
            continue;
          }
          // Re-importing a person at the same address updates them (idempotent); the same ID registered at another
          // address is a conflict — moves go through the move command, which keeps the history.
          if (ex && (!ex.org_path.startsWith(writeScope) || ex.household_id !== hh.id)) {
            addError({ row: rec.row, column: mapping?.fields.idNumber?.header ?? '身份证号', code: 'conflict', message: '该身份证号已在其他住址登记（如已搬迁，请使用"迁移"功能）', messageEn: 'this ID number is registered at another address (use "move" for relocations)' });
            continue;
          }
          let guardianId: string | null = null;
          const isMinor = ageOn(rec.birthDate, now) < 18;
          const id = id0(bidx[i]!, ex);
          if (rec.relation === 'head' && !isMinor) headOf.set(hh.id, id);
          if (isMinor && !rec.guardianIdNumber) {
            // Without a guardian column, a minor is linked to the adult head of the same household.
            guardianId = headOf.get(hh.id) ?? hh.headResidentId ?? null;
            if (!guardianId) {
              addError({ row: rec.row, column: mapping?.fields.guardianIdNumber?.header ?? '监护人身份证号', code: 'required', message: '未成年人须有监护人（填写监护人身份证号，或先导入户主）', messageEn: 'a minor needs a guardian (fill in the guardian ID number, or import the household head first)' });
              continue;
            }
          }
          if (pre.guardianBidx) {
            const g = pre.guardianBidx;
            guardianId = seenInFile.get(g) ?? (await reader.selectFrom('residents').select('id').where('id_bidx', '=', g).where('org_path', 'like', `${community.path}%`).where('status', '=', 'active').executeTakeFirst())?.id ?? null;
            if (!guardianId) addError({ row: rec.row, column: mapping?.fields.guardianIdNumber?.header ?? '监护人身份证号', code: 'unknown_guardian' as RowError['code'], message: '监护人未登记（请先导入监护人）', messageEn: 'guardian is not registered (import the guardian first)' });
          }
          seenInFile.set(bidx[i]!, id);
          let tags: readonly string[] = rec.tags;
          let consent = false;
          let consentGuardianId: string | null = null;
          const hasConsent = !!ex && consented.has(ex.id);
          if (req.careConsent === 'written') {
            consent = !hasConsent && consentTagsOf(rec.tags).length > 0;
            // A child under 14: the written consent is the guardian's — the guardian the row links (PIPL Art. 31, ADR 0039);
            // without one, the care tags the child does not hold yet are not stored (a warning, not a row error).
            if (consent && ageOn(rec.birthDate, now) < GUARDIAN_CONSENT_AGE) {
              if (guardianId) consentGuardianId = guardianId;
              else {
                consent = false;
                const fresh = newConsentTags(rec, ex);
                tags = rec.tags.filter((t) => !(fresh as readonly string[]).includes(t));
                childWithheld++;
              }
            }
          } else {
            const fresh = newConsentTags(rec, ex);
            if (fresh.length && !hasConsent) {
              tags = rec.tags.filter((t) => !(fresh as readonly string[]).includes(t));
              withheld++;
            }
          }
          const prepared = residentRow(p, {
            id, prepared: pre, name: rec.name, idNumber: rec.idNumber, birthDate: rec.birthDate, sex: rec.sex, phone: rec.phone, relation: rec.relation ?? 'other',
            residenceType: rec.residenceType ?? 'registered', tags, externalRef: rec.externalRef, guardianId,
          }, hh, now);
          // A new head of a household created in this chunk is written with the household's INSERT (no UPDATE).
          const headInInsert = rec.relation === 'head' && !ex && places.setHead(hh, id, !isMinor);
          // Blank cells keep what is stored (a shorter list must not wipe phones, care tags, relations, residence types).
          const keep: ImportKeep = { phone: rec.phone === null, relation: rec.relation === null, residenceType: rec.residenceType === null, tags: rec.tags.length === 0 };
          const changed = !!ex && importChanges({ ...ex, tags: codec.readJson<string[]>(ex.tags) }, prepared, keep);
          out.push({ rec, prepared, existing: ex ? { id: ex.id, household_id: ex.household_id, keep, changed } : null, headInInsert, consent, consentGuardianId });
        }
        return out;
      };

      const writeChunk = async (trx: Transaction<any>, items: Pending[]) => {
        await places.flush(trx);
        // Guardians before their wards (foreign key).
        const fresh = items.filter((x) => !x.existing).map((x) => x.prepared).sort((a, b) => (a.row.guardian_id ? 1 : 0) - (b.row.guardian_id ? 1 : 0));
        await insertResidentRows(trx, fresh, database);
        for (const x of items) if (x.existing?.changed) await updateResidentFromImport(trx, x.existing.id, x.prepared, x.existing.household_id !== x.prepared.row.household_id, x.existing.keep);
        for (const x of items) if (x.rec.relation === 'head' && !x.existing && !x.headInInsert) {
          await trx.updateTable('households').set({ head_resident_id: x.prepared.row.id }).where('id', '=', x.prepared.row.household_id).where('head_resident_id', 'is', null).execute();
        }
        // The file's care tags were attested as collected with written consent: their consent records go with the rows.
        const consenting = items.filter((x) => x.consent).map((x) => ({ id: x.prepared.row.id as string, orgPath: x.prepared.row.org_path as string, guardianId: x.consentGuardianId }));
        await consents.recordForImport(trx, req.actor, jobId, consenting, req.principal?.id ?? req.actor.actorId ?? 'system:cli',
          (cols, rows) => bulkInsert(trx, database, 'resident_consents', cols, rows));
      };
      /** After a chunk is written: its residents and households are in the database, drop what need not stay in memory. */
      const written = () => {
        seenInFile.clear();
        if (headOf.size > CACHE_MAX) headOf.clear();
        places.trim(CACHE_MAX);
      };

      const count = (items: Pending[]) => {
        for (const x of items) {
          if (x.existing) {
            result.updated++;
            if (!x.existing.changed) result.unchanged++;
          } else result.imported++;
          if (x.consent) result.consentsRecorded++;
          if (result.preview.length < 20) {
            result.preview.push({ row: x.rec.row, ...(headerRow > 0 ? { sheetRow: headerRow + x.rec.row } : {}), name: x.rec.name.slice(0, 1) + '*'.repeat(Math.max(0, [...x.rec.name].length - 1)), idMasked: x.prepared.row.id_masked, address: x.prepared.row.org_path ? `${x.rec.place.compound} ${x.rec.place.building} ${x.rec.place.unit}` : '', action: x.existing ? 'update' : 'create' });
          }
        }
      };

      const parseOpts = { now, limits: req.limits };
      const useWorker = req.parseIn ? req.parseIn === 'worker' : os.availableParallelism() > 1 && fs.statSync(req.filePath).size >= WORKER_MIN_BYTES;
      const source = (): AsyncGenerator<PreparedItem> =>
        useWorker ? preparedImportInWorker(p.keys, req.filePath, req.fileName, parseOpts, req.worker) : preparedImport(p.crypto, req.filePath, req.fileName, parseOpts);

      /** Streams the file; `sink` receives each resolved chunk (validate-only, write-per-chunk, or write-in-one-transaction). */
      const stream = async (reader: { selectFrom: typeof db.selectFrom }, sink: (items: Pending[]) => Promise<void>) => {
        places.reader = reader;
        let chunk: Resolved[] = [];
        const drain = async () => {
          if (!chunk.length) return;
          const items = await processChunk(chunk, reader);
          chunk = [];
          await sink(items);
          req.onProgress?.(result.rows);
        };
        const colOf = (f: 'compound' | 'building') => mapping?.fields[f]?.header ?? (f === 'compound' ? '小区' : '楼栋');
        for await (const item of source()) {
          if (item.kind === 'headers') {
            mapping = item.mapping;
            headerRow = item.headerRow;
            format = item.file.kind;
            result.warnings = item.warnings;
            continue;
          }
          if (item.kind === 'summary') continue;
          for (const row of item.rows) {
            result.rows++;
            row.errors.forEach((e, i) => addError(e, i === 0));
            const rec = row.record;
            if (!rec || !row.prepared) continue;
            const compound = await places.compound(rec.place.compound);
            if (!compound) {
              addError({ row: rec.row, column: colOf('compound'), code: 'unknown_place', message: '小区不存在（请先在“地点管理”中添加）', messageEn: 'compound not found (add it under Places first)' });
              continue;
            }
            const building = await places.building(compound.id, rec.place.building);
            if (!building || !building.orgPath.startsWith(writeScope)) {
              addError({ row: rec.row, column: colOf('building'), code: 'unknown_place', message: building ? '楼栋不在您的网格内' : '楼栋不存在（请先在“地点管理”中添加）', messageEn: building ? 'building is outside your grid' : 'building not found (add it under Places first)' });
              continue;
            }
            const unit = await places.unit(building.id, rec.place.unit);
            const hh = await places.household(unit, building, rec.place.room, `${community.name} ${places.placeName(compound.id) ?? rec.place.compound} ${places.placeName(building.id) ?? rec.place.building} ${places.unitName(unit) ?? rec.place.unit} ${rec.place.room}`);
            chunk.push({ rec, pre: row.prepared, hh });
            if (chunk.length >= CHUNK) await drain();
          }
        }
        await drain();
      };

      try {
        const load = (await deferIndexesFor(req)) ? (fn: () => Promise<void>) => withDeferredIndexes(database, DEFERRED_TABLES, fn) : (fn: () => Promise<void>) => fn();
        await load(() => withBulkWrites(database, async () => {
          if (req.dryRun) {
            await stream(db, async (items) => count(items));
            places.discardPending();
            result.status = 'dry_run';
          } else if (req.mode === 'partial') {
            await stream(db, async (items) => {
              await writes.run((trx) => writeChunk(trx, items));
              written();
              count(items);
            });
            result.status = result.errorCount ? 'partial' : 'committed';
          } else {
            try {
              await writes.run(async (trx) => {
                await stream(trx, async (items) => {
                  if (result.errorCount === 0) {
                    await writeChunk(trx, items);
                    written();
                  }
                  count(items);
                });
                if (result.errorCount > 0) throw new Rollback();
              });
              result.status = 'committed';
            } catch (e) {
              if (!(e instanceof Rollback)) throw e;
              places.discardPending();
              result.status = 'rejected';
              result.imported = 0;
              result.updated = 0;
              result.unchanged = 0;
              result.consentsRecorded = 0;
            }
          }
        }));
      } catch (e) {
        // The run is over without a result: the history shows it as failed (not "running" for ever), with the rows a
        // partial run had already committed (an all-or-nothing run rolled back; a dry run stored none).
        if (req.principal) {
          const kept = req.mode === 'partial' && !req.dryRun;
          await writes.run((trx) => trx.updateTable('import_jobs').set({
            status: 'failed', failure_code: isImportError(e) ? e.code : 'stopped', file_format: format, finished_at: codec.ts(clock.now()), rows_total: result.rows,
            imported: kept ? result.imported : 0, updated: kept ? result.updated : 0, error_count: result.errorCount,
            errors: JSON.stringify(result.errors.slice(0, 10_000)),
          }).where('id', '=', jobId).execute()).catch(() => undefined);
        }
        if (isImportError(e)) {
          await audit.record(req.actor, { action: req.dryRun ? 'import_preview' : 'import', objectType: 'resident_import', objectId: jobId, outcome: 'error', reason: e.code });
          throw new AppError(e.status, e.code, e.message, e.messageEn, e.details.map((d) => ({ path: d.path, code: d.code, message: d.message, messageEn: d.messageEn })));
        }
        throw e;
      } finally {
        places.reader = db;
      }
      // Place and conflict checks run after the row checks: list the problems in file order, as the worker fixes them
      // (the sort is stable, so a row's problems keep their column order).
      result.errors.sort((a, b) => a.row - b.row);
      if (withheld > 0) {
        const column = (mapping as HeaderMapping | null)?.fields.tags?.header ?? '标签';
        result.warnings.push({
          code: 'care_tags_without_consent', column, count: withheld,
          message: `${withheld} 行的关爱标签（独居、残疾、慢性病、孕产妇）未保存：这些居民尚未登记单独同意。如这些标签是在居民书面同意后收集的，请勾选“已取得书面单独同意”后重新导入，或在居民档案中逐一登记同意`,
          messageEn: `The care tags (living alone, disabled, chronic illness, pregnant) of ${withheld} row(s) were not stored: these residents have no separate consent on record. If the tags were collected with each resident's written consent, import again with "written separate consent obtained" ticked, or record the consent on each resident's profile`,
        });
      }
      if (childWithheld > 0) {
        const column = (mapping as HeaderMapping | null)?.fields.tags?.header ?? '标签';
        result.warnings.push({
          code: 'care_tags_child_without_guardian', column, count: childWithheld,
          message: `${childWithheld} 行未满 14 周岁儿童的关爱标签未保存：儿童的同意须由监护人作出，但这些行没有关联监护人。请在文件中填写监护人身份证号（或先导入户主）后重新导入，或在儿童档案中关联监护人后登记监护人的同意`,
          messageEn: `The care tags of ${childWithheld} row(s) of children under 14 were not stored: a child's consent must come from the guardian, and these rows link no guardian. Fill in the guardian ID number (or import the household head first) and import again, or link the guardian on the child's profile and record the guardian's consent`,
        });
      }

      await writes.run(async (trx) => {
        if (req.principal) {
          await trx.updateTable('import_jobs').set({
            status: result.status, rows_total: result.rows, imported: result.imported, updated: result.updated, error_count: result.errorCount,
            errors: JSON.stringify(result.errors.slice(0, 10_000)), warnings: JSON.stringify(result.warnings), finished_at: codec.ts(clock.now()), file_format: format,
          }).where('id', '=', jobId).execute();
        }
        await audit.append(trx, req.actor, {
          action: req.dryRun ? 'import_preview' : 'import', objectType: 'resident_import', objectId: jobId, count: result.imported + result.updated,
          fields: ['name', 'idNumber', 'phone', 'place', 'relation', 'residenceType', 'tags'], outcome: result.status === 'rejected' ? 'error' : 'success',
          reason: `rows=${result.rows}; errors=${result.errorCount}; ignored=${result.warnings.filter((w) => w.code === 'privileged_column').length}; care_consents=${result.consentsRecorded}; care_tags_withheld=${withheld}${childWithheld ? `; care_tags_child_withheld=${childWithheld}` : ''}`,
        });
      });
      return result;
    },

    /**
     * A stored import job (errors included) inside the caller's scope: the org path the run could write to lies within
     * the caller's (community staff see their grid workers' runs; a grid worker sees the runs into their grid; nobody
     * sees another community's). Out of scope answers 404, audited as denied when an actor is given.
     */
    async job(principal: Principal, id: string, actor?: AuditActor) {
      const j = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!j || !j.scope_path || !orgs.inScope(principal.orgPath, j.scope_path)) {
        const err = errors.notFound('导入任务', 'Import job');
        if (actor) return denyAudited(audit, actor, { action: 'read', objectType: 'resident_import', objectId: id, reason: 'not_found' }, err);
        throw err;
      }
      return {
        id: j.id, status: j.status, mode: j.mode, dryRun: codec.readBool(j.dry_run), rows: Number(j.rows_total), imported: Number(j.imported), updated: Number(j.updated),
        errorCount: Number(j.error_count), errors: JSON.parse(j.errors) as RowError[], warnings: JSON.parse(j.warnings) as HeaderWarning[],
        createdAt: codec.readTs(j.created_at), finishedAt: codec.readTs(j.finished_at),
      };
    },

    /**
     * The import history (导入记录): runs whose scope lies within the caller's org, or within `orgId` (which must itself
     * be inside the caller's scope: 404 otherwise), newest first. Counts and outcomes only — not audited as a read of
     * personal data (ADR 0021).
     */
    async history(principal: Principal, q: { page: number; pageSize: number; orgId?: string }): Promise<ImportRunList> {
      let area = principal.orgPath;
      if (q.orgId) {
        const o = await orgs.get(q.orgId);
        if (!o || !orgs.inScope(principal.orgPath, o.path)) throw errors.notFound('区域', 'Area');
        area = o.path;
      }
      const base = db.selectFrom('import_jobs').where('kind', '=', 'residents').where('scope_path', 'like', `${area}%`);
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base
        .select([
          'id', 'community_id', 'created_by', 'mode', 'dry_run', 'status', 'rows_total', 'imported', 'updated', 'error_count', 'file_format', 'file_bytes',
          'created_at', 'finished_at', 'failure_code', sql<number>`case when errors <> '[]' then 1 else 0 end`.as('has_errors'),
        ])
        .orderBy('created_at', 'desc').orderBy('id', 'desc')
        .limit(q.pageSize).offset((q.page - 1) * q.pageSize)
        .execute();
      const names = accounts && rows.length ? await accounts.userLabels([...new Set(rows.map((r) => r.created_by as string))]) : new Map<string, string>();
      const communities = new Map<string, Org | null>();
      for (const r of rows) if (!communities.has(r.community_id)) communities.set(r.community_id, await orgs.get(r.community_id));
      const items = rows.map((r): ImportRun => {
        const c = communities.get(r.community_id);
        const name = names.get(r.created_by);
        return {
          id: r.id, createdAt: codec.readTs(r.created_at)!, finishedAt: codec.readTs(r.finished_at) ?? null,
          by: name === undefined ? null : { id: r.created_by, displayName: name },
          community: c ? { id: c.id, name: c.name } : null,
          format: r.file_format ?? null, fileBytes: r.file_bytes === null || r.file_bytes === undefined ? null : Number(r.file_bytes),
          mode: r.mode, dryRun: codec.readBool(r.dry_run), status: r.status, failureCode: r.failure_code ?? null,
          rows: Number(r.rows_total), imported: Number(r.imported), updated: Number(r.updated), errorCount: Number(r.error_count),
          errorReport: Number(r.error_count) > 0 && Number(r.has_errors) === 1,
        };
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },

    /** Saves an upload stream to a private temp file under the data directory (never the web root). */
    uploadPath(): string {
      const dir = path.join(p.config.dataDir, 'uploads');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      return path.join(dir, `${uuidv7()}.upload`);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
