/**
 * `renxing analyze …` — the analysts' command line over @renxing/analytics (issue 4, point 2).
 * `runAnalyze(argv, io)` returns the exit code: 0 ok, 2 usage or input error (message on stderr), 1 unexpected failure.
 */
import fs from 'node:fs';
import { ABERRATION_METHODS, aberrationOptionSpecs, buildDetector, writeAberrationCsv, type AberrationMethod } from './aberration';
import { parseOptions, UsageError } from './options';
import { RT_OPTIONS, runRt } from './rt';
import { runSeir, SEIR_OPTIONS } from './seir';
import { readSeriesTable } from './series-table';

export { formatNumber, parseCsv } from './csv-io';
export { ABERRATION_METHODS, type AberrationMethod, type AberrationRow } from './aberration';

export type AnalyzeIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** reads a file as UTF-8 text ('-' = standard input when the default io is used) */
  readFile: (path: string) => string | Promise<string>;
};

export const ANALYZE_HELP = `renxing analyze — outbreak detection, R_t and SEIR projection (same numbers as R surveillance / EpiEstim)

Usage:
  renxing analyze aberration --method METHOD --input FILE.csv [--column NAME[,NAME…]] [--range a:b] [method options]
  renxing analyze rt --input FILE.csv --si-mean M --si-sd S [--window 7] [--column I] [--mean-prior 5] [--std-prior 5]
                     [--cv-posterior 0.3] [--t-start 2,3,…|a:b] [--t-end …] [--drop-na]
  renxing analyze seir --population N --initial-infected I0 [--initial-exposed 0] [--initial-recovered 0]
                       --r0 R0 --incubation-days 5.2 --infectious-days 7 [--days 180] [--dt 0.5] [--erlang-k 1]
                       [--contact-reduction 0.3 --from-day 10] | [--rt-csv FILE [--rt-column Rt]] (instead of --r0)

Input CSV: one numeric column per series (all of them but the --population column unless --column is given; repeatable or a comma list),
optional 't' (printed back as the time label) and 'date'/'dates' (YYYY-MM-DD; needed by ESSENCE) columns; NA or empty = missing.
--range takes 1-based row indices (a:b or a list), as R's control$range.

aberration methods and their options (R control-list names in kebab-case; defaults = R's):
  ears-c1 | ears-c2 | ears-c3     earsC: --baseline 7 --alpha (0.001; C3 0.025) --min-sigma 0; default range (baseline+1|3|5):n
  ears-c3-doc                     C3 as documented (score >= qnorm(1-alpha)), same options
  farrington                      farringtonFlexible: --freq 52 --b 5 --w 3 --reweight true --weights-threshold 2.58
                                  --alpha 0.05 --trend true --p-threshold-trend 0.05 --limit54 5,4 --powertrans 2/3|1/2|none
                                  --no-periods 1 --past-weeks-not-included (= w) --threshold-method delta|nbPlugin|muan
                                  --package-compatible-dispersion true --population-offset false --population COLUMN
                                  --epoch-as-date false (use the date column as sts epochs); default range (freq·b+w+1):n
  cusum                           algo.cusum: --range (required) --k 1.04 --h 2.26 --m (mean before range)
                                  --trans standard|rossi|anscombe|anscombe2nd|pearsonNegBin|none --alpha 0.1 --reset false
  glr                             algo.glrpois: --range (required) --mu0 (required: number or one per range element)
                                  --c-arl 5 --dir inc|dec --ret value|cases --m-tilde 1 --m -1 (window M) --theta --x-max 10000
  essence | essence-ewma | essence-regression
                                  Rnssp alert_switch / alert_ewma / alert_regression: --b 28 --g 2 --w1 0.4 --w2 0.9
Output: series,t,observed,upperbound,alarm,expected,pvalue,score (R's NA, TRUE/FALSE, 15 significant digits).
  expected = reference mean (EARS), m (cusum), mu0 (glr), expected count (Farrington, ESSENCE);
  score = EARS statistic, CUSUM S_t, GLR statistic, Farrington score, ESSENCE test statistic.
  ESSENCE adds 'level' (red p<0.01, yellow p<0.05, blue, grey = no baseline); alarm = red (NA when grey); upperbound NA.
rt prints EpiEstim's columns t_start,t_end,Mean(R),Std(R),Quantile.0.025(R),…,Quantile.0.975(R) (NA rows for windows
  ending before the mean SI as EpiEstim 2.2.4; --drop-na drops them as 3.0.0); input column I, or local + imported.
seir prints day,S,E,I,R,new_infections.
Exit codes: 0 ok, 2 bad option or input (message on stderr).
`;

