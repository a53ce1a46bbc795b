// The survey API (问卷调查, ADR 0077): surveys of the caller's area (survey:read), drafts written, published, ended and
// deleted by their org (survey:manage), paper forms typed in by workers (survey:enter), and a resident's own surveys,
// answers and public results (self:survey). Results name no one: counts, percentages, means and written answers.
import { request } from '../../api/client';
import type { Page } from '../../api/types';

export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** As the server (surveys.routes.ts, surveys.service.ts). */
export const TITLE_MAX = 60;
export const DESCRIPTION_MAX = 500;
export const QUESTIONS_MAX = 30;
export const QUESTION_TEXT_MAX = 200;
export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 10;
export const OPTION_MAX = 60;
export const SCALE_LABEL_MAX = 20;
export const QUESTION_ID_MAX = 20;
export const TEXT_ANSWER_MAX = 500;
/** Fewer answers than this and the page warns that percentages say little. */
export const FEW_ANSWERS = 5;
export const SURVEYS_PAGE_SIZE = 20;
export const TEXTS_PAGE_SIZE = 10;

export type Question = {
  id: string; kind: QuestionKind; text: string; required: boolean;
  options?: string[];
  scaleLabels?: [string, string];
};

export type Survey = {
  id: string; orgId: string; orgName: string; title: string; description: string | null;
  anonymous: boolean; resultsPublic: boolean; questions: Question[]; status: SurveyStatus;
  openedAt: string | null; closesAt: string | null; closedAt: string | null;
  /** The number of answers (online and paper). */
  responses: number;
  createdBy: { id: string; name: string }; createdAt: string; version: number;
};

/** A resident's survey: no counts, no author, no version; whether they answered. */
export type MySurvey = Omit<Survey, 'responses' | 'createdBy' | 'version'> & { answered: boolean };

export type OptionResult = { text: string; count: number; percent: number };
export type QuestionResult = {
  id: string; kind: QuestionKind; text: string;
  /** How many answered this question (the percentages are of them). */
  answered: number;
  options?: OptionResult[];
  scale?: { counts: number[]; mean: number | null; labels?: [string, string] | null };
  texts?: string[];
};
export type Results = { surveyId: string; responses: number; online: number; paper: number; fewAnswers?: boolean; questions: QuestionResult[] };

export type Answer = string | string[] | number;
export type Answers = Record<string, Answer>;

export type SurveyBody = { title: string; description?: string; anonymous: boolean; resultsPublic: boolean; closesAt?: string; questions: Question[] };

export const SURVEYS_KEY = ['surveys'] as const;
export const MY_SURVEYS_KEY = [...SURVEYS_KEY, 'mine'] as const;

const at = (id: string) => `/api/surveys/${encodeURIComponent(id)}`;

export function listSurveys(f: { status?: SurveyStatus; page: number }, signal?: AbortSignal): Promise<Page<Survey>> {
  return request('/api/surveys', { signal, query: { status: f.status, page: f.page, pageSize: SURVEYS_PAGE_SIZE } });
}

export function getSurvey(id: string, signal?: AbortSignal): Promise<Survey> {
  return request(at(id), { signal });
}

export function getResults(id: string, signal?: AbortSignal): Promise<Results> {
  return request(`${at(id)}/results`, { signal });
}

/** A new draft of the caller's org. */
export function createSurvey(body: SurveyBody): Promise<Survey> {
  return request('/api/surveys', { method: 'POST', body });
}

/** A change of a draft, against the version the writer saw (409 `stale_version` when someone saved meanwhile). */
export function updateSurvey(id: string, body: SurveyBody & { version: number }): Promise<Survey> {
  return request(`${at(id)}/update`, { method: 'POST', body });
}

/** 发布 (open) or 结束问卷 (close), against the version. */
export function setSurveyState(id: string, action: 'open' | 'close', version: number): Promise<Survey> {
  return request(`${at(id)}/${action}`, { method: 'POST', body: { version } });
}

export function deleteSurvey(id: string, version: number): Promise<{ deleted: true }> {
  return request(`${at(id)}/delete`, { method: 'POST', body: { version } });
}

/** 录入纸质问卷: one paper form; the answer says how many paper forms the survey now has. */
export function enterPaper(id: string, answers: Answers, idempotencyKey: string): Promise<{ id: string; paper?: number }> {
  return request(`${at(id)}/paper`, { method: 'POST', body: { answers }, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function listMySurveys(signal?: AbortSignal): Promise<{ items: MySurvey[] }> {
  return request('/api/me/surveys', { signal });
}

/** A resident's answers, once (409 `already_answered`, `survey_closed`). */
export function answerSurvey(id: string, answers: Answers, idempotencyKey: string): Promise<{ answered: true }> {
  return request(`/api/me/surveys/${encodeURIComponent(id)}/responses`, { method: 'POST', body: { answers }, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** The results a resident may see (403 `results_not_public` otherwise). */
export function getMyResults(id: string, signal?: AbortSignal): Promise<Results> {
  return request(`/api/me/surveys/${encodeURIComponent(id)}/results`, { signal });
}
