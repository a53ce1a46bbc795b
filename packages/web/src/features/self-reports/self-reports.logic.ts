// Pure rules of the staff page 体温自报 and its 上门代报 dialog (tested without a browser).

/** The server's limit on 上门代报's search text (after trimming); the box takes no more. */
export const DOOR_SEARCH_MAX = 40;

/** What 查找 searches for, or null when there is nothing to search (the dialog then says what to type). */
export function doorSearchText(text: string): string | null {
  const q = text.trim().slice(0, DOOR_SEARCH_MAX);
  return q || null;
}
