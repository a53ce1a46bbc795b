import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Database } from '../../platform/db/database';
import { uuidv7 } from '../../platform/ids';
import { type AuditActor, type AuditService, denyAudited } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';

/**
 * Kinds raised today: `daily_export_cap` (exports over the per-person daily cap, SECURITY.md §5 T1), `browsing`
 * (more distinct residents opened within the window than the threshold, SECURITY.md §7 test 27, ADR 0034) and
 * `search_outside_scope` (more name searches than the threshold that found nobody in scope but matched residents
 * outside it, SECURITY.md §5 T2, ADR 0040), and `erasure_ledger_failed` (an erasure committed but its line in the
 * erasure ledger could not be written, so a restore would bring the data back; ADR 0043), and `device_identity_mismatch` (a
 * gate terminal published an event naming another device than its own, SECURITY test 50, ADR 0081) and
 * `device_colour_mismatch` (a terminal's claimed colours differed from the mirror three times: it is held, test 52).
 */
export const SECURITY_ALERT_KINDS = ['daily_export_cap', 'browsing', 'search_outside_scope', 'erasure_ledger_failed', 'device_identity_mismatch', 'device_colour_mismatch'] as const;
export const SECURITY_ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type SecurityAlertStatus = (typeof SECURITY_ALERT_STATUSES)[number];
/** What the list shows unless asked for a status: alerts still to be dealt with. */
export const SECURITY_ALERT_DEFAULT_STATUSES: readonly SecurityAlertStatus[] = ['open', 'acknowledged'];
/** Shortest closing note ("what was done", e.g. 已核实为正常入户走访). */
export const SECURITY_ALERT_CLOSE_NOTE_MIN = 4;

/** One alert to raise inside the caller's write transaction. `details` must hold no personal data of residents. */
export type SecurityAlertInput = {
  kind: string;
  severity: 'normal' | 'high';
  /** The account whose behaviour raised it. */
  actorId: string | null;
  /** Where it belongs (the actor's org path): who may see it is decided by this path. */
  orgPath: string | null;
  objectType?: string | null;
  objectId?: string | null;
  count?: number | null;
  details?: Record<string, unknown>;
  at: Date;
};

/** An alert as the security admin's list shows it: the account by name, role and organisation, never a resident. */
export type SecurityAlertView = {
  id: string; createdAt: string; kind: string; severity: 'normal' | 'high'; status: SecurityAlertStatus;
  actor: { id: string; displayName: string | null; role: string | null; orgName: string | null } | null;
  count: number | null; details: Record<string, unknown>;
  /** Who acknowledged / closed it, when, and their note (ADR 0034 addendum). */
  acknowledged: SecurityAlertStep | null;
  closed: SecurityAlertStep | null;
};
export type SecurityAlertStep = { at: string; by: { id: string; displayName: string | null } | null; note: string | null };

/**
 * The `security_alerts` table (created with exports, migration 0003): other modules raise alerts through `raise`
 * inside their own write transaction; the security admin lists those of their area (`GET /api/admin/security-alerts`).
 */
