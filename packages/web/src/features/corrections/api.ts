// 我的信息 and correction requests (packages/server/src/modules/corrections, PRIV-09, ADR 0028).
import { request } from '../../api/client';

export type CorrectionField = 'phone' | 'residenceType' | 'tags' | 'name' | 'other';
/** `withdrawn`: the resident took it back while it was open. */
export type CorrectionStatus = 'open' | 'applied' | 'partly' | 'rejected' | 'withdrawn';
/** What staff record (the server refuses `applied` while the record does not hold what was asked: not_applied). */
export type CorrectionDecision = 'applied' | 'partly' | 'rejected';

export type MyRecord =
  | { linked: false }
  | {
      linked: true;
      record: {
        id: string; name: string; idMasked: string; phoneMasked: string | null; address: string; relation: string; residenceType: string;
        tags: string[]; status: string; household: Array<{ nameMasked: string; relation: string }>;
      };
    };

export type MyCorrection = {
  id: string; field: CorrectionField; proposed: string; note: string | null; status: CorrectionStatus; reply: string | null; createdAt: string; resolvedAt: string | null;
};

export type StaffCorrection = {
  id: string; residentId: string; residentName: string; gridId: string; field: CorrectionField; proposedMasked: string; hasNote: boolean;
  status: CorrectionStatus; reply: string | null; createdAt: string; resolvedAt: string | null; version: number;
};
export type StaffCorrectionDetail = {
  id: string; residentId: string; residentName: string; field: CorrectionField; proposed: string; note: string | null; status: CorrectionStatus; version: number;
};

export const myRecord = (signal?: AbortSignal) => request<MyRecord>('/api/me/record', { signal });
export const myCorrections = (signal?: AbortSignal) => request<{ items: MyCorrection[] }>('/api/me/corrections', { signal });
export const submitCorrection = (body: { field: CorrectionField; proposed: string | string[]; note: string | null }) =>
  request<MyCorrection>('/api/me/corrections', { method: 'POST', body });

/** Withdraws one of the caller's own open requests (409 once the community has decided it). */
export const withdrawCorrection = (id: string) => request<MyCorrection>(`/api/me/corrections/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body: {} });

export const staffCorrections = (status: CorrectionStatus | 'all', signal?: AbortSignal) =>
  request<{ items: StaffCorrection[] }>('/api/registry/corrections', { query: { status }, signal });
export const staffCorrection = (id: string, signal?: AbortSignal) => request<StaffCorrectionDetail>(`/api/registry/corrections/${id}`, { signal });
export const resolveCorrection = (id: string, body: { decision: CorrectionDecision; reply: string; version: number }) =>
  request<{ id: string; status: CorrectionStatus; version: number }>(`/api/registry/corrections/${id}/resolve`, { method: 'POST', body });
