// The supplies API (物资保障, ADR 0075): the catalogue, the warehouses with their stock, the movements of a warehouse
// (supply:read; recording one and adding items and warehouses supply:manage), distribution rounds with their progress
// (supply:read), previewing, opening and closing one (supply:allocate), and the households of a round with their
// delivery (supply:deliver; an audited read of personal data).
import { request } from '../../api/client';
import type { Page } from '../../api/types';
import { CARE_TAGS, type CareTag } from '../registry';

export { CARE_TAGS, type CareTag };

export const ITEM_CATEGORIES = ['food', 'medicine', 'protective', 'daily', 'other'] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** The kinds a person records; `allocation` and `return` come from rounds. */
export const MOVEMENT_KINDS = ['receipt', 'donation', 'issue', 'adjust'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export type AnyMovementKind = MovementKind | 'allocation' | 'return';

/** The four allocation rules, in the order the comparison lists them (the default first). */
export const RULES = ['weighted_fair', 'priority', 'proportional', 'min_unmet'] as const;
export type Rule = (typeof RULES)[number];
export const DEFAULT_RULE: Rule = 'weighted_fair';

export const DELIVERY_METHODS = ['doorstep', 'pickup', 'proxy'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
/** 'none': the rule gave the household nothing this time (本次未分到: nothing to deliver, listed last). */
export type LineStatus = 'pending' | 'delivered' | 'none';
export type RoundStatus = 'open' | 'closed';

/** As the server (ADR 0075): the limits of the forms' fields. */
export const ITEM_NAME_MAX = 30;
export const UNIT_MAX = 10;
export const WAREHOUSE_NAME_MAX = 40;
export const ADDRESS_MAX = 80;
export const PARTY_MAX = 60;
export const NOTE_MAX = 200;
export const QUANTITY_MAX = 1_000_000;
export const PER_MAX = 1000;
export const TITLE_MAX = 60;

export const MOVEMENTS_PAGE_SIZE = 20;
export const ROUNDS_PAGE_SIZE = 20;
export const LINES_PAGE_SIZE = 50;

/** The reads of the households' heads and care tags, and the deliveries, are made to help them (as the registry's). */
const PURPOSE_HEADERS = { 'X-Purpose': 'service.assistance' } as const;

export type Item = { id: string; name: string; unit: string; category: ItemCategory };
export type StockRow = { itemId: string; name: string; unit: string; category: ItemCategory; quantity: number };
export type Person = { id: string; name: string };
export type Warehouse = {
  id: string; orgId: string; orgName: string; name: string; address: string;
  keeper: Person | null; stock: StockRow[]; version: number;
};
export type Movement = {
  id: string; itemId: string; itemName: string; unit: string; kind: AnyMovementKind;
  /** Signed: what came in (+) or went out (−). */
  quantity: number;
  balance: number; party: string | null; note: string | null; roundId: string | null; by: Person; at: string;
};

export type RuleOption = {
  rule: Rule; allocated: number; servedInFull: number; vulnerableServedInFull: number; gettingNothing: number;
  /** The lowest quantity/demand among the households getting something (0–1); null when none does. */
  minShare: number | null;
};
export type Preview = {
  households: number; members: number; totalDemand: number; vulnerableHouseholds: number; available: number; options: RuleOption[];
};

export type Round = {
  id: string; orgId: string; orgName: string; gridId: string | null; title: string;
  itemId: string; itemName: string; unit: string; warehouseId: string; warehouseName: string;
  rule: Rule; tags: CareTag[]; weights: Partial<Record<CareTag, number>> | null;
  perHousehold: number; perPerson: number; supply: number; households: number; totalDemand: number; allocated: number;
  /** The quantity delivered so far. */
  delivered: number; deliveredHouseholds: number;
  /** The households given something (quantity > 0): what progress is measured against. */
  servedHouseholds: number;
  status: RoundStatus;
  createdBy: Person; createdAt: string; closedAt: string | null;
  /** What went back to the shelf when the round closed. */
  returned: number | null;
  version: number;
};
export type GridProgress = {
  gridId: string; gridName: string; households: number;
  /** The grid's households given something (quantity > 0). */
  served: number;
  delivered: number; quantity: number; deliveredQuantity: number;
};
export type RoundDetail = Round & { grids: GridProgress[] };

export type Line = {
  id: string; householdId: string; headMasked: string;
  /** null for a restricted household head (the masked name only). */
  address: string | null;
  members: number; tags: CareTag[]; weight: number; demand: number; quantity: number;
  gridId: string; gridName: string; status: LineStatus; method: DeliveryMethod | null; note: string | null;
  deliveredAt: string | null;
  /** Who marked it delivered (a name, or the person as the server sends it). */
  deliveredBy: Person | string | null;
  restricted: boolean; version: number;
};

export const SUPPLIES_KEY = ['supplies'] as const;
export const ITEMS_KEY = [...SUPPLIES_KEY, 'items'] as const;
export const WAREHOUSES_KEY = [...SUPPLIES_KEY, 'warehouses'] as const;
export const MOVEMENTS_KEY = [...SUPPLIES_KEY, 'movements'] as const;
export const ROUNDS_KEY = [...SUPPLIES_KEY, 'rounds'] as const;
export const ROUND_KEY = [...SUPPLIES_KEY, 'round'] as const;
export const LINES_KEY = [...SUPPLIES_KEY, 'lines'] as const;

const id = (s: string) => encodeURIComponent(s);

export function listItems(signal?: AbortSignal): Promise<{ items: Item[] }> {
  return request('/api/supplies/items', { signal });
}

export type ItemBody = { name: string; unit: string; category: ItemCategory };
export function createItem(body: ItemBody): Promise<Item> {
  return request('/api/supplies/items', { method: 'POST', body });
}

export function listWarehouses(signal?: AbortSignal): Promise<{ items: Warehouse[] }> {
  return request('/api/supplies/warehouses', { signal });
}

export type WarehouseBody = { name: string; address: string; orgId?: string; keeperId?: string };
export function createWarehouse(body: WarehouseBody): Promise<Warehouse> {
  return request('/api/supplies/warehouses', { method: 'POST', body });
}

export type MovementBody = { itemId: string; kind: MovementKind; quantity: number; party?: string; note?: string };
/** Records a movement; the key makes a retry of the same submission (a dropped answer) land once. */
export function recordMovement(warehouseId: string, body: MovementBody, idempotencyKey: string): Promise<{ movement: Movement; quantity: number }> {
  return request(`/api/supplies/warehouses/${id(warehouseId)}/movements`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type MovementFilters = { itemId?: string; page: number };
export function listMovements(warehouseId: string, f: MovementFilters, signal?: AbortSignal): Promise<Page<Movement>> {
  return request(`/api/supplies/warehouses/${id(warehouseId)}/movements`, {
    signal, query: { itemId: f.itemId, page: f.page, pageSize: MOVEMENTS_PAGE_SIZE },
  });
}

export type PreviewBody = {
  warehouseId: string; itemId: string; gridId?: string; tags?: CareTag[];
  perHousehold: number; perPerson: number; supply: number; weights?: Partial<Record<CareTag, number>>;
};
export type RoundBody = PreviewBody & { title: string; rule: Rule };

/** The figures of the four rules for a planned round (no names; not audited). */
export function previewRound(body: PreviewBody, signal?: AbortSignal): Promise<Preview> {
  return request('/api/supplies/rounds/preview', { method: 'POST', body, signal });
}

/** Opens a round (its allocation leaves the shelf); the key makes a retry land once. */
export function openRound(body: RoundBody, idempotencyKey: string): Promise<Round> {
  return request('/api/supplies/rounds', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type RoundFilters = { status: RoundStatus; page: number };
export function listRounds(f: RoundFilters, signal?: AbortSignal): Promise<Page<Round>> {
  return request('/api/supplies/rounds', { signal, query: { status: f.status, page: f.page, pageSize: ROUNDS_PAGE_SIZE } });
}

export function getRound(roundId: string, signal?: AbortSignal): Promise<RoundDetail> {
  return request(`/api/supplies/rounds/${id(roundId)}`, { signal });
}

export type LineFilters = { gridId?: string; status?: LineStatus; page: number };
/** The households of a round (a read of personal and special data: audited, with its purpose). */
export function listLines(roundId: string, f: LineFilters, signal?: AbortSignal): Promise<Page<Line>> {
  return request(`/api/supplies/rounds/${id(roundId)}/lines`, {
    signal, headers: PURPOSE_HEADERS, query: { gridId: f.gridId, status: f.status, page: f.page, pageSize: LINES_PAGE_SIZE },
  });
}

export type DeliverBody = { status: 'pending' | 'delivered'; method?: DeliveryMethod; note?: string; version: number };
/** 已送达 (or back to 待发放), against the version the worker saw (409 stale_version, round_closed). */
export function deliverLine(roundId: string, lineId: string, body: DeliverBody, idempotencyKey: string): Promise<Line> {
  return request(`/api/supplies/rounds/${id(roundId)}/lines/${id(lineId)}/deliver`, {
    method: 'POST', body, headers: { ...PURPOSE_HEADERS, 'Idempotency-Key': idempotencyKey },
  });
}

export function closeRound(roundId: string, version: number): Promise<Round> {
  return request(`/api/supplies/rounds/${id(roundId)}/close`, { method: 'POST', body: { version } });
}

export type AreaOrg = { id: string; name: string; level: string };
/** The caller's org and the orgs one level down (a community's grids), as the area pickers load them (ADR 0052). */
export async function areaLevel(signal?: AbortSignal): Promise<AreaOrg[]> {
  const res = await request<{ items: AreaOrg[] }>('/api/orgs/levels', { signal });
  return res.items.map((o) => ({ id: o.id, name: o.name, level: o.level }));
}

// ----- 物资预约 (ADR 0076): offers with a quota per household and pickup slots; the desk; the resident's card -----

export type OfferStatus = 'open' | 'closed';
export const RESERVATION_STATUSES = ['reserved', 'picked_up', 'cancelled', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** As the server (ADR 0076): the limits of the offer form. */
export const QUOTA_MAX = 1000;
export const PLACE_MAX = 60;
export const PRIORITY_HOURS_MAX = 72;
export const SLOTS_MAX = 60;
export const SLOT_CAPACITY_MAX = 10_000;
export const OFFERS_PAGE_SIZE = 20;
export const RESERVATIONS_PAGE_SIZE = 50;

export type OfferSlot = { id: string; startsAt: string; endsAt: string; capacity: number; booked: number };
export type Offer = {
  id: string; orgId: string; orgName: string; title: string; itemId: string; itemName: string; unit: string; warehouseId: string; warehouseName: string;
  quota: number; total: number;
  /** The quantity standing: reserved and picked up. */
  reserved: number;
  /** The quantity picked up. */
  pickedUp: number;
  /** The standing reservations (households). */
  households: number;
  place: string; opensAt: string; closesAt: string; priorityHours: number; status: OfferStatus;
  /** What went back to the shelf when the offer closed. */
  returned: number | null;
  createdBy: Person; createdAt: string; version: number; slots: OfferSlot[];
};

export type Reservation = {
  id: string; code: string; quantity: number; slotId: string; status: ReservationStatus; headMasked: string;
  /** null for a restricted household (受保护住户). */
  address: string | null;
  restricted: boolean; byResident: boolean; pickedUpAt: string | null; pickedUpBy: string | null; version: number;
};

export type OfferBody = {
  title: string; warehouseId: string; itemId: string; quota: number; total: number; place: string; opensAt: string; closesAt: string; priorityHours: number;
  slots: Array<{ startsAt: string; endsAt: string }>; slotCapacity: number;
};

export const OFFERS_KEY = [...SUPPLIES_KEY, 'offers'] as const;
export const OFFER_KEY = [...SUPPLIES_KEY, 'offer'] as const;
export const RESERVATIONS_KEY = [...SUPPLIES_KEY, 'reservations'] as const;
export const MY_OFFERS_KEY = [...SUPPLIES_KEY, 'mine'] as const;

/** 预约发放: the total leaves the shelf; the key makes a retry of the same submission land once. */
export function createOffer(body: OfferBody, idempotencyKey: string): Promise<Offer> {
  return request('/api/supplies/offers', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type OfferFilters = { status: OfferStatus; page: number };
export function listOffers(f: OfferFilters, signal?: AbortSignal): Promise<Page<Offer>> {
  return request('/api/supplies/offers', { signal, query: { status: f.status, page: f.page, pageSize: OFFERS_PAGE_SIZE } });
}

export function getOffer(offerId: string, signal?: AbortSignal): Promise<Offer> {
  return request(`/api/supplies/offers/${id(offerId)}`, { signal });
}

export type ReservationFilters = { code?: string; slotId?: string; status?: ReservationStatus; page: number };
/** The pickup desk: reservations by code or slot (masked head, address: an audited read with its purpose). */
export function listReservations(offerId: string, f: ReservationFilters, signal?: AbortSignal): Promise<Page<Reservation>> {
  return request(`/api/supplies/offers/${id(offerId)}/reservations`, {
    signal, headers: PURPOSE_HEADERS,
    query: { code: f.code, slotId: f.slotId, status: f.status, page: f.page, pageSize: RESERVATIONS_PAGE_SIZE },
  });
}

/** 确认领取, against the version the desk saw (409 stale_version, not_reserved, offer_closed). */
export function pickUp(offerId: string, reservationId: string, version: number, idempotencyKey: string): Promise<Reservation> {
  return request(`/api/supplies/offers/${id(offerId)}/reservations/${id(reservationId)}/pickup`, {
    method: 'POST', body: { version }, headers: { ...PURPOSE_HEADERS, 'Idempotency-Key': idempotencyKey },
  });
}

/** 结束预约: standing reservations expire, what was not picked up goes back to the shelf. */
export function closeOffer(offerId: string, version: number): Promise<Offer> {
  return request(`/api/supplies/offers/${id(offerId)}/close`, { method: 'POST', body: { version } });
}

export type MySlot = { id: string; startsAt: string; endsAt: string; left: number };
export type MyOffer = {
  id: string; title: string; itemName: string; unit: string; quota: number; place: string; opensAt: string; closesAt: string; status: OfferStatus;
  /** The quantity still free. */
  left: number;
  /** From when this household may reserve (later than the opening for a household without a care tag). */
  reserveFrom: string;
  /** The slots that have not ended, with the households each still takes. */
  slots: MySlot[];
};
export type MyReservation = {
  id: string; quantity: number; slotId: string; code: string; status: ReservationStatus; version: number;
  /** The slot's time, also once the slot has ended (the offer lists only those that have not). */
  slotStartsAt?: string | null; slotEndsAt?: string | null;
};
export type MyOfferEntry = { offer: MyOffer; reservation: MyReservation | null };

export function listMyOffers(signal?: AbortSignal): Promise<{ items: MyOfferEntry[] }> {
  return request('/api/me/supply-offers', { signal });
}

export type ReserveBody = { quantity: number; slotId: string };
export function reserve(offerId: string, body: ReserveBody, idempotencyKey: string): Promise<MyReservation> {
  return request(`/api/me/supply-offers/${id(offerId)}/reservations`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function cancelReservation(offerId: string, reservationId: string, version: number, idempotencyKey: string): Promise<MyReservation> {
  return request(`/api/me/supply-offers/${id(offerId)}/reservations/${id(reservationId)}/cancel`, {
    method: 'POST', body: { version }, headers: { 'Idempotency-Key': idempotencyKey },
  });
}
