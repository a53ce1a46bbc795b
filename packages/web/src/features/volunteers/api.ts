// The API of 志愿者 (ADR 0085): the public application form (no login), the community's applications, roster and shifts
// (volunteer:read; deciding, publishing and assigning need volunteer:manage), and 我的志愿服务 (volunteer:serve).
import { request } from '../../api/client';

export const SKILLS = ['shopping', 'gate', 'sampling', 'data_entry', 'counselling', 'nursing', 'driving', 'translation', 'other'] as const;
export type Skill = (typeof SKILLS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const BANDS = ['morning', 'afternoon', 'evening'] as const;
export type Band = (typeof BANDS)[number];
export const SHIFT_KINDS = ['gate', 'sampling', 'grocery', 'other'] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** As the server (volunteers routes). */
export const NAME_MAX = 20;
export const NOTE_MAX = 200;
export const REASON_MAX = 100;
export const TITLE_MAX = 40;
export const PLACE_MAX = 60;
export const SLOTS_MAX = 200;

export type Availability = { weekdays: string[]; bands: string[] };
export type Coded = { code: string; zh: string; en: string };
export type Meta = { skills: Coded[]; kinds: Coded[]; weekdays: Coded[]; bands: Coded[] };
export type PublicForm = Meta & { communities: Array<{ id: string; name: string; code: string }> };

export type Application = {
  id: string; communityId: string; nameMasked: string; phoneMasked: string; skills: string[]; availability: Availability; note: string | null;
  status: ApplicationStatus; reason: string | null; decidedAt: string | null; createdAt: string; version: number; volunteerId?: string | null;
};
export type ApplicationInput = { communityId: string; name: string; phone: string; skills: string[]; availability: Availability; note?: string };
export type ApplicationReceipt = { id: string; communityName: string; nameMasked: string; phoneMasked: string; status: 'pending' };

export const ROSTER_STATUSES = ['active', 'retired'] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];
export type RosterEntry = {
  id: string; nameMasked: string; phoneMasked: string | null; skills: string[]; availability: Availability; linked: boolean; joinedAt: string; minutes: number; hours: number; shiftsDone: number;
  account: { id: string; name: string } | null; active: boolean; retiredAt: string | null; retiredReason: string | null; version: number;
};
export type VolunteerAccount = { id: string; name: string; linkedTo: { volunteerId: string; nameMasked: string; active: boolean } | null };
export type VolunteerPatch = { skills?: string[]; availability?: Availability; userId?: string | null; version: number };
export type ShiftMember = { id: string; volunteerId: string; nameMasked: string; source: 'signup' | 'assigned'; checkedInAt: string | null; checkedOutAt: string | null; minutes: number | null };
export type Shift = {
  id: string; kind: ShiftKind; title: string; place: string; day: string; starts: string; ends: string; slots: number; filled: number; skill: string | null; note: string | null;
  members?: ShiftMember[]; version: number;
};
export type ShiftInput = { kind: ShiftKind; title: string; place: string; day: string; starts: string; ends: string; slots: number; skill?: string; note?: string };
export type MyShift = Shift & { checkedInAt: string | null; checkedOutAt: string | null; minutes: number | null };
export type Mine = { onRoster: boolean; nameMasked: string | null; minutes: number; hours: number; shiftsDone: number; myShifts: MyShift[]; openShifts: Shift[] };
export type CheckResult = { shiftId: string; checkedInAt: string | null; checkedOutAt: string | null; minutes: number | null };

export const VOLUNTEERS_KEY = ['volunteers'] as const;
export const MINE_KEY = ['me', 'volunteering'] as const;

const id = (s: string) => encodeURIComponent(s);

export const publicForm = (signal?: AbortSignal) => request<PublicForm>('/api/public/volunteers/form', { signal, noAuthRedirect: true });
export const applyPublic = (b: ApplicationInput) => request<ApplicationReceipt>('/api/public/volunteers/applications', { method: 'POST', body: b, noAuthRedirect: true });

export const getMeta = (signal?: AbortSignal) => request<Meta>('/api/volunteers/meta', { signal });
export const listApplications = (status: ApplicationStatus, signal?: AbortSignal) =>
  request<{ items: Application[] }>(`/api/volunteers/applications?status=${status}`, { signal });
export const decideApplication = (appId: string, b: { decision: 'approve' | 'reject'; reason?: string; userId?: string; version: number }) =>
  request<Application>(`/api/volunteers/applications/${id(appId)}/decide`, { method: 'POST', body: b });
export const listRoster = (signal?: AbortSignal, status: RosterStatus = 'active') =>
  request<{ items: RosterEntry[] }>(status === 'active' ? '/api/volunteers' : `/api/volunteers?status=${status}`, { signal });
export const listAccounts = (signal?: AbortSignal) => request<{ items: VolunteerAccount[] }>('/api/volunteers/accounts', { signal });
export const updateVolunteer = (volunteerId: string, b: VolunteerPatch) => request<{ id: string; version: number }>(`/api/volunteers/${id(volunteerId)}`, { method: 'PATCH', body: b });
export const retireVolunteer = (volunteerId: string, b: { retire: boolean; reason?: string; version: number }) =>
  request<{ id: string; active: boolean; freedShifts: number; version: number }>(`/api/volunteers/${id(volunteerId)}/retire`, { method: 'POST', body: b });
export const listShifts = (from: string, to: string, signal?: AbortSignal) =>
  request<{ items: Shift[] }>(`/api/volunteers/shifts?from=${from}&to=${to}`, { signal });
export const createShift = (b: ShiftInput) => request<Shift>('/api/volunteers/shifts', { method: 'POST', body: b });
export const assignToShift = (shiftId: string, volunteerId: string) =>
  request<{ memberId: string }>(`/api/volunteers/shifts/${id(shiftId)}/assign`, { method: 'POST', body: { volunteerId } });

export const getMine = (signal?: AbortSignal) => request<Mine>('/api/me/volunteering', { signal });
export const signUp = (shiftId: string) => request<{ memberId: string }>(`/api/me/volunteering/shifts/${id(shiftId)}/sign-up`, { method: 'POST' });
export const checkShift = (shiftId: string, what: 'in' | 'out') => request<CheckResult>(`/api/me/volunteering/shifts/${id(shiftId)}/check-${what}`, { method: 'POST' });
