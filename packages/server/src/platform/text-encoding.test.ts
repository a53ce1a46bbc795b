// Whole-file decoding for `renxing orgs import` (the streaming probe of the resident import is tested through
// inspectUpload and readCsvRows in modules/registry/import): UTF-8 with or without a BOM, else GBK, never an error.
import { describe, expect, it } from 'vitest';
import { decodeCsv } from './text-encoding';

describe('decodeCsv', () => {
  it('reads GBK as saved by Chinese Excel', () => {
    // 编码,名称,层级,上级编码 / 330921,岱山县,县,330900 in GBK.
    const gbk = Buffer.from('b1e0c2eb2cc3fbb3c62cb2e3bcb62cc9cfbcb6b1e0c2eb0d0a3333303932312ce1b7c9bdcfd82ccfd82c3333303930300d0a', 'hex');
    expect(decodeCsv(gbk)).toBe('编码,名称,层级,上级编码\r\n330921,岱山县,县,330900\r\n');
  });

  it('reads UTF-8 with and without a BOM, dropping the BOM', () => {
    const text = '编码,名称,层级,上级编码\n330922,嵊泗县,县,330900\n';
    expect(decodeCsv(Buffer.from(text))).toBe(text);
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
  });

  it('falls back to lenient GBK for bytes that are not UTF-8 (after a BOM too) instead of throwing', () => {
    // 0x81 at the end is a GBK lead byte without its trail byte (and no UTF-8); 0xd5 0xc5 is 张 in GBK.
    expect(decodeCsv(Buffer.from([0x61, 0xd5, 0xc5, 0x81]))).toBe('a张\uFFFD');
    expect(decodeCsv(Buffer.from([0xef, 0xbb, 0xbf, 0xd5, 0xc5]))).toBe('张');
  });
});
