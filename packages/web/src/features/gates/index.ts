// Public surface of 卡口 (ADR 0081): what the bell says of `gate_alert` and where it leads. The pages are reached
// through routes.tsx (app/router.tsx); everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { GATE_NOTIFICATION_KINDS, gateNotice, gateNoticeLink } from './notice.logic';
