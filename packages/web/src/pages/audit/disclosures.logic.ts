// Pure helpers of the audit page's disclosures link and drawer (ADR 0046).
import type { TFunction } from 'i18next';

/** "显示了 12 位居民" / "showed 12 residents" (singular in English for one); null when the row showed nobody. */
export function disclosedText(count: number | undefined, t: TFunction): string | null {
  if (!count || count <= 0) return null;
  return count === 1 ? t('auditDisclosures.showedOne') : t('auditDisclosures.showed', { count });
}

/** The ids as the clipboard gets them: one per line, in the order shown. */
export function idsForClipboard(ids: readonly string[]): string {
  return ids.join('\n');
}
