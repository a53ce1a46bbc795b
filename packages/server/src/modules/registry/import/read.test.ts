import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { looksLikeHeaderRow } from './headers';
import { CompactStrings, cellValueToString, numberToCellString, readCsvRows, readXlsxRows, type ReadItem } from './read';
import { encodeGbk, minimalXlsxEntries, zipBytes } from './test-support';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures/registry');
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'read-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function collect(gen: AsyncGenerator<ReadItem>): Promise<{ headers: string[]; rows: Array<{ row: number; cells: string[] }> }> {
  let headers: string[] | undefined;
  const rows: Array<{ row: number; cells: string[] }> = [];
  for await (const item of gen) {
    if ('headers' in item) {
      if (headers !== undefined) throw new Error('second header item');
      headers = item.headers;
    } else {
      if (headers === undefined) throw new Error('row before header');
      rows.push(item);
    }
  }
  return { headers: headers ?? [], rows };
}

let seq = 0;
const tmp = async (bytes: Uint8Array | string, ext = 'csv') => {
  const p = join(dir, `f${seq++}.${ext}`);
  await writeFile(p, bytes);
  return p;
};

const EXPECTED_CSV_ROWS = [
  { row: 1, cells: ['王小明', '330902198001011233', '138 1234 5678', '东港小区', '1幢', '2单元', '101', '户主', '户籍', '独居、慢病', 'A-001'] },
  { row: 2, cells: ['李小红', '33090220150601002X', '', '东港小区', '1幢', '2单元', '101', '女儿', '户籍', '', 'A-002'] },
  { row: 3, cells: ['欧阳, 娜娜', '330902199005170228', '+86 139-0000-2222', '东港"新"小区', '5幢', '1单元', '501', '配偶', '外出', '孕妇,慢病', 'A-003'] },
  { row: 4, cells: ['周一凡', '11010519491231003X', '12345', '东港小区', '3幢', '1单元', '303', '户主', '租户', '', 'A-004'] },
  { row: 6, cells: ['孙秀英', '330903195511020087', '', '西岙小区', '2幢', '1单元', '201', '户主', '户籍', '独居老人', 'A-006'] },
];

