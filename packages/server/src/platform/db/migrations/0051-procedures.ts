import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 工作规程 (ADR 0088): a community's (or a street's / district's, applying beneath it) written procedures with numbered
 * versions (a draft until published; a published one immutable, superseded by the next), and the checklists (runs)
 * frontline workers tick through, each keeping the version it was started with.
 */
export const m0051Procedures: RxMigration = {
  name: '0051-procedures',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table procedures (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      title text not null,
      category text not null check (category in ('screening','quarantine','sampling','service','other')),
      purpose text,
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index procedures_scope_idx on procedures(${prefix})`);
    await ddl(db, 'create index procedures_org_idx on procedures(org_id)');
    await ddl(db, 'create index procedures_created_by_idx on procedures(created_by)');
    await ddl(db, `create table procedure_versions (
      id text primary key,
      procedure_id text not null references procedures(id),
      org_path text not null,
      number integer not null,
      status text not null check (status in ('draft','published','superseded')),
      steps text not null,
      change_note text,
      published_by text references users(id),
      published_at ${T},
      superseded_at ${T},
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      version integer not null default 1,
      unique (procedure_id, number)
    )`);
    await ddl(db, `create index procedure_versions_scope_idx on procedure_versions(${prefix})`);
    await ddl(db, 'create index procedure_versions_published_by_idx on procedure_versions(published_by) where published_by is not null');
    await ddl(db, 'create index procedure_versions_created_by_idx on procedure_versions(created_by)');
    await ddl(db, `create table procedure_runs (
      id text primary key,
      procedure_id text not null references procedures(id),
      version_id text not null references procedure_versions(id),
      org_path text not null,
      subject text not null,
      task_id text references work_tasks(id),
      status text not null check (status in ('open','done')),
      started_by text not null references users(id),
      started_at ${T} not null,
      completed_at ${T},
      updated_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index procedure_runs_scope_idx on procedure_runs(${prefix})`);
    await ddl(db, 'create index procedure_runs_procedure_idx on procedure_runs(procedure_id, version_id, status)');
    await ddl(db, 'create index procedure_runs_version_idx on procedure_runs(version_id)');
    await ddl(db, 'create index procedure_runs_started_by_idx on procedure_runs(started_by, status)');
    await ddl(db, 'create index procedure_runs_task_idx on procedure_runs(task_id) where task_id is not null');
    await ddl(db, `create table procedure_run_ticks (
      run_id text not null references procedure_runs(id),
      step_no integer not null,
      org_path text not null,
      note text,
      ticked_by text not null references users(id),
      ticked_at ${T} not null,
      primary key (run_id, step_no)
    )`);
    await ddl(db, `create index procedure_run_ticks_scope_idx on procedure_run_ticks(${prefix})`);
    await ddl(db, 'create index procedure_run_ticks_ticked_by_idx on procedure_run_ticks(ticked_by)');
  },
};
