import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_MINUTES, IDLE_WARNING_SECONDS, idlePhase, idlePhaseSharing, isIdle, parseActivity } from './idle';

describe('idle sign-out', () => {
  const now = Date.parse('2026-11-30T09:00:00Z');
  const min = 60_000;

  it('signs out after the idle timeout without activity in this tab or any other', () => {
    expect(isIdle({ ownActivity: now - 30 * min, sharedActivity: null, now, idleMinutes: 30 })).toBe(true);
    expect(isIdle({ ownActivity: now - 30 * min + 1, sharedActivity: null, now, idleMinutes: 30 })).toBe(false);
    expect(isIdle({ ownActivity: now - 5 * min, sharedActivity: now - 40 * min, now, idleMinutes: 10 })).toBe(false);
  });

  it('activity in another tab keeps this one signed in (one session for the browser)', () => {
    expect(isIdle({ ownActivity: now - 60 * min, sharedActivity: now - 2 * min, now, idleMinutes: 30 })).toBe(false);
    expect(isIdle({ ownActivity: now - 60 * min, sharedActivity: now - 31 * min, now, idleMinutes: 30 })).toBe(true);
  });

  it('a shared time in the future counts as now, not as forever', () => {
    expect(isIdle({ ownActivity: now - 60 * min, sharedActivity: now + 365 * 24 * 60 * min, now, idleMinutes: 30 })).toBe(false);
    // …and once that "now" is older than the timeout, the tab signs out.
    const later = now + 31 * min;
    expect(isIdle({ ownActivity: now - 60 * min, sharedActivity: now, now: later, idleMinutes: 30 })).toBe(true);
  });

  it('without a timeout from the server the default applies', () => {
    expect(isIdle({ ownActivity: now - DEFAULT_IDLE_MINUTES * min, sharedActivity: null, now, idleMinutes: undefined })).toBe(true);
    expect(isIdle({ ownActivity: now - (DEFAULT_IDLE_MINUTES - 1) * min, sharedActivity: null, now, idleMinutes: 0 })).toBe(false);
  });

  it('reads only a positive time from storage', () => {
    expect(parseActivity(null)).toBeNull();
    expect(parseActivity('abc')).toBeNull();
    expect(parseActivity('-5')).toBeNull();
    expect(parseActivity(String(now))).toBe(now);
  });

  it('warns in the last minute with the seconds left, then signs out; activity anywhere ends the warning', () => {
    const at = (msAgo: number, shared: number | null = null) => idlePhase({ ownActivity: now - msAgo, sharedActivity: shared, now, idleMinutes: 30 });
    expect(at(29 * min - 1)).toEqual({ phase: 'active' });
    expect(at(29 * min)).toEqual({ phase: 'warning', seconds: IDLE_WARNING_SECONDS });
    expect(at(30 * min - 1_500)).toEqual({ phase: 'warning', seconds: 2 });
    expect(at(30 * min - 1)).toEqual({ phase: 'warning', seconds: 1 });
    expect(at(30 * min)).toEqual({ phase: 'idle' });
    // The user came back in another tab: no warning here either.
    expect(at(29 * min + 30_000, now - 1_000)).toEqual({ phase: 'active' });
  });

  it('reads the other tabs\' activity only in the last minute, where it can put the sign-out off', () => {
    let reads = 0;
    const shared = (value: number | null) => () => {
      reads += 1;
      return value;
    };
    const at = (msAgo: number, read: () => number | null) => idlePhaseSharing({ ownActivity: now - msAgo, now, idleMinutes: 30 }, read);
    expect(at(10 * min, shared(null))).toEqual({ phase: 'active' });
    expect(at(29 * min - 1, shared(null))).toEqual({ phase: 'active' });
    expect(reads).toBe(0);
    expect(at(29 * min, shared(null))).toEqual({ phase: 'warning', seconds: IDLE_WARNING_SECONDS });
    expect(at(29 * min + 30_000, shared(now - 1_000))).toEqual({ phase: 'active' });
    expect(at(31 * min, shared(now - 29 * min - 10_000))).toEqual({ phase: 'warning', seconds: 50 });
    expect(reads).toBe(3);
  });
});
