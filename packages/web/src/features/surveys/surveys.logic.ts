// Pure rules of the survey pages (问卷调查, ADR 0077), unit-tested: the editor's question ids and defaults, what a draft
// and an answer sheet are refused for before sending (as the server: surveys.routes.ts checkQuestions / checkAnswers,
// naming the same paths), the bodies sent, the percentages and means as shown, and the server's field errors by path.
import { containsCnMobile, containsIdNumber } from '@renxing/shared';
import { isApiError } from '../../api/client';
import { detailText } from '../../lib/errors.logic';
import {
  DESCRIPTION_MAX, FEW_ANSWERS, OPTION_MAX, OPTIONS_MAX, OPTIONS_MIN, QUESTION_ID_MAX, QUESTION_TEXT_MAX, QUESTIONS_MAX, SCALE_LABEL_MAX, SURVEY_STATUSES,
  TEXT_ANSWER_MAX, TITLE_MAX,
  type Answer, type Answers, type Question, type QuestionKind, type Survey, type SurveyBody, type SurveyStatus,
} from './api';

/** A question as the editor holds it: every kind's fields kept, so switching the kind back loses nothing typed. */
export type DraftQuestion = { id: string; kind: QuestionKind; text: string; required: boolean; options: string[]; scaleLabels: [string, string] };
export type Draft = {
  title: string; description: string; anonymous: boolean; resultsPublic: boolean;
  /** ISO time, or null for no closing time. */
  closesAt: string | null;
  questions: DraftQuestion[];
};

export const isChoice = (k: QuestionKind): boolean => k === 'single' || k === 'multiple';

const ID_RE = /^[a-z0-9_]{1,20}$/;

/** The next question id: q1, q2, … one past the highest qN used, never one already taken (ids are [a-z0-9_], 1–20). */
export function nextQuestionId(ids: readonly string[]): string {
  const taken = new Set(ids);
  let n = ids.reduce((max, id) => Math.max(max, /^q(\d{1,6})$/.test(id) ? Number(id.slice(1)) : 0), 0) + 1;
  while (taken.has(`q${n}`)) n++;
  const id = `q${n}`;
  return id.length <= QUESTION_ID_MAX && ID_RE.test(id) ? id : `q${Date.now() % 1_000_000}`;
}

/** A new question of a kind: a choice question starts with two empty options, a scale with the given end labels. */
export function newQuestion(kind: QuestionKind, existing: readonly { id: string }[], scaleLabels: [string, string] = ['', '']): DraftQuestion {
  return { id: nextQuestionId(existing.map((q) => q.id)), kind, text: '', required: true, options: isChoice(kind) ? ['', ''] : [], scaleLabels: [...scaleLabels] };
}

/** The question with another kind: a choice question gets two empty options when it has none, a scale its labels when empty. */
export function withKind(q: DraftQuestion, kind: QuestionKind, scaleLabels: [string, string] = ['', '']): DraftQuestion {
  const options = isChoice(kind) && q.options.length === 0 ? ['', ''] : q.options;
  const labels: [string, string] = kind === 'scale' && !q.scaleLabels[0] && !q.scaleLabels[1] ? [...scaleLabels] : q.scaleLabels;
  return { ...q, kind, options, scaleLabels: labels };
}

