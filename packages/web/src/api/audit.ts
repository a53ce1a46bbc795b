import { request } from './client';
import type { AuditQuery, AuditRow, AuditVerify, Page } from './types';

export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<Page<AuditRow>> {
  return request<Page<AuditRow>>('/api/audit', { query, signal });
}

export function verifyAudit(): Promise<AuditVerify> {
  return request<AuditVerify>('/api/audit/verify');
}
