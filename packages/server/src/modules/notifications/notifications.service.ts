import type { WarningNotificationList } from '@renxing/shared';
import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Database } from '../../platform/db/database';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';

/** One notification to write: the same kind, subject and time for every recipient. */
export type NotificationInput = {
  recipientIds: readonly string[];
  /** e.g. 'warning_alert', 'warning_escalated', 'break_glass' */
  kind: string;
  /** The warning alert it is about (a recipient is notified once per alert × kind). */
  alertId?: string | null;
  /** What a notification that is not about an alert points at. */
  objectType?: string | null;
  objectId?: string | null;
  /** Texts the recipient needs to read it, written now (never the other module's tables at read time). */
  payload?: Record<string, string> | null;
  at: Date;
};

export type NotificationList = WarningNotificationList;
export type NotificationItem = NotificationList['items'][number];
/** What the list shows of the warning alert a notification points at. */
export type NotificationAlert = NonNullable<NotificationItem['alert']>;
/**
 * Answers the current state of warning alerts by id (the warnings module owns them); injected so that this module
 * reads no other module's tables.
 */
export type NotificationAlertLookup = (alertIds: string[]) => Promise<Map<string, NotificationAlert>>;

type Row = Record<string, any>;
const CHUNK = 100;

/**
 * The `notifications` table: other modules write notifications inside their own write transaction (`notify`), users
 * list theirs and mark them read (`/api/notifications`).
 */
