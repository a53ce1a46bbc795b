import { validateCnId } from '@renxing/shared';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { parseImportBuffer, type ParsedImport } from './pipeline';
import { TEMPLATE_HEADERS } from './template';
import { encodeGbk, syntheticRow, zipBytes, minimalXlsxEntries } from './test-support';

const NOW = new Date('2025-06-01T00:00:00+08:00');
const protoKeys = (o: object) => Object.getOwnPropertyNames(o).sort().join(',');
const OBJECT_KEYS = protoKeys(Object.prototype);
const ARRAY_KEYS = protoKeys(Array.prototype);

/** SECURITY I42 (a)+(b): only `{rows, errors}` or an ImportError; no prototype pollution; no PI in messages. */
async function parsesSafely(bytes: Uint8Array, declaredName?: string, tally?: Map<string, number>): Promise<void> {
  let out: ParsedImport | undefined;
  const started = performance.now();
  try {
    out = await parseImportBuffer(bytes, { now: NOW, declaredName });
    tally?.set(out.rows.length + out.errors.length > 0 ? 'rows' : 'no-rows', (tally.get(out.rows.length + out.errors.length > 0 ? 'rows' : 'no-rows') ?? 0) + 1);
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    tally?.set(e.code, (tally.get(e.code) ?? 0) + 1);
    expect(typeof e.code).toBe('string');
    expect([400, 413, 422]).toContain(e.status);
  }
  // Per-run time is recorded for the report (FUZZ_TALLY=1), not asserted: no timed assertions in tests (CONVENTIONS).
  tally?.set('max_ms', Math.max(tally.get('max_ms') ?? 0, Math.round(performance.now() - started)));
  expect(protoKeys(Object.prototype)).toBe(OBJECT_KEYS);
  expect(protoKeys(Array.prototype)).toBe(ARRAY_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (out) {
    expect(Array.isArray(out.rows) && Array.isArray(out.errors)).toBe(true);
    for (const r of out.rows) expect(validateCnId(r.idNumber, NOW).ok).toBe(true);
    for (const e of out.errors) {
      expect(Number.isInteger(e.row) && e.row >= 1).toBe(true);
      for (const m of [...e.message.matchAll(/[0-9]{17}[0-9X]/g)]) expect(validateCnId(m[0], NOW).ok).toBe(false);
    }
  }
}

const HEADER_POOL = [...TEMPLATE_HEADERS, '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '健康码', 'role', 'gridId', '性别', '出生日期', '户主身份证号', '', '"', '=cmd|"/c calc"!A1'];
const CELL_POOL = fc.oneof(
  fc.constantFrom('', ' ', '"', '""', '"a,b"', '\r', '\n', '\r\n', ',', '__proto__', '{"polluted":1}', '=1+1', '\u0000', '\uFEFF', '张三', '户主', '独居、慢病', '男', '1980-01-01'),
  fc.integer({ min: 0, max: 500 }).map((i) => syntheticRow(i)[1]),
  fc.integer({ min: 0, max: 500 }).map((i) => syntheticRow(i)[2]),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** Generated CSV documents: pooled headers, hostile cells, random quoting/line ends, BOM, UTF-8 or GBK-looking bytes. */
const csvDocument = fc
  .record({
    headers: fc.oneof(
      fc.array(fc.constantFrom(...HEADER_POOL), { minLength: 1, maxLength: 14 }),
      // all template headers in any order plus hostile extras, so most documents reach row validation
      fc.tuple(fc.shuffledSubarray([...TEMPLATE_HEADERS], { minLength: TEMPLATE_HEADERS.length }), fc.array(fc.constantFrom(...HEADER_POOL), { maxLength: 5 }))
        .map(([a, b]) => [...a, ...b]),
    ),
    rows: fc.array(fc.oneof(fc.array(CELL_POOL, { maxLength: 16 }), fc.nat({ max: 1000 }).map((i) => syntheticRow(i))), { maxLength: 30 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    quoteAll: fc.boolean(),
    bom: fc.boolean(),
    encoding: fc.constantFrom('utf8', 'gbk', 'gbk-looking'),
    junk: fc.uint8Array({ maxLength: 8 }),
  })
  .map(({ headers, rows, eol, quoteAll, bom, encoding, junk }) => {
    const q = (c: string) => (quoteAll || /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    const text = [headers, ...rows].map((r) => r.map(q).join(',')).join(eol);
    let body: Buffer;
    if (encoding === 'gbk') {
      try { body = encodeGbk(text); } catch { body = Buffer.from(text, 'utf8'); }
    } else body = Buffer.from(text, 'utf8');
    if (encoding === 'gbk-looking') body = Buffer.concat([body, Buffer.from(junk.map((b) => 0x81 + (b % 0x7e)))]);
    return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  });

async function sampleXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow([...TEMPLATE_HEADERS]);
  for (let i = 0; i < 5; i++) ws.addRow(syntheticRow(i));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('parseImportBuffer fuzzing (SECURITY I42)', () => {
  it('2,000 arbitrary byte arrays (0–64 KB): only results or ImportError, prototypes untouched', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 * 1024, size: 'max' }),
      fc.uint8Array({ maxLength: 256 }),
      fc.uint8Array({ maxLength: 4096 }).map((b) => Uint8Array.from(b, (x) => (x === 0 ? 32 : x))), // NUL-free: reaches the text path
      fc.uint8Array({ maxLength: 2048 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])), // zip magic
    );
    const tally = new Map<string, number>();
    await fc.assert(fc.asyncProperty(bytes, fc.constantFrom(undefined, 'a.csv', 'a.xlsx'), (b, name) => parsesSafely(b, name, tally)), { numRuns: 2000 });
    if (process.env.FUZZ_TALLY) console.log(Object.fromEntries(tally));
  });

  it('2,000 generated CSV documents (quotes, CR/LF, BOM, GBK, __proto__/constructor headers)', async () => {
    const tally = new Map<string, number>();
    await fc.assert(fc.asyncProperty(csvDocument, (doc) => parsesSafely(doc, undefined, tally)), { numRuns: 2000 });
    if (process.env.FUZZ_TALLY) console.log(Object.fromEntries(tally));
    expect(tally.get('rows') ?? 0).toBeGreaterThan(300); // the generator reaches row validation often (~25%)
  });

  it('500 mutated XLSX files (flipped bytes, truncation, insertion) and hand-built odd workbooks', async () => {
    const base = await sampleXlsx();
    const mutation = fc.oneof(
      fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => {
        const b = Buffer.from(base);
        for (const [i, v] of flips) b[i] = v;
        return b;
      }),
      fc.nat({ max: base.length }).map((n) => base.subarray(0, n)),
      fc.tuple(fc.nat({ max: base.length }), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, ins]) => Buffer.concat([base.subarray(0, at), ins, base.subarray(at)])),
      fc.array(fc.array(fc.array(CELL_POOL, { maxLength: 5 }), { maxLength: 6 }), { minLength: 1, maxLength: 3 }).map((sheets) => {
        const clean = sheets.map((rows) => rows.map((r) => r.map((c) => c.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''))));
        return zipBytes(minimalXlsxEntries(clean));
      }),
    );
    const tally = new Map<string, number>();
    await fc.assert(fc.asyncProperty(mutation, (b) => parsesSafely(b, undefined, tally)), { numRuns: 500 });
    if (process.env.FUZZ_TALLY) console.log(Object.fromEntries(tally));
    expect(tally.get('rows') ?? 0).toBeGreaterThan(5);
    expect(tally.get('unreadable') ?? 0).toBeGreaterThan(25);
  });
});
