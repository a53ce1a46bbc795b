import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { RESIDENT_HISTORY_ACTIONS } from '@renxing/shared';
import { appTranslations } from '../../i18n/test-t';
import { historyActionLabel, historyByLabel, historyFieldLabels, historyQueryKey } from './history.logic';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh: zh, en: english } = await appTranslations());
});

describe('change-history labels', () => {
  it('has a label in both languages for every action the server lists, and a fallback for a new one', () => {
    for (const a of RESIDENT_HISTORY_ACTIONS) {
      expect(historyActionLabel(a, zh)).not.toBe(historyActionLabel('later_action', zh));
      expect(historyActionLabel(a, english)).toMatch(/^[A-Z]/);
    }
    expect(historyActionLabel('update', zh)).toBe('修改信息');
    expect(historyActionLabel('later_action', zh)).toBe('其他变更');
    expect(historyActionLabel('later_action', english)).toBe('Other change');
  });

  it('names fields without repeats and shows unknown codes as they are', () => {
    expect(historyFieldLabels(['householdId', 'household', 'relation'], zh)).toEqual(['所在户', '与户主关系']);
    expect(historyFieldLabels(['phone', 'bloodType'], english)).toEqual(['Phone', 'bloodType']);
  });

  it('names the staff member with role and organisation, or the system', () => {
    expect(historyByLabel({ kind: 'user', displayName: '王网格', role: 'grid_worker', organisation: '第一网格' }, zh)).toBe('王网格 · 网格员 · 第一网格');
    expect(historyByLabel({ kind: 'user', displayName: 'Wang', role: 'grid_worker', organisation: null }, english)).toBe('Wang · Grid worker');
    expect(historyByLabel({ kind: 'system' }, zh)).toBe('系统');
  });
});

describe('change-history query key', () => {
  it('changes with the record version, so the card reloads after an edit instead of showing the list from before it', () => {
    expect(historyQueryKey('r1', 'routine', 1, 7)).not.toEqual(historyQueryKey('r1', 'routine', 1, 6));
    expect(historyQueryKey('r1', 'routine', 1, 7)).toEqual(historyQueryKey('r1', 'routine', 1, 7));
    expect(historyQueryKey('r1', 'routine', 1, 7).slice(0, 2)).toEqual(['resident-history', 'r1']);
  });
});
