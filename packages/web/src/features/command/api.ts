// The API of 指挥部 (ADR 0090): a district's or street's command centre — 今日, working groups, the duty roster, the nightly
// dispatch meeting (agenda from live figures, minutes, decisions) and 我的督办事项. Reading needs command:read (and taking
// part in the command); changing needs command:manage.
import { request } from '../../api/client';

export const DUTY_ROLES = ['leader', 'officer'] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];
export const AGENDA_SOURCES = ['tasks', 'alerts', 'sampling', 'supplies', 'decisions', 'other'] as const;
export type AgendaSource = (typeof AGENDA_SOURCES)[number];
export const DECISION_FILTERS = ['open', 'overdue', 'done', 'cancelled'] as const;
export type DecisionFilter = (typeof DECISION_FILTERS)[number];

/** As the server (command-centre routes). */
export const GROUP_NAME_MAX = 20;
export const DUTIES_MAX = 300;
export const ITEM_TITLE_MAX = 40;
export const MINUTES_MAX = 2000;
export const DECISION_TITLE_MAX = 60;
export const DECISION_DETAIL_MAX = 500;
export const NOTE_MAX = 300;
export const ADDENDUM_MAX = 1000;

export type Ref = { id: string; name: string };
export type Centre = { id: string; name: string; level: string; canManage: boolean };
export type Person = { id: string; name: string; role: string; orgName: string };
export type Group = { id: string; name: string; duties: string | null; lead: Ref | null; seq: number; members: Ref[]; version: number };
export type DutyEntry = { id: string; user: Ref; group: Ref | null };
export type DutyDay = { date: string; leader: DutyEntry | null; officers: DutyEntry[] };
export type Decision = {
  id: string; command: Ref; meetingId: string | null; itemId: string | null; title: string; detail: string | null; owner: { user: Ref | null; group: Ref | null };
  dueDate: string; status: 'open' | 'done' | 'cancelled'; overdue: boolean; note: string | null; closedAt: string | null; closedBy: Ref | null;
  createdBy: Ref | null; createdAt: string; version: number;
};
export type Today = {
  command: Ref & { level: string }; date: string; canManage: boolean; onDuty: DutyDay;
  meeting: { id: string; status: 'open' | 'ended'; startsAt: string; agendaAt: string | null } | null;
  decisions: Decision[]; counts: { open: number; overdue: number }; groups: Array<{ id: string; name: string; lead: Ref | null; members: number }>;
};
export type AgendaItem = {
  id: string; seq: number; source: AgendaSource; title: string; figure: number | null; figures: Record<string, unknown> | null; link: string | null;
  minutes: string | null; minutesBy: Ref | null; minutesAt: string | null; version: number;
};
export type MeetingView = {
  meeting: { id: string; command: Ref & { level: string }; date: string; startsAt: string; status: 'open' | 'ended'; agendaAt: string | null; endedAt: string | null; endedBy: Ref | null; version: number };
  items: AgendaItem[]; attendance: Ref[]; addenda: Array<{ id: string; body: string; by: Ref; at: string }>; decisions: Decision[]; canManage: boolean;
};
export type Roster = { from: string; today: string; days: DutyDay[]; canManage: boolean };
export type Mine = { open: Decision[]; closed: Decision[]; counts: { open: number; overdue: number } };

export const COMMAND_KEY = ['command'] as const;
export const MY_DECISIONS_KEY = ['me', 'command', 'decisions'] as const;
const e = (s: string) => encodeURIComponent(s);

export const getCentres = (signal?: AbortSignal) => request<{ items: Centre[] }>('/api/command/centres', { signal });
export const getToday = (orgId: string, signal?: AbortSignal) => request<Today>(`/api/command/${e(orgId)}/today`, { signal });
export const getCandidates = (orgId: string, signal?: AbortSignal) => request<{ items: Person[] }>(`/api/command/${e(orgId)}/candidates`, { signal });
export const getGroups = (orgId: string, signal?: AbortSignal) => request<{ items: Group[]; canManage: boolean }>(`/api/command/${e(orgId)}/groups`, { signal });
export const createGroup = (orgId: string, b: { name: string; duties?: string; leadId?: string; memberIds?: string[] }) =>
  request<Group>(`/api/command/${e(orgId)}/groups`, { method: 'POST', body: b });
export const updateGroup = (orgId: string, id: string, b: { name?: string; duties?: string | null; leadId?: string | null; memberIds?: string[]; version: number }) =>
  request<Group>(`/api/command/${e(orgId)}/groups/${e(id)}`, { method: 'PATCH', body: b });
export const getRoster = (orgId: string, from: string | undefined, signal?: AbortSignal) =>
  request<Roster>(`/api/command/${e(orgId)}/roster${from ? `?from=${from}` : ''}`, { signal });
export const addDuty = (orgId: string, b: { date: string; role: DutyRole; userId: string; groupId?: string }) =>
  request<DutyDay>(`/api/command/${e(orgId)}/roster`, { method: 'POST', body: b });
export const removeDuty = (orgId: string, id: string) => request<{ ok: true }>(`/api/command/${e(orgId)}/roster/${e(id)}`, { method: 'DELETE' });
export const getMeetings = (orgId: string, signal?: AbortSignal) =>
  request<{ items: Array<{ id: string; date: string; startsAt: string; status: 'open' | 'ended'; agendaAt: string | null }> }>(`/api/command/${e(orgId)}/meetings`, { signal });
export const openMeeting = (orgId: string, b: { date?: string; time?: string } = {}) => request<MeetingView>(`/api/command/${e(orgId)}/meetings`, { method: 'POST', body: b });
export const getMeeting = (id: string, signal?: AbortSignal) => request<MeetingView>(`/api/command/meetings/${e(id)}`, { signal });
export const generateAgenda = (id: string) => request<MeetingView>(`/api/command/meetings/${e(id)}/agenda`, { method: 'POST' });
export const addItem = (id: string, b: { title: string }) => request<MeetingView>(`/api/command/meetings/${e(id)}/items`, { method: 'POST', body: b });
export const saveMinutes = (itemId: string, b: { minutes: string; version: number }) => request<MeetingView>(`/api/command/items/${e(itemId)}/minutes`, { method: 'POST', body: b });
export const setAttendance = (id: string, b: { userIds: string[] }) => request<MeetingView>(`/api/command/meetings/${e(id)}/attendance`, { method: 'POST', body: b });
export const endMeeting = (id: string, b: { version: number }) => request<MeetingView>(`/api/command/meetings/${e(id)}/end`, { method: 'POST', body: b });
export const addAddendum = (id: string, b: { body: string }) => request<MeetingView>(`/api/command/meetings/${e(id)}/addenda`, { method: 'POST', body: b });
export const decide = (id: string, b: { title: string; detail?: string; ownerUserId?: string; ownerGroupId?: string; dueDate: string; itemId?: string }) =>
  request<Decision>(`/api/command/meetings/${e(id)}/decisions`, { method: 'POST', body: b });
export const listDecisions = (orgId: string, status: DecisionFilter | undefined, signal?: AbortSignal) =>
  request<{ items: Decision[] }>(`/api/command/${e(orgId)}/decisions${status ? `?status=${status}` : ''}`, { signal });
export const closeDecision = (id: string, b: { status: 'done' | 'cancelled'; note: string; version: number }) =>
  request<Decision>(`/api/command/decisions/${e(id)}/close`, { method: 'POST', body: b });
export const getMine = (signal?: AbortSignal) => request<Mine>('/api/me/command/decisions', { signal });
