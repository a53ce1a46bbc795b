// The phone theme's day pickers (providers.tsx), without React: unit-tested in date-picker.logic.test.ts.

/**
 * A day picker's panel is 7 cells plus 2 × 18 px padding wide; the phone theme (controlHeightSM 36) makes a cell 54 px,
 * a 414 px panel that does not fit a 390 px phone (it opened at x = −36 with the Monday column cut off, or off the
 * left edge: walk-through, session 25). On phones every day picker's cells are this wide instead (a 358 px panel; the
 * cells stay 36 px high).
 */
export const PHONE_DAY_CELL_WIDTH = 46;
export const dayPanelWidth = (cellWidth: number) => cellWidth * 7 + 2 * 18;
