import { describe, expect, it } from 'vitest';
import { defaultDrillTime, elapsedMinutes, parseRoles, parseSteps, rolesText, stepState, stepsText } from './plans.logic';

describe('应急预案 helpers', () => {
  it('roles from lines keep the staff of a role of the same name; and back', () => {
    const before = [{ name: '总指挥', duties: '统一调度', staff: [{ id: 'u1', name: '王书记' }] }];
    expect(parseRoles('总指挥｜统一调度\n\n 排查组 | 入户排查 \n医疗组', before)).toEqual([
      { name: '总指挥', duties: '统一调度', staffIds: ['u1'] }, { name: '排查组', duties: '入户排查' }, { name: '医疗组' },
    ]);
    expect(rolesText(before)).toBe('总指挥｜统一调度');
  });
  it('steps from lines in order, the target minutes read as a number; and back', () => {
    expect(parseSteps('启动预案｜总指挥｜0\n入户排查|排查组|60\n上报｜信息联络组｜abc')).toEqual([
      { title: '启动预案', role: '总指挥', targetMinutes: 0 }, { title: '入户排查', role: '排查组', targetMinutes: 60 }, { title: '上报', role: '信息联络组', targetMinutes: 0 },
    ]);
    expect(stepsText([{ no: 1, title: '启动预案', role: '总指挥', targetMinutes: 5 }])).toBe('启动预案｜总指挥｜5');
  });
  it('a step against its target: on time, late, pending, past its target while not done', () => {
    expect(stepState({ doneAt: 'x', late: false, targetMinutes: 5 }, 50)).toBe('onTime');
    expect(stepState({ doneAt: 'x', late: true, targetMinutes: 5 }, 50)).toBe('late');
    expect(stepState({ doneAt: null, late: null, targetMinutes: 60 }, 50)).toBe('pending');
    expect(stepState({ doneAt: null, late: null, targetMinutes: 30 }, 50)).toBe('overdue');
    expect(stepState({ doneAt: null, late: null, targetMinutes: 30 }, null)).toBe('pending');
  });
  it('minutes since the start; a week ahead at 14:30 for a new drill', () => {
    expect(elapsedMinutes('2026-12-05T01:00:00Z', new Date('2026-12-05T01:43:59Z'))).toBe(43);
    expect(elapsedMinutes(null, new Date())).toBeNull();
    const v = defaultDrillTime(new Date(2026, 11, 5, 9, 0));
    expect(v).toBe('2026-12-12T14:30');
  });
});
