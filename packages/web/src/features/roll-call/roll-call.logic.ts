// Pure rules of the roll-call pages (关爱点名, ADR 0073), unit-tested: progress and the deadline, the order of the lists,
// which buttons a person's row offers, the filters in the address, and what the forms refuse before sending (as the
// server does: the note holds no ID and no mobile number).
import { containsCnMobile, containsIdNumber } from '@renxing/shared';
import type { Page } from '../../api/types';
import {
  CARE_TAGS, DUE_HOURS_MAX, DUE_HOURS_MIN, ROLL_CALL_NOTE_MAX, ROLL_CALL_STATUSES, ROLL_CALL_TITLE_MAX,
  type CareTag, type CheckBody, type Counts, type ItemFilters, type ListFilters, type RollCallMethod, type RollCallNeed, type RollCallOutcome,
  type RollCallStatus, type StartBody,
} from './api';

/** The counts as the pages show them: 平安, 需要帮助, 联系不上, 未点到, 已帮扶. */
export const COUNT_ORDER: readonly RollCallStatus[] = ['safe', 'needs_help', 'unreachable', 'pending', 'helped'];

type Progress = { total: number; counts: Counts };

/** How many have been checked at least once: everyone not still 未点到. */
export const checkedCount = (r: Progress): number => Math.max(0, r.total - r.counts.pending);

/** The share checked, in whole percent, rounded down: 100 only when nobody is left. */
export const progressPercent = (r: Progress): number => (r.total > 0 ? Math.floor((checkedCount(r) * 100) / r.total) : 0);

/** Those still to be reached: not checked yet, or not reached when tried. */
export const stillMissing = (r: Progress): number => r.counts.pending + r.counts.unreachable;

type Deadline = Progress & { dueAt: string; closedAt: string | null; overdue?: boolean };

/**
 * Past its deadline while still open with someone not reached: the server's `overdue`, or the same worked out against
 * the page's clock (a list opened before the deadline turns red when it passes).
 */
export const isOverdue = (r: Deadline, now: Date): boolean =>
  r.closedAt === null && (r.overdue === true || (Date.parse(r.dueAt) < now.getTime() && stillMissing(r) > 0));

/** Whole minutes to the deadline (negative once past). */
export const minutesLeft = (dueAt: string, now: Date): number => Math.floor((Date.parse(dueAt) - now.getTime()) / 60_000);

/** The time left as hours and minutes (0, 0 once past). */
export function timeLeft(dueAt: string, now: Date): { hours: number; minutes: number } {
  const m = Math.max(0, minutesLeft(dueAt, now));
  return { hours: Math.floor(m / 60), minutes: m % 60 };
}

/** Open roll calls first, then the newest. */
export function sortRollCalls<T extends { closedAt: string | null; startedAt: string; id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(a.closedAt !== null) - Number(b.closedAt !== null) || b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}

const RANK = new Map(ROLL_CALL_STATUSES.map((s, i) => [s, i] as const));
const byAddress = new Intl.Collator('zh-CN', { numeric: true });

/**
 * The people of a page in the order a worker goes through them: 未点到 first, then 联系不上, 需要帮助, 已帮扶, 平安;
 * within a state by address (numbers in it as numbers: 2幢 before 10幢), a restricted record (no address) last.
 */
export function sortItems<T extends { status: RollCallStatus; address: string | null; id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (RANK.get(a.status)! - RANK.get(b.status)!)
    || Number(a.address === null) - Number(b.address === null)
    || byAddress.compare(a.address ?? '', b.address ?? '')
    || a.id.localeCompare(b.id));
}

/**
 * A page of the person list with one person's new state from the answer to a check, so the list need not be read
 * again (a read of fifty people's names and care tags, audited, and shown in each one's access log) after every tap.
 * The person stays on the page with their new state; under a state filter they no longer match, they leave it.
 */
export function withChecked<T extends { id: string; status: RollCallStatus }>(
  page: Page<T>, item: NoInfer<T>, filterStatus: RollCallStatus | undefined,
): Page<T> {
  const at = page.items.findIndex((i) => i.id === item.id);
  if (at < 0) return page;
  if (filterStatus && item.status !== filterStatus) {
    return { ...page, items: page.items.filter((i) => i.id !== item.id), total: Math.max(0, page.total - 1) };
  }
  return { ...page, items: page.items.map((i) => (i.id === item.id ? item : i)) };
}

/**
 * 报平安: a household's entries by roll call, in the order the server gives the roll calls (newest first), each with
 * the caller's own entry first and the others by masked name.
 */
export function groupMine<E extends { rollCallId: string; title: string; orgName: string; dueAt: string; self: boolean; nameMasked: string }>(entries: readonly E[]) {
  const groups = new Map<string, { rollCallId: string; title: string; orgName: string; dueAt: string; entries: E[] }>();
  for (const e of entries) {
    const g = groups.get(e.rollCallId) ?? { rollCallId: e.rollCallId, title: e.title, orgName: e.orgName, dueAt: e.dueAt, entries: [] };
    g.entries.push(e);
    groups.set(e.rollCallId, g);
  }
  const byName = new Intl.Collator('zh-CN');
  for (const g of groups.values()) g.entries.sort((a, b) => Number(b.self) - Number(a.self) || byName.compare(a.nameMasked, b.nameMasked));
  return [...groups.values()];
}

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A run of Chinese numerals as a number: 十二 → 12, 二十 → 20, 一百零五 → 105. */
function cnNumber(s: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch === '百') { total += (digit || 1) * 100; digit = 0; } else if (ch === '十') { total += (digit || 1) * 10; digit = 0; } else digit = CN_DIGITS[ch] ?? 0;
  }
  return total + digit;
}