/** The list with the item at `i` moved by `delta` (−1 up, +1 down); unchanged at either end. */
export function moveItem<T>(list: readonly T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

export const emptyDraft = (): Draft => ({ title: '', description: '', anonymous: true, resultsPublic: true, closesAt: null, questions: [] });

export function draftFromSurvey(s: Pick<Survey, 'title' | 'description' | 'anonymous' | 'resultsPublic' | 'closesAt' | 'questions'>): Draft {
  return {
    title: s.title, description: s.description ?? '', anonymous: s.anonymous, resultsPublic: s.resultsPublic, closesAt: s.closesAt,
    questions: s.questions.map((q) => ({
      id: q.id, kind: q.kind, text: q.text, required: q.required, options: [...(q.options ?? [])],
      scaleLabels: q.scaleLabels ? [q.scaleLabels[0], q.scaleLabels[1]] : ['', ''],
    })),
  };
}

/** What is sent: texts trimmed, options only for choice questions, end labels only for scales, nothing empty. */
export function surveyBody(d: Draft): SurveyBody {
  const description = d.description.trim();
  return {
    title: d.title.trim(),
    ...(description ? { description } : {}),
    anonymous: d.anonymous,
    resultsPublic: d.resultsPublic,
    ...(d.closesAt ? { closesAt: d.closesAt } : {}),
    questions: d.questions.map((q): Question => ({
      id: q.id, kind: q.kind, text: q.text.trim(), required: q.required,
      ...(isChoice(q.kind) ? { options: q.options.map((o) => o.trim()) } : {}),
      ...(q.kind === 'scale' ? { scaleLabels: [q.scaleLabels[0].trim(), q.scaleLabels[1].trim()] as [string, string] } : {}),
    })),
  };
}

export type Problem =
  | { code: 'empty' | 'id_number' | 'phone' | 'past' | 'duplicate' | 'no_questions' }
  | { code: 'too_long'; max: number }
  | { code: 'options_count'; min: number; max: number }
  | { code: 'too_many_questions'; max: number };

/** A free text many read: required or not, at most `max`, no ID number and no mobile number (registry.withoutIdOrMobile). */
export function textProblem(value: string, max: number, required: boolean): Problem | null {
  const s = value.trim();
  if (!s) return required ? { code: 'empty' } : null;
  if (s.length > max) return { code: 'too_long', max };
  if (containsIdNumber(s)) return { code: 'id_number' };
  if (containsCnMobile(s)) return { code: 'phone' };
  return null;
}

/**
 * Everything wrong with a draft, by the path the server names (`title`, `closesAt`, `questions.0.text`,
 * `questions.0.options`, `questions.0.options.1`, `questions.2.scaleLabels.0`); empty when it may be sent.
 */
export function draftProblems(d: Draft, now: Date): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  const put = (path: string, p: Problem | null) => { if (p) out[path] = p; };
  put('title', textProblem(d.title, TITLE_MAX, true));
  put('description', textProblem(d.description, DESCRIPTION_MAX, false));
  if (d.closesAt && Date.parse(d.closesAt) <= now.getTime()) out.closesAt = { code: 'past' };
  if (d.questions.length === 0) out.questions = { code: 'no_questions' };
  if (d.questions.length > QUESTIONS_MAX) out.questions = { code: 'too_many_questions', max: QUESTIONS_MAX };
  d.questions.forEach((q, i) => {
    const at = `questions.${i}`;
    put(`${at}.text`, textProblem(q.text, QUESTION_TEXT_MAX, true));
    if (isChoice(q.kind)) {
      if (q.options.length < OPTIONS_MIN || q.options.length > OPTIONS_MAX) out[`${at}.options`] = { code: 'options_count', min: OPTIONS_MIN, max: OPTIONS_MAX };
      const seen = new Set<string>();
      q.options.forEach((o, j) => {
        const p = textProblem(o, OPTION_MAX, true);
        if (p) out[`${at}.options.${j}`] = p;
        else if (seen.has(o.trim())) out[`${at}.options.${j}`] = { code: 'duplicate' };
        seen.add(o.trim());
      });
    }
    if (q.kind === 'scale') [0, 1].forEach((k) => put(`${at}.scaleLabels.${k}`, textProblem(q.scaleLabels[k as 0 | 1], SCALE_LABEL_MAX, true)));
  });
  return out;
}

/** A value the answer form holds for a question (undefined: not answered). */
export type AnswerValue = Answer | undefined;

export const isAnswered = (v: AnswerValue): boolean =>
  v !== undefined && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);

export type AnswerProblem = 'required' | 'too_long' | 'invalid';

