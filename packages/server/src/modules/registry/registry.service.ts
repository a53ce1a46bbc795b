import { ageOn, maskName, type ResidentHistory } from '@renxing/shared';
import { ageCutoff, shanghaiToday } from './registry.overview';
import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import { auditedRead, type AuditActor, type AuditService, denyAudited } from '../audit';
import { type BrowsingDeps, createBrowsingGuard } from './registry.browsing';
import { createSearchAlertGuard, type NameSearch } from './registry.search-alert';
import { createMinorAccess } from './registry.minors';
import { createResidentHistory } from './registry.history';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import {
  type CareTag, checkPregnantTag, cleanExternalRef, crossCheck, derivedTags, idColumns, nameColumns, phoneColumns, type Relation, type ResidenceType,
} from './residents.codec';
import {
  type ConsentAttestation, type ConsentStatus, configuredNoticeVersion, consentNote, consentRequired, consentTagsOf, createConsents, GUARDIAN_CONSENT_AGE,
} from './registry.consent';
import { buildingSearchForms } from './registry.bulk';
import { createErasure } from './registry.erasure';

/** Why a person's data is being read (SECURITY.md §6.4 X-Purpose); checked against the role. */
export const PURPOSES = ['registry.maintenance', 'epidemic.followup', 'epidemic.sampling', 'epidemic.screening', 'epidemic.lab', 'service.assistance'] as const;
export type Purpose = (typeof PURPOSES)[number];
const ROLE_PURPOSES: Record<string, readonly Purpose[]> = {
  community_admin: ['registry.maintenance', 'epidemic.followup', 'epidemic.screening', 'service.assistance'],
  grid_worker: ['registry.maintenance', 'epidemic.followup', 'epidemic.screening', 'service.assistance'],
  doctor: ['registry.maintenance', 'epidemic.followup', 'epidemic.lab', 'service.assistance'],
  collector: ['epidemic.sampling'],
};
const DEFAULT_PURPOSE: Record<string, Purpose> = { collector: 'epidemic.sampling' };

/** Resolves and checks the X-Purpose header for a principal. */
export function resolvePurpose(p: Principal, header: string | undefined): Purpose {
  const code = header ?? DEFAULT_PURPOSE[p.role] ?? 'registry.maintenance';
  if (!(PURPOSES as readonly string[]).includes(code)) {
    throw new AppError(400, 'validation_failed', '访问目的代码无效', 'Unknown purpose code', [
      { path: 'headers.x-purpose', code: 'invalid_value', message: `可选：${PURPOSES.join('、')}`, messageEn: `allowed: ${PURPOSES.join(', ')}` },
    ]);
  }
  if (!(ROLE_PURPOSES[p.role] ?? []).includes(code as Purpose)) {
    throw new AppError(403, 'purpose_not_allowed', '当前角色不能以该目的访问个人信息', 'This role may not access personal data for that purpose');
  }
  return code as Purpose;
}

export type ResidentSummary = {
  id: string; nameMasked: string; sex: 'M' | 'F'; age: number; idMasked: string; phoneMasked: string | null; address: string; householdId: string;
  gridId: string; relation: string; residenceType: string; tags: string[]; status: string; version: number;
  /** The record is restricted (SECURITY.md E26); a full view of it needs a break-the-glass grant. */
  restricted: boolean; access: 'full';
};
/**
 * What anyone without a break-the-glass grant sees of a restricted resident: a masked name and where the record sits in
 * the registry (to ask for a grant) — no age, ID, phone, address, household or care (health) tags.
 */
export type ResidentStub = { id: string; nameMasked: string; householdId: string; gridId: string; status: string; version: number; restricted: true; access: 'stub' };
export type ResidentDetail = ResidentSummary & {
  name: string; birthDate: string; guardian: { id: string; nameMasked: string } | null; externalRef: string | null;
  household: { id: string; address: string; members: Array<ResidentSummary | ResidentStub> };
  moves: Array<{ at: string; fromHouseholdId: string | null; toHouseholdId: string; reason: string }>;
  /** Moves out of the area, deaths and returns, newest first. */
  statusHistory: Array<{ at: string; from: ResidentStatus; to: ResidentStatus; effectiveDate: string; reason: string }>;
  /** The caller's active break-the-glass grant, when the record is restricted. */
  breakGlass: { grantId: string; expiresAt: string } | null;
  /** Separate consent to care services, the basis of the consent-based care tags (PRIV-07, ADR 0033). */
  consent: ConsentStatus;
};
/** Whether a resident belongs to the active population: moved out of the area (迁出) and deceased are kept, not listed. */
export const RESIDENT_STATUSES = ['active', 'moved_out', 'deceased'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];
/** Where a resident's record sits (for another module's own rows about them, e.g. a self-report). */
export type ResidentRef = { id: string; householdId: string; gridId: string; orgPath: string };
/** What a role with search-only access (sampling collector) may see: no phone, no care tags, no household. */
export type ResidentMinimal = { id: string; nameMasked: string; idMasked: string; building: string; unit: string };

export type ResidentCreate = {
  householdId: string; name: string; idNumber: string; phone?: string | null; relation: Relation; residenceType: ResidenceType;
  tags?: CareTag[]; guardianId?: string | null; externalRef?: string | null; sex?: 'M' | 'F' | null; birthDate?: string | null;
  /** The resident's separate consent to care services, attested by the worker (needed for consent-based tags, ADR 0033). */
  consent?: ConsentAttestation;
};
export type ResidentPatch = {
  version: number; phone?: string | null; relation?: Relation; residenceType?: ResidenceType; tags?: CareTag[]; guardianId?: string | null; externalRef?: string | null;
  /** The resident's separate consent to care services, attested by the worker (needed to add consent-based tags, ADR 0033). */
  consent?: ConsentAttestation;
};

type Row = Record<string, any>;

/** The answer of a household relocation (整户迁移). */
export type HouseholdRelocation = {
  /** The source household and its new version. */
  id: string; version: number; toHouseholdId: string;
  /** Active members moved (each with a move record), and members who moved out or died and stay with the source. */
  moved: number; residentIds: string[]; stayed: number;
  /**
   * `set`: the source's head now heads the target; `kept`: the target keeps its own head (`headResidentId`) and the moved
   * head's relation became `other` (`demotedResidentId`); `none`: the source had no head, the target's is unchanged.
   */
  head: 'set' | 'kept' | 'none'; headResidentId: string | null; demotedResidentId: string | null;
};

/** The masked ID shown for a restricted resident to roles that only search (no region, no tail). */
/** What a restricted record shows for its ID number (break-the-glass, ADR 0034): nothing of it. */
export const RESTRICTED_ID = '******************';

