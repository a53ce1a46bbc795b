// The roll-call API (关爱点名, ADR 0073): roll calls of the caller's area with their counts (no names; roll-call:read),
// the people of one (masked name, address, care tags, state; roll-call:check, audited), a check of one person, and
// starting and ending a roll call (roll-call:manage).
import { request } from '../../api/client';
import type { Page } from '../../api/types';
import { CARE_TAGS, type CareTag } from '../registry';

export { CARE_TAGS, type CareTag };

/** Item states, in the order the server lists them: who still has to be reached first, the safe last. */
export const ROLL_CALL_STATUSES = ['pending', 'unreachable', 'needs_help', 'helped', 'safe'] as const;
export type RollCallStatus = (typeof ROLL_CALL_STATUSES)[number];
export const ROLL_CALL_OUTCOMES = ['safe', 'needs_help', 'unreachable', 'helped'] as const;
export type RollCallOutcome = (typeof ROLL_CALL_OUTCOMES)[number];
export const ROLL_CALL_NEEDS = ['medicine', 'medical', 'supplies', 'care', 'other'] as const;
export type RollCallNeed = (typeof ROLL_CALL_NEEDS)[number];
export const ROLL_CALL_METHODS = ['phone', 'visit', 'neighbour', 'message'] as const;
export type RollCallMethod = (typeof ROLL_CALL_METHODS)[number];

/** As the server (roll-calls.routes.ts): the title, the note and the deadline's hours. */
export const ROLL_CALL_TITLE_MAX = 60;
export const ROLL_CALL_NOTE_MAX = 200;
export const DUE_HOURS_MIN = 1;
export const DUE_HOURS_MAX = 72;
export const DEFAULT_DUE_HOURS = 4;
/** The care tags ticked when the form opens: the people most at risk when a typhoon or a heat wave comes. */
export const DEFAULT_TAGS: readonly CareTag[] = ['elderly80', 'living_alone', 'disabled'];

/** The reads of names and care tags, and the checks, are made to help the people on the list (as the registry's). */
const PURPOSE_HEADERS = { 'X-Purpose': 'service.assistance' } as const;

export type Counts = Record<RollCallStatus, number>;

export type RollCall = {
  id: string; orgId: string; orgName: string; gridId: string | null; title: string; tags: CareTag[];
  startedBy: { id: string; name: string }; startedAt: string; dueAt: string; closedAt: string | null;
  /** Past the deadline, still open, and someone not yet reached (the server's view when it answered). */
  overdue: boolean;
  total: number; counts: Counts; version: number;
};
export type GridProgress = { gridId: string; gridName: string; total: number; counts: Counts };
export type RollCallDetail = RollCall & { grids: GridProgress[] };

export type RollCallItem = {
  id: string; residentId: string; nameMasked: string;
  /** null for a restricted record (its masked name only: the person still needs to be reached). */
  address: string | null;
  tags: CareTag[]; restricted: boolean; gridId: string; gridName: string; status: RollCallStatus;
  need: RollCallNeed | null;
  /** `self`: answered by the resident or their household (报平安). */
  method: RollCallMethod | 'self' | null; note: string | null;
  attempts: number; checkedAt: string | null;
  /** The display name of who made the last check. */
  checkedBy: string | null;
  version: number;
};

export const ROLL_CALL_KEY = ['roll-calls'] as const;
export const ROLL_CALLS_PAGE_SIZE = 20;
export const ITEMS_PAGE_SIZE = 50;

export type ListFilters = { status: 'open' | 'closed'; page: number };
export type ItemFilters = { gridId?: string; status?: RollCallStatus; page: number };

export function listRollCalls(f: ListFilters, signal?: AbortSignal): Promise<Page<RollCall>> {
  return request('/api/roll-calls', { signal, query: { status: f.status, page: f.page, pageSize: ROLL_CALLS_PAGE_SIZE } });
}

export function getRollCall(id: string, signal?: AbortSignal): Promise<RollCallDetail> {
  return request(`/api/roll-calls/${encodeURIComponent(id)}`, { signal });
}

/** The people of a roll call in the caller's area (a read of personal and health data: audited, with its purpose). */
export function listRollCallItems(id: string, f: ItemFilters, signal?: AbortSignal): Promise<Page<RollCallItem>> {
  return request(`/api/roll-calls/${encodeURIComponent(id)}/items`, {
    signal, headers: PURPOSE_HEADERS, query: { gridId: f.gridId, status: f.status, page: f.page, pageSize: ITEMS_PAGE_SIZE },
  });
}

export type StartBody = { title: string; tags: CareTag[]; gridId?: string; dueHours: number };

/** Starts a roll call; the key makes a retry of the same submission (a dropped answer) land once. */
export function startRollCall(body: StartBody, idempotencyKey: string): Promise<RollCall> {
  return request('/api/roll-calls', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type CheckBody = { outcome: RollCallOutcome; method: RollCallMethod; need?: RollCallNeed; note?: string; version: number };

/** One check of one person, against the version the worker saw (409 when someone else checked meanwhile). */
export function checkItem(id: string, itemId: string, body: CheckBody, idempotencyKey: string): Promise<RollCallItem> {
  return request(`/api/roll-calls/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}/check`, {
    method: 'POST', body, headers: { ...PURPOSE_HEADERS, 'Idempotency-Key': idempotencyKey },
  });
}

export function closeRollCall(id: string, version: number): Promise<RollCall> {
  return request(`/api/roll-calls/${encodeURIComponent(id)}/close`, { method: 'POST', body: { version } });
}

/** 报平安: one member's entry in an open roll call that lists the caller's household (the caller's own first). */
export type MyEntry = {
  id: string; rollCallId: string; title: string; orgName: string; dueAt: string; residentId: string;
  /** The caller's own entry (shown as 本人); the others are household members, by masked name. */
  self: boolean; nameMasked: string; status: RollCallStatus; need: RollCallNeed | null; method: string | null; checkedAt: string | null; version: number;
};
export const MY_ROLL_CALLS_KEY = [...ROLL_CALL_KEY, 'mine'] as const;

export function listMyRollCalls(signal?: AbortSignal): Promise<{ items: MyEntry[] }> {
  return request('/api/me/roll-calls', { signal });
}

export type AnswerBody = { outcome: 'safe' | 'needs_help'; need?: RollCallNeed; note?: string; version: number };

/** A resident's answer for themselves or a household member (409 when a worker recorded them meanwhile). */
export function answerRollCall(entry: Pick<MyEntry, 'rollCallId' | 'id'>, body: AnswerBody, idempotencyKey: string): Promise<Pick<MyEntry, 'id' | 'status' | 'need' | 'version'>> {
  return request(`/api/me/roll-calls/${encodeURIComponent(entry.rollCallId)}/items/${encodeURIComponent(entry.id)}`, {
    method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export type AreaOrg = { id: string; name: string; level: string };

/** The caller's org and the orgs one level down (a community's grids), as the area pickers load them (ADR 0052). */
export async function areaLevel(signal?: AbortSignal): Promise<AreaOrg[]> {
  const res = await request<{ items: Array<{ id: string; name: string; level: string }> }>('/api/orgs/levels', { signal });
  return res.items.map((o) => ({ id: o.id, name: o.name, level: o.level }));
}
