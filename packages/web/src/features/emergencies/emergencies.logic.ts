// Pure helpers of the 应急期 / Emergency period views (unit-tested).
import type { EmergencyPeriod, EmergencyState } from './api';

/** How the state tag reads: active since …, ended on … (collection closed), or never declared. */
export type StateKey = 'emergencies.state.active' | 'emergencies.state.ended' | 'emergencies.state.none';

export function stateTag(s: EmergencyState): { kind: 'active' | 'ended' | 'none'; color: string; key: StateKey; params: Record<string, string> } {
  if (s.open) return { kind: 'active', color: 'red', key: 'emergencies.state.active', params: { date: s.since ?? '', area: s.areaName ?? '' } };
  if (s.endedOn) return { kind: 'ended', color: 'default', key: 'emergencies.state.ended', params: { date: s.endedOn, area: s.areaName ?? '' } };
  return { kind: 'none', color: 'default', key: 'emergencies.state.none', params: {} };
}

/** Open periods first (active, then scheduled), then ended and cancelled ones, newest start first. */
export function sortPeriods(items: readonly EmergencyPeriod[]): EmergencyPeriod[] {
  const rank = { active: 0, scheduled: 1, ended: 2, cancelled: 2 } as const;
  return [...items].sort((a, b) => rank[a.status] - rank[b.status] || (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : 0));
}

/**
 * Ending a period that has not begun cancels it (the server records it as never in force): the dialog then asks only
 * for the reason and sends today as the date.
 */
export function isCancellation(p: Pick<EmergencyPeriod, 'startDate' | 'endDate'>, today: string): boolean {
  return p.endDate === null && p.startDate > today;
}

/** What is wrong with an end date before sending it (the server checks the same): null when fine. */
export function endDateProblem(endDate: string, startDate: string, today: string): 'required' | 'beforeStart' | 'future' | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) return 'required';
  if (endDate < startDate) return 'beforeStart';
  if (endDate > today) return 'future';
  return null;
}
