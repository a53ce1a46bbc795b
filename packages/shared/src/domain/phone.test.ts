import { describe, expect, it } from 'vitest';
import { isCnMobile, normalizeCnMobile } from './phone';

describe('A6 — phone normalisation', () => {
  it('normalises +86 / 0086 forms', () => {
    expect(normalizeCnMobile('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizeCnMobile('008613812345678')).toBe('13812345678');
  });
  it('rejects a 12x number and a 10-digit number', () => {
    expect(normalizeCnMobile('12812345678')).toBeNull();
    expect(normalizeCnMobile('1381234567')).toBeNull();
  });
  it('strips a bare 86 only when 13 digits remain, and handles full-width digits', () => {
    expect(normalizeCnMobile('8613812345678')).toBe('13812345678');
    expect(normalizeCnMobile('861381234567')).toBeNull();
    expect(normalizeCnMobile('１３８ １２３４ ５６７８')).toBe('13812345678');
    expect(normalizeCnMobile('+86 (138) 1234 5678')).toBe('13812345678');
    expect(normalizeCnMobile('0580-2021234')).toBeNull();
    expect(isCnMobile('19912345678')).toBe(true);
    expect(isCnMobile('+8613812345678')).toBe(false);
  });
});
