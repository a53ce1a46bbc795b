// Public surface of 工作任务 (ADR 0087): what the bell says of its notifications and where they lead, and the workbench's
// 我的任务 card. Everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { TASK_NOTIFICATION_KINDS, taskNotice, taskNoticeLink } from './notice.logic';
export { MyTasksCard } from './mine.card';
