import { describe, expect, it } from 'vitest';
import { shanghaiDay, shanghaiMinute } from './shanghai-time';

describe('the server’s calendar on the device', () => {
  it('a day turns at midnight in Shanghai (16:00 UTC), not at the device’s midnight', () => {
    expect(shanghaiDay(new Date('2026-12-05T15:59:00Z'))).toBe('2026-12-05');
    expect(shanghaiDay(new Date('2026-12-05T16:00:00Z'))).toBe('2026-12-06');
    expect(shanghaiDay(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });
  it('an instant to the minute in Shanghai; none is empty', () => {
    expect(shanghaiMinute('2026-12-05T00:30:00Z')).toBe('2026/12/05 08:30');
    expect(shanghaiMinute('2026-12-05T16:05:00Z')).toBe('2026/12/06 00:05');
    expect(shanghaiMinute(null)).toBe('');
  });
});
