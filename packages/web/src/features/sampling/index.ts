// Public surface of 核酸采样's management pages (ADR 0079): what the bell says of a recall and where it leads. The pages
// are reached through routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { SAMPLING_NOTIFICATION_KINDS, SAMPLING_PATH, samplingNotice, samplingNoticeLink } from './notice.logic';
