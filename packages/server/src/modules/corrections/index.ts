export {
  createCorrectionsService, CORRECTION_FIELDS, CORRECTION_STATUSES, MAX_OPEN_REQUESTS, PROPOSABLE_TAGS, type CorrectionField, type CorrectionsService,
} from './corrections.service';
export { registerCorrectionsRoutes } from './corrections.routes';
export { eraseCorrectionRequestsOf } from './corrections.erasure';