/** What stops an answer sheet, by `answers.<questionId>` (the server's paths): a required question unanswered, a text too long. */
export function answerProblems(questions: readonly Question[], values: Readonly<Record<string, AnswerValue>>): Record<string, AnswerProblem> {
  const out: Record<string, AnswerProblem> = {};
  for (const q of questions) {
    const v = values[q.id];
    const path = `answers.${q.id}`;
    if (!isAnswered(v)) {
      if (q.required) out[path] = 'required';
      continue;
    }
    if (q.kind === 'single' && (typeof v !== 'string' || !(q.options ?? []).includes(v))) out[path] = 'invalid';
    else if (q.kind === 'multiple' && (!Array.isArray(v) || v.some((x) => !(q.options ?? []).includes(x)))) out[path] = 'invalid';
    else if (q.kind === 'scale' && (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5)) out[path] = 'invalid';
    else if (q.kind === 'text' && (typeof v !== 'string' || v.trim().length > TEXT_ANSWER_MAX)) out[path] = typeof v === 'string' ? 'too_long' : 'invalid';
  }
  return out;
}

/** The sheet sent: answered questions only, texts trimmed, a multiple choice in the order of its options. */
export function answersPayload(questions: readonly Question[], values: Readonly<Record<string, AnswerValue>>): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const v = values[q.id];
    if (!isAnswered(v)) continue;
    if (q.kind === 'multiple' && Array.isArray(v)) out[q.id] = (q.options ?? []).filter((o) => v.includes(o));
    else out[q.id] = typeof v === 'string' ? v.trim() : v!;
  }
  return out;
}

/** The required questions still unanswered (for the button: 还差 N 题必答). */
export const unansweredRequired = (questions: readonly Question[], values: Readonly<Record<string, AnswerValue>>): number =>
  questions.filter((q) => q.required && !isAnswered(values[q.id])).length;

/** A share of those answering, two decimals (17 of 38 → 44.74), as the server's `percent`. */
export const percentOf = (count: number, of: number): number => (of > 0 ? Math.round((count / of) * 10_000) / 100 : 0);

/** 44.74% — always two decimals, as the thesis reports them. */
export const percentText = (percent: number): string => `${(Number.isFinite(percent) ? percent : 0).toFixed(2)}%`;

/** A scale's mean with two decimals, or null when nobody answered. */
export const meanText = (mean: number | null | undefined): string | null => (typeof mean === 'number' && Number.isFinite(mean) ? mean.toFixed(2) : null);

/** The results' warning: fewer than five answers say little. */
export const fewAnswers = (responses: number): boolean => responses < FEW_ANSWERS;

/** One page of a list (1-based). */
export const pageOf = <T,>(list: readonly T[], page: number, size: number): T[] => list.slice((page - 1) * size, page * size);

/** The list's status filter (?status=draft|open|closed; all by default) and page. */
export function listFiltersFromParams(p: URLSearchParams): { status?: SurveyStatus; page: number } {
  const s = p.get('status');
  const n = Number(p.get('page'));
  return {
    status: (SURVEY_STATUSES as readonly string[]).includes(s ?? '') ? (s as SurveyStatus) : undefined,
    page: Number.isInteger(n) && n >= 1 ? n : 1,
  };
}

/**
 * The server's field messages of a refused request, by path without the request part (`body.questions.0.text` →
 * `questions.0.text`), in the UI language; the first message of a path is kept. Empty for any other error.
 */
export function serverFieldErrors(error: unknown, lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isApiError(error) || error.status < 400 || error.status >= 500) return out;
  for (const d of error.details) {
    const segs = d.path.split('.').filter(Boolean);
    if (segs.length > 1 && ['body', 'querystring', 'params'].includes(segs[0]!)) segs.shift();
    const path = segs.join('.');
    if (path && !(path in out)) out[path] = detailText(d, lang);
  }
  return out;
}

/** Whether the survey is its org's and the person may change it (the server: only the org that made it). */
export const mayManage = (s: Pick<Survey, 'orgId'>, me: { permissions: readonly string[]; org: { id: string } }): boolean =>
  me.permissions.includes('survey:manage') && s.orgId === me.org.id;

export { SubmissionKeys } from '../../lib/submission-keys';
