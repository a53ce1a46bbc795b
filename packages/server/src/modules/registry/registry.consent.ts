import type { Transaction } from 'kysely';
import { AppError, errors, type ErrorDetail } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { buildNotice } from '../privacy';
import {
  ageOn, CONSENT_GIVERS, CONSENT_METHODS, CONSENT_PURPOSE, CONSENT_TAGS, GUARDIAN_CONSENT_AGE, maskName, STAFF_CONSENT_METHODS, type ConsentAttestation,
  type ConsentGiver, type ConsentMethod, type ConsentStatus, type ConsentTag, type ConsentView, type StaffConsentMethod,
} from '@renxing/shared';
import { rejectIdNumber } from './registry.free-text';
import { CARE_TAGS, type CareTag } from './residents.codec';

/**
 * Separate consent to care services (单独同意, PIPL Art. 29, SECURITY.md PRIV-07, ADR 0033). The care tags below serve
 * care and assistance (关爱服务), not emergency necessity: they may be set only while the resident's consent for the
 * purpose `care_services` is valid, and a withdrawal removes them at once, in the same transaction. Age-derived tags
 * (elderly60, elderly80, minor, infant — all computed from the birth date in the ID number) are not consent-based.
 *
 * A consent is a row of `resident_consents` (migration 0018): method, notice version (ADR 0029), who recorded it and
 * when; a withdrawal closes the row, a new consent is a new row. One consent covers the purpose, i.e. all care tags.
 */
export {
  CONSENT_GIVERS, CONSENT_METHODS, CONSENT_PURPOSE, CONSENT_TAGS, GUARDIAN_CONSENT_AGE, STAFF_CONSENT_METHODS, type ConsentAttestation, type ConsentGiver,
  type ConsentMethod, type ConsentStatus, type ConsentTag, type ConsentView, type StaffConsentMethod,
};
type Row = Record<string, any>;
type Reader = { selectFrom: Platform['database']['db']['selectFrom'] };

/** Typed as care tags: a consent tag that is not a care tag fails to compile. */
const CONSENT_CARE_TAGS: readonly CareTag[] = CONSENT_TAGS;
const isConsentTag = (t: string): t is ConsentTag => (CONSENT_CARE_TAGS as readonly string[]).includes(t);
/** The consent-based tags among `tags`, in registry order. */
export const consentTagsOf = (tags: readonly string[]): ConsentTag[] => CONSENT_TAGS.filter((t) => tags.includes(t));
/** The tags a withdrawal leaves: everything but the consent-based ones. */
export const withoutConsentTags = (tags: readonly string[]): CareTag[] =>
  CARE_TAGS.filter((t) => tags.includes(t) && !isConsentTag(t));

/** A note typed by staff or the resident: trimmed, ≤ 200 characters, no ID numbers; null when empty. */
export function consentNote(raw: string | null | undefined, path: string): string | null {
  const s = raw?.trim() ?? '';
  if (s === '') return null;
  if (s.length > 200) throw errors.field(path, 'too_big', '说明不能超过 200 个字', 'the note must have at most 200 characters');
  rejectIdNumber(s, path, { zh: '说明', en: 'note' });
  return s;
}

/** 422 `consent_required` naming `tags`: the consent-based tags cannot be set without a valid consent. */
export function consentRequired(tags: readonly string[]): AppError {
  const zhNames: Record<ConsentTag, string> = { living_alone: '独居', disabled: '残疾', chronic: '慢性病', pregnant: '孕产妇' };
  const enNames: Record<ConsentTag, string> = { living_alone: 'living alone', disabled: 'disabled', chronic: 'chronic illness', pregnant: 'pregnant' };
  const list = consentTagsOf(tags);
  const detail: ErrorDetail = {
    path: 'tags', code: 'consent_required',
    message: `${list.map((t) => zhNames[t]).join('、')}等关爱标签须有居民本人的单独同意：请一并登记同意（书面或口头见证），或先请居民在“我的信息”中同意`,
    messageEn: `the care tags ${list.map((t) => enNames[t]).join(', ')} need the resident's separate consent: record it with this change (written or witnessed oral), or ask the resident to consent under "My information" first`,
  };
  return new AppError(422, 'consent_required', '设置关爱标签需要居民的单独同意', "Setting care tags needs the resident's separate consent", [detail]);
}

