// Public surface of 指挥部 (ADR 0090): what the bell says of its notifications and where they lead. The pages are reached
// through routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { COMMAND_NOTIFICATION_KINDS, commandNotice, commandNoticeLink } from './notice.logic';
