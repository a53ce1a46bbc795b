// Public surface of 病例与密接 (ADR 0084): where its pages are. The pages are reached through routes.tsx; everything else
// in this folder is internal (docs/ARCHITECTURE.md, web app).
export { CASES_PATH, casePath } from './cases.logic';
