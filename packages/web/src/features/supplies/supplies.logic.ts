// Pure rules of the supplies pages (物资保障, ADR 0075), unit-tested: what a movement needs before it is sent (the party
// for a donation or an issue), the signed quantities of the ledger, a warehouse's stock after a movement, a round's
// progress, the comparison of the four rules, a household's quantity ("3 / 需 5"), a delivered line put into the list
// without reading it again, the filters in the address, and the round form's body.
import { containsCnMobile, containsIdNumber } from '@renxing/shared';
import type { Page } from '../../api/types';
import {
  CARE_TAGS, NOTE_MAX, PARTY_MAX, PER_MAX, QUANTITY_MAX, RULES, TITLE_MAX,
  type CareTag, type DeliverBody, type DeliveryMethod, type GridProgress, type Line, type LineFilters, type LineStatus, type MovementBody, type MovementKind,
  type Preview, type PreviewBody, type Round, type RoundBody, type RoundFilters, type Rule, type StockRow, type Warehouse,
} from './api';

export type TextProblem = 'empty' | 'too_long' | 'id_number' | 'phone';

/** What is wrong with a free text before it is sent (the server says the same, naming the field): no ID, no mobile. */
export function textProblem(text: string | undefined | null, required: boolean, max: number): TextProblem | null {
  const s = (text ?? '').trim();
  if (!s) return required ? 'empty' : null;
  if (s.length > max) return 'too_long';
  if (containsIdNumber(s)) return 'id_number';
  if (containsCnMobile(s)) return 'phone';
  return null;
}

/**
 * Who the movement is with: a donation names its donor and an issue whom it went to (required); a receipt may name
 * its supplier; a stock count (盘点) names nobody.
 */
export function partyRule(kind: MovementKind): 'required' | 'optional' | 'none' {
  if (kind === 'donation' || kind === 'issue') return 'required';
  return kind === 'receipt' ? 'optional' : 'none';
}

/** The quantity a movement takes: a whole number from 1 (for a stock count from 0: the counted quantity) to 1,000,000. */
export function quantityValid(kind: MovementKind, n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= (kind === 'adjust' ? 0 : 1) && n <= QUANTITY_MAX;
}

export type MovementValues = { itemId?: string | null; quantity?: number | null; party?: string | null; note?: string | null };
export type MovementProblem = { field: 'itemId' | 'quantity' | 'party' | 'note'; problem: TextProblem | 'range' };

/** A movement's body, or the first field that stops it. Empty texts and a party the kind does not take are left out. */
export function movementBody(kind: MovementKind, v: MovementValues): { ok: true; body: MovementBody } | ({ ok: false } & MovementProblem) {
  if (!v.itemId) return { ok: false, field: 'itemId', problem: 'empty' };
  if (!quantityValid(kind, v.quantity)) return { ok: false, field: 'quantity', problem: v.quantity == null ? 'empty' : 'range' };
  const rule = partyRule(kind);
  const partyProblem = rule === 'none' ? null : textProblem(v.party, rule === 'required', PARTY_MAX);
  if (partyProblem) return { ok: false, field: 'party', problem: partyProblem };
  const noteProblem = textProblem(v.note, false, NOTE_MAX);
  if (noteProblem) return { ok: false, field: 'note', problem: noteProblem };
  const party = rule === 'none' ? '' : (v.party ?? '').trim();
  const note = (v.note ?? '').trim();
  return { ok: true, body: { itemId: v.itemId, kind, quantity: v.quantity, ...(party ? { party } : {}), ...(note ? { note } : {}) } };
}

/** A ledger quantity with its sign: +50 in, -3 out, 0 for a count that found the shelf right. */
export const signedText = (q: number, format: (n: number) => string = String): string => (q > 0 ? `+${format(q)}` : q < 0 ? `-${format(-q)}` : format(0));

/** What is on a warehouse's shelf of an item (0 when it has none). */
export function availableOf(warehouses: readonly Warehouse[], warehouseId: string | null | undefined, itemId: string | null | undefined): number {
  const w = warehouses.find((x) => x.id === warehouseId);
  return w?.stock.find((s) => s.itemId === itemId)?.quantity ?? 0;
}

/**
 * The warehouses with one stock row set to the quantity a movement's answer gave (a row added for an item new to the
 * shelf, in the catalogue's order: category, then name), so the card shows it before the list is read again.
 */
export function withStock(warehouses: readonly Warehouse[], warehouseId: string, item: Omit<StockRow, 'quantity'>, quantity: number): Warehouse[] {
  return warehouses.map((w) => {
    if (w.id !== warehouseId) return w;
    const has = w.stock.some((s) => s.itemId === item.itemId);
    const stock = has ? w.stock.map((s) => (s.itemId === item.itemId ? { ...s, quantity } : s)) : [...w.stock, { ...item, quantity }];
    return { ...w, stock: has ? stock : sortStock(stock) };
  });
}

