import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 志愿者 (ADR 0085): applications (public form or a signed-in resident; mobile encrypted with a blind index), the
 * community's roster (an approved application, optionally linked to a volunteer account), shifts with slots, and each
 * volunteer's place on a shift with check-in / check-out (the service hours).
 */
export const m0048Volunteers: RxMigration = {
  name: '0048-volunteers',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table volunteer_applications (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      phone_enc text not null,
      phone_bidx text not null,
      phone_masked text not null,
      skills text not null,
      availability text not null,
      note text,
      user_id text references users(id),
      resident_id text references residents(id),
      status text not null check (status in ('pending','approved','rejected')),
      reason text,
      decided_by text references users(id),
      decided_at ${T},
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index volunteer_applications_scope_idx on volunteer_applications(${prefix})`);
    await ddl(db, 'create index volunteer_applications_community_idx on volunteer_applications(community_id, phone_bidx)');
    await ddl(db, 'create index volunteer_applications_user_idx on volunteer_applications(user_id) where user_id is not null');
    await ddl(db, 'create index volunteer_applications_resident_idx on volunteer_applications(resident_id) where resident_id is not null');
    await ddl(db, 'create index volunteer_applications_decided_by_idx on volunteer_applications(decided_by) where decided_by is not null');
    await ddl(db, `create table volunteers (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      application_id text references volunteer_applications(id) on delete set null,
      name text not null,
      phone_enc text,
      phone_bidx text,
      phone_masked text,
      skills text not null,
      availability text not null,
      user_id text references users(id),
      resident_id text references residents(id),
      active ${d.bool} not null,
      joined_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index volunteers_scope_idx on volunteers(${prefix})`);
    await ddl(db, 'create index volunteers_community_idx on volunteers(community_id, phone_bidx)');
    await ddl(db, 'create index volunteers_application_idx on volunteers(application_id) where application_id is not null');
    await ddl(db, 'create unique index volunteers_user_idx on volunteers(user_id) where user_id is not null');
    await ddl(db, 'create index volunteers_resident_idx on volunteers(resident_id) where resident_id is not null');
    await ddl(db, `create table volunteer_shifts (
      id text primary key,
      community_id text not null references orgs(id),
      org_path text not null,
      kind text not null check (kind in ('gate','sampling','grocery','other')),
      title text not null,
      place text not null,
      day text not null,
      starts text not null,
      ends text not null,
      slots integer not null,
      skill text,
      note text,
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index volunteer_shifts_scope_idx on volunteer_shifts(${prefix})`);
    await ddl(db, 'create index volunteer_shifts_community_idx on volunteer_shifts(community_id, day)');
    await ddl(db, 'create index volunteer_shifts_created_by_idx on volunteer_shifts(created_by)');
    await ddl(db, `create table volunteer_shift_members (
      id text primary key,
      shift_id text not null references volunteer_shifts(id),
      volunteer_id text not null references volunteers(id),
      org_path text not null,
      source text not null check (source in ('signup','assigned')),
      assigned_by text references users(id),
      checked_in_at ${T},
      checked_out_at ${T},
      minutes integer,
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, 'create unique index volunteer_shift_members_shift_idx on volunteer_shift_members(shift_id, volunteer_id)');
    await ddl(db, 'create index volunteer_shift_members_volunteer_idx on volunteer_shift_members(volunteer_id)');
    await ddl(db, `create index volunteer_shift_members_scope_idx on volunteer_shift_members(${prefix})`);
    await ddl(db, 'create index volunteer_shift_members_assigned_by_idx on volunteer_shift_members(assigned_by) where assigned_by is not null');
  },
};
