import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 工作任务 reminders (ADR 0087 addendum): when an open task's time has passed, the housekeeping job tells its worker (or,
 * while it waits 待分派, the community's admins) once; reassigning or sending the task back arms the reminder again.
 */
export const m0053WorkTaskReminders: RxMigration = {
  name: '0053-work-task-reminders',
  async up(db, d) {
    await ddl(db, `alter table work_tasks add column overdue_notified_at ${d.timestamp}`);
  },
};
