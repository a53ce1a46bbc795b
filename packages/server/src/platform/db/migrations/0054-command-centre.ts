import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 指挥部 command centre (ADR 0090): a district's or a street's working groups (工作组) with a lead and members, the duty
 * roster (值班表: 带班领导 and 值班员 per day), the nightly dispatch meeting (调度会) with an agenda generated from live
 * figures (each item keeps the figure of its generation time), minutes per item, attendance, addenda after the meeting
 * ended, and the decisions (决议事项) tracked with an owner and a deadline (the owner told once when one is overdue).
 */
export const m0054CommandCentre: RxMigration = {
  name: '0054-command-centre',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table command_groups (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      duties text,
      lead_id text references users(id),
      seq integer not null,
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1,
      unique (org_id, name)
    )`);
    await ddl(db, `create index command_groups_scope_idx on command_groups(${prefix})`);
    await ddl(db, 'create index command_groups_lead_idx on command_groups(lead_id) where lead_id is not null');
    await ddl(db, 'create index command_groups_created_by_idx on command_groups(created_by)');
    await ddl(db, `create table command_group_members (
      group_id text not null references command_groups(id),
      user_id text not null references users(id),
      org_path text not null,
      created_at ${T} not null,
      primary key (group_id, user_id)
    )`);
    await ddl(db, `create index command_group_members_scope_idx on command_group_members(${prefix})`);
    await ddl(db, 'create index command_group_members_user_idx on command_group_members(user_id)');
    await ddl(db, `create table command_duties (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      duty_date text not null,
      role text not null check (role in ('leader','officer')),
      group_id text references command_groups(id),
      user_id text not null references users(id),
      created_by text not null references users(id),
      created_at ${T} not null,
      unique (org_id, duty_date, user_id)
    )`);
    await ddl(db, `create index command_duties_scope_idx on command_duties(${prefix})`);
    await ddl(db, "create unique index command_duties_leader_idx on command_duties(org_id, duty_date) where role = 'leader'");
    await ddl(db, 'create index command_duties_user_idx on command_duties(user_id)');
    await ddl(db, 'create index command_duties_group_idx on command_duties(group_id) where group_id is not null');
    await ddl(db, 'create index command_duties_created_by_idx on command_duties(created_by)');
    await ddl(db, `create table command_meetings (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      meeting_date text not null,
      starts_at ${T} not null,
      status text not null check (status in ('open','ended')),
      agenda_at ${T},
      ended_at ${T},
      ended_by text references users(id),
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1,
      unique (org_id, meeting_date)
    )`);
    await ddl(db, `create index command_meetings_scope_idx on command_meetings(${prefix})`);
    await ddl(db, 'create index command_meetings_ended_by_idx on command_meetings(ended_by) where ended_by is not null');
    await ddl(db, 'create index command_meetings_created_by_idx on command_meetings(created_by)');
    await ddl(db, `create table command_agenda_items (
      id text primary key,
      meeting_id text not null references command_meetings(id),
      org_path text not null,
      seq integer not null,
      source text not null check (source in ('tasks','alerts','sampling','supplies','decisions','other')),
      title text not null,
      figure integer,
      figures text,
      link text,
      minutes text,
      minutes_by text references users(id),
      minutes_at ${T},
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index command_agenda_items_scope_idx on command_agenda_items(${prefix})`);
    await ddl(db, 'create index command_agenda_items_meeting_idx on command_agenda_items(meeting_id, seq)');
    await ddl(db, 'create index command_agenda_items_minutes_by_idx on command_agenda_items(minutes_by) where minutes_by is not null');
    await ddl(db, `create table command_attendance (
      meeting_id text not null references command_meetings(id),
      user_id text not null references users(id),
      org_path text not null,
      created_at ${T} not null,
      primary key (meeting_id, user_id)
    )`);
    await ddl(db, `create index command_attendance_scope_idx on command_attendance(${prefix})`);
    await ddl(db, 'create index command_attendance_user_idx on command_attendance(user_id)');
    await ddl(db, `create table command_addenda (
      id text primary key,
      meeting_id text not null references command_meetings(id),
      org_path text not null,
      body text not null,
      created_by text not null references users(id),
      created_at ${T} not null
    )`);
    await ddl(db, `create index command_addenda_scope_idx on command_addenda(${prefix})`);
    await ddl(db, 'create index command_addenda_meeting_idx on command_addenda(meeting_id)');
    await ddl(db, 'create index command_addenda_created_by_idx on command_addenda(created_by)');
    await ddl(db, `create table command_decisions (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      meeting_id text references command_meetings(id),
      item_id text references command_agenda_items(id),
      title text not null,
      detail text,
      owner_user_id text references users(id),
      owner_group_id text references command_groups(id),
      due_date text not null,
      status text not null check (status in ('open','done','cancelled')),
      note text,
      closed_at ${T},
      closed_by text references users(id),
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1,
      overdue_notified_at ${T}
    )`);
    await ddl(db, `create index command_decisions_scope_idx on command_decisions(${prefix})`);
    await ddl(db, 'create index command_decisions_org_idx on command_decisions(org_id, status, due_date)');
    await ddl(db, 'create index command_decisions_meeting_idx on command_decisions(meeting_id) where meeting_id is not null');
    await ddl(db, 'create index command_decisions_item_idx on command_decisions(item_id) where item_id is not null');
    await ddl(db, 'create index command_decisions_owner_idx on command_decisions(owner_user_id, status) where owner_user_id is not null');
    await ddl(db, 'create index command_decisions_group_idx on command_decisions(owner_group_id) where owner_group_id is not null');
    await ddl(db, 'create index command_decisions_closed_by_idx on command_decisions(closed_by) where closed_by is not null');
    await ddl(db, 'create index command_decisions_created_by_idx on command_decisions(created_by)');
  },
};
