import { ageOn, maskName } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import { auditedRead, type AuditActor, type AuditService, denyAudited } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';

/**
 * Approved access to minors' data (PIPL Art. 28/31, 《未成年人网络保护条例》, SECURITY.md PRIV-08, ADR 0035).
 *
 * Every detail of a child under `minorApprovalAge` (14) is sensitive personal information, and staff access to it must
 * follow least authorisation, be approved by a responsible person and be logged. So the full ID or phone number of such
 * a resident is revealed only
 * - to the responsible person — a community admin of the record's area (`minor_access:decide`), audited at high severity
 *   with the reason tag `minor`; or
 * - to someone whose own request for that resident and field a community admin (not themselves) approved: a grant valid
 *   for `minorAccessHours` and MINOR_ACCESS_USES reveals, each reveal audited with the request id.
 * Everyone else gets 403 `minor_approval_required` (audited as denied). The other registry reads (masked profile, lists)
 * are unchanged: this gates only the plaintext numbers.
 */

export const MINOR_ACCESS_FIELDS = ['idNumber', 'phone'] as const;
export type MinorAccessField = (typeof MINOR_ACCESS_FIELDS)[number];
export const MINOR_ACCESS_STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;
export type MinorAccessStatus = (typeof MINOR_ACCESS_STATUSES)[number];
/** Reveals one approval allows (least authorisation: enough to check a number twice, not to keep it open). */
export const MINOR_ACCESS_USES = 3;
/** A request nobody decided lapses after this many days. */
export const MINOR_REQUEST_DAYS = 7;
/** The permission of the responsible person (community admin). */
export const MINOR_DECIDE = 'minor_access:decide' as const;

const DAY = 86_400_000;
const FIELD_LABELS: Record<MinorAccessField, [string, string]> = { idNumber: ['身份证号', 'ID number'], phone: ['手机号', 'phone number'] };

type Row = Record<string, any>;

/** One request as the lists show it: the child's name masked; the reason only to the requester and the approvers. */
export type MinorAccessView = {
  id: string; residentId: string; residentName: string; field: MinorAccessField; reason: string; purpose: string;
  requester: { id: string; displayName: string; role: string };
  /** The effective status: a pending request past its 7 days, and a grant past its time or out of uses, are `expired`. */
  status: MinorAccessStatus;
  createdAt: string; expiresAt: string; usesLeft: number;
  decision: { by: { id: string; displayName: string }; at: string; note: string | null } | null;
  /** The caller may approve or reject it now. */
  canDecide: boolean;
};

/** What the resident page needs: must this caller ask first, and the state of their own requests per field. */
export type MinorAccessState = {
  minor: boolean; approvalNeeded: boolean; minorAge: number;
  fields: Record<MinorAccessField, {
    status: 'none' | 'pending' | 'approved'; requestId: string | null; expiresAt: string | null; usesLeft: number;
    /**
     * With status `none`: the caller's newest request for this field was refused — when, and the responsible person's
     * note (the only place the requester reads why; the notification carries no text). Null otherwise.
     */
    rejected: { at: string; note: string | null } | null;
  }>;
};

