import { describe, expect, it } from 'vitest';
import { msUntilNextMinute, watermarkLines } from './screen-watermark.logic';

const grid1 = { username: 'grid1', role: 'grid_worker', org: { name: 'A社区 第一网格' } };

describe('watermarkLines', () => {
  it('names the account, its organisation and the minute for staff', () => {
    // Local time, like the rest of the app's times: 2026-11-30 14:05:59.
    expect(watermarkLines(grid1, new Date(2026, 10, 30, 14, 5, 59, 999))).toEqual(['grid1 · A社区 第一网格', '2026-11-30 14:05']);
    expect(watermarkLines({ ...grid1, username: 'secadmin', role: 'security_admin', org: { name: '舟山市' } }, new Date(2026, 0, 2, 3, 4)))
      .toEqual(['secadmin · 舟山市', '2026-01-02 03:04']);
  });
  it('changes with the minute, not with the second', () => {
    const a = watermarkLines(grid1, new Date(2026, 10, 30, 14, 5, 0));
    expect(watermarkLines(grid1, new Date(2026, 10, 30, 14, 5, 59))).toEqual(a);
    expect(watermarkLines(grid1, new Date(2026, 10, 30, 14, 6, 0))).not.toEqual(a);
  });
  it('is left off the resident’s own pages', () => {
    expect(watermarkLines({ ...grid1, username: 'resident', role: 'resident' }, new Date())).toBeNull();
  });
});

describe('msUntilNextMinute', () => {
  it('is the time left in the current minute, a whole minute on the boundary', () => {
    expect(msUntilNextMinute(new Date(Date.UTC(2026, 10, 30, 6, 5, 0, 0)))).toBe(60_000);
    expect(msUntilNextMinute(new Date(Date.UTC(2026, 10, 30, 6, 5, 59, 999)))).toBe(1);
    expect(msUntilNextMinute(new Date(Date.UTC(2026, 10, 30, 6, 5, 20, 500)))).toBe(39_500);
  });
});
