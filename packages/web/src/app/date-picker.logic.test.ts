import { describe, expect, it } from 'vitest';
import { dayPanelWidth, PHONE_DAY_CELL_WIDTH } from './date-picker.logic';

describe('day pickers on a phone', () => {
  it('fit a 390 px screen with its 12 px margins, with cells still wide enough to tap', () => {
    expect(dayPanelWidth(36 * 1.5)).toBe(414); // antd's default for the phone theme: too wide
    expect(dayPanelWidth(PHONE_DAY_CELL_WIDTH)).toBeLessThanOrEqual(390 - 2 * 12);
    expect(PHONE_DAY_CELL_WIDTH).toBeGreaterThanOrEqual(40);
  });
});