const CATEGORY_ORDER = ['food', 'medicine', 'protective', 'daily', 'other'];
const byName = new Intl.Collator('zh-CN', { numeric: true });
export function sortStock<T extends Pick<StockRow, 'category' | 'name'>>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || byName.compare(a.name, b.name));
}

/** A share in whole percent, rounded down (100 only when all is done); 0 of 0 is 0. */
export const percentOf = (done: number, total: number): number => (total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0);

export type RoundProgress = {
  households: { done: number; total: number; percent: number };
  quantity: { done: number; total: number; percent: number };
};

/**
 * A round's progress: households delivered of those given something (servedHouseholds: a household the rule gave
 * nothing has nothing to deliver and never counts as behind), and the quantity delivered of that allocated.
 */
export function roundProgress(r: Pick<Round, 'servedHouseholds' | 'deliveredHouseholds' | 'allocated' | 'delivered'>): RoundProgress {
  return {
    households: { done: r.deliveredHouseholds, total: r.servedHouseholds, percent: percentOf(r.deliveredHouseholds, r.servedHouseholds) },
    quantity: { done: r.delivered, total: r.allocated, percent: percentOf(r.delivered, r.allocated) },
  };
}

/** What goes back to the shelf if the round is closed now. */
export const undelivered = (r: Pick<Round, 'allocated' | 'delivered'>): number => Math.max(0, r.allocated - r.delivered);

/** 最低满足比例 as the comparison shows it: whole percent rounded down ("66%"; 100% only when in full), "—" when nobody gets any. */
export const shareText = (share: number | null): string => (share === null || !Number.isFinite(share) ? '—' : `${Math.floor(Math.max(0, Math.min(1, share)) * 100 + 1e-9)}%`);

export type RuleRow = {
  rule: Rule; allocated: number; servedInFull: number; vulnerableServedInFull: number; vulnerableHouseholds: number;
  gettingNothing: number; minShare: string;
};

/** The comparison of the four rules, one row each in the order they are offered (the default first); a rule the server did not send is left out. */
export function ruleRows(p: Preview): RuleRow[] {
  return RULES.flatMap((rule) => {
    const o = p.options.find((x) => x.rule === rule);
    return o ? [{
      rule, allocated: o.allocated, servedInFull: o.servedInFull, vulnerableServedInFull: o.vulnerableServedInFull,
      vulnerableHouseholds: p.vulnerableHouseholds, gettingNothing: o.gettingNothing, minShare: shareText(o.minShare),
    }] : [];
  });
}

/** A household's quantity, with its demand when it gets less than it needs ("3 / 需 5"). */
export const lineQuantity = (l: Pick<Line, 'quantity' | 'demand'>): { quantity: number; demand: number | null } =>
  ({ quantity: l.quantity, demand: l.quantity < l.demand ? l.demand : null });

/** Whether a line offers 已送达: an open round, not delivered yet, and something to carry (status none — 本次未分到 — has nothing). */
export const canDeliver = (l: Pick<Line, 'status' | 'quantity'>, open: boolean): boolean => open && l.status === 'pending' && l.quantity > 0;

/** A grid's progress: delivered of its households given something (served). */
export const gridProgress = (g: Pick<GridProgress, 'served' | 'delivered'>): { done: number; total: number; percent: number } =>
  ({ done: g.delivered, total: g.served, percent: percentOf(g.delivered, g.served) });

/** The household list's states, in the order the filter offers them (本次未分到 last, as the list shows them). */
export const LINE_STATUSES = ['pending', 'delivered', 'none'] as const satisfies readonly LineStatus[];

/** Who marked a line delivered, whether the server sends a name or a person. */
export const deliveredByName = (l: Pick<Line, 'deliveredBy'>): string => (typeof l.deliveredBy === 'string' ? l.deliveredBy : l.deliveredBy?.name ?? '');

/**
 * A page of the household list with one line replaced by the answer to a delivery, so the list need not be read again
 * (an audited read of fifty households' heads and care tags) after every tap. Under a status filter it no longer
 * matches, the line leaves the page.
 */
export function withDelivered<T extends { id: string; status: LineStatus }>(page: Page<T>, line: NoInfer<T>, filterStatus: LineStatus | undefined): Page<T> {
  const at = page.items.findIndex((i) => i.id === line.id);
  if (at < 0) return page;
  if (filterStatus && line.status !== filterStatus) {
    return { ...page, items: page.items.filter((i) => i.id !== line.id), total: Math.max(0, page.total - 1) };
  }
  return { ...page, items: page.items.map((i) => (i.id === line.id ? line : i)) };
}

