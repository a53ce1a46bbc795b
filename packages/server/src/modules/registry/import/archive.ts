import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { ImportError, importErrors } from './errors';

/** Zip-bomb limits checked against the central directory only (declared sizes; nothing is decompressed). */
export type ArchiveLimits = {
  /** More entries than this → archive_limits. */
  maxEntries: number;
  /** Sum of declared uncompressed sizes above this → archive_limits. */
  maxUncompressedBytes: number;
  /** Any entry whose uncompressed/compressed ratio exceeds this → archive_limits. */
  maxCompressionRatio: number;
  /** Entries smaller than this (uncompressed) are exempt from the ratio rule; they cannot amplify. */
  ratioMinBytes: number;
};

/** Default zip limits (SECURITY.md §7 I41). */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 1000,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioMinBytes: 4096,
};

/** One central-directory entry, as declared. */
export type ZipEntryInfo = {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  encrypted: boolean;
  entry: yauzl.Entry;
};

/** The central directory of an open zip file; call `close()` when done. */
export type CentralDirectory = {
  zip: yauzl.ZipFile;
  entries: ZipEntryInfo[];
  uncompressedBytes: number;
  close(): void;
};

const openZip = (path: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    );
  });

/**
 * Read the central directory with yauzl and enforce `limits` on the declared sizes. Throws ImportError
 * (`archive_limits`, or `unreadable` for a damaged directory).
 */
export async function readCentralDirectory(path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<CentralDirectory> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (e) {
    throw importErrors.unreadable('压缩包目录损坏', 'the zip central directory is damaged', e);
  }
  const close = () => {
    try { zip.close(); } catch { /* already closed */ }
  };
  if (zip.entryCount > limits.maxEntries) {
    close();
    throw importErrors.archiveLimits(`条目数 ${zip.entryCount} 超过 ${limits.maxEntries}`, `${zip.entryCount} entries exceed ${limits.maxEntries}`);
  }
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const un = entry.uncompressedSize;
        const comp = entry.compressedSize;
        total += un;
        if (entries.length + 1 > limits.maxEntries) {
          return reject(importErrors.archiveLimits(`条目数超过 ${limits.maxEntries}`, `more than ${limits.maxEntries} entries`));
        }
        if (total > limits.maxUncompressedBytes) {
          return reject(importErrors.archiveLimits(
            `解压后总大小超过 ${Math.round(limits.maxUncompressedBytes / 1048576)} MB`,
            `total uncompressed size exceeds ${Math.round(limits.maxUncompressedBytes / 1048576)} MB`,
          ));
        }
        if (un >= limits.ratioMinBytes && (comp === 0 || un / comp > limits.maxCompressionRatio)) {
          return reject(importErrors.archiveLimits(
            `条目压缩比超过 ${limits.maxCompressionRatio}`,
            `an entry's compression ratio exceeds ${limits.maxCompressionRatio}`,
          ));
        }
        entries.push({
          name: entry.fileName,
          compressedSize: comp,
          uncompressedSize: un,
          crc32: entry.crc32,
          encrypted: (entry.generalPurposeBitFlag & 0x1) !== 0,
          entry,
        });
        zip.readEntry();
      });
      zip.readEntry();
    });
  } catch (e) {
    close();
    if (e instanceof ImportError) throw e;
    throw importErrors.unreadable('压缩包目录损坏', 'the zip central directory is damaged', e);
  }
  return { zip, entries, uncompressedBytes: total, close };
}

const openEntryStream = (zip: yauzl.ZipFile, entry: yauzl.Entry) =>
  new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream)));
  });

