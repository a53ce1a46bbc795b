import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';
import { fieldPathLabel, withFieldLabels, withoutGenericLead, type FieldLabels, type FieldWords } from './errors.logic';

/**
 * A plain-language message for any error thrown by the API client, in the UI language. The field paths a refused
 * request names (`body.members.0.relation`) read as the page's field labels (`labels`, usually the form's own), else
 * through the shared field names: 第1行 · 与户主关系.
 */
export function errorText(error: unknown, t: TFunction, lang: string, labels: FieldLabels = {}): string {
  if (isApiError(error)) {
    if (error.code === 'network_error') return t('errors.network');
    if (error.status === 403 && !error.localized(lang)) return t('errors.forbidden');
    const text = error.localized(lang);
    if (!text) return t('errors.unknown');
    const words = fieldWords(t);
    return withFieldLabels(withoutGenericLead(text, error, lang), error, (p) => fieldPathLabel(p, labels, words));
  }
  return t('errors.unknown');
}

/** The shared words of the field-path labels, in the UI language (i18n `errors.row`, `errors.item`, `errors.fields`). */
export function fieldWords(t: TFunction): FieldWords {
  const names = t('errors.fields', { returnObjects: true }) as unknown as Record<string, string>;
  return {
    row: (n) => t('errors.row', { n }),
    item: (n) => t('errors.item', { n }),
    lookup: (name) => (Object.prototype.hasOwnProperty.call(names, name) ? names[name] : undefined),
  };
}

export function errorRequestId(error: unknown): string | null {
  return isApiError(error) ? error.requestId : null;
}
