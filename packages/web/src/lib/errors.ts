import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

/** A plain-language message for any error thrown by the API client, in the UI language. */
export function errorText(error: unknown, t: TFunction, lang: string): string {
  if (isApiError(error)) {
    if (error.code === 'network_error') return t('errors.network');
    if (error.status === 403 && !error.localized(lang)) return t('errors.forbidden');
    return error.localized(lang) || t('errors.unknown');
  }
  return t('errors.unknown');
}

export function errorRequestId(error: unknown): string | null {
  return isApiError(error) ? error.requestId : null;
}
