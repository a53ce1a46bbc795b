import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Lookups by a referring column that 0030 left without an index (ADR 0057, addendum). Each read a whole table.
 *
 * - `households(head_resident_id) where head_resident_id is not null`: the erasure of a resident record (`eraseRecord` in
 *   registry.erasure.ts) clears the head of any household the person headed, `update households … where
 *   head_resident_id = ?`. This is not a foreign key, so 0030's rule did not catch it. Without the index it reads every
 *   household (about 330,000 at a million residents; 5 ms at 35,805 on SQLite, warm) inside the erasure's write
 *   transaction; with it, 4 µs.
 * - `break_glass_grants(resident_id)` and `minor_access_requests(resident_id)`: the erasure deletes the person's rows
 *   (`REGISTRY_RESIDENT_TABLES`, `delete … where resident_id = ?`), and with foreign keys on, `delete from residents`
 *   searches both tables for the deleted id. Their indexes were led by the user (`user_id` / `requester_id`), so each
 *   was a full scan. Both tables keep growing with time (no retention rule deletes grants; requests go 3 years after
 *   they end).
 * - `users(org_id)`: the delete check of an org counts its accounts (`referringRows`, ORG_REFERENCES `users.org_id`),
 *   and `delete from orgs` checks the foreign key; `activeUserIds` (whom to notify: the community admins of every
 *   correction request, minor's data request and break-the-glass grant, the staff of every warning alert) and
 *   `usersIn` (the account pickers) filter by `org_id in (…)`. Resident accounts are users too, so the table grows
 *   with the population.
 */
export const m0031ReferenceIndexesMore: RxMigration = {
  name: '0031-reference-indexes-more',
  async up(db) {
    // Partial: only `head_resident_id = ?` needs it (an equality implies not null, so both planners may use it). A full
    // index would be taken for the data-quality page's `head_resident_id is null` (households without a head) over
    // 0029's `households_scope_idx`, reading such households of the whole installation instead of the area's first page.
    await ddl(db, 'create index households_head_idx on households(head_resident_id) where head_resident_id is not null');
    await ddl(db, 'create index break_glass_resident_idx on break_glass_grants(resident_id)');
    await ddl(db, 'create index minor_access_resident_idx on minor_access_requests(resident_id)');
    await ddl(db, 'create index users_org_idx on users(org_id)');
  },
};
