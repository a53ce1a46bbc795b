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
  for (const d of error.details) {
    const name = d.path.split('.').filter(Boolean).pop();
    if (!name || name in out) continue;
    out[name] = detailText(d, lang);
  }
  return out;
}

/**
 * An English message shown on its own (under its field) starts with a capital letter. The server writes its English
 * field messages as predicates to follow the field's name (`mobile number must have 11 digits`, `must not be before
 * from`), which is how the banner joins them after a label; alone under the field they read as sentences.
 */
export function sentenceStart(s: string): string {
  return /^[a-z]/.test(s) ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/**
 * A server message pair (an error detail, an import row's error) as shown on its own, in the UI language: the other
 * language when one is empty; English starting with a capital letter (sentenceStart). The one place every form takes its
 * field messages from.
 */
export function detailText(d: { message?: string | null; messageEn?: string | null }, lang: string): string {
  return lang.startsWith('zh') ? d.message || d.messageEn || '' : sentenceStart(d.messageEn || d.message || '');
}

/** Form.Item props showing the server's message for one field of a failed request (nothing when it named another). */
export function fieldStatus(errors: Record<string, string>, name: string): { validateStatus?: 'error'; help?: string } {
  const message = errors[name];
  return message ? { validateStatus: 'error', help: message } : {};
}

/**
 * Names a page gives its fields, for the error banner: by field name (`relation`) or by path without the request part
 * and with or without row numbers (`members.relation`, `members.0.relation`). Usually the form's own Form.Item labels.
 */
export type FieldLabels = Readonly<Record<string, string>>;

/** How the generic fallback reads: `row(1)` → 第1行 / "row 1" (an item of a list of objects), `item(2)` → 第2项 (of a plain list). */
export type FieldWords = { row: (n: number) => string; item: (n: number) => string; lookup?: (name: string) => string | undefined };

const REQUEST_PARTS = new Set(['body', 'querystring', 'params', 'headers']);
const isIndex = (s: string) => /^\d+$/.test(s);

/**
 * A server field path as a person reads it: the request part dropped, each name through the page's labels (then the
 * shared field names, then as it is), each list index as a row — `body.members.0.relation` → 第1行 · 与户主关系.
 */
export function fieldPathLabel(path: string, labels: FieldLabels, words: FieldWords): string {
  const segs = path.split('.').filter(Boolean);
  if (segs.length > 1 && REQUEST_PARTS.has(segs[0]!)) segs.shift();
  if (!segs.length) return path;
  const exact = labels[segs.join('.')];
  if (exact) return exact;
  const out: string[] = [];
  segs.forEach((s, i) => {
    if (isIndex(s)) {
      out.push(i === segs.length - 1 ? words.item(Number(s) + 1) : words.row(Number(s) + 1));
      return;
    }
    const named = labels[segs.slice(0, i + 1).filter((x) => !isIndex(x)).join('.')] ?? labels[s];
    // A list's own name before its row number is left out unless the page names it: 第1行 · 与户主关系.
    if (!named && isIndex(segs[i + 1] ?? '') && i + 1 < segs.length - 1) return;
    out.push(named ?? words.lookup?.(s) ?? s);
  });
  return out.join(' · ');
}

/**
 * The server's message of a refused request with the raw field paths it names (`body.members.0.relation：必填`)
 * replaced by what the user sees on the form (`第1行 · 与户主关系：必填`). Other text is kept as the server wrote it.
 */
export function withFieldLabels(message: string, error: unknown, label: (path: string) => string): string {
  if (!isApiError(error) || error.status < 400 || error.status >= 500 || !error.details.length) return message;
  let out = message;
  const paths = [...new Set(error.details.map((d) => d.path).filter(Boolean))].sort((a, b) => b.length - a.length);
  for (const p of paths) {
    // Only the paths the server's validation summary writes (`body.x：…；body.y：…`, `body.x: …; body.y: …`), where
    // they stand as a field name: after the start or a separator, before "：" or ": " — never a word inside the text.
    if (!REQUEST_PARTS.has(p.split('.')[0]!) || !p.includes('.')) continue;
    const shown = label(p);
    if (shown === p) continue;
    const re = new RegExp(`(^|[：；:;]\\s?)${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=：|: )`, 'g');
    out = out.replace(re, (_m, before: string) => `${before}${shown}`);
  }
  return out;
}

/**
 * A refusal of one field whose summary is only a generic lead in front of that field's own message
 * (`请求参数有误：验证码不正确…`, the server's `errors.field`): the message alone, as a person would say it. "Request
 * parameter error" means nothing to a community worker. Summaries that say more (several fields, a path, other words)
 * are left as they are.
 */
export function withoutGenericLead(message: string, error: unknown, lang: string): string {
  if (!isApiError(error) || error.code !== 'validation_failed' || error.details.length !== 1) return message;
  const d = error.details[0]!;
  const own = lang.startsWith('zh') ? d.message : d.messageEn;
  if (!own) return message;
  for (const sep of ['：', ': ']) {
    if (!message.endsWith(`${sep}${own}`)) continue;
    const lead = message.slice(0, message.length - sep.length - own.length);
    if (lead && !/[：:；;]/.test(lead)) return own.charAt(0).toUpperCase() + own.slice(1);
  }
  return message;
}

/** A form field's name path as antd keeps it (`['members', 0, 'relation']`). */
export type FormNamePath = ReadonlyArray<string | number>;

/**
 * The server's field messages that belong on the given form: each detail whose path (request part dropped) is one of
 * the form's registered fields, in the UI language, for antd's form.setFields. A message for a field the form does not
 * have stays in the banner only.
 */
export function formFieldErrors(error: unknown, lang: string, registered: readonly FormNamePath[]): Array<{ name: Array<string | number>; errors: string[] }> {
  if (!isApiError(error) || error.status < 400 || error.status >= 500) return [];
  const zh = lang.startsWith('zh');
  const known = new Map(registered.map((n) => [n.map(String).join('.'), n] as const));
  const byField = new Map<string, { name: Array<string | number>; errors: string[] }>();
  for (const d of error.details) {
    const segs = d.path.split('.').filter(Boolean);
    if (segs.length > 1 && REQUEST_PARTS.has(segs[0]!)) segs.shift();
    const name = known.get(segs.join('.'));
    if (!name) continue;
    const key = segs.join('.');
    const text = (zh ? d.message || d.messageEn : d.messageEn || d.message) || '';
    const f = byField.get(key) ?? { name: [...name], errors: [] };
    if (text && !f.errors.includes(text)) f.errors.push(text);
    byField.set(key, f);
  }
  return [...byField.values()];
}
