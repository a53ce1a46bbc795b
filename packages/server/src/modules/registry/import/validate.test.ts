import { makeCnId, validateCnId } from '@renxing/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapHeaders } from './headers';
import { syntheticId } from './test-support';
import { TEMPLATE_EXAMPLE, TEMPLATE_HEADERS } from './template';
import { DuplicateTracker, idKey, parseTypedDate, TEMPLATE_EXAMPLE_ROW, validateRow, type RowError } from './validate';

const NOW = new Date('2025-06-01T00:00:00+08:00');
const HEADERS = ['姓名', '身份证号', '手机号', '小区', '楼栋', '单元', '房号', '与户主关系', '人员类型', '标签', '编号', '性别', '出生日期', '户主身份证号', '监护人身份证号', '网格'];
const mapping = mapHeaders(HEADERS);
const BASE: Record<string, string> = {
  姓名: '张三', 身份证号: '330902198001011233', 手机号: '13812345678', 小区: '东港小区', 楼栋: '1幢', 单元: '2单元', 房号: '101',
  与户主关系: '户主', 人员类型: '户籍', 标签: '', 编号: 'A-1', 性别: '', 出生日期: '', 户主身份证号: '', 监护人身份证号: '', 网格: '第一网格',
};
const cells = (over: Record<string, string> = {}) => HEADERS.map((h) => over[h] ?? BASE[h]);
const check = (over: Record<string, string>, row = 7, duplicates?: DuplicateTracker) => validateRow(cells(over), mapping, { now: NOW, row, duplicates });
const only = (errors: RowError[]) => {
  expect(errors).toHaveLength(1);
  return errors[0];
};

