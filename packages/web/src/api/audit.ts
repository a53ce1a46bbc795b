import { request } from './client';
import type { AuditAnchor, AuditAnchorCheck, AuditCheckpoint, AuditQuery, AuditRow, AuditVerify, Page } from './types';

export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<Page<AuditRow>> {
  return request<Page<AuditRow>>('/api/audit', { query, signal });
}

export function verifyAudit(): Promise<AuditVerify> {
  return request<AuditVerify>('/api/audit/verify');
}

/** The current anchor of the chain and its one-line form (the read is audited). */
export function getAuditAnchor(): Promise<{ anchor: AuditAnchor; line: string }> {
  return request<{ anchor: AuditAnchor; line: string }>('/api/audit/anchor');
}

/** Checks an anchor kept earlier: pasted text, JSON or the one-line form (the check is audited). */
export function checkAuditAnchor(anchor: string): Promise<AuditAnchorCheck> {
  return request<AuditAnchorCheck>('/api/audit/anchor/check', { method: 'POST', body: { anchor } });
}

/** Purge checkpoints, newest first, and the configured audit retention in days (ADR 0030). */
export function listAuditCheckpoints(page: number, pageSize: number, signal?: AbortSignal): Promise<Page<AuditCheckpoint> & { retentionDays: number | null }> {
  return request<Page<AuditCheckpoint> & { retentionDays: number | null }>('/api/audit/checkpoints', { query: { page, pageSize }, signal });
}
