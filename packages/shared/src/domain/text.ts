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
