// Pure rules of 应急避难场所与应急通道 (ADR 0078), unit-tested: a community's coverage as the card says it (常住 N 人 ·
// 可容纳 M 人 · 覆盖 X%, short of 100 % in a warning colour), a shelter's 待检查 as the page's clock sees it, the order of
// the cards, what an inspection form still lacks and its body, a report's deadline as a countdown (还剩 1 小时 20 分) or
// 已超时, the share cleared in time, and what a report form refuses before sending (a lane or a location; what blocks
// it; no ID or mobile numbers — as the server).
import { checksBody, problemChecks, restOk as restOkOf, textProblem as sharedTextProblem, unansweredChecks, type TextProblem } from '../../lib/checks.logic';
import {
  CAPACITY_MAX, CAPACITY_MIN, CLEARANCE_MAX, CLEARANCE_MIN, INTERVAL_DAYS_MAX, INTERVAL_DAYS_MIN, LOCATION_MAX, SHELTER_CHECKS, TEXT_MAX,
  type CheckAnswer, type Coverage, type InspectionBody, type LaneFigures, type ReportBody, type ReportStatus, type Shelter, type ShelterBody,
  type ShelterCheck,
} from './api';

// ----- coverage ----------------------------------------------------------------------------------------------------

export type CoverageShown = {
  /** Share of the residents the shelters can hold, in whole per cent (rounded down below 100, so 99.6 % is not "100 %"); null without residents. */
  percent: number | null;
  /** Below 100 %: not everyone has a place (a warning colour). */
  short: boolean;
  /** How many more places it takes to hold everyone (0 when covered). */
  missing: number;
};

/** The coverage of one community as the card shows it (from the counts, not the server's rounding). */
export function coverageOf(c: Pick<Coverage, 'residents' | 'capacity'>): CoverageShown {
  if (c.residents <= 0) return { percent: null, short: false, missing: 0 };
  const exact = (c.capacity / c.residents) * 100;
  const percent = exact >= 100 ? Math.round(exact) : Math.floor(exact);
  return { percent, short: c.capacity < c.residents, missing: Math.max(0, c.residents - c.capacity) };
}

// ----- shelters ----------------------------------------------------------------------------------------------------

type Timed = Pick<Shelter, 'status' | 'due' | 'lastInspectedAt' | 'nextDueAt'>;

/** 待检查: the server said so, or (not closed) never inspected, or its next inspection's time passed by the page's clock. */
export function isDue(s: Timed, now: Date): boolean {
  if (s.status === 'closed') return false;
  if (s.due || s.lastInspectedAt === null) return true;
  return s.nextDueAt !== null && Date.parse(s.nextDueAt) <= now.getTime();
}

