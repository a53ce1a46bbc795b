import { describe, expect, it } from 'vitest';
import { checksBody, problemChecks, restOk, textProblem, unansweredChecks } from './checks.logic';

const CHECKS = ['a', 'b', 'c'] as const;

describe('a form of ok / problem checks', () => {
  it('lists what is unanswered and what has a problem, in the form’s order', () => {
    expect(unansweredChecks(CHECKS, {})).toEqual(['a', 'b', 'c']);
    expect(unansweredChecks(CHECKS, { c: 'ok', a: 'problem' })).toEqual(['b']);
    expect(problemChecks(CHECKS, { c: 'problem', a: 'problem', b: 'ok' })).toEqual(['a', 'c']);
  });

  it('其余全部正常 answers only what is still open', () => {
    expect(restOk(CHECKS, { b: 'problem' })).toEqual({ a: 'ok', b: 'problem', c: 'ok' });
    expect(restOk(CHECKS, { a: 'ok', b: 'ok', c: 'problem' })).toEqual({ a: 'ok', b: 'ok', c: 'problem' });
  });

  it('refuses a note with an ID or mobile number or too long, and an empty one only when required', () => {
    expect(textProblem('  ', false, 10)).toBeNull();
    expect(textProblem('', true, 10)).toBe('empty');
    expect(textProblem('x'.repeat(11), false, 10)).toBe('too_long');
    expect(textProblem('户主 330902198001011233', false, 200)).toBe('id_number');
    expect(textProblem('电话 13812345678', false, 200)).toBe('phone');
    expect(textProblem('东侧通道畅通', false, 200)).toBeNull();
  });

  it('builds the body once every check is answered, the note trimmed or left out', () => {
    expect(checksBody(CHECKS, { a: 'ok' }, '', 200)).toEqual({ ok: false, missing: ['b', 'c'] });
    expect(checksBody(CHECKS, { a: 'ok', b: 'ok', c: 'ok' }, '电话 13812345678', 200)).toEqual({ ok: false, note: 'phone' });
    expect(checksBody(CHECKS, { a: 'ok', b: 'problem', c: 'ok' }, '  堵了 ', 200)).toEqual({ ok: true, body: { checks: { a: 'ok', b: 'problem', c: 'ok' }, note: '堵了' } });
    expect(checksBody(CHECKS, { a: 'ok', b: 'ok', c: 'ok' }, undefined, 200)).toEqual({ ok: true, body: { checks: { a: 'ok', b: 'ok', c: 'ok' } } });
  });
});
