import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * The audit viewer of an auditor below the root (ADR 0046 addendum) filters `actor_org in (<the area's org ids>)`,
 * counts the rows and pages them newest first (`order by id desc`). Without an index on `actor_org` both the count and
 * the page read the whole log. `(actor_org, id)`: the count reads the index only; the page reads each org's newest ids
 * from it. audit_log is append-only by triggers (UPDATE/DELETE/TRUNCATE refused); an index changes nothing of that.
 */
export const m0026AuditActorOrgIndex: RxMigration = {
  name: '0026-audit-actor-org-index',
  async up(db) {
    await ddl(db, 'create index audit_log_actor_org_idx on audit_log(actor_org, id)');
  },
};
