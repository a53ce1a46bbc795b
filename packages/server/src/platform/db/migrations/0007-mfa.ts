import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Second factor (SECURITY.md §7 G34): a TOTP secret per user (AES-GCM encrypted like ID numbers; a pending one during
 * enrolment), the last accepted time step (a code works once), and the moment a session passed the second factor.
 */
export const m0007Mfa: RxMigration = {
  name: '0007-mfa',
  async up(db, d) {
    await ddl(db, 'alter table users add column mfa_secret_enc text');
    await ddl(db, 'alter table users add column mfa_pending_enc text');
    await ddl(db, `alter table users add column mfa_enabled_at ${d.timestamp}`);
    await ddl(db, 'alter table users add column mfa_last_step bigint');
    await ddl(db, `alter table sessions add column mfa_at ${d.timestamp}`);
  },
};
