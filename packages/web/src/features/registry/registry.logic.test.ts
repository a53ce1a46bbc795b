import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/types';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import type { ResidentDetail } from './api';
import {
  closeUnlessSaving, EDIT_FIELD_LABELS, fixedCommunity, guardianChoice, inAddressPart, initialEdit, listShows, paramsFromView, patchChanges, patchOf,
  typedEdits, viewFromParams,
} from './registry.logic';

const resident: ResidentDetail = {
  id: 'r1', nameMasked: '韦**', name: '韦知秋', sex: 'F', age: 64, idMasked: '330921********7024', phoneMasked: '139****7000',
  address: 'A社区 港务新村 1幢 1单元 9901', householdId: 'h1', gridId: 'g1', relation: 'head', residenceType: 'registered',
  tags: ['elderly60', 'chronic'], status: 'active', version: 3, birthDate: '1962-03-14', guardian: null, externalRef: null,
  household: { id: 'h1', address: 'A社区 港务新村 1幢 1单元 9901', members: [] }, moves: [], restricted: false, access: 'full', breakGlass: null,
};

describe('resident list state in the URL', () => {
  it('round-trips every filter and leaves defaults out', () => {
    const view = { q: 'zs', tag: 'living_alone' as const, residenceType: 'tenant' as const, gridId: 'g1', addr: '港务新村 1幢', label: '第一网格 港务新村 1幢', node: 'building:b1', page: 3 };
    const params = paramsFromView(view);
    expect(viewFromParams(params)).toEqual(view);
    expect(paramsFromView({ q: '', page: 1 }).toString()).toBe('');
  });

  it('ignores unknown tags, residence types and bad page numbers', () => {
    const view = viewFromParams(new URLSearchParams('tag=healthcode&rt=vip&page=-2'));
    expect(view.tag).toBeUndefined();
    expect(view.residenceType).toBeUndefined();
    expect(view.page).toBe(1);
  });
});

describe('what the resident list shows where its rows go', () => {
  it('after a failed load: that it did not load (the error with 重试 is above), never the empty state', () => {
    // A network or server error before any answer: no rows, not fetching any more.
    expect(listShows({ rows: undefined, fetching: false, paused: false, failed: true })).toBe('failed');
    // A refetch of a list that had no rows failed: still not "nobody found".
    expect(listShows({ rows: 0, fetching: false, paused: false, failed: true })).toBe('failed');
    // Rows from an earlier answer stay (the error shows above them).
    expect(listShows({ rows: 3, fetching: false, paused: false, failed: true })).toBe('rows');
  });

  it('the empty state only for an answer without rows', () => {
    expect(listShows({ rows: 0, fetching: false, paused: false, failed: false })).toBe('empty');
    expect(listShows({ rows: 5, fetching: false, paused: false, failed: false })).toBe('rows');
  });

  it('a wait while loading without rows (the first answer, 重试, or an earlier empty answer kept as placeholder)', () => {
    expect(listShows({ rows: undefined, fetching: true, paused: false, failed: false })).toBe('loading');
    expect(listShows({ rows: undefined, fetching: true, paused: false, failed: true })).toBe('loading');
    expect(listShows({ rows: 0, fetching: true, paused: false, failed: false })).toBe('loading');
    expect(listShows({ rows: 4, fetching: true, paused: false, failed: false })).toBe('rows');
  });

  it('without network (the request waits for it) says so, not "nobody found"', () => {
    expect(listShows({ rows: undefined, fetching: false, paused: true, failed: false })).toBe('offline');
    expect(listShows({ rows: 0, fetching: false, paused: true, failed: false })).toBe('offline');
    expect(listShows({ rows: undefined, fetching: false, paused: true, failed: true })).toBe('offline');
  });
});

describe('inAddressPart', () => {
  it('matches whole address parts only', () => {
    expect(inAddressPart('A社区 港务新村 1幢 2单元 301', '港务新村 1幢')).toBe(true);
    expect(inAddressPart('A社区 港务新村 1幢 2单元 301', '港务新村 1幢 2单元')).toBe(true);
    expect(inAddressPart('A社区 港务新村 11幢 2单元 301', '港务新村 1幢')).toBe(false);
    expect(inAddressPart('A社区 港务新村 1幢 12单元 301', '港务新村 1幢 2单元')).toBe(false);
    expect(inAddressPart('A社区 东港务新村 1幢 2单元 301', '港务新村 1幢')).toBe(false);
  });
});

