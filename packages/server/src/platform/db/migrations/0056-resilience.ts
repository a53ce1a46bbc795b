import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 韧性评估 (ADR 0092): a community's (or street's) dated resilience assessments — the indicators with their values,
 * levels and explanations (JSON), the scores per capacity and dimension, draft until 定稿 and never changed after.
 * One draft per org at a time; one finalised assessment per org and quarter.
 */
export const m0056Resilience: RxMigration = {
  name: '0056-resilience',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table resilience_assessments (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      period text not null,
      as_of ${T} not null,
      status text not null check (status in ('draft','final')),
      items text not null,
      scores text not null,
      created_by text not null references users(id),
      created_at ${T} not null,
      updated_at ${T} not null,
      finalised_at ${T},
      finalised_by text references users(id),
      version integer not null default 1
    )`);
    await ddl(db, `create index resilience_assessments_scope_idx on resilience_assessments(${prefix})`);
    await ddl(db, 'create index resilience_assessments_org_idx on resilience_assessments(org_id, as_of)');
    await ddl(db, "create unique index resilience_assessments_draft_idx on resilience_assessments(org_id) where status = 'draft'");
    await ddl(db, "create unique index resilience_assessments_final_idx on resilience_assessments(org_id, period) where status = 'final'");
    await ddl(db, 'create index resilience_assessments_created_by_idx on resilience_assessments(created_by)');
    await ddl(db, 'create index resilience_assessments_finalised_by_idx on resilience_assessments(finalised_by) where finalised_by is not null');
  },
};
