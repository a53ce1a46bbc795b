import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, cnIdCheckChar, containsIdNumber, holdsIdNumber, isMinor, makeCnId, normalizeCnId, validateCnId } from './id-card';

// SECURITY.md §7 conventions: injected clock fixed at 2025-06-01T00:00:00+08:00.
const NOW = new Date('2025-06-01T00:00:00+08:00');

describe('A1 — validator accepts valid numbers', () => {
  const cases: Array<[string, string, 'M' | 'F', string]> = [
    ['11010519491231002X', '11010519491231002X', 'F', '1949-12-31'],
    ['440524188001010014', '440524188001010014', 'M', '1880-01-01'],
    ['330902198001011233', '330902198001011233', 'M', '1980-01-01'],
    ['33090220150601002x', '33090220150601002X', 'F', '2015-06-01'],
    ['３３０９０２１９８００１０１１２３３', '330902198001011233', 'M', '1980-01-01'],
  ];
  it.each(cases)('%s', (raw, id, sex, birthDate) => {
    const r = validateCnId(raw, NOW);
    expect(r).toMatchObject({ ok: true, id, sex, birthDate, region: id.slice(0, 6) });
  });

  it('accepts the 1880 GB example but flags age > 120 for review', () => {
    const r = validateCnId('440524188001010014', NOW);
    expect(r.ok && r.warnings).toContain('age_over_120');
  });

  it('accepts the HK-permit style fixture and marks its kind', () => {
    const r = validateCnId('810000199001010019', NOW);
    expect(r).toMatchObject({ ok: true, kind: 'hmt_residence_permit', sex: 'M', birthDate: '1990-01-01', warnings: [] });
  });

  it('an unknown county code is a warning, not a failure', () => {
    const id = makeCnId('339999', '1980-01-01', 123);
    const r = validateCnId(id, NOW);
    expect(r).toMatchObject({ ok: true, warnings: ['unknown_region'] });
    expect(validateCnId('330902198001011233', NOW)).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('A2 — validator rejects bad numbers with the right reason', () => {
  const cases: Array<[string, string]> = [
    ['11010519491231003X', 'checksum'],
    ['110105194902300020', 'birthdate'], // Feb 30, checksum valid
    ['110105209901010020', 'birthdate'], // future, checksum valid
    ['1101051949123100', 'format'],
    ['11010519491231002A', 'format'],
    ['110105491231002', 'legacy15'],
  ];
  it.each(cases)('%s → %s', (raw, reason) => {
    expect(validateCnId(raw, NOW)).toEqual({ ok: false, reason });
  });

  it('the Feb-30 and future fixtures really have valid check characters', () => {
    expect(cnIdCheckChar('11010519490230002')).toBe('0');
    expect(cnIdCheckChar('11010520990101002')).toBe('0');
    expect(cnIdCheckChar('11010519491231002')).toBe('X'); // the A1 fixture; its '3' variant is the bad one
  });

  it('rejects years before 1850, an unknown province prefix, and a birth date after today in Shanghai', () => {
    expect(validateCnId(makeCnId('110105', '1849-12-31', 2), NOW)).toEqual({ ok: false, reason: 'birthdate' });
    expect(validateCnId(makeCnId('110105', '1850-01-01', 2), NOW).ok).toBe(true);
    expect(validateCnId(makeCnId('990105', '1980-01-01', 2), NOW).ok).toBe(true); // 9… = foreigner card
    expect(validateCnId(makeCnId('190105', '1980-01-01', 2), NOW)).toEqual({ ok: false, reason: 'format' });
    // 2025-05-31T16:30Z is already 2025-06-01 in Shanghai: born "today" is valid, tomorrow is not.
    const at = new Date('2025-05-31T16:30:00Z');
    expect(validateCnId(makeCnId('330902', '2025-06-01', 2), at).ok).toBe(true);
    expect(validateCnId(makeCnId('330902', '2025-06-02', 2), at)).toEqual({ ok: false, reason: 'birthdate' });
  });
});

describe('normalizeCnId / makeCnId', () => {
  it('normalises full-width digits and x variants', () => {
    expect(normalizeCnId('  ３３０９０２２０１５０６０１００２ｘ ')).toBe('33090220150601002X');
    expect(normalizeCnId('33090220150601002Ｘ')).toBe('33090220150601002X');
    // Written in groups, or copied with invisible characters: still the same number (import, forms).
    expect(normalizeCnId('330902 20150601 002x')).toBe('33090220150601002X');
    expect(normalizeCnId('330902\u00a020150601\u3000002X\u200b')).toBe('33090220150601002X');
    expect(validateCnId('330902 19800101 1233', new Date('2026-01-01T00:00:00Z'))).toMatchObject({ ok: true, id: '330902198001011233' });
  });
  it('drops every invisible format character (Unicode Cf) inside the number: soft hyphen, bidi marks, word joiner', () => {
    // U+00AD soft hyphen, U+200E/U+200F LRM/RLM, U+202A–U+202E bidi embeddings, U+2066–U+2069 isolates, U+2060 word
    // joiner, U+FEFF BOM, U+200B–U+200D zero-width space/joiners — all pasted from web pages, chats and spreadsheets.
    expect(normalizeCnId('330902\u00ad1980\u200e0101\u200f1233')).toBe('330902198001011233');
    expect(normalizeCnId('\u202a330902198001011233\u202c')).toBe('330902198001011233');
    expect(normalizeCnId('\u2066330902\u20601980\u206101011233\u2069')).toBe('330902198001011233');
    expect(normalizeCnId('\ufeff330902 \u200d19800101\u200c 123\u00adx')).toBe('33090219800101123X');
    expect(validateCnId('330902\u00ad19800101\u200f1233', new Date('2026-01-01T00:00:00Z'))).toMatchObject({ ok: true, id: '330902198001011233' });
  });
  it('an ID with invisible characters and spaces inserted anywhere normalises to the same number (property)', () => {
    const noise = fc.constantFrom('\u00ad', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e', '\u2060',
      '\u2066', '\u2069', '\ufeff', ' ', '\u00a0', '\u3000', '\t');
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 999 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 18 }), noise), { maxLength: 8 }),
      (seq, inserts) => {
        const id = makeCnId('330902', '1980-01-01', seq);
        let noisy = id;
        for (const [at, ch] of inserts) { const i = Math.min(at, noisy.length); noisy = noisy.slice(0, i) + ch + noisy.slice(i); }
        return normalizeCnId(noisy) === id;
      },
    ), { numRuns: 1000 });
  });
  it('makeCnId reproduces the fixtures and rejects bad input', () => {
    expect(makeCnId('330902', '1980-01-01', 123)).toBe('330902198001011233');
    expect(makeCnId('330902', '2015-06-01', 2)).toBe('33090220150601002X');
    expect(() => makeCnId('33090', '1980-01-01', 1)).toThrow(RangeError);
    expect(() => makeCnId('330902', '1980-02-30', 1)).toThrow(RangeError);
    expect(() => makeCnId('330902', '1980-01-01', 1000)).toThrow(RangeError);
  });
  it('every generated ID validates with the same birth date and sex (property)', () => {
    fc.assert(fc.property(
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-05-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
      (d, seq) => {
        const birth = d.toISOString().slice(0, 10);
        const r = validateCnId(makeCnId('330902', birth, seq), NOW);
        return r.ok && r.birthDate === birth && r.sex === (seq % 2 ? 'M' : 'F');
      },
    ), { numRuns: 2000 });
  }, 60_000);
});

