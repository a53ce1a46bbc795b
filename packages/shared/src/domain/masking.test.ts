import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeCnId } from './id-card';
import { maskAddress, maskCnId, maskCnIdStrong, maskFreeAddress, maskName, maskPartialCnId, maskPartialPhone, maskPhone, maskPlate, maskRoom } from './masking';

describe('A4 — mask functions', () => {
  it('masks the §1.7 fixtures', () => {
    expect(maskCnId('330902198001011233')).toBe('330902********1233');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });
  it('public-notice form and other helpers', () => {
    expect(maskCnIdStrong('330902198001011233')).toBe('3309**********1233');
    expect(maskCnId('33090220150601002x')).toBe('330902********002X');
    expect(maskCnId('110105491231002')).toBe('110105******002');
    expect(maskCnId('abc')).toBe('***');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('0580-2021234')).toBe('*******1234');
    expect(maskName('李')).toBe('*');
    expect(maskName(' 买买提·艾力 ')).toBe('买*****');
    expect(maskName('')).toBe('');
    expect(maskRoom('302')).toBe('***');
    expect(maskRoom('1102')).toBe('***');
    expect(maskPlate('浙L12345')).toBe('浙L****5');
    const addr = { community: 'A社区', building: '3幢', unit: '1单元', room: '302' };
    expect(maskAddress(addr)).toBe('A社区3幢1单元***室');
    expect(maskAddress(addr, 'public')).toBe('A社区3幢');
  });
});

const REGIONS = ['330902', '330903', '330921', '330922', '110105', '341221', '411522', '360730', '511623', '520422'];

describe('A5 — mask property (fast-check)', () => {
  it('10,000 valid IDs: length 18, exactly 8 *, positions 7–14 hidden, birth date never a substring', () => {
    const birth = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-06-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(fc.constantFrom(...REGIONS), birth, fc.integer({ min: 0, max: 999 }), (region, b, seq) => {
      const id = makeCnId(region, b, seq);
      const m = maskCnId(id);
      const ymd = b.replaceAll('-', '');
      expect(m).toHaveLength(18);
      expect([...m].filter((c) => c === '*')).toHaveLength(8);
      expect(m.slice(6, 14)).toBe('********');
      expect(m.slice(0, 6) + m.slice(14)).toBe(id.slice(0, 6) + id.slice(14));
      expect(m.includes(ymd)).toBe(false);
      const strong = maskCnIdStrong(id);
      expect(strong.includes(ymd)).toBe(false);
      expect(strong.includes(region)).toBe(false);
    }), { numRuns: 10_000 });
  }, 60_000); // generous: the machine may be shared; this is not a timing assertion
});

describe('masking what a list or a tracer wrote (partly starred numbers, free-text addresses)', () => {
  it('a partly starred ID number or mobile keeps the staff form\'s visible places as given', () => {
    expect(maskPartialCnId('3309021990****1233')).toBe('330902********1233');
    expect(maskPartialCnId('33090*19900101123*')).toBe('33090*********123*');
    expect(maskPartialCnId('330902199001011233')).toBe(maskCnId('330902199001011233'));
    expect(maskPartialCnId('3309****1233')).toBe('************');
    expect(maskPartialPhone('138****5678')).toBe('138****5678');
    expect(maskPartialPhone('13812345678')).toBe('138****5678');
    expect(maskPartialPhone('1381234')).toBe('*******');
  });
  it('a free-text address shows its first 6 characters and at most 4 stars', () => {
    expect(maskFreeAddress('定海区城东街道')).toBe('定海区城东街*');
    expect(maskFreeAddress('定海区城东街道幸福小区3幢1单元302室')).toBe('定海区城东街****');
    expect(maskFreeAddress(' 幸福小区 ')).toBe('幸福小区');
    expect(maskFreeAddress('𠀀𠀁𠀂𠀃𠀄𠀅𠀆')).toBe('𠀀𠀁𠀂𠀃𠀄𠀅*');
  });
  it('never shows the characters between the visible places (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 18, maxLength: 18, unit: fc.constantFrom(...'0123456789X*') }), (s) => {
      const m = maskPartialCnId(s);
      return m.length === 18 && m.slice(6, 14) === '********' && m.slice(0, 6) === s.slice(0, 6) && m.slice(14) === s.slice(14);
    }));
  });
});
