import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import type { Database } from '../../platform/db/database';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { OrgsService } from '../orgs';

/**
 * Kinds raised today: `daily_export_cap` (exports over the per-person daily cap, SECURITY.md §5 T1) and `browsing`
 * (more distinct residents opened within the window than the threshold, SECURITY.md §7 test 27, ADR 0034).
 */
export const SECURITY_ALERT_KINDS = ['daily_export_cap', 'browsing'] as const;
export const SECURITY_ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;

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
  id: string; createdAt: string; kind: string; severity: 'normal' | 'high'; status: (typeof SECURITY_ALERT_STATUSES)[number];
  actor: { id: string; displayName: string | null; role: string | null; orgName: string | null } | null;
  count: number | null; details: Record<string, unknown>;
};

/**
 * The `security_alerts` table (created with exports, migration 0003): other modules raise alerts through `raise`
 * inside their own write transaction; the security admin lists those of their area (`GET /api/admin/security-alerts`).
 */
export function createSecurityAlertsService(
  database: Database, audit: AuditService, orgs: OrgsService, accounts: Pick<AuthService, 'userRefs'>,
) {
  const { db, codec } = database;

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
    async list(principal: Principal, actor: AuditActor, q: { kind?: string; status?: string; page: number; pageSize: number }) {
      let base = db.selectFrom('security_alerts').where('org_path', 'like', `${principal.orgPath}%`);
      if (q.kind) base = base.where('kind', '=', q.kind);
      if (q.status) base = base.where('status', '=', q.status);
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      const refs = await accounts.userRefs([...new Set(rows.map((r) => r.actor_id as string | null).filter((x): x is string => !!x))]);
      const orgNames = new Map<string, string>();
      for (const ref of refs.values()) {
        if (!orgNames.has(ref.orgId)) orgNames.set(ref.orgId, (await orgs.get(ref.orgId))?.name ?? '');
      }
      const items: SecurityAlertView[] = rows.map((r) => {
        const ref = r.actor_id ? refs.get(r.actor_id) : undefined;
        return {
          id: r.id, createdAt: codec.readTs(r.created_at)!, kind: r.kind, severity: r.severity, status: r.status,
          actor: r.actor_id ? { id: r.actor_id, displayName: ref?.displayName ?? null, role: ref?.role ?? null, orgName: ref ? orgNames.get(ref.orgId) || null : null } : null,
          count: r.count == null ? null : Number(r.count), details: codec.readJson<Record<string, unknown>>(r.details) ?? {},
        };
      });
      await audit.record(actor, { action: 'list', objectType: 'security_alert', outcome: 'success', count: items.length });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  };
}

export type SecurityAlertsService = ReturnType<typeof createSecurityAlertsService>;