describe('validateRow', () => {
  it('the template example row left in the file is one clear error, not an unknown compound', () => {
    expect(TEMPLATE_EXAMPLE_ROW).toEqual({ name: TEMPLATE_EXAMPLE[0], idNumber: TEMPLATE_EXAMPLE[1] });
    const example = Object.fromEntries(TEMPLATE_HEADERS.map((h, i) => [h, TEMPLATE_EXAMPLE[i]!]));
    const e = only(check(example).errors);
    expect(e).toMatchObject({ row: 7, column: '姓名', code: 'value' });
    expect(e.message).toContain('示例行');
    expect(e.messageEn).toContain("template's example row");
    // The same ID number under another name is an ordinary row.
    expect(check({ 身份证号: TEMPLATE_EXAMPLE[1] }).errors).toEqual([]);
  });

  it('a leading apostrophe (typed in Excel to keep a number as text) is not part of the ID or phone number', () => {
    const { record, errors } = check({ 身份证号: "'330902198001011233", 手机号: '’13812345678', 监护人身份证号: "' 330902198001011233" });
    expect(errors).toEqual([]);
    expect(record).toMatchObject({ idNumber: '330902198001011233', phone: '13812345678', guardianIdNumber: '330902198001011233' });
  });

  it('a name with an emoji and an external reference holding an ID number are refused on their columns', () => {
    expect(only(check({ 姓名: '张三😀' }).errors)).toMatchObject({ column: '姓名', code: 'value', messageEn: 'name: must not contain emoji' });
    const e = only(check({ 编号: `编号${makeCnId('330902', '1985-04-12', 311)}` }).errors);
    expect(e).toMatchObject({ column: '编号', code: 'value' });
    // A long numeric code that is not an ID number (community code + sequence) is a normal reference number.
    const long = check({ 编号: 'HJ330902001001000001' });
    expect(long.errors).toEqual([]);
    expect(long.record).toMatchObject({ externalRef: 'HJ330902001001000001' });
    expect(e.message).toContain('身份证号');
    expect(e.message).not.toMatch(/\d{17}/);
  });

  it('accepts a good row and normalises it', () => {
    const { record, errors } = check({ 身份证号: ' 33090220150601002ｘ ', 手机号: '+86 138-1234-5678', 标签: '独居、慢病，残疾;婴幼儿/老年人 未成年人', 与户主关系: '女儿', 人员类型: '租住', 性别: '女', 出生日期: '2015/6/1', 监护人身份证号: '３３０９０２１９８００１０１１２３３' });
    expect(errors).toEqual([]);
    expect(record).toEqual({
      row: 7, name: '张三', idNumber: '33090220150601002X', birthDate: '2015-06-01', sex: 'F', phone: '13812345678',
      place: { compound: '东港小区', building: '1幢', unit: '2单元', room: '101', grid: '第一网格' },
      relation: 'child', residenceType: 'tenant', tags: ['living_alone', 'chronic', 'disabled', 'infant'],
      externalRef: 'A-1', householdHeadIdNumber: null, guardianIdNumber: '330902198001011233', idWarnings: [],
    });
  });

  it('phone and optional columns may be empty; missing optional columns give nulls', () => {
    expect(check({ 手机号: '', 与户主关系: '', 人员类型: '', 编号: '', 网格: '' }).record).toMatchObject({ phone: null, relation: null, residenceType: null, externalRef: null, place: { grid: null } });
    const minimal = mapHeaders(['姓名', '身份证号', '小区', '楼栋', '单元', '房号']);
    const r = validateRow(['张三', '330902198001011233', 'A', '1', '1', '101'], minimal, { now: NOW, row: 1 });
    expect(r.errors).toEqual([]);
    expect(r.record).toMatchObject({ phone: null, tags: [], relation: null });
  });

  it.each([
    ['required', { 姓名: '  ' }, '姓名'],
    ['required', { 身份证号: '' }, '身份证号'],
    ['required', { 房号: '' }, '房号'],
    ['format', { 身份证号: '12345' }, '身份证号'],
    ['format', { 身份证号: '3.30902198001011E+17' }, '身份证号'],
    ['format', { 身份证号: '330902********1233' }, '身份证号'],
    ['checksum', { 身份证号: '11010519491231003X' }, '身份证号'],
    ['birthdate', { 身份证号: '110105194902300020' }, '身份证号'],
    ['birthdate', { 身份证号: '110105209901010020' }, '身份证号'],
    ['legacy_id', { 身份证号: '110105491231002' }, '身份证号'],
    ['sex_mismatch', { 性别: '女' }, '性别'],
    ['birthdate_mismatch', { 出生日期: '1980-01-02' }, '出生日期'],
    ['format', { 出生日期: '1980-02-30' }, '出生日期'],
    ['phone', { 手机号: '12812345678' }, '手机号'],
    ['phone', { 手机号: '1381234567' }, '手机号'],
    ['value', { 人员类型: '外星人' }, '人员类型'],
    ['value', { 与户主关系: '邻居' }, '与户主关系'],
    ['value', { 标签: '独居、VIP、土豪' }, '标签'],
    // BASE's ID number is a man's (17th digit odd).
    ['value', { 标签: '慢病、孕妇' }, '标签'],
    ['value', { 性别: '未知' }, '性别'],
    ['value', { 姓名: '张3' }, '姓名'],
    ['value', { 姓名: '张'.repeat(51) }, '姓名'],
    ['value', { 小区: 'A\u0007' }, '小区'],
    ['checksum', { 户主身份证号: '11010519491231003X' }, '户主身份证号'],
    ['format', { 监护人身份证号: 'abc' }, '监护人身份证号'],
  ] as const)('%s: %j gives exactly one error on its column', (code, over, column) => {
    const r = check(over);
    const e = only(r.errors);
    expect(e).toMatchObject({ row: 7, code, column });
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(e.messageEn).toMatch(/[a-z]/);
    expect(r.record).toBeUndefined();
  });

  it('孕妇 is kept for a woman of child-bearing age and refused, on the tags column, for a girl of 5 or a woman of 60', () => {
    const woman = makeCnId('330902', '1995-03-08', 124);
    expect(check({ 身份证号: woman, 标签: '孕妇' }).record?.tags).toEqual(['pregnant']);
    for (const birth of ['2020-01-01', '1965-05-31']) {
      const e = only(check({ 身份证号: makeCnId('330902', birth, 124), 标签: '孕妇' }).errors);
      expect(e).toMatchObject({ column: '标签', code: 'value' });
      expect(e.message).toContain('女性');
      expect(e.messageEn).toContain('women aged');
    }
  });

  it('an invalid ID with a bad phone gives two errors, one per column; sex/birth checks wait for a valid ID', () => {
    const r = check({ 身份证号: '11010519491231003X', 手机号: '123', 性别: '女', 出生日期: '1999-01-01' });
    expect(r.errors.map((e) => [e.column, e.code])).toEqual([['身份证号', 'checksum'], ['手机号', 'phone']]);
  });

  it('uses the header as written in the file for the column', () => {
    const m = mapHeaders(['*姓名', '公民身份号码（必填）', '小区', '楼栋', '单元', '房号']);
    const r = validateRow(['张三', '11010519491231003X', 'A', '1', '1', '1'], m, { now: NOW, row: 3 });
    expect(only(r.errors)).toMatchObject({ column: '公民身份号码（必填）', code: 'checksum', row: 3 });
  });

  it('duplicate_in_file: the first occurrence passes, later ones name the earlier row', () => {
    const dup = new DuplicateTracker();
    expect(check({}, 1, dup).errors).toEqual([]);
    expect(check({ 身份证号: '11010519491231003X' }, 2, dup).errors[0].code).toBe('checksum');
    const third = only(check({ 身份证号: '330902198001011233 ' }, 3, dup).errors);
    expect(third).toMatchObject({ code: 'duplicate_in_file', column: '身份证号', row: 3 });
    expect(third.message).toContain('第 1 行');
    expect(only(check({}, 9, dup).errors).messageEn).toContain('row 1');
  });

  it('duplicate_in_file also names the earlier row as the spreadsheet numbers it when the header row is known', () => {
    const dup = new DuplicateTracker();
    const at = (row: number) => validateRow(cells({}), mapping, { now: NOW, row, duplicates: dup, headerRow: 1 });
    expect(at(2).errors).toEqual([]);
    const again = only(at(14).errors);
    expect(again).toMatchObject({ code: 'duplicate_in_file', row: 14 });
    expect(again.message).toBe('身份证号与第 2 行（表格第 3 行）重复');
    expect(again.messageEn).toMatch(/duplicates row 2 \(spreadsheet row 3\)$/);
  });

  it('messages never echo an ID number or phone (scan over many bad rows)', () => {
    const ids = ['11010519491231003X', '110105194902300020', '110105209901010020', '330902198001011233', '110105491231002', '33090219800101123X'];
    const phones = ['12812345678', '1381234567', '13812345678'];
    const dup = new DuplicateTracker();
    let n = 0;
    for (const id of ids) {
      for (const phone of phones) {
        for (const sex of ['女', '男', 'x']) {
          const r = check({ 身份证号: id, 手机号: phone, 性别: sex, 户主身份证号: id, 监护人身份证号: id, 标签: id, 人员类型: phone, 姓名: id }, ++n, dup);
          for (const e of r.errors) {
            for (const text of [e.message, e.messageEn]) {
              expect(text).not.toMatch(/\d{7,}/);
              for (const v of [...ids, ...phones]) expect(text).not.toContain(v);
            }
          }
        }
      }
    }
  });

  it('carries validator warnings (unknown region) on the record', () => {
    const id = makeCnId('330999', '1990-01-01', 11);
    expect(check({ 身份证号: id }).record?.idWarnings).toEqual(['unknown_region']);
  });
});

