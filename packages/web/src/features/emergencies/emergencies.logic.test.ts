import { describe, expect, it } from 'vitest';
import type { EmergencyPeriod } from './api';
import { endDateProblem, isCancellation, sortPeriods, stateTag } from './emergencies.logic';

const period = (id: string, status: EmergencyPeriod['status'], startDate: string): EmergencyPeriod => ({
  id, orgId: 'o', orgPath: '/1/', orgName: '定海区', orgLevel: 'district', startDate, endDate: status === 'ended' ? '2025-06-01' : null, legalRef: 'x',
  note: null, endReason: null, declaredAt: '', endedAt: null, version: 1, status,
});

describe('emergency period views', () => {
  it('the state tag: active since, ended on (collection closed), or none', () => {
    expect(stateTag({ open: true, since: '2025-05-01', endedOn: null, legalRef: 'n', areaName: '定海区' }))
      .toEqual({ kind: 'active', color: 'red', key: 'emergencies.state.active', params: { date: '2025-05-01', area: '定海区' } });
    expect(stateTag({ open: false, since: '2025-05-01', endedOn: '2025-06-01', legalRef: 'n', areaName: '定海区' }))
      .toMatchObject({ kind: 'ended', key: 'emergencies.state.ended', params: { date: '2025-06-01' } });
    expect(stateTag({ open: false, since: null, endedOn: null, legalRef: null, areaName: null }).kind).toBe('none');
  });

  it('open periods first, then ended, newest first', () => {
    const sorted = sortPeriods([period('a', 'ended', '2025-01-01'), period('b', 'active', '2025-02-01'), period('c', 'ended', '2025-03-01'), period('d', 'scheduled', '2025-09-01')]);
    expect(sorted.map((p) => p.id)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('an end date lies between the start and today', () => {
    expect(endDateProblem('', '2025-05-01', '2025-06-02')).toBe('required');
    expect(endDateProblem('2025-04-30', '2025-05-01', '2025-06-02')).toBe('beforeStart');
    expect(endDateProblem('2025-06-03', '2025-05-01', '2025-06-02')).toBe('future');
    expect(endDateProblem('2025-06-01', '2025-05-01', '2025-06-02')).toBeNull();
    expect(endDateProblem('2025-05-01', '2025-05-01', '2025-05-01')).toBeNull();
  });

  it('a period that has not begun is cancelled, not ended; cancelled ones sort with the ended ones', () => {
    expect(isCancellation({ startDate: '2025-06-10', endDate: null }, '2025-06-02')).toBe(true);
    expect(isCancellation({ startDate: '2025-06-02', endDate: null }, '2025-06-02')).toBe(false);
    expect(isCancellation({ startDate: '2025-05-01', endDate: null }, '2025-06-02')).toBe(false);
    expect(isCancellation({ startDate: '2025-06-10', endDate: '2025-06-09' }, '2025-06-02')).toBe(false);
    const sorted = sortPeriods([period('x', 'cancelled', '2025-09-01'), period('y', 'active', '2025-02-01'), period('z', 'ended', '2025-08-01')]);
    expect(sorted.map((p) => p.id)).toEqual(['y', 'x', 'z']);
  });
});