/** A delivery's body: 已送达 with how (required) and an optional note, or back to 待发放; with the version seen. */
export function deliverBody(status: DeliverBody['status'], v: { method?: DeliveryMethod | null; note?: string | null }, version: number):
  { ok: true; body: DeliverBody } | { ok: false; field: 'method' | 'note'; problem: TextProblem } {
  if (status === 'pending') return { ok: true, body: { status, version } };
  if (!v.method) return { ok: false, field: 'method', problem: 'empty' };
  const problem = textProblem(v.note, false, NOTE_MAX);
  if (problem) return { ok: false, field: 'note', problem };
  const note = (v.note ?? '').trim();
  return { ok: true, body: { status, method: v.method, ...(note ? { note } : {}), version } };
}

export const TABS = ['stock', 'rounds', 'offers'] as const;
export type Tab = (typeof TABS)[number];
/** The page's tab (?tab=rounds, ?tab=offers; 库存 by default). */
export const tabFromParams = (p: URLSearchParams): Tab => TABS.find((x) => x !== 'stock' && x === p.get('tab')) ?? 'stock';

export function pageOf(p: URLSearchParams): number {
  const n = Number(p.get('page'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The round list's filter (?status=closed; 进行中 by default) and page. */
export const roundFiltersFromParams = (p: URLSearchParams): RoundFilters => ({ status: p.get('status') === 'closed' ? 'closed' : 'open', page: pageOf(p) });

/** The household list's filters (?grid=&state=&page=); anything malformed is left out. */
export function lineFiltersFromParams(p: URLSearchParams): LineFilters {
  const state = p.get('state');
  const status = LINE_STATUSES.find((x) => x === state);
  return { gridId: p.get('grid') || undefined, status, page: pageOf(p) };
}

export type RoundValues = {
  title?: string | null; warehouseId?: string | null; itemId?: string | null; gridId?: string | null; tags?: CareTag[] | null;
  perHousehold?: number | null; perPerson?: number | null; supply?: number | null;
};

const perValid = (n: number | null | undefined): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= PER_MAX;

/** 每户数量 and 每人数量: whole numbers 0–1000, not both 0 (the problem is put on 每人数量, the second). */
export function perProblem(perHousehold: number | null | undefined, perPerson: number | null | undefined): { field: 'perHousehold' | 'perPerson'; problem: 'range' | 'both_zero' } | null {
  if (!perValid(perHousehold)) return { field: 'perHousehold', problem: 'range' };
  if (!perValid(perPerson)) return { field: 'perPerson', problem: 'range' };
  return perHousehold === 0 && perPerson === 0 ? { field: 'perPerson', problem: 'both_zero' } : null;
}

/** 发放总量: a whole number from 1, no more than the shelf holds (when known). */
export function supplyProblem(supply: number | null | undefined, available: number | null): 'empty' | 'range' | 'over_stock' | null {
  if (supply === null || supply === undefined) return 'empty';
  if (!Number.isInteger(supply) || supply < 1 || supply > QUANTITY_MAX) return 'range';
  return available !== null && supply > available ? 'over_stock' : null;
}

/** What the preview is asked for: the area (a grid, or the whole community), the tags in the registry's order (none = every household). */
export function previewBody(v: RoundValues): PreviewBody | null {
  if (!v.warehouseId || !v.itemId || perProblem(v.perHousehold, v.perPerson) || supplyProblem(v.supply, null)) return null;
  const tags = CARE_TAGS.filter((t) => (v.tags ?? []).includes(t));
  return {
    warehouseId: v.warehouseId, itemId: v.itemId,
    ...(v.gridId ? { gridId: v.gridId } : {}),
    ...(tags.length ? { tags } : {}),
    perHousehold: v.perHousehold!, perPerson: v.perPerson!, supply: v.supply!,
  };
}

/** The title: required, at most 60 characters. */
export function titleProblem(text: string | null | undefined): 'empty' | 'too_long' | null {
  const s = (text ?? '').trim();
  if (!s) return 'empty';
  return s.length > TITLE_MAX ? 'too_long' : null;
}

/** The round's body: the previewed plan, its title and the rule chosen. */
export function roundBody(v: RoundValues, rule: Rule): RoundBody | null {
  const p = previewBody(v);
  if (!p || titleProblem(v.title)) return null;
  return { title: (v.title ?? '').trim(), ...p, rule };
}

/** Whether a comparison shown still answers the form as it is now (same plan). */
export const samePlan = (a: PreviewBody | null, b: PreviewBody | null): boolean => a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);

export { SubmissionKeys } from '../../lib/submission-keys';
