// From one audit entry to everything its actor did: the auditor's usual next step (pure; tested beside).
import type { TFunction } from 'i18next';
import type { AuditQuery } from '../../api/types';
import { noActorLabel, roleLabel } from '../../lib/labels';

/**
 * The list of `actorId`'s entries in the same time range: action, object type and outcome filters are dropped (the
 * point is to see all they did around then), paging starts again at page 1, the page size stays.
 */
export function onlyActor(current: AuditQuery, actorId: string): AuditQuery {
  return { from: current.from, to: current.to, actorId, page: 1, pageSize: current.pageSize };
}

/**
 * How a row names its actor: "grid1（网格员）" when the server named the account (username and the role the row
 * recorded), the role alone for an actor without a username, `noActor` for rows without an actor (system, anonymous).
 * `roleText` is the role's label ('' when none); `withRole` formats name and role (audit.actorWithRole).
 */
export function actorDisplay(
  row: { actorId: string | null; actorName?: string | null },
  o: { roleText: string; noActor: string; none: string; withRole: (name: string, role: string) => string },
): string {
  if (!row.actorId) return o.noActor;
  if (row.actorName) return o.roleText ? o.withRole(row.actorName, o.roleText) : row.actorName;
  return o.roleText || o.none;
}

/** `actorDisplay` in the current language: the table, the phone cards and the detail drawer name actors with it. */
export function actorText(row: { actorId: string | null; actorName?: string | null; actorRole: string | null }, t: TFunction): string {
  return actorDisplay(row, {
    roleText: roleLabel(row.actorRole, t), noActor: noActorLabel(row.actorRole, t), none: t('audit.none'),
    withRole: (name, role) => t('audit.actorWithRole', { name, role }),
  });
}
