// Text typed or pasted by people: characters nobody sees must not make two values that look the same differ.

/**
 * Drops invisible format characters (Unicode Cf: zero-width space/joiners, BOM, soft hyphen, bidi marks) that are
 * pasted along with names and codes from web pages, chats and spreadsheets. Used for place and area names (the places
 * and orgs routes), the import's place cells and the keys it matches places by, and org codes.
 */
export const dropInvisible = (s: string): string => s.replace(/\p{Cf}/gu, '');

/**
 * A code typed by a person (administrative codes): invisible characters dropped, full-width digits and letters folded
 * (NFKC: "３３０９０２" → "330902"), trimmed.
 */
export const normalizeTypedCode = (s: string): string => dropInvisible(s).normalize('NFKC').trim();

/**
 * What is wrong with the characters of a reference number (编号: a number from another system, a ledger), or null. Such
 * numbers are letters, digits and punctuation, in any script: an emoji (Extended_Pictographic) or markup's angle
 * brackets are a paste from somewhere else, and refused with a reason, as names refuse emoji (ADR 0068).
 */
export function referenceCharacterProblem(s: string): { zh: string; en: string } | null {
  if (/\p{Extended_Pictographic}/u.test(s)) return { zh: '不应包含表情符号', en: 'must not contain emoji' };
  if (/[<>]/.test(s)) return { zh: '不应包含尖括号 < >', en: 'must not contain the angle brackets < >' };
  return null;
}

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
/**
 * A count in a message, with thousands separators: 12,345 (the grouping zh-CN and English both use; the web app's
 * formatCount says the same). Server messages name counts that reach tens of thousands (residents of a street, rows of
 * an export); 12345 is hard to read at a glance.
 */
export const countText = (n: number): string => GROUPED.format(n);
