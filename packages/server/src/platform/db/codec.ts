import type { Dialect } from './dialect';

/**
 * Normalises values between JavaScript and each driver. better-sqlite3 cannot bind booleans, Dates or objects and
 * returns 0/1, ISO text and JSON text; pg returns booleans, Date objects, parsed JSON and int8 as strings.
 */
export function createCodec(d: Dialect) {
  const sqlite = d.name === 'sqlite';
  return {
    /** Value to bind for a boolean column. */
    bool: (v: boolean): boolean | number => (sqlite ? (v ? 1 : 0) : v),
    /** Value to bind for an instant column. */
    ts: (v: Date | string): string => (typeof v === 'string' ? v : v.toISOString()),
    /** Value to bind for a JSON column. */
    json: (v: unknown): string => JSON.stringify(v),
    /** Reads a boolean column. */
    readBool: (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't',
    /** Reads an instant column as ISO-8601 text. */
    readTs: (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
    /** Reads a JSON column. */
    readJson: <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T)),
    /** Reads a count or bigint column as a number. */
    readInt: (v: unknown): number => (v == null ? 0 : typeof v === 'number' ? v : Number(v)),
  };
}

export type Codec = ReturnType<typeof createCodec>;