/** Raised when the reader of stdout went away (e.g. `| head`): stop quietly. */
class BrokenPipe extends Error {}

/**
 * Blocking write of all of `text` to a file descriptor. process.stdout is asynchronous for pipes, and the `renxing`
 * entry point calls process.exit() when the command returns, which would cut large outputs at the pipe's buffer size;
 * writeSync blocks instead (and keeps memory bounded); EAGAIN (a non-blocking pipe that is full) is retried.
 */
function writeAllSync(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  let pause: Int32Array | null = null;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        pause ??= new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      if (code === 'EPIPE') throw new BrokenPipe('stdout closed');
      throw e;
    }
  }
}

/** The io of a real process: stdout/stderr of this process (blocking writes), files from disk ('-' = stdin). */
export function processIo(): AnalyzeIo {
  return {
    stdout: (t) => writeAllSync(1, t),
    stderr: (t) => {
      try {
        writeAllSync(2, t);
      } catch {
        // nowhere left to report
      }
    },
    readFile: (p) => fs.readFileSync(p === '-' ? 0 : p, 'utf8'),
  };
}

async function readInput(io: AnalyzeIo, path: string | undefined, context: string): Promise<string> {
  if (path === undefined || path === '') throw new UsageError(`--input FILE.csv is required for ${context}`);
  try {
    return await io.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--input ${path}: cannot read the file${code ? ` (${code})` : ''}`);
  }
}

/** Value of `--method` in argv (either form), without validating anything else. */
function findMethod(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--method') return argv[i + 1];
    if (argv[i].startsWith('--method=')) return argv[i].slice('--method='.length);
  }
  return undefined;
}

/** Run `renxing analyze <sub> …`; returns the exit code. */
export async function runAnalyze(argv: string[], io: AnalyzeIo = processIo()): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help' || rest.includes('--help') || rest.includes('-h')) {
    io.stdout(ANALYZE_HELP);
    return 0;
  }
  try {
    switch (sub) {
      case 'aberration': {
        const method = findMethod(rest);
        if (method === undefined) throw new UsageError(`--method is required for analyze aberration (one of ${ABERRATION_METHODS.join(', ')})`);
        if (!(ABERRATION_METHODS as ReadonlyArray<string>).includes(method)) {
          throw new UsageError(`--method must be one of ${ABERRATION_METHODS.join(', ')} (got '${method}')`);
        }
        const m = method as AberrationMethod;
        const context = `analyze aberration --method ${m}`;
        const o = parseOptions(rest, aberrationOptionSpecs(m), context);
        const text = await readInput(io, o.string('input'), context);
        const table = readSeriesTable(text, o.string('input')!);
        const detector = buildDetector(m, o, table);
        // By default every numeric column is a series — but not the one named by --population (the denominators).
        const population = o.has('population') ? o.string('population') : undefined;
        const columns = o.has('column') ? o.list('column') : table.numericColumns.filter((c) => c !== population);
        if (columns.length === 0) throw new UsageError(`--input ${o.string('input')}: no numeric series column (columns: ${table.header.join(', ')})`);
        for (const c of columns) table.column(c); // unknown / non-numeric columns fail before any output
        writeAberrationCsv(detector, table, columns, io.stdout);
        return 0;
      }
      case 'rt': {
        const o = parseOptions(rest, RT_OPTIONS, 'analyze rt');
        const text = await readInput(io, o.string('input'), 'analyze rt');
        runRt(o, readSeriesTable(text, o.string('input')!), io.stdout, io.stderr);
        return 0;
      }
      case 'seir': {
        const o = parseOptions(rest, SEIR_OPTIONS, 'analyze seir');
        await runSeir(o, io.readFile, io.stdout);
        return 0;
      }
      default:
        throw new UsageError(`unknown analyze command '${sub}' (aberration, rt or seir; see renxing analyze --help)`);
    }
  } catch (e) {
    if (e instanceof BrokenPipe) return 0;
    if (e instanceof UsageError) {
      io.stderr(`renxing analyze: ${e.message}\n`);
      return 2;
    }
    io.stderr(`renxing analyze: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
