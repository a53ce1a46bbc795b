import { describe, expect, it } from 'vitest';
import type { PointStatus, PointView } from './api';
import {
  ago, countsOf, displayStatus, filterPoints, flagTags, intervalValid, isOverdue, manyCommunities, needingAttention, patrolBody, problemsOf, setupRequest, sortPoints,
  statusFromParams, textProblem, toggleStatus, unanswered,
} from './control-points.logic';
import { checksOf } from './notice.logic';

const NOW = new Date('2026-12-04T12:00:00Z');

const point = (compoundName: string, status: PointStatus, o: Partial<PointView> = {}): PointView => ({
  compoundId: `c-${compoundName}`, compoundName, communityId: 'A', communityName: 'A社区',
  flags: { noPropertyManagement: true, noCompetentAuthority: false, notEnclosed: false }, threeNo: false,
  pointId: status === 'unassigned' ? null : `p-${compoundName}`, lead: status === 'unassigned' ? null : { id: 'u1', name: '第一网格网格员' },
  intervalHours: status === 'unassigned' ? null : 24,
  lastPatrolAt: status === 'unassigned' ? null : '2026-12-04T09:00:00Z', lastPatrolBy: status === 'unassigned' ? null : '第一网格网格员',
  nextDueAt: status === 'unassigned' ? null : '2026-12-05T09:00:00Z',
  openProblems: status === 'problem' ? 1 : 0, status, version: status === 'unassigned' ? null : 3, ...o,
});

describe('a compound’s state on the board', () => {
  it('is overdue when never patrolled, past its next patrol by the page’s clock, or so said by the server; never without a point', () => {
    expect(isOverdue(point('a', 'ok'), NOW)).toBe(false);
    expect(isOverdue(point('a', 'ok', { nextDueAt: '2026-12-04T11:59:00Z' }), NOW)).toBe(true);
    expect(isOverdue(point('a', 'ok', { nextDueAt: '2026-12-04T12:00:00Z' }), NOW)).toBe(true);
    expect(isOverdue(point('a', 'due', { lastPatrolAt: null, nextDueAt: null }), NOW)).toBe(true);
    // The server's clock is a little ahead of the page's: its word counts.
    expect(isOverdue(point('a', 'due', { nextDueAt: '2026-12-04T12:00:30Z' }), NOW)).toBe(true);
    // A problem point can also be overdue (the card shows 有问题, its next patrol in red).
    expect(isOverdue(point('a', 'problem', { nextDueAt: '2026-12-04T10:00:00Z' }), NOW)).toBe(true);
    expect(isOverdue(point('a', 'unassigned'), NOW)).toBe(false);
  });

  it('shows the server’s state, except a fine point whose patrol fell due since is 巡查逾期; a problem stays a problem', () => {
    expect(displayStatus(point('a', 'ok'), NOW)).toBe('ok');
    expect(displayStatus(point('a', 'ok', { nextDueAt: '2026-12-04T11:00:00Z' }), NOW)).toBe('due');
    expect(displayStatus(point('a', 'problem', { nextDueAt: '2026-12-04T11:00:00Z' }), NOW)).toBe('problem');
    expect(displayStatus(point('a', 'unassigned'), NOW)).toBe('unassigned');
  });
});

describe('the counts, the filter they set and the order of the cards', () => {
  const items = [
    point('港务新村', 'ok'), point('老街散居楼', 'problem'), point('水产新村', 'unassigned'), point('东门散居楼', 'due'),
    point('电力新村', 'ok', { nextDueAt: '2026-12-04T11:30:00Z' }), point('城中片散居楼', 'problem'), point('供销宿舍区', 'unassigned'),
  ];

  it('counts the cards as they show, the page’s clock included', () => {
    expect(countsOf(items, NOW)).toEqual({ problem: 2, due: 2, unassigned: 2, ok: 1 });
    expect(countsOf([], NOW)).toEqual({ problem: 0, due: 0, unassigned: 0, ok: 0 });
  });

  it('lists problem, due, unassigned, ok, keeping the server’s order within a state', () => {
    expect(sortPoints(items, NOW).map((p) => p.compoundName)).toEqual(['老街散居楼', '城中片散居楼', '东门散居楼', '电力新村', '水产新村', '供销宿舍区', '港务新村']);
    expect(items[0]!.compoundName).toBe('港务新村');
  });

  it('puts on the workbench card the problems, then the due points (a fine one whose time passed too), nothing else', () => {
    expect(needingAttention(items, NOW).map((p) => [p.compoundName, p.shown])).toEqual([
      ['老街散居楼', 'problem'], ['城中片散居楼', 'problem'], ['东门散居楼', 'due'], ['电力新村', 'due'],
    ]);
    expect(needingAttention([point('港务新村', 'ok'), point('水产新村', 'unassigned')], NOW)).toEqual([]);
  });

  it('filters by a tapped count; tapping it again shows all; the address holds only a known state', () => {
    expect(filterPoints(items, 'due', NOW).map((p) => p.compoundName)).toEqual(['东门散居楼', '电力新村']);
    expect(filterPoints(items, undefined, NOW)).toHaveLength(7);
    expect(toggleStatus(undefined, 'problem')).toBe('problem');
    expect(toggleStatus('problem', 'due')).toBe('due');
    expect(toggleStatus('due', 'due')).toBeUndefined();
    expect(statusFromParams(new URLSearchParams('status=unassigned'))).toBe('unassigned');
    expect(statusFromParams(new URLSearchParams('status=lost'))).toBeUndefined();
    expect(statusFromParams(new URLSearchParams(''))).toBeUndefined();
  });

  it('names the community on a card only when the board spans more than one', () => {
    expect(manyCommunities(items)).toBe(false);
    expect(manyCommunities([...items, point('x', 'ok', { communityId: 'B' })])).toBe(true);
    expect(manyCommunities([])).toBe(false);
  });
});

