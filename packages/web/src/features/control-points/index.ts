// Public surface of the control-point feature (三无小区管控): what the bell says of its notifications, and the workbench card. The page is reached
// through routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { CONTROL_POINT_NOTIFICATION_KINDS, CONTROL_POINTS_PATH, controlPointNotice } from './notice.logic';
export { ControlPointsAttentionCard, useControlPointsAttention } from './attention.card';
