// 应急期 / Emergency periods API (packages/server/src/modules/privacy/emergencies.routes.ts, ADR 0027).
import { request } from '../../api/client';

/** `cancelled`: ended before it began (declared from a later date by mistake); it never covered a day. */
export type EmergencyStatus = 'active' | 'ended' | 'scheduled' | 'cancelled';
export type EmergencyPeriod = {
  id: string; orgId: string; orgPath: string; orgName: string; orgLevel: string; startDate: string; endDate: string | null; legalRef: string;
  note: string | null; endReason: string | null; declaredAt: string; endedAt: string | null; version: number; status: EmergencyStatus;
};
/**
 * Collection state of the caller's area today: open while an emergency covers it, since the earliest one in force.
 * `inForce`: every covering period in force, earliest first (a community may have its own inside a declared district).
 */
export type EmergencyState = {
  open: boolean; since: string | null; endedOn: string | null; legalRef: string | null; areaName: string | null;
  inForce: Array<{ areaName: string; since: string; legalRef: string }>;
};
/** `retentionDays`: days after the end before the data collected under it is deleted. */
export type Emergencies = { today: string; retentionDays: number; state: EmergencyState; items: EmergencyPeriod[] };

export const EMERGENCIES_KEY = ['emergencies'] as const;

export function listEmergencies(signal?: AbortSignal): Promise<Emergencies> {
  return request('/api/emergencies', { signal });
}

/** Declares an emergency (emergency:manage); 409 emergency_overlap when the area already has an open one. */
export function declareEmergency(body: { orgId: string; startDate: string; legalRef: string; note?: string | null }): Promise<EmergencyPeriod> {
  return request('/api/emergencies', { method: 'POST', body });
}

/** Ends an emergency; `endDate` is its last day (collection closes the next day). A period not begun yet is cancelled (`endDate` = today). */
export function endEmergency(id: string, body: { endDate: string; reason: string }): Promise<EmergencyPeriod> {
  return request(`/api/emergencies/${encodeURIComponent(id)}/end`, { method: 'POST', body });
}
