// Requests to see a child's full ID or phone number and their approval by the community admin
// (packages/server/src/modules/registry/registry.minors.routes.ts, PRIV-08, ADR 0035).
import { request } from '../../api/client';
import type { Purpose } from './api';

export type MinorField = 'idNumber' | 'phone';
export type MinorRequestStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** Whether the caller must ask before revealing this resident's numbers, and their own open requests per field. */
export type MinorAccessState = {
  minor: boolean;
  approvalNeeded: boolean;
  minorAge: number;
  fields: Record<MinorField, {
    status: 'none' | 'pending' | 'approved'; requestId: string | null; expiresAt: string | null; usesLeft: number;
    /** Status `none` after the caller's newest request for the field was refused: when, and the responsible person's note. */
    rejected?: { at: string; note: string | null } | null;
  }>;
};

export type MinorRequest = {
  id: string;
  residentId: string;
  /** Masked, e.g. 张**. */
  residentName: string;
  field: MinorField;
  reason: string;
  purpose: string;
  requester: { id: string; displayName: string; role: string };
  status: MinorRequestStatus;
  createdAt: string;
  expiresAt: string;
  usesLeft: number;
  decision: { by: { id: string; displayName: string }; at: string; note: string | null } | null;
  canDecide: boolean;
};

const enc = encodeURIComponent;

export const minorAccessState = (residentId: string, signal?: AbortSignal) =>
  request<MinorAccessState>(`/api/residents/${enc(residentId)}/minor-access`, { signal });

export const askMinorAccess = (residentId: string, body: { field: MinorField; reason: string }, purpose: Purpose) =>
  request<{ id: string; status: 'pending'; expiresAt: string; notified: number }>(`/api/residents/${enc(residentId)}/minor-access`, {
    method: 'POST', body, headers: { 'X-Purpose': purpose },
  });

export const minorRequests = (status: MinorRequestStatus | 'all', signal?: AbortSignal) =>
  request<{ items: MinorRequest[] }>('/api/minor-access', { query: { status }, signal });

export const minorPendingCount = (signal?: AbortSignal) => request<{ pending: number }>('/api/minor-access/pending-count', { signal });

/** Approve or reject; the server asks for the second factor (the fetch wrapper opens the code dialog by itself). */
export const decideMinorAccess = (id: string, decision: 'approve' | 'reject', note: string) =>
  request<MinorRequest>(`/api/minor-access/${enc(id)}/${decision}`, { method: 'POST', body: decision === 'approve' ? (note ? { note } : {}) : { note } });
