import { request } from './client';
import type { AuditAnchor, AuditAnchorCheck, AuditCheckpoint, AuditDisclosures, AuditQuery, AuditRow, AuditVerify, Page } from './types';

/** `totalExact` false: counting stopped past 10,000 matches and `total` is a lower bound (ADR 0059). */
export type AuditPage = Page<AuditRow> & { totalExact: boolean };

export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  return request<AuditPage>('/api/audit', { query, signal });
}

/** The resident record ids audit row `id`'s answer showed, a page of them (ADR 0046; the read is audited). */
export function listAuditDisclosures(id: number, page: number, pageSize: number, signal?: AbortSignal): Promise<AuditDisclosures> {
  return request<AuditDisclosures>(`/api/audit/${id}/disclosures`, { query: { page, pageSize }, signal });
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

/** The compliance audit pack (AUD-10, ADR 0038) of [from, to] (YYYY-MM-DD) for an area code (omitted: the auditor's own area). */
export function downloadAuditPack(q: { from: string; to: string; area?: string; lang: 'zh-CN' | 'en' }): Promise<Blob> {
  return request<Blob>('/api/audit/pack', { query: q, blob: true });
}

/** The public list of districts, streets and communities (the transparency report's), for the pack's area picker. */
export function listPackAreas(signal?: AbortSignal): Promise<{ items: Array<{ code: string; name: string; level: string; parentCode: string | null }> }> {
  return request('/api/transparency/areas', { signal });
}
