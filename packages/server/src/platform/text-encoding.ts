import { open } from 'node:fs/promises';

/**
 * Text files as people save them in China: UTF-8 (with or without a byte-order mark) or GBK (Excel's "CSV" on a
 * Chinese Windows). One set of rules for every reader: UTF-8 is tried first with a fatal decoder, then GBK.
 * Used by the resident import (streaming, probed from the first bytes) and `renxing orgs import` (whole file).
 */

/** Text encodings accepted for CSV uploads. */
export type CsvEncoding = 'utf-8' | 'gbk';

/** Result of probing the first bytes of a text file. */
export type TextProbe =
  | { ok: true; encoding: CsvEncoding; bom: boolean }
  | { ok: false; reason: 'binary' | 'utf16' | 'undecodable' };

const PROBE_WINDOW = 64 * 1024;
const ASCII_SCAN_LIMIT = 1024 * 1024;

/** True when the bytes hold a NUL or too many C0 control characters to be a text file. */
export function looksBinary(bytes: Uint8Array): boolean {
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) || b === 0x7f) controls++;
  }
  return controls > Math.max(8, bytes.length / 100);
}

/** True when `bytes` decode without error under `encoding` (a truncated last character is allowed unless `atEof`). */
export function decodesAs(bytes: Uint8Array, encoding: CsvEncoding, atEof: boolean): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !atEof });
    return true;
  } catch {
    return false;
  }
}

/** True when the bytes start with the UTF-8 byte-order mark (EF BB BF). */
export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Decide UTF-8 (with or without BOM) versus GBK for a byte prefix. `window` starts at the first non-ASCII byte
 * of the file (or is the whole prefix); UTF-8 is tried first with a fatal decoder, then GBK.
 */
export function detectTextEncoding(prefix: Uint8Array, window: Uint8Array, atEof: boolean): TextProbe {
  if (prefix.length >= 2 && ((prefix[0] === 0xff && prefix[1] === 0xfe) || (prefix[0] === 0xfe && prefix[1] === 0xff))) {
    return { ok: false, reason: 'utf16' };
  }
  if (looksBinary(prefix)) return { ok: false, reason: 'binary' };
  const bom = hasUtf8Bom(prefix);
  if (bom) {
    return decodesAs(window, 'utf-8', atEof) ? { ok: true, encoding: 'utf-8', bom } : { ok: false, reason: 'undecodable' };
  }
  if (decodesAs(window, 'utf-8', atEof)) return { ok: true, encoding: 'utf-8', bom: false };
  if (decodesAs(window, 'gbk', atEof)) return { ok: true, encoding: 'gbk', bom: false };
  return { ok: false, reason: 'undecodable' };
}

/**
 * Probe a file's encoding from its beginning: binary check over the first 64 KB, then a fatal-decoder probe over
 * 64 KB starting at the first non-ASCII byte within the first 1 MB (pure-ASCII prefixes count as UTF-8).
 */
export async function probeTextFile(path: string): Promise<TextProbe> {
  const fh = await open(path, 'r');
  try {
    const head = new Uint8Array(PROBE_WINDOW);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const prefix = head.subarray(0, bytesRead);
    let firstHigh = -1;
    let offset = 0;
    let chunk = prefix;
    let eof = bytesRead < head.length;
    // Find the first byte >= 0x80 (a character boundary in both UTF-8 and GBK).
    for (;;) {
      const idx = chunk.findIndex((b) => b >= 0x80);
      if (idx >= 0) { firstHigh = offset + idx; break; }
      offset += chunk.length;
      if (eof || offset >= ASCII_SCAN_LIMIT) break;
      const next = new Uint8Array(PROBE_WINDOW);
      const r = await fh.read(next, 0, next.length, offset);
      chunk = next.subarray(0, r.bytesRead);
      eof = r.bytesRead < next.length;
      if (looksBinary(chunk)) return { ok: false, reason: 'binary' };
    }
    if (firstHigh < 0) return detectTextEncoding(prefix, prefix.subarray(0, 0), true);
    const win = new Uint8Array(PROBE_WINDOW);
    const r = await fh.read(win, 0, win.length, firstHigh);
    return detectTextEncoding(prefix, win.subarray(0, r.bytesRead), r.bytesRead < win.length);
  } finally {
    await fh.close();
  }
}

/**
 * Decodes a whole CSV file as saved by Excel: the UTF-8 BOM is dropped; UTF-8 when the rest decodes as UTF-8, else
 * GBK (lenient: bytes GBK cannot map become U+FFFD, so this never throws).
 */
export function decodeCsv(bytes: Uint8Array): string {
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  return new TextDecoder(decodesAs(body, 'utf-8', true) ? 'utf-8' : 'gbk').decode(body);
}