/**
 * 422 `guardian_consent_required` (PIPL Art. 31, ADR 0039): the resident is under 14, so only their guardian can consent,
 * and the detail names the field — `guardianId` when there is no (active, matching) guardian link, `givenBy` when the
 * consent was said to be the child's own.
 */
export function guardianConsentRequired(path: string, code: 'no_guardian' | 'guardian_inactive' | 'not_guardian' | 'self_not_allowed'): AppError {
  const words: Record<typeof code, [string, string]> = {
    no_guardian: ['该居民没有关联监护人：请先在“修改信息”中关联监护人，再登记监护人的同意', 'the resident has no guardian link: link the guardian under "Edit" first, then record the guardian\'s consent'],
    guardian_inactive: ['关联的监护人已迁出或死亡，不能代为同意：请先关联新的监护人', 'the linked guardian has moved out or died and cannot consent: link the new guardian first'],
    not_guardian: ['只能登记该居民当前监护人的同意', 'only the consent of the resident\'s current guardian can be recorded'],
    self_not_allowed: ['未满 14 周岁的居民不能本人同意，须由监护人同意', 'a child under 14 cannot consent themselves; the guardian consents'],
  };
  const [zh, en] = words[code];
  return new AppError(422, 'guardian_consent_required', '该居民未满 14 周岁，关爱服务同意须由其监护人作出', 'The resident is under 14: the consent to care services must come from their guardian', [
    { path, code, message: zh, messageEn: en },
  ]);
}

/** 422 `self_consent_required`: a resident aged 14 or over consents themselves; no guardian is recorded for them (ADR 0039). */
export function selfConsentRequired(path: string): AppError {
  return new AppError(422, 'self_consent_required', '该居民已满 14 周岁，须由本人同意', 'The resident is 14 or over and consents themselves', [
    { path, code: 'self_required', message: '年满 14 周岁的居民由本人同意，不登记监护人', messageEn: 'residents aged 14 or over consent themselves; no guardian is recorded' },
  ]);
}

/** The person a consent is for: their birth date (age on the consent day) and current guardian link. */
export type ConsentSubject = { id: string; orgPath: string; birthDate: string; guardianId: string | null };
/** Who gives a consent, as asked by the caller (staff attestation, the guardian online). */
export type ConsentGiverAsked = { givenBy?: ConsentGiver; guardianId?: string | null };

const noConsent = () => errors.conflict('no_consent', '该居民目前没有有效的关爱服务同意', 'The resident has no valid consent to care services', [
  { path: 'consent', code: 'no_consent', message: '没有有效的同意可以撤回', messageEn: 'there is no valid consent to withdraw' },
]);
const consentExists = () => errors.conflict('consent_exists', '该居民已同意关爱服务，无需重复登记', 'The resident has already consented to care services', [
  { path: 'consent', code: 'consent_exists', message: '已有有效的同意', messageEn: 'a valid consent is already recorded' },
]);

/**
 * The processing-notice version as configured (ADR 0029), for callers built without the running notice service (seed,
 * command line): the same options app.ts gives createNoticeService.
 */
export function configuredNoticeVersion(p: Pick<Platform, 'config'>): () => string {
  let v: string | null = null;
  return () => (v ??= buildNotice({ processor: p.config.noticeProcessor, contact: p.config.noticeContact, emergencyDays: p.config.emergencyRetentionDays }).version);
}

/**
 * Consent records: reads, and the writes run inside a caller's transaction (so a tag and its consent, or a withdrawal
 * and the removal of the tags, commit together).
 */
