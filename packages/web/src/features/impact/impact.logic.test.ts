import { describe, expect, it } from 'vitest';
import { classTags, DEFAULT_PAGE_SIZE, instantOf, localInputValue, paramsFromSearch, quickRange, searchFromParams, shortId, windowProblem } from './impact.logic';

describe('impact page logic', () => {
  it('turns local date-time inputs into instants and back, refusing dates that do not exist', () => {
    const d = new Date(2025, 5, 1, 8, 30);
    expect(localInputValue(d)).toBe('2025-06-01T08:30');
    expect(instantOf('2025-06-01T08:30')).toBe(d.toISOString());
    expect(instantOf('2025-02-30T08:00')).toBeNull();
    // An end time covers its whole minute (the input has no seconds).
    expect(instantOf('2025-06-01T08:30', 'end')).toBe(new Date(2025, 5, 1, 8, 30, 59, 999).toISOString());
    expect(instantOf('')).toBeNull();
    expect(instantOf('yesterday')).toBeNull();
  });

  it('applies the server’s window rules: ordered, at most 366 days', () => {
    expect(windowProblem('2025-06-02T00:00:00Z', '2025-06-01T00:00:00Z')).toBe('order');
    expect(windowProblem('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toBeNull(); // 366 days (leap year)
    expect(windowProblem('2024-01-01T00:00:00Z', '2025-01-01T00:00:01Z')).toBe('tooLong');
    expect(windowProblem('2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z')).toBeNull();
  });

  it('offers the last day, week and month up to now', () => {
    const now = new Date(2025, 5, 8, 12, 0);
    expect(quickRange('week', now)).toEqual({ from: '2025-06-01T12:00', to: '2025-06-08T12:00' });
    expect(quickRange('day', now).from).toBe('2025-06-07T12:00');
  });

  it('keeps the question in the URL: export or account + window, page and page size', () => {
    expect(paramsFromSearch(new URLSearchParams(''))).toBeNull();
    expect(paramsFromSearch(new URLSearchParams('actor=w1&from=2025-06-01T00:00:00Z'))).toBeNull(); // no end yet
    expect(paramsFromSearch(new URLSearchParams('exportId=E1'))).toEqual({ kind: 'export', exportId: 'E1', page: 1, pageSize: DEFAULT_PAGE_SIZE });
    const p = { kind: 'actor' as const, actor: 'w1', from: '2025-06-01T00:00:00.000Z', to: '2025-06-02T00:00:00.000Z', page: 3, pageSize: 20 };
    expect(paramsFromSearch(searchFromParams(p))).toEqual(p);
    expect(searchFromParams({ kind: 'export', exportId: 'E1', page: 1, pageSize: DEFAULT_PAGE_SIZE }).toString()).toBe('exportId=E1');
    expect(paramsFromSearch(new URLSearchParams('exportId=E1&page=-2&pageSize=7'))).toEqual({ kind: 'export', exportId: 'E1', page: 1, pageSize: DEFAULT_PAGE_SIZE });
  });

  it('shortens ids and marks the classes seen in clear', () => {
    expect(shortId('01a22881-cce3-7f59-864a-9fdffb3417b0')).toBe('…fb3417b0');
    expect(shortId('R1')).toBe('R1');
    expect(classTags({ classes: ['identity', 'contact'], clearClasses: ['contact'] })).toEqual([{ cls: 'identity', clear: false }, { cls: 'contact', clear: true }]);
  });
});
