import type { TFunction } from 'i18next';
import { formatCount } from '../../lib/numbers';
import type { TransparencyAreaList, TransparencyTotal } from './api';

const SHANGHAI_MS = 8 * 3600_000;
const MONTH = /^(20\d\d)-(0[1-9]|1[0-2])$/;

/** The Shanghai-calendar month of an instant, YYYY-MM. */
export function monthOf(at: Date): string {
  const t = new Date(at.getTime() + SHANGHAI_MS);
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month before `month`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The current month and the `count − 1` before it, newest first. */
export function recentMonths(now: Date, count = 24): string[] {
  const out = [monthOf(now)];
  while (out.length < count) out.push(previousMonth(out[out.length - 1]!));
  return out;
}

/**
 * The month to show: the one in the address if it is a month up to the current one, otherwise the last completed
 * month (a finished month is what people compare; the current one is still one click away).
 */
export function pickMonth(fromUrl: string | null, now: Date): string {
  const current = monthOf(now);
  if (fromUrl && MONTH.test(fromUrl) && fromUrl <= current) return fromUrl;
  return previousMonth(current);
}

/** "2025年5月" / "May 2025". */
export function monthLabel(month: string, language: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (language.startsWith('en')) return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${y}年${m}月`;
}

export type AreaTreeNode = { value: string; title: string; level: string; children: AreaTreeNode[] };

/** The area list as a tree (city → district → street → community), in the server's order. */
export function areaTree(list: TransparencyAreaList): AreaTreeNode[] {
  const nodes = new Map(list.items.map((a) => [a.code, { value: a.code, title: a.name, level: a.level, children: [] as AreaTreeNode[] }]));
  const roots: AreaTreeNode[] = [];
  for (const a of list.items) {
    const node = nodes.get(a.code)!;
    const parent = a.parentCode ? nodes.get(a.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The area code in the address, if the list has it; null (whole installation) otherwise. */
export function pickArea(fromUrl: string | null, list: TransparencyAreaList | undefined): string | null {
  if (!fromUrl) return null;
  if (!list) return /^\d{6}(?:\d{3}){0,2}$/.test(fromUrl) ? fromUrl : null;
  return list.items.some((a) => a.code === fromUrl) ? fromUrl : null;
}

/** An instant as Beijing time "YYYY-MM-DD HH:mm", whatever the browser's time zone. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A published count as the page shows it: the number in the UI language; "<5" (1 to 4, PRIV-01); or, for a total that
 * would give a "<5" figure away by subtraction, 已隐去 / "withheld" (ADR 0044) — each with the hint its abbreviation
 * carries. A withheld total is at least 5, so it is never shown as "<5".
 */
export function countView(value: TransparencyTotal, t: TFunction, language: string): { kind: 'number' | 'fewer' | 'withheld'; text: string; hint: string | null } {
  if (value === '<5') return { kind: 'fewer', text: t('transparency.fewer'), hint: t('transparency.fewerHint') };
  if (value === 'withheld') return { kind: 'withheld', text: t('transparency.withheld'), hint: t('transparency.withheldHint') };
  return { kind: 'number', text: formatCount(value, language), hint: null };
}

/**
 * The line under "到期删除" when no row was deleted: every retention run writes a deletion certificate even when nothing
 * was due, so a month with certificates says the checks ran and found nothing (not a bare "nothing due" next to
 * "删除证明 <5"); a month without any run says that. Null when something was deleted (the lines say what).
 */
export function deletionsFooter(d: { certificates: TransparencyTotal; byClass: Array<{ count: TransparencyTotal }> }): 'nothingDue' | 'noRuns' | null {
  if (d.byClass.some((c) => c.count !== 0)) return null;
  return d.certificates === 0 ? 'noRuns' : 'nothingDue';
}
