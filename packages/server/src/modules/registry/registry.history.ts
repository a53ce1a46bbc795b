import { RESIDENT_HISTORY_ACTIONS, type ResidentHistory, type ResidentHistoryAction, type ResidentHistoryEntry } from '@renxing/shared';
import type { AuditRow, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { OrgsService } from '../orgs';

/**
 * A resident's change history (变更记录, ADR 0041), from the audit rows whose subject is the resident and whose action
 * changes the record or its standing (RESIDENT_HISTORY_ACTIONS), successful ones only, newest first. The caller has
 * checked scope and restriction and audits the read. Staff are named (display name, role, organisation): who changed a
 * record is part of the record's accountability (PIPL Art. 68); system actors (seed, command line) are "system".
 * Reads are not changes and are not listed.
 */
export function createResidentHistory(deps: {
  audit: Pick<AuditService, 'query'>;
  accounts: Pick<AuthService, 'userRefs'>;
  orgs: Pick<OrgsService, 'get'>;
}) {
  return async (record: { id: string; createdAt: string; updatedAt: string; version: number }, page: number, pageSize: number): Promise<Omit<ResidentHistory, 'restricted'>> => {
    const { items, total } = await deps.audit.query({ subjectId: record.id, actions: RESIDENT_HISTORY_ACTIONS, outcome: 'success', page, pageSize });
    const userIds = [...new Set(items.map((a) => a.actorId).filter((x): x is string => !!x && !x.startsWith('system')))];
    const users = userIds.length ? await deps.accounts.userRefs(userIds) : new Map();
    const orgNames = new Map<string, string | null>();
    for (const u of users.values()) if (!orgNames.has(u.orgId)) orgNames.set(u.orgId, (await deps.orgs.get(u.orgId))?.name ?? null);
    const by = (a: AuditRow): ResidentHistoryEntry['by'] => {
      const u = a.actorId ? users.get(a.actorId) : undefined;
      return u ? { kind: 'user', displayName: u.displayName, role: u.role, organisation: orgNames.get(u.orgId) ?? null } : { kind: 'system' };
    };
    return {
      createdAt: record.createdAt, updatedAt: record.updatedAt, version: record.version, total, page, pageSize,
      items: items.map((a) => ({ at: a.ts, action: a.action as ResidentHistoryAction, fields: a.fields, reason: a.reason ?? null, by: by(a) })),
    };
  };
}
