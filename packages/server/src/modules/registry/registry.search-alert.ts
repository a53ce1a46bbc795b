import type { Kysely } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import type { AuditActor, AuditEntry, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import type { SecurityAlertsService } from '../security-alerts';

/**
 * Searches by name outside scope (SECURITY.md §5 T2, the rule ADR 0034 left unbuilt; ADR 0040): a worker who types the
 * names of people they have no business with — a neighbour in another community, a celebrity, an ex-partner — finds
 * nobody in their own scope, because the search is scoped, but each such search is a try. A staff search by name or
 * pinyin that finds no active resident in the caller's scope while the same term matches an active resident outside
 * it is an outside-scope search; more than `RENXING_SEARCH_OUTSIDE_THRESHOLD` (5) of them within
 * `RENXING_BROWSING_WINDOW_MINUTES` raise one high security alert (kind `search_outside_scope`, one per user and
 * window) with a notification to the security admins above the user — like the browsing alert.
 *
 * No existence oracle: the caller's answer is the same empty result whether or not the term matches outside (same
 * status, same body). The check runs on the request path for every name / pinyin search that found nobody in scope:
 * bounded existence probes (LIMIT 1 on the name / pinyin indexes, which carry org_path) and one count of the user's
 * marked search rows in the window (audit_log_actor_idx), the count inside the search's own audit transaction. Only
 * the search that crosses the threshold does more (security admins looked up, alert, notification, audit row): once
 * per user and window, when the alert is already raised.
 *
 * Where the count lives: the search's audit row. Its reason already carries the kind and a keyed hash of the term
 * (never the term); an outside-scope search gets `; scope=outside` appended, and the rule counts those rows — no table
 * of its own, and the auditor sees which searches counted.
 */
export type SearchAlertPolicy = { threshold: number; windowMinutes: number };

export const SEARCH_ALERT_KIND = 'search_outside_scope';
/** Appended to the search audit row's reason when the search counts. */
export const OUTSIDE_SCOPE_MARK = '; scope=outside';

/** The kinds of search the rule looks at: by name and by pinyin (full or initials). ID / phone tails and addresses never count. */
export type NameSearch = { kind: 'name'; term: string } | { kind: 'pinyin'; lower: string };

export type SearchAlertDeps = { alerts: Pick<SecurityAlertsService, 'raise' | 'raisedSince'> };

const upperBound = (x: string) => x.slice(0, -1) + String.fromCharCode(x.charCodeAt(x.length - 1) + 1);

export function createSearchAlertGuard(
  p: Platform, audit: AuditService, orgs: OrgsService, accounts: Pick<AuthService, 'activeUserIds'>, notifications: Pick<NotificationsService, 'notify'>,
  deps: SearchAlertDeps,
) {
  const { database, clock, logger, config } = p;
  const { db, writes } = database;
  const policy: SearchAlertPolicy = { threshold: config.searchOutsideThreshold, windowMinutes: config.browsingWindowMinutes };
  const windowMs = policy.windowMinutes * 60_000;

  /** Whether an active resident matches the search among residents under (`inside`) or outside `orgPath` — LIMIT 1 index probes. */
  async function exists(s: NameSearch, orgPath: string, inside: boolean): Promise<boolean> {
    const probe = (col: 'name' | 'name_initials' | 'name_pinyin', v: string) => {
      let q = (db as Kysely<any>).selectFrom('residents').select('id').where(col, '>=', v).where(col, '<', upperBound(v)).where('status', '=', 'active');
      q = inside ? q.where('org_path', 'like', `${orgPath}%`) : q.where('org_path', 'not like', `${orgPath}%`);
      return q.limit(1).executeTakeFirst();
    };
    // Both pinyin probes always run: which one finds a match does not change the work done.
    const found = s.kind === 'name' ? [await probe('name', s.term)] : await Promise.all([probe('name_initials', s.lower), probe('name_pinyin', s.lower)]);
    return found.some(Boolean);
  }

  /** The active security admins of the user's org and the orgs above it (they get the alert's notification). */
  async function securityAdmins(principal: Principal): Promise<string[]> {
    const above = await orgs.ancestors(principal.orgPath);
    return accounts.activeUserIds('security_admin', above.map((o) => o.id));
  }

  return {
    policy,

    /**
     * Audits a name / pinyin search that found nobody in the caller's (possibly filtered) scope and returns `data`
     * unchanged: decides whether it was an outside-scope search (the term matches nobody in the whole scope, filters
     * ignored, and somebody outside it), marks its audit row, and — when it is the one past the threshold in the
     * window — raises the alert, all in the audit row's transaction. Fails closed like every personal-data read: if
     * the transaction cannot commit, 503 and no data.
     */
    async audited<T>(principal: Principal, actor: AuditActor, s: NameSearch, filtered: boolean, entry: AuditEntry, data: T): Promise<T> {
      const outside = !(filtered && (await exists(s, principal.orgPath, true))) && (await exists(s, principal.orgPath, false));
      let recipients: string[] | null = null;
      for (;;) {
        const at = clock.now();
        const cutoff = new Date(at.getTime() - windowMs);
        const known = recipients;
        let needRecipients = false;
        try {
          needRecipients = await writes.run(async (trx) => {
            // Counted for every such search, so an outside match does not change the work done on the request path.
            const before = await audit.countRecent(trx, { actorId: principal.id, action: 'search', since: cutoff, reasonSuffix: OUTSIDE_SCOPE_MARK });
            const count = before + (outside ? 1 : 0);
            const raise = outside && count > policy.threshold && !(await deps.alerts.raisedSince(trx, principal.id, SEARCH_ALERT_KIND, cutoff));
            // The security admins are looked up outside the transaction, once, by the search that raises the alert.
            if (raise && !known) return true;
            await audit.append(trx, actor, outside ? { ...entry, reason: `${entry.reason ?? ''}${OUTSIDE_SCOPE_MARK}` } : entry);
            if (raise) {
              const alertId = await deps.alerts.raise(trx, {
                kind: SEARCH_ALERT_KIND, severity: 'high', actorId: principal.id, orgPath: principal.orgPath, objectType: 'user', objectId: principal.id, count,
                details: { threshold: policy.threshold, windowMinutes: policy.windowMinutes }, at,
              });
              // Who and how many — never the terms or the residents they matched.
              await notifications.notify(trx, {
                recipientIds: known ?? [], kind: 'search_alert', objectType: 'security_alert', objectId: alertId, at,
                payload: { actorRole: principal.role, actorName: principal.displayName, count: String(count), windowMinutes: String(policy.windowMinutes) },
              });
              await audit.append(trx, actor, { action: 'search_alert', objectType: 'user', objectId: principal.id, outcome: 'success', severity: 'high', count });
            }
            return false;
          });
        } catch (err) {
          logger.error({ err: { message: (err as Error).message }, requestId: actor.requestId }, 'audit write failed; refusing to return personal data');
          throw errors.unavailable('audit_unavailable', '审计日志暂不可用，已拒绝返回个人信息', 'Audit log unavailable; personal data withheld');
        }
        if (!needRecipients) return data;
        recipients = await securityAdmins(principal);
      }
    },
  };
}

export type SearchAlertGuard = ReturnType<typeof createSearchAlertGuard>;
