// The API of 卡口 (ADR 0081): the area's gates and their flow (gate:read), the station's check, passages and their
// review, today's visitors and the vehicles (gate:operate), setting up gates and vehicles (gate:manage), and the public
// visitor registration at a gate's poster. Names come masked; every list and check is audited by the server.
import { request } from '../../api/client';
import type { Page } from '../../api/types';
import type { ResidentHit } from '../self-reports';

export type { ResidentHit };

export type Decision = 'allow' | 'review' | 'deny';
export const DECISIONS: readonly Decision[] = ['allow', 'review', 'deny'];
export type Direction = 'in' | 'out';
export const GATE_KINDS = ['pedestrian', 'vehicle', 'mixed'] as const;
export type GateKind = (typeof GATE_KINDS)[number];
export const VISIT_REASONS = ['family', 'delivery', 'repair', 'medical', 'other'] as const;
export type VisitReason = (typeof VISIT_REASONS)[number];
export const VEHICLE_KINDS = ['resident', 'supply', 'medical', 'service'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];
export const SAMPLING_HOURS = [0, 24, 48, 72] as const;
export type SamplingHours = (typeof SAMPLING_HOURS)[number];
export type Effect = 'review' | 'deny';
export type GatePolicy = { samplingHours: SamplingHours; samplingAction: Effect; unknown: Effect };
export const DEFAULT_POLICY: GatePolicy = { samplingHours: 72, samplingAction: 'review', unknown: 'review' };
/** A terminal's id as the server takes it (4–40 of A–Z a–z 0–9 - _). */
export const DEVICE_RE = /^[A-Za-z0-9_-]{4,40}$/;
export const NAME_MAX = 40;
export const LOCATION_MAX = 100;
export const NOTE_MAX = 100;
export const HOST_MAX = 60;
export type Outcome = 'let_in' | 'turned_away';

export type Gate = {
  id: string; communityId: string; communityName: string; gridId: string; gridName: string; name: string; kind: GateKind; location: string | null;
  purpose: string; signageOn: string | null; deviceId: string | null; policy: GatePolicy; status: 'active' | 'inactive'; version: number;
  today: { in: number; out: number; deny: number; review: number };
  /** ADR 0081 addendum: a terminal whose colours differed from the health-code mirror three times is held. */
  deviceMismatches?: number; deviceHeldAt?: string | null;
};

export type Reason = { code: string; effect: Decision; zh: string; en: string };
export type Passage = {
  id: string; gateId: string; gateName: string; at: string; direction: Direction; method: string; subject: 'resident' | 'visitor' | 'vehicle' | 'unknown';
  person: { nameMasked: string; idMasked: string; address: string | null; communityName: string } | null;
  visit: { nameMasked: string; host: string; reason: string; date: string } | null;
  vehicle: { plateMasked: string; kind: string } | null;
  claimedColour: 'green' | 'yellow' | 'red' | null; decision: Decision; reasons: Reason[];
  review: { outcome: Outcome; by: string; at: string; note: string | null } | null;
  byDevice: boolean;
};

export type FlowGate = {
  gateId: string; name: string; communityName: string; in: number; out: number; allow: number; deny: number; review: number;
  hours: Array<{ hour: number; in: number; out: number }>;
};
export type FlowDay = { date: string; in: number; out: number; deny: number; review: number };
export type Flow = {
  date: string;
  totals: { in: number; out: number; allow: number; deny: number; review: number; visitors: number; vehicles: number };
  gates: FlowGate[];
  days: FlowDay[];
};

export type Visit = {
  id: string; gateName: string; nameMasked: string; phoneMasked: string; host: string; reason: string; date: string; status: 'registered' | 'entered';
  createdAt: string; enteredAt: string | null;
};
export type Vehicle = { id: string; plateMasked: string; kind: VehicleKind; residentNameMasked: string | null; note: string | null; createdAt: string; version: number };

export const GATES_KEY = ['gates'] as const;
export const GATE_LIST_KEY = [...GATES_KEY, 'list'] as const;
export const EVENTS_KEY = [...GATES_KEY, 'events'] as const;
export const FLOW_KEY = [...GATES_KEY, 'flow'] as const;
export const VISITS_KEY = [...GATES_KEY, 'visits'] as const;
export const VEHICLES_KEY = [...GATES_KEY, 'vehicles'] as const;
const id = (x: string) => encodeURIComponent(x);

