// Public surface of 上级任务 (ADR 0093): what the bell says of its notifications and where they lead.
export { REQUEST_NOTIFICATION_KINDS, requestNotice, requestNoticeLink } from './notice.logic';
