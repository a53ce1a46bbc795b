import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import type { AuditActor, AuditEntry, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import type { SecurityAlertsService } from '../security-alerts';

/**
 * Out-of-task browsing (SECURITY.md §5 T2 "more than N distinct residents viewed outside the worker's task list per
 * hour", §7 test 27, ASVS 11.1.7; ADR 0034).
 *
 * What counts: opening a resident's profile (full view, also under a break-the-glass grant) and revealing their ID or
 * phone number — one per distinct resident in a sliding window. Lists, search results, household pages and restricted
 * stubs (masked rows) do not count. A resident is "in task" — not counted — when the user registered or changed the
 * record within the window, or, looked up when the count reaches the threshold, when the resident has an open work
 * item (an open correction request or fever follow-up: `OpenWorkLookup`, injected because those modules sit above the
 * registry).
 *
 * With threshold T (SECURITY test 27: "31 distinct residents … (threshold 30) → an alert row; the 32nd read requires
 * step-up or is blocked"): reads 1…T pass; read T+1 passes and raises one high-severity security alert (at most one per
 * user and window) with a notification to the security admins above the user; from read T+2 on, a resident not yet
 * opened in the window needs a step-up younger than the window (401 `step_up_required`, the user re-enters the password:
 * POST /api/auth/step-up) or, with `block` (and always for API tokens, which cannot step up), answers 429
 * `browsing_limit` with Retry-After until enough earlier reads leave the window. Residents already opened in the window
 * open again freely. Reads over the threshold are audited at high severity.
 *
 * Cost per profile open: one indexed range query (user, last_read_at) and one upsert, in the same transaction as the
 * read's audit row (so count, audit row and alert commit together; the group-commit queue serialises them per node).
 */
export type BrowsingPolicy = { threshold: number; windowMinutes: number; action: 'step_up' | 'block' };

/** Of these residents, those with an open work item (open correction request, open fever follow-up, …). */
export type OpenWorkLookup = (residentIds: string[]) => Promise<Set<string>>;

export type BrowsingDeps = {
  alerts: Pick<SecurityAlertsService, 'raise' | 'raisedSince'>;
  openWork?: OpenWorkLookup;
};

export const BROWSING_ALERT_KIND = 'browsing';

type Decision =
  | { kind: 'ok' }
  | { kind: 'check' }
  | { kind: 'step_up' | 'block'; opened: number };

export function createBrowsingGuard(
  p: Platform, audit: AuditService, orgs: OrgsService, accounts: Pick<AuthService, 'activeUserIds'>, notifications: Pick<NotificationsService, 'notify'>,
  deps: BrowsingDeps,
) {
  const { database, clock, logger, config } = p;
  const { db, writes, codec } = database;
  const policy: BrowsingPolicy = { threshold: config.browsingThreshold, windowMinutes: config.browsingWindowMinutes, action: config.browsingAction };
  const windowMs = policy.windowMinutes * 60_000;

  /**
   * The window's distinct residents not in task (`outOfTask`, this one included if it was opened in the window), and
   * whether `residentId` was opened in the window (`seen`). A read is in the window while `last_read_at` > now − window.
   */
  async function state(trx: Transaction<any>, userId: string, residentId: string, cutoff: Date) {
    const r = await trx.selectFrom('resident_reads').where('user_id', '=', userId).where('last_read_at', '>', codec.ts(cutoff))
      .select((eb) => [
        eb.fn.sum<number | string | null>(eb.case().when('in_task', '=', codec.bool(false)).then(eb.lit(1)).else(eb.lit(0)).end()).as('out_of_task'),
        eb.fn.sum<number | string | null>(eb.case().when('resident_id', '=', residentId).then(eb.lit(1)).else(eb.lit(0)).end()).as('seen'),
      ]).executeTakeFirst();
    return { outOfTask: Number(r?.out_of_task ?? 0), seen: Number(r?.seen ?? 0) > 0 };
  }

  /** Records the read: a resident already in the window keeps its in-task flag; one new to the window gets `inTask`. */
  async function upsert(trx: Transaction<any>, userId: string, residentId: string, at: Date, inTask: boolean, seen: boolean) {
    const ts = codec.ts(at);
    await trx.insertInto('resident_reads').values({ user_id: userId, resident_id: residentId, last_read_at: ts, in_task: codec.bool(inTask) })
      .onConflict((oc) => oc.columns(['user_id', 'resident_id']).doUpdateSet(seen ? { last_read_at: ts } : { last_read_at: ts, in_task: codec.bool(inTask) }))
      .execute();
  }

  const steppedUp = (principal: Principal, at: Date) => !!principal.stepUpAt && Date.parse(principal.stepUpAt) > at.getTime() - windowMs;

  /** The active security admins of the user's org and the orgs above it (they get the alert's notification). */
  async function securityAdmins(principal: Principal): Promise<string[]> {
    const above = await orgs.ancestors(principal.orgPath);
    return accounts.activeUserIds('security_admin', above.map((o) => o.id));
  }

  /** When a new resident may be opened again in `block` mode: once `opened - threshold` of the oldest counted reads left the window. */
  async function retryAfterSeconds(userId: string, opened: number, at: Date): Promise<number> {
    const cutoff = new Date(at.getTime() - windowMs);
    const r = await db.selectFrom('resident_reads').select('last_read_at').where('user_id', '=', userId).where('in_task', '=', codec.bool(false))
      .where('last_read_at', '>', codec.ts(cutoff)).orderBy('last_read_at').limit(1).offset(Math.max(0, opened - policy.threshold - 1)).executeTakeFirst();
    const frees = r ? Date.parse(codec.readTs(r.last_read_at)!) + windowMs : at.getTime() + windowMs;
    return Math.max(1, Math.ceil((frees - at.getTime()) / 1000));
  }

  async function refuse(principal: Principal, actor: AuditActor, residentId: string, entry: AuditEntry, d: { kind: 'step_up' | 'block'; opened: number }, at: Date): Promise<never> {
    // No data left the server: the attempt is audited without the resident as subject (it is not an access to their record).
    await audit.record(actor, {
      action: entry.action, objectType: 'resident', objectId: residentId, purpose: entry.purpose ?? null, outcome: 'denied', severity: 'high',
      reason: d.kind === 'step_up' ? 'step_up_required' : 'browsing_limit', count: d.opened,
    });
    const w = policy.windowMinutes;
    const detail = { path: 'browsing', code: d.kind === 'step_up' ? 'step_up' : 'browsing_limit' };
    if (d.kind === 'step_up') {
      throw new AppError(401, 'step_up_required',
        `您在 ${w} 分钟内已查看 ${d.opened} 位居民的档案，超过了 ${policy.threshold} 位的提醒线。请输入登录密码确认是您本人在操作，然后继续；此次确认会被记录。`,
        `You have opened ${d.opened} residents' records within ${w} minutes, more than the ${policy.threshold} that call for a check. Enter your password to confirm it is you, then continue; this is recorded.`,
        [{ ...detail, message: `${w} 分钟内已查看 ${d.opened} 位居民（提醒线 ${policy.threshold} 位）`, messageEn: `${d.opened} residents opened within ${w} minutes (threshold ${policy.threshold})` }]);
    }
    const retry = await retryAfterSeconds(principal.id, d.opened, at);
    const minutes = Math.ceil(retry / 60);
    throw new AppError(429, 'browsing_limit',
      `您在 ${w} 分钟内已查看 ${d.opened} 位居民的档案，超过了 ${policy.threshold} 位的上限，暂时不能打开其他居民的档案（约 ${minutes} 分钟后恢复）。已经打开过的档案仍可查看。`,
      `You have opened ${d.opened} residents' records within ${w} minutes, more than the limit of ${policy.threshold}; other residents' records cannot be opened for about ${minutes} minutes. Records you already opened stay available.`,
      [{ ...detail, message: `${w} 分钟内已查看 ${d.opened} 位居民（上限 ${policy.threshold} 位）`, messageEn: `${d.opened} residents opened within ${w} minutes (limit ${policy.threshold})` }],
      { 'retry-after': String(retry) });
  }

  return {
    policy,

    /**
     * Marks a resident the user just registered or changed (create, update, move, status), inside that write's
     * transaction: in task for the window, so opening the record afterwards does not count.
     */
    async markWorked(trx: Transaction<any>, userId: string, residentId: string) {
      const ts = codec.ts(clock.now());
      await trx.insertInto('resident_reads').values({ user_id: userId, resident_id: residentId, last_read_at: ts, in_task: codec.bool(true) })
        .onConflict((oc) => oc.columns(['user_id', 'resident_id']).doUpdateSet({ last_read_at: ts, in_task: codec.bool(true) })).execute();
    },

    /**
     * Discloses one resident's record to the user (profile open or reveal): counts the read, commits its audit row
     * (`entry`; high severity over the threshold), and — when this read crosses the threshold — the security alert, the
     * security admins' notification and a `browsing_alert` audit row, all in one transaction; then returns `data`. Over
     * the threshold a resident new to the window is refused (step-up / block, audited as denied). Fails closed: if the
     * transaction cannot commit, 503 and no data.
     */
    async open<T>(principal: Principal, actor: AuditActor, residentId: string, entry: AuditEntry, data: T): Promise<T> {
      const userId = principal.id;
      let checked: { inTask: boolean; flip: string[]; recipients: string[] } | null = null;
      for (;;) {
        const at = clock.now();
        const cutoff = new Date(at.getTime() - windowMs);
        const known = checked;
        let d: Decision;
        try {
          d = await writes.run(async (trx): Promise<Decision> => {
            // Residents found to have an open work item since they were read leave the count.
            if (known?.flip.length) {
              await trx.updateTable('resident_reads').set({ in_task: codec.bool(true) }).where('user_id', '=', userId).where('resident_id', 'in', known.flip).execute();
            }
            const s = await state(trx, userId, residentId, cutoff);
            // At the threshold the work items of the window's residents are looked up once (outside the transaction).
            if (!s.seen && s.outOfTask >= policy.threshold && !known) return { kind: 'check' };
            const inTask = !s.seen && !!known?.inTask;
            const counted = !s.seen && !inTask;
            const opened = s.outOfTask + (counted ? 1 : 0);
            const over = opened > policy.threshold;
            // Over the threshold already (the alert was raised by the read that crossed it): a new resident is refused
            // without a step-up younger than the window. `opened` in the refusal: how many were opened before it.
            if (counted && s.outOfTask > policy.threshold) {
              if (policy.action === 'block' || principal.kind !== 'user') return { kind: 'block', opened: s.outOfTask };
              if (!steppedUp(principal, at)) return { kind: 'step_up', opened: s.outOfTask };
            }
            await upsert(trx, userId, residentId, at, inTask, s.seen);
            await audit.append(trx, actor, over ? { ...entry, severity: 'high', reason: entry.reason ?? 'browsing_over_threshold' } : entry);
            if (counted && over && !(await deps.alerts.raisedSince(trx, userId, BROWSING_ALERT_KIND, cutoff))) {
              const alertId = await deps.alerts.raise(trx, {
                kind: BROWSING_ALERT_KIND, severity: 'high', actorId: userId, orgPath: principal.orgPath, objectType: 'user', objectId: userId, count: opened,
                details: { threshold: policy.threshold, windowMinutes: policy.windowMinutes, action: policy.action }, at,
              });
              // The security admin sees who, how many, in how long — never which residents.
              await notifications.notify(trx, {
                recipientIds: known?.recipients ?? [], kind: 'browsing_alert', objectType: 'security_alert', objectId: alertId, at,
                payload: { actorRole: principal.role, actorName: principal.displayName, count: String(opened), windowMinutes: String(policy.windowMinutes) },
              });
              await audit.append(trx, actor, { action: 'browsing_alert', objectType: 'user', objectId: userId, outcome: 'success', severity: 'high', count: opened });
            }
            return { kind: 'ok' };
          });
        } catch (err) {
          logger.error({ err: { message: (err as Error).message }, requestId: actor.requestId }, 'audit write failed; refusing to return personal data');
          throw errors.unavailable('audit_unavailable', '审计日志暂不可用，已拒绝返回个人信息', 'Audit log unavailable; personal data withheld');
        }
        if (d.kind === 'ok') return data;
        if (d.kind !== 'check') return refuse(principal, actor, residentId, entry, d, at);
        // Which of the window's counted residents (and this one) have an open work item; who gets the alert.
        const rows = await db.selectFrom('resident_reads').select('resident_id').where('user_id', '=', userId).where('in_task', '=', codec.bool(false))
          .where('last_read_at', '>', codec.ts(cutoff)).execute();
        const ids = [...new Set([...rows.map((r) => r.resident_id as string), residentId])];
        const open = deps.openWork ? await deps.openWork(ids) : new Set<string>();
        checked = { inTask: open.has(residentId), flip: ids.filter((id) => id !== residentId && open.has(id)), recipients: await securityAdmins(principal) };
      }
    },

    /** Deletes reads older than the window (hourly job): the table holds only what the sliding window needs. */
    async prune(): Promise<number> {
      const cutoff = codec.ts(new Date(clock.now().getTime() - windowMs));
      const res = await writes.run((trx) => trx.deleteFrom('resident_reads').where('last_read_at', '<=', cutoff).executeTakeFirst());
      return Number(res.numDeletedRows);
    },
  };
}

export type BrowsingGuard = ReturnType<typeof createBrowsingGuard>;
