import { describe, expect, it } from 'vitest';
import type { EmergencyPeriod } from './api';
import { declareQuestion, endDateProblem, endQuestion, endsToday, isCancellation, nestedOpenPeriods, sortPeriods, startDateWindow, stateTag, stillCollecting } from './emergencies.logic';

const period = (id: string, status: EmergencyPeriod['status'], startDate: string): EmergencyPeriod => ({
  id, orgId: 'o', orgPath: '/1/', orgName: '定海区', orgLevel: 'district', startDate, endDate: status === 'ended' ? '2025-06-01' : null, legalRef: 'x',
  note: null, endReason: null, declaredAt: '', endedAt: null, version: 1, status,
});

describe('emergency period views', () => {
  it('the state tag: active since, ended on (collection closed), or none', () => {
    expect(stateTag({ open: true, since: '2025-05-01', endedOn: null, legalRef: 'n', areaName: '定海区', inForce: [{ areaName: '定海区', since: '2025-05-01', legalRef: 'n' }] }))
      .toEqual({ kind: 'active', color: 'red', key: 'emergencies.state.active', params: { date: '2025-05-01', area: '定海区' } });
    expect(stateTag({ open: false, since: '2025-05-01', endedOn: '2025-06-01', legalRef: 'n', areaName: '定海区', inForce: [] }))
      .toMatchObject({ kind: 'ended', key: 'emergencies.state.ended', params: { date: '2025-06-01' } });
    expect(stateTag({ open: false, since: null, endedOn: null, legalRef: null, areaName: null, inForce: [] }).kind).toBe('none');
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

  it('two periods in force (a community’s own inside the district’s): the tag names both, not only the newer', () => {
    const s = { open: true, since: '2026-03-01', endedOn: null, legalRef: 'a', areaName: '定海区', inForce: [{ areaName: '定海区', since: '2026-03-01', legalRef: 'a' }, { areaName: 'A社区', since: '2026-03-10', legalRef: 'b' }] };
    expect(stateTag(s).key).toBe('emergencies.state.activeMany');
    expect(stateTag({ ...s, inForce: s.inForce.slice(0, 1) }).key).toBe('emergencies.state.active');
  });

  it('before declaring: open periods above the area (covering it) and below it (their own); ended and unrelated ones are not named', () => {
    const areas = [
      { id: 'd', parentId: null }, { id: 's', parentId: 'd' }, { id: 'c1', parentId: 's' }, { id: 'c2', parentId: 's' }, { id: 's2', parentId: 'd' }, { id: 'c3', parentId: 's2' },
    ];
    const at = (id: string, orgId: string, status: EmergencyPeriod['status']) => ({ ...period(id, status, '2026-03-01'), orgId });
    const periods = [at('pd', 'd', 'active'), at('pc1', 'c1', 'scheduled'), at('pc3', 'c3', 'active'), at('old', 's', 'ended')];
    const ids = (r: { above: EmergencyPeriod[]; below: EmergencyPeriod[] }) => ({ above: r.above.map((p) => p.id), below: r.below.map((p) => p.id) });
    expect(ids(nestedOpenPeriods('c1', areas, periods))).toEqual({ above: ['pd'], below: [] });
    expect(ids(nestedOpenPeriods('s', areas, periods))).toEqual({ above: ['pd'], below: ['pc1'] });
    expect(ids(nestedOpenPeriods('d', areas, periods))).toEqual({ above: [], below: ['pc1', 'pc3'] });
    expect(ids(nestedOpenPeriods('c2', areas, periods))).toEqual({ above: ['pd'], below: [] });
  });

  it('before ending: the other periods in force that keep collection going above and below (by path); not begun or ended ones do not', () => {
    const at = (id: string, orgPath: string, status: EmergencyPeriod['status']) => ({ ...period(id, status, '2026-03-01'), orgPath });
    const district = at('d', '/1/', 'active');
    const community = at('c', '/1/2/3/', 'active');
    const sibling = at('x', '/1/2/4/', 'active');
    const later = at('l', '/1/2/', 'scheduled');
    const all = [district, community, sibling, later];
    const ids = (r: { above: EmergencyPeriod[]; below: EmergencyPeriod[] }) => ({ above: r.above.map((p) => p.id), below: r.below.map((p) => p.id) });
    expect(ids(stillCollecting(community, all))).toEqual({ above: ['d'], below: [] });
    expect(ids(stillCollecting(district, all))).toEqual({ above: [], below: ['c', 'x'] });
    expect(ids(stillCollecting(sibling, [sibling]))).toEqual({ above: [], below: [] });
  });

  it('the questions say what really happens: covered (already collecting), collection going on above, or going on below only', () => {
    const p = period('p', 'active', '2026-03-01');
    expect(declareQuestion({ above: [] })).toBe('emergencies.declareConfirm');
    expect(declareQuestion({ above: [p] })).toBe('emergencies.declareConfirmCovered');
    expect(endQuestion({ above: [], below: [] })).toBe('emergencies.endConfirm');
    expect(endQuestion({ above: [p], below: [p] })).toBe('emergencies.endConfirmCovered');
    expect(endQuestion({ above: [], below: [p] })).toBe('emergencies.endConfirmBelow');
  });

  it('a start within 30 days of today either way; a period ending today is marked as on its last day', () => {
    expect(startDateWindow('2026-03-15')).toEqual({ from: '2026-02-13', to: '2026-04-14' });
    expect(startDateWindow('2026-01-10')).toEqual({ from: '2025-12-11', to: '2026-02-09' });
    expect(endsToday({ status: 'active', endDate: '2026-03-15' }, '2026-03-15')).toBe(true);
    expect(endsToday({ status: 'active', endDate: null }, '2026-03-15')).toBe(false);
    expect(endsToday({ status: 'ended', endDate: '2026-03-14' }, '2026-03-15')).toBe(false);
  });
});