/** The cards in order: due first, then the rest; closed last; the server's order (by community, name) within. */
export function sortShelters<T extends Timed>(items: readonly T[], now: Date): T[] {
  const rank = (s: T) => (s.status === 'closed' ? 2 : isDue(s, now) ? 0 : 1);
  return items.map((s, i) => ({ s, i, r: rank(s) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.s);
}

/** Whether the cards name their community: only when the caller's area spans more than one. */
export const manyCommunities = (items: readonly { communityId: string }[]): boolean => new Set(items.map((p) => p.communityId)).size > 1;

// ----- the inspection form -----------------------------------------------------------------------------------------

export type Answers = Partial<Record<ShelterCheck, CheckAnswer>>;

/** The checks not answered yet, in the form's order (lib/checks.logic). */
export const unanswered = (a: Answers): ShelterCheck[] => unansweredChecks(SHELTER_CHECKS, a);

/** The checks answered 有问题, in the form's order. */
export const problemsOf = (a: Answers): ShelterCheck[] => problemChecks(SHELTER_CHECKS, a);

/** 其余全部正常: every check not answered yet becomes 正常; what was answered stays. */
export const restOk = (a: Answers): Answers => restOkOf(SHELTER_CHECKS, a);

export type { TextProblem };

/** What is wrong with a free text before it is sent (the server says the same, naming the field). */
export const textProblem = (text: string | undefined | null, required: boolean, max = TEXT_MAX): TextProblem | null => sharedTextProblem(text, required, max);

/** An inspection's body, or what stops it: the checks still unanswered, or the note. An empty note is left out. */
export function inspectionBody(a: Answers, note: string | undefined):
  { ok: true; body: InspectionBody } | { ok: false; missing: ShelterCheck[] } | { ok: false; note: TextProblem } {
  return checksBody(SHELTER_CHECKS, a, note, TEXT_MAX) as { ok: true; body: InspectionBody } | { ok: false; missing: ShelterCheck[] } | { ok: false; note: TextProblem };
}

// ----- the shelter form --------------------------------------------------------------------------------------------

const wholeIn = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
export const capacityValid = (n: number | null | undefined): n is number => wholeIn(n, CAPACITY_MIN, CAPACITY_MAX);
export const intervalDaysValid = (n: number | null | undefined): n is number => wholeIn(n, INTERVAL_DAYS_MIN, INTERVAL_DAYS_MAX);
export const clearanceValid = (n: number | null | undefined): n is number => wholeIn(n, CLEARANCE_MIN, CLEARANCE_MAX);

export type ShelterValues = Omit<ShelterBody, 'areaM2' | 'name' | 'address'> & { name: string; address: string; areaM2?: number | null };

/** The body of 新增 / 编辑: names trimmed, an empty area left out, each facility once. */
export function shelterBody(v: ShelterValues): ShelterBody {
  return {
    name: v.name.trim(), kind: v.kind, address: v.address.trim(), capacity: v.capacity,
    ...(typeof v.areaM2 === 'number' ? { areaM2: v.areaM2 } : {}),
    facilities: [...new Set(v.facilities)], status: v.status, intervalDays: v.intervalDays,
  };
}

// ----- deadlines ---------------------------------------------------------------------------------------------------

export type Countdown = { overdue: false; hours: number; minutes: number } | { overdue: true; hours: number; minutes: number };

/**
 * A deadline as the page's clock sees it: the time left (hours and minutes, rounded up to the minute so that "0 分"
 * never shows before it passes), or 已超时 with how long ago (rounded down). The deadline itself is overdue.
 */
export function countdown(dueIso: string, now: Date): Countdown {
  const ms = Date.parse(dueIso) - now.getTime();
  if (ms > 0) {
    const m = Math.ceil(ms / 60_000);
    return { overdue: false, hours: Math.floor(m / 60), minutes: m % 60 };
  }
  const m = Math.floor(Math.abs(ms) / 60_000);
  return { overdue: true, hours: Math.floor(m / 60), minutes: m % 60 };
}

/** An open report past its deadline by the page's clock (or the server's word); a handled one never. */
export const isOverdue = (r: { status: ReportStatus; dueAt: string; overdue?: boolean }, now: Date): boolean =>
  r.status === 'open' && (r.overdue === true || Date.parse(r.dueAt) <= now.getTime());

/** 近30天按时清理率 in whole per cent; null when nothing was cleared in the last 30 days. */
export const inTimeShare = (f: Pick<LaneFigures, 'cleared30' | 'clearedInTime30'>): number | null =>
  (f.cleared30 > 0 ? Math.round((f.clearedInTime30 / f.cleared30) * 100) : null);

/** The community's clearance hours (the server's default, 2, until a community sets its own). */
export const clearanceOf = (list: readonly { communityId: string; hours: number }[], communityId: string | undefined, fallback: number): number =>
  list.find((c) => c.communityId === communityId)?.hours ?? fallback;

// ----- the report form ---------------------------------------------------------------------------------------------

export type ReportValues = { laneId?: string | null; location?: string | null; description?: string | null };
export type ReportProblem = { field: 'laneId' | 'location' | 'description'; problem: TextProblem | 'lane_or_location' };

/**
 * What a report form refuses before sending: neither a lane nor a location (said on the lane's field, as the server);
 * a location too long or with a number; what blocks it missing or with a number. Empty when it may go.
 */
export function reportProblems(v: ReportValues): ReportProblem[] {
  const out: ReportProblem[] = [];
  const location = (v.location ?? '').trim();
  if (!v.laneId && !location) out.push({ field: 'laneId', problem: 'lane_or_location' });
  const lp = textProblem(location, false, LOCATION_MAX);
  if (lp) out.push({ field: 'location', problem: lp });
  const dp = textProblem(v.description, true);
  if (dp) out.push({ field: 'description', problem: dp });
  return out;
}

/** The body of a report: the lane when one is chosen, the location when typed (both when both), what blocks it — trimmed. */
export function reportBody(v: ReportValues): ReportBody {
  const location = (v.location ?? '').trim();
  return { ...(v.laneId ? { laneId: v.laneId } : {}), ...(location ? { location } : {}), description: (v.description ?? '').trim() };
}

/** Where a report is: its lane, the lane and the location, or the location alone. */
export function placeOf(r: { laneName: string | null; location: string | null }, lang: string): string {
  if (r.laneName && r.location) return lang.startsWith('zh') ? `${r.laneName}（${r.location}）` : `${r.laneName} (${r.location})`;
  return r.laneName || r.location || '';
}

export { SubmissionKeys } from '../../lib/submission-keys';
