import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Correction requests (PIPL art. 46, SECURITY PRIV-09, ADR 0028): a resident asks for a change to their own registry
 * record; staff of the resident's community or grid apply it through the normal edit and record the decision and a
 * reply. The proposed value and the note are encrypted (column name as associated data); `proposed_masked` is what lists
 * show (a phone masked like the registry's). `org_path` / `grid_id` are the record's place when the request was made.
 */
export const m0015CorrectionRequests: RxMigration = {
  name: '0015-correction-requests',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table correction_requests (
      id text primary key,
      resident_id text not null references residents(id),
      account_id text not null,
      org_path text not null,
      grid_id text not null,
      field text not null,
      proposed_enc text not null,
      proposed_masked text not null,
      note_enc text,
      status text not null default 'open',
      reply text,
      created_at ${T} not null,
      resolved_by text,
      resolved_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, `create index correction_requests_scope_idx on correction_requests(org_path, status)`);
    await ddl(db, `create index correction_requests_resident_idx on correction_requests(resident_id)`);
  },
};
