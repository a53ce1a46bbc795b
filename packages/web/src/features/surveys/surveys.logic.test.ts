import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Question } from './api';
import {
  answerProblems, answersPayload, draftFromSurvey, draftProblems, emptyDraft, listFiltersFromParams, meanText, moveItem, newQuestion, nextQuestionId,
  pageOf, percentOf, percentText, serverFieldErrors, surveyBody, unansweredRequired, withKind, type Draft,
} from './surveys.logic';

const NOW = new Date('2026-12-04T08:00:00Z');

const draft = (over: Partial<Draft> = {}): Draft => ({
  ...emptyDraft(),
  title: '冬季应急准备问卷',
  questions: [
    { id: 'q1', kind: 'single', text: '家里有退烧药吗？', required: true, options: ['有', '没有'], scaleLabels: ['', ''] },
    { id: 'q2', kind: 'scale', text: '满意度', required: true, options: [], scaleLabels: ['很不满意', '很满意'] },
  ],
  ...over,
});

describe('question ids', () => {
  it('q1, q2, …: one past the highest, never a taken one, always [a-z0-9_]', () => {
    expect(nextQuestionId([])).toBe('q1');
    expect(nextQuestionId(['q1', 'q2'])).toBe('q3');
    expect(nextQuestionId(['q1', 'q5'])).toBe('q6');
    expect(nextQuestionId(['lanes', 'supplies'])).toBe('q1');
    expect(nextQuestionId(['q2', 'q1'])).toBe('q3');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(nextQuestionId(ids));
    expect(new Set(ids).size).toBe(30);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9_]{1,20}$/);
  });

  it('a removed question does not give its id to a new one (answers of a reopened draft are by id)', () => {
    const qs = [newQuestion('single', [])];
    qs.push(newQuestion('text', qs));
    qs.push(newQuestion('scale', qs, ['差', '好']));
    expect(qs.map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
    expect(newQuestion('multiple', [qs[0]!, qs[2]!]).id).toBe('q4');
  });
});

