// Public surface of the roll-call feature (关爱点名): what the bell says of its notifications, and the resident's 报平安 card. The pages are reached
// through routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { ROLL_CALL_NOTIFICATION_KINDS, rollCallNotice, rollCallNoticeLink } from './notice.logic';
// 报平安 on a resident's workbench.
export { MyRollCallsCard, useMyRollCallsOpen } from './mine.card';
