// From one audit entry to everything its actor did: the auditor's usual next step (pure; tested beside).
import type { AuditQuery } from '../../api/types';

/**
 * The list of `actorId`'s entries in the same time range: action, object type and outcome filters are dropped (the
 * point is to see all they did around then), paging starts again at page 1, the page size stays.
 */
export function onlyActor(current: AuditQuery, actorId: string): AuditQuery {
  return { from: current.from, to: current.to, actorId, page: 1, pageSize: current.pageSize };
}
