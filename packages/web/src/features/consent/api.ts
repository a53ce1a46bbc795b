// Separate consent to care services (单独同意, PIPL Art. 29, PRIV-07, ADR 0033). Server: registry.consent.ts,
// registry.routes.ts (staff) and modules/me/me.consent.routes.ts (the resident's own, 我的信息).
import { request } from '../../api/client';

export {
  CONSENT_TAGS, STAFF_CONSENT_METHODS, type ConsentAttestation, type ConsentMethod, type ConsentStatus, type ConsentTag, type ConsentView,
  type StaffConsentMethod,
} from '@renxing/shared';
import type { ConsentAttestation, ConsentStatus } from '@renxing/shared';

export type MyConsent = ({ linked: true; noticeVersion: string } & ConsentStatus) | { linked: false; noticeVersion: string };

export const recordConsent = (residentId: string, body: ConsentAttestation) =>
  request<ConsentStatus>(`/api/residents/${encodeURIComponent(residentId)}/consent`, { method: 'POST', body });
export const withdrawConsent = (residentId: string, body: ConsentAttestation) =>
  request<{ removedTags: string[]; version: number; tags: string[]; consent: ConsentStatus }>(`/api/residents/${encodeURIComponent(residentId)}/consent/withdraw`, { method: 'POST', body });

/** A child under 14 of the signed-in guardian, with the child's consent status (ADR 0039). */
export type WardConsent = { id: string; nameMasked: string; age: number; consent: ConsentStatus };
export type MyWards = { linked: boolean; noticeVersion: string; items: WardConsent[] };

export const myWards = (signal?: AbortSignal) => request<MyWards>('/api/me/wards/consent', { signal });
export const giveWardConsent = (childId: string, noticeVersion: string) =>
  request<ConsentStatus>(`/api/me/wards/${encodeURIComponent(childId)}/consent`, { method: 'POST', body: { noticeVersion } });
export const withdrawWardConsent = (childId: string) =>
  request<{ removedTags: string[]; consent: ConsentStatus }>(`/api/me/wards/${encodeURIComponent(childId)}/consent/withdraw`, { method: 'POST', body: {} });

export const myConsent = (signal?: AbortSignal) => request<MyConsent>('/api/me/consent', { signal });
export const giveMyConsent = (noticeVersion: string) => request<ConsentStatus>('/api/me/consent', { method: 'POST', body: { noticeVersion } });
export const withdrawMyConsent = () => request<{ removedTags: string[]; consent: ConsentStatus }>('/api/me/consent/withdraw', { method: 'POST', body: {} });
