export {
  createDeletionsService, canonicalDeletionCertificate, deletionCertificateHash, DELETION_DECIDE, DELETION_DECISIONS, DELETION_GROUNDS, DELETION_SCOPES,
  DELETION_STATUSES, type DeletionCertificate, type DeletionDecision, type DeletionGround, type DeletionScope, type DeletionStatus, type DeletionsDeps,
  type DeletionsService, verifyDeletionCertificates, type DeletionCertificateCheck,
} from './deletions.service';
export { registerDeletionRoutes } from './deletions.routes';
export { ERASURE_LEDGER_ACTOR_ID, type ErasureLedgerEntry, type PruneResult, type ReapplyResult, type ReapplyTrigger } from './deletions.ledger';
export { deletionRequestCounts, type DeletionRequestCounts } from './deletions.figures';
