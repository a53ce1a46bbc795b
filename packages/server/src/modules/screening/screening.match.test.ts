// 数据比对 (ADR 0083): the confidence and its reasons for a row of an upper-level list against registry candidates.
import { makeCnId } from '@renxing/shared';
import { describe, expect, it } from 'vitest';
import { addressRelation, bestMatch, normalizeMasked, normalizeName, score, visibleDigitsAgree, type Candidate } from './screening.match';

const ID = makeCnId('330902', '1985-03-14', 17);
const OTHER_ID = makeCnId('330902', '1985-03-14', 23);
const wang: Candidate = { id: 'r1', name: '王丽', idNumber: ID, phone: '13857801234', address: '东港社区 海韵小区 3幢 2单元 301', status: 'active' };
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
const codes = (r: { evidence: Array<{ code: string }> }) => r.evidence.map((e) => e.code);

describe('names and masked numbers', () => {
  it('reads traditional characters as simplified, drops spaces and middle dots', () => {
    expect(normalizeName('王麗')).toEqual({ name: '王丽', converted: true });
    expect(normalizeName(' 王 丽 ')).toEqual({ name: '王丽', converted: false });
    expect(normalizeName('阿依古丽·买买提').name).toBe('阿依古丽买买提');
  });
  it('takes a masked number with at least four visible characters of the right length only', () => {
    expect(normalizeMasked('３３０９０２********１２３x', 18)).toBe('330902********123X');
    expect(normalizeMasked('330902********12', 18)).toBeNull();
    expect(normalizeMasked(ID, 18)).toBeNull();
    expect(normalizeMasked('**************1234', 18)).toBe('**************1234');
    expect(normalizeMasked('***************234', 18)).toBeNull();
  });
  it('compares the visible characters only, position by position', () => {
    expect(visibleDigitsAgree(masked(ID), ID)).toBe(true);
    expect(visibleDigitsAgree(masked(ID), OTHER_ID)).toBe(ID.slice(-4) === OTHER_ID.slice(-4));
    expect(visibleDigitsAgree('138****1234', '13857801234')).toBe(true);
    expect(visibleDigitsAgree('139****1234', '13857801234')).toBe(false);
  });
  it('relates a given address to a household address by compound, building, unit and room', () => {
    expect(addressRelation('浙江省舟山市定海区东港社区海韵小区3栋2单元301室', wang.address)).toBe('equal');
    expect(addressRelation('海韵小区 3号楼', wang.address)).toBe('building');
    expect(addressRelation('海韵小区 5幢 1单元 101', wang.address)).toBeNull();
    expect(addressRelation('', wang.address)).toBeNull();
  });
});

describe('the confidence and the explanation', () => {
  it('full ID and name: matched at 100', () => {
    const r = bestMatch({ name: '王丽', idFull: ID }, [wang]);
    expect(r).toMatchObject({ residentId: 'r1', state: 'matched', confidence: 100 });
    expect(codes(r)).toEqual(['id_equal', 'name_equal']);
  });
  it('traditional-character name with the full ID still matches, and says so', () => {
    const r = bestMatch({ name: '王麗', idFull: ID }, [wang]);
    expect(r.state).toBe('matched');
    expect(r.evidence.find((e) => e.code === 'name_equal')!.zh).toContain('繁体');
  });
  it('full ID with another name: uncertain, for a person to confirm', () => {
    const r = bestMatch({ name: '李强', idFull: ID }, [wang]);
    expect(r.state).toBe('uncertain');
    expect(r.confidence).toBe(55);
    expect(codes(r)).toContain('name_differs');
  });
  it('masked ID and name are uncertain; with the masked phone or the address they are matched', () => {
    expect(bestMatch({ name: '王丽', idMasked: masked(ID) }, [wang])).toMatchObject({ state: 'uncertain', confidence: 75 });
    expect(bestMatch({ name: '王丽', idMasked: masked(ID), phoneMasked: '138****1234' }, [wang])).toMatchObject({ state: 'matched', confidence: 90 });
    expect(bestMatch({ name: '王丽', idMasked: masked(ID), address: '海韵小区3幢2单元301' }, [wang])).toMatchObject({ state: 'matched', confidence: 95 });
  });
  it('a homophone name with the phone is uncertain', () => {
    const r = bestMatch({ name: '王莉', phoneFull: '13857801234' }, [wang]);
    expect(r).toMatchObject({ state: 'uncertain', confidence: 55 });
    expect(codes(r)).toEqual(['phone_equal', 'name_homophone']);
  });
  it('the name alone is unmatched, with the reason', () => {
    const r = bestMatch({ name: '王丽', address: '别处' }, [wang]);
    expect(r).toMatchObject({ residentId: null, state: 'unmatched', confidence: 30 });
    expect(codes(r)).toContain('below');
  });
  it('no candidate: unmatched at 0 with an explanation', () => {
    expect(bestMatch({ name: '王丽' }, [])).toMatchObject({ residentId: null, state: 'unmatched', confidence: 0, evidence: [{ code: 'none' }] });
  });
  it('two candidates nearly as good: uncertain, capped, said', () => {
    const twin: Candidate = { ...wang, id: 'r2', idNumber: OTHER_ID.slice(0, 14) + ID.slice(-4) };
    expect(visibleDigitsAgree(masked(ID), twin.idNumber)).toBe(true);
    const r = bestMatch({ name: '王丽', idMasked: masked(ID), address: '海韵小区3幢2单元301' }, [wang, twin]);
    expect(r.state).toBe('uncertain');
    expect(r.confidence).toBeLessThanOrEqual(80);
    expect(codes(r)).toContain('tie');
  });
  it('a full ID of someone else pulls a same-name candidate down', () => {
    const s = score({ name: '王丽', idFull: OTHER_ID }, wang);
    expect(s.points).toBe(30 - 50);
    expect(bestMatch({ name: '王丽', idFull: OTHER_ID }, [wang]).state).toBe('unmatched');
  });
  it('moved-out candidates are named as such', () => {
    expect(codes(bestMatch({ name: '王丽', idFull: ID }, [{ ...wang, status: 'moved_out' }]))).toContain('moved_out');
  });
});
