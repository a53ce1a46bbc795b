import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 问卷调查 (ADR 0077): surveys of an area's residents, who answered (a survey and a user — no time, no link to the answer),
 * and the answers (an anonymous survey's keep no user and only the date; their ids are random, not time-ordered).
 * Scope index as migration 0027's; every referring column is indexed (ADR 0057).
 */
export const m0040Surveys: RxMigration = {
  name: '0040-surveys',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table surveys (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      title text not null,
      description text,
      anonymous ${d.bool} not null,
      results_public ${d.bool} not null,
      questions text not null,
      status text not null check (status in ('draft','open','closed')),
      opened_at ${T},
      closes_at ${T},
      closed_at ${T},
      closed_by text references users(id),
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1
    )`);
    await ddl(db, `create index surveys_scope_idx on surveys(${prefix})`);
    await ddl(db, 'create index surveys_org_idx on surveys(org_id)');
    await ddl(db, 'create index surveys_created_by_idx on surveys(created_by)');
    await ddl(db, 'create index surveys_closed_by_idx on surveys(closed_by) where closed_by is not null');
    await ddl(db, `create table survey_participants (
      survey_id text not null references surveys(id),
      user_id text not null references users(id),
      primary key (survey_id, user_id)
    )`);
    await ddl(db, 'create index survey_participants_user_idx on survey_participants(user_id)');
    await ddl(db, `create table survey_responses (
      id text primary key,
      survey_id text not null references surveys(id),
      channel text not null check (channel in ('online','paper')),
      user_id text references users(id),
      entered_by text references users(id),
      answers text not null,
      given_on text not null,
      created_at ${T}
    )`);
    await ddl(db, 'create index survey_responses_survey_idx on survey_responses(survey_id)');
    await ddl(db, 'create index survey_responses_user_idx on survey_responses(user_id) where user_id is not null');
    await ddl(db, 'create index survey_responses_entered_by_idx on survey_responses(entered_by) where entered_by is not null');
  },
};
