import { describe, expect, it } from 'vitest';
import { defaultDue, dueState, filtersOf, localInputValue, taskInput } from './tasks.logic';

describe('工作任务 helpers', () => {
  const now = new Date('2026-12-05T02:00:00Z');
  it('a task’s time-limit state', () => {
    expect(dueState({ status: 'done', dueAt: '2026-12-01T00:00:00Z' }, now)).toBe('closed');
    expect(dueState({ status: 'open', dueAt: '2026-12-05T01:59:00Z' }, now)).toBe('overdue');
    expect(dueState({ status: 'open', dueAt: '2026-12-05T03:30:00Z' }, now)).toBe('soon');
    expect(dueState({ status: 'open', dueAt: '2026-12-05T04:01:00Z' }, now)).toBe('ok');
  });
  it('the first due time is on the hour, after four hours', () => {
    const v = defaultDue(now);
    expect(v).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00$/);
    const h = (new Date(v).getTime() - now.getTime()) / 3_600_000;
    expect(h).toBeGreaterThan(4);
    expect(h).toBeLessThanOrEqual(5);
    expect(localInputValue(new Date(v))).toBe(v);
  });
  it('the form’s values as the body, by the way of dispatch', () => {
    const base = { kind: 'disinfection' as const, title: '  3幢消杀 ', detail: ' ', place: '3幢', priority: 'urgent' as const, due: '2026-12-05T18:00', assigneeId: 'u1', gridIds: ['g1'] };
    expect(taskInput({ ...base, mode: 'assignee' })).toEqual({ kind: 'disinfection', title: '3幢消杀', place: '3幢', priority: 'urgent', dueAt: new Date('2026-12-05T18:00').toISOString(), assigneeId: 'u1' });
    expect(taskInput({ ...base, mode: 'grids' })).toMatchObject({ gridIds: ['g1'] });
    expect(taskInput({ ...base, mode: 'grids' })).not.toHaveProperty('assigneeId');
    expect(taskInput({ ...base, mode: 'auto' })).toMatchObject({ autoAssign: true });
    const none = taskInput({ ...base, mode: 'none' });
    expect(['assigneeId', 'gridIds', 'autoAssign'].some((k) => k in none)).toBe(false);
    expect(taskInput({ title: 'x', due: 'nonsense' }).dueAt).toBe('');
  });
  it('the filters from the address, bad values forgiven', () => {
    expect(filtersOf(new URLSearchParams(''))).toEqual({ status: 'open', kind: null, assignee: null, page: 1 });
    expect(filtersOf(new URLSearchParams('status=overdue&kind=statistics&assignee=none&page=3'))).toEqual({ status: 'overdue', kind: 'statistics', assignee: 'none', page: 3 });
    expect(filtersOf(new URLSearchParams('status=all&kind=cooking&page=-2'))).toEqual({ status: 'open', kind: null, assignee: null, page: 1 });
  });
});