describe('edit patch', () => {
  it('sends only the version when nothing changed (age tags are not the user’s to send)', () => {
    expect(patchOf(resident, initialEdit(resident))).toEqual({ version: 3 });
    expect(initialEdit(resident).tags).toEqual(['chronic']);
    // …and then nothing is sent at all: no new version, no empty line in the change history.
    expect(patchChanges(patchOf(resident, initialEdit(resident)))).toBe(false);
    expect(patchChanges(patchOf(resident, { ...initialEdit(resident), phoneAction: 'clear' }))).toBe(true);
  });

  it('sends what changed, a cleared phone as null and an emptied reference as null', () => {
    const v = { ...initialEdit(resident), residenceType: 'tenant' as const, tags: ['chronic' as const, 'living_alone' as const], phoneAction: 'clear' as const };
    expect(patchOf(resident, v)).toEqual({ version: 3, residenceType: 'tenant', tags: ['chronic', 'living_alone'], phone: null });
    const withRef = { ...resident, externalRef: 'A-1' };
    expect(patchOf(withRef, { ...initialEdit(withRef), externalRef: '  ' })).toEqual({ version: 3, externalRef: null });
    expect(patchOf(resident, { ...initialEdit(resident), phoneAction: 'change', phone: ' 13900007000 ' })).toEqual({ version: 3, phone: '13900007000' });
  });

  it('treats the same tags in another order as unchanged', () => {
    const r = { ...resident, tags: ['chronic' as const, 'living_alone' as const] };
    expect(patchOf(r, { ...initialEdit(r), tags: ['living_alone', 'chronic'] })).toEqual({ version: 3 });
  });
});

describe('import community', () => {
  const me = (level: Me['org']['level'], code: string): Me => ({
    id: 'u', username: 'u', displayName: 'u', role: 'x', permissions: [], org: { id: `org-${code}`, level, name: `n${code}`, code },
  });
  it('is the own community, the grid’s community by code, or chosen by the user', () => {
    expect(fixedCommunity(me('community', '330902001001'))).toEqual({ id: 'org-330902001001', name: 'n330902001001', grid: false });
    expect(fixedCommunity(me('grid', '33090200100101'))).toEqual({ id: '330902001001', name: 'n33090200100101', grid: true });
    expect(fixedCommunity(me('street', '330902001'))).toBeNull();
  });
});

describe('guardian choice', () => {
  it('names the adult masked, with relation and age, in the UI language', async () => {
    const i = i18next.createInstance();
    await i.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
    expect(guardianChoice(resident, i.getFixedT('zh-CN'), 'zh-CN')).toEqual({ value: 'r1', label: '韦**（户主，64 岁）' });
    // English text has no full-width brackets or commas.
    expect(guardianChoice({ ...resident, relation: 'parent', age: 41 }, i.getFixedT('en'), 'en').label).toMatch(/^韦\*\* \([A-Za-z]+, [^，（）]*41[^，（）]*\)$/);
  });
});

describe('typedEdits: the changes kept when someone else saved first (409)', () => {
  it('keeps only what the user changed (a new phone with its action; tags in any order are no change)', () => {
    const before = initialEdit(resident);
    expect(typedEdits(resident, { ...before })).toEqual({});
    expect(typedEdits(resident, { ...before, tags: [...before.tags].reverse() })).toEqual({});
    expect(typedEdits(resident, { ...before, externalRef: 'B-222', phoneAction: 'change', phone: '13900001111' })).toEqual({
      externalRef: 'B-222', phoneAction: 'change', phone: '13900001111',
    });
    expect(typedEdits(resident, { ...before, phoneAction: 'clear', residenceType: 'tenant', tags: ['chronic', 'living_alone'] })).toEqual({
      phoneAction: 'clear', phone: '', residenceType: 'tenant', tags: ['chronic', 'living_alone'],
    });
  });

  it('keeps the attestation of consent (how it was given, the note) the user filled in', () => {
    const before = initialEdit(resident);
    const typed = { ...before, tags: ['chronic' as const, 'disabled' as const], consentMethod: 'written' as const, consentNote: '家属代签' };
    expect(typedEdits(resident, typed)).toEqual({ tags: ['chronic', 'disabled'], consentMethod: 'written', consentNote: '家属代签' });
    // Nothing chosen, a blank note: nothing to put back.
    expect(typedEdits(resident, { ...before, consentNote: '  ' })).toEqual({});
  });
});

describe('edit drawer', () => {
  it('labels each field alone: after 改成新号码 the choice is 手机号 and the number 新手机号 (zh-CN and English)', async () => {
    const i = i18next.createInstance();
    await i.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
    for (const lng of ['zh-CN', 'en']) {
      const t = i.getFixedT(lng);
      const labels = Object.values(EDIT_FIELD_LABELS).map((k) => t(k));
      // Every key has a text (i18next answers the key itself when it has none).
      for (const [n, k] of Object.values(EDIT_FIELD_LABELS).entries()) expect(labels[n]).not.toBe(k);
      expect(new Set(labels).size).toBe(labels.length);
    }
    expect(i.getFixedT('zh-CN')(EDIT_FIELD_LABELS.phoneAction)).toBe('手机号');
    expect(i.getFixedT('zh-CN')(EDIT_FIELD_LABELS.phone)).toBe('新手机号');
    expect(i.getFixedT('en')(EDIT_FIELD_LABELS.phone)).toBe('New mobile number');
  });

  it('does not close (取消, ×, Esc) while a save is running; closes when none is', () => {
    let closed = 0;
    const close = () => void closed++;
    closeUnlessSaving(true, close)();
    expect(closed).toBe(0);
    closeUnlessSaving(false, close)();
    expect(closed).toBe(1);
  });
});