/** Decompress one entry fully into memory, refusing more than `cap` bytes (sizes are validated by yauzl). */
async function readEntryText(cd: CentralDirectory, info: ZipEntryInfo, cap: number): Promise<string> {
  if (info.uncompressedSize > cap) {
    throw importErrors.archiveLimits(`${info.name} 过大`, `${info.name} is too large`);
  }
  const stream = await openEntryStream(cd.zip, info.entry);
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Resolve a relationship target of xl/workbook.xml to a zip entry name. */
function resolveTarget(target: string): string {
  const t = target.replace(/\\/g, '/');
  const parts = (t.startsWith('/') ? t.slice(1) : `xl/${t}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

const attr = (tag: string, name: RegExp): string | undefined => {
  const m = name.exec(tag);
  return m ? m[1] : undefined;
};

/**
 * The worksheets of a workbook in workbook (tab) order, each with its display name and zip entry, from workbook.xml and
 * its rels; entries that are not in the zip are left out. Chart sheets and macro sheets are not worksheets.
 */
export function listSheets(workbookXml: string, relsXml: string, names: Set<string>): Array<{ name: string; path: string }> {
  const targets = new Map<string, string>();
  const relRe = /<(?:\w+:)?Relationship\b[^>]*>/g;
  for (let m = relRe.exec(relsXml); m; m = relRe.exec(relsXml)) {
    const id = attr(m[0], /\sId="([^"]*)"/);
    const target = attr(m[0], /\sTarget="([^"]*)"/);
    const type = attr(m[0], /\sType="([^"]*)"/) ?? '';
    if (id !== undefined && target !== undefined && /\/worksheet$/.test(type)) targets.set(id, resolveTarget(target));
  }
  const out: Array<{ name: string; path: string }> = [];
  const sheetRe = /<(?:\w+:)?sheet\b[^>]*>/g;
  for (let m = sheetRe.exec(workbookXml); m; m = sheetRe.exec(workbookXml)) {
    const rid = attr(m[0], /\s(?:\w+:)?id="([^"]*)"/);
    const path = rid === undefined ? undefined : targets.get(rid);
    if (path !== undefined && names.has(path) && !out.some((x) => x.path === path)) {
      out.push({ name: xmlUnescape(attr(m[0], /\sname="([^"]*)"/) ?? ''), path });
    }
  }
  return out;
}

const xmlUnescape = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

/** Locate the first worksheet (workbook order) and the 1904 date system flag from workbook.xml and its rels. */
export function locateFirstSheet(workbookXml: string, relsXml: string, names: Set<string>): { sheet: string | undefined; date1904: boolean } {
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml);
  const sheetTag = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbookXml)?.[0];
  let sheet: string | undefined;
  const rid = sheetTag ? attr(sheetTag, /\s(?:\w+:)?id="([^"]*)"/) : undefined;
  if (rid !== undefined) {
    const relRe = /<(?:\w+:)?Relationship\b[^>]*>/g;
    for (let m = relRe.exec(relsXml); m; m = relRe.exec(relsXml)) {
      if (attr(m[0], /\sId="([^"]*)"/) === rid) {
        const target = attr(m[0], /\sTarget="([^"]*)"/);
        if (target !== undefined && names.has(resolveTarget(target))) sheet = resolveTarget(target);
        break;
      }
    }
  }
  if (!sheet) {
    let best = Infinity;
    for (const n of names) {
      const m = /^xl\/worksheets\/sheet(\d+)\.xml$/i.exec(n);
      if (m && Number(m[1]) < best) { best = Number(m[1]); sheet = n; }
    }
  }
  return { sheet, date1904 };
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Local file header of a stored (uncompressed) zip entry with known size and CRC. */
function storedHeader(name: string, size: number, crc: number): Buffer {
  const nameBuf = Buffer.from(name, 'utf8');
  const h = Buffer.alloc(30 + nameBuf.length);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed
  h.writeUInt16LE(0x0800, 6); // flags: UTF-8 names, sizes known
  h.writeUInt16LE(0, 8); // method: stored
  h.writeUInt32LE(0, 10); // time + date
  h.writeUInt32LE(crc >>> 0, 14);
  h.writeUInt32LE(size, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(nameBuf.length, 26);
  h.writeUInt16LE(0, 28);
  nameBuf.copy(h, 30);
  return h;
}

/**
 * A normalised, size-verified view of an XLSX for the exceljs streaming reader. `guard(p)` settles like `p` but
 * rejects as soon as the source stream fails (exceljs would otherwise wait forever on a piped stream that errored).
 */
export type XlsxCore = {
  stream: Readable; guard<T>(p: Promise<T>): Promise<T>; date1904: boolean; close(): void;
  /** The worksheets of the workbook in tab order (display names); `sheetIndex` is the one this stream holds. */
  sheets: string[]; sheetIndex: number;
};

/**
 * Rebuild the parts of an XLSX that the exceljs streaming reader needs (workbook, rels, shared strings, styles,
 * first worksheet) into a stored zip stream in a fixed order. Every part is decompressed by yauzl, which refuses
 * entries whose real size differs from the central directory, so the declared sizes checked by the bomb guard are
 * the sizes actually read; exceljs never sees hidden local entries, never inflates, and never spills to temp files.
 */
export async function openXlsxCore(path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS, sheetIndex = 0): Promise<XlsxCore> {
  const cd = await readCentralDirectory(path, limits);
  try {
    const byName = new Map<string, ZipEntryInfo>();
    for (const e of cd.entries) if (!byName.has(e.name)) byName.set(e.name, e);
    if (cd.entries.some((e) => e.encrypted)) {
      throw importErrors.unreadable('文件已加密', 'the file is encrypted');
    }
    const wbInfo = byName.get('xl/workbook.xml');
    if (!wbInfo) throw importErrors.unreadable('缺少工作簿（xl/workbook.xml）', 'no workbook part (xl/workbook.xml)');
    const relsInfo = byName.get('xl/_rels/workbook.xml.rels');
    const workbookXml = await readEntryText(cd, wbInfo, 16 * 1024 * 1024);
    const relsXml = relsInfo ? await readEntryText(cd, relsInfo, 4 * 1024 * 1024) : '';
    const names = new Set(byName.keys());
    const located = locateFirstSheet(workbookXml, relsXml, names);
    const date1904 = located.date1904;
    const listed = listSheets(workbookXml, relsXml, names);
    // Later sheets are opened only by index into the listed ones; index 0 keeps the first-sheet rule (with its fallback).
    const sheet = sheetIndex === 0 ? located.sheet : listed[sheetIndex]?.path;
    if (!sheet) throw importErrors.unreadable('工作簿中没有工作表', 'the workbook has no worksheet');
    const sheetInfo = byName.get(sheet)!;
    const synthetic = (name: string, xml: string) => ({ name, data: Buffer.from(xml, 'utf8') });
    const parts: Array<{ name: string; data: Buffer } | { name: string; info: ZipEntryInfo }> = [
      synthetic('xl/_rels/workbook.xml.rels',
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
      synthetic('xl/workbook.xml',
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
        `<workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    ];
    const sst = byName.get('xl/sharedStrings.xml');
    parts.push(sst ? { name: 'xl/sharedStrings.xml', info: sst } : synthetic('xl/sharedStrings.xml', `<sst xmlns="${NS_MAIN}"/>`));
    const styles = byName.get('xl/styles.xml');
    if (styles) parts.push({ name: 'xl/styles.xml', info: styles });
    parts.push({ name: 'xl/worksheets/sheet1.xml', info: sheetInfo });

    // One pending slot instead of Promise.race against a long-lived promise, which would retain every row.
    let failure: unknown;
    let pendingReject: ((e: unknown) => void) | undefined;
    const guard = <T>(p: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        pendingReject = reject;
        p.then(
          (v) => { pendingReject = undefined; resolve(v); },
          (e) => { pendingReject = undefined; reject(e); },
        );
      });
    let current: Readable | undefined;
    async function* generate(): AsyncGenerator<Buffer> {
      for (const p of parts) {
        if ('data' in p) {
          yield storedHeader(p.name, p.data.length, crc32(p.data));
          yield p.data;
        } else {
          if (p.info.uncompressedSize > 0xfffffffe) {
            throw importErrors.archiveLimits(`${p.name} 过大`, `${p.name} is too large`);
          }
          yield storedHeader(p.name, p.info.uncompressedSize, p.info.crc32);
          current = await openEntryStream(cd.zip, p.info.entry);
          for await (const chunk of current) yield chunk as Buffer;
          current = undefined;
        }
      }
      // An empty end-of-central-directory record, so the sequential reader ends cleanly.
      const eocd = Buffer.alloc(22);
      eocd.writeUInt32LE(0x06054b50, 0);
      yield eocd;
    }
    const stream = Readable.from(generate(), { objectMode: false });
    stream.on('error', (e) => {
      failure = e instanceof ImportError ? e : importErrors.unreadable('压缩数据损坏', 'the compressed data is damaged', e);
      pendingReject?.(failure);
    });
    stream.on('close', () => cd.close());
    return {
      stream,
      guard,
      date1904,
      sheets: listed.length > 0 ? listed.map((x) => x.name) : [''],
      sheetIndex,
      close: () => {
        current?.destroy();
        stream.destroy();
        cd.close();
      },
    };
  } catch (e) {
    cd.close();
    throw e;
  }
}
