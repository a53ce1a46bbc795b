import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Approved access to minors' data (PIPL Art. 28/31, 《未成年人网络保护条例》, SECURITY.md PRIV-08, ADR 0035): a staff
 * member asks to see the full ID or phone number of a resident under 14 with a reason; a community admin of the
 * record's area (the responsible person) approves or rejects it. An approval is a grant for that requester × resident
 * × field until `expires_at`, for `uses_left` reveals. `expires_at` is the end of the request's life: 7 days after it
 * was made while pending, the end of the grant once approved, the decision time once rejected — the retention job
 * counts from it. `org_path` is the record's place when the request was made (the approvers' scope).
 */
export const m0020MinorAccessRequests: RxMigration = {
  name: '0020-minor-access-requests',
  async up(db, d) {
    const T = d.timestamp;
    await ddl(db, `create table minor_access_requests (
      id text primary key,
      resident_id text not null references residents(id),
      org_path text not null,
      requester_id text not null references users(id),
      field text not null,
      reason text not null,
      purpose text not null,
      status text not null default 'pending',
      decided_by text references users(id),
      decided_at ${T},
      decision_note text,
      expires_at ${T} not null,
      uses_left integer not null default 0,
      created_at ${T} not null,
      version integer not null default 1
    )`);
    // The reveal's check: the caller's approved grants for one resident and field.
    await ddl(db, `create index minor_access_grant_idx on minor_access_requests(requester_id, resident_id, field, status)`);
    // The approvers' list: pending requests inside a scope.
    await ddl(db, `create index minor_access_scope_idx on minor_access_requests(org_path, status)`);
    await ddl(db, `create index minor_access_expires_idx on minor_access_requests(expires_at)`);
  },
};
