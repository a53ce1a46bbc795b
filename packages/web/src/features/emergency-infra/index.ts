// Public surface of 应急避难场所与应急通道 (ADR 0078): what the bell says of an occupation report, and the resident's
// 通道占用举报 card on the workbench. The pages are reached through routes.tsx; everything else in this folder is
// internal (docs/ARCHITECTURE.md, web app).
export { LANE_NOTIFICATION_KINDS, LANES_PATH, laneNotice } from './notice.logic';
export { MyLaneReportsCard } from './mine.card';
