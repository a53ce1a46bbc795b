import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { appTranslations } from '../../i18n/test-t';
import { zhCN } from '../../i18n/zh-CN';
import { type HouseholdRelocation, relocationSummary, roomOption } from './relocate.logic';

let zh: TFunction;
let enT: TFunction;
beforeAll(async () => {
  ({ zh: zh, en: enT } = await appTranslations());
});

const base: HouseholdRelocation = {
  id: 'h301', version: 2, toHouseholdId: 'h502', moved: 3, residentIds: ['a', 'b', 'c'], stayed: 0, head: 'set', headResidentId: 'a', demotedResidentId: null,
};

describe('household relocation: what the target page says', () => {
  it('head carried over: a success with the count, nothing to review', () => {
    const s = relocationSummary(base, zh);
    expect(s).toEqual({ title: '整户迁移完成：3 名成员已迁入本户', lines: [zhCN.relocate.headSet], warn: false });
    expect(relocationSummary(base, enT).title).toBe('Household moved: 3 member(s) now live here');
  });

  it('target kept its head: a warning asking to review relations; members who stayed behind are counted', () => {
    const s = relocationSummary({ ...base, head: 'kept', headResidentId: 'x', demotedResidentId: 'a', stayed: 1 }, zh);
    expect(s.warn).toBe(true);
    expect(s.lines).toEqual([zhCN.relocate.headKept, '1 名已迁出或死亡的成员，档案留在原户。']);
  });

  it('no head anywhere: a warning to name one', () => {
    const s = relocationSummary({ ...base, head: 'none', headResidentId: null }, enT);
    expect(s.warn).toBe(true);
    expect(s.lines).toEqual([en.relocate.headNone, en.relocate.headMissing]);
  });
});

describe('household picker: rooms', () => {
  it('an empty room is marked and can be chosen; the household being moved cannot; an occupied room is its number', () => {
    expect(roomOption({ id: 'h502', name: '502', members: 0 }, zh, 'h301')).toEqual({ label: '502（空置）', disabled: false });
    expect(roomOption({ id: 'h502', name: '502', members: 0 }, enT)).toEqual({ label: '502 (empty)', disabled: false });
    expect(roomOption({ id: 'h301', name: '301', members: 3 }, zh, 'h301')).toEqual({ label: '301（本户）', disabled: true });
    expect(roomOption({ id: 'h101', name: '101', members: 2 }, zh, 'h301')).toEqual({ label: '101', disabled: false });
  });
});
