// Public surface of the supplies feature (物资保障): what the bell says of its notifications. The pages are reached
// through routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { SUPPLIES_PATH, SUPPLY_NOTIFICATION_KINDS, supplyNotice, supplyNoticeLink } from './notice.logic';
