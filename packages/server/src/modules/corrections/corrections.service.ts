import { cnMobileOrProblem, CONSENT_TAGS, maskName, maskPhone } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import { auditedRead, type AuditActor, type AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { rejectIdNumber, RESIDENCE_TYPES, type FieldLabel, type RegistryService } from '../registry';

/** What a resident may ask to have corrected (no ID number: that is corrected at the community office with the card). */
export const CORRECTION_FIELDS = ['phone', 'residenceType', 'tags', 'name', 'other'] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];
/**
 * `applied`: the record now holds what was asked (checked, but for `other`); `partly`: changed in part or to what the
 * papers showed (the reply says what); `rejected`: not changed; `withdrawn`: the resident took the request back while it
 * was open (e.g. sent with a mistake), kept like a decided one.
 */
export const CORRECTION_STATUSES = ['open', 'applied', 'partly', 'rejected', 'withdrawn'] as const;
/** What staff may record. */
export const CORRECTION_DECISIONS = ['applied', 'partly', 'rejected'] as const;
export type CorrectionDecision = (typeof CORRECTION_DECISIONS)[number];
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
/**
 * Care tags a resident can propose: the ones set by hand under consent (the registry compares these when 已按申请修改 is
 * recorded); the age-derived ones are computed from the ID number, never typed.
 */
export const PROPOSABLE_TAGS = CONSENT_TAGS;
/** Open requests one resident may have at a time. */
export const MAX_OPEN_REQUESTS = 3;

const NAME_RE = /^[\p{Script=Han}A-Za-z·•.\- ]{1,30}$/u;
/** Where an ID number is corrected instead (said when one is typed into a request). */
const ID_NUMBER_HINT: FieldLabel = { zh: '身份证号更正请携带证件到社区办理', en: 'ID number corrections are made at the community office with the card' };

type Row = Record<string, any>;
/** What the corrections module reads of the registry. */
export type CorrectionsRegistry = Pick<RegistryService, 'ownRecord' | 'residentRef' | 'residentLabels' | 'holdsValue'>;

/**
 * Correction requests (PIPL art. 46, PRIV-09, ADR 0028): the resident reads their own record and asks for a change;
 * the community admin or grid worker of the record's area applies it through the normal edit and records the decision
 * and a reply. Nothing is applied automatically.
 */
