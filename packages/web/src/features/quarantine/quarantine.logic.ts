// Pure rules of the 居家隔离 pages (ADR 0080), unit-tested: the calendar the orders live in (the server's Shanghai days),
// the check slot of a moment (上午 before 12:00 Shanghai, 下午 after; one check a day is always 上午) and the slots due so
// far, day N of M, the sampling days as a timeline (过去 / 今天 / 未到), whether an order may be released today, a
// door opened today, the tabs and filters kept in the address, and the bodies of the forms with what they refuse
// before sending (as the server: 35.0–42.0 °C with one decimal, the start date's window, the door sensor's id, no ID or
// mobile numbers in free text).
import { shanghaiDay } from '../../lib/shanghai-time';
import { textProblem, type TextProblem } from '../../lib/checks.logic';
import {
  DETAIL_MAX, FEVER_FROM, NEED_KINDS, NEED_STATUSES, NOTE_MAX, ORDER_STATUSES, REASONS, SENSOR_RE, START_AHEAD_DAYS, START_BACK_DAYS, TEMPERATURE_MAX,
  TEMPERATURE_MIN, type CheckBody, type NeedBody, type NeedFilters, type NeedKind, type OrderFilters, type OrderStatus, type ProposeBody, type Reason, type Slot,
  type Symptom,
} from './api';

export type { TextProblem };
export { textProblem };

// ----- the calendar ------------------------------------------------------------------------------------------------

export { shanghaiDay };

/** A day moved by n days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Day N of an order on `today` (1-based), or null before its start or after its end (as the server counts). */
export function dayOf(startDate: string, endDate: string, today: string): number | null {
  if (today < startDate || today > endDate) return null;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
}

const shanghaiHour = (at: Date) => (at.getUTCHours() + 8) % 24;

/** The check slot of a moment: 上午 before 12:00 (Shanghai), 下午 after; with one check a day always 上午. */
export function slotAt(at: Date, checksPerDay: number): Slot {
  if (checksPerDay === 1) return 'am';
  return shanghaiHour(at) < 12 ? 'am' : 'pm';
}

/** The slots due so far on a day: with two checks, 下午 only from 12:00 (Shanghai). */
export function slotsDue(at: Date, checksPerDay: number): Slot[] {
  return checksPerDay === 1 ? ['am'] : slotAt(at, 2) === 'am' ? ['am'] : ['am', 'pm'];
}

export type SlotState = { slot: Slot; done: boolean };

/** Today's checks as the board shows them: each slot due so far (or already done), done ✓ or still due, 上午 first. */
export function slotStates(due: readonly Slot[], done: readonly Slot[]): SlotState[] {
  return (['am', 'pm'] as const).filter((s) => due.includes(s) || done.includes(s)).map((slot) => ({ slot, done: done.includes(slot) }));
}

/** The slot the check dialog starts on: the first due slot not yet done (a missed morning first), else the last due. */
export function defaultSlot(due: readonly Slot[], done: readonly Slot[]): Slot {
  return due.find((s) => !done.includes(s)) ?? due[due.length - 1] ?? 'am';
}

/** Whether the checks due so far today are all in. */
export const checksComplete = (due: readonly Slot[], done: readonly Slot[]): boolean => due.every((s) => done.includes(s));

/** A temperature that counts as a fever (the server's threshold, ≥ 37.3 °C). */
export const isFeverish = (t: number | null | undefined): boolean => typeof t === 'number' && Number.isFinite(t) && t >= FEVER_FROM;

/** A temperature as written: one decimal. */
export const temperatureText = (t: number): string => (Math.round(t * 10) / 10).toFixed(1);

export type TimelineState = 'done' | 'today' | 'ahead';
export type TimelineDay = { day: number; date: string; state: TimelineState };

/** The sampling days of an order as a timeline: each day N with its date, and whether it is past, today or ahead. */
export function samplingTimeline(o: { startDate: string; samplingDays: readonly number[] }, today: string): TimelineDay[] {
  return [...o.samplingDays].sort((a, b) => a - b).map((day) => {
    const date = addDays(o.startDate, day - 1);
    return { day, date, state: date < today ? 'done' : date === today ? 'today' : 'ahead' };
  });
}

export type ReleaseState = { may: true } | { may: false; reason: 'not_active' | 'too_early' };

/** 解除隔离: an active order, on or after its end date (the button says 未到期 before). */
export function releaseState(o: { status: OrderStatus; endDate: string }, today: string): ReleaseState {
  if (o.status !== 'active') return { may: false, reason: 'not_active' };
  return today >= o.endDate ? { may: true } : { may: false, reason: 'too_early' };
}

/** Whether a door opening (an instant) was today in the server's calendar (the board shows it in orange then). */
export const openedToday = (at: string | null | undefined, today: string): boolean => !!at && !Number.isNaN(Date.parse(at)) && shanghaiDay(new Date(at)) === today;

// ----- the address -------------------------------------------------------------------------------------------------

export const PAGE_TABS = ['today', 'pending', 'all', 'needs'] as const;
export type PageTab = (typeof PAGE_TABS)[number];
/** The page's tab (?tab=pending …; 今日 by default). */
export const pageTabFromParams = (p: URLSearchParams): PageTab => PAGE_TABS.find((x) => x === p.get('tab')) ?? 'today';