describe('what a card says', () => {
  it('tags a three-no compound 三无 alone, else each flag it has', () => {
    const flags = { noPropertyManagement: true, noCompetentAuthority: true, notEnclosed: true };
    expect(flagTags({ flags, threeNo: true })).toEqual(['threeNo']);
    expect(flagTags({ flags: { ...flags, noCompetentAuthority: false }, threeNo: false })).toEqual(['noPropertyManagement', 'notEnclosed']);
    expect(flagTags({ flags: { noPropertyManagement: false, noCompetentAuthority: false, notEnclosed: true }, threeNo: false })).toEqual(['notEnclosed']);
  });

  it('says how long ago in the largest whole unit, 刚刚 under a minute or for a clock a little ahead', () => {
    expect(ago('2026-12-04T11:59:31Z', NOW)).toEqual({ unit: 'now', n: 0 });
    expect(ago('2026-12-04T12:00:20Z', NOW)).toEqual({ unit: 'now', n: 0 });
    expect(ago('2026-12-04T11:59:00Z', NOW)).toEqual({ unit: 'minutes', n: 1 });
    expect(ago('2026-12-04T11:01:00Z', NOW)).toEqual({ unit: 'minutes', n: 59 });
    expect(ago('2026-12-04T09:00:00Z', NOW)).toEqual({ unit: 'hours', n: 3 });
    expect(ago('2026-12-03T12:01:00Z', NOW)).toEqual({ unit: 'hours', n: 23 });
    expect(ago('2026-12-02T11:00:00Z', NOW)).toEqual({ unit: 'days', n: 2 });
  });
});

describe('what the forms refuse before sending', () => {
  it('a patrol: every check answered (the unanswered named in the form’s order), the note optional, trimmed, no ID or mobile number', () => {
    expect(unanswered({})).toEqual(['staffed', 'registration', 'disinfection', 'lane_clear', 'sanitation']);
    expect(unanswered({ sanitation: 'ok', staffed: 'problem' })).toEqual(['registration', 'disinfection', 'lane_clear']);
    expect(problemsOf({ sanitation: 'problem', staffed: 'ok', lane_clear: 'problem' })).toEqual(['lane_clear', 'sanitation']);
    expect(patrolBody({ staffed: 'ok', registration: 'ok', disinfection: 'ok', lane_clear: 'problem' }, '')).toEqual({ ok: false, missing: ['sanitation'] });
    const all = { staffed: 'ok', registration: 'ok', disinfection: 'ok', lane_clear: 'problem', sanitation: 'ok' } as const;
    expect(patrolBody(all, '  东门通道堆放电动车 ')).toEqual({ ok: true, body: { checks: all, note: '东门通道堆放电动车' } });
    expect(patrolBody(all, '  ')).toEqual({ ok: true, body: { checks: all } });
    expect(patrolBody(all, '业主电话 138 1234 5678')).toEqual({ ok: false, note: 'phone' });
  });

  it('a note or a resolution: at most 200 characters, no ID or mobile number; a resolution is required', () => {
    expect(textProblem(undefined, false)).toBeNull();
    expect(textProblem(' ', true)).toBe('empty');
    expect(textProblem('清'.repeat(201), true)).toBe('too_long');
    expect(textProblem('清'.repeat(200), true)).toBeNull();
    expect(textProblem('身份证 330902199001011237', false)).toBe('id_number');
    expect(textProblem('已清走通道杂物', true)).toBeNull();
  });

  it('a patrol interval of 4 to 168 whole hours', () => {
    expect([3, 4, 24, 168, 169, 2.5, null, undefined].map(intervalValid)).toEqual([false, true, true, true, false, false, false, false]);
  });

  it('设为管控点 creates; 设置 sends only what changed, with the version seen; nothing changed, nothing sent', () => {
    expect(setupRequest(point('a', 'unassigned'), { leadUserId: 'u2', intervalHours: 24 }))
      .toEqual({ kind: 'create', body: { compoundId: 'c-a', leadUserId: 'u2', intervalHours: 24 } });
    const p = point('a', 'ok');
    expect(setupRequest(p, { leadUserId: 'u2', intervalHours: 24 })).toEqual({ kind: 'update', pointId: 'p-a', body: { leadUserId: 'u2', version: 3 } });
    expect(setupRequest(p, { leadUserId: 'u1', intervalHours: 12 })).toEqual({ kind: 'update', pointId: 'p-a', body: { intervalHours: 12, version: 3 } });
    expect(setupRequest(p, { leadUserId: 'u1', intervalHours: 24 })).toBeNull();
  });
});

describe('the bell’s payload', () => {
  it('reads the checks as a list or a string of codes, in the form’s order, leaving out unknown ones', () => {
    expect(checksOf('sanitation,lane_clear')).toEqual(['lane_clear', 'sanitation']);
    expect(checksOf(['staffed', 'nonsense'])).toEqual(['staffed']);
    expect(checksOf(undefined)).toEqual([]);
    // As the server writes it.
    expect(checksOf('lane_clear,sanitation')).toEqual(['lane_clear', 'sanitation']);
  });
});
