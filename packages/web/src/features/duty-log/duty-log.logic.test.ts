import { describe, expect, it } from 'vitest';
import { alertLabel, contentProblem, filtersFromParams, followUpState, handoverFromParams, hasFilters, inOrderOfTime, isFutureTime, paramsFromFilters, writtenLater } from './duty-log.logic';

describe('duty log page rules', () => {
  it('reads the filters from the address, leaves out what is malformed, and writes them back', () => {
    const f = filtersFromParams(new URLSearchParams('category=incident&orgId=o1&from=2026-12-02&to=2026-11-30&q=%20送医%20&page=2'));
    expect(f).toEqual({ category: 'incident', orgId: 'o1', from: '2026-11-30', to: '2026-12-02', q: '送医', followUp: undefined, warningAlertId: undefined, page: 2 });
    expect(paramsFromFilters(f).toString()).toBe(new URLSearchParams('category=incident&orgId=o1&from=2026-11-30&to=2026-12-02&q=送医&page=2').toString());
    const bad = filtersFromParams(new URLSearchParams('category=party&from=yesterday&page=-3'));
    expect(bad).toEqual({ category: undefined, orgId: undefined, from: undefined, to: undefined, q: undefined, followUp: undefined, warningAlertId: undefined, page: 1 });
    expect(hasFilters(bad)).toBe(false);
    expect(paramsFromFilters(bad).toString()).toBe('');
  });

  it('refuses before sending what the server refuses: empty, too long, an ID number, a mobile number', () => {
    expect(contentProblem('  ')).toBe('empty');
    expect(contentProblem('巡'.repeat(4001))).toBe('too_long');
    expect(contentProblem('来电人身份证 330902199001011237')).toBe('id_number');
    expect(contentProblem('王女士 138 1234 5678 求助')).toBe('phone');
    expect(contentProblem('14:20 王女士（3栋）求助买药，已转卫生服务站 0580-2021234')).toBeNull();
  });

  it('marks an entry written down more than 15 minutes after it happened, and a time typed ahead of now', () => {
    expect(writtenLater({ occurredAt: '2026-12-02T08:00:00Z', createdAt: '2026-12-02T08:10:00Z' })).toBe(false);
    expect(writtenLater({ occurredAt: '2026-12-02T08:00:00Z', createdAt: '2026-12-02T09:00:00Z' })).toBe(true);
    const now = new Date('2026-12-02T08:00:00Z');
    expect(isFutureTime(new Date('2026-12-02T08:04:00Z'), now)).toBe(false);
    expect(isFutureTime(new Date('2026-12-02T08:06:00Z'), now)).toBe(true);
  });

  it('keeps 待跟进 (open items only) in the address as a filter, and tells open, settled and plain entries apart', () => {
    const f = filtersFromParams(new URLSearchParams('followUp=open'));
    expect(f.followUp).toBe('open');
    expect(hasFilters(f)).toBe(true);
    expect(paramsFromFilters(f).toString()).toBe('followUp=open');
    expect(filtersFromParams(new URLSearchParams('followUp=all')).followUp).toBeUndefined();
    expect(followUpState({ followUp: true, settledBy: null })).toBe('open');
    expect(followUpState({ followUp: true, settledBy: { id: 'x' } })).toBe('settled');
    expect(followUpState({ followUp: false, settledBy: null })).toBeNull();
  });

  it('opens the handover sheet from the address (8, 12 or 24 hours; 24 when unknown) and lists its entries in the order they happened', () => {
    expect(handoverFromParams(new URLSearchParams('category=shift'))).toBeNull();
    expect(handoverFromParams(new URLSearchParams('view=handover'))).toEqual({ hours: 24 });
    expect(handoverFromParams(new URLSearchParams('view=handover&hours=8'))).toEqual({ hours: 8 });
    expect(handoverFromParams(new URLSearchParams('view=handover&hours=5'))).toEqual({ hours: 24 });
    const e = (id: string, occurredAt: string) => ({ id, occurredAt });
    expect(inOrderOfTime([e('c', '2026-12-02T10:00:00.000Z'), e('b', '2026-12-02T08:00:00.000Z'), e('a', '2026-12-02T10:00:00.000Z')]).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it('keeps the alert filter in the address and names an alert by community, grid, indicator, level and day', () => {
    const f = filtersFromParams(new URLSearchParams('warningAlertId=a1'));
    expect(f.warningAlertId).toBe('a1');
    expect(hasFilters(f)).toBe(true);
    expect(paramsFromFilters(f).toString()).toBe('warningAlertId=a1');
    const a = { date: '2026-12-03', level: 'red' as const, indicator: { nameZh: '发热自报', nameEn: 'Fever self-reports' }, grid: { name: '第一网格', communityName: 'A社区' } };
    expect(alertLabel(a, 'zh-CN')).toBe('A社区 第一网格 · 发热自报（红色，2026-12-03）');
    expect(alertLabel({ ...a, level: 'yellow', grid: { name: 'Grid 1', communityName: null } }, 'en')).toBe('Grid 1 · Fever self-reports (yellow, 2026-12-03)');
  });
});
