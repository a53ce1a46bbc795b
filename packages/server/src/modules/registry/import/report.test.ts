import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImport } from './pipeline';
import { csvField, neutralizeCell, writeErrorReportCsv, writeErrorReportXlsx } from './report';
import { TEMPLATE_EXAMPLE, TEMPLATE_HEADERS, writeTemplateXlsx } from './template';
import { validateRow, type RowError } from './validate';
import { mapHeaders } from './headers';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'report-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const DANGEROUS = ['=HYPERLINK("http://x","a")', '+1+1', '-2', '@SUM(A1)', '\t=1', '\r=1'];

const errors: RowError[] = [
  { row: 3, sheetRow: 5, column: '身份证号', code: 'checksum', message: '身份证号校验位错误', messageEn: 'ID number: check character does not match' },
  ...DANGEROUS.map((d, i) => ({ row: 10 + i, column: d, code: 'value' as const, message: `说明,含"引号"\n${d}`, messageEn: 'x' })),
  { row: 20, column: '普通姓名', code: 'required', message: '姓名为必填项', messageEn: 'name: required' },
];

/** All XML parts of a zip as text. */
async function zipTexts(path: string): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.open(path, { lazyEntries: true }, (e, z) => (e || !z ? rej(e) : res(z))));
  const out = new Map<string, string>();
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, s) => {
        if (err || !s) return rej(err);
        const parts: Buffer[] = [];
        s.on('data', (c: Buffer) => parts.push(c));
        s.on('end', () => { out.set(entry.fileName, Buffer.concat(parts).toString('utf8')); zip.readEntry(); });
      });
    });
    zip.on('end', () => res());
    zip.on('error', rej);
    zip.readEntry();
  });
  return out;
}

describe('neutralizeCell', () => {
  it('prefixes = + - @ TAB CR with an apostrophe and leaves other text alone', () => {
    for (const d of DANGEROUS) expect(neutralizeCell(d)).toBe(`'${d}`);
    for (const s of ['普通姓名', '', 'a=b', ' =1', "'=1"]) expect(neutralizeCell(s)).toBe(s);
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField(12)).toBe('12');
  });
});

describe('error report', () => {
  it('CSV: UTF-8 with BOM, 表格中的行号/行号/列/错误代码/说明, neutralised cells, parseable back', async () => {
    const p = join(dir, 'r.csv');
    await writeErrorReportCsv(errors, p);
    const bytes = await readFile(p);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { newline: '\r\n' });
    expect(parsed.data[0]).toEqual(['表格中的行号', '行号（表头下第几行）', '列', '错误代码', '说明']);
    // The spreadsheet's own row first (Excel's row 5 when the header is on row 2); empty for errors stored without it.
    expect(parsed.data[1]).toEqual(['5', '3', '身份证号', 'checksum', '身份证号校验位错误']);
    for (let i = 0; i < DANGEROUS.length; i++) {
      const [sheetRow, row, col, , msg] = parsed.data[2 + i];
      expect(sheetRow).toBe('');
      expect(row).toBe(String(10 + i));
      expect(col).toBe(`'${DANGEROUS[i]}`);
      expect(msg).toBe(`说明,含"引号"\n${DANGEROUS[i]}`); // starts safely; embedded text kept
    }
    expect(parsed.data[2 + DANGEROUS.length][2]).toBe('普通姓名');
  });

  it('XLSX: string cells only, no <f> formula elements, dangerous text neutralised', async () => {
    const p = join(dir, 'r.xlsx');
    await writeErrorReportXlsx(errors, p);
    const parts = await zipTexts(p);
    const sheet = [...parts.entries()].find(([n]) => n.startsWith('xl/worksheets/sheet'))![1];
    expect(sheet).not.toMatch(/<f[ >]/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '表格中的行号', '行号（表头下第几行）', '列', '错误代码', '说明']);
    expect(ws.getRow(2).values).toEqual([undefined, 5, 3, '身份证号', 'checksum', '身份证号校验位错误']);
    for (let i = 0; i < DANGEROUS.length; i++) {
      const cell = ws.getRow(3 + i).getCell(3);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML turns a literal CR into LF on reading; the leading apostrophe is what matters.
      expect(cell.value).toBe(`'${DANGEROUS[i].replace(/\r/g, '\n')}`);
    }
    expect(ws.getRow(3 + DANGEROUS.length).getCell(3).value).toBe('普通姓名');
  });

  it('writes to a caller-supplied stream (ended when done; a second end() is harmless)', async () => {
    const { PassThrough } = await import('node:stream');
    for (const write of [writeErrorReportCsv, writeErrorReportXlsx]) {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await write(errors, out);
      out.end();
      await new Promise((r) => setImmediate(r));
      expect(out.writableEnded).toBe(true);
      const bytes = Buffer.concat(chunks);
      if (write === writeErrorReportCsv) expect(bytes.toString('utf8')).toContain('身份证号校验位错误');
      else {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(bytes as unknown as ArrayBuffer);
        expect(wb.worksheets[0].getRow(2).getCell(5).value).toBe('身份证号校验位错误');
      }
    }
  });

  it('streams from an async iterable', async () => {
    async function* gen() { for (let i = 1; i <= 1000; i++) yield { ...errors[0], row: i }; }
    const p = join(dir, 'many.csv');
    await writeErrorReportCsv(gen(), p);
    expect((await readFile(p, 'utf8')).trim().split('\r\n')).toHaveLength(1001);
  });
});

describe('template', () => {
  it('has the Chinese headers, a valid example row that imports cleanly, text-formatted ID column and a notes sheet', async () => {
    const p = join(dir, 'template.xlsx');
    await writeTemplateXlsx(p);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    const [data, notes] = wb.worksheets;
    expect(data.getRow(1).values).toEqual([undefined, ...TEMPLATE_HEADERS]);
    expect(data.getColumn(2).numFmt).toBe('@');
    expect(notes.name).toBe('填写说明');
    const noteText = JSON.stringify(notes.getSheetValues());
    for (const h of TEMPLATE_HEADERS) expect(noteText).toContain(h);
    for (const v of ['户籍', '流动', '租户', '外出', '独居', '残疾', '慢病', '孕妇', '婴幼儿', '户主', '配偶']) expect(noteText).toContain(v);

    const items = [];
    for await (const it of parseImport(p, 'template.xlsx', { now: new Date('2025-06-01T00:00:00+08:00') })) items.push(it);
    expect(items[0]).toMatchObject({ kind: 'headers', warnings: [] });
    // Left in the file, the example row is reported as such (delete it before importing)…
    expect(items[1]).toMatchObject({ kind: 'row', row: 1, errors: [{ column: '姓名', code: 'value', message: '姓名：这是模板中的示例行，请删除这一行后再导入' }] });
    expect(items).toHaveLength(3);
    // …and its values are a valid row to copy: with another name it imports cleanly.
    const row = validateRow([...TEMPLATE_EXAMPLE].map((v, i) => (i === 0 ? '张范例' : v)), mapHeaders([...TEMPLATE_HEADERS]), { now: new Date('2025-06-01T00:00:00+08:00'), row: 1 });
    expect(row).toMatchObject({ errors: [], record: { name: '张范例', idNumber: TEMPLATE_EXAMPLE[1], relation: 'head', residenceType: 'registered', tags: ['living_alone'] } });
  });
});
