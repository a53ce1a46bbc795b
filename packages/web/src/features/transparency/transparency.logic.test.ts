import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { areaTree, countView, deletionsFooter, monthLabel, monthOf, pickArea, pickMonth, previousMonth, recentMonths } from './transparency.logic';

const list = {
  items: [
    { code: '330900', name: '舟山市', level: 'city' as const, parentCode: null },
    { code: '330902', name: '定海区', level: 'district' as const, parentCode: '330900' },
    { code: '330902001', name: '昌国街道', level: 'street' as const, parentCode: '330902' },
    { code: '330902001001', name: 'A社区', level: 'community' as const, parentCode: '330902001' },
    { code: '330902001002', name: 'B社区', level: 'community' as const, parentCode: '330902001' },
  ],
};

describe('transparency report page logic', () => {
  it('months follow the Shanghai calendar', () => {
    expect(monthOf(new Date('2025-05-31T15:59:59.999Z'))).toBe('2025-05');
    expect(monthOf(new Date('2025-05-31T16:00:00.000Z'))).toBe('2025-06');
    expect(previousMonth('2025-01')).toBe('2024-12');
    expect(recentMonths(new Date('2025-02-10T00:00:00Z'), 4)).toEqual(['2025-02', '2025-01', '2024-12', '2024-11']);
  });

  it('shows the month in the address when valid and not in the future; otherwise the last completed month', () => {
    const now = new Date('2025-06-02T02:00:00Z');
    expect(pickMonth('2025-03', now)).toBe('2025-03');
    expect(pickMonth('2025-06', now)).toBe('2025-06');
    expect(pickMonth('2025-07', now)).toBe('2025-05');
    expect(pickMonth('2025-6', now)).toBe('2025-05');
    expect(pickMonth(null, now)).toBe('2025-05');
  });

  it('labels months in the UI language', () => {
    expect(monthLabel('2025-05', 'zh-CN')).toBe('2025年5月');
    expect(monthLabel('2025-05', 'en')).toBe('May 2025');
  });

  it('builds the area tree and accepts only listed area codes', () => {
    const tree = areaTree(list);
    expect(tree.map((n) => n.title)).toEqual(['舟山市']);
    expect(tree[0]!.children[0]!.children[0]!.children.map((n) => n.value)).toEqual(['330902001001', '330902001002']);
    expect(pickArea('330902001002', list)).toBe('330902001002');
    expect(pickArea('330902009', list)).toBeNull();
    expect(pickArea(null, list)).toBeNull();
    expect(pickArea('330902', undefined)).toBe('330902');
    expect(pickArea('abc', undefined)).toBeNull();
  });
});

describe('times on the page', () => {
  it('are Beijing time', async () => {
    const { beijingTime } = await import('./transparency.logic');
    expect(beijingTime('2025-06-02T02:05:09.123Z')).toBe('2025-06-02 10:05');
  });
});

describe('counts on the page (ADR 0032, 0044)', () => {
  let zh: TFunction;
  let english: TFunction;
  beforeAll(async () => {
    ({ zh, en: english } = await appTranslations());
  });

  it('numbers in the UI language, "<5" for 1 to 4, and a withheld total as a word — never as "<5"', () => {
    expect(countView(12345, zh, 'zh-CN')).toEqual({ kind: 'number', text: '12,345', hint: null });
    expect(countView(0, english, 'en')).toEqual({ kind: 'number', text: '0', hint: null });
    expect(countView('<5', zh, 'zh-CN')).toEqual({ kind: 'fewer', text: '<5', hint: '1 至 4 次' });
    expect(countView('<5', english, 'en')).toEqual({ kind: 'fewer', text: '<5', hint: '1 to 4' });
    const w = countView('withheld', zh, 'zh-CN');
    expect(w).toMatchObject({ kind: 'withheld', text: '已隐去' });
    expect(w.hint).toContain('不少于 5');
    const we = countView('withheld', english, 'en');
    expect(we).toMatchObject({ kind: 'withheld', text: 'withheld' });
    expect(we.hint).toContain('5 or more');
  });

  it('one note explains withheld totals, in both languages', () => {
    expect(zh('transparency.notes.withheld')).toContain('已隐去');
    expect(zh('transparency.notes.withheld')).toContain('减');
    expect(english('transparency.notes.withheld')).toContain('withheld');
    expect(english('transparency.notes.withheld')).toContain('subtract');
  });

  it('withdrawn requests and cancelled emergency periods have their own lines, in both languages (ADR 0032 addendum)', () => {
    expect(zh('transparency.corrections.withdrawn')).toBe('居民撤回申请');
    expect(english('transparency.corrections.withdrawn')).toBe('Withdrawn by the resident');
    expect(zh('transparency.deletionRequests.withdrawn')).toBe('居民在处理前撤回');
    expect(english('transparency.deletionRequests.withdrawn')).toBe('Withdrawn by the resident before a decision');
    expect(zh('transparency.emergencies.cancelled')).toBe('开始前取消（从未生效）');
    expect(english('transparency.emergencies.cancelled')).toBe('Cancelled before they began (never in force)');
  });

  it('a month of retention checks that deleted nothing says the checks ran and found nothing — not "nothing due" next to certificates', () => {
    const none = [{ count: 0 }, { count: 0 }] as const;
    expect(deletionsFooter({ certificates: '<5', byClass: [...none] })).toBe('nothingDue');
    expect(deletionsFooter({ certificates: 31, byClass: [...none] })).toBe('nothingDue');
    expect(deletionsFooter({ certificates: 0, byClass: [...none] })).toBe('noRuns');
    expect(deletionsFooter({ certificates: 30, byClass: [{ count: 0 }, { count: '<5' }] })).toBeNull();
    expect(zh('transparency.deletions.certificates')).toBe('到期检查（每次出具删除证明）');
    expect(english('transparency.deletions.certificates')).toBe('Retention checks (each with a deletion certificate)');
    expect(zh('transparency.deletions.nothingDue')).toContain('每次检查也照常出具删除证明');
    expect(english('transparency.deletions.nothingDue')).toContain('each check is certified even when no record is deleted');
    expect(zh('transparency.deletions.noRuns')).toBe('本月没有运行到期检查。');
    expect(english('transparency.deletions.noRuns')).toBe('No retention check ran this month.');
  });

  it('the note does not promise that a finished month never changes: it names area attribution and late cancellations', () => {
    const z = zh('transparency.notes.time');
    const e = english('transparency.notes.time');
    expect(z).not.toContain('不再变化');
    expect(z).toContain('仍可能变化');
    expect(z).toContain('现在的登记区域');
    expect(z).toContain('开始前被取消');
    expect(e).not.toContain('no longer change');
    expect(e).toContain('can still change');
    expect(e).toContain('registered now');
    expect(e).toContain('cancelled before it began');
  });
});
