// Public surface of 健康码 (ADR 0082): what the bell says of its notifications and where they lead, and the resident's
// 我的健康码 card on the workbench. The page is reached through routes.tsx; everything else in this folder is internal
// (docs/ARCHITECTURE.md, web app).
export { APPEALS_PATH, HEALTH_CODES_PATH, HEALTH_NOTIFICATION_KINDS, healthNotice, healthNoticeLink } from './notice.logic';
export { MyHealthCodeCard } from './mine.card';
