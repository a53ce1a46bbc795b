import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 政务公开与群众监督 (ADR 0086): announcements of an org (community, street, district) with their edits as versions,
 * and public complaints (投诉与举报) of a community with their history (the reporter's public replies among it). A
 * complaint's contact mobile is encrypted with a blind index and masked copy; its photo is encrypted at rest in the row.
 * Complaints are queryable by category and date (`complaints_category_idx`) for the warning engine later.
 */
export const m0049PublicInfo: RxMigration = {
  name: '0049-public-info',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table announcements (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      category text not null check (category in ('notice','policy','science','news')),
      title text not null,
      body text not null,
      status text not null check (status in ('draft','published','withdrawn')),
      pinned ${d.bool} not null,
      publish_at ${T},
      withdrawn_at ${T},
      withdrawn_by text references users(id),
      withdraw_reason text,
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_by text not null references users(id),
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index announcements_scope_idx on announcements(${prefix})`);
    await ddl(db, 'create index announcements_org_idx on announcements(org_id, status, publish_at)');
    await ddl(db, 'create index announcements_created_by_idx on announcements(created_by)');
    await ddl(db, 'create index announcements_updated_by_idx on announcements(updated_by)');
    await ddl(db, 'create index announcements_withdrawn_by_idx on announcements(withdrawn_by) where withdrawn_by is not null');
    await ddl(db, `create table announcement_versions (
      id text primary key,
      announcement_id text not null references announcements(id),
      org_path text not null,
      version integer not null,
      category text not null,
      title text not null,
      body text not null,
      edited_by text not null references users(id),
      edited_at ${T} not null,
      unique (announcement_id, version)
    )`);
    await ddl(db, `create index announcement_versions_scope_idx on announcement_versions(${prefix})`);
    await ddl(db, 'create index announcement_versions_edited_by_idx on announcement_versions(edited_by)');
    await ddl(db, `create table complaints (
      id text primary key,
      ticket text not null unique,
      code_hash text not null,
      community_id text not null references orgs(id),
      org_path text not null,
      category text not null check (category in ('fire_lane','misconduct','privacy_leak','supplies','sanitation','other')),
      place text not null,
      description text not null,
      photo_enc text,
      photo_mime text,
      photo_size integer,
      contact_enc text,
      contact_bidx text,
      contact_masked text,
      reporter_id text references users(id),
      status text not null check (status in ('new','accepted','resolved','rejected')),
      priority text not null check (priority in ('normal','high','urgent')),
      assignee_id text references users(id),
      due_at ${T} not null,
      overdue_notified_at ${T},
      lane_report_id text references lane_reports(id),
      resolution text,
      submitted_at ${T} not null,
      day text not null,
      closed_at ${T},
      closed_by text references users(id),
      version integer not null default 1
    )`);
    await ddl(db, `create index complaints_scope_idx on complaints(${prefix})`);
    await ddl(db, 'create index complaints_community_idx on complaints(community_id, status, due_at)');
    await ddl(db, 'create index complaints_category_idx on complaints(category, day)');
    await ddl(db, 'create index complaints_reporter_idx on complaints(reporter_id) where reporter_id is not null');
    await ddl(db, 'create index complaints_assignee_idx on complaints(assignee_id) where assignee_id is not null');
    await ddl(db, 'create index complaints_closed_by_idx on complaints(closed_by) where closed_by is not null');
    await ddl(db, 'create index complaints_lane_report_idx on complaints(lane_report_id) where lane_report_id is not null');
    await ddl(db, 'create index complaints_contact_bidx_idx on complaints(contact_bidx) where contact_bidx is not null');
    await ddl(db, "create index complaints_overdue_idx on complaints(due_at) where status in ('new','accepted') and overdue_notified_at is null");
    await ddl(db, `create table complaint_events (
      id text primary key,
      complaint_id text not null references complaints(id),
      seq integer not null,
      org_path text not null,
      at ${T} not null,
      actor_id text references users(id),
      kind text not null,
      public ${d.bool} not null,
      text text,
      unique (complaint_id, seq)
    )`);
    await ddl(db, `create index complaint_events_scope_idx on complaint_events(${prefix})`);
    await ddl(db, 'create index complaint_events_actor_idx on complaint_events(actor_id) where actor_id is not null');
  },
};
