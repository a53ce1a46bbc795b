import { maskName } from '@renxing/shared';
import { sql, type Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import type { Database } from '../../platform/db/database';
import { CHAIN_GENESIS as GENESIS, type ChainCheck, verifyHashChain } from '../../platform/db/hash-chain';
import { isUniqueViolation } from '../../platform/db/dialect';
import { sha256, uuidv7 } from '../../platform/ids';
import { auditedRead, type AuditActor, type AuditService, denyAudited } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { rejectIdNumber, type RegistryService } from '../registry';
import { deletionRequestCounts } from './deletions.figures';
import {
  createErasureLedger, ERASURE_LEDGER_ACTOR_ID, erasureLedgerActor, PRUNE_MIN_AGE_MS, type PruneResult, type ReapplyResult, type ReapplyTrigger,
} from './deletions.ledger';
import type { AppendOnlyFile } from '../../platform/append-only-file';
import type { SecurityAlertsService } from '../security-alerts';

/** PIPL Art. 47 para 1: why the resident asks. */
export const DELETION_GROUNDS = ['moved_away', 'no_longer_necessary', 'consent_withdrawn', 'retention_expired', 'unlawful', 'other'] as const;
export type DeletionGround = (typeof DELETION_GROUNDS)[number];
/** What is to be deleted: the care tags with their consent records, or the whole registry record. */
export const DELETION_SCOPES = ['care_tags', 'record'] as const;
export type DeletionScope = (typeof DELETION_SCOPES)[number];
export const DELETION_DECISIONS = ['erase', 'restrict', 'reject'] as const;
export type DeletionDecision = (typeof DELETION_DECISIONS)[number];
/** `withdrawn`: the resident took the request back while it was open (ADR 0037 addendum); nothing was deleted, no certificate. */
export const DELETION_STATUSES = ['open', 'erased', 'restricted', 'rejected', 'withdrawn'] as const;
export type DeletionStatus = (typeof DELETION_STATUSES)[number];
/** The decisions' statuses. */
const STATUS_OF: Record<DeletionDecision, Exclude<DeletionStatus, 'open' | 'withdrawn'>> = { erase: 'erased', restrict: 'restricted', reject: 'rejected' };
export const DELETION_NOTE_MAX = 500;
export const DELETION_REPLY_MAX = 500;
/** The permission of the deciders (community admins; ADR 0037). */
export const DELETION_DECIDE = 'deletion:decide' as const;

/** PostgreSQL advisory lock that serialises certificate links across app nodes ('RXDC'). */
const CERT_LOCK = 0x52584443;

type Row = Record<string, any>;
type Counts = Record<string, number>;
type Trx = Transaction<any>;

/** A deletion certificate (ADR 0037): counts per table, never values; hash-chained, append-only. */
export type DeletionCertificate = {
  seq: number; id: string; requestId: string; decision: DeletionDecision; scope: DeletionScope; decidedAt: string; actor: string; total: number; counts: Counts;
  prevHash: string; hash: string;
};

/** The exact text that is hashed: fixed order, counts sorted by table. */
export function canonicalDeletionCertificate(c: Omit<DeletionCertificate, 'hash' | 'prevHash'>): string {
  return JSON.stringify([c.seq, c.id, c.requestId, c.decision, c.scope, c.decidedAt, c.actor, c.total, Object.entries(c.counts).sort(([a], [b]) => a.localeCompare(b))]);
}
export const deletionCertificateHash = (prevHash: string, c: Omit<DeletionCertificate, 'hash' | 'prevHash'>) => sha256(prevHash + canonicalDeletionCertificate(c));

function certificateFromDb(codec: Database['codec'], x: Row): DeletionCertificate {
  return {
    seq: Number(x.seq), id: x.id, requestId: x.request_id, decision: x.decision, scope: x.scope, decidedAt: codec.readTs(x.decided_at)!, actor: x.actor,
    total: codec.readInt(x.total), counts: JSON.parse(x.counts) as Counts, prevHash: x.prev_hash, hash: x.hash,
  };
}

/** The result of recomputing the certificate chain: how many were checked, and the first whose link or hash is wrong. */
export type DeletionCertificateCheck = ChainCheck;

/**
 * Recomputes the deletion certificate chain from the genesis; names the first certificate whose sequence, link or hash
 * does not match. Reads only, so it also runs on the read-only connection of `renxing audit verify` (cli.ts).
 */
export async function verifyDeletionCertificates(database: Pick<Database, 'db' | 'codec'>): Promise<DeletionCertificateCheck> {
  return verifyHashChain(database.db, 'deletion_certificates', (row) => {
    const { hash, prevHash, ...body } = certificateFromDb(database.codec, row);
    return { hash, prevHash, body };
  }, deletionCertificateHash);
}

/**
 * What the deletions module needs of other modules, each through its index (wired in app.ts): the registry's reads and
 * its erasure, the accounts, notifications, the account → resident link, and the erasers of the other modules' tables
 * about one resident (self-reports, correction requests, export subjects) and of the account link.
 */
export type DeletionsDeps = {
  registry: Pick<RegistryService, 'ownRecord' | 'residentRef' | 'residentLabels' | 'erasure'>;
  accounts: Pick<AuthService, 'activeUserIds' | 'eraseResidentAccount' | 'endSessions'>;
  notifications: Pick<NotificationsService, 'notify'>;
  residentOfAccount: (userId: string) => Promise<string | null>;
  /** Other modules' rows about the resident, deleted before the record (they refer to it). */
  erasers: ReadonlyArray<(trx: Trx, residentId: string) => Promise<Counts>>;
  /** Removes the account ↔ record links; the accounts that were linked. */
  unlinkAccounts: (trx: Trx, residentId: string) => Promise<string[]>;
  /** The erasure ledger's file (ADR 0043): outside the database, one line per erase decision. */
  ledger: Pick<AppendOnlyFile, 'file' | 'append' | 'read' | 'snapshot' | 'rewrite'>;
  /** Raises the security alert when a ledger line could not be written. */
  alerts: Pick<SecurityAlertsService, 'raise'>;
};

/**
 * Deletion requests (PIPL Art. 47, SECURITY.md PRIV-09 second half, ADR 0037): the resident asks (我的信息) for their care
 * tags or whole record to be deleted; a community admin of the record's area erases, restricts (Art. 47 para 2) or
 * rejects, with the second factor. The decision, its effects, a deletion certificate, the audit row and the notification
 * commit in one transaction.
 */
export function createDeletionsService(p: Platform, audit: AuditService, orgs: OrgsService, deps: DeletionsDeps) {
  const { database, clock, crypto } = p;
  const { db, writes, codec, dialect } = database;
  const { registry, accounts, notifications, residentOfAccount } = deps;
  const ledger = createErasureLedger(p, deps.ledger, deps.alerts);

  /** Fail closed: the audit row commits before personal data leaves (503 otherwise). */
  const audited = auditedRead(audit);

  const notFound = () => errors.notFound('删除申请', 'Deletion request');

  const decryptNote = (r: Row) => (r.note_enc ? crypto.decrypt('deletion_requests.note_enc', r.note_enc) : null);

  /** The resident's view of one of their requests. */
  const mine = (r: Row) => ({
    id: r.id as string, ground: r.ground as DeletionGround, scope: r.scope as DeletionScope, note: decryptNote(r), status: r.status as DeletionStatus,
    reply: (r.reply ?? null) as string | null, createdAt: codec.readTs(r.created_at)!, decidedAt: codec.readTs(r.decided_at) ?? null,
  });

  /**
   * In the caller's area: the record's current place while it exists; an erased record's request by the place stored
   * with it (the record is gone).
   */
  async function inScope(principal: Principal, r: Row): Promise<boolean> {
    const ref = await registry.residentRef(r.resident_id);
    if (ref) return orgs.inScope(principal.orgPath, ref.orgPath);
    return orgs.inScope(principal.orgPath, r.org_path);
  }

  /** Appends the next certificate of the chain inside the decision's transaction. */
  async function certify(trx: Trx, body: Omit<DeletionCertificate, 'seq' | 'hash' | 'prevHash'>): Promise<DeletionCertificate> {
    if (dialect.name === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(CERT_LOCK)})`.execute(trx);
    const last = await trx.selectFrom('deletion_certificates').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const unsigned = { ...body, seq: last ? Number(last.seq) + 1 : 1 };
    const prevHash = last?.hash ?? GENESIS;
    const cert: DeletionCertificate = { ...unsigned, prevHash, hash: deletionCertificateHash(prevHash, unsigned) };
    await trx.insertInto('deletion_certificates').values({
      seq: cert.seq, id: cert.id, request_id: cert.requestId, decision: cert.decision, scope: cert.scope, decided_at: codec.ts(cert.decidedAt), actor: cert.actor,
      total: cert.total, counts: JSON.stringify(cert.counts), prev_hash: prevHash, hash: cert.hash,
    }).execute();
    return cert;
  }

  const certFromDb = (x: Row) => certificateFromDb(codec, x);

  /** Adds `more` into `into` (table → count). */
  const add = (into: Counts, more: Counts) => {
    for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
  };

  /**
   * The erasure itself, inside the caller's write transaction — a decision's, or its re-application after a restore (ADR
   * 0043): scope `care_tags` through the registry (consent withdrawn, tags and consent records deleted); scope `record`
   * the other modules' rows about the person, the accounts linked to the record (disabled, anonymised, unlinked) and
   * their idempotency rows, the notes and replies of the person's deletion requests, then the registry record. Counts per
   * table, and the accounts whose sessions end after the commit.
   */
  async function eraseNow(trx: Trx, actor: AuditActor, residentId: string, scope: DeletionScope, by: string, accountReason: string) {
    const counts: Counts = {};
    const disabled: string[] = [];
    if (scope === 'care_tags') {
      add(counts, await registry.erasure.eraseCareTags(trx, actor, residentId, by));
      return { counts, disabled };
    }
    for (const erase of deps.erasers) add(counts, await erase(trx, residentId));
    const linked = await deps.unlinkAccounts(trx, residentId);
    counts.resident_accounts = linked.length;
    for (const userId of linked) if (await accounts.eraseResidentAccount(trx, actor, userId, accountReason)) disabled.push(userId);
    counts['users (resident accounts disabled)'] = disabled.length;
    // Requests the account made may hold personal data in their replayed response bodies (the idempotency ledger).
    counts.idempotency_keys = linked.length
      ? Number((await trx.deleteFrom('idempotency_keys').where('actor_id', 'in', linked).executeTakeFirst()).numDeletedRows) : 0;
    // The person's deletion requests stay as the record of what was done, without their notes and the replies.
    counts['deletion_requests.note_enc'] = Number((await trx.updateTable('deletion_requests').set({ note_enc: null, reply: null })
      .where('resident_id', '=', residentId).where((eb) => eb.or([eb('note_enc', 'is not', null), eb('reply', 'is not', null)])).executeTakeFirst()).numUpdatedRows);
    add(counts, await registry.erasure.eraseRecord(trx, residentId));
    return { counts, disabled };
  }

  return {
    /** The caller's deletion requests, newest first (their note in clear: their own words). Audited. */
    async myRequests(principal: Principal, actor: AuditActor) {
      const residentId = await residentOfAccount(principal.id);
      if (!residentId) return { linked: false, items: [] };
      const rows = await db.selectFrom('deletion_requests').selectAll().where('resident_id', '=', residentId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return audited(actor, { action: 'read', objectType: 'deletion_request', subjectId: residentId, reason: 'own_requests', outcome: 'success', count: rows.length }, { linked: true, items: rows.map(mine) });
    },

    /**
     * Records a deletion request of the caller's own record and notifies the active community admins of its community
     * (masked name, scope and ground; never the note). At most one open request per resident (409 `open_request_exists`).
     */
    async submit(principal: Principal, actor: AuditActor, b: { ground: DeletionGround; scope: DeletionScope; note?: string | null }) {
      const residentId = await residentOfAccount(principal.id);
      const rec = residentId ? await registry.ownRecord(residentId) : null;
      if (!rec) throw new AppError(409, 'not_linked', '您的账号尚未关联居民信息，请联系社区', 'Your account is not linked to a resident record; contact the community');
      const note = b.note?.trim() || null;
      if (note && note.length > DELETION_NOTE_MAX) throw errors.field('note', 'too_big', `说明不能超过 ${DELETION_NOTE_MAX} 个字`, `the note must have at most ${DELETION_NOTE_MAX} characters`);
      rejectIdNumber(note, 'note', { zh: '说明', en: 'note' });
      const openExists = () => errors.conflict('open_request_exists', '您已有一份待处理的删除申请，请等待社区处理后再提交', 'You already have an open deletion request; wait until the community has decided it', [
        { path: 'scope', code: 'open_request_exists', message: '已有待处理的删除申请', messageEn: 'an open deletion request exists' },
      ]);
      const open = await db.selectFrom('deletion_requests').select('id').where('resident_id', '=', rec.id).where('status', '=', 'open').executeTakeFirst();
      if (open) throw openExists();
      const at = clock.now();
      const id = uuidv7(at.getTime());
      const above = await orgs.ancestors(rec.orgPath);
      const admins = await accounts.activeUserIds('community_admin', above.map((o) => o.id));
      try {
        await writes.run(async (trx) => {
          await trx.insertInto('deletion_requests').values({
            id, resident_id: rec.id, account_id: principal.id, org_path: rec.orgPath, grid_id: rec.gridId, ground: b.ground, scope: b.scope,
            note_enc: note ? crypto.encrypt('deletion_requests.note_enc', note) : null, status: 'open', reply: null, created_at: codec.ts(at), version: 1,
          }).execute();
          await notifications.notify(trx, {
            recipientIds: admins, kind: 'deletion_request', objectType: 'deletion_request', objectId: id, at,
            payload: { residentName: maskName(rec.name), scope: b.scope, ground: b.ground },
          });
          await audit.append(trx, actor, {
            action: 'deletion_request', objectType: 'deletion_request', objectId: id, subjectId: rec.id, fields: [b.scope], reason: b.ground, outcome: 'success', count: admins.length,
          });
        });
      } catch (e) {
        // Two submissions at once: the partial unique index keeps one open request per resident.
        if (isUniqueViolation(e)) throw openExists();
        throw e;
      }
      return { id, ground: b.ground, scope: b.scope, note, status: 'open' as const, reply: null, createdAt: at.toISOString(), decidedAt: null, notified: admins.length };
    },

    /**
     * The resident withdraws their own open request (e.g. a whole-record request sent by mistake): status `withdrawn`,
     * `decided_at` set (the retention year starts; the transparency figures do not count it as a decision), audited
     * `deletion_request_withdraw`. No certificate: nothing was deleted. Not their request (another resident's id, or
     * unknown) → 404, audited as denied; already decided or withdrawn → 409. Versioned against a concurrent decision.
     */
    async withdraw(principal: Principal, actor: AuditActor, id: string) {
      const residentId = await residentOfAccount(principal.id);
      if (!residentId) throw new AppError(409, 'not_linked', '您的账号尚未关联居民信息，请联系社区', 'Your account is not linked to a resident record; contact the community');
      const r = await db.selectFrom('deletion_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || r.resident_id !== residentId) {
        return denyAudited(audit, actor, { action: 'deletion_request_withdraw', objectType: 'deletion_request', objectId: id }, notFound());
      }
      if (r.status === 'withdrawn') throw errors.conflict('already_withdrawn', '该申请已撤回', 'This request has already been withdrawn');
      if (r.status !== 'open') throw errors.conflict('already_decided', '社区已处理该申请，不能撤回', 'The community has already decided this request; it cannot be withdrawn');
      const at = clock.now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('deletion_requests').set({ status: 'withdrawn', decided_by: principal.id, decided_at: codec.ts(at), version: Number(r.version) + 1 })
          .where('id', '=', id).where('version', '=', r.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.conflict('already_decided', '社区刚刚处理了该申请，请刷新', 'The community has just decided this request; reload');
        await audit.append(trx, actor, {
          action: 'deletion_request_withdraw', objectType: 'deletion_request', objectId: id, subjectId: residentId, fields: [r.scope], reason: r.ground, outcome: 'success',
        });
      });
      return mine({ ...r, status: 'withdrawn', decided_by: principal.id, decided_at: codec.ts(at), version: Number(r.version) + 1 });
    },

    /** Staff: requests of residents in the caller's area, masked; audited with a count. */
    async list(principal: Principal, actor: AuditActor, q: { status: DeletionStatus | 'all' }) {
      let qb = db.selectFrom('deletion_requests').selectAll().where('org_path', 'like', `${principal.orgPath}%`);
      if (q.status !== 'all') qb = qb.where('status', '=', q.status);
      const rows = await qb.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
      const kept: Row[] = [];
      for (const r of rows) if (await inScope(principal, r)) kept.push(r);
      const labels = await registry.residentLabels(kept.map((r) => r.resident_id));
      const items = kept.map((r) => {
        const label = labels.get(r.resident_id);
        return {
          id: r.id as string, residentId: r.resident_id as string, residentName: label ? maskName(label.name) : null, recordErased: !label, gridId: r.grid_id as string,
          ground: r.ground as DeletionGround, scope: r.scope as DeletionScope, hasNote: !!r.note_enc, status: r.status as DeletionStatus, reply: (r.reply ?? null) as string | null,
          createdAt: codec.readTs(r.created_at)!, decidedAt: codec.readTs(r.decided_at) ?? null, version: Number(r.version),
        };
      });
      // The residents listed are named in the audit (ADR 0046), an erased record's id too (ids only, like subject_id).
      return audited(actor, {
        action: 'read', objectType: 'deletion_request', fields: ['residentName'], outcome: 'success', count: items.length, subjectIds: items.map((i) => i.residentId),
      }, { items });
    },

    /** Staff: one request with the note in clear and the record's state; audited. Out of scope → 404 (audited as denied). */
    async get(principal: Principal, actor: AuditActor, id: string) {
      const r = await db.selectFrom('deletion_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || !(await inScope(principal, r))) {
        return denyAudited(audit, actor, { action: 'read', objectType: 'deletion_request', objectId: id }, notFound());
      }
      const rec = await registry.ownRecord(r.resident_id);
      const cert = r.certificate_id ? await db.selectFrom('deletion_certificates').selectAll().where('id', '=', r.certificate_id).executeTakeFirst() : null;
      const data = {
        id: r.id as string, residentId: r.resident_id as string, ground: r.ground as DeletionGround, scope: r.scope as DeletionScope, note: decryptNote(r),
        status: r.status as DeletionStatus, reply: (r.reply ?? null) as string | null, createdAt: codec.readTs(r.created_at)!, decidedAt: codec.readTs(r.decided_at) ?? null,
        version: Number(r.version),
        // What a decision would touch: masked name, status, restricted flag, care tags (never numbers). Null once erased.
        resident: rec
          ? { nameMasked: maskName(rec.name), status: rec.status, restricted: (await registry.residentLabels([rec.id])).get(rec.id)?.restricted ?? false, tags: rec.tags, householdSize: rec.household.length + 1 }
          : null,
        certificate: cert ? certFromDb(cert) : null,
      };
      return audited(actor, { action: 'read', objectType: 'deletion_request', objectId: id, subjectId: r.resident_id, fields: ['note', 'residentName', 'tags'], outcome: 'success' }, data);
    },

    /**
     * Staff: decides a request (second factor on the route). `erase` deletes what the scope names, `restrict` sets the
     * restricted flag at the subject's request (Art. 47 para 2), `reject` records only the decision; restrict and reject
     * need a reply (the resident sees why). The decision, its effects, the deletion certificate, the audit row (counts
     * only) and the resident's notification commit together; an erased record's account is disabled and unlinked (its
     * sessions end after the commit) and gets no notification. Out of scope → 404, one's own record → 403, decided or
     * stale → 409 (all refusals audited as denied).
     */
    async decide(principal: Principal, actor: AuditActor, id: string, c: { decision: DeletionDecision; reply?: string | null; version: number }) {
      const r = await db.selectFrom('deletion_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || !(await inScope(principal, r))) {
        return denyAudited(audit, actor, { action: 'deletion_decide', objectType: 'deletion_request', objectId: id }, notFound());
      }
      // Nobody decides about their own record: residents cannot hold this permission, but an account linked to the
      // record (resident_accounts accepts any account) or the requester's own account is refused.
      if (r.account_id === principal.id || (await residentOfAccount(principal.id)) === r.resident_id) {
        return denyAudited(audit, actor, { action: 'deletion_decide', objectType: 'deletion_request', objectId: id, subjectId: r.resident_id, reason: 'own_record', severity: 'high' },
          new AppError(403, 'own_record', '不能处理与您本人档案有关的删除申请，请由其他负责人处理', 'You cannot decide a deletion request about your own record; another responsible person must'));
      }
      if (r.status === 'withdrawn') throw errors.conflict('withdrawn', '居民已撤回该申请', 'The resident has withdrawn this request');
      if (r.status !== 'open') throw errors.conflict('already_decided', '该申请已处理', 'This request has already been decided');
      const reply = c.reply?.trim() || null;
      if (c.decision !== 'erase' && (!reply || reply.length < 2)) {
        throw errors.field('reply', 'reply_required', '限制处理或不予删除时，请写明理由（至少 2 个字），居民会看到', 'restricting or rejecting needs a reason of at least 2 characters; the resident sees it');
      }
      if (reply && reply.length > DELETION_REPLY_MAX) throw errors.field('reply', 'too_big', `答复不能超过 ${DELETION_REPLY_MAX} 个字`, `the reply must have at most ${DELETION_REPLY_MAX} characters`);
      rejectIdNumber(reply, 'reply', { zh: '答复', en: 'reply' });
      const scope = r.scope as DeletionScope;
      const status = STATUS_OF[c.decision];
      const eraseRecord = c.decision === 'erase' && scope === 'record';
      const at = clock.now();
      const certId = uuidv7(at.getTime());
      const disabled: string[] = [];
      const out = await writes.run(async (trx) => {
        const res = await trx.updateTable('deletion_requests').set({
          status, reply, decided_by: principal.id, decided_at: codec.ts(at), certificate_id: certId, version: c.version + 1,
        }).where('id', '=', id).where('version', '=', c.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
        const counts: Counts = {};
        if (c.decision === 'erase') {
          const erased = await eraseNow(trx, actor, r.resident_id, scope, principal.id, `deletion_request ${id}`);
          add(counts, erased.counts);
          disabled.push(...erased.disabled);
        }
        if (c.decision === 'restrict') add(counts, await registry.erasure.restrict(trx, actor, r.resident_id, id));
        const total = Object.values(counts).reduce((n, v) => n + v, 0);
        const cert = await certify(trx, { id: certId, requestId: id, decision: c.decision, scope, decidedAt: at.toISOString(), actor: principal.id, total, counts });
        if (!eraseRecord) {
          await notifications.notify(trx, {
            recipientIds: [r.account_id], kind: 'deletion_decided', objectType: 'deletion_request', objectId: id, at, payload: { scope, decision: c.decision },
          });
        }
        await audit.append(trx, actor, {
          action: 'deletion_decide', objectType: 'deletion_request', objectId: id, subjectId: r.resident_id, outcome: 'success', severity: eraseRecord ? 'high' : 'normal', count: total,
          fields: Object.entries(counts).filter(([, v]) => v > 0).map(([k]) => k),
          reason: `${c.decision} ${scope}; certificate #${cert.seq} ${cert.hash}; ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join('; ')}`,
        });
        return cert;
      });
      // The erasure is committed: its ledger line now (ADR 0043; a transaction that failed leaves none). A failure to
      // write it is logged and raised as a security alert, never undoes the erasure.
      if (c.decision === 'erase') {
        await ledger.record(
          { requestId: id, residentId: r.resident_id, scope, certificateSeq: out.seq, certificateHash: out.hash, decidedAt: out.decidedAt },
          { actorId: principal.id, orgPath: r.org_path },
        );
      }
      for (const userId of disabled) await accounts.endSessions(userId);
      return { id, status, reply, decidedAt: at.toISOString(), version: c.version + 1, certificate: out };
    },

    /**
     * Applies again every erasure of the ledger whose effect is missing (ADR 0043: a restored backup brought the data
     * back) — `renxing restore`, `renxing erasures reapply`, and every start of the server. Each through the decision's
     * erasure, in its own transaction, with a new certificate (decision `erase`, actor `system:erasure-ledger`) and a
     * `deletion_reapply` audit row naming the ledger's certificate and what started it; a request the backup still holds
     * as open is marked erased at the decision's time with the new certificate. Idempotent: what is gone stays alone. On
     * PostgreSQL the certificate lock is taken before the second look, so app nodes starting together re-apply it once.
     */
    async reapplyErasures(trigger: ReapplyTrigger): Promise<ReapplyResult> {
      const { entries, prunedBefore, invalidLines } = ledger.read();
      // Erase decisions this database certifies that the ledger lacks are added first (a crash between commit and
      // append, an append that failed, decisions from before the ledger): the first certificate of each request —
      // except those decided before the ledger's pruning mark (their lines were removed on purpose).
      const key = (e: { requestId: string; scope: string }) => `${e.requestId} ${e.scope}`;
      const known = new Set(entries.map(key));
      let backfilled = 0;
      const certified = await db.selectFrom('deletion_certificates as c').innerJoin('deletion_requests as r', 'r.id', 'c.request_id')
        .select(['c.request_id', 'c.scope', 'c.seq', 'c.hash', 'c.decided_at', 'r.resident_id']).where('c.decision', '=', 'erase').orderBy('c.seq').execute();
      for (const x of certified) {
        const e = {
          requestId: x.request_id as string, residentId: x.resident_id as string, scope: x.scope as DeletionScope, certificateSeq: Number(x.seq), certificateHash: x.hash as string,
          decidedAt: codec.readTs(x.decided_at)!,
        };
        if (known.has(key(e)) || (prunedBefore && e.decidedAt < prunedBefore)) continue;
        known.add(key(e));
        entries.push(e);
        if (ledger.backfill(e)) backfilled++;
      }
      const actor = erasureLedgerActor();
      const items: ReapplyResult['items'] = [];
      for (const e of entries) {
        // A first look outside any write transaction: nearly every line is still in force, and start-up reads them all.
        if (!(await registry.erasure.erasureUndone(db, e.residentId, e.scope, e.decidedAt))) continue;
        const at = clock.now();
        const certId = uuidv7(at.getTime());
        const disabled: string[] = [];
        const cert = await writes.run(async (trx) => {
          if (dialect.name === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(CERT_LOCK)})`.execute(trx);
          if (!(await registry.erasure.erasureUndone(trx, e.residentId, e.scope, e.decidedAt))) return null;
          const erased = await eraseNow(trx, actor, e.residentId, e.scope, ERASURE_LEDGER_ACTOR_ID, `deletion_request ${e.requestId} (re-applied after a restore)`);
          disabled.push(...erased.disabled);
          const { counts } = erased;
          const total = Object.values(counts).reduce((n, v) => n + v, 0);
          const c = await certify(trx, { id: certId, requestId: e.requestId, decision: 'erase', scope: e.scope, decidedAt: at.toISOString(), actor: ERASURE_LEDGER_ACTOR_ID, total, counts });
          await trx.updateTable('deletion_requests').set((eb) => ({ status: 'erased', decided_at: codec.ts(e.decidedAt), certificate_id: certId, version: eb('version', '+', 1) }))
            .where('id', '=', e.requestId).where('status', '=', 'open').execute();
          await audit.append(trx, actor, {
            action: 'deletion_reapply', objectType: 'deletion_request', objectId: e.requestId, subjectId: e.residentId, outcome: 'success',
            severity: e.scope === 'record' ? 'high' : 'normal', count: total, fields: Object.entries(counts).filter(([, v]) => v > 0).map(([k]) => k),
            reason: `re-applied after a restore (${trigger}): erase ${e.scope} of certificate #${e.certificateSeq} ${e.certificateHash} decided ${e.decidedAt}; `
              + `certificate #${c.seq} ${c.hash}; ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join('; ')}`,
          });
          return c;
        });
        for (const userId of disabled) await accounts.endSessions(userId);
        if (cert) items.push({ requestId: e.requestId, scope: e.scope, certificateSeq: cert.seq, certificateHash: cert.hash });
      }
      return { checked: entries.length, reapplied: items.length, backfilled, invalidLines, items };
    },

    /**
     * `renxing erasures prune` (ADR 0043, addendum): removes the ledger lines of erasures decided before `cutoff` — the
     * operator's statement that no backup older than it will ever be restored. Refused (400, `field`) for a cutoff in
     * the future or within the last 24 hours. A line whose erasure is not in force in this database (the check
     * `reapplyErasures` makes) is kept and counted. One audit row `erasure_ledger_prune` (counts and the cutoff only).
     */
    async pruneLedger(opts: { cutoff: Date; dryRun: boolean; actor: AuditActor; field?: string }): Promise<PruneResult> {
      const field = opts.field ?? 'cutoff';
      const now = clock.now();
      if (Number.isNaN(opts.cutoff.getTime())) throw errors.field(field, 'invalid_date', `${field} 不是有效的日期或时间`, `${field} is not a valid date or time`);
      if (opts.cutoff.getTime() > now.getTime()) {
        throw errors.field(field, 'cutoff_in_future', `${field} 在未来：截止时间须为仍保留的最早备份的时间`, `${field} is in the future: the cutoff must be the time of the oldest backup still kept`);
      }
      if (now.getTime() - opts.cutoff.getTime() < PRUNE_MIN_AGE_MS) {
        throw errors.field(field, 'cutoff_too_recent', `${field} 距今不足 24 小时：恢复昨天的备份是最常见的情况，其后的删除仍需在恢复后重新执行`,
          `${field} is less than 24 hours ago: restoring yesterday's backup is the common case, and the erasures since then must still be re-applied after it`);
      }
      const res = await ledger.prune(opts.cutoff, async (e) => !(await registry.erasure.erasureUndone(db, e.residentId, e.scope, e.decidedAt)), opts.dryRun);
      if (!opts.dryRun) {
        await audit.record(opts.actor, {
          action: 'erasure_ledger_prune', objectType: 'erasure_ledger', outcome: 'success', severity: 'normal', count: res.removed,
          reason: `lines of erasures decided before ${res.cutoff} removed: ${res.removed}; kept ${res.kept} (not in force ${res.notInForce})`,
        });
      }
      return res;
    },

    /** Certificates, newest first (counts only). */
    async certificates(q: { page: number; pageSize: number }) {
      const total = codec.readInt((await db.selectFrom('deletion_certificates').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await db.selectFrom('deletion_certificates').selectAll().orderBy('seq', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      return { items: rows.map(certFromDb), total, page: q.page, pageSize: q.pageSize };
    },

    /** Recomputes the certificate chain; names the first certificate whose link or hash does not match. */
    async verifyCertificates(): Promise<DeletionCertificateCheck> {
      return verifyDeletionCertificates(database);
    },

    /**
     * The auditor's check of the certificate chain (GET /api/registry/deletion-certificates/verify), recorded in the audit
     * log like the audit chain check (`audit_verify`): who checked, how many certificates, and the broken one (high).
     */
    async checkCertificates(actor: AuditActor): Promise<DeletionCertificateCheck> {
      const res = await verifyDeletionCertificates(database);
      await audit.record(actor, {
        action: 'certificate_verify', objectType: 'deletion_certificate', outcome: res.ok ? 'success' : 'error', severity: res.ok ? 'normal' : 'high', count: res.checked,
        objectId: res.firstBrokenSeq === null ? null : String(res.firstBrokenSeq), reason: res.ok ? null : `broken at certificate #${res.firstBrokenSeq}`,
      });
      return res;
    },

    /**
     * Counts for the transparency report (counts only, no ids): requests made in [from, to), and decisions taken in it by
     * outcome; `areaPath` narrows to requests whose record was under that org path when asked.
     */
    async deletionFigures(from: Date | string, to: Date | string, areaPath?: string) {
      return deletionRequestCounts(db, codec, { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, areaPath ?? null);
    },
  };
}

export type DeletionsService = ReturnType<typeof createDeletionsService>;