describe('ageOn / isMinor (Asia/Shanghai calendar)', () => {
  it('A3 fixture: born 2015-06-01 is a minor on 2025-06-01', () => {
    expect(ageOn('2015-06-01', NOW)).toBe(10);
    expect(isMinor('2015-06-01', NOW)).toBe(true);
  });
  it('turns 18 on the Shanghai birthday, even when it is still the day before in UTC', () => {
    const birthdayInShanghai = new Date('2025-05-31T16:00:00Z'); // 2025-06-01 00:00 +08
    expect(ageOn('2007-06-01', birthdayInShanghai)).toBe(18);
    expect(isMinor('2007-06-01', birthdayInShanghai)).toBe(false);
    expect(isMinor('2007-06-01', new Date('2025-05-31T15:59:59Z'))).toBe(true);
  });
  it('29 Feb birthdays are reached on 1 Mar in common years; adultAge is configurable', () => {
    expect(ageOn('2008-02-29', new Date('2026-02-28T12:00:00+08:00'))).toBe(17);
    expect(ageOn('2008-02-29', new Date('2026-03-01T00:00:00+08:00'))).toBe(18);
    expect(isMinor('2011-01-01', NOW, 14)).toBe(false);
  });
  it('throws on malformed dates', () => {
    expect(() => ageOn('2015-6-1', NOW)).toThrow(RangeError);
    expect(() => ageOn('2015-02-29', NOW)).toThrow(RangeError);
  });
});

