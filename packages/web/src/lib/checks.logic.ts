// A form of ok / problem checks answered one by one (三无小区巡查, 避难场所检查): nothing is chosen beforehand, the worker
// answers every check, 其余全部正常 answers the rest in one tap, and a short note may not carry ID or mobile numbers (the
// server says the same, naming the field). Pure and unit-tested; lib/checks-fields.tsx draws the form.
import { containsCnMobile, containsIdNumber } from '@renxing/shared';

export type CheckAnswer = 'ok' | 'problem';
export type CheckAnswers<C extends string> = Partial<Record<C, CheckAnswer>>;
export type TextProblem = 'empty' | 'too_long' | 'id_number' | 'phone';

/** The checks not answered yet, in the form's order. */
export const unansweredChecks = <C extends string>(checks: readonly C[], a: CheckAnswers<C>): C[] => checks.filter((c) => a[c] !== 'ok' && a[c] !== 'problem');

/** The checks answered 有问题, in the form's order. */
export const problemChecks = <C extends string>(checks: readonly C[], a: CheckAnswers<C>): C[] => checks.filter((c) => a[c] === 'problem');

/** 其余全部正常: every check not answered yet becomes 正常; what was answered stays. */
export const restOk = <C extends string>(checks: readonly C[], a: CheckAnswers<C>): CheckAnswers<C> =>
  ({ ...a, ...Object.fromEntries(unansweredChecks(checks, a).map((c) => [c, 'ok'])) });

/** What is wrong with a free text before it is sent: empty (when required), too long, an ID or a mobile number in it. */
export function textProblem(text: string | undefined | null, required: boolean, max: number): TextProblem | null {
  const s = (text ?? '').trim();
  if (!s) return required ? 'empty' : null;
  if (s.length > max) return 'too_long';
  if (containsIdNumber(s)) return 'id_number';
  if (containsCnMobile(s)) return 'phone';
  return null;
}

/** The body to send — every check answered, the note trimmed (left out when empty) — or what stops it. */
export function checksBody<C extends string>(checks: readonly C[], a: CheckAnswers<C>, note: string | undefined, noteMax: number):
  { ok: true; body: { checks: Record<C, CheckAnswer>; note?: string } } | { ok: false; missing: C[] } | { ok: false; note: TextProblem } {
  const missing = unansweredChecks(checks, a);
  if (missing.length) return { ok: false, missing };
  const problem = textProblem(note, false, noteMax);
  if (problem) return { ok: false, note: problem };
  const answered = Object.fromEntries(checks.map((c) => [c, a[c]!])) as Record<C, CheckAnswer>;
  const text = (note ?? '').trim();
  return { ok: true, body: { checks: answered, ...(text ? { note: text } : {}) } };
}
