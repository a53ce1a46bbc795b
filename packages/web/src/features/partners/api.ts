// The API of 多方协同与社会组织服务 (ADR 0091): the partner registry and the responsibility matrix (partner:read; changes
// partner:manage), an organisation's services and records (service:record for its people), remote booking (self:book for
// a resident, service:book for a worker booking for a resident in home quarantine).
import { request } from '../../api/client';

export const UNIT_KINDS = ['party', 'residents_committee', 'owners_committee', 'property', 'social_org', 'volunteer_team', 'resident_unit'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const DUTY_ROLES = ['lead', 'support', 'inform'] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];
export const SERVICE_CATEGORIES = ['haircut', 'counselling', 'errands', 'elderly_care', 'other'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
export const SLOT_MODES = ['phone', 'video', 'visit'] as const;
export type SlotMode = (typeof SLOT_MODES)[number];

/** As the server (partners routes). */
export const NAME_MAX = 60;
export const NOTE_MAX = 200;
export const SERVICE_NAME_MAX = 40;
export const PLACE_MAX = 60;

export type Unit = {
  id: string; orgId: string; kind: UnitKind; name: string; regStatus: 'registered' | 'filed' | null; creditCode: string | null; contactNameMasked: string | null;
  contactPhoneMasked: string | null; servicesNote: string | null; active: boolean; endedAt: string | null; version: number; own?: boolean;
};
export type OrgRef = { id: string; name: string; level: string };
export type UnitList = { org: OrgRef; items: Unit[]; socialOrgs: { total: number; registered: number; filed: number }; canManage: boolean };
export type UnitInput = {
  kind: UnitKind; name: string; regStatus?: 'registered' | 'filed'; creditCode?: string; contactName?: string; contactPhone?: string; servicesNote?: string;
};
export type Cell = { taskKind: string; unitId: string; role: DutyRole };
export type Coded = { code: string; zh: string; en: string };
export type Matrix = { org: OrgRef; taskKinds: Coded[]; units: Array<{ id: string; name: string; kind: UnitKind }>; cells: Cell[]; canManage: boolean };
export type Totals = { records: number; served: number };
export type Service = { id: string; unitId: string; category: ServiceCategory; name: string; description: string | null; bookable: boolean; active: boolean };
export type ServiceRecord = { id: string; serviceId: string; day: string; place: string; servedCount: number; note: string | null; linkedResidents: number; by: string };
export type UnitDetail = {
  unit: Unit; members: Array<{ userId: string; name: string }>; services: Array<Service & { totals: Totals }>; totals: Totals; records: ServiceRecord[];
  canManage: boolean; canRecord: boolean; isMember: boolean;
};
export type OrgTotals = {
  org: { id: string; name: string }; byCategory: Array<{ category: ServiceCategory } & Totals>; byUnit: Array<{ unitId: string; name: string; kind: UnitKind } & Totals>;
};
export type Slot = {
  id: string; serviceId: string; startsAt: string; minutes: number; mode: SlotMode; status: string; taken: boolean;
  booking: { id: string; status: BookingStatus; residentNameMasked: string; bySelf: boolean; note: string | null; version: number } | null;
};
export type BookingStatus = 'pending' | 'confirmed' | 'cancelled';
export type Booking = {
  id: string; status: BookingStatus; slotId: string; startsAt: string; minutes: number; mode: SlotMode; service: { id: string; name: string; category: string };
  unit: { id: string; name: string }; bySelf: boolean; note: string | null; confirmedAt: string | null; cancelledAt: string | null; cancelReason: string | null; version: number;
};
export type Bookable = { items: Array<Service & { unitName: string; slots: Array<Omit<Slot, 'booking'>> }> };

export const PARTNERS_KEY = ['partners'] as const;
export const MY_BOOKINGS_KEY = ['me', 'service-bookings'] as const;

const id = (s: string) => encodeURIComponent(s);

export const listUnits = (signal?: AbortSignal) => request<UnitList>('/api/partners', { signal });
export const createUnit = (b: UnitInput) => request<Unit>('/api/partners', { method: 'POST', body: b });
export const getMatrix = (signal?: AbortSignal) => request<Matrix>('/api/partners/matrix', { signal });
export const setDuty = (b: { unitId: string; taskKind: string; role: DutyRole | null }) => request<Matrix>('/api/partners/matrix', { method: 'PUT', body: b });
export const getTotals = (signal?: AbortSignal) => request<OrgTotals>('/api/partners/totals', { signal });
export const getUnit = (unitId: string, signal?: AbortSignal) => request<UnitDetail>(`/api/partners/${id(unitId)}`, { signal });
export const revealContact = (unitId: string) => request<{ contactName: string | null; contactPhone: string | null }>(`/api/partners/${id(unitId)}/reveal`, { method: 'POST', body: {} });
export const setUnitActive = (unitId: string, b: { active: boolean; version: number }) => request<Unit>(`/api/partners/${id(unitId)}/active`, { method: 'POST', body: b });
export const addService = (unitId: string, b: { category: ServiceCategory; name: string; description?: string; bookable: boolean }) =>
  request<Service>(`/api/partners/${id(unitId)}/services`, { method: 'POST', body: b });
export const addRecord = (serviceId: string, b: { day: string; place: string; servedCount: number; note?: string }) =>
  request<{ id: string; totals: Totals }>(`/api/services/${id(serviceId)}/records`, { method: 'POST', body: b });
export const getSlots = (serviceId: string, signal?: AbortSignal) =>
  request<{ service: Service; isMember: boolean; items: Slot[] }>(`/api/services/${id(serviceId)}/slots`, { signal });
export const addSlot = (serviceId: string, b: { startsAt: string; minutes: number; mode: SlotMode }) => request<Slot>(`/api/services/${id(serviceId)}/slots`, { method: 'POST', body: b });
export const confirmBooking = (bookingId: string, version: number) => request<Booking>(`/api/service-bookings/${id(bookingId)}/confirm`, { method: 'POST', body: { version } });
export const cancelBooking = (bookingId: string, version: number) => request<Booking>(`/api/service-bookings/${id(bookingId)}/cancel`, { method: 'POST', body: { version } });

export const getMyUnits = (signal?: AbortSignal) => request<{ items: Array<Unit & { pendingBookings: number }> }>('/api/me/partner-units', { signal });
export const getMyServices = (signal?: AbortSignal) => request<Bookable>('/api/me/services', { signal });
export const getMyBookings = (signal?: AbortSignal) => request<{ items: Booking[] }>('/api/me/service-bookings', { signal });
export const bookSlot = (b: { slotId: string; note?: string }) => request<Booking>('/api/me/service-bookings', { method: 'POST', body: b });
