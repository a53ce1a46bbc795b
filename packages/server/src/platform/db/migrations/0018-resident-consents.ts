import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Separate consent (单独同意, PIPL Art. 29, SECURITY.md PRIV-07, ADR 0033) for the care tags that serve care services
 * (关爱服务: living alone, disabled, chronic illness, pregnant) rather than emergency necessity. One row per consent
 * given: when, how (`written` 纸质同意书 | `oral_witnessed` 口头同意、工作人员见证 | `portal` 居民本人在线同意), by whom,
 * under which processing-notice version (ADR 0029). A withdrawal closes the row (`withdrawn_*`); consenting again makes
 * a new row, so the history stays. At most one open (not withdrawn) row per resident and purpose (partial unique index,
 * both dialects). `org_path` follows the resident (moves, building grid moves) like `resident_tags`.
 *
 * Tags that exist when this runs are left as they are: the data-quality page lists residents who hold a consent-based
 * tag without a consent (kind `consent_missing`, "待确认同意") for the staff to confirm or remove (ADR 0033).
 */
export const m0018ResidentConsents: RxMigration = {
  name: '0018-resident-consents',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table resident_consents (
      id text primary key,
      resident_id text not null references residents(id),
      purpose text not null,
      notice_version text not null,
      method text not null,
      note text,
      import_job_id text,
      recorded_by text not null,
      recorded_at ${T} not null,
      withdrawn_at ${T},
      withdrawn_by text,
      withdraw_method text,
      withdraw_note text,
      org_path text not null,
      version integer not null default 1
    )`);
    await ddl(db, `create unique index resident_consents_open_idx on resident_consents(resident_id, purpose) where withdrawn_at is null`);
    await ddl(db, `create index resident_consents_resident_idx on resident_consents(resident_id, recorded_at)`);
    // The retention job finds withdrawn records by withdrawal time (3 years, ADR 0033).
    await ddl(db, `create index resident_consents_withdrawn_idx on resident_consents(withdrawn_at)`);
  },
};
