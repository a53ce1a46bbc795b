export {
  createDeletionsService, canonicalDeletionCertificate, deletionCertificateHash, DELETION_DECIDE, DELETION_DECISIONS, DELETION_GROUNDS, DELETION_SCOPES,
  DELETION_STATUSES, type DeletionCertificate, type DeletionDecision, type DeletionGround, type DeletionScope, type DeletionStatus, type DeletionsDeps,
  type DeletionsService,
} from './deletions.service';
export { registerDeletionRoutes } from './deletions.routes';
export { deletionRequestCounts, type DeletionRequestCounts } from './deletions.figures';
