/**
 * A CSV of counts for `renxing analyze`: one column per series, plus optional `t` (time labels, printed back as
 * given) and `date` / `dates` (ISO YYYY-MM-DD; needed by ESSENCE) columns.
 */
import { parseCsv, parseNumberField, type CsvTable } from './csv-io';
import { UsageError } from './options';

export type SeriesColumn = { name: string; values: (number | null)[] };

export type SeriesTable = {
  /** number of data rows */
  length: number;
  header: string[];
  /** the `t` column as written (null when absent) */
  tLabels: string[] | null;
  /** name of the date column (`date` or `dates`) and its values, null when absent */
  dateColumn: string | null;
  dates: string[] | null;
  /** columns whose every non-missing value is a number, except t and the date column */
  numericColumns: string[];
  /** numeric values of a column (null = NA); throws a UsageError for unknown or non-numeric columns */
  column(name: string): (number | null)[];
};

const DATE_NAMES = ['date', 'dates'];

/** Build the table from CSV text; `source` names the file in messages. */
export function readSeriesTable(text: string, source: string): SeriesTable {
  let csv: CsvTable;
  try {
    csv = parseCsv(text);
  } catch (e) {
    throw new UsageError(`--input ${source}: ${(e as Error).message}`);
  }
  const { header, rows } = csv;
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') throw new UsageError(`--input ${source}: the header has an empty column name`);
    if (seen.has(h)) throw new UsageError(`--input ${source}: column '${h}' appears twice in the header`);
    seen.add(h);
  }
  const idx = new Map(header.map((h, i) => [h, i]));
  const tIdx = idx.get('t');
  const dateName = DATE_NAMES.find((d) => idx.has(d)) ?? null;
  const dIdx = dateName === null ? undefined : idx.get(dateName);
  const cache = new Map<string, (number | null)[] | { badRow: number; value: string }>();
  const numeric = (name: string) => {
    let c = cache.get(name);
    if (c === undefined) {
      const j = idx.get(name)!;
      const vals: (number | null)[] = new Array(rows.length);
      let bad: { badRow: number; value: string } | null = null;
      for (let r = 0; r < rows.length; r++) {
        const v = parseNumberField(rows[r][j]);
        if (v !== null && Number.isNaN(v)) {
          bad = { badRow: r + 2, value: rows[r][j] };
          break;
        }
        vals[r] = v;
      }
      c = bad ?? vals;
      cache.set(name, c);
    }
    return c;
  };
  const numericColumns = header.filter((h, j) => j !== tIdx && j !== dIdx && Array.isArray(numeric(h)));
  return {
    length: rows.length,
    header,
    tLabels: tIdx === undefined ? null : rows.map((r) => r[tIdx].trim()),
    dateColumn: dateName,
    dates: dIdx === undefined ? null : rows.map((r) => r[dIdx].trim()),
    numericColumns,
    column(name: string) {
      if (!idx.has(name)) {
        throw new UsageError(`--column ${name}: no such column in ${source} (columns: ${header.join(', ')})`);
      }
      const c = numeric(name);
      if (!Array.isArray(c)) {
        throw new UsageError(`--column ${name}: column '${name}' of ${source} is not numeric (line ${c.badRow}: '${c.value}')`);
      }
      return c;
    },
  };
}
