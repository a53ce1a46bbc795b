// Public surface of 排查 (ADR 0083): what the bell says of its notifications and where they lead. The pages are reached
// through routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { SCREENING_MINE_PATH, SCREENING_NOTIFICATION_KINDS, SCREENING_PATH, screeningNotice, screeningNoticeLink } from './notice.logic';
