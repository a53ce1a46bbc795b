import { describe, expect, it } from 'vitest';
import { looksLikeHeaderRow, mapHeaders, normalizeHeader } from './headers';

describe('normalizeHeader', () => {
  it('trims, drops spaces/asterisks/notes in brackets, folds full-width and case', () => {
    expect(normalizeHeader(' *姓 名 ')).toBe('姓名');
    expect(normalizeHeader('身份证号（必填）')).toBe('身份证号');
    expect(normalizeHeader('手机号(选填)')).toBe('手机号');
    expect(normalizeHeader('【必填】小区名称')).toBe('小区名称');
    expect(normalizeHeader('ＩＤ　Ｎｕｍｂｅｒ')).toBe('idnumber');
    expect(normalizeHeader('id_number')).toBe('idnumber');
    expect(normalizeHeader('Room No.')).toBe('roomno');
  });
});

describe('mapHeaders', () => {
  it('maps Chinese header variants to fields and keeps the header as written', () => {
    const headers = ['*姓名', '公民身份号码（必填）', '联系电话', '小区名称', '楼号', '单元', '门牌号', '关系', '居住类型', '人员标签', '网格', '编号', '户主身份证号', '监护人身份证号', '性别', '出生日期'];
    const m = mapHeaders(headers);
    expect(m.missing).toEqual([]);
    expect(m.warnings).toEqual([]);
    expect(m.fields.name).toEqual({ index: 0, header: '*姓名' });
    expect(m.fields.idNumber).toEqual({ index: 1, header: '公民身份号码（必填）' });
    expect(Object.fromEntries(Object.entries(m.fields).map(([k, v]) => [k, v!.index]))).toEqual({
      name: 0, idNumber: 1, phone: 2, compound: 3, building: 4, unit: 5, room: 6, relation: 7, residenceType: 8,
      tags: 9, grid: 10, externalRef: 11, householdHead: 12, guardianIdNumber: 13, sex: 14, birthDate: 15,
    });
  });

  it.each([
    [['姓名', '身份证号码', '手机', '小区', '幢', '单元', '室'], 'idNumber', 1],
    [['姓名', '证件号码', '电话', '小区', '楼栋', '单元', '房号'], 'phone', 2],
    [['Name', 'ID Number', 'Phone', 'Compound', 'Building', 'Unit', 'Room'], 'room', 6],
    [['姓名', '身份证号', '手机号', '小区', '楼栋', '单元', '房号', '与户主关系', '人员类型'], 'residenceType', 8],
  ] as const)('variant %j maps %s', (headers, field, index) => {
    const m = mapHeaders(headers);
    expect(m.missing).toEqual([]);
    expect(m.fields[field]?.index).toBe(index);
  });

  it('ignores privileged columns with a warning (SECURITY I44)', () => {
    const m = mapHeaders(['姓名', '身份证号', '小区', '楼栋', '单元', '房号', '健康码', '隔离状态', '核酸结果', '风险等级', 'healthCode', 'quarantineStatus', 'role', 'gridId']);
    expect(m.missing).toEqual([]);
    const privileged = m.ignored.filter((c) => c.reason === 'privileged').map((c) => c.header);
    expect(privileged).toEqual(['健康码', '隔离状态', '核酸结果', '风险等级', 'healthCode', 'quarantineStatus', 'role', 'gridId']);
    expect(m.warnings.filter((w) => w.code === 'privileged_column')).toHaveLength(8);
    expect(Object.keys(m.fields)).not.toContain('healthCode');
  });

  it('reports missing required headers, unknown and duplicate columns', () => {
    const m = mapHeaders(['姓名', '手机号', '身份证号', '证件号码', '备注', '', '__proto__', 'constructor']);
    expect(m.missing).toEqual(['compound', 'building', 'unit', 'room']);
    expect(m.fields.idNumber?.index).toBe(2);
    expect(m.ignored.map((c) => [c.header, c.reason])).toEqual([
      ['证件号码', 'duplicate'], ['备注', 'unknown'], ['', 'blank'], ['__proto__', 'unknown'], ['constructor', 'unknown'],
    ]);
    expect(Object.getPrototypeOf(m.fields)).toBeNull();
    expect(({} as Record<string, unknown>).idNumber).toBeUndefined();
  });

  it('recognises a header row by at least two known columns', () => {
    expect(looksLikeHeaderRow(['居民信息登记表'])).toBe(false);
    expect(looksLikeHeaderRow(['序号', '姓名', '身份证号'])).toBe(true);
  });
});