/** Residents, households and places: scoped reads with masking and audit, command writes with optimistic concurrency. */
export function createRegistryService(
  p: Platform, audit: AuditService, orgs: OrgsService, accounts: Pick<AuthService, 'activeUserIds' | 'userRefs'>, notifications: Pick<NotificationsService, 'notify'>,
  o: { noticeVersion?: () => string; browsing?: BrowsingDeps } = {},
) {
  const { database, clock, crypto } = p;
  const { db, writes, codec, dialect } = database;
  const now = () => clock.now();
  // Consent records of the care tags (ADR 0033), under the processing-notice version in force (ADR 0029).
  const consents = createConsents(p, audit, o.noticeVersion ?? configuredNoticeVersion(p));

  const summary = (r: Row, address: string): ResidentSummary => ({
    id: r.id, nameMasked: maskName(r.name), sex: r.sex, age: ageOn(r.birth_date, now()), idMasked: r.id_masked, phoneMasked: r.phone_masked ?? null,
    address, householdId: r.household_id, gridId: r.grid_id, relation: r.relation, residenceType: r.residence_type, tags: codec.readJson<string[]>(r.tags),
    status: r.status, version: Number(r.version), restricted: codec.readBool(r.restricted), access: 'full',
  });
  const stub = (r: Row): ResidentStub => ({
    id: r.id, nameMasked: maskName(r.name), householdId: r.household_id, gridId: r.grid_id, status: r.status, version: Number(r.version), restricted: true, access: 'stub',
  });

  const residentCols = [
    'r.id', 'r.name', 'r.sex', 'r.birth_date', 'r.id_masked', 'r.phone_masked', 'r.household_id', 'r.grid_id', 'r.org_path', 'r.relation',
    'r.residence_type', 'r.tags', 'r.status', 'r.version', 'r.guardian_id', 'r.external_ref', 'r.restricted', 'h.address',
  ] as const;

  // ---- restricted records and break-the-glass (SECURITY.md §7 E26) -------------------------------------------------

  const breakGlassMs = p.config.breakGlassMinutes * 60_000;

  /**
   * The caller's unexpired grants among these restricted residents: resident id → grant. `trx` when asked inside a
   * write transaction (the grant must still hold when the write commits).
   */
  async function grantsFor(principal: Principal, residentIds: string[], trx: { selectFrom: typeof db.selectFrom } = db): Promise<Map<string, { grantId: string; expiresAt: string }>> {
    const out = new Map<string, { grantId: string; expiresAt: string }>();
    if (residentIds.length === 0) return out;
    const rows = await trx.selectFrom('break_glass_grants').select(['id', 'resident_id', 'expires_at']).where('user_id', '=', principal.id)
      .where('resident_id', 'in', [...new Set(residentIds)]).where('expires_at', '>', codec.ts(now())).orderBy('expires_at').execute();
    for (const g of rows) out.set(g.resident_id, { grantId: g.id, expiresAt: codec.readTs(g.expires_at)! });
    return out;
  }

  /** Summaries for rows, restricted ones reduced to stubs unless the caller holds a grant for them. */
  async function views(principal: Principal, rows: Row[]): Promise<Array<ResidentSummary | ResidentStub>> {
    const restricted = rows.filter((r) => codec.readBool(r.restricted)).map((r) => r.id as string);
    const grants = await grantsFor(principal, restricted);
    return rows.map((r) => (codec.readBool(r.restricted) && !grants.has(r.id) ? stub(r) : summary(r, r.address)));
  }

  /**
   * The rows of a list or search with their grid's name (`gridName`; null for an unknown grid): one lookup of the page's
   * grids, so the resident list need not load every grid of the area to name them (ADR 0052).
   */
  async function withGridNames<T extends { gridId: string }>(items: T[]): Promise<Array<T & { gridName: string | null }>> {
    const names = items.length ? await orgs.names(items.map((i) => i.gridId)) : new Map<string, string>();
    return items.map((i) => ({ ...i, gridName: names.get(i.gridId) ?? null }));
  }

  /** Refuses a write or reveal on a restricted record without an active grant (audited, severity high). */
  async function requireGrant(principal: Principal, actor: AuditActor, r: Row, action: string) {
    if (!codec.readBool(r.restricted)) return;
    if ((await grantsFor(principal, [r.id])).has(r.id)) return;
    await audited(actor, { action, objectType: 'resident', objectId: r.id, subjectId: r.id, outcome: 'denied', severity: 'high', reason: 'break_glass_required' }, null);
    throw new AppError(403, 'break_glass_required', '该居民信息受限，需先说明理由申请临时查阅（破窗）', 'This record is restricted; request break-the-glass access with a reason first');
  }

  /** Reads run first; the audit row is committed before any data leaves (fail closed: 503 if it cannot be written). */
  const audited = auditedRead(audit);
  /**
   * Out-of-task browsing (ADR 0034): a profile open or reveal is counted per user in a sliding window, with its audit row
   * in the same transaction; over the threshold a new resident needs a step-up (or is refused). Without the alerts
   * service (no caller today) reads are only audited.
   */
  const browsing = o.browsing ? createBrowsingGuard(p, audit, orgs, accounts, notifications, o.browsing) : null;
  const opened = <T>(principal: Principal, actor: AuditActor, residentId: string, e: Parameters<typeof audited>[1], data: T): Promise<T> =>
    browsing ? browsing.open(principal, actor, residentId, e, data) : audited(actor, e, data);
  /**
   * Searches by name outside scope (ADR 0040): a name / pinyin search that finds nobody in scope while the term matches
   * residents outside it is marked in its audit row; past the threshold in the browsing window, one security alert.
   */
  const searchAlert = o.browsing ? createSearchAlertGuard(p, audit, orgs, accounts, notifications, o.browsing) : null;
  /** Revealing a child's ID or phone number needs an approved request or the responsible person (PRIV-08, registry.minors.ts). */
  const minorAccess = createMinorAccess(p, audit, orgs, accounts, notifications);
  /** The change history shown on the profile (registry.history.ts). */
  const historyOf = createResidentHistory({ audit, accounts, orgs });

  async function loadInScope(principal: Principal, id: string, extra: ReadonlyArray<'r.phone_bidx'> = []): Promise<Row | null> {
    const r = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select([...residentCols, ...extra]).where('r.id', '=', id).executeTakeFirst();
    if (!r || !orgs.inScope(principal.orgPath, r.org_path)) return null;
    return r;
  }

  async function householdInScope(principal: Principal, id: string, trx: { selectFrom: typeof db.selectFrom } = db) {
    const h = await trx.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
    if (!h || !orgs.inScope(principal.orgPath, h.org_path)) return null;
    return h;
  }

  /** 409 for an edit made on an older version; with the current version, named on the `version` field. */
  const staleVersion = (current?: unknown) => errors.stale(current === undefined ? undefined : Number(current));

  /** The household's head when it is an active member living there (a stale `head_resident_id` counts as none). */
  async function activeHead(trx: Transaction<any>, household: { id: string; head_resident_id: string | null }) {
    if (!household.head_resident_id) return undefined;
    return trx.selectFrom('residents').select('id').where('id', '=', household.head_resident_id).where('household_id', '=', household.id).where('status', '=', 'active').executeTakeFirst();
  }

  /** 409 for a second 户主: a household has one head, changed with 更换户主 (POST /api/households/:id/head), naming `relation`. */
  const headExists = () => errors.conflict('head_exists', '这一户已有户主；如需更换户主，请在户页面使用“更换户主”', 'This household already has a head; to change it, use "Change the head" on the household page', [
    { path: 'relation', code: 'head_exists', message: '这一户已有户主，更换户主请在户页面操作', messageEn: 'the household already has a head; change it on the household page' },
  ]);

  /**
   * One resident's move to another household, inside the caller's write transaction — shared by the single move
   * (`moveResident`) and the household relocation (`relocateHousehold`). The resident row is version-checked (stale →
   * 409); grid and org path follow the target household, also on the care tags; a head leaves the household they headed
   * without a head (ADR 0016 addendum); a `resident_moves` row and an audit row (`move`) are written. `relation`
   * changes the resident's relation in the same update (a head who joins a household that keeps its own head).
   */
  async function moveMember(
    trx: Transaction<any>, principal: Principal, actor: AuditActor, r: Row, version: number, to: Row, reason: string,
    relation?: Relation,
  ) {
    const at = codec.ts(now());
    const res = await trx.updateTable('residents').set({
      household_id: to.id, grid_id: to.grid_id, org_path: to.org_path, ...(relation ? { relation } : {}), updated_at: at, version: version + 1,
    }).where('id', '=', r.id).where('version', '=', version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw staleVersion();
    await trx.updateTable('resident_tags').set({ org_path: to.org_path }).where('resident_id', '=', r.id).execute();
    await trx.updateTable('resident_consents').set({ org_path: to.org_path }).where('resident_id', '=', r.id).execute();
    // A head who moves to another household no longer heads the one they left: it has no head until one is set
    // (as when the head moves out of the area, ADR 0016), instead of naming someone who lives elsewhere.
    await trx.updateTable('households').set({ head_resident_id: null, updated_at: at }).where('id', '=', r.household_id).where('head_resident_id', '=', r.id).execute();
    await trx.insertInto('resident_moves').values({
      id: uuidv7(), resident_id: r.id, from_household_id: r.household_id, to_household_id: to.id, from_grid_id: r.grid_id, to_grid_id: to.grid_id,
      moved_at: at, moved_by: principal.id, reason,
    }).execute();
    await audit.append(trx, actor, { action: 'move', objectType: 'resident', objectId: r.id, subjectId: r.id, fields: relation ? ['householdId', 'relation'] : ['householdId'], reason, outcome: 'success' });
    await browsing?.markWorked(trx, principal.id, r.id);
  }

  /** One child of the caller under 14 (guardian link = the caller), or 404 audited as denied (ADR 0039); 14+ → 409. */
  async function wardOf(actor: AuditActor, action: string, guardianResidentId: string, childId: string) {
    const r = await db.selectFrom('residents').select(['id', 'org_path', 'status', 'tags', 'birth_date', 'guardian_id']).where('id', '=', childId).executeTakeFirst();
    const me = await db.selectFrom('residents').select(['status']).where('id', '=', guardianResidentId).executeTakeFirst();
    if (!r || r.guardian_id !== guardianResidentId || r.status !== 'active' || me?.status !== 'active') {
      await audit.record(actor, { action, objectType: 'resident', objectId: childId, outcome: 'denied', reason: 'not_guardian' });
      throw errors.notFound('居民', 'Resident');
    }
    if (ageOn(r.birth_date, now()) >= GUARDIAN_CONSENT_AGE) {
      throw errors.conflict('self_consent_required', '孩子已满 14 周岁，由其本人同意', 'The child is 14 or over and consents themselves', [
        { path: 'id', code: 'self_required', message: '年满 14 周岁的居民由本人同意', messageEn: 'residents aged 14 or over consent themselves' },
      ]);
    }
    return r;
  }

  async function guardianCheck(principal: Principal, guardianId: string | null | undefined, householdId: string) {
    if (!guardianId) return;
    const g = await loadInScope(principal, guardianId);
    if (!g) throw errors.field('guardianId', 'not_found', '监护人不存在或不在您的管辖范围内', 'guardian not found in your scope');
    if (g.status !== 'active') throw errors.field('guardianId', 'guardian_inactive', '监护人已迁出或死亡，请选择其他监护人', 'the guardian has moved out or died; choose another guardian');
    if (ageOn(g.birth_date, now()) < 18) throw errors.field('guardianId', 'guardian_minor', '监护人须为成年人', 'guardian must be an adult');
    void householdId;
  }

  return {
    /** Requests to see minors' ID and phone numbers and their approval (registry.minors.routes.ts). */
    minorAccess,

    /** The registry's part of a decided deletion request, in the deletions module's transaction (PIPL Art. 47, ADR 0037). */
    erasure: createErasure(p, audit, consents),

    /** Out-of-task browsing (ADR 0034): the policy in force, and the hourly prune of reads older than the window. */
    browsingPolicy: browsing?.policy ?? null,
    pruneBrowsingReads: async () => (browsing ? browsing.prune() : 0),
    /** Searches by name outside scope (ADR 0040): the alert threshold and window in force. */
    searchAlertPolicy: searchAlert?.policy ?? null,

    /** Creates a resident in a household (command endpoint). Minors need a guardian link (422 without). */
    async createResident(principal: Principal, actor: AuditActor, c: ResidentCreate): Promise<ResidentSummary> {
      const h = await householdInScope(principal, c.householdId);
      if (!h) throw errors.field('householdId', 'not_found', '户不存在或不在您的管辖范围内', 'household not found in your scope');
      const { validated, cols: idc } = idColumns(crypto, c.idNumber, now());
      const mismatch = crossCheck(validated, { sex: c.sex, birthDate: c.birthDate });
      if (mismatch.length) throw new AppError(400, 'validation_failed', '请求参数有误：与身份证号不一致', 'Invalid request: inconsistent with the ID number', mismatch);
      const phone = phoneColumns(crypto, c.phone);
      const tags = derivedTags(validated.birthDate, now(), c.tags ?? []);
      checkPregnantTag(tags, validated.sex, validated.birthDate, now());
      if (tags.includes('minor') && !c.guardianId) {
        throw new AppError(422, 'guardian_required', '未成年人须关联监护人', 'A minor must be linked to a guardian', [
          { path: 'guardianId', code: 'required', message: '未成年人必填', messageEn: 'required for minors' },
        ]);
      }
      await guardianCheck(principal, c.guardianId, c.householdId);
      // A new person has no consent yet: consent-based tags need the worker's attestation in the same command (ADR 0033).
      if (consentTagsOf(tags).length && !c.consent) throw consentRequired(tags);
      if (c.consent) consentNote(c.consent.note, 'consent.note');
      const id = uuidv7(now().getTime());
      const ts = codec.ts(now());
      const row = {
        id, household_id: h.id, grid_id: h.grid_id, org_path: h.org_path, ...nameColumns(c.name.trim()), ...idc, ...phone, relation: c.relation,
        residence_type: c.residenceType, tags: codec.json(tags), guardian_id: c.guardianId ?? null, external_ref: cleanExternalRef(c.externalRef) ?? null,
        restricted: codec.bool(false), status: 'active', created_at: ts, updated_at: ts, version: 1,
      };
      await writes.run(async (trx) => {
        const dup = await trx.selectFrom('residents').select('id').where('id_bidx', '=', idc.id_bidx).executeTakeFirst();
        if (dup) throw errors.conflict('duplicate_resident', '该身份证号已登记', 'A resident with this ID number already exists', [{ path: 'idNumber', code: 'conflict', message: '已登记', messageEn: 'already registered' }]);
        // One head per household: a second 户主 is refused (the head is changed with 更换户主); a household without one gets this one.
        const head = c.relation === 'head' ? await activeHead(trx, await trx.selectFrom('households').select(['id', 'head_resident_id']).where('id', '=', h.id).executeTakeFirstOrThrow()) : undefined;
        if (head) throw headExists();
        await trx.insertInto('residents').values(row).execute();
        await browsing?.markWorked(trx, principal.id, id);
        for (const t of tags) await trx.insertInto('resident_tags').values({ resident_id: id, tag: t, org_path: h.org_path }).execute();
        await consents.requireFor(trx, actor, { id, orgPath: h.org_path, birthDate: validated.birthDate, guardianId: c.guardianId ?? null }, tags, c.consent, principal.id);
        if (c.relation === 'head') await trx.updateTable('households').set({ head_resident_id: id }).where('id', '=', h.id).execute();
        await audit.append(trx, actor, { action: 'create', objectType: 'resident', objectId: id, subjectId: id, fields: ['name', 'idNumber', ...(c.phone ? ['phone'] : []), 'tags'], outcome: 'success' });
      });
      return summary({ ...row, birth_date: validated.birthDate }, h.address);
    },

    /** One resident's profile (full name, masked ID/phone), audited as a read of personal data. */
    async getResident(principal: Principal, actor: AuditActor, id: string, purpose: Purpose): Promise<ResidentDetail | ResidentStub> {
      const r = await loadInScope(principal, id);
      if (!r) {
        await audited(actor, { action: 'read', objectType: 'resident', objectId: id, outcome: 'denied', purpose }, null);
        throw errors.notFound('居民', 'Resident');
      }
      const restricted = codec.readBool(r.restricted);
      const grant = restricted ? ((await grantsFor(principal, [id])).get(id) ?? null) : null;
      if (restricted && !grant) {
        return audited(actor, { action: 'read', objectType: 'resident', objectId: id, subjectId: id, fields: ['nameMasked'], outcome: 'success', purpose, reason: 'restricted_stub' }, stub(r));
      }
      const members = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select([...residentCols])
        .where('r.household_id', '=', r.household_id).where('r.status', '=', 'active').orderBy('r.birth_date').execute();
      const moves = await db.selectFrom('resident_moves').selectAll().where('resident_id', '=', id).orderBy('moved_at', 'desc').execute();
      const statusChanges = await db.selectFrom('resident_status_changes').selectAll().where('resident_id', '=', id).orderBy('changed_at', 'desc').orderBy('id', 'desc').execute();
      const guardian = r.guardian_id ? await db.selectFrom('residents').select(['id', 'name']).where('id', '=', r.guardian_id).executeTakeFirst() : null;
      const detail: ResidentDetail = {
        ...summary(r, r.address), name: r.name, birthDate: r.birth_date, externalRef: r.external_ref ?? null,
        guardian: guardian ? { id: guardian.id, nameMasked: maskName(guardian.name) } : null,
        household: { id: r.household_id, address: r.address, members: await views(principal, members) },
        moves: moves.map((m) => ({ at: codec.readTs(m.moved_at)!, fromHouseholdId: m.from_household_id, toHouseholdId: m.to_household_id, reason: m.reason })),
        statusHistory: statusChanges.map((c) => ({ at: codec.readTs(c.changed_at)!, from: c.from_status, to: c.to_status, effectiveDate: c.effective_date, reason: c.reason })),
        breakGlass: grant,
        consent: await consents.status(id, codec.readJson<string[]>(r.tags)),
      };
      // A read under a break-the-glass grant is logged at high severity with the grant it used.
      return opened(principal, actor, id, {
        action: 'read', objectType: 'resident', objectId: id, subjectId: id, fields: ['name', 'idMasked', 'phoneMasked', 'birthDate', 'tags', 'consent', 'household'], outcome: 'success', purpose,
        ...(grant ? { severity: 'high' as const, reason: `break_glass:${grant.grantId}` } : {}),
      }, detail);
    },

    /**
     * A resident's change history (变更记录, ADR 0041): who changed what and when, from the audit log (field names, never
     * values). Same gate as the profile: out of scope → 404 (audited as denied); a restricted record without a
     * break-the-glass grant shows no entries. The read is audited (fields `history`, with the count).
     */
    async history(principal: Principal, actor: AuditActor, id: string, q: { page: number; pageSize: number }, purpose: Purpose): Promise<ResidentHistory> {
      const r = await loadInScope(principal, id);
      if (!r) {
        await audited(actor, { action: 'read', objectType: 'resident', objectId: id, outcome: 'denied', purpose, fields: ['history'] }, null);
        throw errors.notFound('居民', 'Resident');
      }
      const times = await db.selectFrom('residents').select(['created_at', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
      const record = { id, createdAt: codec.readTs(times.created_at)!, updatedAt: codec.readTs(times.updated_at)!, version: Number(r.version) };
      const restricted = codec.readBool(r.restricted);
      if (restricted && !(await grantsFor(principal, [id])).get(id)) {
        return { ...record, restricted: true, items: [], total: 0, page: q.page, pageSize: q.pageSize };
      }
      const h = await historyOf(record, q.page, q.pageSize);
      return opened(principal, actor, id, {
        action: 'read', objectType: 'resident', objectId: id, subjectId: id, fields: ['history'], outcome: 'success', purpose, count: h.items.length,
      }, { ...h, restricted });
    },

    /**
     * Break-the-glass: opens a restricted record to the caller for `breakGlassMinutes`, with a mandatory reason. The
     * grant, a high-severity audit row and a notification to the community admins of the resident's community commit
     * together.
     */
    async breakGlass(principal: Principal, actor: AuditActor, id: string, reason: string, purpose: Purpose) {
      const r = await loadInScope(principal, id);
      if (!r) {
        await audited(actor, { action: 'break_glass', objectType: 'resident', objectId: id, reason, purpose, outcome: 'denied', severity: 'high' }, null);
        throw errors.notFound('居民', 'Resident');
      }
      if (!codec.readBool(r.restricted)) throw new AppError(409, 'not_restricted', '该居民信息未受限，无需破窗', 'This record is not restricted; no break-the-glass needed');
      const grantedAt = now();
      const grant = { grantId: uuidv7(grantedAt.getTime()), expiresAt: new Date(grantedAt.getTime() + breakGlassMs).toISOString() };
      const above = await orgs.ancestors(r.org_path);
      const admins = (await accounts.activeUserIds('community_admin', above.map((o) => o.id))).filter((id) => id !== principal.id);
      await writes.run(async (trx) => {
        await trx.insertInto('break_glass_grants').values({
          id: grant.grantId, resident_id: id, user_id: principal.id, org_path: r.org_path, reason, granted_at: codec.ts(grantedAt), expires_at: codec.ts(grant.expiresAt),
        }).execute();
        // The admin sees who opened which record until when — not the reason text (it may describe the person).
        await notifications.notify(trx, {
          recipientIds: admins, kind: 'break_glass', objectType: 'resident', objectId: id, at: grantedAt,
          payload: { actorRole: principal.role, actorName: principal.displayName, residentName: maskName(r.name), expiresAt: grant.expiresAt },
        });
        await audit.append(trx, actor, { action: 'break_glass', objectType: 'resident', objectId: id, subjectId: id, reason, purpose, outcome: 'success', severity: 'high', count: admins.length });
      });
      return { ...grant, notified: admins.length };
    },

    /** Marks a record restricted (or lifts it) — community admin, with a reason; audited at high severity. */
    async setRestricted(principal: Principal, actor: AuditActor, id: string, c: { restricted: boolean; reason: string; version: number }) {
      const r = await loadInScope(principal, id);
      if (!r) throw errors.notFound('居民', 'Resident');
      await writes.run(async (trx) => {
        const res = await trx.updateTable('residents').set({ restricted: codec.bool(c.restricted), updated_at: codec.ts(now()), version: c.version + 1 })
          .where('id', '=', id).where('version', '=', c.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
        await audit.append(trx, actor, { action: c.restricted ? 'restrict' : 'unrestrict', objectType: 'resident', objectId: id, subjectId: id, fields: ['restricted'], reason: c.reason, outcome: 'success', severity: 'high' });
      });
      return { id, restricted: c.restricted, version: c.version + 1 };
    },

    // ---- separate consent to care services (PRIV-07, ADR 0033) -------------------------------------------------------

    /**
     * Staff record the resident's consent (written form or witnessed oral consent, with a note such as where the form is
     * filed) under the current notice version. Scoped (404, audited as denied), a restricted record needs a grant, 409
     * when a consent is valid already or the resident is not active. Audited `consent_record`.
     */
    async recordConsent(principal: Principal, actor: AuditActor, id: string, c: ConsentAttestation): Promise<ConsentStatus> {
      const r = await loadInScope(principal, id);
      if (!r) {
        await audit.record(actor, { action: 'consent_record', objectType: 'resident', objectId: id, outcome: 'denied', reason: 'not_found' });
        throw errors.notFound('居民', 'Resident');
      }
      await requireGrant(principal, actor, r, 'consent_record');
      if (r.status !== 'active') throw new AppError(409, 'resident_inactive', '该居民已迁出或死亡，不能登记同意', 'The resident has moved out or died; no consent can be recorded');
      const note = consentNote(c.note, 'note');
      // For a child under 14 the consent is the guardian's (default: the guardian link; ADR 0039).
      await writes.run((trx) => consents.record(trx, actor, { id, orgPath: r.org_path, birthDate: r.birth_date, guardianId: r.guardian_id ?? null }, {
        method: c.method, note, by: principal.id, givenBy: c.givenBy, guardianId: c.guardianId,
      }));
      return consents.status(id, codec.readJson<string[]>(r.tags));
    },

    /**
     * Staff record that the resident withdrew their consent (in writing or orally): the consent is closed and the
     * consent-based tags are removed from the record in the same transaction. Scoped like recordConsent; 409
     * `no_consent` when none is valid. Audited `consent_withdraw`.
     */
    async withdrawConsent(principal: Principal, actor: AuditActor, id: string, c: ConsentAttestation) {
      const r = await loadInScope(principal, id);
      if (!r) {
        await audit.record(actor, { action: 'consent_withdraw', objectType: 'resident', objectId: id, outcome: 'denied', reason: 'not_found' });
        throw errors.notFound('居民', 'Resident');
      }
      await requireGrant(principal, actor, r, 'consent_withdraw');
      const note = consentNote(c.note, 'note');
      const out = await writes.run((trx) => consents.withdraw(trx, actor, id, { method: c.method, note, by: principal.id }));
      const fresh = (await loadInScope(principal, id))!;
      return { removedTags: out.removedTags, version: Number(fresh.version), tags: codec.readJson<string[]>(fresh.tags), consent: await consents.status(id, codec.readJson<string[]>(fresh.tags)) };
    },

    /**
     * The resident's own consent status (我的信息). Unscoped and not audited here: the caller resolved the resident from
     * the signed-in account and audits the read.
     */
    async ownConsent(residentId: string): Promise<ConsentStatus | null> {
      const r = await db.selectFrom('residents').select(['id', 'tags']).where('id', '=', residentId).executeTakeFirst();
      return r ? consents.status(residentId, codec.readJson<string[]>(r.tags)) : null;
    },

    /** The notice version a resident consents under (they must have seen this one: ADR 0029). */
    consentNoticeVersion: () => consents.noticeVersion(),

    /**
     * The resident gives their own consent online (method `portal`) under the notice version they read (409
     * `notice_version_mismatch` for another). Tags are still set only by staff. Audited `consent_record`.
     */
    async giveOwnConsent(userId: string, actor: AuditActor, residentId: string, noticeVersion: string): Promise<ConsentStatus> {
      const current = consents.noticeVersion();
      if (noticeVersion !== current) {
        throw errors.conflict('notice_version_mismatch', `个人信息处理规则已更新为 ${current} 版，请阅读新版本后再同意`, `The notice has changed to version ${current}; read it before consenting`, [
          { path: 'noticeVersion', code: 'not_current', message: `当前版本是 ${current}`, messageEn: `the current version is ${current}` },
        ]);
      }
      const r = await db.selectFrom('residents').select(['id', 'org_path', 'status', 'tags', 'birth_date', 'guardian_id']).where('id', '=', residentId).executeTakeFirstOrThrow();
      if (r.status !== 'active') throw new AppError(409, 'resident_inactive', '您的档案已登记为迁出，不能登记同意', 'Your record is registered as moved out; no consent can be recorded');
      // A child under 14 cannot consent online: their guardian does (PIPL Art. 31, ADR 0039), on the guardian's 我的信息.
      if (ageOn(r.birth_date, now()) < GUARDIAN_CONSENT_AGE) {
        await audit.record(actor, { action: 'consent_record', objectType: 'resident', objectId: residentId, subjectId: residentId, fields: ['consent'], outcome: 'denied', reason: 'guardian_consent_required' });
        throw new AppError(403, 'guardian_consent_required', '未满 14 周岁的居民不能本人在线同意，须由监护人同意', 'Residents under 14 cannot consent online themselves; their guardian consents', [
          { path: 'consent', code: 'self_not_allowed', message: '请由您的监护人在其“我的信息”中同意，或到社区办理', messageEn: 'ask your guardian to consent under their "My information", or at the community office' },
        ]);
      }
      await writes.run((trx) => consents.record(trx, actor, { id: residentId, orgPath: r.org_path, birthDate: r.birth_date, guardianId: r.guardian_id ?? null }, { method: 'portal', note: null, by: userId, givenBy: 'self' }));
      return consents.status(residentId, codec.readJson<string[]>(r.tags));
    },

    // ---- a guardian's consent for their child under 14 (PIPL Art. 31, ADR 0039) --------------------------------------
    // Unscoped like the resident's own: the caller resolved the guardian's resident record from the signed-in account.
    // A child is "theirs" only while the child's guardian link names them; anyone else's child is 404.

    /** The caller's children under 14 (active, guardian link = the caller): masked name, age and consent status. */
    async wardConsents(guardianResidentId: string): Promise<Array<{ id: string; nameMasked: string; age: number; consent: ConsentStatus }>> {
      const c14 = ageCutoff(now(), GUARDIAN_CONSENT_AGE);
      const rows = await db.selectFrom('residents').select(['id', 'name', 'birth_date', 'tags']).where('guardian_id', '=', guardianResidentId).where('status', '=', 'active')
        .where('birth_date', '>', c14).orderBy('birth_date').orderBy('id').execute();
      const out = [];
      for (const r of rows) {
        out.push({ id: r.id as string, nameMasked: maskName(r.name), age: ageOn(r.birth_date, now()), consent: await consents.status(r.id, codec.readJson<string[]>(r.tags)) });
      }
      return out;
    },

    /**
     * The guardian gives consent for their child online (method `portal`, `given_by` guardian, under the notice version
     * they read; a consent recorded as the child's own is superseded). Audited `consent_record` on the child.
     */
    async giveWardConsent(userId: string, actor: AuditActor, guardianResidentId: string, childId: string, noticeVersion: string): Promise<ConsentStatus> {
      const r = await wardOf(actor, 'consent_record', guardianResidentId, childId);
      const current = consents.noticeVersion();
      if (noticeVersion !== current) {
        throw errors.conflict('notice_version_mismatch', `个人信息处理规则已更新为 ${current} 版，请阅读新版本后再同意`, `The notice has changed to version ${current}; read it before consenting`, [
          { path: 'noticeVersion', code: 'not_current', message: `当前版本是 ${current}`, messageEn: `the current version is ${current}` },
        ]);
      }
      await writes.run((trx) => consents.record(trx, actor, { id: childId, orgPath: r.org_path, birthDate: r.birth_date, guardianId: r.guardian_id }, {
        method: 'portal', note: null, by: userId, givenBy: 'guardian', guardianId: guardianResidentId,
      }));
      return consents.status(childId, codec.readJson<string[]>(r.tags));
    },

    /** The guardian withdraws their child's consent online: closed, the care tags removed at once. Audited. */
    async withdrawWardConsent(userId: string, actor: AuditActor, guardianResidentId: string, childId: string) {
      await wardOf(actor, 'consent_withdraw', guardianResidentId, childId);
      const out = await writes.run((trx) => consents.withdraw(trx, actor, childId, { method: 'portal', note: null, by: userId, guardianId: guardianResidentId }));
      const r = await db.selectFrom('residents').select(['tags']).where('id', '=', childId).executeTakeFirstOrThrow();
      return { removedTags: out.removedTags, consent: await consents.status(childId, codec.readJson<string[]>(r.tags)) };
    },

    /** The resident withdraws their own consent online: closed, and the consent-based tags removed at once. Audited. */
    async withdrawOwnConsent(userId: string, actor: AuditActor, residentId: string) {
      const out = await writes.run((trx) => consents.withdraw(trx, actor, residentId, { method: 'portal', note: null, by: userId }));
      const r = await db.selectFrom('residents').select(['tags']).where('id', '=', residentId).executeTakeFirstOrThrow();
      return { removedTags: out.removedTags, consent: await consents.status(residentId, codec.readJson<string[]>(r.tags)) };
    },

    /** Paged list inside the caller's scope; filters narrow, never widen. */
    async listResidents(principal: Principal, actor: AuditActor, q: { gridId?: string; tag?: CareTag; residenceType?: ResidenceType; householdId?: string; page: number; pageSize: number }, purpose: Purpose) {
      let base = db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').where('r.org_path', 'like', `${principal.orgPath}%`).where('r.status', '=', 'active');
      if (q.gridId) base = base.where('r.grid_id', '=', q.gridId);
      if (q.residenceType) base = base.where('r.residence_type', '=', q.residenceType);
      if (q.householdId) base = base.where('r.household_id', '=', q.householdId);
      if (q.tag) base = base.where('r.id', 'in', db.selectFrom('resident_tags').select('resident_id').where('tag', '=', q.tag).where('org_path', 'like', `${principal.orgPath}%`));
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base.select([...residentCols]).orderBy('r.org_path').orderBy('h.address').orderBy('r.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      const items = await withGridNames(await views(principal, rows));
      // The page's residents (stubs included: a masked name is still personal data) are named in the audit (ADR 0046).
      return audited(actor, {
        action: 'list', objectType: 'resident', outcome: 'success', count: items.length, purpose, fields: ['nameMasked', 'idMasked', 'phoneMasked', 'tags', 'household'],
        subjectIds: items.map((i) => i.id),
      }, { items, total, page: q.page, pageSize: q.pageSize });
    },

    /**
     * Search by name, pinyin (full or initials: 张三 ↔ zhangsan ↔ zs), ID-number tail, phone tail or address — inside
     * scope. Prefix matches use index ranges so they stay fast at a million residents. The term is audited only as a
     * keyed hash.
     */
    async searchResidents(principal: Principal, actor: AuditActor, s: { q: string; gridId?: string; tag?: CareTag; residenceType?: ResidenceType; limit: number }, purpose: Purpose, minimal: boolean) {
      const term = s.q.trim();
      const lower = term.toLowerCase().replace(/\s+/g, '');
      const upperBound = (x: string) => x.slice(0, -1) + String.fromCharCode(x.charCodeAt(x.length - 1) + 1);
      const cols = [...residentCols, 'h.room', 'h.unit_id'] as const;
      let base = db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').where('r.org_path', 'like', `${principal.orgPath}%`).where('r.status', '=', 'active');
      if (s.gridId) base = base.where('r.grid_id', '=', s.gridId);
      if (s.residenceType) base = base.where('r.residence_type', '=', s.residenceType);
      if (s.tag) base = base.where('r.id', 'in', db.selectFrom('resident_tags').select('resident_id').where('tag', '=', s.tag).where('org_path', 'like', `${principal.orgPath}%`));
      /** Names starting with the term (an index range). */
      const namesStarting = () => base.select([...cols]).where('r.name', '>=', term).where('r.name', '<', upperBound(term)).orderBy('r.name').orderBy('r.id').limit(s.limit).execute();
      /** Addresses holding the term, or one of the given spellings of a building as the address's building part. */
      const byAddress = (buildingForms: readonly string[]) => {
        const like = dialect.ilike as 'like';
        return base.select([...cols])
          .where((eb) => eb.or([eb('h.address', like, `%${term.replace(/[%_]/g, '')}%`), ...buildingForms.map((f) => eb('h.address', like, `% ${f} %`))]))
          .orderBy('h.address').limit(s.limit).execute();
      };
      let rows: Row[];
      let kind: string;
      if (/^\d{3}[\dXx]$/.test(term)) {
        kind = 'tail';
        const [a, b] = await Promise.all([
          base.select([...cols]).where('r.id_tail', '=', term.toUpperCase()).orderBy('r.id_tail').orderBy('r.id').limit(s.limit).execute(),
          /^\d{4}$/.test(term) ? base.select([...cols]).where('r.phone_tail', '=', term).orderBy('r.phone_tail').orderBy('r.id').limit(s.limit).execute() : Promise.resolve([]),
        ]);
        const seen = new Set<string>();
        rows = [...a, ...b].filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true))).slice(0, s.limit);
      } else if (/^[a-z]+$/.test(lower)) {
        kind = 'pinyin';
        const byInitials = await base.select([...cols]).where('r.name_initials', '>=', lower).where('r.name_initials', '<', upperBound(lower)).orderBy('r.name_initials').orderBy('r.id').limit(s.limit).execute();
        const byFull = byInitials.length >= s.limit ? [] : await base.select([...cols]).where('r.name_pinyin', '>=', lower).where('r.name_pinyin', '<', upperBound(lower)).orderBy('r.name_pinyin').orderBy('r.id').limit(s.limit).execute();
        const seen = new Set<string>();
        rows = [...byInitials, ...byFull].filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true))).slice(0, s.limit);
      } else if (/[0-9幢栋号单元室楼]/.test(term) || term.length > 4) {
        kind = 'address';
        // A building designation ("1号楼", "1栋", "一幢") also finds the other spellings of that building (buildingKey),
        // matched as the address's own building part; any other term is a substring of the address.
        rows = await byAddress(buildingSearchForms(term) ?? []);
        if (rows.length === 0) rows = await namesStarting();
      } else {
        kind = 'name';
        rows = await namesStarting();
        // A compound is named as briefly as a person (港务新村, 东港小区): nobody by that name, so look in the addresses,
        // as a longer term does the other way round. Still nobody: a name search that found nobody (ADR 0040's alert).
        if (rows.length === 0 && term.length >= 2) {
          const inAddress = await byAddress([]);
          if (inAddress.length) (kind = 'address'), (rows = inAddress);
        }
      }
      const units = minimal && rows.length
        ? new Map((await db.selectFrom('units as u').innerJoin('buildings as b', 'b.id', 'u.building_id').select(['u.id', 'u.name as unit', 'b.name as building']).where('u.id', 'in', [...new Set(rows.map((r) => r.unit_id))]).execute()).map((u) => [u.id, u]))
        : new Map();
      const items = minimal
        ? rows.map((r): ResidentMinimal => ({ id: r.id, nameMasked: maskName(r.name), idMasked: codec.readBool(r.restricted) ? RESTRICTED_ID : r.id_masked, building: units.get(r.unit_id)?.building ?? '', unit: units.get(r.unit_id)?.unit ?? '' }))
        : await withGridNames(await views(principal, rows));
      // The residents shown are named in the audit (ADR 0046), with what the answer showed of them.
      const entry = {
        action: 'search', objectType: 'resident', outcome: 'success' as const, count: items.length, purpose, reason: `kind=${kind}; term=${crypto.blindIndex('search', lower).slice(0, 16)}`,
        fields: minimal ? ['nameMasked', 'idMasked', 'buildingUnit'] : ['nameMasked', 'idMasked', 'phoneMasked', 'tags', 'household'], subjectIds: items.map((i) => i.id),
      };
      // Found nobody by name or pinyin: perhaps a search for someone outside the caller's scope (ADR 0040). The answer
      // is the same either way.
      const byName: NameSearch | null = kind === 'name' ? { kind, term } : kind === 'pinyin' ? { kind, lower } : null;
      if (searchAlert && byName && items.length === 0) {
        return searchAlert.audited(principal, actor, byName, !!(s.gridId || s.tag || s.residenceType), entry, { items, kind });
      }
      return audited(actor, entry, { items, kind });
    },

    /** Exact lookup by full ID number (POST body, never a URL): blind-index equality, audited. */
    async lookupByIdNumber(principal: Principal, actor: AuditActor, idNumber: string, purpose: Purpose, minimal: boolean) {
      const { cols } = idColumns(crypto, idNumber, now());
      const r = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select([...residentCols, 'h.unit_id'])
        .where('r.id_bidx', '=', cols.id_bidx).where('r.org_path', 'like', `${principal.orgPath}%`).executeTakeFirst();
      const found = r ? (minimal ? { id: r.id, nameMasked: maskName(r.name), idMasked: codec.readBool(r.restricted) ? RESTRICTED_ID : r.id_masked } : (await views(principal, [r]))[0]!) : null;
      return audited(actor, { action: 'lookup', objectType: 'resident', objectId: r?.id ?? null, subjectId: r?.id ?? null, outcome: 'success', purpose, count: found ? 1 : 0 }, { found });
    },

    /** Plaintext of one protected field, with a mandatory reason; audited (no plaintext in the audit row). */
    async reveal(principal: Principal, actor: AuditActor, id: string, field: 'idNumber' | 'phone', reason: string, purpose: Purpose) {
      const r = await db.selectFrom('residents').select(['id', 'org_path', 'id_number_enc', 'phone_enc', 'restricted']).where('id', '=', id).executeTakeFirst();
      if (!r || !orgs.inScope(principal.orgPath, r.org_path)) {
        await audited(actor, { action: 'reveal', objectType: 'resident', objectId: id, fields: [field], reason, purpose, outcome: 'denied', severity: 'high' }, null);
        throw errors.notFound('居民', 'Resident');
      }
      await requireGrant(principal, actor, r, 'reveal');
      const minor = await minorAccess.gateReveal(principal, actor, id, field, reason, purpose);
      const value = field === 'idNumber' ? crypto.decrypt('residents.id_number', r.id_number_enc) : r.phone_enc ? crypto.decrypt('residents.phone', r.phone_enc) : null;
      return opened(principal, actor, id, { action: 'reveal', objectType: 'resident', objectId: id, subjectId: id, fields: [field], reason: minor ? minor.auditReason : reason, purpose, outcome: 'success', severity: 'high' }, { field, value });
    },

    /**
     * Updates descriptive fields through the command endpoint. Masked values are never accepted (the schema has no
     * idNumber/name/healthCode); a stale `version` answers 409 with the current version.
     */
    async updateResident(principal: Principal, actor: AuditActor, id: string, patch: ResidentPatch): Promise<ResidentSummary> {
      // With a phone in the patch, the number on record (its blind index) comes with the record: no second read.
      const r = await loadInScope(principal, id, patch.phone !== undefined ? ['r.phone_bidx'] : []);
      if (!r) throw errors.notFound('居民', 'Resident');
      await requireGrant(principal, actor, r, 'update');
      const set: Row = {};
      const fields: string[] = [];
      if (patch.phone !== undefined) {
        const cols = phoneColumns(crypto, patch.phone);
        // The number already on record, typed again (改成新号码 with the same number), is not a change: no new version,
        // no 手机号 line in the change history.
        if (cols.phone_bidx !== (r.phone_bidx ?? null)) {
          Object.assign(set, cols);
          fields.push('phone');
        }
      }
      if (patch.relation) (set.relation = patch.relation), fields.push('relation');
      if (patch.residenceType) (set.residence_type = patch.residenceType), fields.push('residenceType');
      if (patch.externalRef !== undefined) (set.external_ref = cleanExternalRef(patch.externalRef)), fields.push('externalRef');
      let tags: CareTag[] | null = null;
      // Consent-based tags the record does not hold yet need a valid consent or the worker's attestation (ADR 0033);
      // tags already on the record (also from before consents were recorded) may stay.
      let added: string[] = [];
      if (patch.tags) {
        tags = derivedTags(r.birth_date, now(), patch.tags);
        checkPregnantTag(tags, r.sex, r.birth_date, now());
        set.tags = codec.json(tags);
        fields.push('tags');
        const held = codec.readJson<string[]>(r.tags);
        added = consentTagsOf(tags).filter((t) => !held.includes(t));
      }
      if (patch.consent) consentNote(patch.consent.note, 'consent.note');
      if (patch.guardianId !== undefined) {
        await guardianCheck(principal, patch.guardianId, r.household_id);
        set.guardian_id = patch.guardianId;
        fields.push('guardianId');
      }
      if (ageOn(r.birth_date, now()) < 18 && (patch.guardianId === null || (!r.guardian_id && !patch.guardianId))) {
        throw new AppError(422, 'guardian_required', '未成年人须关联监护人', 'A minor must be linked to a guardian', [{ path: 'guardianId', code: 'required', message: '未成年人必填', messageEn: 'required for minors' }]);
      }
      if (fields.length === 0 && !patch.consent) {
        // Nothing to change: answer with the record as it is (a stale version still gets its 409), without a new
        // version or an empty update in the audit log and the change history. The answer shows the record (masked):
        // audited as a read of it, which the change history does not list.
        if (Number(r.version) !== patch.version) throw staleVersion(r.version);
        await audit.record(actor, {
          action: 'read', objectType: 'resident', objectId: id, subjectId: id, fields: ['nameMasked', 'idMasked', 'phoneMasked', 'tags', 'household'],
          outcome: 'success', reason: 'update_unchanged',
        });
        return summary(r, r.address);
      }
      const next = patch.version + 1;
      await writes.run(async (trx: Transaction<any>) => {
        // Becoming 户主 of a household that has another active head would make two: refused (use 更换户主).
        if (patch.relation === 'head' && r.relation !== 'head') {
          const head = await activeHead(trx, await trx.selectFrom('households').select(['id', 'head_resident_id']).where('id', '=', r.household_id).executeTakeFirstOrThrow());
          if (head && head.id !== id) throw headExists();
        }
        const res = await trx.updateTable('residents').set({ ...set, updated_at: codec.ts(now()), version: next }).where('id', '=', id).where('version', '=', patch.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) {
          const cur = await trx.selectFrom('residents').select('version').where('id', '=', id).executeTakeFirst();
          throw staleVersion(cur?.version);
        }
        if (tags) {
          await trx.deleteFrom('resident_tags').where('resident_id', '=', id).execute();
          for (const t of tags) await trx.insertInto('resident_tags').values({ resident_id: id, tag: t, org_path: r.org_path }).execute();
        }
        await consents.requireFor(trx, actor, {
          id, orgPath: r.org_path, birthDate: r.birth_date, guardianId: patch.guardianId !== undefined ? patch.guardianId : (r.guardian_id ?? null),
        }, added, patch.consent, principal.id);
        await audit.append(trx, actor, { action: 'update', objectType: 'resident', objectId: id, subjectId: id, fields, outcome: 'success' });
        await browsing?.markWorked(trx, principal.id, id);
      });
      const fresh = await loadInScope(principal, id);
      return summary(fresh!, fresh!.address);
    },

    /** Moves a resident to another household (possibly another grid), keeping the history. */
    async moveResident(principal: Principal, actor: AuditActor, id: string, m: { version: number; toHouseholdId: string; reason: string }) {
      const r = await loadInScope(principal, id);
      if (!r) throw errors.notFound('居民', 'Resident');
      await requireGrant(principal, actor, r, 'move');
      if (r.status !== 'active') throw new AppError(409, 'resident_inactive', '该居民已迁出或死亡，不能迁移；如已迁回，请先办理"迁回"', 'The resident has moved out or died; record the return first');
      const to = await householdInScope(principal, m.toHouseholdId);
      // Another community's household (or an unknown id) is a 404 naming the field, audited as denied, as for 整户迁移 (ADR 0023).
      if (!to) {
        return denyAudited(audit, actor, { action: 'move', objectType: 'household', objectId: m.toHouseholdId, subjectId: id, reason: 'target_not_found' },
          new AppError(404, 'not_found', '目标户不存在或不在您的管辖范围内', 'Target household not found in your scope', [
            { path: 'toHouseholdId', code: 'not_found', message: '目标户不存在或不在您的管辖范围内', messageEn: 'target household not found in your scope' },
          ]));
      }
      if (to.id === r.household_id) throw errors.field('toHouseholdId', 'same_household', '已在该户', 'already in that household');
      await writes.run(async (trx) => {
        // A head (户主) who joins a household that has its own active head is no longer a head there: the relation becomes
        // "other", as in 整户迁移 and when the head is changed (ADR 0023) — never two heads in one household.
        let relation: Relation | undefined;
        if (r.relation === 'head') {
          const target = await trx.selectFrom('households').select('head_resident_id').where('id', '=', to.id).executeTakeFirst();
          const targetHead = target?.head_resident_id
            ? await trx.selectFrom('residents').select('id').where('id', '=', target.head_resident_id).where('household_id', '=', to.id).where('status', '=', 'active').executeTakeFirst()
            : undefined;
          if (targetHead) relation = 'other';
        }
        await moveMember(trx, principal, actor, r, m.version, to, m.reason, relation);
      });
      const fresh = await loadInScope(principal, id);
      return summary(fresh!, fresh!.address);
    },

    /**
     * Records that a resident moved out of the area (迁出) or died (死亡), or brings them back (迁回 / a correction). A
     * resident who is not active leaves lists, search, counts and household member lists but the record, its history
     * and its audit trail stay. If they headed their household, the household has no head until one is set. The answer
     * says how many active residents still name them as guardian, so the worker can re-link those minors.
     */
    async changeStatus(principal: Principal, actor: AuditActor, id: string, c: { version: number; status: ResidentStatus; effectiveDate: string; reason: string }) {
      const r = await loadInScope(principal, id);
      if (!r) throw errors.notFound('居民', 'Resident');
      await requireGrant(principal, actor, r, 'status');
      if (r.status === c.status) {
        throw errors.field('status', 'unchanged', c.status === 'active' ? '该居民已经是在册状态' : '该居民已经是这个状态', c.status === 'active' ? 'the resident is already active' : 'the resident already has this status');
      }
      const today = shanghaiToday(now());
      if (c.effectiveDate > today) throw errors.field('effectiveDate', 'future', '日期不能晚于今天', 'the date cannot be in the future');
      if (c.effectiveDate < r.birth_date) throw errors.field('effectiveDate', 'before_birth', '日期不能早于出生日期', 'the date cannot be before the birth date');
      const leaving = c.status !== 'active';
      await writes.run(async (trx) => {
        const res = await trx.updateTable('residents').set({ status: c.status, updated_at: codec.ts(now()), version: c.version + 1 })
          .where('id', '=', id).where('version', '=', c.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
        await trx.insertInto('resident_status_changes').values({
          id: uuidv7(), resident_id: id, org_path: r.org_path, from_status: r.status, to_status: c.status, effective_date: c.effectiveDate, reason: c.reason,
          changed_by: principal.id, changed_at: codec.ts(now()),
        }).execute();
        if (leaving) await trx.updateTable('households').set({ head_resident_id: null, updated_at: codec.ts(now()) }).where('id', '=', r.household_id).where('head_resident_id', '=', id).execute();
        await audit.append(trx, actor, { action: 'status', objectType: 'resident', objectId: id, subjectId: id, fields: ['status'], reason: `${c.status}: ${c.reason}`, outcome: 'success' });
        await browsing?.markWorked(trx, principal.id, id);
      });
      const wards = leaving
        ? Number((await db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('guardian_id', '=', id).where('status', '=', 'active').executeTakeFirstOrThrow()).n)
        : 0;
      const fresh = await loadInScope(principal, id);
      return { ...summary(fresh!, fresh!.address), wardsWithoutGuardian: wards };
    },

    // ---- places ----------------------------------------------------------------------------------------------

    async createCompound(actor: AuditActor, c: { communityId: string; name: string; noPropertyManagement?: boolean; noCompetentAuthority?: boolean; notEnclosed?: boolean }, trx?: Transaction<any>) {
      const community = await orgs.get(c.communityId);
      if (!community || community.level !== 'community') throw errors.field('communityId', 'not_found', '社区不存在', 'community not found');
      const id = uuidv7();
      const run = async (t: Transaction<any>) => {
        await t.insertInto('compounds').values({
          id, community_id: community.id, org_path: community.path, name: c.name, no_property_management: codec.bool(!!c.noPropertyManagement),
          no_competent_authority: codec.bool(!!c.noCompetentAuthority), not_enclosed: codec.bool(!!c.notEnclosed), created_at: codec.ts(now()),
        }).execute();
        await audit.append(t, actor, { action: 'create', objectType: 'compound', objectId: id, outcome: 'success' });
      };
      if (trx) await run(trx);
      else await writes.run(run);
      return { id, name: c.name, communityId: community.id };
    },

    async createBuilding(actor: AuditActor, b: { compoundId: string; gridId: string; name: string }, trx?: Transaction<any>) {
      const grid = await orgs.get(b.gridId);
      if (!grid || grid.level !== 'grid') throw errors.field('gridId', 'not_found', '网格不存在', 'grid not found');
      const id = uuidv7();
      const run = async (t: Transaction<any>) => {
        await t.insertInto('buildings').values({ id, compound_id: b.compoundId, grid_id: grid.id, org_path: grid.path, name: b.name, lead_user_id: null, created_at: codec.ts(now()) }).execute();
        await audit.append(t, actor, { action: 'create', objectType: 'building', objectId: id, outcome: 'success' });
      };
      if (trx) await run(trx);
      else await writes.run(run);
      return { id, name: b.name, gridId: grid.id };
    },

    async createUnit(actor: AuditActor, u: { buildingId: string; name: string }, trx?: Transaction<any>) {
      const id = uuidv7();
      const run = async (t: Transaction<any>) => {
        await t.insertInto('units').values({ id, building_id: u.buildingId, name: u.name, created_at: codec.ts(now()) }).execute();
        await audit.append(t, actor, { action: 'create', objectType: 'unit', objectId: id, outcome: 'success' });
      };
      if (trx) await run(trx);
      else await writes.run(run);
      return { id, name: u.name };
    },

    async createHousehold(actor: AuditActor, h: { unitId: string; room: string; householdType?: 'family' | 'collective' | 'rental' }, trx?: Transaction<any>) {
      const place = await db.selectFrom('units as u').innerJoin('buildings as b', 'b.id', 'u.building_id').innerJoin('compounds as c', 'c.id', 'b.compound_id')
        .select(['u.id', 'u.name as unit', 'b.name as building', 'b.grid_id', 'b.org_path', 'c.name as compound', 'c.community_id'])
        .where('u.id', '=', h.unitId).executeTakeFirst();
      if (!place) throw errors.field('unitId', 'not_found', '单元不存在', 'unit not found');
      const community = (await orgs.get(place.community_id as string, trx))?.name ?? '';
      const id = uuidv7();
      const address = `${community} ${place.compound} ${place.building} ${place.unit} ${h.room}`;
      const run = async (t: Transaction<any>) => {
        await t.insertInto('households').values({
          id, unit_id: place.id, grid_id: place.grid_id, org_path: place.org_path, room: h.room, address, household_type: h.householdType ?? 'family',
          head_resident_id: null, created_at: codec.ts(now()), updated_at: codec.ts(now()), version: 1,
        }).execute();
        await audit.append(t, actor, { action: 'create', objectType: 'household', objectId: id, outcome: 'success' });
      };
      if (trx) await run(trx);
      else await writes.run(run);
      return { id, address, gridId: place.grid_id };
    },

    /** Children of a node in the place tree, inside scope: community → grids → compounds → buildings → units → households. */
    async tree(principal: Principal, node: { kind: 'root' | 'community' | 'grid' | 'compound' | 'building' | 'unit'; id?: string }) {
      const scope = principal.orgPath;
      switch (node.kind) {
        case 'root': {
          const list = await orgs.within(scope);
          const top = list.filter((o) => o.level === 'community' || (o.level === 'grid' && !list.some((x) => x.level === 'community')));
          return top.map((o) => ({ kind: o.level, id: o.id, name: o.name, code: o.code }));
        }
        case 'community': {
          const list = (await orgs.within(scope)).filter((o) => o.level === 'grid' && o.parentId === node.id);
          return list.map((o) => ({ kind: 'grid', id: o.id, name: o.name, code: o.code }));
        }
        case 'grid': {
          const rows = await db.selectFrom('buildings as b').innerJoin('compounds as c', 'c.id', 'b.compound_id').select(['c.id', 'c.name', 'c.no_property_management', 'c.no_competent_authority', 'c.not_enclosed'])
            .where('b.grid_id', '=', node.id!).where('b.org_path', 'like', `${scope}%`).distinct().orderBy('c.name').execute();
          return rows.map((c) => ({
            kind: 'compound', id: `${c.id}@${node.id}`, name: c.name,
            threeNo: codec.readBool(c.no_property_management) && codec.readBool(c.no_competent_authority) && codec.readBool(c.not_enclosed),
            flags: { noPropertyManagement: codec.readBool(c.no_property_management), noCompetentAuthority: codec.readBool(c.no_competent_authority), notEnclosed: codec.readBool(c.not_enclosed) },
          }));
        }
        case 'compound': {
          const [compoundId, gridId] = node.id!.split('@');
          let q = db.selectFrom('buildings').select(['id', 'name', 'grid_id']).where('compound_id', '=', compoundId!).where('org_path', 'like', `${scope}%`);
          if (gridId) q = q.where('grid_id', '=', gridId);
          const rows = await q.execute();
          return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true })).map((b) => ({ kind: 'building', id: b.id, name: b.name }));
        }
        case 'building': {
          const b = await db.selectFrom('buildings').select(['org_path']).where('id', '=', node.id!).executeTakeFirst();
          if (!b || !b.org_path.startsWith(scope)) return [];
          const rows = await db.selectFrom('units').select(['id', 'name']).where('building_id', '=', node.id!).orderBy('name').execute();
          return rows.map((u) => ({ kind: 'unit', id: u.id, name: u.name }));
        }
        case 'unit': {
          const rows = await db.selectFrom('households').select(['id', 'room', 'org_path']).where('unit_id', '=', node.id!).where('org_path', 'like', `${scope}%`).execute();
          const counts = rows.length
            ? await db.selectFrom('residents').select(['household_id', (eb) => eb.fn.countAll().as('n')]).where('household_id', 'in', rows.map((r) => r.id)).where('status', '=', 'active').groupBy('household_id').execute()
            : [];
          const n = new Map(counts.map((c) => [c.household_id, Number(c.n)]));
          return rows.sort((a, b) => a.room.localeCompare(b.room, 'zh-CN', { numeric: true })).map((h) => ({ kind: 'household', id: h.id, name: h.room, members: n.get(h.id) ?? 0 }));
        }
      }
    },

    /** A household with its members (masked), audited. */
    async getHousehold(principal: Principal, actor: AuditActor, id: string, purpose: Purpose) {
      const h = await householdInScope(principal, id);
      if (!h) throw errors.notFound('户', 'Household');
      const members = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select([...residentCols])
        .where('r.household_id', '=', id).where('r.status', '=', 'active').orderBy('r.birth_date').execute();
      const data = { id: h.id, address: h.address, room: h.room, householdType: h.household_type, headResidentId: h.head_resident_id, gridId: h.grid_id, version: Number(h.version), members: await views(principal, members) };
      // The members shown are named in the audit (ADR 0046).
      return audited(actor, {
        action: 'read', objectType: 'household', objectId: id, outcome: 'success', purpose, count: members.length,
        fields: ['nameMasked', 'idMasked', 'phoneMasked', 'tags', 'household'], subjectIds: members.map((m) => m.id as string),
      }, data);
    },

    /**
     * Makes an active adult member the head (户主) of their household — after the head moved out or died, or when the
     * family names another. The new head's relation becomes `head`; a previous head who stays in the household becomes
     * `other` (relations are relative to the head, so the worker reviews them). Household and residents are versioned.
     */
    async setHouseholdHead(principal: Principal, actor: AuditActor, id: string, c: { version: number; residentId: string }) {
      const h = await householdInScope(principal, id);
      if (!h) throw errors.notFound('户', 'Household');
      const r = await loadInScope(principal, c.residentId);
      if (!r || r.household_id !== id || r.status !== 'active') {
        throw errors.field('residentId', 'not_member', '只能指定本户在册的成员为户主', 'the head must be an active member of this household');
      }
      await requireGrant(principal, actor, r, 'set_head');
      if (ageOn(r.birth_date, now()) < 18) throw errors.field('residentId', 'head_minor', '户主须为成年人', 'the head must be an adult');
      // Choosing the named head again repairs a household whose relations disagree with it (数据质量: several members
      // with relation 户主, or the head's relation is not 户主; ADR 0020 addendum); otherwise there is nothing to change.
      const otherHeads = await db.selectFrom('residents').select('id').where('household_id', '=', id).where('status', '=', 'active')
        .where('relation', '=', 'head').where('id', '!=', c.residentId).execute();
      if (h.head_resident_id === c.residentId && r.relation === 'head' && otherHeads.length === 0) {
        throw errors.field('residentId', 'unchanged', '该成员已经是户主', 'this member is already the head');
      }
      const at = codec.ts(now());
      const version = await writes.run(async (trx) => {
        const res = await trx.updateTable('households').set({ head_resident_id: c.residentId, updated_at: at, version: c.version + 1 })
          .where('id', '=', id).where('version', '=', c.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
        await trx.updateTable('residents').set((eb) => ({ relation: 'head', updated_at: at, version: eb('version', '+', 1) }))
          .where('id', '=', c.residentId).where('relation', '!=', 'head').execute();
        // Every other active member whose relation says 户主 (the previous head, and any second 户主 from older data) becomes
        // "other": one head per household.
        await trx.updateTable('residents').set((eb) => ({ relation: 'other', updated_at: at, version: eb('version', '+', 1) }))
          .where('household_id', '=', id).where('status', '=', 'active').where('relation', '=', 'head').where('id', '!=', c.residentId).execute();
        await audit.append(trx, actor, { action: 'set_head', objectType: 'household', objectId: id, subjectId: c.residentId, fields: ['headResidentId', 'relation'], outcome: 'success' });
        return c.version + 1;
      });
      return { id, headResidentId: c.residentId, version };
    },

    /**
     * 整户迁移: moves every active member of a household to another household (another room, building or grid of the
     * caller's area) in one write transaction — each member exactly as `moveResident` moves one (shared `moveMember`:
     * version check, grid / org path / care tags follow, a `resident_moves` row and a `move` audit row each) — plus one
     * `relocate` audit row on the household with the count. Members who moved out of the area or died stay where their
     * history is. The head: a target without a head of its own (no head, or a head who is no longer an active member
     * there) gets the source's head (`head: 'set'`, audited `set_head`); a target with a head keeps it and the moved head's
     * relation becomes `other`, as `setHouseholdHead` demotes a previous head (`head: 'kept'`). Either way the source is
     * left without a head. The source household's version is checked; a member changed since the caller's read, a
     * member who joined or left, or a restricted member without a grant fails the whole relocation (nothing is written).
     */
    async relocateHousehold(principal: Principal, actor: AuditActor, id: string, c: { version: number; toHouseholdId: string; reason: string }): Promise<HouseholdRelocation> {
      // Refusals: the `denied` row, then the error (denyAudited: 503 audit_unavailable if the row cannot be written; ADR 0040).
      const denied = (objectId: string, reason: string, err: Error) => denyAudited(audit, actor, { action: 'relocate', objectType: 'household', objectId, reason }, err);
      const h = await householdInScope(principal, id);
      if (!h) return denied(id, 'not_found', errors.notFound('户', 'Household'));
      if (c.toHouseholdId === id) throw errors.field('toHouseholdId', 'same_household', '目标户不能是本户', 'the target must be another household');
      const to = await householdInScope(principal, c.toHouseholdId);
      if (!to) {
        return denied(c.toHouseholdId, 'target_not_found', new AppError(404, 'not_found', '目标户不存在或不在您的管辖范围内', 'Target household not found in your scope', [
          { path: 'toHouseholdId', code: 'not_found', message: '目标户不存在或不在您的管辖范围内', messageEn: 'target household not found in your scope' },
        ]));
      }
      // Read once, before the transaction: the versions the members are moved at (a member changed since → 409).
      const members = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select([...residentCols])
        .where('r.household_id', '=', id).where('r.status', '=', 'active').orderBy('r.id').execute();
      if (members.length === 0) {
        throw errors.conflict('no_active_members', '本户没有在册成员，无需整户迁移', 'This household has no active members to move', [
          { path: 'members', code: 'empty', message: '本户没有在册成员', messageEn: 'no active members' },
        ]);
      }
      const at = codec.ts(now());
      let refused: Row | null = null;
      let outcome: Omit<HouseholdRelocation, 'stayed'>;
      try {
        outcome = await writes.run(async (trx) => {
          const res = await trx.updateTable('households').set({ updated_at: at, version: c.version + 1 }).where('id', '=', id).where('version', '=', c.version).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) {
            const cur = await trx.selectFrom('households').select('version').where('id', '=', id).executeTakeFirst();
            throw staleVersion(cur?.version);
          }
          // Someone who joined or left since the read is a change the caller has not seen either.
          const current = await trx.selectFrom('residents').select('id').where('household_id', '=', id).where('status', '=', 'active').orderBy('id').execute();
          if (current.map((x) => x.id).join() !== members.map((m) => m.id).join()) throw staleVersion();
          const source = await trx.selectFrom('households').select(['head_resident_id']).where('id', '=', id).executeTakeFirstOrThrow();
          const target = await trx.selectFrom('households').select(['id', 'grid_id', 'org_path', 'head_resident_id']).where('id', '=', to.id).executeTakeFirstOrThrow();
          const targetHead = target.head_resident_id
            ? await trx.selectFrom('residents').select('id').where('id', '=', target.head_resident_id).where('household_id', '=', to.id).where('status', '=', 'active').executeTakeFirst()
            : undefined;
          const movingHead = members.find((m) => m.id === source.head_resident_id);
          const grants = await grantsFor(principal, members.filter((m) => codec.readBool(m.restricted)).map((m) => m.id as string), trx);
          for (const m of members) {
            if (codec.readBool(m.restricted) && !grants.has(m.id)) {
              refused = m;
              throw new AppError(403, 'break_glass_required', '本户有信息受限的成员，需先说明理由申请临时查阅（破窗）', "A member's record is restricted; request break-the-glass access with a reason first", [
                { path: 'members', code: 'break_glass_required', message: `成员 ${maskName(m.name)} 的信息受限`, messageEn: `the record of member ${maskName(m.name)} is restricted` },
              ]);
            }
            await moveMember(trx, principal, actor, m, Number(m.version), target, c.reason, targetHead && m === movingHead ? 'other' : undefined);
          }
          let head: HouseholdRelocation['head'] = targetHead ? 'kept' : 'none';
          let headResidentId: string | null = targetHead ? targetHead.id : null;
          if (movingHead && !targetHead) {
            const set = await trx.updateTable('households').set((eb) => ({ head_resident_id: movingHead.id, updated_at: at, version: eb('version', '+', 1) }))
              .where('id', '=', to.id).where((eb) => (target.head_resident_id ? eb('head_resident_id', '=', target.head_resident_id) : eb('head_resident_id', 'is', null))).executeTakeFirst();
            if (Number(set.numUpdatedRows) !== 1) throw staleVersion();
            await trx.updateTable('residents').set((eb) => ({ relation: 'head', updated_at: at, version: eb('version', '+', 1) }))
              .where('id', '=', movingHead.id).where('relation', '!=', 'head').execute();
            await audit.append(trx, actor, { action: 'set_head', objectType: 'household', objectId: to.id, subjectId: movingHead.id, fields: ['headResidentId'], reason: c.reason, outcome: 'success' });
            head = 'set';
            headResidentId = movingHead.id;
          }
          await audit.append(trx, actor, {
            action: 'relocate', objectType: 'household', objectId: id, fields: ['members', 'headResidentId'], reason: c.reason, outcome: 'success', count: members.length,
          });
          return {
            id, version: c.version + 1, toHouseholdId: to.id, moved: members.length, residentIds: members.map((m) => m.id as string), head, headResidentId,
            demotedResidentId: targetHead && movingHead ? (movingHead.id as string) : null,
          };
        });
      } catch (err) {
        // A restricted member without a grant stopped the whole move (the transaction rolled back): the refusal is audited on its own.
        const r = refused as Row | null;
        if (r) await denyAudited(audit, actor, { action: 'relocate', objectType: 'resident', objectId: r.id, subjectId: r.id, severity: 'high', reason: 'break_glass_required' }, err as Error);
        throw err;
      }
      const stayed = Number((await db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('household_id', '=', id).where('status', '!=', 'active').executeTakeFirstOrThrow()).n);
      return { ...outcome, stayed };
    },

    /**
     * Residents by id as the resident list shows them (masked summaries; restricted records as stubs unless the caller
     * holds a grant), in the order given; ids not found are left out. Not audited here: the caller audits its read
     * (the data-quality lists, registry.quality.ts).
     */
    async residentViews(principal: Principal, ids: string[]): Promise<Array<ResidentSummary | ResidentStub>> {
      const rows = await inChunks(ids, (part) => db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select([...residentCols]).where('r.id', 'in', part).execute());
      const byId = new Map(rows.map((r) => [r.id as string, r as Row]));
      return views(principal, ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])));
    },

    // ---- reads for other modules ----------------------------------------------------------------------------------
    // Service-to-service, unscoped and not audited here: the calling module checks scope and audits what it returns.

    /** Where a resident's record sits (any status), or null. */
    async residentRef(id: string): Promise<ResidentRef | null> {
      const r = await db.selectFrom('residents').select(['id', 'household_id', 'grid_id', 'org_path']).where('id', '=', id).executeTakeFirst();
      return r ? { id: r.id, householdId: r.household_id, gridId: r.grid_id, orgPath: r.org_path } : null;
    },

    /**
     * A resident's own record as they see it (我的信息, PRIV-09): name in full (their own), ID and phone masked, address,
     * the active household members' masked names and relations, care tags and residence type. Unscoped and not audited
     * here: the caller (the corrections module) has resolved the resident from the signed-in account and audits the read.
     */
    async ownRecord(id: string) {
      const r = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select([...residentCols]).where('r.id', '=', id).executeTakeFirst();
      if (!r) return null;
      const members = await db.selectFrom('residents').select(['id', 'name', 'relation']).where('household_id', '=', r.household_id).where('status', '=', 'active')
        .where('id', '!=', id).orderBy('birth_date').execute();
      return {
        id: r.id as string, name: r.name as string, idMasked: r.id_masked as string, phoneMasked: (r.phone_masked ?? null) as string | null, address: r.address as string,
        relation: r.relation as string, residenceType: r.residence_type as string, tags: codec.readJson<string[]>(r.tags), status: r.status as string,
        gridId: r.grid_id as string, orgPath: r.org_path as string,
        household: members.map((m) => ({ nameMasked: maskName(m.name), relation: m.relation as string })),
      };
    },

    /**
     * Whether a resident's record now holds `value` in `field` (phone compared through its blind index; `tags` a comma
     * list, compared as a set with the record's hand-set care tags): the corrections
     * module records 已按申请修改 only when the change is really on the record. Unscoped: the caller has checked scope.
     */
    async holdsValue(id: string, field: 'phone' | 'name' | 'residenceType' | 'tags', value: string): Promise<boolean> {
      const r = await db.selectFrom('residents').select(['name', 'phone_bidx', 'residence_type', 'tags']).where('id', '=', id).executeTakeFirst();
      if (!r) return false;
      if (field === 'phone') return r.phone_bidx !== null && r.phone_bidx === phoneColumns(crypto, value).phone_bidx;
      if (field === 'tags') {
        // The care tags set by hand (the consent-based ones); the age tags follow the birth date and are not asked for.
        return consentTagsOf(codec.readJson<string[]>(r.tags)).join(',') === consentTagsOf(value.split(',')).join(',');
      }
      return (field === 'name' ? r.name : r.residence_type) === value;
    },

    /** `residentId` if they belong to `householdId` (any status), or null. */
    async householdMember(householdId: string, residentId: string): Promise<ResidentRef | null> {
      const r = await this.residentRef(residentId);
      return r && r.householdId === householdId ? r : null;
    },

    /** The active members of a household: id and full name (the caller masks). */
    async activeHouseholdMembers(householdId: string): Promise<Array<{ id: string; name: string; relation: Relation }>> {
      const rows = await db.selectFrom('residents').select(['id', 'name', 'relation']).where('household_id', '=', householdId).where('status', '=', 'active').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, relation: r.relation as Relation }));
    },

    /** Full name and restricted flag of residents by id (the caller masks, and hides what a restricted record hides). */
    async residentLabels(ids: string[]): Promise<Map<string, { name: string; restricted: boolean }>> {
      const rows = await inChunks(ids, (part) => db.selectFrom('residents').select(['id', 'name', 'restricted']).where('id', 'in', part).execute());
      return new Map(rows.map((r) => [r.id as string, { name: r.name as string, restricted: codec.readBool(r.restricted) }]));
    },

    /** Addresses of households by id. */
    async householdAddresses(ids: string[]): Promise<Map<string, string>> {
      const rows = await inChunks(ids, (part) => db.selectFrom('households').select(['id', 'address']).where('id', 'in', part).execute());
      return new Map(rows.map((r) => [r.id as string, r.address as string]));
    },

    /** Active residents whose org path starts with `orgPathPrefix` (e.g. the population of a scope). */
    async activeCount(orgPathPrefix: string): Promise<number> {
      const r = await db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${orgPathPrefix}%`)
        .where('status', '=', 'active').executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