export function createConsents(p: Platform, audit: AuditService, noticeVersion: () => string) {
  const { db, codec } = p.database;

  /**
   * Who may give this consent today (PIPL Art. 31, ADR 0039): a resident under 14 only through their current guardian
   * link, who must be an active resident — asked `self` or another guardian is 422 `guardian_consent_required`; a
   * resident of 14 or over only themselves (422 `self_consent_required` when a guardian is named). `prefix` is the path
   * of the attestation in the request body (`consent.` inside the create / update commands).
   */
  async function giverFor(reader: Reader, subject: ConsentSubject, asked: ConsentGiverAsked, prefix = ''): Promise<{ givenBy: ConsentGiver; guardianId: string | null }> {
    // Inside the write transaction the stored link is the one in force (a create or update has written it already).
    const row = await reader.selectFrom('residents').select(['birth_date', 'guardian_id']).where('id', '=', subject.id).executeTakeFirst();
    const s = row ? { birthDate: row.birth_date as string, guardianId: (row.guardian_id ?? null) as string | null } : subject;
    if (ageOn(s.birthDate, p.clock.now()) >= GUARDIAN_CONSENT_AGE) {
      if (asked.givenBy === 'guardian') throw selfConsentRequired(`${prefix}givenBy`);
      if (asked.guardianId) throw selfConsentRequired(`${prefix}guardianId`);
      return { givenBy: 'self', guardianId: null };
    }
    if (asked.givenBy === 'self') throw guardianConsentRequired(`${prefix}givenBy`, 'self_not_allowed');
    if (!s.guardianId) throw guardianConsentRequired(`${prefix}guardianId`, 'no_guardian');
    if (asked.guardianId && asked.guardianId !== s.guardianId) throw guardianConsentRequired(`${prefix}guardianId`, 'not_guardian');
    const g = await reader.selectFrom('residents').select(['status']).where('id', '=', s.guardianId).executeTakeFirst();
    if (!g || g.status !== 'active') throw guardianConsentRequired(`${prefix}guardianId`, 'guardian_inactive');
    return { givenBy: 'guardian', guardianId: s.guardianId };
  }

  const who = (r: Row): ConsentView['recordedBy'] =>
    r.method === 'portal' ? 'resident' : r.import_job_id ? 'import' : String(r.recorded_by).startsWith('system:') ? 'system' : 'staff';
  const person = (id: string | null | undefined, names: ReadonlyMap<string, string>) => (id ? { id, nameMasked: names.has(id) ? maskName(names.get(id)!) : '—' } : null);
  const view = (r: Row, names: ReadonlyMap<string, string>): ConsentView => ({
    id: r.id, purpose: r.purpose, method: r.method, noticeVersion: r.notice_version, note: r.note ?? null, recordedBy: who(r),
    recordedAt: codec.readTs(r.recorded_at)!, givenBy: r.given_by === 'guardian' ? 'guardian' : 'self', guardian: person(r.guardian_id, names),
    withdrawnAt: codec.readTs(r.withdrawn_at),
    withdrawnBy: r.withdrawn_at ? (r.withdraw_method === 'portal' ? 'resident' : String(r.withdrawn_by).startsWith('system:') ? 'system' : 'staff') : null,
    withdrawMethod: r.withdraw_method ?? null, withdrawNote: r.withdraw_note ?? null, withdrawnByGuardian: person(r.withdraw_guardian_id, names),
    supersededBy: r.superseded_by ?? null, version: Number(r.version),
  });

  /** The open (valid) consent of a resident, or undefined. */
  const open = (reader: Reader, residentId: string) =>
    reader.selectFrom('resident_consents').selectAll().where('resident_id', '=', residentId).where('purpose', '=', CONSENT_PURPOSE)
      .where('withdrawn_at', 'is', null).executeTakeFirst();

  /** Inserts a consent row (no check; the partial unique index refuses a second open one). */
  async function insert(trx: Transaction<any>, c: {
    residentId: string; orgPath: string; method: ConsentMethod; note: string | null; by: string; at: Date; importJobId?: string | null;
    givenBy: ConsentGiver; guardianId: string | null; id?: string;
  }): Promise<string> {
    const id = c.id ?? uuidv7(c.at.getTime());
    await trx.insertInto('resident_consents').values({
      id, resident_id: c.residentId, purpose: CONSENT_PURPOSE, notice_version: noticeVersion(), method: c.method, note: c.note,
      import_job_id: c.importJobId ?? null, recorded_by: c.by, recorded_at: codec.ts(c.at), withdrawn_at: null, withdrawn_by: null,
      withdraw_method: null, withdraw_note: null, org_path: c.orgPath, version: 1, given_by: c.givenBy, guardian_id: c.guardianId,
    }).execute();
    return id;
  }
  const auditReason = (method: ConsentMethod, id: string, g: { givenBy: ConsentGiver; guardianId: string | null }, supersedes?: string) =>
    `${CONSENT_PURPOSE}:${method}; consent=${id}${g.givenBy === 'guardian' ? `; given_by=guardian:${g.guardianId}` : ''}${supersedes ? `; supersedes=${supersedes}` : ''}`;

  return {
    noticeVersion,
    giverFor,

    /** Residents among `ids` with a valid consent (one query per 500 ids). */
    async withConsent(reader: Reader, ids: readonly string[]): Promise<Set<string>> {
      const rows = await inChunks(ids, (part) => reader.selectFrom('resident_consents').select('resident_id').where('resident_id', 'in', part)
        .where('purpose', '=', CONSENT_PURPOSE).where('withdrawn_at', 'is', null).execute());
      return new Set(rows.map((r) => r.resident_id as string));
    },

    /** The consent status of a resident whose record holds `tags`. */
    async status(residentId: string, tags: readonly string[]): Promise<ConsentStatus> {
      const rows = await db.selectFrom('resident_consents').selectAll().where('resident_id', '=', residentId).where('purpose', '=', CONSENT_PURPOSE)
        .orderBy('recorded_at', 'desc').orderBy('id', 'desc').execute();
      const subject = await db.selectFrom('residents').select(['birth_date', 'guardian_id']).where('id', '=', residentId).executeTakeFirst();
      // Guardians named by the records and the current guardian link: masked names, and whether the link is active.
      const ids = [...new Set([subject?.guardian_id, ...rows.flatMap((r) => [r.guardian_id, r.withdraw_guardian_id])].filter((x): x is string => !!x))];
      const people = ids.length ? await db.selectFrom('residents').select(['id', 'name', 'status']).where('id', 'in', ids).execute() : [];
      const names = new Map(people.map((g) => [g.id as string, g.name as string]));
      // The valid consent first, then the withdrawn ones, newest first.
      const history = rows.map((r) => view(r, names)).sort((a, b) => (a.withdrawnAt === null ? 0 : 1) - (b.withdrawnAt === null ? 0 : 1));
      const current = history.find((c) => c.withdrawnAt === null) ?? null;
      const held = consentTagsOf(tags);
      const child = !!subject && ageOn(subject.birth_date, p.clock.now()) < GUARDIAN_CONSENT_AGE;
      const link = subject?.guardian_id ? people.find((g) => g.id === subject.guardian_id) : undefined;
      return {
        purpose: CONSENT_PURPOSE, basis: 'separate_consent', valid: !!current, current, history, tags: held, toConfirm: held.length > 0 && !current,
        guardianRequired: child,
        guardian: subject?.guardian_id ? { id: subject.guardian_id, nameMasked: link ? maskName(link.name) : '—', active: link?.status === 'active' } : null,
        guardianConsentMissing: child && !!current && current.givenBy !== 'guardian',
      };
    },

    /**
     * Inside a registry write that sets the tags `added` (consent-based tags the record did not hold): passes when a
     * consent is valid; records one from the staff attestation when given (audited `consent_record`); otherwise 422
     * `consent_required` naming `tags` (the caller's transaction rolls back: nothing is written).
     */
    async requireFor(trx: Transaction<any>, actor: AuditActor, r: ConsentSubject, added: readonly string[], attestation: ConsentAttestation | undefined, by: string) {
      const note = attestation ? consentNote(attestation.note, 'consent.note') : null;
      if (consentTagsOf(added).length === 0 && !attestation) return;
      if (await open(trx, r.id)) return;
      if (!attestation) throw consentRequired(added);
      // A child under 14: the attestation is the guardian's consent (PIPL Art. 31, ADR 0039).
      const g = await giverFor(trx, r, attestation, 'consent.');
      const id = await insert(trx, { residentId: r.id, orgPath: r.orgPath, method: attestation.method, note, by, at: p.clock.now(), ...g });
      await audit.append(trx, actor, { action: 'consent_record', objectType: 'resident', objectId: r.id, subjectId: r.id, fields: ['consent'], reason: auditReason(attestation.method, id, g), outcome: 'success' });
    },

    /**
     * Records a consent (staff attestation, the resident or their guardian online): 409 when one is valid already —
     * except a child's consent recorded as their own (before ADR 0039), which the guardian's consent supersedes: the old
     * record is closed (`superseded_by` the new one; the tags stay) in the same transaction. Who consents is checked by
     * `giverFor` (422 for a child without an active guardian link). Audited.
     */
    async record(trx: Transaction<any>, actor: AuditActor, r: ConsentSubject, c: { method: ConsentMethod; note: string | null; by: string } & ConsentGiverAsked) {
      const g = await giverFor(trx, r, c);
      const cur = await open(trx, r.id);
      if (cur && !(g.givenBy === 'guardian' && cur.given_by !== 'guardian')) throw consentExists();
      const at = p.clock.now();
      const id = uuidv7(at.getTime());
      if (cur) {
        const res = await trx.updateTable('resident_consents').set({ withdrawn_at: codec.ts(at), withdrawn_by: c.by, superseded_by: id, version: Number(cur.version) + 1 })
          .where('id', '=', cur.id).where('withdrawn_at', 'is', null).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw consentExists();
      }
      const made = await insert(trx, { residentId: r.id, orgPath: r.orgPath, method: c.method, note: c.note, by: c.by, at, id, ...g });
      await audit.append(trx, actor, { action: 'consent_record', objectType: 'resident', objectId: r.id, subjectId: r.id, fields: ['consent'], reason: auditReason(c.method, made, g, cur?.id), outcome: 'success' });
      return made;
    },

    /**
     * Withdraws the valid consent and, in the same transaction, removes the consent-based tags from the record (the
     * JSON column and `resident_tags`; the record's version goes up so an open edit cannot put them back unnoticed).
     * 409 `no_consent` when none is valid. Audited `consent_withdraw` with the number of tags removed.
     */
    async withdraw(trx: Transaction<any>, actor: AuditActor, residentId: string, c: { method: ConsentMethod; note: string | null; by: string; guardianId?: string | null }) {
      const cur = await open(trx, residentId);
      if (!cur) throw noConsent();
      const at = codec.ts(p.clock.now());
      const res = await trx.updateTable('resident_consents').set({
        withdrawn_at: at, withdrawn_by: c.by, withdraw_method: c.method, withdraw_note: c.note, version: Number(cur.version) + 1,
        ...(c.guardianId ? { withdraw_guardian_id: c.guardianId } : {}),
      }).where('id', '=', cur.id).where('withdrawn_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw noConsent();
      const r = await trx.selectFrom('residents').select(['tags', 'version']).where('id', '=', residentId).executeTakeFirstOrThrow();
      const before = codec.readJson<string[]>(r.tags);
      const removed = consentTagsOf(before);
      if (removed.length) {
        await trx.updateTable('residents').set({ tags: codec.json(withoutConsentTags(before)), updated_at: at, version: Number(r.version) + 1 }).where('id', '=', residentId).execute();
        await trx.deleteFrom('resident_tags').where('resident_id', '=', residentId).where('tag', 'in', removed).execute();
      }
      await audit.append(trx, actor, {
        action: 'consent_withdraw', objectType: 'resident', objectId: residentId, subjectId: residentId, fields: removed.length ? ['consent', 'tags'] : ['consent'],
        reason: `${CONSENT_PURPOSE}:${c.method}; consent=${cur.id}${c.guardianId ? `; by=guardian:${c.guardianId}` : ''}`, count: removed.length, outcome: 'success',
      });
      return { consentId: cur.id as string, removedTags: removed };
    },

    /**
     * Import (ADR 0033): consents for residents of one chunk, attested for the whole file (method `written`), written
     * with the chunk; one audit row with the count. Residents who have a valid consent are not passed in. `guardianId`:
     * a child under 14 whose written consent is their guardian's (the row's guardian link, ADR 0039).
     */
    async recordForImport(trx: Transaction<any>, actor: AuditActor, jobId: string, residents: ReadonlyArray<{ id: string; orgPath: string; guardianId?: string | null }>, by: string, insertRows: (cols: readonly string[], rows: unknown[][]) => Promise<void>) {
      if (residents.length === 0) return;
      const at = p.clock.now();
      const ts = codec.ts(at);
      const version = noticeVersion();
      const rows = residents.map((r) => [
        uuidv7(at.getTime()), r.id, CONSENT_PURPOSE, version, 'written', null, jobId, by, ts, null, null, null, null, r.orgPath, 1, r.guardianId ? 'guardian' : 'self', r.guardianId ?? null,
      ]);
      await insertRows(CONSENT_COLUMNS, rows);
      await audit.append(trx, actor, {
        action: 'consent_record', objectType: 'resident_import', objectId: jobId, fields: ['consent'], reason: `${CONSENT_PURPOSE}:written; import`, count: rows.length, outcome: 'success',
      });
    },
  };
}

/** Column order of bulk-inserted consent rows (import, demo seed). */
export const CONSENT_COLUMNS = [
  'id', 'resident_id', 'purpose', 'notice_version', 'method', 'note', 'import_job_id', 'recorded_by', 'recorded_at', 'withdrawn_at', 'withdrawn_by',
  'withdraw_method', 'withdraw_note', 'org_path', 'version', 'given_by', 'guardian_id',
] as const;

export type Consents = ReturnType<typeof createConsents>;
