// Public surface of the supplies feature (物资保障): what the bell says of its notifications, and the resident's 物资预约
// card. The pages are reached through routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { SUPPLIES_PATH, SUPPLY_NOTIFICATION_KINDS, supplyNotice, supplyNoticeLink } from './notice.logic';
// 物资预约 on a resident's workbench (ADR 0076).
export { MyOffersCard, useMyOffersOpen } from './mine.card';
