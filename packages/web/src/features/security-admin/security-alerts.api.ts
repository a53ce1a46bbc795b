// Security alerts for the security admin (GET /api/admin/security-alerts, user:manage; ADR 0034): the daily export cap
// and many residents' records opened in a short time. An alert names the staff account, never a resident.
import { request } from '../../api/client';

export type SecurityAlertKind = 'daily_export_cap' | 'browsing' | 'search_outside_scope' | 'erasure_ledger_failed' | 'device_identity_mismatch' | 'device_colour_mismatch';

export type SecurityAlert = {
  id: string;
  createdAt: string;
  kind: string;
  severity: 'normal' | 'high';
  status: 'open' | 'acknowledged' | 'closed';
  actor: { id: string; displayName: string | null; role: string | null; orgName: string | null } | null;
  count: number | null;
  details: Record<string, unknown>;
  /** Who acknowledged / closed it, when, and their note (null until then). */
  acknowledged: SecurityAlertStep | null;
  closed: SecurityAlertStep | null;
};

export type SecurityAlertStep = { at: string; by: { id: string; displayName: string | null } | null; note: string | null };

/** `undefined`: the server's default (open and acknowledged); `all`: closed ones too. */
export type SecurityAlertStatusFilter = SecurityAlert['status'] | 'all' | undefined;

export type SecurityAlertList = { items: SecurityAlert[]; total: number; page: number; pageSize: number };

export function listSecurityAlerts(q: { page: number; pageSize: number; kind?: SecurityAlertKind; status?: SecurityAlertStatusFilter }, signal?: AbortSignal): Promise<SecurityAlertList> {
  return request('/api/admin/security-alerts', { query: { page: q.page, pageSize: q.pageSize, kind: q.kind, status: q.status }, signal });
}

/** open → acknowledged ("seen, looking into it"); 409 alert_status_conflict if someone else moved it on first. */
export function acknowledgeSecurityAlert(id: string, note?: string): Promise<SecurityAlert> {
  return request(`/api/admin/security-alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body: note ? { note } : {} });
}

/** open or acknowledged → closed, with a note saying what was done (at least 4 characters). */
export function closeSecurityAlert(id: string, note: string): Promise<SecurityAlert> {
  return request(`/api/admin/security-alerts/${encodeURIComponent(id)}/close`, { method: 'POST', body: { note } });
}
