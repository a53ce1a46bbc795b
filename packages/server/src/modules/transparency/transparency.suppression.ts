import { SUPPRESSED_COUNT, WITHHELD_COUNT, type TransparencyCount, type TransparencyTotal } from '@renxing/shared';
import { isSmallCell } from '../registry';

/**
 * Disclosure control of the transparency report, in one place (ADR 0032, 0044). Pure functions of raw counts.
 *
 * Primary suppression: every count of 1–4 is published as "<5" (PRIV-01).
 *
 * Complementary suppression: where the report publishes a total next to its parts, a "<5" part could be worked out by
 * subtraction (total − the exact parts). The complement chosen is the total itself, published as "withheld" — not a
 * second part (ADR 0044 argues the choice): with the total unknown, the equation total = Σ parts has no known side.
 * The groups (ADR 0044 lists why these and no others):
 * - `sum` — the total is the sum of the parts published next to it: reveals.total (by field), statusChanges.total
 *   (by reason), corrections.resolved (applied + rejected), deletions.total (by class). Withheld when it is at least 5
 *   and any part is "<5" — one "<5" part would be exact by subtraction, several would give their sum (pinned when
 *   it is all 1s or all 4s, a small count of its own otherwise).
 * - `subset` — the total counts the one part published next to it and a rest no figure lists: exports.requested ⊇
 *   needingApproval, exports.downloaded ⊇ downloadsWithPlaintext. A "<5" part is safe (the unlisted rest is the
 *   complement); withheld only when the part is exact and the rest is 1–4, which subtraction would otherwise show.
 * A total that is itself 0 or "<5" is published as such: its parts are each 0 or "<5" too, nothing becomes exact.
 * Deterministic: the same counts give the same report, so installation-wide groups (deletions) look the same in every
 * area's report and one report cannot be set against another to undo the choice.
 */

/** A count as published: 0, ≥ 5, or "<5". */
export function published(n: number): TransparencyCount {
  return isSmallCell(n) ? SUPPRESSED_COUNT : n;
}

export type TotalGroup =
  /** The total is the sum of `parts`, each published next to it. */
  | { kind: 'sum'; parts: readonly number[] }
  /** The total counts `part` (published next to it) and a rest that no figure of the report lists. */
  | { kind: 'subset'; total: number; part: number };

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/** The total of a group as published: "withheld" when it would reveal a "<5" part (or an unlisted rest of 1–4). */
export function publishedTotal(g: TotalGroup): TransparencyTotal {
  if (g.kind === 'sum') {
    if (!g.parts.every(isCount)) throw new Error('transparency: parts must be counts');
    const total = g.parts.reduce((a, b) => a + b, 0);
    if (total === 0 || isSmallCell(total)) return published(total);
    return g.parts.some(isSmallCell) ? WITHHELD_COUNT : total;
  }
  if (!isCount(g.total) || !isCount(g.part) || g.part > g.total) throw new Error('transparency: a subset must be a count no larger than its total');
  if (g.total === 0 || isSmallCell(g.total)) return published(g.total);
  return !isSmallCell(g.part) && isSmallCell(g.total - g.part) ? WITHHELD_COUNT : g.total;
}
