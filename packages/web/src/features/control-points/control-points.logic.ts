// Pure rules of the control-point board (三无小区管控, ADR 0074), unit-tested: a compound's state as the page's clock sees
// it (a point whose next patrol falls due while the page is open turns 巡查逾期), the counts and the filter they set,
// the order of the cards, "3 小时前", which flag tags a card shows, and what the forms refuse before sending (every
// check answered; the note holds no ID and no mobile number, as the duty log's: ADR 0070).
import { checksBody, problemChecks, textProblem as sharedTextProblem, unansweredChecks, type TextProblem } from '../../lib/checks.logic';
import {
  CHECKS, INTERVAL_MAX, INTERVAL_MIN, NOTE_MAX, POINT_STATUSES,
  type Check, type CheckAnswer, type CompoundFlags, type Counts, type CreateBody, type PatrolBody, type PointStatus, type PointView, type UpdateBody,
} from './api';

const RANK = new Map(POINT_STATUSES.map((s, i) => [s, i] as const));

type Timed = Pick<PointView, 'pointId' | 'status' | 'lastPatrolAt' | 'nextDueAt'>;

/**
 * A point to be patrolled now: never patrolled, its next patrol's time passed (by the page's clock), or the server
 * said so. Never for a compound without a point.
 */
export function isOverdue(p: Timed, now: Date): boolean {
  if (p.pointId === null) return false;
  if (p.status === 'due' || p.lastPatrolAt === null) return true;
  return p.nextDueAt !== null && Date.parse(p.nextDueAt) <= now.getTime();
}

/** The state a card shows: the server's, except that a fine point whose patrol has fallen due since is 巡查逾期. */
export const displayStatus = (p: Timed, now: Date): PointStatus => (p.status === 'ok' && isOverdue(p, now) ? 'due' : p.status);

/** 有问题 / 巡查逾期 / 未设管控 / 正常, counted as the cards show them. */
export function countsOf(items: readonly Timed[], now: Date): Counts {
  const c: Counts = { problem: 0, due: 0, unassigned: 0, ok: 0 };
  for (const p of items) c[displayStatus(p, now)]++;
  return c;
}

/**
 * The cards in the board's order — problem, due, unassigned, ok — keeping the server's order (by name) within a state;
 * the page's clock may have moved a point from 正常 to 巡查逾期.
 */
export function sortPoints<T extends Timed>(items: readonly T[], now: Date): T[] {
  return items.map((p, i) => ({ p, i, r: RANK.get(displayStatus(p, now))! }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.p);
}

/** The cards of one state (a count tapped), or all of them. */
export const filterPoints = <T extends Timed>(items: readonly T[], status: PointStatus | undefined, now: Date): T[] =>
  (status ? items.filter((p) => displayStatus(p, now) === status) : [...items]);

const isStatus = (v: string | null): v is PointStatus => v !== null && (POINT_STATUSES as readonly string[]).includes(v);

/** The state filter in the address (?status=due); anything else is no filter. */
export const statusFromParams = (p: URLSearchParams): PointStatus | undefined => {
  const s = p.get('status');
  return isStatus(s) ? s : undefined;
};

/**
 * What the workbench card lists: the points with an open problem, then those due (the server's state, or a fine one
 * whose time passed while the page was open), each with the state shown; in the board's order.
 */
export function needingAttention<T extends Timed>(items: readonly T[], now: Date): Array<T & { shown: 'problem' | 'due' }> {
  const out: Array<T & { shown: 'problem' | 'due' }> = [];
  for (const p of sortPoints(items, now)) {
    const s = displayStatus(p, now);
    if (s === 'problem' || s === 'due') out.push({ ...p, shown: s });
  }
  return out;
}

/** Tapping a count filters by it; tapping the chosen one again shows all. */
export const toggleStatus = (current: PointStatus | undefined, tapped: PointStatus): PointStatus | undefined => (current === tapped ? undefined : tapped);

/** Whether the cards name their community: only when the caller's board spans more than one. */
export const manyCommunities = (items: readonly Pick<PointView, 'communityId'>[]): boolean => new Set(items.map((p) => p.communityId)).size > 1;

export type FlagTag = 'threeNo' | keyof CompoundFlags;
const FLAG_ORDER: readonly (keyof CompoundFlags)[] = ['noPropertyManagement', 'noCompetentAuthority', 'notEnclosed'];

/** 三无 alone when all three flags hold; else each flag that holds (无物业 / 无主管 / 无围墙). */
export const flagTags = (p: Pick<PointView, 'flags' | 'threeNo'>): FlagTag[] => (p.threeNo ? ['threeNo'] : FLAG_ORDER.filter((f) => p.flags[f]));

export type Ago = { unit: 'now' | 'minutes' | 'hours' | 'days'; n: number };

/** How long ago, in the largest whole unit: under a minute (or a clock a little ahead) is 刚刚. */
export function ago(iso: string, now: Date): Ago {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return { unit: 'now', n: 0 };
  if (minutes < 60) return { unit: 'minutes', n: minutes };
  if (minutes < 24 * 60) return { unit: 'hours', n: Math.floor(minutes / 60) };
  return { unit: 'days', n: Math.floor(minutes / (24 * 60)) };
}

export type Answers = Partial<Record<Check, CheckAnswer>>;

/** The checks not answered yet, in the form's order (lib/checks.logic). */
export const unanswered = (a: Answers): Check[] => unansweredChecks(CHECKS, a);

/** The checks answered 有问题, in the form's order. */
export const problemsOf = (a: Answers): Check[] => problemChecks(CHECKS, a);

export type { TextProblem };

/** What is wrong with a patrol's note or a resolution before it is sent (the server says the same, naming the field). */
export const textProblem = (text: string | undefined | null, required: boolean): TextProblem | null => sharedTextProblem(text, required, NOTE_MAX);

/** A patrol's body, or what stops it: the checks still unanswered, or the note. An empty note is left out. */
export function patrolBody(a: Answers, note: string | undefined):
  { ok: true; body: PatrolBody } | { ok: false; missing: Check[] } | { ok: false; note: TextProblem } {
  return checksBody(CHECKS, a, note, NOTE_MAX) as { ok: true; body: PatrolBody } | { ok: false; missing: Check[] } | { ok: false; note: TextProblem };
}

/** The patrol interval in whole hours, 4 to 168. */
export const intervalValid = (n: number | null | undefined): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= INTERVAL_MIN && n <= INTERVAL_MAX;

export type SetupValues = { leadUserId: string; intervalHours: number };

/**
 * 设为管控点 for a compound without a point (create), or the change of an existing one: only what changed, with the
 * version the admin saw; null when nothing changed (nothing to send).
 */
export function setupRequest(p: Pick<PointView, 'compoundId' | 'pointId' | 'lead' | 'intervalHours' | 'version'>, v: SetupValues):
  { kind: 'create'; body: CreateBody } | { kind: 'update'; pointId: string; body: UpdateBody } | null {
  if (p.pointId === null) return { kind: 'create', body: { compoundId: p.compoundId, leadUserId: v.leadUserId, intervalHours: v.intervalHours } };
  const body: UpdateBody = {
    ...(v.leadUserId !== p.lead?.id ? { leadUserId: v.leadUserId } : {}),
    ...(v.intervalHours !== p.intervalHours ? { intervalHours: v.intervalHours } : {}),
    version: p.version ?? 0,
  };
  return body.leadUserId === undefined && body.intervalHours === undefined ? null : { kind: 'update', pointId: p.pointId, body };
}

export { SubmissionKeys } from '../../lib/submission-keys';
