import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Notifications that are not about a warning alert (e.g. a break-the-glass access) carry what the recipient needs to
 * read them as a small JSON document written when they are created (role and name of who did it, the masked name of
 * whom it was about, until when), so the notification list needs no other module's tables.
 */
export const m0008NotificationPayload: RxMigration = {
  name: '0008-notification-payload',
  async up(db) {
    await ddl(db, 'alter table notifications add column payload text');
  },
};
