/** File-level error codes of the resident import (one upload, one code). */
export type ImportErrorCode =
  | 'too_large'
  | 'empty_file'
  | 'type_mismatch'
  | 'archive_limits'
  | 'encoding'
  | 'unreadable'
  | 'missing_headers'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'privileged_columns';

/** One detail line of a file-level error, shaped like the API error `details` entries. */
export type ImportErrorDetail = { path: string; code: string; message: string; messageEn: string };

/** Typed file-level import failure; `status` is the HTTP status the route should answer with. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly code: ImportErrorCode;
  readonly messageEn: string;
  readonly status: number;
  readonly details: ImportErrorDetail[];

  constructor(
    code: ImportErrorCode,
    message: string,
    messageEn: string,
    status = 400,
    details: ImportErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.messageEn = messageEn;
    this.status = status;
    this.details = details;
  }

  /** The `error` object of the API error envelope (`{ error, requestId }`). */
  toApiError(): { code: string; message: string; messageEn: string; details: ImportErrorDetail[] } {
    return { code: this.code, message: this.message, messageEn: this.messageEn, details: this.details };
  }
}

/** True when `e` is an ImportError (also across duplicated module instances). */
export function isImportError(e: unknown): e is ImportError {
  return e instanceof ImportError || (e instanceof Error && e.name === 'ImportError' && typeof (e as ImportError).code === 'string');
}

const mb = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** Constructors for the file-level errors, so wording stays in one place. */
export const importErrors = {
  tooLarge: (limit: number, kind: string) =>
    new ImportError('too_large', `文件过大：${kind.toUpperCase()} 文件不得超过 ${mb(limit)}`, `File too large: ${kind.toUpperCase()} files are limited to ${mb(limit)}`, 413),
  empty: () => new ImportError('empty_file', '文件为空', 'The file is empty', 400),
  typeMismatch: (zh: string, en: string) =>
    new ImportError('type_mismatch', `文件类型不符：${zh}。请上传 .xlsx 或 .csv 文件`, `File type mismatch: ${en}. Upload an .xlsx or .csv file`, 400),
  archiveLimits: (zh: string, en: string) =>
    new ImportError('archive_limits', `压缩包超出安全限制：${zh}`, `Archive exceeds safety limits: ${en}`, 400),
  encoding: (zh: string, en: string) =>
    new ImportError('encoding', `无法识别文件编码：${zh}。请另存为 UTF-8 或 GBK 编码的 CSV`, `Unrecognised text encoding: ${en}. Save the CSV as UTF-8 or GBK`, 400),
  unreadable: (zh: string, en: string, cause?: unknown) =>
    new ImportError('unreadable', `文件无法读取：${zh}`, `The file cannot be read: ${en}`, 400, [], { cause }),
  tooManyRows: (limit: number) =>
    new ImportError('too_many_rows', `数据行数超过上限 ${limit}`, `More than ${limit} data rows`, 413),
  tooManyColumns: (limit: number) =>
    new ImportError('too_many_columns', `列数超过上限 ${limit}`, `More than ${limit} columns`, 400),
};
