// Pure rules of the duty-log page (值班日志), unit-tested: the filters as they sit in the address, what the text may not
// hold (as the server: no ID number, no mobile number), and when an entry was written down later than it happened.
import { containsCnMobile, containsIdNumber } from '@renxing/shared';
import { DUTY_CATEGORIES, DUTY_CONTENT_MAX, type DutyCategory, type DutyFilters } from './api';

const isCategory = (v: string | null): v is DutyCategory => v !== null && (DUTY_CATEGORIES as readonly string[]).includes(v);
const isDay = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The filters of the address (?category=&orgId=&from=&to=&q=&page=); anything malformed is left out, not an error. */
export function filtersFromParams(p: URLSearchParams): DutyFilters {
  const page = Number(p.get('page'));
  const q = p.get('q')?.trim();
  let from = isDay(p.get('from')) ? p.get('from')! : undefined;
  let to = isDay(p.get('to')) ? p.get('to')! : undefined;
  if (from && to && from > to) [from, to] = [to, from];
  return {
    category: isCategory(p.get('category')) ? (p.get('category') as DutyCategory) : undefined,
    orgId: p.get('orgId') || undefined,
    from, to,
    q: q ? q.slice(0, 50) : undefined,
    followUp: p.get('followUp') === 'open' ? 'open' : undefined,
    warningAlertId: p.get('warningAlertId') || undefined,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function paramsFromFilters(f: DutyFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ['category', 'orgId', 'from', 'to', 'q', 'followUp', 'warningAlertId'] as const) if (f[k]) p.set(k, f[k]!);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

export const hasFilters = (f: DutyFilters) => !!(f.category || f.orgId || f.from || f.to || f.q || f.followUp || f.warningAlertId);

/** How an entry names the alert it is about: community, grid, indicator, level and day (ADR 0072). */
export function alertLabel(a: { date: string; level: 'red' | 'yellow'; indicator: { nameZh: string; nameEn: string }; grid: { name: string; communityName: string | null } }, lang: string): string {
  const zh = lang.startsWith('zh');
  const where = [a.grid.communityName, a.grid.name].filter(Boolean).join(zh ? ' ' : ', ');
  const level = zh ? (a.level === 'red' ? '红色' : '黄色') : a.level === 'red' ? 'red' : 'yellow';
  return zh ? `${where} · ${a.indicator.nameZh}（${level}，${a.date}）` : `${where} · ${a.indicator.nameEn} (${level}, ${a.date})`;
}

/** Where an entry stands as a follow-up item (ADR 0071): asked and open, asked and settled, or none asked. */
export function followUpState(e: { followUp: boolean; settledBy: unknown }): 'open' | 'settled' | null {
  if (!e.followUp) return null;
  return e.settledBy ? 'settled' : 'open';
}

/** What is wrong with the text before it is sent (the server says the same, naming the field). */
export function contentProblem(text: string | undefined): 'empty' | 'too_long' | 'id_number' | 'phone' | null {
  const s = (text ?? '').trim();
  if (!s) return 'empty';
  if (s.length > DUTY_CONTENT_MAX) return 'too_long';
  if (containsIdNumber(s)) return 'id_number';
  if (containsCnMobile(s)) return 'phone';
  return null;
}

/** The shift lengths a handover sheet covers (hours back from now). */
export const HANDOVER_HOURS = [8, 12, 24] as const;
export type HandoverHours = (typeof HANDOVER_HOURS)[number];

/** The handover sheet (交接单) is open when the address says `view=handover`; its hours default to 24. */
export function handoverFromParams(p: URLSearchParams): { hours: HandoverHours } | null {
  if (p.get('view') !== 'handover') return null;
  const h = Number(p.get('hours'));
  return { hours: (HANDOVER_HOURS as readonly number[]).includes(h) ? (h as HandoverHours) : 24 };
}

/** The sheet's entries, in the order they happened (the list is newest first). */
export const inOrderOfTime = <T extends { occurredAt: string; id: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));

/** Written down more than this after it happened: the list says when it was written (补记). */
export const LATE_ENTRY_MS = 15 * 60_000;
export const writtenLater = (e: { occurredAt: string; createdAt: string }) => Date.parse(e.createdAt) - Date.parse(e.occurredAt) > LATE_ENTRY_MS;

/** A time typed for when it happened may be at most a few minutes ahead of now (the server allows 5). */
export const isFutureTime = (at: Date, now: Date) => at.getTime() > now.getTime() + 5 * 60_000;
