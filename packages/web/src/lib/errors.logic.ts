// Which failed requests a retry button can help with, and the per-field messages of a bad-input answer.
// Kept free of React and i18next so that it is unit-tested on its own (errors.logic.test.ts).
import { isApiError } from '../api/client';

/**
 * Whether sending the same request again can succeed: the network failed, the server failed (5xx), it timed out (408)
 * or asked to wait (429). A refusal of the request itself — bad input (400/422), not allowed (403), not found (404),
 * conflict (409), gone (410) — answers the same every time, so no retry is offered; the user has to change something.
 * Errors that are not API errors (a crash in the page) keep the retry.
 */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return true;
  if (error.code === 'network_error' || error.status === 0) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

/**
 * The field messages of a validation answer, keyed by the field's name (the last part of the server's path, so
 * `querystring.actorId` → `actorId`), in the UI language. Empty for any other error.
 */
export function fieldErrors(error: unknown, lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isApiError(error) || error.status < 400 || error.status >= 500) return out;
  const zh = lang.startsWith('zh');
  for (const d of error.details) {
    const name = d.path.split('.').filter(Boolean).pop();
    if (!name || name in out) continue;
    out[name] = (zh ? d.message || d.messageEn : d.messageEn || d.message) || '';
  }
  return out;
}

/** Form.Item props showing the server's message for one field of a failed request (nothing when it named another). */
export function fieldStatus(errors: Record<string, string>, name: string): { validateStatus?: 'error'; help?: string } {
  const message = errors[name];
  return message ? { validateStatus: 'error', help: message } : {};
}
