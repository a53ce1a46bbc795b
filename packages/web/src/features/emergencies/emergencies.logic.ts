// Pure helpers of the 应急期 / Emergency period views (unit-tested).
import dayjs from 'dayjs';
import type { EmergencyPeriod, EmergencyState } from './api';

/** How the state tag reads: active since …, ended on … (collection closed), or never declared. */
export type StateKey = 'emergencies.state.active' | 'emergencies.state.activeMany' | 'emergencies.state.ended' | 'emergencies.state.none';

/**
 * The tag's words: active since … (one period in force), every period in force when more than one covers the area (a
 * community's own inside the district's: both are named, the earlier first), ended on …, or none.
 */
export function stateTag(s: EmergencyState): { kind: 'active' | 'ended' | 'none'; color: string; key: StateKey; params: Record<string, string> } {
  if (s.open && (s.inForce?.length ?? 0) > 1) return { kind: 'active', color: 'red', key: 'emergencies.state.activeMany', params: {} };
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

/** Open periods (in force or not begun yet). */
const isOpen = (p: EmergencyPeriod) => p.endDate === null;

/**
 * Before declaring for an area: the open periods of the areas above it (already covering it: its own period only
 * matters once theirs ends) and of the areas below it (theirs go on after the new one ends). `areas` are the caller's
 * areas with their parents (GET /api/orgs).
 */
export function nestedOpenPeriods(orgId: string, areas: ReadonlyArray<{ id: string; parentId: string | null }>, periods: readonly EmergencyPeriod[]) {
  const parent = new Map(areas.map((a) => [a.id, a.parentId]));
  const above = (id: string): Set<string> => {
    const out = new Set<string>();
    for (let p = parent.get(id) ?? null; p !== null && !out.has(p); p = parent.get(p) ?? null) out.add(p);
    return out;
  };
  const mine = above(orgId);
  const open = periods.filter(isOpen);
  return {
    above: open.filter((p) => mine.has(p.orgId)),
    below: open.filter((p) => p.orgId !== orgId && above(p.orgId).has(orgId)),
  };
}

/**
 * Before ending a period: the other periods in force that keep collection going — over its area (an area above) and
 * inside it (an area below with its own). Compared by the areas' paths.
 */
export function stillCollecting(period: EmergencyPeriod, periods: readonly EmergencyPeriod[]) {
  const others = periods.filter((p) => p.id !== period.id && p.status === 'active' && isOpen(p));
  return {
    above: others.filter((p) => p.orgPath !== period.orgPath && period.orgPath.startsWith(p.orgPath)),
    below: others.filter((p) => p.orgPath !== period.orgPath && p.orgPath.startsWith(period.orgPath)),
  };
}

/**
 * The declaration's question: the plain one, or — when an area above already covers the chosen one — the one that says
 * collection is already on there and what a period of its own adds (not "will start collecting", which would be untrue).
 */
export function declareQuestion(nested: { above: readonly EmergencyPeriod[] }): 'emergencies.declareConfirm' | 'emergencies.declareConfirmCovered' {
  return nested.above.length ? 'emergencies.declareConfirmCovered' : 'emergencies.declareConfirm';
}

/**
 * The end's question: collection stops the next day (plain); or it goes on under a period above (not "stops"); or it
 * stops except in areas below that have their own.
 */
export function endQuestion(still: { above: readonly EmergencyPeriod[]; below: readonly EmergencyPeriod[] }): 'emergencies.endConfirm' | 'emergencies.endConfirmCovered' | 'emergencies.endConfirmBelow' {
  if (still.above.length) return 'emergencies.endConfirmCovered';
  return still.below.length ? 'emergencies.endConfirmBelow' : 'emergencies.endConfirm';
}

/** How far before or after today a period may start (the server refuses the rest: privacy/emergencies.ts). */
export const DECLARE_WINDOW_DAYS = 30;

/** The start dates a declaration may take, as YYYY-MM-DD: today ± 30 days. */
export function startDateWindow(today: string): { from: string; to: string } {
  const d = dayjs(today);
  return { from: d.subtract(DECLARE_WINDOW_DAYS, 'day').format('YYYY-MM-DD'), to: d.add(DECLARE_WINDOW_DAYS, 'day').format('YYYY-MM-DD') };
}

/** A period in force whose last day is today: it still collects until midnight, and the card says so. */
export const endsToday = (p: Pick<EmergencyPeriod, 'status' | 'endDate'>, today: string): boolean => p.status === 'active' && p.endDate === today;