describe('readCsvRows', () => {
  it.each(['residents-utf8-bom.csv', 'residents-utf8.csv', 'residents-gbk.csv'])('reads fixture %s (BOM/no BOM/GBK, CRLF/LF, quotes)', async (name) => {
    const { headers, rows } = await collect(readCsvRows(join(FIXTURES, name)));
    expect(headers).toEqual(['姓名', '身份证号', '手机号', '小区', '楼栋', '单元', '房号', '与户主关系', '人员类型', '标签', '编号']);
    expect(rows).toEqual(EXPECTED_CSV_ROWS); // blank line 5 is skipped but still counted
  });

  it('gives the same rows for GBK read in 1-byte chunks (multi-byte characters split across reads)', async () => {
    const whole = await collect(readCsvRows(join(FIXTURES, 'residents-gbk.csv')));
    const tiny = await collect(readCsvRows(join(FIXTURES, 'residents-gbk.csv'), { chunkSize: 1 }));
    expect(tiny).toEqual(whole);
  });

  it('handles CR-only line ends, a CRLF split across chunks, quoted line breaks and a missing final newline', async () => {
    const p = await tmp('a,b\r1,"x\r\ny"\r\n2,"he said ""hi"""');
    for (const chunkSize of [1, 2, 3, 1024]) {
      const { headers, rows } = await collect(readCsvRows(p, { chunkSize }));
      expect(headers).toEqual(['a', 'b']);
      expect(rows).toEqual([{ row: 1, cells: ['1', 'x\ny'] }, { row: 2, cells: ['2', 'he said "hi"'] }]);
    }
  });

  it('skips title rows above the header when a header predicate is given', async () => {
    const p = await tmp('居民登记表,,\r\n导出时间 2025-06-01,,\r\n姓名,身份证号,小区\r\n张三,1,A\r\n');
    const { headers, rows } = await collect(readCsvRows(p, { isHeaderRow: (c) => c.includes('姓名') }));
    expect(headers).toEqual(['姓名', '身份证号', '小区']);
    expect(rows).toEqual([{ row: 1, cells: ['张三', '1', 'A'] }]);
  });

  it('gives the header its spreadsheet row: title rows, blank lines and a BOM above it counted, so headerRow + row is the line Excel shows', async () => {
    const p = await tmp('\uFEFF居民登记表,,\r\n\r\n导出时间 2025-06-01,,\r\n姓名,身份证号,小区\r\n张三,1,A\r\n\r\n李四,2,B\r\n');
    const items: ReadItem[] = [];
    for await (const it of readCsvRows(p, { isHeaderRow: (c) => c.includes('姓名') })) items.push(it);
    expect(items[0]).toEqual({ headers: ['姓名', '身份证号', '小区'], headerRow: 4 });
    // 张三 is on line 5, 李四 on line 7 (line 6 is blank): data rows 1 and 3.
    expect(items.slice(1)).toEqual([{ row: 1, cells: ['张三', '1', 'A'] }, { row: 3, cells: ['李四', '2', 'B'] }]);
    const plain: ReadItem[] = [];
    for await (const it of readCsvRows(await tmp('姓名,身份证号\n张三,1\n'))) plain.push(it);
    expect(plain[0]).toEqual({ headers: ['姓名', '身份证号'], headerRow: 1 });
  });

  it('detects tab-separated text (Excel "Unicode/Text" exports)', async () => {
    const { headers, rows } = await collect(readCsvRows(await tmp(encodeGbk('姓名\t身份证号\r\n张三\t1,2\r\n'))));
    expect(headers).toEqual(['姓名', '身份证号']);
    expect(rows[0].cells).toEqual(['张三', '1,2']);
  });

  it('refuses an unclosed quote that swallows the file (record length cap)', async () => {
    const p = await tmp(`a,b\n1,"${'x'.repeat(5000)}\n2,3\n`);
    await expect(collect(readCsvRows(p, { maxRecordChars: 1000, chunkSize: 512 }))).rejects.toMatchObject({ code: 'unreadable' });
  });

  it('refuses bytes that are not UTF-8 after a long pure-ASCII prefix (probe said UTF-8)', async () => {
    const ascii = Buffer.from(`a,b\n${'1234567890123456789012345678901,2\n'.repeat(40_000)}`);
    const p = await tmp(Buffer.concat([ascii, Buffer.from([0xff, 0xfe, 0x0a])]));
    const err = await collect(readCsvRows(p)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).code).toBe('encoding');
  });

  it('enforces maxRows and maxColumns', async () => {
    const p = await tmp('a,b\n1,2\n3,4\n5,6\n');
    await expect(collect(readCsvRows(p, { maxRows: 2 }))).rejects.toMatchObject({ code: 'too_many_rows', status: 413 });
    await expect(collect(readCsvRows(p, { maxColumns: 1 }))).rejects.toMatchObject({ code: 'too_many_columns' });
  });

  it('an empty or blank-only file yields only an empty header', async () => {
    expect(await collect(readCsvRows(await tmp('\r\n ,  \r\n\r\n')))).toEqual({ headers: [], rows: [] });
  });

  it('property: any table survives CSV quoting, random line ends, UTF-8 or GBK, and any chunk size', async () => {
    const cellChar = fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\n', '张', '三', '·', '，', '；', 'é');
    const cell = fc.array(cellChar, { maxLength: 6 }).map((cs) => cs.join(''));
    const nonBlankRow = (w: number) => fc.array(cell, { minLength: w, maxLength: w }).map((r) => (r.every((c) => c.trim() === '') ? ['x', ...r.slice(1)] : r));
    const table = fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(nonBlankRow(w), { minLength: 1, maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.integer({ min: 1, max: 40 }), async (rows, eol, gbk, chunkSize) => {
        const quote = (c: string) => (/[",\n\r]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c);
        const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
        const p = await tmp(gbk ? encodeGbk(text) : Buffer.from(text, 'utf8'));
        const got = await collect(readCsvRows(p, { chunkSize, encoding: gbk ? 'gbk' : 'utf-8', delimiter: ',' }));
        const trimEnd = (r: string[]) => { let w = r.length; while (w > 0 && r[w - 1].trim() === '') w--; return r.slice(0, w); };
        expect(got.headers).toEqual(trimEnd(rows[0]));
        expect(got.rows.map((r) => r.cells)).toEqual(rows.slice(1));
        expect(got.rows.map((r) => r.row)).toEqual(rows.slice(1).map((_, i) => i + 1));
      }),
      { numRuns: 150 },
    );
  });
});

describe('cell coercion (XLSX)', () => {
  it('renders numbers as Excel shows them; big integers lose precision and keep E notation', () => {
    expect(numberToCellString(13812345678)).toBe('13812345678');
    expect(numberToCellString(101)).toBe('101');
    expect(numberToCellString(1.5)).toBe('1.5');
    expect(numberToCellString(0.1 + 0.2)).toBe('0.3');
    expect(numberToCellString(330902198001012000)).toBe('3.30902198001012E+17');
    expect(numberToCellString(3.30902198001011e17)).toBe('3.30902198001011E+17');
    expect(numberToCellString(1e21)).toBe('1E+21');
    expect(numberToCellString(Number.NaN)).toBe('');
  });

  it('renders dates, rich text, formulas, hyperlinks, errors and booleans', () => {
    expect(cellValueToString(new Date(Date.UTC(1980, 0, 1)))).toBe('1980-01-01');
    expect(cellValueToString({ richText: [{ text: '赵' }, { font: { bold: true }, text: '小芳' }] })).toBe('赵小芳');
    expect(cellValueToString({ formula: 'A1&"x"', result: '姓名x' })).toBe('姓名x');
    expect(cellValueToString({ sharedFormula: 'A1', result: 42 })).toBe('42');
    expect(cellValueToString({ formula: 'NA()', result: { error: '#N/A' } })).toBe('#N/A');
    expect(cellValueToString({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(cellValueToString(true)).toBe('TRUE');
    expect(cellValueToString(null)).toBe('');
  });
});

describe('readXlsxRows', () => {
  it('reads the LibreOffice-written fixture: first sheet only, title row skipped, numbers/dates/formulas coerced', async () => {
    const { headers, rows } = await collect(readXlsxRows(join(FIXTURES, 'residents-libreoffice.xlsx'), { isHeaderRow: (c) => c[0] === '姓名' }));
    expect(headers).toEqual(['姓名', '身份证号', '手机号', '小区', '楼栋', '单元', '房号', '与户主关系', '人员类型', '标签', '编号', '出生日期', '健康码']);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 5, 6, 7, 8]);
    expect(rows[0].cells).toEqual(['王小明', '330902198001011233', '13812345678', '东港小区', '1', '2', '101', '户主', '户籍', '独居、慢病', 'A-001', '1980-01-01', '绿码']);
    expect(rows[1].cells.slice(10, 12)).toEqual(['A-002', '2015-06-01']); // string formula, date formula
    expect(rows[2].cells[1]).toBe('3.30902198001011E+17'); // ID typed as a number in the spreadsheet
    expect(rows[4].cells[0]).toBe('赵小芳');
    expect(rows.flatMap((r) => r.cells)).not.toContain('不应被读取'); // second sheet
  });

  it('takes the first sheet in workbook order, not zip order, and reads inline strings without sharedStrings.xml', async () => {
    const p = await tmp(zipBytes(minimalXlsxEntries([[['姓名'], ['第二']], [['姓名'], ['第一']]], [2, 1])), 'xlsx');
    expect((await collect(readXlsxRows(p))).rows).toEqual([{ row: 1, cells: ['第一'] }]);
  });

  it('data on a later sheet (a notes or cover sheet in front): the first sheet whose first rows hold the header', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('说明');
    notes.addRow(['本表由社区填报']);
    notes.addRow(['填写人', '张三']);
    wb.addWorksheet('空白');
    const data = wb.addWorksheet('居民信息');
    data.addRow(['2026年居民名册']);
    data.addRow(['姓名', '身份证号', '小区']);
    data.addRow(['王小明', '330902198001011233', '东港小区']);
    const p = join(dir, `sheets${seq++}.xlsx`);
    await wb.xlsx.writeFile(p);
    const got = await collect(readXlsxRows(p, { isHeaderRow: looksLikeHeaderRow }));
    expect(got.headers).toEqual(['姓名', '身份证号', '小区']);
    expect(got.rows).toEqual([{ row: 1, cells: ['王小明', '330902198001011233', '东港小区'] }]);
    // No sheet with a header row: the first sheet as before (its first non-blank row), so the error names what is missing.
    const none = new ExcelJS.Workbook();
    none.addWorksheet('甲').addRow(['备注', '说明']);
    none.addWorksheet('乙').addRow(['其他']);
    const q = join(dir, `sheets${seq++}.xlsx`);
    await none.xlsx.writeFile(q);
    expect(await collect(readXlsxRows(q, { isHeaderRow: looksLikeHeaderRow }))).toEqual({ headers: ['备注', '说明'], rows: [] });
  });

  it('XLSX: headerRow is the worksheet row of the header (title and empty rows above it)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民信息');
    ws.getCell('A1').value = '2026年居民名册';
    ws.getRow(4).values = ['姓名', '身份证号', '小区'];
    ws.getRow(6).values = ['王小明', '330902198001011233', '东港小区'];
    const p = join(dir, `hdr${seq++}.xlsx`);
    await wb.xlsx.writeFile(p);
    const items: ReadItem[] = [];
    for await (const it of readXlsxRows(p, { isHeaderRow: looksLikeHeaderRow })) items.push(it);
    expect(items[0]).toEqual({ headers: ['姓名', '身份证号', '小区'], headerRow: 4 });
    expect(items[1]).toEqual({ row: 2, cells: ['王小明', '330902198001011233', '东港小区'] }); // worksheet row 4 + 2 = 6
  });

  it('resolves shared strings from the compact table: index 0, rich text, escapes, out-of-range index', async () => {
    const NSX = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const sst = `<?xml version="1.0"?><sst ${NSX} count="4" uniqueCount="4"><si><t>姓名</t></si>` +
      '<si><r><t>赵</t></r><r><rPr><b/></rPr><t>小芳</t></r></si><si><t>A&amp;B &lt;1&gt; 😀</t></si><si><t></t></si></sst>';
    const cell = (ref: string, i: number) => `<c r="${ref}" t="s"><v>${i}</v></c>`;
    const sheet = `<?xml version="1.0"?><worksheet ${NSX}><sheetData><row r="1">${cell('A1', 0)}</row>` +
      `<row r="2">${cell('A2', 1)}${cell('B2', 2)}${cell('C2', 3)}${cell('D2', 99)}<c r="E2" t="inlineStr"><is><t>内联</t></is></c></row></sheetData></worksheet>`;
    const entries = minimalXlsxEntries([[['x']]]).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, data: sheet } : e));
    const p = await tmp(zipBytes([...entries, { name: 'xl/sharedStrings.xml', data: sst, deflate: true }]), 'xlsx');
    const { headers, rows } = await collect(readXlsxRows(p));
    expect(headers).toEqual(['姓名']);
    expect(rows).toEqual([{ row: 1, cells: ['赵小芳', 'A&B <1> 😀', '', '', '内联'] }]);
  });

  it('CompactStrings returns every pushed string unchanged across buffer growth', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 3000 }), (xs) => {
      const t = new CompactStrings();
      for (const x of xs) t.push(x);
      expect(t.size).toBe(xs.length);
      for (let i = 0; i < xs.length; i++) expect(t.get(i)).toBe(xs[i]);
      expect(t.get(xs.length)).toBeUndefined();
      expect(t.get(-1)).toBeUndefined();
    }), { numRuns: 30 });
  });

  it('refuses a workbook without worksheets or with a damaged central directory', async () => {
    const noSheet = await tmp(zipBytes(minimalXlsxEntries([]).filter((e) => !e.name.startsWith('xl/worksheets'))), 'xlsx');
    await expect(collect(readXlsxRows(noSheet))).rejects.toMatchObject({ code: 'unreadable' });
    const broken = await tmp(zipBytes(minimalXlsxEntries([[['a']]])).subarray(0, 200), 'xlsx');
    await expect(collect(readXlsxRows(broken))).rejects.toBeInstanceOf(ImportError);
  });

  it('property (SECURITY I42 d): rows written with exceljs read back equal (shared and inline strings)', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', '"', "'", '<', '&', '张', '三', '=', '-', '\n', '·', '😀'), maxLength: 8 })
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const cell = fc.oneof(text, fc.integer({ min: -1e9, max: 1e12 }));
    const rowsArb = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.boolean(), async (rows, useSharedStrings) => {
        const p = join(dir, `rt${seq++}.xlsx`);
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: p, useSharedStrings });
        const ws = wb.addWorksheet('data');
        ws.addRow(['a', 'b', 'c']).commit();
        for (const r of rows) ws.addRow(r).commit();
        ws.commit();
        await wb.commit();
        const got = await collect(readXlsxRows(p));
        expect(got.headers).toEqual(['a', 'b', 'c']);
        expect(got.rows).toEqual(rows.map((r, i) => ({ row: i + 1, cells: r.map((c) => String(c)) })));
      }),
      { numRuns: 40 },
    );
  });
});
