import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cnMobileOrProblem, cnMobileProblem, cnMobileProblemText, containsCnMobile, isCnMobile, normalizeCnMobile } from './phone';

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

describe('cnMobileProblem: why a typed number is not a mobile number', () => {
  it('tells a wrong start from a wrong length and from letters, and has nothing to say about a good or empty one', () => {
    expect(cnMobileProblem('23800000000')).toEqual({ problem: 'prefix', digits: 11 });
    expect(cnMobileProblem('12812345678')).toEqual({ problem: 'prefix', digits: 11 });
    expect(cnMobileProblem('1381234567')).toEqual({ problem: 'length', digits: 10 });
    expect(cnMobileProblem('12345')).toEqual({ problem: 'length', digits: 5 });
    expect(cnMobileProblem('+86 138 1234 56789')).toEqual({ problem: 'length', digits: 12 });
    expect(cnMobileProblem('138abc12345')).toEqual({ problem: 'characters', digits: 8 });
    expect(cnMobileProblem('+86 138-1234-5678')).toBeNull();
    expect(cnMobileProblem('１３８１２３４５６７８')).toBeNull();
    expect(cnMobileProblem('  ')).toBeNull();
  });

  it('answers null exactly when normalizeCnMobile accepts a non-empty number', () => {
    for (const raw of ['13812345678', '0086 13812345678', '8613812345678', '1381234567', '2380000000', 'abc', '138 1234 5678 9']) {
      expect(cnMobileProblem(raw) === null, raw).toBe(normalizeCnMobile(raw) !== null);
    }
  });
});

describe('cnMobileProblemText: the server’s message pair for a number that is not a mobile number', () => {
  it('names the digit count, the prefix or the characters in both languages, and is null for a good or empty number', () => {
    expect(cnMobileProblemText('1381234567')).toEqual({ zh: '应为11位数字，现在是10位', en: 'must have 11 digits; this one has 10' });
    expect(cnMobileProblemText('23800000000')?.zh).toContain('13–19');
    expect(cnMobileProblemText('23800000000')?.en).toContain('13–19');
    expect(cnMobileProblemText('138abc12345')?.zh).toContain('只能含数字');
    expect(cnMobileProblemText('138abc12345')?.en).toContain('digits only');
    expect(cnMobileProblemText('+86 138-1234-5678')).toBeNull();
    expect(cnMobileProblemText('')).toBeNull();
  });
});

describe('cnMobileOrProblem: the number, or why not, for the API, the import and corrections', () => {
  it('answers the normalised number, or the reason cnMobileProblemText gives; blank or digit-less input has 0 digits', () => {
    expect(cnMobileOrProblem('+86 138-1234-5678')).toEqual({ number: '13812345678' });
    expect(cnMobileOrProblem('1381234567')).toEqual({ problem: cnMobileProblemText('1381234567') });
    expect(cnMobileOrProblem('23800000000').problem?.zh).toContain('13–19');
    expect(cnMobileOrProblem('   ')).toEqual({ problem: { zh: '应为11位数字，现在是0位', en: 'must have 11 digits; this one has 0' } });
    expect(cnMobileOrProblem('--').problem?.en).toBe('must have 11 digits; this one has 0');
  });
  it('has a number exactly when normalizeCnMobile takes the input, and a problem otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[0-9 +\-()]{0,16}$/), fc.string()), (raw) => {
        const r = cnMobileOrProblem(raw);
        const n = normalizeCnMobile(raw);
        return n ? r.number === n && r.problem === undefined : r.number === undefined && typeof r.problem?.zh === 'string' && r.problem.zh.length > 0;
      }),
    );
  });
});

describe('a mobile number inside free text (containsCnMobile, the duty log)', () => {
  it('finds one written as people write it', () => {
    for (const text of ['来电 13812345678 反映', '电话138-1234-5678', '王女士（138 1234 5678）', '１３８１２３４５６７８', '+8613812345678', '＋86 138 1234 5678', '008613812345678', '138\u200b1234\u200b5678']) {
      expect(containsCnMobile(text), text).toBe(true);
    }
  });
  it('leaves alone what is not one: a landline, a code, a longer number, 12x, times and counts', () => {
    for (const text of ['0580-2021234', '12812345678', '330902001001', '1381234567', '213812345678', '13812345678901', '14:20 到 16:30 巡查 3 栋', '', null]) {
      expect(containsCnMobile(text), String(text)).toBe(false);
    }
  });
  it('finds every valid number wherever it sits in Chinese text', () => {
    fc.assert(fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.string({ maxLength: 8 }).filter((s) => !/\d$/.test(s)), fc.constantFrom('', '。', '，请回电'), (n, before, after) => {
      expect(containsCnMobile(`${before}${n}${after}`)).toBe(true);
    }));
  });
});
