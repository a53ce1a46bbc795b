import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Emergency periods (LAW-02, ADR 0027): a public-health emergency declared for an area (an org; it covers every area
 * below it) from a start date, ended with an end date (the last day of the emergency, inclusive), with the legal
 * reference (the government notice). While none covers an area, data on the legal basis "public-health emergency"
 * (PIPL 13(4)) is not collected there; N days after the end the retention job deletes what was collected under it.
 * Dates are Shanghai calendar dates (YYYY-MM-DD).
 */
export const m0014EmergencyPeriods: RxMigration = {
  name: '0014-emergency-periods',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table emergency_periods (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      start_date text not null,
      end_date text,
      legal_ref text not null,
      note text,
      end_reason text,
      declared_by text not null,
      declared_at ${T} not null,
      ended_by text,
      ended_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, `create index emergency_periods_path_idx on emergency_periods(org_path)`);
    // At most one open period per area, also when two nodes declare at once (the service answers 409 first).
    await ddl(db, `create unique index emergency_periods_one_open on emergency_periods(org_id) where end_date is null`);
  },
};
