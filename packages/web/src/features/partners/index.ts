// Public surface of 多方协同与社会组织服务 (ADR 0091): what the bell says of its notifications and where they lead.
// Everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { BOOK_PATH, PARTNER_NOTIFICATION_KINDS, partnerNotice } from './notice.logic';
