import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Acknowledging and closing security alerts (ADR 0034, addendum): who acknowledged an alert, when, and their optional
 * note; who closed it, when, and the closing note (what was done — free text by the security admin, which may name a person). A transition
 * is optimistic (open → acknowledged → closed, or open → closed): its update matches only the status it was decided
 * on, so of two admins acting at once one wins and the other is told the current status. The list's filter (status inside an org path) uses `security_alerts_status_idx`.
 */
export const m0021SecurityAlertHandling: RxMigration = {
  name: '0021-security-alert-handling',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, 'alter table security_alerts add column acknowledged_by text references users(id)');
    await ddl(db, `alter table security_alerts add column acknowledged_at ${T}`);
    await ddl(db, 'alter table security_alerts add column ack_note text');
    await ddl(db, 'alter table security_alerts add column closed_by text references users(id)');
    await ddl(db, `alter table security_alerts add column closed_at ${T}`);
    await ddl(db, 'alter table security_alerts add column close_note text');
    await ddl(db, 'create index security_alerts_status_idx on security_alerts(status, org_path)');
  },
};