export function createCorrectionsService(
  p: Platform, audit: AuditService, orgs: OrgsService, registry: CorrectionsRegistry, accounts: Pick<AuthService, 'activeUserIds'>,
  notifications: Pick<NotificationsService, 'notify'>, residentOfAccount: (userId: string) => Promise<string | null>,
) {
  const { database, clock, crypto } = p;
  const { db, writes, codec } = database;

  /** Fail closed: the audit row commits before personal data leaves (503 otherwise). */
  const audited = auditedRead(audit);

  /** Whether the record holds what the request asked (`other` is free text: not checkable, taken as staff say). */
  async function holdsProposal(r: Row): Promise<boolean> {
    const field = r.field as CorrectionField;
    if (field === 'other') return true;
    const value = crypto.decrypt('correction_requests.proposed_enc', r.proposed_enc as string);
    return registry.holdsValue(r.resident_id as string, field, value);
  }

  /** Validates a proposal like the registry validates the field; returns the normalised clear value and its listed form. */
  function validate(field: CorrectionField, proposed: string | string[]): { value: string; masked: string } {
    const bad = (code: string, zh: string, en: string) => errors.field('proposed', code, zh, en);
    if (field === 'tags') {
      if (!Array.isArray(proposed)) throw bad('invalid_type', '更正内容应为关爱标签列表', 'the proposed value must be a list of care tags');
      const unknown = proposed.filter((t) => !(PROPOSABLE_TAGS as readonly string[]).includes(t));
      if (unknown.length) throw bad('invalid_value', `不可选择的标签：${unknown.join('、')}`, `tags that cannot be proposed: ${unknown.join(', ')}`);
      const v = PROPOSABLE_TAGS.filter((t) => proposed.includes(t)).join(',');
      return { value: v, masked: v };
    }
    if (typeof proposed !== 'string') throw bad('invalid_type', '更正内容应为文本', 'the proposed value must be text');
    const s = proposed.trim();
    rejectIdNumber(s, 'proposed', { zh: '更正内容', en: 'proposed value' }, ID_NUMBER_HINT);
    switch (field) {
      case 'phone': {
        const { number: ph, problem } = cnMobileOrProblem(s);
        if (problem) throw bad('phone', `手机号${problem.zh}`, `mobile number ${problem.en}`);
        return { value: ph, masked: maskPhone(ph) };
      }
      case 'residenceType':
        if (!(RESIDENCE_TYPES as readonly string[]).includes(s)) throw bad('invalid_value', `可选：${RESIDENCE_TYPES.join('、')}`, `allowed: ${RESIDENCE_TYPES.join(', ')}`);
        return { value: s, masked: s };
      case 'name':
        if (!NAME_RE.test(s)) throw bad('name', '姓名应为1–30个汉字或字母', 'a name has 1–30 Chinese characters or letters');
        return { value: s, masked: maskName(s) };
      case 'other':
        if (s.length < 2 || s.length > 200) throw bad('too_small', '请用2–200个字说明需要更正的内容', 'describe the correction in 2–200 characters');
        return { value: s, masked: '******' };
    }
  }

  const FIELD_LABELS: Record<CorrectionField, string> = { phone: '手机号', residenceType: '居住类型', tags: '关怀标签', name: '姓名', other: '其他' };
  const FIELD_LABELS_EN: Record<CorrectionField, string> = { phone: 'phone number', residenceType: 'residence type', tags: 'care tags', name: 'name', other: 'other' };

  /** The resident's view of one of their requests: their own proposal in clear, except a phone (masked, as elsewhere). */
  const mine = (r: Row) => ({
    id: r.id as string, field: r.field as CorrectionField, proposed: r.field === 'phone' ? r.proposed_masked : crypto.decrypt('correction_requests.proposed_enc', r.proposed_enc),
    note: r.note_enc ? crypto.decrypt('correction_requests.note_enc', r.note_enc) : null, status: r.status as CorrectionStatus, reply: (r.reply ?? null) as string | null,
    createdAt: codec.readTs(r.created_at)!, resolvedAt: codec.readTs(r.resolved_at) ?? null,
  });

  async function inScope(principal: Principal, r: Row): Promise<boolean> {
    const ref = await registry.residentRef(r.resident_id);
    return !!ref && orgs.inScope(principal.orgPath, ref.orgPath);
  }

  return {
    /**
     * Of these residents, those with an open correction request: a work item, so opening their record does not count as
     * out-of-task browsing (ADR 0034). Internal read, not audited.
     */
    async residentsWithOpenRequests(residentIds: readonly string[]): Promise<Set<string>> {
      const rows = await inChunks(residentIds, (part) =>
        db.selectFrom('correction_requests').select('resident_id').where('resident_id', 'in', part).where('status', '=', 'open').execute());
      return new Set(rows.map((r) => r.resident_id as string));
    },

    /** 我的信息: the caller's own record, masked; audited as their read of it. `null` when the account is not linked. */
    async myRecord(principal: Principal, actor: AuditActor) {
      const residentId = await residentOfAccount(principal.id);
      const rec = residentId ? await registry.ownRecord(residentId) : null;
      if (!rec) return { linked: false as const };
      const { orgPath: _o, gridId: _g, ...shown } = rec;
      return audited(actor, {
        action: 'read', objectType: 'resident', objectId: rec.id, subjectId: rec.id, reason: 'own_record',
        fields: ['name', 'idMasked', 'phoneMasked', 'address', 'household', 'tags', 'residenceType'], outcome: 'success',
      }, { linked: true as const, record: shown });
    },

    /** The caller's correction requests, newest first. */
    async myRequests(principal: Principal, actor: AuditActor) {
      const residentId = await residentOfAccount(principal.id);
      if (!residentId) return { items: [] };
      const rows = await db.selectFrom('correction_requests').selectAll().where('resident_id', '=', residentId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return audited(actor, { action: 'read', objectType: 'correction_request', subjectId: residentId, reason: 'own_requests', outcome: 'success', count: rows.length }, { items: rows.map(mine) });
    },

    /** Records a correction request of the caller's own record and notifies the community admins of its community. */
    async submit(principal: Principal, actor: AuditActor, b: { field: CorrectionField; proposed: string | string[]; note?: string | null }) {
      const residentId = await residentOfAccount(principal.id);
      const rec = residentId ? await registry.ownRecord(residentId) : null;
      if (!rec) throw new AppError(409, 'not_linked', '您的账号尚未关联居民信息，请联系社区', 'Your account is not linked to a resident record; contact the community');
      const { value, masked } = validate(b.field, b.proposed);
      const note = b.note?.trim() || null;
      rejectIdNumber(note, 'note', { zh: '说明', en: 'note' }, ID_NUMBER_HINT);
      const open = Number((await db.selectFrom('correction_requests').select((eb) => eb.fn.countAll().as('n')).where('resident_id', '=', rec.id).where('status', '=', 'open').executeTakeFirstOrThrow()).n);
      if (open >= MAX_OPEN_REQUESTS) {
        throw errors.conflict('too_many_open', `您已有 ${open} 条待处理的更正申请，请等待社区处理后再提交`, `You already have ${open} open correction requests; wait until the community has handled them`);
      }
      const at = clock.now();
      const id = uuidv7(at.getTime());
      const above = await orgs.ancestors(rec.orgPath);
      const admins = await accounts.activeUserIds('community_admin', above.map((o) => o.id));
      await writes.run(async (trx) => {
        await trx.insertInto('correction_requests').values({
          id, resident_id: rec.id, account_id: principal.id, org_path: rec.orgPath, grid_id: rec.gridId, field: b.field,
          proposed_enc: crypto.encrypt('correction_requests.proposed_enc', value), proposed_masked: masked,
          note_enc: note ? crypto.encrypt('correction_requests.note_enc', note) : null, status: 'open', reply: null, created_at: codec.ts(at), version: 1,
        }).execute();
        // The admin sees whose record and which field — the proposed value only on the request itself (audited read).
        await notifications.notify(trx, {
          recipientIds: admins, kind: 'correction_request', objectType: 'correction_request', objectId: id, at,
          payload: { residentName: maskName(rec.name), field: b.field, fieldLabel: FIELD_LABELS[b.field] },
        });
        await audit.append(trx, actor, { action: 'correction_request', objectType: 'correction_request', objectId: id, subjectId: rec.id, fields: [b.field], outcome: 'success', count: admins.length });
      });
      return { id, field: b.field, proposed: b.field === 'phone' ? masked : value, note, status: 'open' as const, reply: null, createdAt: at.toISOString(), resolvedAt: null, notified: admins.length };
    },

    /**
     * The resident withdraws one of their own open requests (sent with a mistake, or no longer needed): status
     * `withdrawn`, dealt with now (the retention year starts), audited; it no longer counts towards the open limit. Not
     * their request (another resident's id, or unknown) → 404; already decided or withdrawn → 409. Versioned against a
     * concurrent decision.
     */
    async withdraw(principal: Principal, actor: AuditActor, id: string) {
      const residentId = await residentOfAccount(principal.id);
      if (!residentId) throw new AppError(409, 'not_linked', '您的账号尚未关联居民信息，请联系社区', 'Your account is not linked to a resident record; contact the community');
      const r = await db.selectFrom('correction_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || r.resident_id !== residentId) {
        await audited(actor, { action: 'correction_withdraw', objectType: 'correction_request', objectId: id, outcome: 'denied' }, null);
        throw errors.notFound('更正申请', 'Correction request');
      }
      if (r.status === 'withdrawn') throw errors.conflict('already_withdrawn', '该申请已撤回', 'This request has already been withdrawn');
      if (r.status !== 'open') throw errors.conflict('already_resolved', '社区已处理该申请，不能撤回', 'The community has already dealt with this request; it cannot be withdrawn');
      const at = clock.now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('correction_requests').set({ status: 'withdrawn', resolved_by: principal.id, resolved_at: codec.ts(at), version: Number(r.version) + 1 })
          .where('id', '=', id).where('version', '=', r.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.conflict('already_resolved', '社区刚刚处理了该申请，请刷新', 'The community has just dealt with this request; reload');
        await audit.append(trx, actor, { action: 'correction_withdraw', objectType: 'correction_request', objectId: id, subjectId: residentId, fields: [r.field], outcome: 'success' });
      });
      return mine({ ...r, status: 'withdrawn', resolved_at: codec.ts(at), version: Number(r.version) + 1 });
    },

    /** Staff: requests of residents in the caller's area (the record's current place), masked; audited. */
    async list(principal: Principal, actor: AuditActor, q: { status: CorrectionStatus | 'all' }) {
      let qb = db.selectFrom('correction_requests').selectAll().where('org_path', 'like', `${principal.orgPath}%`);
      if (q.status !== 'all') qb = qb.where('status', '=', q.status);
      const rows = await qb.orderBy('created_at').orderBy('id').limit(500).execute();
      const kept: Row[] = [];
      for (const r of rows) if (await inScope(principal, r)) kept.push(r);
      const labels = await registry.residentLabels(kept.map((r) => r.resident_id));
      const items = kept.map((r) => ({
        id: r.id as string, residentId: r.resident_id as string, residentName: maskName(labels.get(r.resident_id)?.name ?? ''), gridId: r.grid_id as string,
        field: r.field as CorrectionField, proposedMasked: r.proposed_masked as string, hasNote: !!r.note_enc, status: r.status as CorrectionStatus,
        reply: (r.reply ?? null) as string | null, createdAt: codec.readTs(r.created_at)!, resolvedAt: codec.readTs(r.resolved_at) ?? null, version: Number(r.version),
      }));
      // The residents listed are named in the audit (ADR 0046).
      return audited(actor, {
        action: 'read', objectType: 'correction_request', fields: ['residentName', 'proposedMasked'], outcome: 'success', count: items.length, subjectIds: items.map((i) => i.residentId),
      }, { items });
    },

    /** Staff: one request with the proposed value and the note in clear (to apply it); audited. Out of scope → 404. */
    async get(principal: Principal, actor: AuditActor, id: string) {
      const r = await db.selectFrom('correction_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || !(await inScope(principal, r))) {
        await audited(actor, { action: 'read', objectType: 'correction_request', objectId: id, outcome: 'denied' }, null);
        throw errors.notFound('更正申请', 'Correction request');
      }
      const labels = await registry.residentLabels([r.resident_id]);
      const data = {
        id: r.id as string, residentId: r.resident_id as string, residentName: maskName(labels.get(r.resident_id)?.name ?? ''), field: r.field as CorrectionField,
        proposed: crypto.decrypt('correction_requests.proposed_enc', r.proposed_enc), note: r.note_enc ? crypto.decrypt('correction_requests.note_enc', r.note_enc) : null,
        status: r.status as CorrectionStatus, reply: (r.reply ?? null) as string | null, createdAt: codec.readTs(r.created_at)!, version: Number(r.version),
      };
      return audited(actor, { action: 'read', objectType: 'correction_request', objectId: id, subjectId: r.resident_id, fields: ['proposed', 'note'], outcome: 'success' }, data);
    },

    /**
     * Staff: records the decision (`applied`: the change was made through the normal edit, and the record holds it,
     * else 409 not_applied; `partly`; `rejected`) and the reply the resident sees. Versioned; a request already decided
     * → 409; out of scope → 404 (audited as denied). The resident is notified.
     */
    async resolve(principal: Principal, actor: AuditActor, id: string, c: { decision: CorrectionDecision; reply: string; version: number }) {
      const r = await db.selectFrom('correction_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || !(await inScope(principal, r))) {
        await audited(actor, { action: 'correction_resolve', objectType: 'correction_request', objectId: id, outcome: 'denied' }, null);
        throw errors.notFound('更正申请', 'Correction request');
      }
      if (r.status === 'withdrawn') throw errors.conflict('withdrawn', '居民已撤回该申请', 'The resident has withdrawn this request');
      if (r.status !== 'open') throw errors.conflict('already_resolved', '该申请已处理', 'This request has already been resolved');
      // 已按申请修改 tells the resident their record now says what they asked: it must (walk-through, ADR 0065 addendum).
      // Nothing is applied automatically; the change is made through the normal edit first.
      if (c.decision === 'applied' && !(await holdsProposal(r))) {
        const field = r.field as CorrectionField;
        throw new AppError(409, 'not_applied',
          `居民档案中的${FIELD_LABELS[field]}还不是申请的内容。请先在居民档案中修改，再记为“已按申请修改”；只改了一部分或按核实情况改成了别的，请记为“部分修改”并在回复中说明`,
          `The record's ${FIELD_LABELS_EN[field]} is not yet what was asked. Change it on the resident's record first, then record "changed as asked"; if you changed part of it, or changed it to what the papers showed, record "partly changed" and say what in the reply`);
      }
      const at = clock.now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('correction_requests').set({ status: c.decision, reply: c.reply.trim(), resolved_by: principal.id, resolved_at: codec.ts(at), version: c.version + 1 })
          .where('id', '=', id).where('version', '=', c.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
        await notifications.notify(trx, {
          recipientIds: [r.account_id], kind: 'correction_resolved', objectType: 'correction_request', objectId: id, at,
          payload: { field: r.field, fieldLabel: FIELD_LABELS[r.field as CorrectionField] ?? r.field, decision: c.decision },
        });
        await audit.append(trx, actor, { action: 'correction_resolve', objectType: 'correction_request', objectId: id, subjectId: r.resident_id, fields: [r.field], reason: c.decision, outcome: 'success' });
      });
      return { id, status: c.decision, reply: c.reply.trim(), resolvedAt: at.toISOString(), version: c.version + 1 };
    },
  };
}

export type CorrectionsService = ReturnType<typeof createCorrectionsService>;
