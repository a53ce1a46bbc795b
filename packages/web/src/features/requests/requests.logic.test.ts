import { describe, expect, it } from 'vitest';
import { answerBody, deadlineState, draftProblems, initialDraft, needsReason } from './requests.logic';

const figs = [
  { code: 'fever', system: { value: 1 }, answer: null },
  { code: 'self_reported', system: { value: 2 }, answer: { value: 3, reason: '纸质登记' } },
];

describe('上级任务 logic', () => {
  it('starts from the saved answer, else the system figure', () => {
    expect(initialDraft(figs)).toEqual({ fever: { value: 1, reason: '' }, self_reported: { value: 3, reason: '纸质登记' } });
  });
  it('a corrected figure needs a reason; the body carries it only then', () => {
    const d = initialDraft(figs);
    expect(needsReason(figs[0]!, d.fever)).toBe(false);
    expect(needsReason(figs[1]!, d.self_reported)).toBe(true);
    expect(draftProblems(figs, d)).toEqual([]);
    d.self_reported!.reason = ' ';
    expect(draftProblems(figs, d)).toEqual(['self_reported']);
    d.fever!.value = null;
    expect(draftProblems(figs, d)).toEqual(['fever', 'self_reported']);
    const ok = initialDraft(figs);
    expect(answerBody(figs, ok)).toEqual([{ code: 'fever', value: 1 }, { code: 'self_reported', value: 3, reason: '纸质登记' }]);
  });
  it('deadline states', () => {
    const now = new Date('2026-12-04T00:00:00Z');
    expect(deadlineState('2026-12-03T23:00:00Z', 'todo', now)).toBe('overdue');
    expect(deadlineState('2026-12-03T23:00:00Z', 'submitted', now)).toBe('done');
    expect(deadlineState('2026-12-04T10:00:00Z', 'filled', now)).toBe('soon');
    expect(deadlineState('2026-12-08T10:00:00Z', 'todo', now)).toBe('ok');
  });
});
