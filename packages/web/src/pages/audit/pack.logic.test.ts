import { describe, expect, it } from 'vitest';
import { lastFullQuarter, MAX_PACK_DAYS, packFileName, periodDays } from './pack.logic';

describe('audit pack card logic (AUD-10)', () => {
  it('defaults to the last full quarter on the Shanghai calendar', () => {
    expect(lastFullQuarter(new Date('2025-06-02T02:00:00Z'))).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(lastFullQuarter(new Date('2025-01-10T02:00:00Z'))).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    // 1 July 00:30 in Shanghai is still 30 June in UTC: the quarter that just ended is April–June.
    expect(lastFullQuarter(new Date('2025-06-30T16:30:00Z'))).toEqual({ from: '2025-04-01', to: '2025-06-30' });
  });
  it('counts both ends of the period, like the server', () => {
    expect(periodDays('2024-01-01', '2024-12-31')).toBe(MAX_PACK_DAYS);
    expect(periodDays('2024-01-01', '2025-01-01')).toBe(MAX_PACK_DAYS + 1);
    expect(periodDays('2025-05-02', '2025-05-01')).toBe(0);
    expect(packFileName('2025-01-01', '2025-03-31', '330902')).toBe('audit-pack-2025-01-01-2025-03-31-330902.xlsx');
  });
});
