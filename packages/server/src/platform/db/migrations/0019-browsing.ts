import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Out-of-task browsing alert (SECURITY.md §7 test 27, ASVS 11.1.7, ADR 0034).
 *
 * `resident_reads`: one row per (user, resident) with the last time the user opened that resident's profile or
 * revealed one of their numbers (or registered / changed the record). Rows whose `last_read_at` is inside the sliding
 * window (RENXING_BROWSING_WINDOW_MINUTES) are the distinct residents opened "in the last hour"; `in_task` marks a
 * resident the user had a work item for (an open correction request or fever follow-up, or the user registered or
 * changed the record), which does not count. Kept in the database so that every app node sees the same count; rows
 * older than the window are pruned hourly. Nothing personal beyond what the audit log already holds (who opened whom).
 *
 * `sessions.step_up_at`: when the session last re-entered the password (POST /api/auth/step-up). Over the threshold,
 * opening a new resident needs a step-up younger than the window.
 *
 * `security_alerts_actor_idx`: "has this user had a browsing alert in the window" (one alert per user and window).
 */
export const m0019Browsing: RxMigration = {
  name: '0019-browsing',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table resident_reads (
      user_id text not null,
      resident_id text not null,
      last_read_at ${T} not null,
      in_task ${d.bool} not null,
      primary key (user_id, resident_id)
    )`);
    await ddl(db, 'create index resident_reads_window_idx on resident_reads(user_id, last_read_at)');
    await ddl(db, `alter table sessions add column step_up_at ${T}`);
    await ddl(db, 'create index security_alerts_actor_idx on security_alerts(actor_id, kind, created_at)');
  },
};
