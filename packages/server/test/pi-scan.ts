import { validateCnId } from '@renxing/shared';

/**
 * The PI scan of SECURITY.md §7 test 7: every 18-character ID-number-looking value that validates (GB 11643 checksum,
 * plausible birth date) and every mobile-number-looking value standing alone anywhere in a text (a JSON body, a file).
 * Empty = nothing found.
 */
export function scanPi(text: string): string[] {
  const hits: string[] = [];
  for (const m of text.matchAll(/(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g)) if (validateCnId(m[0], new Date()).ok) hits.push(m[0]);
  for (const m of text.matchAll(/(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])/g)) hits.push(m[0]);
  return hits;
}
