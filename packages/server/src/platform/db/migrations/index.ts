import type { RxMigration } from '../migrate';
import { m0001Foundation } from './0001-foundation';
import { m0002Registry } from './0002-registry';
import { m0003Exports } from './0003-exports';
import { m0004Warnings } from './0004-warnings';
import { m0005SelfReports } from './0005-self-reports';
import { m0006BreakGlass } from './0006-break-glass';
import { m0007Mfa } from './0007-mfa';
import { m0008NotificationPayload } from './0008-notification-payload';
import { m0009DeferredIndexes } from './0009-deferred-indexes';
import { m0010ResidentStatus } from './0010-resident-status';
import { m0011ImportHistory } from './0011-import-history';
import { m0012RetentionRuns } from './0012-retention-runs';
import { m0013SessionDevices } from './0013-session-devices';
import { m0014EmergencyPeriods } from './0014-emergency-periods';
import { m0015CorrectionRequests } from './0015-correction-requests';
import { m0016NoticeAcks } from './0016-notice-acks';
import { m0017AuditCheckpoints } from './0017-audit-checkpoints';
import { m0018ResidentConsents } from './0018-resident-consents';
import { m0019Browsing } from './0019-browsing';
import { m0020MinorAccessRequests } from './0020-minor-access-requests';
import { m0021SecurityAlertHandling } from './0021-security-alert-handling';
import { m0022DeletionRequests } from './0022-deletion-requests';
import { m0023GuardianConsent } from './0023-guardian-consent';
import { m0024AuditDisclosures } from './0024-audit-disclosures';
import { m0025DeletionWithdrawn } from './0025-deletion-withdrawn';

/** Ordered list of all migrations (one global order across modules). */
export const migrations: RxMigration[] = [m0001Foundation, m0002Registry, m0003Exports, m0004Warnings, m0005SelfReports, m0006BreakGlass, m0007Mfa, m0008NotificationPayload, m0009DeferredIndexes, m0010ResidentStatus, m0011ImportHistory, m0012RetentionRuns, m0013SessionDevices, m0014EmergencyPeriods, m0015CorrectionRequests, m0016NoticeAcks, m0017AuditCheckpoints, m0018ResidentConsents, m0019Browsing, m0020MinorAccessRequests, m0021SecurityAlertHandling, m0022DeletionRequests, m0023GuardianConsent, m0024AuditDisclosures, m0025DeletionWithdrawn];
