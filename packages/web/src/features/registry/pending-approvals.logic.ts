// 待我审批 (the workbench card) and the menu badges of the two approval queues share these rules (pure; unit-tested):
// which queues a person decides in, where each is, and when to say that nothing waits. The counts are the server's
// (GET /api/exports/pending-count, GET /api/minor-access/pending-count: what its canDecide would allow the caller).
import type { Me } from '../../api/types';
import { EXPORTS_PATH } from './export-notice.logic';

export type ApprovalQueue = 'exports' | 'minors';

type Caller = Pick<Me, 'permissions' | 'mustChangePassword'>;

/**
 * The queues in the card's order: resident exports (street and district staff, the community admin for a grid
 * worker's request; district-level ones need export:approve-district, which the server counts separately), then
 * minors' data requests (the community's responsible person, ADR 0035). Any one of a queue's permissions is enough,
 * as the pending-count route's access list.
 */
export const APPROVAL_QUEUES: ReadonlyArray<{ queue: ApprovalQueue; permissions: readonly string[]; path: string }> = [
  { queue: 'exports', permissions: ['export:approve', 'export:approve-district'], path: EXPORTS_PATH },
  { queue: 'minors', permissions: ['minor_access:decide'], path: '/registry/minor-access' },
];

/** The caller decides in this queue (and may ask its count: not while a new password must be set first). */
export function decidesIn(me: Caller, queue: ApprovalQueue): boolean {
  if (me.mustChangePassword) return false;
  const q = APPROVAL_QUEUES.find((x) => x.queue === queue)!;
  return q.permissions.some((p) => me.permissions.includes(p));
}

/** The queues the card shows for the caller; none: no card. */
export function approvalQueues(me: Caller) {
  return APPROVAL_QUEUES.filter((q) => decidesIn(me, q.queue));
}

/** "Nothing waits" only once every count is known and zero: not while one loads, nor when one failed. */
export function nothingPending(counts: ReadonlyArray<number | undefined>): boolean {
  return counts.length > 0 && counts.every((n) => n === 0);
}

/**
 * Something waits for the caller in at least one queue (a known count above zero): the workbench then shows 待我审批
 * first, before the area's figures — a decision only this person can make holds someone else's work up.
 */
export function somethingPending(counts: ReadonlyArray<number | undefined>): boolean {
  return counts.some((n) => (n ?? 0) > 0);
}
