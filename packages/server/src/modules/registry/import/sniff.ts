import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS, readCentralDirectory, type ArchiveLimits } from './archive';
import { probeTextFile, type CsvEncoding } from '../../../platform/text-encoding';
import { importErrors } from './errors';

/** Upload limits: per-type size caps plus the zip-bomb limits for XLSX. */
export type UploadLimits = ArchiveLimits & {
  /** Largest CSV accepted, in bytes (default 10 MB). */
  maxCsvBytes: number;
  /** Largest XLSX accepted, in bytes (default 20 MB). */
  maxXlsxBytes: number;
};

/** Default upload limits (SECURITY.md §7 I41). */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  ...DEFAULT_ARCHIVE_LIMITS,
  maxCsvBytes: 10 * 1024 * 1024,
  maxXlsxBytes: 20 * 1024 * 1024,
};

/** What an accepted upload turned out to be. */
export type UploadInspection =
  | { kind: 'csv'; size: number; encoding: CsvEncoding; bom: boolean }
  | { kind: 'xlsx'; size: number; entries: number; uncompressedBytes: number };

type Magic = { bytes: number[]; zh: string; en: string };
const KNOWN_BINARIES: Magic[] = [
  { bytes: [0x4d, 0x5a], zh: '可执行文件（PE）', en: 'an executable (PE)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], zh: '可执行文件（ELF）', en: 'an executable (ELF)' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], zh: '可执行文件（Mach-O）', en: 'an executable (Mach-O)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], zh: 'PDF 文档', en: 'a PDF document' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], zh: '旧版 .xls 或加密的 Office 文件（请另存为 .xlsx）', en: 'a legacy .xls or encrypted Office file (save as .xlsx)' },
  { bytes: [0x1f, 0x8b], zh: 'gzip 压缩包', en: 'a gzip archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], zh: '7z 压缩包', en: 'a 7z archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], zh: 'RAR 压缩包', en: 'a RAR archive' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], zh: 'PNG 图片', en: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], zh: 'JPEG 图片', en: 'a JPEG image' },
];

const startsWith = (buf: Uint8Array, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** The type a file name claims, from its extension; undefined when it has none. */
export function declaredKind(declaredName: string | undefined): 'csv' | 'xlsx' | 'other' | undefined {
  if (!declaredName) return undefined;
  const ext = extname(declaredName).toLowerCase();
  if (ext === '') return undefined;
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  return 'other';
}

/**
 * Check an uploaded file before parsing: size caps, type sniffed from the bytes (never trusted from the name),
 * zip-bomb limits from the central directory. Throws ImportError: too_large (413), empty_file, type_mismatch,
 * archive_limits, encoding, unreadable.
 */
export async function inspectUpload(path: string, declaredName?: string, limits: Partial<UploadLimits> = {}): Promise<UploadInspection> {
  const lim: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  const { size } = await stat(path);
  if (size === 0) throw importErrors.empty();
  const claimed = declaredKind(declaredName);
  if (size > Math.max(lim.maxCsvBytes, lim.maxXlsxBytes)) {
    throw importErrors.tooLarge(claimed === 'xlsx' ? lim.maxXlsxBytes : lim.maxCsvBytes, claimed === 'xlsx' ? 'xlsx' : 'csv');
  }
  const head = new Uint8Array(16);
  const fh = await open(path, 'r');
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  if (claimed === 'other') {
    throw importErrors.typeMismatch(`不支持的扩展名 ${extname(declaredName!)}`, `unsupported extension ${extname(declaredName!)}`);
  }

  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    if (claimed === 'csv') throw importErrors.typeMismatch('扩展名为 .csv，内容却是压缩包/xlsx', 'named .csv but the content is a zip/xlsx');
    if (size > lim.maxXlsxBytes) throw importErrors.tooLarge(lim.maxXlsxBytes, 'xlsx');
    const cd = await readCentralDirectory(path, lim);
    cd.close();
    const names = new Set(cd.entries.map((e) => e.name));
    if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
      throw importErrors.typeMismatch('压缩包不是 Excel 工作簿（缺少 [Content_Types].xml 或 xl/workbook.xml）', 'the zip is not an Excel workbook (no [Content_Types].xml or xl/workbook.xml)');
    }
    return { kind: 'xlsx', size, entries: cd.entries.length, uncompressedBytes: cd.uncompressedBytes };
  }
  for (const m of KNOWN_BINARIES) {
    if (startsWith(head, m.bytes)) throw importErrors.typeMismatch(`内容是${m.zh}`, `the content is ${m.en}`);
  }
  if (claimed === 'xlsx') throw importErrors.typeMismatch('扩展名为 .xlsx，内容却不是 Excel 工作簿', 'named .xlsx but the content is not an Excel workbook');
  const probe = await probeTextFile(path);
  if (!probe.ok) {
    if (probe.reason === 'binary') throw importErrors.typeMismatch('内容不是文本（含二进制数据）', 'the content is not text (binary data)');
    if (probe.reason === 'utf16') throw importErrors.encoding('UTF-16 文本', 'UTF-16 text');
    throw importErrors.encoding('既不是 UTF-8 也不是 GBK', 'neither UTF-8 nor GBK');
  }
  if (size > lim.maxCsvBytes) throw importErrors.tooLarge(lim.maxCsvBytes, 'csv');
  return { kind: 'csv', size, encoding: probe.encoding, bom: probe.bom };
}