export function createSecurityAlertsService(
  database: Database, audit: AuditService, orgs: OrgsService, accounts: Pick<AuthService, 'userRefs'>, now: () => Date,
  notifications?: Pick<NotificationsService, 'settle'>,
) {
  const { db, codec, writes } = database;

  const TRANSITIONS = {
    acknowledge: { from: ['open'], to: 'acknowledged', action: 'security_alert_ack', at: 'acknowledged_at', by: 'acknowledged_by', note: 'ack_note' },
    close: { from: ['open', 'acknowledged'], to: 'closed', action: 'security_alert_close', at: 'closed_at', by: 'closed_by', note: 'close_note' },
  } as const;

  /**
   * Moves one alert of the caller's area on: open → acknowledged → closed, or open → closed. Optimistic: the update
   * matches only the status it was decided on, so a second admin acting at the same time gets 409 with the current
   * status. Unknown or outside the caller's area: 404 (audited as denied). The note is stored, never audited.
   */
  async function transition(principal: Principal, actor: AuditActor, id: string, step: keyof typeof TRANSITIONS, note: string | null) {
    const tr = TRANSITIONS[step];
    const row = await db.selectFrom('security_alerts').select(['id', 'status', 'org_path', 'actor_id']).where('id', '=', id).executeTakeFirst();
    if (!row || !row.org_path || !orgs.inScope(principal.orgPath, row.org_path)) {
      return denyAudited(audit, actor, { action: tr.action, objectType: 'security_alert', objectId: id, reason: 'not_found' }, errors.notFound('安全提醒', 'Security alert'));
    }
    // An admin does not sign off an alert about their own account (e.g. their own export over the cap): another admin
    // of the area, or one above, does.
    if (row.actor_id === principal.id) {
      return denyAudited(audit, actor, { action: tr.action, objectType: 'security_alert', objectId: id, reason: 'own_alert', severity: 'high' }, new AppError(
        403, 'own_security_alert', '不能处理关于您本人账号的安全提醒，请由其他安全管理员处理', 'You cannot handle a security alert about your own account; another security admin must',
      ));
    }
    const at = now();
    const outcome = await writes.run(async (trx) => {
      const r = await trx.updateTable('security_alerts')
        .set({ status: tr.to, [tr.at]: codec.ts(at), [tr.by]: principal.id, [tr.note]: note })
        .where('id', '=', id).where('status', 'in', [...tr.from]).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) {
        const cur = await trx.selectFrom('security_alerts').select('status').where('id', '=', id).executeTakeFirst();
        return { ok: false as const, status: (cur?.status ?? row.status) as SecurityAlertStatus };
      }
      await audit.append(trx, actor, { action: tr.action, objectType: 'security_alert', objectId: id, fields: note ? [tr.note] : [], outcome: 'success' });
      // Someone has dealt with it: the other security admins' bells stop counting it.
      await notifications?.settle(trx, 'security_alert', id, at);
      return { ok: true as const };
    });
    if (!outcome.ok) {
      const zh = STATUS_ZH[outcome.status];
      return denyAudited(audit, actor, { action: tr.action, objectType: 'security_alert', objectId: id, reason: `status_${outcome.status}` }, errors.conflict(
        'alert_status_conflict', `该提醒当前为“${zh}”，不能${step === 'close' ? '关闭' : '确认'}`, `This alert is ${outcome.status}; it cannot be ${step === 'close' ? 'closed' : 'acknowledged'}`,
        [{ path: 'status', code: outcome.status, message: `当前状态：${zh}`, messageEn: `current status: ${outcome.status}` }],
      ));
    }
    return (await views([await db.selectFrom('security_alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]))[0]!;
  }

  /** Rows as the list shows them: accounts by name, role and organisation (one lookup for all the rows). */
  async function views(rows: any[]): Promise<SecurityAlertView[]> {
    const ids = rows.flatMap((r) => [r.actor_id, r.acknowledged_by, r.closed_by] as Array<string | null>).filter((x): x is string => !!x);
    const refs = await accounts.userRefs([...new Set(ids)]);
    const orgNames = new Map<string, string>();
    for (const ref of refs.values()) {
      if (!orgNames.has(ref.orgId)) orgNames.set(ref.orgId, (await orgs.get(ref.orgId))?.name ?? '');
    }
    const stepOf = (atTs: unknown, by: string | null, note: string | null): SecurityAlertStep | null =>
      atTs == null ? null : { at: codec.readTs(atTs as string)!, by: by ? { id: by, displayName: refs.get(by)?.displayName ?? null } : null, note: note ?? null };
    return rows.map((r) => {
      const ref = r.actor_id ? refs.get(r.actor_id) : undefined;
      return {
        id: r.id, createdAt: codec.readTs(r.created_at)!, kind: r.kind, severity: r.severity, status: r.status,
        actor: r.actor_id ? { id: r.actor_id, displayName: ref?.displayName ?? null, role: ref?.role ?? null, orgName: ref ? orgNames.get(ref.orgId) || null : null } : null,
        count: r.count == null ? null : Number(r.count), details: codec.readJson<Record<string, unknown>>(r.details) ?? {},
        acknowledged: stepOf(r.acknowledged_at, r.acknowledged_by, r.ack_note), closed: stepOf(r.closed_at, r.closed_by, r.close_note),
      };
    });
  }

  return {
    /** Writes one alert through the caller's transaction (it commits or rolls back with the write it is about). */
    async raise(trx: Transaction<any>, a: SecurityAlertInput): Promise<string> {
      const id = uuidv7(a.at.getTime());
      await trx.insertInto('security_alerts').values({
        id, created_at: codec.ts(a.at), kind: a.kind, severity: a.severity, actor_id: a.actorId, org_path: a.orgPath,
        object_type: a.objectType ?? null, object_id: a.objectId ?? null, count: a.count ?? null, details: codec.json(a.details ?? {}), status: 'open',
      }).execute();
      return id;
    },

    /** Whether `actorId` has had an alert of `kind` raised at or after `since` (read through the caller's transaction). */
    async raisedSince(trx: Transaction<any>, actorId: string, kind: string, since: Date): Promise<boolean> {
      const r = await trx.selectFrom('security_alerts').select('id').where('actor_id', '=', actorId).where('kind', '=', kind)
        .where('created_at', '>=', codec.ts(since)).limit(1).executeTakeFirst();
      return !!r;
    },

    /**
     * Alerts of the caller's area (the alert's org path under the caller's), newest first. Audited as a list (it names
     * staff accounts); no resident appears in an alert.
     */
    async list(principal: Principal, actor: AuditActor, q: { kind?: string; status?: SecurityAlertStatus[]; page: number; pageSize: number }) {
      let base = db.selectFrom('security_alerts').where('org_path', 'like', `${principal.orgPath}%`);
      if (q.kind) base = base.where('kind', '=', q.kind);
      base = base.where('status', 'in', q.status?.length ? q.status : [...SECURITY_ALERT_DEFAULT_STATUSES]);
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      const items = await views(rows);
      await audit.record(actor, { action: 'list', objectType: 'security_alert', outcome: 'success', count: items.length });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },

    /** open → acknowledged (optional note). */
    acknowledge: (principal: Principal, actor: AuditActor, id: string, note: string | null) => transition(principal, actor, id, 'acknowledge', note),
    /** open or acknowledged → closed, with a note saying what was done. */
    close: (principal: Principal, actor: AuditActor, id: string, note: string) => transition(principal, actor, id, 'close', note),
  };
}

const STATUS_ZH: Record<SecurityAlertStatus, string> = { open: '待处理', acknowledged: '已知悉', closed: '已关闭' };

export type SecurityAlertsService = ReturnType<typeof createSecurityAlertsService>;
