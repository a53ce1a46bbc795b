// Idle sign-out: a tab nobody has touched for the session's idle timeout is signed out, even while background polls
// (the notification bell, badges) keep the server session alive. Activity in any tab of this browser counts for all of
// them (shared through localStorage), so working in one tab never signs out the others. Pure parts unit-tested.

/** localStorage key holding the newest user activity (epoch ms) across this browser's tabs. */
export const LAST_ACTIVITY_KEY = 'rx-last-activity';

/** The idle timeout used when the server did not say (its default, RENXING_SESSION_IDLE_MINUTES). */
export const DEFAULT_IDLE_MINUTES = 30;

/** How often a tab writes its activity for the others (ms): often enough, without writing on every mouse move. */
export const ACTIVITY_WRITE_MS = 5_000;

/** Reads the shared activity time; null when missing, unreadable or not a time. */
export function parseActivity(raw: string | null): number | null {
  if (raw === null) return null;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : null;
}

type IdleInput = { ownActivity: number; sharedActivity: number | null; now: number; idleMinutes: number | undefined };

/** Seconds before the idle sign-out that the tab warns, with a countdown and a 继续使用 button. */
export const IDLE_WARNING_SECONDS = 60;

/**
 * Milliseconds until the tab signs out: the idle timeout after the newest activity in this tab or (shared) in another
 * one; 0 or less when it is due. A shared time in the future (another machine's clock does not apply here; a tampered
 * value) counts as now.
 */
export function idleMsLeft(o: IdleInput): number {
  const minutes = o.idleMinutes && o.idleMinutes > 0 ? o.idleMinutes : DEFAULT_IDLE_MINUTES;
  const shared = o.sharedActivity === null ? 0 : Math.min(o.sharedActivity, o.now);
  const last = Math.max(o.ownActivity, shared);
  return minutes * 60_000 - (o.now - last);
}

/** Whether the tab should sign out now: no activity in this tab nor (shared) in another one for `idleMinutes`. */
export function isIdle(o: IdleInput): boolean {
  return idleMsLeft(o) <= 0;
}

/**
 * What the tab shows: nothing while in use; the warning in the last IDLE_WARNING_SECONDS (`seconds` left, rounded up,
 * for its countdown); the sign-out when due.
 */
export function idlePhase(o: IdleInput): { phase: 'active' } | { phase: 'warning'; seconds: number } | { phase: 'idle' } {
  const left = idleMsLeft(o);
  if (left <= 0) return { phase: 'idle' };
  if (left <= IDLE_WARNING_SECONDS * 1000) return { phase: 'warning', seconds: Math.ceil(left / 1000) };
  return { phase: 'active' };
}

/**
 * idlePhase, reading the other tabs' activity (localStorage) only when this tab's own activity would not keep it going:
 * another tab can only put the sign-out off, so while this tab is in use the shared time is not read (the check runs
 * every second).
 */
export function idlePhaseSharing(
  o: Omit<IdleInput, 'sharedActivity'>,
  readShared: () => number | null,
): ReturnType<typeof idlePhase> {
  const own = idlePhase({ ...o, sharedActivity: null });
  return own.phase === 'active' ? own : idlePhase({ ...o, sharedActivity: readShared() });
}
