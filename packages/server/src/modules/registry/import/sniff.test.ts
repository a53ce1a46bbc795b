import { copyFile, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { readXlsxRows } from './read';
import { inspectUpload } from './sniff';
import { encodeGbk, minimalXlsxEntries, zipBytes } from './test-support';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'sniff-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const file = async (name: string, bytes: Uint8Array | string) => {
  const p = join(dir, name);
  await writeFile(p, bytes);
  return p;
};

async function rejection(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected an ImportError');
}

/** Raw-deflate `total` zero bytes in chunks (the test never holds the uncompressed data). */
async function deflatedZeros(total: number): Promise<Buffer> {
  const z = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  z.on('data', (c: Buffer) => parts.push(c));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = total; left > 0; left -= chunk.length) {
    if (!z.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await new Promise((r) => z.once('drain', r));
  }
  await new Promise<void>((resolve) => z.end(resolve));
  return Buffer.concat(parts);
}

describe('inspectUpload (SECURITY I41)', () => {
  it('accepts a real XLSX written by exceljs and reports its entries', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['姓名', '身份证号']);
    const p = join(dir, 'ok.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await inspectUpload(p, 'ok.xlsx');
    expect(r.kind).toBe('xlsx');
    if (r.kind === 'xlsx') expect(r.entries).toBeGreaterThan(3);
  });

  it('accepts UTF-8 (BOM / no BOM) and GBK CSV and names the encoding', async () => {
    const text = '姓名,身份证号\r\n张三,330902198001011233\r\n';
    expect(await inspectUpload(await file('a.csv', text), 'a.csv')).toMatchObject({ kind: 'csv', encoding: 'utf-8', bom: false });
    expect(await inspectUpload(await file('b.csv', `\uFEFF${text}`), 'b.csv')).toMatchObject({ kind: 'csv', encoding: 'utf-8', bom: true });
    expect(await inspectUpload(await file('c.csv', encodeGbk(text)), 'c.csv')).toMatchObject({ kind: 'csv', encoding: 'gbk' });
  });

  it('detects GBK even when the first 64 KB are pure ASCII', async () => {
    const ascii = `name,idNumber\r\n${'a,b\r\n'.repeat(20_000)}`;
    const p = await file('late-gbk.csv', Buffer.concat([Buffer.from(ascii), encodeGbk('张三,李四\r\n')]));
    expect(await inspectUpload(p, 'late-gbk.csv')).toMatchObject({ kind: 'csv', encoding: 'gbk' });
  });

  it('refuses an 11 MB CSV with too_large / 413 (limit 10 MB)', async () => {
    const p = join(dir, 'big.csv');
    const fh = await open(p, 'w');
    const line = Buffer.from('张三,330902198001011233,东港小区,1,1,101\r\n'.padEnd(64, ' '));
    const block = Buffer.concat(Array.from({ length: 16384 }, () => line)); // 1 MiB
    for (let i = 0; i < 11; i++) await fh.write(block);
    await fh.close();
    const e = await rejection(inspectUpload(p, 'big.csv'));
    expect(e.code).toBe('too_large');
    expect(e.status).toBe(413);
  });

  it('applies the XLSX size limit to zip content', async () => {
    const p = await file('big.xlsx', zipBytes([{ name: '[Content_Types].xml', data: Buffer.alloc(3 * 1024 * 1024) }, { name: 'xl/workbook.xml', data: '<workbook/>' }]));
    const e = await rejection(inspectUpload(p, 'big.xlsx', { maxXlsxBytes: 2 * 1024 * 1024 }));
    expect(e.code).toBe('too_large');
    expect(e.status).toBe(413);
  });

  it('refuses a renamed ELF binary (/bin/ls as .xlsx) with type_mismatch', async () => {
    const p = join(dir, 'ls.xlsx');
    await copyFile('/bin/ls', p);
    const e = await rejection(inspectUpload(p, 'residents.xlsx'));
    expect(e.code).toBe('type_mismatch');
    expect(e.status).toBe(400);
  });

  it.each([
    ['PE', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(1000, 7)])],
    ['PDF', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n')],
    ['legacy xls (CFB)', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])],
    ['binary with NULs', Buffer.from([0x41, 0x00, 0x42, 0x00, 0x43])],
  ])('refuses %s content with type_mismatch whatever the name', async (_label, bytes) => {
    for (const name of ['x.xlsx', 'x.csv', undefined]) {
      const e = await rejection(inspectUpload(await file(`bin-${_label}`, bytes), name));
      expect(e.code).toBe('type_mismatch');
    }
  });

  it('refuses a zip that is not a workbook (no [Content_Types].xml / xl/workbook.xml)', async () => {
    const plain = await file('plain.xlsx', zipBytes([{ name: 'readme.txt', data: 'hello' }]));
    expect((await rejection(inspectUpload(plain, 'plain.xlsx'))).code).toBe('type_mismatch');
    const docx = await file('doc.xlsx', zipBytes([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w/>' }]));
    expect((await rejection(inspectUpload(docx, 'doc.xlsx'))).code).toBe('type_mismatch');
  });

  it('refuses text named .xlsx and a workbook named .csv', async () => {
    expect((await rejection(inspectUpload(await file('t.xlsx', 'a,b\n1,2\n'), 't.xlsx'))).code).toBe('type_mismatch');
    const xlsx = await file('w.csv', zipBytes(minimalXlsxEntries([[['姓名']]])));
    expect((await rejection(inspectUpload(xlsx, 'w.csv'))).code).toBe('type_mismatch');
    expect((await rejection(inspectUpload(xlsx, 'w.exe'))).code).toBe('type_mismatch');
  });

  it('refuses a zip with 1,001 entries (archive_limits)', async () => {
    const entries = [{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }];
    for (let i = 0; i < 999; i++) entries.push({ name: `xl/media/x${i}.txt`, data: 'x' });
    const p = await file('many.xlsx', zipBytes(entries));
    const e = await rejection(inspectUpload(p, 'many.xlsx'));
    expect(e.code).toBe('archive_limits');
    expect(e.status).toBe(400);
    // exactly 1,000 entries is still allowed
    const ok = await file('thousand.xlsx', zipBytes(entries.slice(0, 1000)));
    expect(await inspectUpload(ok, 'thousand.xlsx')).toMatchObject({ kind: 'xlsx', entries: 1000 });
  });

  it('refuses an entry declaring 150 MB uncompressed without inflating it (small RSS growth)', async () => {
    const zeros = await deflatedZeros(150 * 1024 * 1024); // a real 150 MB deflate bomb, ~150 KB
    const bytes = zipBytes([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(0), rawCompressed: zeros, declaredSize: 150 * 1024 * 1024 },
    ]);
    const p = await file('bomb.xlsx', bytes);
    const before = process.memoryUsage().rss;
    const e = await rejection(inspectUpload(p, 'bomb.xlsx'));
    const grown = process.memoryUsage().rss - before;
    expect(e.code).toBe('archive_limits');
    expect(grown).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses many entries that together exceed 100 MB, and one entry with ratio > 200', async () => {
    const z = await deflatedZeros(30 * 1024 * 1024);
    const four = [0, 1, 2, 3].map((i) => ({ name: `xl/p${i}.bin`, data: Buffer.alloc(0), rawCompressed: z, declaredSize: 30 * 1024 * 1024 }));
    const wbParts = [{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }];
    const lim = { maxCompressionRatio: 1e9 }; // isolate the total-size rule
    expect((await rejection(inspectUpload(await file('sum.xlsx', zipBytes([...wbParts, ...four])), 'sum.xlsx', lim))).code).toBe('archive_limits');
    const ratio = zipBytes([...wbParts, { name: 'xl/sharedStrings.xml', data: Buffer.alloc(1024 * 1024), deflate: true }]);
    const e = await rejection(inspectUpload(await file('ratio.xlsx', ratio), 'ratio.xlsx'));
    expect(e.code).toBe('archive_limits');
    expect(e.message).toContain('压缩比');
  });

  it('a zip whose central directory understates an entry is refused while reading (size verified)', async () => {
    const entries = minimalXlsxEntries([[['姓名', '身份证号'], ['张三', '330902198001011233']]]);
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const real = Buffer.from(sheet.data as string);
    sheet.declaredSize = 100; // lie: the deflated data is longer than declared
    const p = await file('liar.xlsx', zipBytes(entries));
    expect((await inspectUpload(p, 'liar.xlsx')).kind).toBe('xlsx');
    expect(real.length).toBeGreaterThan(100);
    const consume = async () => { for await (const _ of readXlsxRows(p)) { /* drain */ } };
    const e = await rejection(consume());
    expect(['unreadable', 'archive_limits']).toContain(e.code);
  });

  it('refuses an empty file and UTF-16 text', async () => {
    expect((await rejection(inspectUpload(await file('empty.csv', ''), 'empty.csv'))).code).toBe('empty_file');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名,身份证号\r\n', 'utf16le')]);
    expect((await rejection(inspectUpload(await file('u16.csv', utf16), 'u16.csv'))).code).toBe('encoding');
  });
});
