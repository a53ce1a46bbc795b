/** Test helpers for the import tests only (zip building, GBK encoding, synthetic residents). Not part of the API. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import { makeCnId } from '@renxing/shared';

/** One entry for zipBytes; `declaredSize` overrides the uncompressed size written to the headers (to fake bombs). */
export type TestZipEntry = { name: string; data: Buffer | string; deflate?: boolean; declaredSize?: number; rawCompressed?: Buffer };

/** Build a zip file in memory (local headers, central directory, EOCD). */
export function zipBytes(entries: TestZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const body = e.rawCompressed ?? (e.deflate ? deflateRawSync(data) : data);
    const method = e.rawCompressed || e.deflate ? 8 : 0;
    const size = e.declaredSize ?? data.length;
    const crc = crc32(data);
    const name = Buffer.from(e.name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, body);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** Minimal hand-written XLSX parts: sheets given as rows of inline strings, in workbook order `order` (sheet file numbers). */
export function minimalXlsxEntries(sheets: string[][][], order = sheets.map((_, i) => i + 1)): TestZipEntry[] {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheetXml = (rows: string[][]) =>
    `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>` +
    rows.map((r, i) => `<row r="${i + 1}">` + r.map((v, j) => `<c r="${col(j)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('') + '</row>').join('') +
    '</sheetData></worksheet>';
  return [
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook ${NS}><sheets>` + order.map((n) => `<sheet name="S${n}" sheetId="${n}" r:id="rId${n}"/>`).join('') + '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        '</Relationships>',
    },
    ...sheets.map((rows, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(rows), deflate: true })),
  ];
}

let gbkTable: Map<string, number[]> | undefined;
/** Encode text as GBK by inverting the WHATWG GBK decoder over all two-byte codes (TextEncoder is UTF-8 only). */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new RangeError(`not encodable in GBK: U+${c.toString(16)}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

const REGIONS = ['330902', '330903', '330921', '330922', '110105', '440524'];
/** The i-th synthetic valid ID number (distinct for i < 6 × 32,000 × 1,000; born 1930–2017). */
export function syntheticId(i: number): string {
  const region = REGIONS[i % REGIONS.length];
  const k = Math.floor(i / REGIONS.length);
  const day = k % 32000;
  const seq = Math.floor(k / 32000) % 1000;
  const d = new Date(Date.UTC(1930, 0, 1) + day * 86_400_000);
  const iso = d.toISOString().slice(0, 10);
  return makeCnId(region, iso, seq);
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英';
/** The i-th synthetic resident as template-ordered cells. */
export function syntheticRow(i: number): string[] {
  const name = SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + GIVEN[(i * 13) % GIVEN.length];
  const phone = `13${String(100000000 + ((i * 7919) % 900000000)).padStart(9, '0')}`;
  return [name, syntheticId(i), phone, `小区${i % 7}`, `${(i % 30) + 1}幢`, `${(i % 3) + 1}单元`, String(101 + (i % 20)), i % 3 === 0 ? '户主' : '配偶', '户籍', i % 10 === 0 ? '独居' : '', `R-${i}`];
}

/** Stream a CSV of `n` synthetic residents (template headers) to `path` without holding it in memory. */
export async function writeSyntheticCsv(path: string, n: number, headers: readonly string[]): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => { if (!out.write(s)) await once(out, 'drain'); };
  await write(`${headers.join(',')}\r\n`);
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += `${syntheticRow(i).join(',')}\r\n`;
    if (buf.length > 65536) { await write(buf); buf = ''; }
  }
  await write(buf);
  out.end();
  await once(out, 'finish');
}