describe('containsIdNumber (free text)', () => {
  it('finds an 18- or 15-digit number anywhere in the text, not shorter numbers', () => {
    expect(containsIdNumber(`我的身份证号是 ${makeCnId('330902', '1985-04-12', 311)}`)).toBe(true);
    expect(containsIdNumber('旧证 330902198504121')).toBe(true);
    expect(containsIdNumber('33090219850412311x')).toBe(true);
    expect(containsIdNumber('同意书编号 2025-017，电话 13812345678')).toBe(false);
    expect(containsIdNumber(null)).toBe(false);
    expect(containsIdNumber(undefined)).toBe(false);
  });

  it('reads full-width digits, Ｘ, invisible characters and the usual groups as a person would (walk-through, session 25)', () => {
    const id = makeCnId('330902', '1985-04-12', 311);
    const wide = (x: string) => x.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(containsIdNumber(`我的身份证号${wide(id)}登记错了`)).toBe(true);
    expect(containsIdNumber(wide('33090219850412311') + 'Ｘ')).toBe(true);
    expect(containsIdNumber(id.slice(0, 9) + '\u200b' + id.slice(9))).toBe(true);
    expect(containsIdNumber(`证号 ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`)).toBe(true);
    expect(containsIdNumber(`证号 ${id.slice(0, 6)}-${id.slice(6, 10)}-${id.slice(10, 14)}-${id.slice(14)}`)).toBe(true);
    expect(containsIdNumber(`证号 ${id.slice(0, 6)}　${id.slice(6, 14)}　${id.slice(14)}`)).toBe(true);
    // Everyday numbers stay allowed: a phone in groups, a date and a room, an order number.
    expect(containsIdNumber('电话 138 1234 5678，2025-06-01 到 1201 室')).toBe(false);
    expect(containsIdNumber('电话１３８１２３４５６７８')).toBe(false);
    expect(containsIdNumber('订单 2025-0601-0001')).toBe(false);
  });
});

describe('holdsIdNumber (reference numbers, 编号)', () => {
  const NOW_ = new Date('2026-11-30T00:00:00Z');
  it('finds a valid ID number standing alone or next to letters, and the old 15-digit form with a real birth date', () => {
    const id = makeCnId('330902', '1985-04-12', 311);
    expect(holdsIdNumber(id, NOW_)).toBe(true);
    expect(holdsIdNumber(`HJ${id}`, NOW_)).toBe(true);
    expect(holdsIdNumber(`编号 ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`, NOW_)).toBe(true); // typed in groups
    expect(holdsIdNumber('330902850412311', NOW_)).toBe(true); // 15 digits, 1985-04-12
  });
  it('accepts long digit codes that are not ID numbers: community code + sequence, bad checksum, impossible dates, runs inside longer numbers', () => {
    expect(holdsIdNumber('HJ330902001001000001', NOW_)).toBe(false); // birth "2001-00-10"
    const id = makeCnId('330902', '1985-04-12', 311);
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(holdsIdNumber(wrongCheck, NOW_)).toBe(false);
    expect(holdsIdNumber(`9${id}1`, NOW_)).toBe(false); // inside a 20-digit number
    expect(holdsIdNumber('330902851399311', NOW_)).toBe(false); // 15 digits, month 13
    expect(holdsIdNumber(makeCnId('330902', '2026-12-01', 1), NOW_)).toBe(false); // born after "now"
    expect(holdsIdNumber('A-17', NOW_)).toBe(false);
    expect(holdsIdNumber(null, NOW_)).toBe(false);
  });
  it('is narrower than containsIdNumber, which free text keeps using', () => {
    expect(containsIdNumber('HJ330902001001000001')).toBe(true);
    expect(holdsIdNumber('HJ330902001001000001', NOW_)).toBe(false);
  });
});
