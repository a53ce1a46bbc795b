import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Run, Version } from './api';
import { addStep, currentVersion, putRun, draftVersion, filtersOf, isStale, matches, missingSteps, moveStep, openRequired, removeStep, stepsBody, stepsChanged, toEdit, updateStep } from './procedures.logic';

const saved = [{ title: '核对名单信息', detail: '对照名单', required: true }, { title: '查验健康码', required: true }, { title: '张贴告知单', required: false }];

describe('工作规程 draft editor', () => {
  it('adds, removes, moves and edits steps; keys stay with their step', () => {
    const e = toEdit(saved);
    expect(new Set(e.map((s) => s.key)).size).toBe(3);
    const moved = moveStep(e, 2, -1);
    expect(moved.map((s) => s.title)).toEqual(['核对名单信息', '张贴告知单', '查验健康码']);
    expect(moved[1]!.key).toBe(e[2]!.key);
    expect(moveStep(e, 0, -1).map((s) => s.title)).toEqual(saved.map((s) => s.title));
    expect(moveStep(e, 2, 1).map((s) => s.title)).toEqual(saved.map((s) => s.title));
    const added = addStep(e);
    expect(added).toHaveLength(4);
    expect(added[3]).toMatchObject({ title: '', detail: '', required: true });
    expect(removeStep(e, 1).map((s) => s.title)).toEqual(['核对名单信息', '张贴告知单']);
    expect(updateStep(e, 2, { required: true })[2]!.required).toBe(true);
    expect(e[2]!.required).toBe(false);
  });
  it('the body is trimmed with an empty detail left out, and a change is noticed', () => {
    const e = toEdit(saved);
    expect(stepsBody(e)).toEqual(saved);
    expect(stepsChanged(e, saved)).toBe(false);
    const typed = updateStep(e, 1, { title: '  查验健康码 ', detail: '  ' });
    expect(stepsBody(typed)[1]).toEqual({ title: '查验健康码', required: true });
    expect(stepsChanged(typed, saved)).toBe(false);
    expect(stepsChanged(updateStep(e, 2, { required: true }), saved)).toBe(true);
    expect(stepsChanged(moveStep(e, 0, 1), saved)).toBe(true);
    expect(stepsChanged(removeStep(e, 0), saved)).toBe(true);
  });
  it('the current and the draft version', () => {
    const v = (number: number, status: Version['status']) => ({ number, status }) as Version;
    const vs = [v(3, 'draft'), v(2, 'published'), v(1, 'superseded')];
    expect(currentVersion(vs)?.number).toBe(2);
    expect(draftVersion(vs)?.number).toBe(3);
    expect(currentVersion([v(1, 'draft')])).toBeNull();
    expect(draftVersion(vs.slice(1))).toBeNull();
  });
});

describe('工作规程 list filters', () => {
  it('reads the category and the search text from the address, bad values forgiven', () => {
    expect(filtersOf(new URLSearchParams(''))).toEqual({ category: null, q: '' });
    expect(filtersOf(new URLSearchParams('category=quarantine&q= 隔离 '))).toEqual({ category: 'quarantine', q: '隔离' });
    expect(filtersOf(new URLSearchParams('category=cooking'))).toEqual({ category: null, q: '' });
  });
  it('matches the title or the purpose', () => {
    expect(matches({ title: '居家隔离工作流程', purpose: null }, '隔离')).toBe(true);
    expect(matches({ title: '返乡人员排查流程', purpose: '统一口径' }, '口径')).toBe(true);
    expect(matches({ title: 'Home quarantine', purpose: null }, 'QUARANTINE')).toBe(true);
    expect(matches({ title: '返乡人员排查流程', purpose: null }, '隔离')).toBe(false);
    expect(matches({ title: '返乡人员排查流程', purpose: null }, '')).toBe(true);
  });
});

describe('我的清单 completion', () => {
  const run = { steps: [
    { no: 1, title: '核对名单信息', required: true, done: true, note: null, doneAt: null },
    { no: 2, title: '查验健康码', required: true, done: false, note: null, doneAt: null },
    { no: 3, title: '张贴告知单', required: false, done: false, note: null, doneAt: null },
  ] } as Pick<Run, 'steps'>;
  it('names the steps a refused 完成 lists, by their titles', () => {
    const refused = new ApiError({ status: 409, code: 'steps_missing', messageZh: '还有必做步骤未完成：2. 查验健康码', details: [{ path: 'steps.2', code: 'required', message: '第 2 步：查验健康码', messageEn: 'step 2: 查验健康码' }] });
    expect(missingSteps(refused, run)).toEqual([{ no: 2, title: '查验健康码' }]);
    expect(missingSteps(new ApiError({ status: 409, code: 'run_closed' }), run)).toEqual([]);
    expect(missingSteps(new Error('x'), run)).toEqual([]);
  });
  it('the required steps still open; a stale version is recognised', () => {
    expect(openRequired(run).map((s) => s.no)).toEqual([2]);
    expect(isStale(new ApiError({ status: 409, code: 'stale_version' }))).toBe(true);
    expect(isStale(new ApiError({ status: 409, code: 'draft_exists' }))).toBe(false);
  });
});

describe('我的清单 list updates', () => {
  const r = (id: string, status: 'open' | 'done', done = 0) => ({ id, status, progress: { done, total: 3 } }) as Run;
  it('a ticked run is replaced in place, a new one goes first, a completed one moves to the done list', () => {
    const data = { open: [r('a', 'open'), r('b', 'open')], done: [r('z', 'done')] };
    expect(putRun(data, r('b', 'open', 2))!.open.map((x) => [x.id, x.progress.done])).toEqual([['a', 0], ['b', 2]]);
    expect(putRun(data, r('c', 'open'))!.open.map((x) => x.id)).toEqual(['c', 'a', 'b']);
    const after = putRun(data, r('a', 'done', 3))!;
    expect(after.open.map((x) => x.id)).toEqual(['b']);
    expect(after.done.map((x) => x.id)).toEqual(['a', 'z']);
    expect(putRun(undefined, r('a', 'open'))).toBeUndefined();
  });
});
