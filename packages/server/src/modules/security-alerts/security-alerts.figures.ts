import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/**
 * Read-only counts and look-ups over `security_alerts` for other modules' read models (transparency report, audit
 * pack). `[from, to)` on `created_at`; `area` = an org path, the alerts of accounts in it and below it.
 */

export type AlertRange = { from: string; to: string };

/** Security alerts raised in the range. */
export async function countSecurityAlerts(db: Kysely<any>, codec: Codec, r: AlertRange, area: string | null): Promise<number> {
  let q = db.selectFrom('security_alerts').select((eb) => eb.fn.countAll().as('n')).where('created_at', '>=', r.from).where('created_at', '<', r.to);
  if (area !== null) q = q.where('org_path', 'like', `${area}%`);
  return codec.readInt((await q.executeTakeFirst())?.n);
}

/** An alert as the audit pack lists it: no details (they may grow), the accounts by id only. */
export type AlertEntry = {
  id: string; createdAt: string; kind: string; severity: string; status: string; actorId: string | null; count: number | null;
  acknowledgedBy: string | null; acknowledgedAt: string | null; closedBy: string | null; closedAt: string | null;
};

/** Security alerts raised in the range, oldest first, `limit` at most. */
export async function securityAlertsBetween(db: Kysely<any>, codec: Codec, r: AlertRange, area: string | null, limit: number): Promise<AlertEntry[]> {
  let q = db.selectFrom('security_alerts')
    .select(['id', 'created_at', 'kind', 'severity', 'status', 'actor_id', 'count', 'acknowledged_by', 'acknowledged_at', 'closed_by', 'closed_at'])
    .where('created_at', '>=', r.from).where('created_at', '<', r.to);
  if (area !== null) q = q.where('org_path', 'like', `${area}%`);
  const rows = await q.orderBy('created_at').orderBy('id').limit(limit).execute();
  return rows.map((x) => ({
    id: String(x.id), createdAt: codec.readTs(x.created_at)!, kind: String(x.kind), severity: String(x.severity), status: String(x.status),
    actorId: x.actor_id ?? null, count: x.count == null ? null : codec.readInt(x.count),
    acknowledgedBy: x.acknowledged_by ?? null, acknowledgedAt: codec.readTs(x.acknowledged_at), closedBy: x.closed_by ?? null, closedAt: codec.readTs(x.closed_at),
  }));
}
