// Deletion requests (packages/server/src/modules/deletions, PIPL Art. 47, ADR 0037).
import { request } from '../../api/client';

export type DeletionGround = 'moved_away' | 'no_longer_necessary' | 'consent_withdrawn' | 'retention_expired' | 'unlawful' | 'other';
export type DeletionScope = 'care_tags' | 'record';
/** `withdrawn`: the resident took it back while it was open (nothing deleted, no certificate). */
export type DeletionStatus = 'open' | 'erased' | 'restricted' | 'rejected' | 'withdrawn';
export type DeletionDecision = 'erase' | 'restrict' | 'reject';

export type MyDeletion = {
  id: string; ground: DeletionGround; scope: DeletionScope; note: string | null; status: DeletionStatus; reply: string | null; createdAt: string; decidedAt: string | null;
};
export type StaffDeletion = {
  id: string; residentId: string; residentName: string | null; recordErased: boolean; gridId: string; ground: DeletionGround; scope: DeletionScope; hasNote: boolean;
  status: DeletionStatus; reply: string | null; createdAt: string; decidedAt: string | null; version: number;
};
export type DeletionCertificate = { seq: number; id: string; decision: DeletionDecision; scope: DeletionScope; decidedAt: string; total: number; counts: Record<string, number>; hash: string };
export type StaffDeletionDetail = {
  id: string; residentId: string; ground: DeletionGround; scope: DeletionScope; note: string | null; status: DeletionStatus; reply: string | null; version: number;
  resident: { nameMasked: string; status: string; restricted: boolean; tags: string[]; householdSize: number } | null;
  certificate: DeletionCertificate | null;
};

export const myDeletions = (signal?: AbortSignal) => request<{ linked: boolean; items: MyDeletion[] }>('/api/me/deletion-requests', { signal });
export const submitDeletion = (body: { ground: DeletionGround; scope: DeletionScope; note: string | null }) =>
  request<MyDeletion>('/api/me/deletion-requests', { method: 'POST', body });
/** The resident takes back their own open request (e.g. a whole-record request sent by mistake). */
export const withdrawDeletion = (id: string) => request<MyDeletion>(`/api/me/deletion-requests/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body: {} });

export const staffDeletions = (status: DeletionStatus | 'all', signal?: AbortSignal) =>
  request<{ items: StaffDeletion[] }>('/api/registry/deletion-requests', { query: { status }, signal });
export const staffDeletion = (id: string, signal?: AbortSignal) => request<StaffDeletionDetail>(`/api/registry/deletion-requests/${id}`, { signal });
export const decideDeletion = (id: string, body: { decision: DeletionDecision; reply: string | null; version: number }) =>
  request<{ id: string; status: DeletionStatus; version: number; certificate: DeletionCertificate }>(`/api/registry/deletion-requests/${id}/decide`, { method: 'POST', body });

/** A certificate as the auditor's list shows it (counts only; ADR 0037), with its request, decider and chain link. */
export type DeletionCertificateEntry = DeletionCertificate & { requestId: string; actor: string; prevHash: string };
export type DeletionCertificateCheck = { ok: boolean; checked: number; firstBrokenSeq: number | null };

/** Deletion certificates, newest first (auditor, security admin: retention:read). */
export const deletionCertificates = (page: number, pageSize: number, signal?: AbortSignal) =>
  request<{ items: DeletionCertificateEntry[]; total: number; page: number; pageSize: number }>('/api/registry/deletion-certificates', { query: { page, pageSize }, signal });
/** Recomputes the certificate chain (the check is audited). */
export const verifyDeletionCertificates = () => request<DeletionCertificateCheck>('/api/registry/deletion-certificates/verify');
