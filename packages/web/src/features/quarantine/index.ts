// Public surface of 居家隔离 (ADR 0080): what the bell says of its notifications and where they lead, and the resident's
// 居家隔离 card on the workbench. The pages are reached through routes.tsx; everything else in this folder is internal
// (docs/ARCHITECTURE.md, web app).
export { QUARANTINE_NOTIFICATION_KINDS, QUARANTINE_PATH, quarantineNotice, quarantineNoticeLink } from './notice.logic';
export { MyQuarantineCard, useMyQuarantineOpen } from './mine.card';
