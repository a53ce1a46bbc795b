/**
 * `renxing analyze rt`: EpiEstim `estimate_R(incid, method = "parametric_si")` (EpiEstim 2.2.4 output: windows whose
 * end is not after the mean serial interval are NA rows; `--drop-na` drops them as EpiEstim 3.0.0 does).
 * Input: a column `I` (or the one given by --column, or the only numeric column), or `local` + `imported` columns.
 */
import { EPIESTIM_COLUMNS, estimateRParametric, epiEstimTable, type Incidence } from '@renxing/analytics';
import { formatHeader, formatNumber, LineBuffer } from './csv-io';
import { parseIndexList, UsageError, type OptionSpecs, type ParsedOptions } from './options';
import type { SeriesTable } from './series-table';

const num = { kind: 'number' } as const;
const str = { kind: 'string' } as const;

export const RT_OPTIONS: OptionSpecs = {
  input: str, column: str, 'si-mean': num, 'si-sd': num, window: num, 'mean-prior': num, 'std-prior': num, 'cv-posterior': num,
  't-start': str, 't-end': str, 'drop-na': { kind: 'bool' },
};

/** Pick the incidence columns of the table according to --column. */
function incidenceOf(table: SeriesTable, o: ParsedOptions): { incid: Incidence; T: number } {
  const col = o.string('column');
  if (col !== undefined) return { incid: table.column(col), T: table.length };
  const has = (c: string) => table.header.includes(c);
  if (has('local') && has('imported')) return { incid: { local: table.column('local'), imported: table.column('imported') }, T: table.length };
  if (has('local') || has('imported')) throw new UsageError("--input: give both 'local' and 'imported' columns (or an 'I' column)");
  if (has('I')) return { incid: table.column('I'), T: table.length };
  if (table.numericColumns.length === 1) return { incid: table.column(table.numericColumns[0]), T: table.length };
  throw new UsageError(`--input has no 'I' column (nor 'local' + 'imported'); choose the incidence column with --column (numeric columns: ${table.numericColumns.join(', ') || 'none'})`);
}

/** Run the estimate and write EpiEstim's table; warnings go to `err`. */
export function runRt(o: ParsedOptions, table: SeriesTable, out: (text: string) => void, err: (text: string) => void): void {
  const meanSi = o.requiredNumber('si-mean', { gt: 1 });
  const stdSi = o.requiredNumber('si-sd', { gt: 0 });
  const window = o.number('window', { int: true, min: 1 }) ?? 7;
  const meanPrior = o.number('mean-prior', { gt: 0 });
  const stdPrior = o.number('std-prior', { gt: 0 });
  const cvPosterior = o.number('cv-posterior', { gt: 0 });
  const { incid, T } = incidenceOf(table, o);
  if (T < 2) throw new UsageError(`--input has ${T} time steps; R_t needs at least 2`);
  let tStart = o.has('t-start') ? parseIndexList('--t-start', o.string('t-start')!) : undefined;
  let tEnd = o.has('t-end') ? parseIndexList('--t-end', o.string('t-end')!) : undefined;
  if (tStart && !tEnd) tEnd = tStart.map((s) => s + window - 1);
  else if (tEnd && !tStart) tStart = tEnd.map((e) => e - window + 1);
  else if (!tStart && !tEnd) {
    if (T - window + 1 < 2) {
      throw new UsageError(`--input has ${T} time steps: too short for --window ${window} (windows start at t=2, so at least ${window + 1} steps are needed)`);
    }
    tStart = [];
    tEnd = [];
    for (let s = 2; s + window - 1 <= T; s++) {
      tStart.push(s);
      tEnd.push(s + window - 1);
    }
  }
  if (tStart!.length !== tEnd!.length) throw new UsageError(`--t-start has ${tStart!.length} values but --t-end has ${tEnd!.length}`);
  tStart!.forEach((s, i) => {
    const e = tEnd![i];
    if (s < 2 || s > T) throw new UsageError(`--t-start: ${s} is outside 2..${T} (EpiEstim windows start at t >= 2)`);
    if (e < 2 || e > T) throw new UsageError(`--t-end: ${e} is outside 2..${T}`);
    if (s > e) throw new UsageError(`--t-start ${s} is after --t-end ${e} (window ${i + 1})`);
  });
  let res;
  try {
    res = estimateRParametric(incid, {
      meanSi, stdSi, tStart, tEnd, meanPrior, stdPrior, cvPosterior, keepNaRows: !(o.bool('drop-na') ?? false),
    });
  } catch (e) {
    throw new UsageError(`rt: ${(e as Error).message}`);
  }
  for (const w of res.warnings) err(`Warning: ${w}\n`);
  const buf = new LineBuffer(out);
  buf.push(formatHeader(EPIESTIM_COLUMNS));
  for (const row of epiEstimTable(res)) {
    buf.push(`${EPIESTIM_COLUMNS.map((c) => formatNumber(row[c] as number | null)).join(',')}\n`);
  }
  buf.flush();
}