export function pageOf(p: URLSearchParams): number {
  const n = Number(p.get('page'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** A name search as the server takes it: trimmed, at most 20 characters; empty is none. */
export const nameQuery = (s: string | null | undefined): string => (s ?? '').trim().slice(0, 20);

/** 全部's filters (?status=&q=&page=); anything malformed is left out. */
export function orderFiltersFromParams(p: URLSearchParams): OrderFilters {
  const status = ORDER_STATUSES.find((x) => x === p.get('status'));
  const q = nameQuery(p.get('q'));
  return { ...(status ? { status } : {}), ...(q ? { q } : {}), page: pageOf(p) };
}

/** 隔离需求's filter (?status=open|taken|done; all, open first, by default) and page. */
export function needFiltersFromParams(p: URLSearchParams): NeedFilters {
  const status = NEED_STATUSES.find((x) => x === p.get('status'));
  return { ...(status ? { status } : {}), page: pageOf(p) };
}

// ----- forms -------------------------------------------------------------------------------------------------------

export type TemperatureProblem = 'empty' | 'range' | 'decimal';

/** What is wrong with a typed temperature: none, outside 35.0–42.0 °C, or more than one decimal. */
export function temperatureProblem(t: number | null | undefined): TemperatureProblem | null {
  if (typeof t !== 'number' || !Number.isFinite(t)) return 'empty';
  if (t < TEMPERATURE_MIN || t > TEMPERATURE_MAX) return 'range';
  return Math.abs(t * 10 - Math.round(t * 10)) < 1e-9 ? null : 'decimal';
}

export type CheckValues = { temperature?: number | null; symptoms?: readonly Symptom[] | null; note?: string | null; slot?: Slot | null };
export type CheckProblem = { field: 'temperature'; problem: TemperatureProblem } | { field: 'note'; problem: TextProblem };

/** 录入体温: the body (one decimal, symptoms once each, the note trimmed and left out when empty), or what stops it. */
export function checkBody(v: CheckValues): { ok: true; body: CheckBody } | ({ ok: false } & CheckProblem) {
  const tp = temperatureProblem(v.temperature);
  if (tp) return { ok: false, field: 'temperature', problem: tp };
  const np = textProblem(v.note, false, NOTE_MAX);
  if (np) return { ok: false, field: 'note', problem: np };
  const note = (v.note ?? '').trim();
  return {
    ok: true,
    body: {
      temperature: Math.round(v.temperature! * 10) / 10, symptoms: [...new Set(v.symptoms ?? [])],
      ...(note ? { note } : {}), ...(v.slot ? { slot: v.slot } : {}),
    },
  };
}

/** The window a start date may lie in: 7 days back to 3 ahead of today. */
export const startWindow = (today: string): { min: string; max: string } => ({ min: addDays(today, -START_BACK_DAYS), max: addDays(today, START_AHEAD_DAYS) });

/** A door sensor's id as typed: trimmed; null when empty. */
export const sensorValue = (s: string | null | undefined): string | null => (s ?? '').trim() || null;
/** Whether a door sensor's id is one the server takes (4–40 of A–Z a–z 0–9 - _). */
export const sensorValid = (s: string): boolean => SENSOR_RE.test(s);

export type ProposeValues = {
  residentId?: string | null; policyCode?: string | null; reason?: string | null; note?: string | null; startDate?: string | null; sensorId?: string | null;
};
export type ProposeProblem =
  | { field: 'residentId' | 'policyCode' | 'reason' | 'startDate'; problem: 'empty' }
  | { field: 'startDate'; problem: 'range' }
  | { field: 'sensorId'; problem: 'format' }
  | { field: 'note'; problem: TextProblem };

const isReason = (r: unknown): r is Reason => (REASONS as readonly unknown[]).includes(r);
const isDay = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
  && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** 新建隔离: the body (the note and sensor trimmed, left out when empty), or the first field that stops it. */
export function proposeBody(v: ProposeValues, today: string): { ok: true; body: ProposeBody } | ({ ok: false } & ProposeProblem) {
  if (!v.residentId) return { ok: false, field: 'residentId', problem: 'empty' };
  if (!v.policyCode) return { ok: false, field: 'policyCode', problem: 'empty' };
  if (!isReason(v.reason)) return { ok: false, field: 'reason', problem: 'empty' };
  if (!isDay(v.startDate)) return { ok: false, field: 'startDate', problem: 'empty' };
  const w = startWindow(today);
  if (v.startDate < w.min || v.startDate > w.max) return { ok: false, field: 'startDate', problem: 'range' };
  const sensor = sensorValue(v.sensorId);
  if (sensor && !sensorValid(sensor)) return { ok: false, field: 'sensorId', problem: 'format' };
  const np = textProblem(v.note, false, NOTE_MAX);
  if (np) return { ok: false, field: 'note', problem: np };
  const note = (v.note ?? '').trim();
  return {
    ok: true,
    body: { residentId: v.residentId, policyCode: v.policyCode, reason: v.reason, startDate: v.startDate, ...(note ? { note } : {}), ...(sensor ? { sensorId: sensor } : {}) },
  };
}

const isNeedKind = (k: unknown): k is NeedKind => (NEED_KINDS as readonly unknown[]).includes(k);

/** 登记需求 / 我需要: the body (the detail trimmed), or what stops it. */
export function needBody(v: { kind?: string | null; detail?: string | null }): { ok: true; body: NeedBody } | { ok: false; field: 'kind'; problem: 'empty' } | { ok: false; field: 'detail'; problem: TextProblem } {
  if (!isNeedKind(v.kind)) return { ok: false, field: 'kind', problem: 'empty' };
  const p = textProblem(v.detail, true, DETAIL_MAX);
  if (p) return { ok: false, field: 'detail', problem: p };
  return { ok: true, body: { kind: v.kind, detail: (v.detail ?? '').trim() } };
}

/** Who did something as the lists show it: the person themselves (本人), a name, or nobody. */
export const byText = (by: string | null | undefined, self: string): string => (by === 'self' ? self : by ?? '');
