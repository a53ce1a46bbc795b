import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 上级任务统一受理 (ADR 0093): one intake for the upper departments' requests — a request recorded from an upper
 * department (来文单位) or issued down by a district / street, fanned out to one item per community with its own status
 * (待办 → 已填报 → 已报送). An item like an open one of the same community is linked to it (合并) and answered with it.
 * Answers are figures read from system data (a catalogue in code), each kept with what the system read, when, and the
 * reason of a correction.
 */
export const m0057UpperRequests: RxMigration = {
  name: '0057-upper-requests',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table upper_requests (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      direction text not null check (direction in ('received','issued')),
      source_dept text not null,
      title text not null,
      content text,
      deadline ${T} not null,
      figures text not null,
      duplicate_of text references upper_requests(id),
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index upper_requests_scope_idx on upper_requests(${prefix})`);
    await ddl(db, 'create index upper_requests_org_idx on upper_requests(org_id)');
    await ddl(db, 'create index upper_requests_created_by_idx on upper_requests(created_by)');
    await ddl(db, 'create index upper_requests_duplicate_idx on upper_requests(duplicate_of) where duplicate_of is not null');
    await ddl(db, `create table upper_request_items (
      id text primary key,
      request_id text not null references upper_requests(id),
      community_id text not null references orgs(id),
      org_path text not null,
      status text not null check (status in ('todo','filled','submitted')),
      answers text,
      merged_into text references upper_request_items(id),
      filled_by text references users(id),
      filled_at ${T},
      submitted_by text references users(id),
      submitted_at ${T},
      overdue_notified_at ${T},
      version integer not null default 1,
      unique (request_id, community_id)
    )`);
    await ddl(db, `create index upper_request_items_scope_idx on upper_request_items(${prefix})`);
    await ddl(db, 'create index upper_request_items_community_idx on upper_request_items(community_id, status)');
    await ddl(db, 'create index upper_request_items_merged_idx on upper_request_items(merged_into) where merged_into is not null');
    await ddl(db, 'create index upper_request_items_filled_by_idx on upper_request_items(filled_by) where filled_by is not null');
    await ddl(db, 'create index upper_request_items_submitted_by_idx on upper_request_items(submitted_by) where submitted_by is not null');
  },
};
