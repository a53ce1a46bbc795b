import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/** Daily temperature self-reports (线上体温自测) and the link between resident accounts and resident records. */
export const m0005SelfReports: RxMigration = {
  name: '0005-self-reports',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table resident_accounts (
      user_id text primary key references users(id),
      resident_id text not null unique references residents(id),
      created_at ${T} not null
    )`);
    await ddl(db, `create table self_reports (
      id text primary key,
      resident_id text not null references residents(id),
      household_id text not null,
      grid_id text not null,
      org_path text not null,
      report_date text not null,
      temperature real not null,
      fever ${d.bool} not null,
      symptoms text not null default '[]',
      note text,
      reported_by text not null,
      channel text not null check (channel in ('self','household','door_to_door')),
      follow_up_status text not null default 'none' check (follow_up_status in ('none','open','done')),
      follow_up_note text,
      follow_up_by text,
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index self_reports_org_date_idx on self_reports(org_path, report_date)`);
    await ddl(db, `create index self_reports_resident_idx on self_reports(resident_id, report_date)`);
  },
};
