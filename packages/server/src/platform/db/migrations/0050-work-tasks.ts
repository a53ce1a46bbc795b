import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 工作任务 (ADR 0087): the community's task inbox — door-to-door checks, disinfection, gate duty, statistics, purchasing —
 * assigned to a worker (by hand or to the least loaded), done on a phone with a note and a photo as evidence (the photo
 * encrypted at rest in the row), returned or cancelled by the community with a reason.
 */
export const m0050WorkTasks: RxMigration = {
  name: '0050-work-tasks',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table work_tasks (
      id text primary key,
      community_id text not null references orgs(id),
      grid_id text references orgs(id),
      org_path text not null,
      batch_id text,
      kind text not null check (kind in ('door_check','disinfection','gate_duty','statistics','purchasing','other')),
      title text not null,
      detail text,
      place text,
      priority text not null check (priority in ('normal','urgent')),
      due_at ${T} not null,
      assignee_id text references users(id),
      assigned_at ${T},
      status text not null check (status in ('open','done','cancelled')),
      result text,
      photo_enc text,
      photo_mime text,
      photo_size integer,
      completed_at ${T},
      completed_by text references users(id),
      returned_reason text,
      cancel_reason text,
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index work_tasks_scope_idx on work_tasks(${prefix})`);
    await ddl(db, 'create index work_tasks_community_idx on work_tasks(community_id, status, due_at)');
    await ddl(db, 'create index work_tasks_grid_idx on work_tasks(grid_id) where grid_id is not null');
    await ddl(db, 'create index work_tasks_assignee_idx on work_tasks(assignee_id, status) where assignee_id is not null');
    await ddl(db, 'create index work_tasks_completed_by_idx on work_tasks(completed_by) where completed_by is not null');
    await ddl(db, 'create index work_tasks_created_by_idx on work_tasks(created_by)');
    await ddl(db, 'create index work_tasks_batch_idx on work_tasks(batch_id) where batch_id is not null');
  },
};