describe('new questions and kinds', () => {
  it('a choice question starts with two empty options, a scale with its end labels; required by default', () => {
    expect(newQuestion('single', [])).toEqual({ id: 'q1', kind: 'single', text: '', required: true, options: ['', ''], scaleLabels: ['', ''] });
    expect(newQuestion('scale', [], ['很不满意', '很满意'])).toMatchObject({ options: [], scaleLabels: ['很不满意', '很满意'] });
  });

  it('switching the kind keeps what was typed and fills what the new kind needs', () => {
    const q = { ...newQuestion('text', []), text: '建议' };
    expect(withKind(q, 'multiple')).toMatchObject({ kind: 'multiple', text: '建议', options: ['', ''] });
    const choice = { ...newQuestion('single', []), options: ['a', 'b', 'c'] };
    expect(withKind(withKind(choice, 'text'), 'single').options).toEqual(['a', 'b', 'c']);
    expect(withKind(choice, 'scale', ['差', '好']).scaleLabels).toEqual(['差', '好']);
  });

  it('moves an item up or down, not past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('a draft before sending (as the server checks it)', () => {
  it('a good draft has no problem', () => {
    expect(draftProblems(draft(), NOW)).toEqual({});
  });

  it('names the title, the question text, the options count, an empty option and an empty end label by the server’s paths', () => {
    const d = draft({
      title: ' ',
      questions: [
        { id: 'q1', kind: 'single', text: '', required: true, options: ['只有一个'], scaleLabels: ['', ''] },
        { id: 'q2', kind: 'multiple', text: '需要什么', required: true, options: ['药', ' ', '药'], scaleLabels: ['', ''] },
        { id: 'q3', kind: 'scale', text: '满意度', required: true, options: [], scaleLabels: ['很不满意', ''] },
      ],
    });
    expect(draftProblems(d, NOW)).toEqual({
      title: { code: 'empty' },
      'questions.0.text': { code: 'empty' },
      'questions.0.options': { code: 'options_count', min: 2, max: 10 },
      'questions.1.options.1': { code: 'empty' },
      'questions.1.options.2': { code: 'duplicate' },
      'questions.2.scaleLabels.1': { code: 'empty' },
    });
  });

  it('refuses no questions, too long texts, a mobile or ID number, eleven options and a closing time past', () => {
    expect(draftProblems(draft({ questions: [] }), NOW)).toEqual({ questions: { code: 'no_questions' } });
    expect(draftProblems(draft({ title: 'x'.repeat(61) }), NOW)).toEqual({ title: { code: 'too_long', max: 60 } });
    expect(draftProblems(draft({ description: '有事请打 13812345678' }), NOW)).toEqual({ description: { code: 'phone' } });
    expect(draftProblems(draft({ closesAt: '2026-12-04T07:59:00Z' }), NOW)).toEqual({ closesAt: { code: 'past' } });
    expect(draftProblems(draft({ closesAt: '2026-12-05T08:00:00Z' }), NOW)).toEqual({});
    const eleven = draft();
    eleven.questions[0]!.options = Array.from({ length: 11 }, (_, i) => `选项${i + 1}`);
    expect(draftProblems(eleven, NOW)).toEqual({ 'questions.0.options': { code: 'options_count', min: 2, max: 10 } });
    // The options and labels of another kind are not checked: they are not sent.
    const text = draft();
    text.questions[0] = { ...text.questions[0]!, kind: 'text', options: [''] };
    expect(draftProblems(text, NOW)).toEqual({});
  });

  it('the body: trimmed, options only for choices, labels only for scales, no empty description or closing time', () => {
    const d = draft({ title: ' 冬季问卷 ', description: '  ' });
    d.questions.push({ id: 'q3', kind: 'text', text: ' 建议 ', required: false, options: ['留下的'], scaleLabels: ['a', 'b'] });
    d.questions[0]!.options = [' 有 ', '没有'];
    expect(surveyBody(d)).toEqual({
      title: '冬季问卷', anonymous: true, resultsPublic: true,
      questions: [
        { id: 'q1', kind: 'single', text: '家里有退烧药吗？', required: true, options: ['有', '没有'] },
        { id: 'q2', kind: 'scale', text: '满意度', required: true, scaleLabels: ['很不满意', '很满意'] },
        { id: 'q3', kind: 'text', text: '建议', required: false },
      ],
    });
    expect(surveyBody(draft({ description: '说明', closesAt: '2026-12-31T16:00:00.000Z' }))).toMatchObject({ description: '说明', closesAt: '2026-12-31T16:00:00.000Z' });
  });

  it('a saved survey reads back as the same body', () => {
    const body = surveyBody(draft());
    expect(surveyBody(draftFromSurvey({ ...body, description: null, closesAt: null }))).toEqual(body);
  });
});

const QUESTIONS: Question[] = [
  { id: 'stock', kind: 'single', text: '药', required: true, options: ['都有', '都没有'] },
  { id: 'needs', kind: 'multiple', text: '需要', required: true, options: ['物资', '买药', '照看'] },
  { id: 'score', kind: 'scale', text: '满意度', required: true, scaleLabels: ['差', '好'] },
  { id: 'advice', kind: 'text', text: '建议', required: false },
];

describe('an answer sheet', () => {
  it('names each required question unanswered by answers.<id>, as the server does', () => {
    expect(answerProblems(QUESTIONS, {})).toEqual({ 'answers.stock': 'required', 'answers.needs': 'required', 'answers.score': 'required' });
    expect(answerProblems(QUESTIONS, { stock: '都有', needs: [], score: 3, advice: '  ' })).toEqual({ 'answers.needs': 'required' });
    expect(unansweredRequired(QUESTIONS, { stock: '都有' })).toBe(2);
  });

  it('refuses an unknown option, a score outside 1–5 and a text over 500 characters', () => {
    expect(answerProblems(QUESTIONS, { stock: '不知道', needs: ['物资'], score: 6, advice: 'x'.repeat(501) }))
      .toEqual({ 'answers.stock': 'invalid', 'answers.score': 'invalid', 'answers.advice': 'too_long' });
    expect(answerProblems(QUESTIONS, { stock: '都有', needs: ['别的'], score: 5 })).toEqual({ 'answers.needs': 'invalid' });
  });

  it('the payload: answered questions only, texts trimmed, a multiple choice in the options’ order', () => {
    expect(answersPayload(QUESTIONS, { stock: '都有', needs: ['照看', '物资'], score: 4, advice: ' 楼道贴联系表 ' }))
      .toEqual({ stock: '都有', needs: ['物资', '照看'], score: 4, advice: '楼道贴联系表' });
    expect(answersPayload(QUESTIONS, { stock: '都有', needs: ['买药'], score: 1, advice: '   ' })).toEqual({ stock: '都有', needs: ['买药'], score: 1 });
  });
});

describe('figures', () => {
  it('percentages of those answering with two decimals: the thesis’s 44.74 %, 36.84 %, 18.42 %, 86.84 %, 13.16 %', () => {
    expect([17, 14, 7].map((n) => percentText(percentOf(n, 38)))).toEqual(['44.74%', '36.84%', '18.42%']);
    expect([33, 5].map((n) => percentText(percentOf(n, 38)))).toEqual(['86.84%', '13.16%']);
    expect(percentText(50)).toBe('50.00%');
    expect(percentText(percentOf(0, 0))).toBe('0.00%');
    expect(meanText(3.8333)).toBe('3.83');
    expect(meanText(4)).toBe('4.00');
    expect(meanText(null)).toBeNull();
  });

  it('written answers ten to a page', () => {
    const texts = Array.from({ length: 23 }, (_, i) => `t${i + 1}`);
    expect(pageOf(texts, 1, 10)).toHaveLength(10);
    expect(pageOf(texts, 3, 10)).toEqual(['t21', 't22', 't23']);
  });
});

describe('the page’s address and the server’s field errors', () => {
  it('the status filter and page from the address; anything else means all, page 1', () => {
    expect(listFiltersFromParams(new URLSearchParams('status=open&page=2'))).toEqual({ status: 'open', page: 2 });
    expect(listFiltersFromParams(new URLSearchParams('status=bogus&page=-1'))).toEqual({ status: undefined, page: 1 });
  });

  it('the server’s messages by path without the request part, in the language shown', () => {
    const e = new ApiError({ status: 400, code: 'validation_failed', messageZh: '请求参数有误', messageEn: 'Invalid request', details: [
      { path: 'body.questions.0.text', code: 'too_small', message: '至少 1 个字', messageEn: 'must not be empty' },
      { path: 'questions.1.options', code: 'count', message: '选择题需要 2–10 个选项', messageEn: 'a choice question needs 2–10 options' },
    ] });
    expect(serverFieldErrors(e, 'zh-CN')).toEqual({ 'questions.0.text': '至少 1 个字', 'questions.1.options': '选择题需要 2–10 个选项' });
    expect(serverFieldErrors(e, 'en')['questions.1.options']).toBe('A choice question needs 2–10 options');
    expect(serverFieldErrors(new Error('x'), 'zh-CN')).toEqual({});
  });
});
