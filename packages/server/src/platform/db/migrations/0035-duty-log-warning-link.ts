import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * A duty-log entry about a warning alert (ADR 0072): `warning_alert_id` refers to the alert; `duty_logs_warning_idx`
 * (partial: most entries are about no alert) finds an alert's entries — the alert page's 值班记录 — and serves the
 * foreign key (ADR 0057: every referring column indexed).
 */
export const m0035DutyLogWarningLink: RxMigration = {
  name: '0035-duty-log-warning-link',
  async up(db) {
    await ddl(db, 'alter table duty_logs add column warning_alert_id text references warning_alerts(id)');
    await ddl(db, 'create index duty_logs_warning_idx on duty_logs(warning_alert_id) where warning_alert_id is not null');
  },
};
