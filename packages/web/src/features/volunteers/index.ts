// Public surface of 志愿者 (ADR 0085): what the bell says of its notifications and where they lead, and the workbench's
// 我的志愿服务 card. Everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { VOLUNTEER_NOTIFICATION_KINDS, volunteerNotice, volunteerNoticeLink } from './notice.logic';
export { MyVolunteeringCard } from './mine.card';