/** A name with its Chinese numerals written as digits, for sorting only: 第十二网格 → 第12网格. */
export const numeralsAsDigits = (name: string): string => name.replace(/[零一二两三四五六七八九十百]+/g, (m) => String(cnNumber(m)));

/** Grids as they are counted (第二 before 第八 before 第十), not in the order of their names' pinyin. */
export function sortGrids<T extends { gridName: string; gridId: string }>(grids: readonly T[]): T[] {
  return [...grids].sort((a, b) => byAddress.compare(numeralsAsDigits(a.gridName), numeralsAsDigits(b.gridName)) || a.gridId.localeCompare(b.gridId));
}

/**
 * The buttons a person's row offers: someone not yet reached (or not reached when tried) 平安 / 需要帮助 / 联系不上;
 * someone who needs help 已帮扶 once helped; nothing once the roll call has ended.
 */
export function rowOutcomes(status: RollCallStatus, closed: boolean): RollCallOutcome[] {
  if (closed) return [];
  if (status === 'pending' || status === 'unreachable') return ['safe', 'needs_help', 'unreachable'];
  if (status === 'needs_help') return ['helped'];
  return [];
}

/** The outcomes that ask for more than one tap (what is needed, what was done): a small dialog. */
export const needsDialog = (o: RollCallOutcome): boolean => o === 'needs_help' || o === 'helped';

/** The list page's tab (?status=closed; 进行中 by default) and page. */
export function listFiltersFromParams(p: URLSearchParams): ListFilters {
  return { status: p.get('status') === 'closed' ? 'closed' : 'open', page: pageOf(p) };
}

const isStatus = (v: string | null): v is RollCallStatus => v !== null && (ROLL_CALL_STATUSES as readonly string[]).includes(v);

/** The person list's filters (?grid=&state=&page=); anything malformed is left out. */
export function itemFiltersFromParams(p: URLSearchParams): ItemFilters {
  const state = p.get('state');
  return { gridId: p.get('grid') || undefined, status: isStatus(state) ? state : undefined, page: pageOf(p) };
}

function pageOf(p: URLSearchParams): number {
  const n = Number(p.get('page'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export type TextProblem = 'empty' | 'too_long' | 'id_number' | 'phone';

/** What is wrong with a check's note before it is sent (the server says the same, naming the field). */
export function noteProblem(text: string | undefined, required: boolean): TextProblem | null {
  const s = (text ?? '').trim();
  if (!s) return required ? 'empty' : null;
  if (s.length > ROLL_CALL_NOTE_MAX) return 'too_long';
  if (containsIdNumber(s)) return 'id_number';
  if (containsCnMobile(s)) return 'phone';
  return null;
}

export type CheckValues = { method: RollCallMethod; need?: RollCallNeed | null; note?: string | null };

/**
 * The body of one check, or the field that stops it: 需要帮助 says what is needed, 已帮扶 what was done (a note);
 * a need goes only with 需要帮助 (a helped person keeps the need recorded before), an empty note is left out.
 */
export function checkBody(outcome: RollCallOutcome, v: CheckValues, version: number):
  { ok: true; body: CheckBody } | { ok: false; field: 'need' | 'note'; problem: TextProblem } {
  if (outcome === 'needs_help' && !v.need) return { ok: false, field: 'need', problem: 'empty' };
  const problem = noteProblem(v.note ?? undefined, outcome === 'helped');
  if (problem) return { ok: false, field: 'note', problem };
  const note = (v.note ?? '').trim();
  return {
    ok: true,
    body: { outcome, method: v.method, ...(outcome === 'needs_help' ? { need: v.need! } : {}), ...(note ? { note } : {}), version },
  };
}

/** What is wrong with a roll call's title before it is sent. */
export function titleProblem(text: string | undefined): 'empty' | 'too_long' | null {
  const s = (text ?? '').trim();
  if (!s) return 'empty';
  return s.length > ROLL_CALL_TITLE_MAX ? 'too_long' : null;
}

/** The deadline in whole hours, 1 to 72. */
export const dueHoursValid = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isInteger(n) && n >= DUE_HOURS_MIN && n <= DUE_HOURS_MAX;

/** The start form's body: the title trimmed, the tags once each in the registry's order, no grid for the whole area. */
export function startBody(v: { title: string; tags: readonly CareTag[]; gridId?: string | null; dueHours: number }): StartBody {
  return {
    title: v.title.trim(),
    tags: CARE_TAGS.filter((t) => v.tags.includes(t)),
    ...(v.gridId ? { gridId: v.gridId } : {}),
    dueHours: v.dueHours,
  };
}

export { SubmissionKeys } from '../../lib/submission-keys';
