// Public surface of the registry feature for the rest of the app (features talk to each other only through index.ts).
// Pages and routes are wired through ./routes.tsx.
export { MINOR_NOTIFICATION_KINDS, minorNotice } from './minors.logic';
export { MinorsPendingBadge } from './minors.badge';
export { ExportsPendingBadge } from './exports.badge';
export { PendingApprovalsCard, useApprovalsWaiting } from './pending-approvals.card';
export { approvalQueues } from './pending-approvals.logic';
export { EXPORT_NOTIFICATION_KINDS, EXPORTS_PATH, exportNotice } from './export-notice.logic';
// The care tags and their labels (关爱点名 lists them: features/roll-call).
export { CARE_TAGS, type CareTag } from './api';
export { CareTags, tagLabel } from './shared';
