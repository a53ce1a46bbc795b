import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_MINUTES, isIdle, parseActivity } from './idle';

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
});
