import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * `notifications_unread_object_idx`: the unread notices about one object (`settle`, when a request is decided or lapses,
 * ADR 0069; corrections and deletions likewise). Without it each settle read the whole notifications table — every
 * notice of every user, growing for good — inside the deciding write's transaction. Partial (`where read_at is null`):
 * settle only asks for unread ones, and most notices are read.
 */
export const m0033NotificationObjectIndex: RxMigration = {
  name: '0033-notification-object-index',
  async up(db) {
    await ddl(db, 'create index notifications_unread_object_idx on notifications(object_type, object_id) where read_at is null');
  },
};
