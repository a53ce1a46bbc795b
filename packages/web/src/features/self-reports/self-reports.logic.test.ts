import { describe, expect, it } from 'vitest';
import { dayPanelWidth, DOOR_SEARCH_MAX, doorSearchText, PHONE_DAY_CELL_WIDTH } from './self-reports.logic';

describe('the date picker on a phone', () => {
  it('opens a panel that fits a 390 px screen with a margin each side (the phone theme alone made it 414 px)', () => {
    expect(dayPanelWidth(36 * 1.5)).toBe(414);
    expect(dayPanelWidth(PHONE_DAY_CELL_WIDTH)).toBeLessThanOrEqual(390 - 2 * 12);
    // Still a day cell one can tap (WCAG 2.5.8: at least 24 px).
    expect(PHONE_DAY_CELL_WIDTH).toBeGreaterThanOrEqual(40);
  });
});

describe('上门代报 search', () => {
  it('searches the trimmed text and says nothing (null) for nothing, spaces or full-width spaces', () => {
    expect(doorSearchText(' 张三 ')).toBe('张三');
    expect(doorSearchText('')).toBeNull();
    expect(doorSearchText('   ')).toBeNull();
    expect(doorSearchText('\u3000\u3000')).toBeNull();
  });
  it('never sends more than the server takes (40 characters)', () => {
    expect(DOOR_SEARCH_MAX).toBe(40);
    expect(doorSearchText('a'.repeat(41))).toHaveLength(40);
  });
});
