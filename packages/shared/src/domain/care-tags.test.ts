import { describe, expect, it } from 'vitest';
import { PREGNANT_AGES, PREGNANT_TAG_MISFIT, pregnantTagFits, pregnantTagFitsAge } from './care-tags';

// Shanghai noon on 2026-12-01: the birthday cut-offs below are exact days.
const NOW = new Date('2026-12-01T04:00:00Z');

describe('pregnantTagFits', () => {
  it('fits a woman of child-bearing age and never a man', () => {
    expect(pregnantTagFits('F', '1996-05-20', NOW)).toBe(true);
    expect(pregnantTagFits('M', '1996-05-20', NOW)).toBe(false);
    expect(pregnantTagFits('', '1996-05-20', NOW)).toBe(false);
  });

  it('counts age on the Shanghai calendar: from the 12th birthday, up to the day before the 60th', () => {
    expect(pregnantTagFits('F', '2014-12-01', NOW)).toBe(true); // 12 today
    expect(pregnantTagFits('F', '2014-12-02', NOW)).toBe(false); // 12 tomorrow
    expect(pregnantTagFits('F', '1966-12-02', NOW)).toBe(true); // 59, 60 tomorrow
    expect(pregnantTagFits('F', '1966-12-01', NOW)).toBe(false); // 60 today
    // 2026-11-30T17:00Z is already 1 December in Shanghai.
    expect(pregnantTagFits('F', '1966-12-01', new Date('2026-11-30T17:00:00Z'))).toBe(false);
    expect(pregnantTagFits('F', '1966-12-01', new Date('2026-11-30T15:00:00Z'))).toBe(true);
  });

  it('the age form agrees at the edges', () => {
    expect([11, 12, 59, 60].map((age) => pregnantTagFitsAge('F', age))).toEqual([false, true, true, false]);
    expect(pregnantTagFitsAge('M', 30)).toBe(false);
  });

  it('says the ages it allows in both languages', () => {
    expect(PREGNANT_TAG_MISFIT.zh).toContain(`${PREGNANT_AGES.from}–${PREGNANT_AGES.below - 1} 岁`);
    expect(PREGNANT_TAG_MISFIT.en).toContain(`${PREGNANT_AGES.from}–${PREGNANT_AGES.below - 1}`);
  });
});