export function createNotificationsService(database: Database, now: () => Date, audit: Pick<AuditService, 'append' | 'record'>, o: { alerts?: NotificationAlertLookup } = {}) {
  const { db, writes, codec } = database;

  /**
   * Writes one notification per recipient through the caller's transaction (a group-commit item), so they commit — or
   * roll back — with the write they are about. Never reads through `db` (on SQLite the held connection is the caller's).
   */
  async function notify(trx: Transaction<any>, n: NotificationInput): Promise<void> {
    const recipients = [...new Set(n.recipientIds)];
    if (recipients.length === 0) return;
    const createdAt = codec.ts(n.at);
    const payload = n.payload ? codec.json(n.payload) : null;
    const rows = recipients.map((recipient) => ({
      id: uuidv7(n.at.getTime()), recipient_id: recipient, kind: n.kind, alert_id: n.alertId ?? null, object_type: n.objectType ?? null,
      object_id: n.objectId ?? null, payload, created_at: createdAt, read_at: null,
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      // Unique (recipient, alert, kind): an alert already notified to someone is not notified twice (NULL alerts never collide).
      await trx.insertInto('notifications').values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.columns(['recipient_id', 'alert_id', 'kind']).doNothing()).execute();
    }
  }

  const mine = (principal: Principal, unreadOnly: boolean) => {
    let q = db.selectFrom('notifications').where('recipient_id', '=', principal.id);
    if (unreadOnly) q = q.where('read_at', 'is', null);
    return q;
  };
  const count = async (q: ReturnType<typeof mine>) => Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function unreadCount(principal: Principal): Promise<number> {
    return count(mine(principal, true));
  }

  async function alertsOf(rows: Row[]): Promise<Map<string, NotificationAlert>> {
    const ids = [...new Set(rows.map((r) => r.alert_id as string | null).filter((x): x is string => !!x))];
    if (ids.length === 0 || !o.alerts) return new Map();
    return o.alerts(ids);
  }

  /**
   * Newest first; among notifications created at the same instant (one evaluation), red alerts first, then the later
   * alert day, then the higher id — as the list has always been ordered. The alert's colour and day belong to the
   * warnings module, so that part of the order is applied here: the page is cut by (created_at, id) and every row that
   * shares a created_at with the page's first or last row is loaded, ordered in full and sliced, which gives exactly
   * the rows of the full ordering at those positions.
   */
  async function list(principal: Principal, actor: AuditActor, q: { unread?: boolean; page: number; pageSize: number }): Promise<NotificationList> {
    const unreadOnly = !!q.unread;
    const total = await count(mine(principal, unreadOnly));
    const unread = await unreadCount(principal);
    const offset = (q.page - 1) * q.pageSize;
    const edge = await mine(principal, unreadOnly).select('created_at').orderBy('created_at', 'desc').orderBy('id', 'desc')
      .limit(q.pageSize).offset(offset).execute();
    if (edge.length === 0) return { items: [], total, unread, page: q.page, pageSize: q.pageSize };
    const hi = edge[0]!.created_at;
    const lo = edge[edge.length - 1]!.created_at;
    const before = await count(mine(principal, unreadOnly).where('created_at', '>', hi));
    const rows = await mine(principal, unreadOnly)
      .select(['id', 'kind', 'alert_id', 'object_type', 'object_id', 'payload', 'created_at', 'read_at'])
      .where('created_at', '<=', hi).where('created_at', '>=', lo).execute();
    const alerts = await alertsOf(rows);
    const keyed = rows.map((r) => {
      const a = r.alert_id ? alerts.get(r.alert_id) : undefined;
      return { r, a, at: codec.readTs(r.created_at)!, red: a?.level === 'red' ? 0 : 1, day: a?.date ?? null };
    });
    keyed.sort((x, y) => {
      if (x.at !== y.at) return x.at < y.at ? 1 : -1;
      if (x.red !== y.red) return x.red - y.red;
      if (x.day !== y.day) return x.day === null ? 1 : y.day === null ? -1 : x.day < y.day ? 1 : -1;
      return x.r.id === y.r.id ? 0 : x.r.id < y.r.id ? 1 : -1;
    });
    const start = Math.max(0, offset - before);
    const items = keyed.slice(start, start + q.pageSize).map(({ r, a }): NotificationItem => ({
      id: r.id as string, kind: r.kind as string, createdAt: codec.readTs(r.created_at)!, read: r.read_at !== null && r.read_at !== undefined, readAt: codec.readTs(r.read_at),
      alert: a ?? null,
      subject: r.object_type && r.object_id
        ? { type: r.object_type as string, id: r.object_id as string, data: r.payload ? codec.readJson<Record<string, string>>(r.payload) : {} }
        : null,
    }));
    // A notification about a resident (a break-the-glass access, a correction or a minor's access request) shows their
    // masked name: a read of personal data, audited like any other, naming the residents where the notification points
    // at one (ADR 0061, session 20 addendum).
    const naming = items.filter((i) => i.subject?.data.residentName !== undefined);
    if (naming.length > 0) {
      await audit.record(actor, {
        action: 'read', objectType: 'notification', fields: ['residentName'], outcome: 'success', count: naming.length,
        subjectIds: [...new Set(naming.filter((i) => i.subject!.type === 'resident').map((i) => i.subject!.id))],
      });
    }
    return { items, total, unread, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Marks every unread notification about one object read, for all recipients, in the caller's transaction — when the
   * thing they point at has been dealt with by someone (a security alert acknowledged or closed), so the other
   * recipients' bells stop counting it. Returns how many were marked.
   */
  async function settle(trx: Transaction<any>, objectType: string, objectId: string, at: Date): Promise<number> {
    const r = await trx.updateTable('notifications').set({ read_at: codec.ts(at) })
      .where('object_type', '=', objectType).where('object_id', '=', objectId).where('read_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * Marks one of the caller's notifications read (404 if it is not theirs), or all of them (`id` null). Audited when it
   * changes something (every write is): when a red warning's notice was first marked seen is part of the record of how
   * a warning was handled (ADR 0061).
   */
  async function markRead(principal: Principal, actor: AuditActor, id: string | null): Promise<{ updated: number }> {
    const ts = codec.ts(now());
    return writes.run(async (trx) => {
      let q = trx.updateTable('notifications').set({ read_at: ts }).where('recipient_id', '=', principal.id).where('read_at', 'is', null);
      if (id) q = q.where('id', '=', id);
      const up = await q.executeTakeFirst();
      const updated = Number(up.numUpdatedRows);
      if (id && updated === 0) {
        const own = await trx.selectFrom('notifications').select('id').where('id', '=', id).where('recipient_id', '=', principal.id).executeTakeFirst();
        if (!own) throw errors.notFound('通知', 'Notification');
      }
      if (updated > 0) await audit.append(trx, actor, { action: 'notification_read', objectType: 'notification', objectId: id, outcome: 'success', count: updated });
      return { updated };
    });
  }

  return {
    notify,
    settle,
    list,
    unreadCount,
    markRead: (principal: Principal, actor: AuditActor, id: string) => markRead(principal, actor, id),
    markAllRead: (principal: Principal, actor: AuditActor) => markRead(principal, actor, null),
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
