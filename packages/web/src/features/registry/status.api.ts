// Resident status (server: POST /api/residents/:id/status in registry.routes.ts): moved out of the area, deceased, or
// back (active). An inactive resident leaves lists, search and counts; the record and its history stay.
import { request } from '../../api/client';
import type { ResidentDetail, ResidentSummary } from './api';

export const RESIDENT_STATUSES = ['active', 'moved_out', 'deceased'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];
export type StatusChange = { at: string; from: ResidentStatus; to: ResidentStatus; effectiveDate: string; reason: string };
/** The profile as the server sends it, with the status history. */
export type ResidentDetailWithStatus = ResidentDetail & { statusHistory?: StatusChange[] };

export function changeResidentStatus(
  id: string,
  body: { version: number; status: ResidentStatus; effectiveDate: string; reason: string },
): Promise<ResidentSummary & { wardsWithoutGuardian: number }> {
  return request(`/api/residents/${encodeURIComponent(id)}/status`, { method: 'POST', body });
}

/** The statuses a resident can be changed to from `current`: leave (moved out / deceased) when active, else come back. */
export function nextStatuses(current: string): ResidentStatus[] {
  return current === 'active' ? ['moved_out', 'deceased'] : ['active'];
}