export function createMinorAccess(
  p: Platform, audit: AuditService, orgs: OrgsService, accounts: Pick<AuthService, 'activeUserIds' | 'userRefs'>,
  notifications: Pick<NotificationsService, 'notify'>,
) {
  const { database, clock } = p;
  const { db, writes, codec } = database;
  const now = () => clock.now();
  const minorAge = p.config.minorApprovalAge;
  const grantMs = p.config.minorAccessHours * 3_600_000;
  const audited = auditedRead(audit);

  const isMinor = (birthDate: string) => ageOn(birthDate, now()) < minorAge;
  const mayDecide = (principal: Principal) => principal.permissions.has(MINOR_DECIDE);

  async function resident(id: string): Promise<Row | undefined> {
    return db.selectFrom('residents').select(['id', 'name', 'birth_date', 'org_path', 'status', 'restricted']).where('id', '=', id).executeTakeFirst();
  }

  /**
   * A restricted record (ADR 0011) shows no age without a break-the-glass grant, so whether it is a child is not told
   * either: asking about it needs the grant first (403 break_glass_required, audited high), as a reveal does.
   */
  async function requireGlass(principal: Principal, actor: AuditActor, r: Row, action: string) {
    if (!codec.readBool(r.restricted)) return;
    const g = await db.selectFrom('break_glass_grants').select('id').where('user_id', '=', principal.id).where('resident_id', '=', r.id)
      .where('expires_at', '>', codec.ts(now())).executeTakeFirst();
    if (g) return;
    await denyAudited(audit, actor, { action, objectType: 'resident', objectId: r.id, subjectId: r.id, severity: 'high', reason: 'break_glass_required' },
      new AppError(403, 'break_glass_required', '该居民信息受限，需先说明理由申请临时查阅（破窗）', 'This record is restricted; request break-the-glass access with a reason first'));
  }

  function effective(r: Row, at = now()): MinorAccessStatus {
    const lapsed = Date.parse(codec.readTs(r.expires_at)!) <= at.getTime();
    if (r.status === 'pending' && lapsed) return 'expired';
    if (r.status === 'approved' && (lapsed || Number(r.uses_left) <= 0)) return 'expired';
    return r.status as MinorAccessStatus;
  }

  /** Why the caller may not decide this request (null = may). Scope is checked against the record's current place. */
  function decideRefusal(principal: Principal, r: Row, currentPath: string | null): AppError | null {
    if (!mayDecide(principal) || !currentPath || !orgs.inScope(principal.orgPath, currentPath) || !orgs.inScope(principal.orgPath, r.org_path)) {
      return errors.notFound('查阅申请', 'Request');
    }
    if (r.requester_id === principal.id) return new AppError(403, 'self_approval', '不能审批本人提交的查阅申请', 'You cannot decide your own request');
    const st = effective(r);
    if (st === 'expired' && r.status === 'pending') {
      return new AppError(409, 'request_expired', `该申请已超过 ${MINOR_REQUEST_DAYS} 天未审批，已失效；如仍需要请重新申请`, `This request was not decided within ${MINOR_REQUEST_DAYS} days and has lapsed; ask again if still needed`);
    }
    if (st !== 'pending') return new AppError(409, 'request_not_pending', '该申请已处理', 'This request has already been decided');
    return null;
  }

  async function views(principal: Principal, rows: Row[]): Promise<MinorAccessView[]> {
    const residents = await inChunks(rows.map((r) => r.resident_id as string), (part) => db.selectFrom('residents').select(['id', 'name', 'org_path']).where('id', 'in', part).execute());
    const names = new Map(residents.map((x) => [x.id as string, maskName(x.name)]));
    const paths = new Map(residents.map((x) => [x.id as string, x.org_path as string]));
    const users = await accounts.userRefs([...new Set(rows.flatMap((r) => [r.requester_id as string, ...(r.decided_by ? [r.decided_by as string] : [])]))]);
    return rows.map((r) => ({
      id: r.id, residentId: r.resident_id, residentName: names.get(r.resident_id) ?? '', field: r.field, reason: r.reason, purpose: r.purpose,
      requester: { id: r.requester_id, displayName: users.get(r.requester_id)?.displayName ?? '', role: users.get(r.requester_id)?.role ?? '' },
      status: effective(r), createdAt: codec.readTs(r.created_at)!, expiresAt: codec.readTs(r.expires_at)!, usesLeft: Number(r.uses_left),
      decision: r.decided_by
        ? { by: { id: r.decided_by, displayName: users.get(r.decided_by)?.displayName ?? '' }, at: codec.readTs(r.decided_at)!, note: r.decision_note ?? null }
        : null,
      canDecide: decideRefusal(principal, r, paths.get(r.resident_id) ?? null) === null,
    }));
  }

  /** The caller's requests for one resident that still count: pending inside its 7 days, or approved with time and uses left. */
  async function openRequests(principal: Principal, residentId: string, trx: { selectFrom: typeof db.selectFrom } = db) {
    return trx.selectFrom('minor_access_requests').selectAll().where('requester_id', '=', principal.id).where('resident_id', '=', residentId)
      .where('status', 'in', ['pending', 'approved']).where('expires_at', '>', codec.ts(now())).orderBy('expires_at').execute();
  }

  /** A refusal with no resident named (unknown or out of scope): the `denied` row, then `err` (denyAudited, ADR 0040). */
  const denied = (actor: AuditActor, action: string, objectType: string, objectId: string, reason: string, err: Error, severity: 'normal' | 'high' = 'normal') =>
    denyAudited(audit, actor, { action, objectType, objectId, reason, severity }, err);

  return {
    minorAge,

    /**
     * The reveal hook (registry.service.ts `reveal`): null when the resident is not a minor; otherwise the text for the
     * reveal's audit reason — `minor: …` for the responsible person, `minor:<request id>: …` for a reveal under an
     * approval (one use taken) — or 403 `minor_approval_required`, audited as denied at high severity.
     */
    async gateReveal(principal: Principal, actor: AuditActor, residentId: string, field: MinorAccessField, reason: string, purpose: string): Promise<{ auditReason: string } | null> {
      const r = await resident(residentId);
      if (!r || !isMinor(r.birth_date)) return null;
      if (mayDecide(principal)) return { auditReason: `minor: ${reason}` };
      const at = codec.ts(now());
      const used = await writes.run(async (trx) => {
        const g = await trx.selectFrom('minor_access_requests').select(['id']).where('requester_id', '=', principal.id).where('resident_id', '=', residentId)
          .where('field', '=', field).where('status', '=', 'approved').where('expires_at', '>', at).where('uses_left', '>', 0).orderBy('expires_at').executeTakeFirst();
        if (!g) return null;
        // Compare-and-set: two reveals at once cannot both take the last use.
        const res = await trx.updateTable('minor_access_requests').set((eb) => ({ uses_left: eb('uses_left', '-', 1), version: eb('version', '+', 1) }))
          .where('id', '=', g.id).where('uses_left', '>', 0).executeTakeFirst();
        return Number(res.numUpdatedRows) === 1 ? (g.id as string) : null;
      });
      if (used) return { auditReason: `minor:${used}: ${reason}` };
      return denyAudited(audit, actor, { action: 'reveal', objectType: 'resident', objectId: residentId, subjectId: residentId, fields: [field], reason: 'minor_approval_required', purpose, severity: 'high' }, new AppError(403, 'minor_approval_required', `该居民未满 ${minorAge} 周岁，查看完整号码须经社区负责人批准：请先提交查阅申请`,
        `This resident is under ${minorAge}; seeing the full number needs the approval of the community's responsible person — send a request first`,
        [{ path: 'field', code: 'minor_approval_required', message: `${FIELD_LABELS[field][0]}须经批准后查看`, messageEn: `the ${FIELD_LABELS[field][1]} needs an approval` }]));
    },

    /** Whether the caller must ask before revealing this resident's numbers, and their own open requests per field. */
    async state(principal: Principal, actor: AuditActor, residentId: string): Promise<MinorAccessState> {
      const r = await resident(residentId);
      if (!r || !orgs.inScope(principal.orgPath, r.org_path)) {
        return denied(actor, 'minor_access_state', 'resident', residentId, 'not_found', errors.notFound('居民', 'Resident'));
      }
      await requireGlass(principal, actor, r, 'minor_access_state');
      const minor = isMinor(r.birth_date);
      const empty = { status: 'none' as const, requestId: null, expiresAt: null, usesLeft: 0, rejected: null };
      const fields: MinorAccessState['fields'] = { idNumber: { ...empty }, phone: { ...empty } };
      if (minor && !mayDecide(principal)) {
        for (const q of await openRequests(principal, residentId)) {
          const f = fields[q.field as MinorAccessField];
          if (!f || effective(q) === 'expired') continue;
          // An approval with uses left wins over a pending request for the same field.
          if (f.status === 'approved') continue;
          fields[q.field as MinorAccessField] = { status: q.status, requestId: q.id, expiresAt: codec.readTs(q.expires_at), usesLeft: Number(q.uses_left), rejected: null };
        }
        // A field with nothing open: was the caller's newest request for it refused? Then say so, with the note — the
        // read of the note is audited like the list of requests (it may describe the child).
        let shown = false;
        for (const field of MINOR_ACCESS_FIELDS) {
          if (fields[field].status !== 'none') continue;
          const last = await db.selectFrom('minor_access_requests').select(['id', 'status', 'decided_at', 'decision_note'])
            .where('requester_id', '=', principal.id).where('resident_id', '=', residentId).where('field', '=', field)
            .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
          if (last?.status === 'rejected' && last.decided_at) {
            fields[field] = { ...empty, requestId: String(last.id), rejected: { at: codec.readTs(last.decided_at)!, note: last.decision_note ?? null } };
            shown = true;
          }
        }
        if (shown) {
          return audited(actor, {
            action: 'read', objectType: 'minor_access_request', objectId: residentId, fields: ['decisionNote'], outcome: 'success', count: 1, subjectIds: [residentId],
          }, { minor, approvalNeeded: minor && !mayDecide(principal), minorAge, fields });
        }
      }
      return { minor, approvalNeeded: minor && !mayDecide(principal), minorAge, fields };
    },

    /**
     * Asks to see a child's full ID or phone number: in scope (404 otherwise, audited), only for a minor (409
     * `not_minor`), not by the responsible person (409 `approval_not_needed`), one open request per field (409). The
     * request, an audit row and a notification to each community admin above the record (never the reason text)
     * commit together.
     */
    async request(principal: Principal, actor: AuditActor, residentId: string, b: { field: MinorAccessField; reason: string }, purpose: string) {
      const r = await resident(residentId);
      if (!r || !orgs.inScope(principal.orgPath, r.org_path)) {
        return denied(actor, 'minor_access_request', 'resident', residentId, 'not_found', errors.notFound('居民', 'Resident'), 'high');
      }
      await requireGlass(principal, actor, r, 'minor_access_request');
      if (!isMinor(r.birth_date)) {
        throw errors.conflict('not_minor', `该居民已满 ${minorAge} 周岁，查看号码无需审批`, `This resident is ${minorAge} or older; no approval is needed`);
      }
      if (mayDecide(principal)) {
        throw errors.conflict('approval_not_needed', '您是本社区的负责人，可直接查看（会作为高风险操作记录）', 'You are the responsible person of this community and may reveal directly (recorded at high severity)');
      }
      // Nothing to see: asking for a number the record does not hold would only make the admin decide a pointless request.
      const stored = await db.selectFrom('residents').select(['id_number_enc', 'phone_enc']).where('id', '=', residentId).executeTakeFirst();
      if (!(b.field === 'idNumber' ? stored?.id_number_enc : stored?.phone_enc)) {
        const [zh, en] = FIELD_LABELS[b.field];
        throw errors.conflict('field_empty', `该居民没有登记${zh}，无需申请查阅`, `This resident has no ${en} registered; there is nothing to ask for`,
          [{ path: 'field', code: 'field_empty', message: `${zh}未登记`, messageEn: `no ${en} registered` }]);
      }
      const at = now();
      const id = uuidv7(at.getTime());
      const expiresAt = new Date(at.getTime() + MINOR_REQUEST_DAYS * DAY);
      const above = await orgs.ancestors(r.org_path);
      const admins = (await accounts.activeUserIds('community_admin', above.map((o) => o.id))).filter((x) => x !== principal.id);
      await writes.run(async (trx) => {
        const open = (await openRequests(principal, residentId, trx)).filter((q) => q.field === b.field && effective(q, at) !== 'expired');
        if (open.some((q) => q.status === 'approved')) {
          throw errors.conflict('already_approved', '您对该项已有有效的批准，可直接查看', 'You already hold a valid approval for this field; reveal it directly');
        }
        if (open.length) throw errors.conflict('request_pending', '您已提交过该项的查阅申请，请等待负责人审批', 'You have already asked for this field; wait for the decision');
        await trx.insertInto('minor_access_requests').values({
          id, resident_id: residentId, org_path: r.org_path, requester_id: principal.id, field: b.field, reason: b.reason, purpose, status: 'pending',
          decided_by: null, decided_at: null, decision_note: null, expires_at: codec.ts(expiresAt), uses_left: 0, created_at: codec.ts(at), version: 1,
        }).execute();
        // The admin sees who asks for which field of whose (masked) record — the reason only on the request itself.
        await notifications.notify(trx, {
          recipientIds: admins, kind: 'minor_access_request', objectType: 'minor_access_request', objectId: id, at,
          payload: { actorRole: principal.role, actorName: principal.displayName, residentName: maskName(r.name), field: b.field, fieldLabel: FIELD_LABELS[b.field][0] },
        });
        await audit.append(trx, actor, {
          action: 'minor_access_request', objectType: 'minor_access_request', objectId: id, subjectId: residentId, fields: [b.field], purpose, outcome: 'success', count: admins.length,
        });
      });
      return { id, residentId, field: b.field, status: 'pending' as const, createdAt: at.toISOString(), expiresAt: expiresAt.toISOString(), notified: admins.length };
    },

    /**
     * Requests the caller may see, newest first (at most 200): a responsible person sees those of their area and their
     * own, anyone else only their own. Masked names; audited as a read (the reason texts may describe the child).
     */
    async list(principal: Principal, actor: AuditActor, q: { status: MinorAccessStatus | 'all' }) {
      const at = codec.ts(now());
      let qb = db.selectFrom('minor_access_requests').selectAll();
      qb = mayDecide(principal)
        ? qb.where((eb) => eb.or([eb('org_path', 'like', `${principal.orgPath}%`), eb('requester_id', '=', principal.id)]))
        : qb.where('requester_id', '=', principal.id);
      switch (q.status) {
        case 'pending':
          qb = qb.where('status', '=', 'pending').where('expires_at', '>', at);
          break;
        case 'approved':
          qb = qb.where('status', '=', 'approved').where('expires_at', '>', at).where('uses_left', '>', 0);
          break;
        case 'rejected':
          qb = qb.where('status', '=', 'rejected');
          break;
        case 'expired':
          qb = qb.where((eb) => eb.or([
            eb('status', '=', 'expired'),
            eb.and([eb('status', 'in', ['pending', 'approved']), eb('expires_at', '<=', at)]),
            eb.and([eb('status', '=', 'approved'), eb('uses_left', '<=', 0)]),
          ]));
          break;
      }
      const rows = await qb.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
      const items = await views(principal, rows);
      // The children listed are named in the audit (ADR 0046).
      return audited(actor, {
        action: 'read', objectType: 'minor_access_request', fields: ['residentName', 'reason'], outcome: 'success', count: items.length, subjectIds: items.map((i) => i.residentId as string),
      }, { items });
    },

    /** Pending requests the caller may decide (the menu badge); a count only, not audited. */
    async pendingCount(principal: Principal): Promise<{ pending: number }> {
      if (!mayDecide(principal)) return { pending: 0 };
      const r = await db.selectFrom('minor_access_requests').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${principal.orgPath}%`)
        .where('status', '=', 'pending').where('expires_at', '>', codec.ts(now())).where('requester_id', '!=', principal.id).executeTakeFirstOrThrow();
      return { pending: Number(r.n) };
    },

    /**
     * Approves or rejects a pending request: a community admin whose scope holds the record (404 otherwise), not the
     * requester (403 `self_approval`, audited high); the route asks for the second factor. An approval becomes a grant
     * for `minorAccessHours` and MINOR_ACCESS_USES reveals. Compare-and-set on the status, so two admins cannot both
     * decide. The requester is notified.
     */
    async decide(principal: Principal, actor: AuditActor, id: string, d: { decision: 'approve' | 'reject'; note: string | null }) {
      const action = d.decision === 'approve' ? 'minor_access_approve' : 'minor_access_reject';
      const r = await db.selectFrom('minor_access_requests').selectAll().where('id', '=', id).executeTakeFirst();
      const child = r ? await resident(r.resident_id) : undefined;
      if (!r || !child) {
        return denied(actor, action, 'minor_access_request', id, 'not_found', errors.notFound('查阅申请', 'Request'));
      }
      const refusal = decideRefusal(principal, r, child.org_path);
      if (refusal) {
        return denyAudited(audit, actor, {
          action, objectType: 'minor_access_request', objectId: id, subjectId: refusal.status === 404 ? null : r.resident_id, fields: [r.field],
          reason: refusal.code, severity: refusal.code === 'self_approval' ? 'high' : 'normal',
        }, refusal).catch(async (err: unknown) => {
          // The refusal was recorded: a lapsed request is marked so, then refused (the retention job counts from expires_at either way).
          if (err === refusal && refusal.code === 'request_expired') {
            await writes.run((trx) => trx.updateTable('minor_access_requests').set({ status: 'expired', version: Number(r.version) + 1 })
              .where('id', '=', id).where('status', '=', 'pending').where('version', '=', r.version).execute());
          }
          throw err;
        });
      }
      const at = now();
      const approve = d.decision === 'approve';
      const expiresAt = approve ? new Date(at.getTime() + grantMs) : at;
      const usesLeft = approve ? MINOR_ACCESS_USES : 0;
      await writes.run(async (trx) => {
        const res = await trx.updateTable('minor_access_requests').set({
          status: approve ? 'approved' : 'rejected', decided_by: principal.id, decided_at: codec.ts(at), decision_note: d.note, expires_at: codec.ts(expiresAt),
          uses_left: usesLeft, version: Number(r.version) + 1,
        }).where('id', '=', id).where('status', '=', 'pending').where('version', '=', r.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'request_not_pending', '该申请已处理', 'This request has already been decided');
        await notifications.notify(trx, {
          recipientIds: [r.requester_id], kind: 'minor_access_decided', objectType: 'resident', objectId: r.resident_id, at,
          payload: {
            decision: d.decision, residentName: maskName(child.name), field: r.field, fieldLabel: FIELD_LABELS[r.field as MinorAccessField]?.[0] ?? r.field,
            actorName: principal.displayName, ...(approve ? { expiresAt: expiresAt.toISOString(), uses: String(usesLeft) } : {}),
          },
        });
        await audit.append(trx, actor, {
          action, objectType: 'minor_access_request', objectId: id, subjectId: r.resident_id, fields: [r.field], purpose: r.purpose, outcome: 'success', severity: 'high',
          count: usesLeft,
        });
      });
      const fresh = await db.selectFrom('minor_access_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return (await views(principal, [fresh]))[0]!;
    },
  };
}

export type MinorAccessService = ReturnType<typeof createMinorAccess>;