describe('parseTypedDate', () => {
  it('accepts common spellings and rejects impossible dates', () => {
    for (const s of ['1980-01-01', '1980/1/1', '1980.01.01', '19800101', '1980年1月1日', '１９８０-０１-０１']) expect(parseTypedDate(s)).toBe('1980-01-01');
    for (const s of ['1980-13-01', '1981-02-29', '80-1-1', 'yesterday']) expect(parseTypedDate(s)).toBeNull();
  });
});

describe('DuplicateTracker', () => {
  it('property: distinct valid IDs get distinct keys', () => {
    const region = fc.constantFrom('330902', '110105', '440524', '810000', '910000');
    const date = fc.date({ min: new Date('1850-01-01'), max: new Date('2025-05-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const id = fc.tuple(region, date, fc.integer({ min: 0, max: 999 })).map(([r, d, s]) => makeCnId(r, d, s));
    fc.assert(fc.property(id, id, (a, b) => {
      expect(a === b).toBe(idKey(a) === idKey(b));
      expect(idKey(a)).toBeGreaterThan(0);
      expect(Number.isSafeInteger(idKey(a))).toBe(true);
    }), { numRuns: 2000 });
  });

  it('remembers 1,000,000 IDs in bounded memory and reports the first row', () => {
    const t = new DuplicateTracker();
    const before = process.memoryUsage();
    for (let i = 0; i < 1_000_000; i++) if (t.seen(syntheticId(i), i + 1) !== undefined) fail(i);
    const after = process.memoryUsage();
    expect(t.size).toBe(1_000_000);
    expect(t.seen(syntheticId(123_456), 2_000_000)).toBe(123_457);
    expect(t.seen(syntheticId(999_999), 2_000_001)).toBe(1_000_000);
    const grown = after.arrayBuffers - before.arrayBuffers + Math.max(0, after.heapUsed - before.heapUsed);
    expect(grown).toBeLessThan(100 * 1024 * 1024);
    expect(validateCnId(syntheticId(999_999), NOW).ok).toBe(true);
  });
});

function fail(i: number): never {
  throw new Error(`false duplicate at ${i}`);
}
