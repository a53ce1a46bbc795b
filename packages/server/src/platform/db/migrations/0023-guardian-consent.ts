import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Guardian consent for children under 14 (PIPL Art. 31, SECURITY.md PRIV-08, ADR 0039). A consent record now says who
 * gave it: `given_by` = `self` (the resident) or `guardian`, with `guardian_id` the resident id of the guardian who
 * consented for the child (their guardian link at that time; the masked name comes from the registry when shown). Rows
 * written before this migration are `self` — that is what the system recorded. `withdraw_guardian_id` names the guardian
 * who withdrew a child's consent online. `superseded_by`: a child's consent recorded as the child's own (before this
 * change) is closed when staff or the guardian record the guardian's consent, pointing at the new record.
 *
 * No foreign keys on the guardian ids: they are kept as proof of who consented even if the guardian's record changes.
 */
export const m0023GuardianConsent: RxMigration = {
  name: '0023-guardian-consent',
  async up(db) {
    await ddl(db, `alter table resident_consents add column given_by text not null default 'self'`);
    await ddl(db, 'alter table resident_consents add column guardian_id text');
    await ddl(db, 'alter table resident_consents add column withdraw_guardian_id text');
    await ddl(db, 'alter table resident_consents add column superseded_by text');
  },
};
