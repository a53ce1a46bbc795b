// Pure rules of the staff page 体温自报 and its 上门代报 dialog (tested without a browser).

/**
 * A day picker's panel is 7 cells plus 2 × 18 px padding wide; the phone theme (controlHeightSM 36) makes a cell 54 px,
 * a 414 px panel that does not fit a 390 px phone (it opened at x = −36, the Monday column cut off). On phones the
 * cells are this wide instead (a 358 px panel; cells stay 36 px high). (The same rule as warnings.logic.ts; a shared
 * home would be lib/.)
 */
export const PHONE_DAY_CELL_WIDTH = 46;
export const dayPanelWidth = (cellWidth: number) => cellWidth * 7 + 2 * 18;

/** The server's limit on 上门代报's search text (after trimming); the box takes no more. */
export const DOOR_SEARCH_MAX = 40;

/** What 查找 searches for, or null when there is nothing to search (the dialog then says what to type). */
export function doorSearchText(text: string): string | null {
  const q = text.trim().slice(0, DOOR_SEARCH_MAX);
  return q || null;
}
