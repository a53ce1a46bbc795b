// Security alerts for the security admin (GET /api/admin/security-alerts, user:manage; ADR 0034): the daily export cap
// and many residents' records opened in a short time. An alert names the staff account, never a resident.
import { request } from '../../api/client';

export type SecurityAlertKind = 'daily_export_cap' | 'browsing';

export type SecurityAlert = {
  id: string;
  createdAt: string;
  kind: string;
  severity: 'normal' | 'high';
  status: 'open' | 'acknowledged' | 'closed';
  actor: { id: string; displayName: string | null; role: string | null; orgName: string | null } | null;
  count: number | null;
  details: Record<string, unknown>;
};

export type SecurityAlertList = { items: SecurityAlert[]; total: number; page: number; pageSize: number };

export function listSecurityAlerts(q: { page: number; pageSize: number; kind?: SecurityAlertKind }, signal?: AbortSignal): Promise<SecurityAlertList> {
  return request('/api/admin/security-alerts', { query: { page: q.page, pageSize: q.pageSize, kind: q.kind }, signal });
}
