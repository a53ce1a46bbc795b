// Public surface of 政务公开与群众监督 (ADR 0086): the pages are reached through routes.tsx; everything else in this
// folder is internal (docs/ARCHITECTURE.md, web app).
export { slaState } from './public-info.logic';
export { COMPLAINT_NOTIFICATION_KINDS, COMPLAINTS_PATH, complaintNotice } from './notice.logic';
export { MyAnnouncementsCard } from './mine.card';
