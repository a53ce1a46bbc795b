// Pure helpers of 指挥部 (ADR 0090): which figures an agenda item shows, weeks of the roster, owners and the order of
// decisions, which command a page opens.
import type { AgendaItem, Centre, Decision } from './api';

/** The breakdown an agenda item shows under its headline figure, in this order (keys of command.figures in i18n). */
export type FigureKey = 'overdue' | 'open' | 'unassigned' | 'red' | 'yellow' | 'unacknowledged' | 'missing' | 'expected' | 'sampled' | 'rounds' | 'shortRounds' | 'shortfall' | 'outOfStock';
const FIGURE_KEYS: Record<string, readonly FigureKey[]> = {
  tasks: ['overdue', 'open', 'unassigned'],
  alerts: ['open', 'red', 'yellow', 'unacknowledged'],
  sampling: ['missing', 'expected', 'sampled', 'rounds'],
  supplies: ['shortRounds', 'shortfall', 'outOfStock'],
  decisions: ['overdue'],
};

/** The item's stored breakdown as [key, number] pairs (unknown or non-numeric values left out). */
export function figureParts(item: Pick<AgendaItem, 'source' | 'figures'>): Array<[FigureKey, number]> {
  const f = item.figures ?? {};
  return (FIGURE_KEYS[item.source] ?? []).filter((k) => typeof f[k] === 'number').map((k) => [k, f[k] as number]);
}

/** The overdue decisions an agenda item about decisions lists (id, title, due day, owner). */
export function overdueListed(item: Pick<AgendaItem, 'source' | 'figures'>): Array<{ id: string; title: string; dueDate: string; owner: string }> {
  const items = item.source === 'decisions' ? item.figures?.items : undefined;
  return Array.isArray(items) ? (items as Array<{ id: string; title: string; dueDate: string; owner: string }>) : [];
}

export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The Monday of a day's week. */
export const weekStart = (day: string): string => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

/** A decision's owner: the person, or the working group. */
export const ownerName = (d: Pick<Decision, 'owner'>): string => d.owner.user?.name ?? d.owner.group?.name ?? '';

/** Open decisions overdue first, then by deadline; closed ones after. */
export function byUrgency<T extends Pick<Decision, 'status' | 'overdue' | 'dueDate' | 'id'>>(list: readonly T[]): T[] {
  const rank = (d: T) => (d.status !== 'open' ? 2 : d.overdue ? 0 : 1);
  return [...list].sort((a, b) => rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
}

/** The command a page shows: the one asked for (?org=) when the caller may open it, else the first (their own first). */
export function pickCentre(centres: readonly Centre[], wanted: string | null): Centre | null {
  return centres.find((c) => c.id === wanted) ?? centres[0] ?? null;
}
