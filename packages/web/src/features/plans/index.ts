// Public surface of 应急预案与演练 (ADR 0089): what the bell says of its notifications and where they lead. The pages are
// reached through routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { PLAN_NOTIFICATION_KINDS, planNotice, planNoticeLink } from './notice.logic';
