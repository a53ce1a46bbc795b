import { validateCnId } from '@renxing/shared';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { parseImport, parseImportBuffer, type ParseImportItem } from './pipeline';
import { TEMPLATE_HEADERS } from './template';
import { encodeGbk, syntheticRow } from './test-support';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures/registry');
const NOW = new Date('2025-06-01T00:00:00+08:00');
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'pipeline-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function all(path: string, name?: string) {
  const items: ParseImportItem[] = [];
  for await (const it of parseImport(path, name, { now: NOW })) items.push(it);
  return items;
}

/** Every 18-char run that passes the ID validator, and every mobile-looking run, in a string. */
function piIn(text: string): string[] {
  const found = [...text.matchAll(/[0-9]{17}[0-9Xx]/g)].map((m) => m[0]).filter((s) => validateCnId(s, NOW).ok);
  return [...found, ...[...text.matchAll(/1[3-9][0-9]{9}/g)].map((m) => m[0])];
}

describe('parseImport', () => {
  it('GBK, UTF-8 and UTF-8-BOM fixtures give identical records and errors', async () => {
    const results = await Promise.all(['residents-gbk.csv', 'residents-utf8.csv', 'residents-utf8-bom.csv'].map((f) => all(join(FIXTURES, f), f)));
    const strip = (items: ParseImportItem[]) => items.filter((i) => i.kind !== 'headers');
    expect(strip(results[0])).toEqual(strip(results[1]));
    expect(strip(results[0])).toEqual(strip(results[2]));
    const rows = results[0].filter((i) => i.kind === 'row');
    expect(rows.map((r) => [r.row, r.errors.map((e) => e.code)])).toEqual([[1, []], [2, []], [3, []], [4, ['checksum', 'phone']], [6, []]]);
    expect(rows[2].record).toMatchObject({ name: '欧阳, 娜娜', phone: '13900002222', tags: ['pregnant', 'chronic'], residenceType: 'away', place: { compound: '东港"新"小区' } });
    expect(results[0].at(-1)).toEqual({ kind: 'summary', rows: 5, valid: 4, invalid: 1, errors: 2, warnings: [] });
  });

  it('LibreOffice XLSX: title row skipped, privileged column ignored, each problem one error with its column', async () => {
    const items = await all(join(FIXTURES, 'residents-libreoffice.xlsx'), 'residents.xlsx');
    const head = items[0];
    expect(head.kind).toBe('headers');
    if (head.kind !== 'headers') return;
    expect(head.warnings.map((w) => [w.code, w.column])).toEqual([['privileged_column', '健康码']]);
    const rows = items.filter((i) => i.kind === 'row');
    expect(rows.map((r) => [r.row, r.errors.map((e) => `${e.column}:${e.code}`)])).toEqual([
      [1, []],
      [2, []],
      [3, ['身份证号:format']],
      [5, ['身份证号:checksum', '手机号:phone']],
      [6, []],
      [7, []],
      [8, ['出生日期:birthdate_mismatch']],
    ]);
    expect(rows[0].record).toMatchObject({ idNumber: '330902198001011233', phone: '13812345678', place: { building: '1', unit: '2', room: '101' }, tags: ['living_alone', 'chronic'] });
    expect(rows[0].record).not.toHaveProperty('healthCode');
    expect(rows[1].record).toMatchObject({ externalRef: 'A-002', sex: 'F', birthDate: '2015-06-01', relation: 'child' });
    expect(rows[4].record).toMatchObject({ name: '赵小芳', phone: '13900002222', residenceType: 'away', tags: ['pregnant'] });
    expect(rows[2].errors[0].message).toContain('科学计数法');
  });

  it('SECURITY I43: 100 rows with a bad checksum, a bad phone and an in-file duplicate give exactly one error each, no PI echoed', async () => {
    const lines = [TEMPLATE_HEADERS.join(',')];
    for (let i = 0; i < 100; i++) {
      const r = syntheticRow(i);
      if (i === 10) r[1] = `${r[1].slice(0, 17)}${r[1][17] === '0' ? '1' : '0'}`; // wrong check character
      if (i === 20) r[2] = '12812345678';
      if (i === 30) r[1] = syntheticRow(5)[1]; // duplicate of data row 6
      lines.push(r.join(','));
    }
    const p = join(dir, 'i43.csv');
    await writeFile(p, lines.join('\r\n'));
    const items = await all(p, 'i43.csv');
    const errors = items.flatMap((i) => (i.kind === 'row' ? i.errors : []));
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [11, '身份证号', 'checksum'],
      [21, '手机号', 'phone'],
      [31, '身份证号', 'duplicate_in_file'],
    ]);
    expect(items.at(-1)).toMatchObject({ kind: 'summary', rows: 100, valid: 97, invalid: 3, errors: 3 });
    expect(piIn(JSON.stringify(errors))).toEqual([]);
  });

  it('a 编号 with an emoji or markup is one error in its column; a ledger number in Chinese and punctuation passes', async () => {
    const rows = [syntheticRow(1), syntheticRow(2), syntheticRow(3)];
    const ref = TEMPLATE_HEADERS.indexOf('编号');
    rows[0]![ref] = 'A-12😀';
    rows[1]![ref] = '<b>12</b>';
    rows[2]![ref] = '第3册-15号';
    const parsed = await parseImportBuffer(Buffer.from(`${TEMPLATE_HEADERS.join(',')}\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`), { now: NOW });
    expect(parsed.errors.map((e) => [e.row, e.column, e.code, e.message])).toEqual([
      [1, '编号', 'value', expect.stringContaining('表情符号')],
      [2, '编号', 'value', expect.stringContaining('尖括号')],
    ]);
    expect(parsed.rows.map((r) => r.externalRef)).toEqual(['第3册-15号']);
  });

  it('SECURITY I44: 健康码/隔离状态 columns are ignored with a warning, or refused in reject mode', async () => {
    const csv = `${TEMPLATE_HEADERS.join(',')},健康码,隔离状态\r\n${syntheticRow(1).join(',')},红码,集中隔离\r\n`;
    const ok = await parseImportBuffer(Buffer.from(csv), { now: NOW });
    expect(ok.errors).toEqual([]);
    expect(ok.rows).toHaveLength(1);
    expect(Object.keys(ok.rows[0])).not.toEqual(expect.arrayContaining(['healthCode', 'quarantineStatus']));
    expect(JSON.stringify(ok.rows[0])).not.toMatch(/红码|隔离/);
    expect(ok.warnings.map((w) => w.column)).toEqual(['健康码', '隔离状态']);
    await expect(parseImportBuffer(Buffer.from(csv), { now: NOW, privilegedColumns: 'reject' })).rejects.toMatchObject({ code: 'privileged_columns' });
  });

  it('missing required headers → missing_headers (422) with one detail per column; empty file → empty_file', async () => {
    const err = await parseImportBuffer(Buffer.from('姓名,手机号\r\n张三,13812345678\r\n'), { now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err).toMatchObject({ code: 'missing_headers', status: 422 });
    expect((err as ImportError).details.map((d) => d.path)).toEqual(['身份证号', '小区', '楼栋', '单元', '房号']);
    await expect(parseImportBuffer(Buffer.from('\r\n\r\n'), { now: NOW })).rejects.toMatchObject({ code: 'empty_file' });
  });

  it('GBK upload through parseImportBuffer equals the UTF-8 one', async () => {
    const text = `${TEMPLATE_HEADERS.join(',')}\r\n${[1, 2, 3].map((i) => syntheticRow(i).join(',')).join('\r\n')}`;
    const a = await parseImportBuffer(encodeGbk(text), { now: NOW });
    const b = await parseImportBuffer(Buffer.from(text), { now: NOW });
    expect(a).toEqual(b);
    expect(a.rows.map((r) => r.name)).toEqual([1, 2, 3].map((i) => syntheticRow(i)[0]));
  });

  it('stopping early closes the reader (no dangling stream)', async () => {
    let n = 0;
    for await (const it of parseImport(join(FIXTURES, 'residents-libreoffice.xlsx'), 'x.xlsx', { now: NOW })) {
      if (it.kind === 'row' && ++n === 2) break;
    }
    expect(n).toBe(2);
  });
});
