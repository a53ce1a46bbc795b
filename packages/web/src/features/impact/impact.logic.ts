// Pure helpers of the 影响评估 / Breach impact page: the question in the URL, local date-time inputs ↔ ISO instants, the
// window rules the server applies (checked here first so the form can say what is wrong on the field).
import type { ImpactClass, ImpactParams, ImpactSubject } from './api';

/** The longest window the server accepts (days). */
export const MAX_WINDOW_DAYS = 366;
export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
const DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as the value of an `<input type="datetime-local">` (local time, minutes). */
export function localInputValue(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The ISO instant of a local `YYYY-MM-DDTHH:mm` value, or null when it is empty or not a real date and time. `end`: the
 * input shows minutes, so an end time means the whole of that minute (to 18:38 includes what happened at 18:38:40).
 */
export function instantOf(local: string, edge: 'start' | 'end' = 'start'): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, s);
  // 2025-02-30 would roll over to March: refuse it.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || date.getHours() !== h) return null;
  if (edge === 'end' && m[6] === undefined) date.setSeconds(59, 999);
  return date.toISOString();
}

/** What is wrong with a window (ISO instants), the same rules as the server. */
export function windowProblem(from: string, to: string): 'order' | 'tooLong' | null {
  const f = Date.parse(from);
  const t = Date.parse(to);
  if (f > t) return 'order';
  if (t - f > MAX_WINDOW_DAYS * DAY) return 'tooLong';
  return null;
}

export type QuickRange = 'day' | 'week' | 'month';
const QUICK_DAYS: Record<QuickRange, number> = { day: 1, week: 7, month: 30 };

/** The last 24 hours / 7 days / 30 days up to `now`, as local input values. */
export function quickRange(kind: QuickRange, now: Date): { from: string; to: string } {
  return { from: localInputValue(new Date(now.getTime() - QUICK_DAYS[kind] * DAY)), to: localInputValue(now) };
}

function positiveInt(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The question in the page's URL (so reload, back and shared links keep it), or null when there is none yet. */
export function paramsFromSearch(search: URLSearchParams): ImpactParams | null {
  const page = positiveInt(search.get('page'), 1);
  const size = positiveInt(search.get('pageSize'), DEFAULT_PAGE_SIZE);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE;
  const exportId = search.get('exportId')?.trim();
  if (exportId) return { kind: 'export', exportId, page, pageSize };
  const actor = search.get('actor')?.trim();
  const from = search.get('from');
  const to = search.get('to');
  if (actor && from && to) return { kind: 'actor', actor, from, to, page, pageSize };
  return null;
}

export function searchFromParams(p: ImpactParams): URLSearchParams {
  const s = new URLSearchParams(p.kind === 'export' ? { exportId: p.exportId } : { actor: p.actor, from: p.from, to: p.to });
  if (p.page !== 1) s.set('page', String(p.page));
  if (p.pageSize !== DEFAULT_PAGE_SIZE) s.set('pageSize', String(p.pageSize));
  return s;
}

/** Long ids shortened to their last 8 characters for the table (UUIDv7 ids share their time-based prefix). */
export function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

/** The classes of one subject with whether each was seen in clear (for coloured tags). */
export function classTags(s: Pick<ImpactSubject, 'classes' | 'clearClasses'>): Array<{ cls: ImpactClass; clear: boolean }> {
  return s.classes.map((cls) => ({ cls, clear: s.clearClasses.includes(cls) }));
}