export const listGates = (signal?: AbortSignal): Promise<{ items: Gate[] }> => request('/api/gates', { signal });
export type GateBody = {
  name: string; kind: GateKind; gridId: string; location?: string; signageOn?: string | null; deviceId?: string | null; policy: GatePolicy;
};
export const createGate = (b: GateBody): Promise<Gate> => request('/api/gates', { method: 'POST', body: b });
export type GateUpdate = GateBody & { status: 'active' | 'inactive'; version: number; releaseDevice?: boolean };
export const updateGate = (gateId: string, b: GateUpdate): Promise<Gate> => request(`/api/gates/${id(gateId)}`, { method: 'PUT', body: b });

/** The community's grids (a gate stands on one): the caller's org and its children, the grids kept. */
export async function listGrids(signal?: AbortSignal): Promise<Array<{ id: string; name: string }>> {
  const r = await request<{ items: Array<{ id: string; name: string; level: string }> }>('/api/orgs/levels', { signal });
  return r.items.filter((o) => o.level === 'grid').map((o) => ({ id: o.id, name: o.name }));
}

/**
 * The station's check. No Idempotency-Key (ADR 0081): a check answers who stands at the gate now, and a repeated scan
 * is another passage. `method` only when the worker typed it by hand (else the server reads it off the scan).
 */
export type CheckBody = { direction: Direction; scan: string; method?: 'manual' };
export const checkAt = (gateId: string, b: CheckBody): Promise<Passage> => request(`/api/gates/${id(gateId)}/check`, { method: 'POST', body: b });

export type EventQuery = { gateId?: string; decision?: Decision; open?: boolean; date?: string; page: number; pageSize?: number };
export const EVENTS_PAGE_SIZE = 20;
export const listEvents = (q: EventQuery, signal?: AbortSignal): Promise<Page<Passage>> =>
  request('/api/gates/events', {
    signal, query: { gateId: q.gateId, decision: q.decision, open: q.open ? '1' : undefined, date: q.date, page: q.page, pageSize: q.pageSize ?? EVENTS_PAGE_SIZE },
  });
export const reviewEvent = (eventId: string, b: { outcome: Outcome; note?: string }): Promise<Passage> =>
  request(`/api/gates/events/${id(eventId)}/review`, { method: 'POST', body: b });

export const getFlow = (date: string | undefined, signal?: AbortSignal): Promise<Flow> => request('/api/gates/flow', { signal, query: { date } });
export const listVisits = (date: string | undefined, signal?: AbortSignal): Promise<{ items: Visit[] }> => request('/api/gates/visits', { signal, query: { date } });
export const listVehicles = (signal?: AbortSignal): Promise<{ items: Vehicle[] }> => request('/api/gates/vehicles', { signal });
export type VehicleBody = { plate: string; kind: VehicleKind; residentId?: string; note?: string };
export const addVehicle = (b: VehicleBody): Promise<Vehicle> => request('/api/gates/vehicles', { method: 'POST', body: b });
export const removeVehicle = (v: Pick<Vehicle, 'id' | 'version'>): Promise<void> =>
  request(`/api/gates/vehicles/${id(v.id)}`, { method: 'DELETE', query: { version: v.version } });

/** 登记车辆's owner search: the resident search, as 疫情排查 (a vehicle let through the gates during the epidemic). */
export const SEARCH_SHOWN = 8;
export const searchResidents = (q: string, signal?: AbortSignal): Promise<{ items: ResidentHit[] }> =>
  request('/api/residents/search', { method: 'POST', body: { q, limit: SEARCH_SHOWN }, headers: { 'X-Purpose': 'epidemic.screening' }, signal });

// ----- public (no sign-in) -----------------------------------------------------------------------------------------

export type PublicGate = { id: string; name: string; communityName: string; open: boolean };
export const getPublicGate = (gateId: string, signal?: AbortSignal): Promise<PublicGate> =>
  request(`/api/public/gates/${id(gateId)}`, { signal, noAuthRedirect: true });
export type VisitBody = { name: string; phone: string; host: string; reason: VisitReason };
export type VisitPass = { code: string; date: string; gateName: string; communityName: string; nameMasked: string };
export const registerVisit = (gateId: string, b: VisitBody): Promise<VisitPass> =>
  request(`/api/public/gates/${id(gateId)}/visits`, { method: 'POST', body: b, noAuthRedirect: true });
