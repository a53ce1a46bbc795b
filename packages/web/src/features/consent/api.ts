// Separate consent to care services (单独同意, PIPL Art. 29, PRIV-07, ADR 0033). Server: registry.consent.ts,
// registry.routes.ts (staff) and modules/me/me.consent.routes.ts (the resident's own, 我的信息).
import { request } from '../../api/client';

export const CONSENT_TAGS = ['living_alone', 'disabled', 'chronic', 'pregnant'] as const;
export type ConsentTag = (typeof CONSENT_TAGS)[number];
export type ConsentMethod = 'written' | 'oral_witnessed' | 'portal';
/** What staff attest; `portal` is the resident's own act. */
export const STAFF_CONSENT_METHODS = ['written', 'oral_witnessed'] as const;
export type StaffConsentMethod = (typeof STAFF_CONSENT_METHODS)[number];
export type ConsentAttestation = { method: StaffConsentMethod; note?: string | null };

export type ConsentView = {
  id: string;
  purpose: string;
  method: ConsentMethod;
  noticeVersion: string;
  note: string | null;
  recordedBy: 'staff' | 'resident' | 'import' | 'system';
  recordedAt: string;
  withdrawnAt: string | null;
  withdrawnBy: 'staff' | 'resident' | 'system' | null;
  withdrawMethod: ConsentMethod | null;
  withdrawNote: string | null;
  version: number;
};

export type ConsentStatus = {
  purpose: 'care_services';
  basis: 'separate_consent';
  valid: boolean;
  current: ConsentView | null;
  history: ConsentView[];
  /** Consent-based tags on the record now. */
  tags: ConsentTag[];
  /** The record holds such tags without a consent (from before consents were recorded). */
  toConfirm: boolean;
};

export type MyConsent = ({ linked: true; noticeVersion: string } & ConsentStatus) | { linked: false; noticeVersion: string };

export const recordConsent = (residentId: string, body: ConsentAttestation) =>
  request<ConsentStatus>(`/api/residents/${encodeURIComponent(residentId)}/consent`, { method: 'POST', body });
export const withdrawConsent = (residentId: string, body: ConsentAttestation) =>
  request<{ removedTags: string[]; version: number; tags: string[]; consent: ConsentStatus }>(`/api/residents/${encodeURIComponent(residentId)}/consent/withdraw`, { method: 'POST', body });

export const myConsent = (signal?: AbortSignal) => request<MyConsent>('/api/me/consent', { signal });
export const giveMyConsent = (noticeVersion: string) => request<ConsentStatus>('/api/me/consent', { method: 'POST', body: { noticeVersion } });
export const withdrawMyConsent = () => request<{ removedTags: string[]; consent: ConsentStatus }>('/api/me/consent/withdraw', { method: 'POST', body: {} });
