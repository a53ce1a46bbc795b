/**
 * `renxing analyze seir`: deterministic SEIR projection of @renxing/analytics (RK4, optional Erlang-k latent stages),
 * constant R0, a contact-reduction scenario, or a daily R_t series driving beta(t) = R_t gamma N / S(t).
 * Output CSV `day,S,E,I,R,new_infections` (new infections = increase of cumulative infections over the day; NA on day 0).
 */
import { projectSeirRt, projectSeirScenario, seirConstant, type SeirPoint } from '@renxing/analytics';
import { formatHeader, formatNumber, LineBuffer } from './csv-io';
import { UsageError, type OptionSpecs, type ParsedOptions } from './options';
import { readSeriesTable } from './series-table';

const num = { kind: 'number' } as const;
const str = { kind: 'string' } as const;

export const SEIR_OPTIONS: OptionSpecs = {
  population: num, 'initial-infected': num, 'initial-exposed': num, 'initial-recovered': num, r0: num, 'incubation-days': num,
  'infectious-days': num, days: num, dt: num, 'erlang-k': num, 'contact-reduction': num, 'from-day': num, 'rt-csv': str, 'rt-column': str,
};

const RT_NAMES = ['Rt', 'rt', 'R_t', 'R', 'Median(R)', 'Mean(R)'];

/** The daily R_t values of --rt-csv (row i = day i - 1; the last value is carried forward). */
function readRt(text: string, file: string, column: string | undefined): number[] {
  const table = readSeriesTable(text, file);
  let name = column;
  if (name === undefined) {
    name = RT_NAMES.find((c) => table.header.includes(c));
    if (name === undefined) {
      const candidates = table.numericColumns.filter((c) => !['day', 't_start', 't_end'].includes(c));
      if (candidates.length !== 1) {
        throw new UsageError(`--rt-csv ${file}: no Rt column found (looked for ${RT_NAMES.join(', ')}); name it with --rt-column`);
      }
      name = candidates[0];
    }
  } else if (!table.header.includes(name)) {
    throw new UsageError(`--rt-column ${name}: no such column in ${file} (columns: ${table.header.join(', ')})`);
  }
  const vals = table.column(name);
  if (vals.length === 0) throw new UsageError(`--rt-csv ${file}: no data rows`);
  return vals.map((v, i) => {
    if (v === null || !(v >= 0) || !Number.isFinite(v)) throw new UsageError(`--rt-csv ${file}: column ${name} row ${i + 1} must be a non-negative number (got ${v === null ? 'NA' : v})`);
    return v;
  });
}

/** Run the projection and write the trajectory. `readFile` reads --rt-csv. */
export async function runSeir(o: ParsedOptions, readFile: (path: string) => string | Promise<string>, out: (text: string) => void): Promise<void> {
  const N = o.requiredNumber('population', { gt: 0 });
  const I0 = o.requiredNumber('initial-infected', { min: 0 });
  const E0 = o.number('initial-exposed', { min: 0 }) ?? 0;
  const R0init = o.number('initial-recovered', { min: 0 }) ?? 0;
  if (I0 + E0 + R0init > N) throw new UsageError('--initial-infected + --initial-exposed + --initial-recovered exceed --population');
  const incubation = o.requiredNumber('incubation-days', { gt: 0 });
  const infectious = o.requiredNumber('infectious-days', { gt: 0 });
  const days = o.number('days', { int: true, min: 0 }) ?? 180;
  const dt = o.number('dt', { gt: 0, max: 1 }) ?? 0.5;
  if (Math.abs(1 / dt - Math.round(1 / dt)) > 1e-9) throw new UsageError(`--dt must divide one day (1/dt an integer, e.g. 1, 0.5, 0.25), got ${dt}`);
  const k = o.number('erlang-k', { int: true, min: 1 }) ?? 1;
  const base = {
    N, sigma: 1 / incubation, gamma: 1 / infectious, latentStages: k, days, dt,
    init: { I: I0, E: E0, R: R0init },
  };
  const hasScenario = o.has('contact-reduction') || o.has('from-day');
  let traj: SeirPoint[];
  try {
    if (o.has('rt-csv')) {
      if (o.has('r0')) throw new UsageError('--r0 and --rt-csv exclude each other (with --rt-csv, beta(t) follows the R_t column)');
      if (hasScenario) throw new UsageError('--contact-reduction/--from-day and --rt-csv exclude each other');
      const file = o.string('rt-csv')!;
      let text: string;
      try {
        text = await readFile(file);
      } catch (e) {
        throw new UsageError(`--rt-csv ${file}: cannot read (${(e as Error).message})`);
      }
      traj = projectSeirRt({ ...base, rt: readRt(text, file, o.string('rt-column')) });
    } else {
      if (o.has('rt-column')) throw new UsageError('--rt-column needs --rt-csv');
      const r0 = o.requiredNumber('r0', { min: 0 });
      if (hasScenario) {
        const c = o.number('contact-reduction', { min: 0, max: 1 });
        if (c === undefined) throw new UsageError('--from-day needs --contact-reduction (fraction 0..1)');
        const fromDay = o.number('from-day', { int: true, min: 0 }) ?? 0;
        traj = projectSeirScenario({ ...base, r0, contactReduction: c, fromDay });
      } else {
        traj = seirConstant({ ...base, r0 });
      }
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`seir: ${(e as Error).message}`);
  }
  const buf = new LineBuffer(out);
  buf.push(formatHeader(['day', 'S', 'E', 'I', 'R', 'new_infections']));
  traj.forEach((p, i) => {
    const inc = i === 0 ? null : p.cumInfections - traj[i - 1].cumInfections;
    buf.push(`${p.day},${formatNumber(p.S)},${formatNumber(p.E)},${formatNumber(p.I)},${formatNumber(p.R)},${formatNumber(inc)}\n`);
  });
  buf.flush();
}
