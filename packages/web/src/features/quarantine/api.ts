// The API of 居家隔离 (ADR 0080): the policy templates and the orders of the caller's area (quarantine:read), proposing
// one (quarantine:propose), approving or rejecting it (quarantine:approve), releasing, withdrawing it and its door sensor
// (quarantine:propose); the health checks (quarantine:check); today's board; the needs, taking and closing them
// (quarantine:serve); the release certificate; and the resident's own side (self:quarantine). Names come masked; every
// list and read is audited by the server. Personal data stays in react-query's memory cache, never in browser storage.
import { request } from '../../api/client';
import type { Page } from '../../api/types';
import type { ResidentHit, Symptom } from '../self-reports';

export type { ResidentHit, Symptom };

export const ORDER_STATUSES = ['pending', 'active', 'released', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const REASONS = ['close_contact', 'secondary_contact', 'risk_area_return', 'inbound', 'other'] as const;
export type Reason = (typeof REASONS)[number];
export const NEED_KINDS = ['groceries', 'medicine', 'medical', 'counselling', 'garbage', 'other'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];
export const NEED_STATUSES = ['open', 'taken', 'done'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export type OrderKind = 'home_quarantine' | 'health_monitoring';
export type Slot = 'am' | 'pm';

/** As the server (ADR 0080): the limits of the forms' fields. */
export const TEMPERATURE_MIN = 35;
export const TEMPERATURE_MAX = 42;
export const FEVER_FROM = 37.3;
export const NOTE_MAX = 200;
export const DETAIL_MAX = 200;
export const SENSOR_RE = /^[A-Za-z0-9_-]{4,40}$/;
export const SENSOR_MAX = 40;
/** How far a start date may lie from today (days back, days ahead). */
export const START_BACK_DAYS = 7;
export const START_AHEAD_DAYS = 3;
/** How many residents the search in 新建隔离 lists. */
export const SEARCH_SHOWN = 8;

export const ORDERS_PAGE_SIZE = 20;
export const NEEDS_PAGE_SIZE = 20;

export type Policy = { code: string; kind: OrderKind; nameZh: string; nameEn: string; days: number; samplingDays: number[]; checksPerDay: 1 | 2 };

export type Order = {
  id: string; residentId: string; nameMasked: string; idMasked: string;
  /** null for a restricted record. */
  address: string | null;
  gridName: string; kind: OrderKind; policyCode: string;
  /** The policy's Chinese name, as the server sends it. */
  policyName: string;
  reason: Reason | string; note: string | null;
  /** YYYY-MM-DD (the Shanghai calendar). */
  startDate: string; endDate: string;
  /** Day N of the order today; null before its start, after its end, or when not active. */
  day: number | null;
  days: number; samplingDays: number[]; checksPerDay: number; sensorId: string | null; status: OrderStatus;
  /** The display names of who proposed and decided (absent on the resident's own order). */
  proposedBy?: string; proposedAt: string; decidedBy?: string | null; decidedAt: string | null; decisionNote: string | null;
  releasedAt: string | null; certificateNo: string | null; cancelReason: string | null; version: number;
};

export type Check = {
  id: string; date: string; slot: Slot; temperature: number; symptoms: string[]; note: string | null; fever: boolean;
  /** 'self': the person themselves on the workbench; else who recorded it. */
  by: 'self' | string;
  at: string;
};

export type Need = {
  id: string; orderId: string;
  /** Masked; '' in an order's own list (the order names the person). */
  nameMasked: string;
  address: string | null; gridName: string; kind: NeedKind | string; detail: string; status: NeedStatus; createdAt: string;
  by: 'self' | string; takenBy: string | null; doneNote: string | null; version: number;
};

export type DoorEvent = { at: string; event: 'open' | 'close' };
export type OrderDetail = Order & { checks: Check[]; needs: Need[]; doorEvents: DoorEvent[] };

export type BoardItem = {
  id: string; nameMasked: string; address: string | null; gridName: string;
  day: number | null; days: number; endDate: string;
  /** The policy's Chinese name (the server sends it; not in the ADR). */
  policyName?: string;
  /** The slots due so far today, and those done. */
  checksDue: Slot[]; checksDone: Slot[];
  samplingToday: boolean; openNeeds: number; lastDoorOpenAt: string | null;
};
export type BoardCounts = { active: number; pending: number; checksMissing: number; samplingToday: number; endingToday: number };
export type Board = { date: string; counts: BoardCounts; items: BoardItem[] };

export type Certificate = {
  certificateNo: string; nameMasked: string; idMasked: string; kind: OrderKind; policyName: string;
  startDate: string; endDate: string; releasedAt: string; communityName: string;
};

export type MyOrder = Order & { checks: Check[]; needs: Need[]; slotNow: Slot };
export type MyQuarantine = { order: MyOrder | null; certificate: Certificate | null };

export const QUARANTINE_KEY = ['quarantine'] as const;
export const POLICIES_KEY = [...QUARANTINE_KEY, 'policies'] as const;
export const BOARD_KEY = [...QUARANTINE_KEY, 'board'] as const;
export const ORDERS_KEY = [...QUARANTINE_KEY, 'orders'] as const;
export const ORDER_KEY = [...QUARANTINE_KEY, 'order'] as const;
export const NEEDS_KEY = [...QUARANTINE_KEY, 'needs'] as const;
export const CERTIFICATE_KEY = [...QUARANTINE_KEY, 'certificate'] as const;
export const MY_QUARANTINE_KEY = [...QUARANTINE_KEY, 'mine'] as const;

const id = (s: string) => encodeURIComponent(s);

export function listPolicies(signal?: AbortSignal): Promise<{ items: Policy[] }> {
  return request('/api/quarantine/policies', { signal });
}

export function getBoard(signal?: AbortSignal): Promise<Board> {
  return request('/api/quarantine/board', { signal });
}

export type OrderFilters = { status?: OrderStatus; q?: string; page: number };
/** The orders of the caller's area, newest first (masked; an audited list). */
export function listOrders(f: OrderFilters, signal?: AbortSignal): Promise<Page<Order>> {
  return request('/api/quarantine/orders', { signal, query: { status: f.status, q: f.q, page: f.page, pageSize: ORDERS_PAGE_SIZE } });
}

/** One order with its checks, needs and door events (an audited read). */
export function getOrder(orderId: string, signal?: AbortSignal): Promise<OrderDetail> {
  return request(`/api/quarantine/orders/${id(orderId)}`, { signal });
}

/**
 * Residents of the caller's scope to put under an order (purpose: epidemic follow-up, as the door-to-door report's
 * search in features/self-reports): the first SEARCH_SHOWN, masked, with their address.
 */
export function searchResidents(q: string, signal?: AbortSignal): Promise<{ items: ResidentHit[] }> {
  return request('/api/residents/search', { method: 'POST', body: { q, limit: SEARCH_SHOWN }, headers: { 'X-Purpose': 'epidemic.followup' }, signal });
}

export type ProposeBody = { residentId: string; policyCode: string; reason: Reason; note?: string; startDate: string; sensorId?: string };

/** 新建隔离: pending until the street or district approves (409 `already_ordered`, `sensor_in_use`). */
export function proposeOrder(body: ProposeBody): Promise<Order> {
  return request('/api/quarantine/orders', { method: 'POST', body });
}

export type DecideBody = { decision: 'approve' | 'reject'; note?: string; version: number };
/** 批准 / 驳回 (a rejection needs a note), against the version seen (409 `not_pending`, `stale_version`). */
export function decideOrder(orderId: string, body: DecideBody): Promise<Order> {
  return request(`/api/quarantine/orders/${id(orderId)}/decide`, { method: 'POST', body });
}

/** 解除隔离 on or after the end date (409 `too_early`, `not_active`, `stale_version`). */
export function releaseOrder(orderId: string, version: number): Promise<Order> {
  return request(`/api/quarantine/orders/${id(orderId)}/release`, { method: 'POST', body: { version } });
}

/** 撤销, with the reason (409 `not_active`, `stale_version`). */
export function cancelOrder(orderId: string, body: { reason: string; version: number }): Promise<Order> {
  return request(`/api/quarantine/orders/${id(orderId)}/cancel`, { method: 'POST', body });
}

/** 更换门磁, or remove it (null) (409 `sensor_in_use`, `stale_version`). */
export function setSensor(orderId: string, body: { sensorId: string | null; version: number }): Promise<Order> {
  return request(`/api/quarantine/orders/${id(orderId)}/sensor`, { method: 'POST', body });
}

export type CheckBody = { temperature: number; symptoms: Symptom[]; note?: string; slot?: Slot };

/** 录入体温 by staff; the key makes a retry of the same submission land once (409 `already_checked`). */
export function recordCheck(orderId: string, body: CheckBody, idempotencyKey: string): Promise<Check> {
  return request(`/api/quarantine/orders/${id(orderId)}/checks`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type NeedBody = { kind: NeedKind; detail: string };

/** 登记需求 by staff for a person in quarantine; volunteers and the grid's workers are told. */
export function addNeed(orderId: string, body: NeedBody): Promise<Need> {
  return request(`/api/quarantine/orders/${id(orderId)}/needs`, { method: 'POST', body });
}

export type NeedFilters = { status?: NeedStatus; page: number };
/** The needs of the caller's area (a volunteer's: the community's), open first (masked; an audited list). */
export function listNeeds(f: NeedFilters, signal?: AbortSignal): Promise<Page<Need>> {
  return request('/api/quarantine/needs', { signal, query: { status: f.status, page: f.page, pageSize: NEEDS_PAGE_SIZE } });
}

/** 我来办 (409 `not_open`, `stale_version`). */
export function takeNeed(needId: string, version: number): Promise<Need> {
  return request(`/api/quarantine/needs/${id(needId)}/take`, { method: 'POST', body: { version } });
}

/** 已办结, with what was done (409 `already_done`, `stale_version`). */
export function finishNeed(needId: string, body: { note: string; version: number }): Promise<Need> {
  return request(`/api/quarantine/needs/${id(needId)}/done`, { method: 'POST', body });
}

/** 解除隔离证明 of a released order (an audited read; 409 `not_released`). */
export function getCertificate(orderId: string, signal?: AbortSignal): Promise<Certificate> {
  return request(`/api/quarantine/orders/${id(orderId)}/certificate`, { signal });
}

/** The resident's own current order (its checks, needs and the slot now) or the last certificate (404 `no_household`). */
export function myQuarantine(signal?: AbortSignal): Promise<MyQuarantine> {
  return request('/api/me/quarantine', { signal });
}

/** The resident's own check of the current slot; the key makes a retry land once. */
export function recordMyCheck(body: Omit<CheckBody, 'slot'>, idempotencyKey: string): Promise<Check> {
  return request('/api/me/quarantine/checks', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** The resident asks for something (groceries, medicine, counselling …). */
export function askMyNeed(body: NeedBody): Promise<Need> {
  return request('/api/me/quarantine/needs', { method: 'POST', body });
}
