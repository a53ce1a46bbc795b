export {
  createCases, eraseCasesOf, CASE_STATUSES, CLASSIFICATIONS, CONTACT_KINDS, SETTINGS, type Cases, type CasesDeps, type CaseStatus, type Classification,
} from './cases.service';
export { registerCasesRoutes } from './cases.routes';
export { seedCasesDemo } from './cases.seed';
