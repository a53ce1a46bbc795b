/**
 * `renxing analyze aberration`: outbreak detectors of @renxing/analytics (R `surveillance` earsC, farringtonFlexible,
 * algo.cusum, algo.glrpois; CDC NSSP-ESSENCE) on every series of a CSV, printed as CSV
 * `series,t,observed,upperbound,alarm,expected,pvalue,score` (+ `level` for ESSENCE).
 * Options are R's control-list names in kebab-case; omitted options take the R defaults (the library's defaults).
 */
import {
  cusum, earsC, earsC3Documented, essenceEwma, essenceRegression, essenceSwitch, farringtonFlexible,
  glrPoisson, type CusumTransform, type EarsPoint, type EssencePoint, type FarringtonOptions,
} from '@renxing/analytics';
import { formatLogical, formatNumber, formatString, formatHeader, LineBuffer } from './csv-io';
import { parseIndexList, parseNumber, UsageError, type OptionSpecs, type ParsedOptions } from './options';
import type { SeriesTable } from './series-table';

export const ABERRATION_METHODS = [
  'ears-c1', 'ears-c2', 'ears-c3', 'ears-c3-doc', 'farrington', 'cusum', 'glr', 'essence', 'essence-ewma', 'essence-regression',
] as const;
export type AberrationMethod = (typeof ABERRATION_METHODS)[number];

/** One output row (R NA = null). */
export type AberrationRow = {
  /** 1-based index into the series */
  t: number;
  observed: number | null;
  upperbound: number | null;
  alarm: boolean | null;
  expected: number | null;
  pvalue: number | null;
  score: number | null;
  /** ESSENCE colour */
  level?: string;
};

const num = { kind: 'number' } as const;
const str = { kind: 'string' } as const;
const bool = { kind: 'bool' } as const;

const COMMON: OptionSpecs = {
  method: str, input: str, column: { kind: 'string', repeatable: true }, freq: num, range: str,
};
const EARS: OptionSpecs = { baseline: num, alpha: num, 'min-sigma': num };
const FARRINGTON: OptionSpecs = {
  b: num, w: num, reweight: bool, 'weights-threshold': num, alpha: num, trend: bool, 'p-threshold-trend': num, limit54: str,
  powertrans: str, 'population-offset': bool, population: str, 'no-periods': num, 'past-weeks-not-included': num,
  'threshold-method': str, 'package-compatible-dispersion': bool, 'epoch-as-date': bool,
};
const CUSUM: OptionSpecs = { k: num, h: num, m: str, trans: str, alpha: num, reset: bool };
const GLR: OptionSpecs = { 'c-arl': num, mu0: str, dir: str, ret: str, 'm-tilde': num, m: num, theta: num, 'x-max': num };
const ESSENCE_EWMA: OptionSpecs = { b: num, g: num, w1: num, w2: num };
const ESSENCE_REG: OptionSpecs = { b: num, g: num };

/** Allowed options for a method (common ones included). */
export function aberrationOptionSpecs(method: AberrationMethod): OptionSpecs {
  switch (method) {
    case 'ears-c1': case 'ears-c2': case 'ears-c3': case 'ears-c3-doc': return { ...COMMON, ...EARS };
    case 'farrington': return { ...COMMON, ...FARRINGTON };
    case 'cusum': return { ...COMMON, ...CUSUM };
    case 'glr': return { ...COMMON, ...GLR };
    case 'essence': case 'essence-ewma': return { ...COMMON, ...ESSENCE_EWMA };
    case 'essence-regression': return { ...COMMON, ...ESSENCE_REG };
  }
}

/**
 * A prepared detector (validated options): `check` validates one series (length, range, missing values where the
 * method needs complete data) and throws a UsageError; `run` computes it (values with null = NA).
 */
export type Detector = {
  method: AberrationMethod;
  check(name: string, y: (number | null)[]): void;
  run(name: string, y: (number | null)[]): AberrationRow[];
  extraLevel: boolean;
};

type RangeSpec = number[] | undefined;

function checkRange(range: RangeSpec, n: number, series: string): void {
  if (!range) return;
  for (const t of range) {
    if (t < 1 || t > n) throw new UsageError(`--range: t=${t} is outside 1..${n} (series '${series}' has ${n} values)`);
  }
}

/** Wraps a library error with the method and series it came from. */
function libraryCall<T>(method: string, series: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${method} on series '${series}': ${(e as Error).message}`);
  }
}

function earsRow(p: EarsPoint): AberrationRow {
  return { t: p.t, observed: p.observed, upperbound: p.upperbound, alarm: p.alarm, expected: p.expected, pvalue: null, score: p.score };
}

function essenceRows(points: EssencePoint[], range: RangeSpec): AberrationRow[] {
  const keep = range ? new Set(range) : null;
  const out: AberrationRow[] = [];
  for (const p of points) {
    if (keep && !keep.has(p.t)) continue;
    out.push({
      t: p.t, observed: p.observed, upperbound: null,
      // red = alert (p < 0.01); grey = no baseline/statistic (NA)
      alarm: p.level === 'grey' ? null : p.level === 'red',
      expected: p.expected, pvalue: p.pValue, score: p.statistic, level: p.level,
    });
  }
  return out;
}

const noNull = (y: (number | null)[]): number[] => y.map((v) => (v === null ? NaN : v));

/**
 * Validate the method options and build the detector. `table` gives the dates (ESSENCE, --epoch-as-date) and the
 * population column (--population).
 */
export function buildDetector(method: AberrationMethod, o: ParsedOptions, table: SeriesTable): Detector {
  const range: RangeSpec = o.has('range') ? parseIndexList('--range', o.string('range')!) : undefined;
  const freq = o.number('freq', { int: true, min: 1 }) ?? 52;
  const ctx = `--method ${method}`;

  if (method.startsWith('ears-')) {
    const baseline = o.number('baseline', { int: true, min: 3 }) ?? 7;
    const alpha = o.number('alpha', { gt: 0, lt: 1 });
    const minSigma = o.number('min-sigma', { min: 0 }) ?? 0;
    const variant = method === 'ears-c1' ? 'C1' : method === 'ears-c2' ? 'C2' : 'C3';
    const maxLag = variant === 'C1' ? baseline : variant === 'C2' ? baseline + 2 : baseline + 4;
    const what = variant === 'C1' ? 'baseline + 1' : variant === 'C2' ? 'baseline + 3' : 'baseline + 5';
    if (range) {
      const first = Math.min(...range);
      if (first - maxLag < 1) {
        throw new UsageError(`--range starts at t=${first} but ${method} with --baseline ${baseline} needs ${maxLag} earlier values: start at t >= ${maxLag + 1}`);
      }
    }
    const opts = { baseline, alpha, minSigma, range };
    return {
      method,
      extraLevel: false,
      check(name, y) {
        if (!range && y.length < maxLag + 1) {
          throw new UsageError(`series '${name}' is too short: ${y.length} values, but ${method} with --baseline ${baseline} needs at least ${maxLag + 1} (${what})`);
        }
        checkRange(range, y.length, name);
      },
      run(name, y) {
        const pts = libraryCall(ctx, name, () => (method === 'ears-c3-doc' ? earsC3Documented(y, opts) : earsC(y, { ...opts, method: variant })));
        return pts.map(earsRow);
      },
    };
  }

  if (method === 'farrington') {
    const b = o.number('b', { int: true, min: 1 }) ?? 5;
    const w = o.number('w', { int: true, min: 0 }) ?? 3;
    const limitRaw = o.string('limit54');
    let limit54: [number, number] | undefined;
    if (limitRaw !== undefined) {
      const parts = limitRaw.split(',').map((s) => s.trim());
      if (parts.length !== 2) throw new UsageError(`--limit54 must be two numbers 'cases,periods', e.g. 5,4 (got '${limitRaw}')`);
      limit54 = [parseNumber('--limit54 cases', parts[0], { int: true, min: 0 }), parseNumber('--limit54 periods', parts[1], { int: true, min: 1 })];
    }
    const populationOffset = o.bool('population-offset') ?? false;
    let population: number[] | undefined;
    if (o.has('population')) {
      const col = o.string('population')!;
      const vals = table.column(col);
      vals.forEach((v, i) => {
        if (v === null || !(v > 0)) throw new UsageError(`--population ${col}: values must be positive numbers (row ${i + 1}: ${v === null ? 'NA' : v})`);
      });
      population = vals as number[];
    }
    if (populationOffset && !population) throw new UsageError('--population-offset needs --population COLUMN (the population of each time point)');
    const epochAsDate = o.bool('epoch-as-date') ?? false;
    if (epochAsDate && !table.dates) throw new UsageError('--epoch-as-date needs a date column (date or dates, YYYY-MM-DD) in --input');
    const opts: FarringtonOptions = {
      freq, b, w, range,
      reweight: o.bool('reweight'),
      weightsThreshold: o.number('weights-threshold'),
      alpha: o.number('alpha', { gt: 0, lt: 1 }),
      trend: o.bool('trend'),
      pThresholdTrend: o.number('p-threshold-trend', { min: 0 }),
      limit54,
      powertrans: o.choice('powertrans', ['2/3', '1/2', 'none'] as const),
      populationOffset, population,
      noPeriods: o.number('no-periods', { int: true, min: 1 }),
      pastWeeksNotIncluded: o.number('past-weeks-not-included', { int: true, min: 0 }),
      thresholdMethod: o.choice('threshold-method', ['delta', 'nbPlugin', 'muan'] as const),
      packageCompatibleDispersion: o.bool('package-compatible-dispersion'),
      dates: epochAsDate ? table.dates! : undefined,
    };
    const first = range ? Math.min(...range) : freq * b + w + 1;
    return {
      method,
      extraLevel: false,
      check(name, y) {
        if (!range && y.length < first) {
          throw new UsageError(`series '${name}' is too short: ${y.length} values, but farrington with --freq ${freq} --b ${b} --w ${w} needs at least ${first} (freq·b + w + 1; decrease --b or give --range)`);
        }
        checkRange(range, y.length, name);
        if (!epochAsDate && first - freq * b < 1) {
          throw new UsageError(`--range starts at t=${first} but farrington needs reference points --b ${b} years (${freq * b} periods) earlier: decrease --b or start --range at t >= ${freq * b + 1}`);
        }
      },
      run(name, y) {
        const pts = libraryCall(ctx, name, () => farringtonFlexible(noNull(y), opts));
        return pts.map((p) => ({
          t: p.t, observed: p.observed, upperbound: p.upperbound, alarm: p.alarm, expected: p.expected, pvalue: p.pValue, score: p.score,
        }));
      },
    };
  }

  if (method === 'cusum') {
    if (!range) throw new UsageError("--range is required for cusum (R's algo.cusum has no default range; y before the range estimates m), e.g. --range 200:312");
    const k = o.number('k') ?? 1.04;
    const h = o.number('h') ?? 2.26;
    const trans = o.choice('trans', ['standard', 'rossi', 'anscombe', 'anscombe2nd', 'pearsonNegBin', 'none', 'anscombeNegBin'] as const);
    if (trans === 'anscombeNegBin') throw new UsageError("--trans anscombeNegBin is not implemented; use standard, rossi, anscombe, anscombe2nd, pearsonNegBin or none");
    const alpha = o.number('alpha', { gt: 0 });
    const reset = o.bool('reset') ?? false;
    const mRaw = o.string('m');
    let m: number | number[] | undefined;
    if (mRaw !== undefined) {
      if (mRaw === 'glm') throw new UsageError("--m glm (R's seasonal Poisson GLM estimate) is not implemented; give a number or one number per --range element");
      const parts = mRaw.split(',');
      m = parts.length === 1 ? parseNumber('--m', mRaw, { gt: 0 }) : parts.map((p) => parseNumber('--m', p, { gt: 0 }));
      if (Array.isArray(m) && m.length !== range.length) throw new UsageError(`--m has ${m.length} values but --range has ${range.length} time points`);
    } else if (Math.min(...range) < 2) {
      throw new UsageError('--range must start at t >= 2 for cusum without --m (m is the mean of the values before the range)');
    }
    return {
      method,
      extraLevel: false,
      check(name, y) {
        checkRange(range, y.length, name);
      },
      run(name, y) {
        const pts = libraryCall(ctx, name, () => cusum(y, { range, k, h, m, trans: trans as CusumTransform | undefined, alpha, reset }));
        return pts.map((p) => ({ t: p.t, observed: p.observed, upperbound: p.upperbound, alarm: p.alarm, expected: p.m, pvalue: null, score: p.cusum }));
      },
    };
  }

  if (method === 'glr') {
    if (!range) throw new UsageError('--range is required for glr (the monitored time points), e.g. --range 200:312');
    const muRaw = o.string('mu0');
    if (muRaw === undefined) {
      throw new UsageError("--mu0 is required for glr: the in-control mean (a number, or one number per --range element); R's GLM estimate of mu0 is not implemented");
    }
    const parts = muRaw.split(',');
    const mu0 = parts.length === 1 ? parseNumber('--mu0', muRaw, { gt: 0 }) : parts.map((p) => parseNumber('--mu0', p, { gt: 0 }));
    if (Array.isArray(mu0) && mu0.length !== range.length) throw new UsageError(`--mu0 has ${mu0.length} values but --range has ${range.length} time points`);
    const Mtilde = o.number('m-tilde', { int: true, min: 1 });
    const M = o.number('m', { int: true });
    if (M !== undefined && M !== -1 && M < (Mtilde ?? 1)) throw new UsageError('--m (window M) must be -1 (unlimited) or >= --m-tilde');
    const theta = o.number('theta');
    if (theta === 0) throw new UsageError('--theta must be a non-zero number');
    const opts = {
      range, mu0,
      cARL: o.number('c-arl'),
      dir: o.choice('dir', ['inc', 'dec'] as const),
      ret: o.choice('ret', ['value', 'cases'] as const),
      Mtilde, M, theta,
      xMax: o.number('x-max', { int: true, min: 1 }),
    };
    return {
      method,
      extraLevel: false,
      check(name, y) {
        checkRange(range, y.length, name);
        for (const t of range) {
          if (y[t - 1] === null) throw new UsageError(`glr on series '${name}': missing value at t=${t} (glr needs complete data in --range)`);
        }
      },
      run(name, y) {
        const pts = libraryCall(ctx, name, () => glrPoisson(y, opts));
        return pts.map((p) => ({ t: p.t, observed: p.observed, upperbound: p.upperbound, alarm: p.alarm, expected: p.mu0, pvalue: null, score: p.glr }));
      },
    };
  }

  // ESSENCE
  if (!table.dates) {
    throw new UsageError(`${method} needs a date column (date or dates, YYYY-MM-DD, one per row) in --input for its weekday effects`);
  }
  const dates = table.dates;
  dates.forEach((d, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new UsageError(`--input: ${table.dateColumn} on data row ${i + 1} is not a YYYY-MM-DD date ('${d}')`);
  });
  const B = o.number('b', { int: true, min: 7 }) ?? 28;
  const g = o.number('g', { int: true, min: 0 }) ?? 2;
  if (method !== 'essence-ewma' && B % 7 !== 0) throw new UsageError(`--b must be a multiple of 7 for ${method} (regression baseline), got ${B}`);
  const w1 = o.number('w1', { gt: 0, max: 1 });
  const w2 = o.number('w2', { gt: 0, max: 1 });
  return {
    method,
    extraLevel: true,
    check(name, y) {
      if (y.length < B + g + 1) {
        throw new UsageError(`series '${name}' is too short: ${y.length} values, but ${method} with --b ${B} --g ${g} needs at least ${B + g + 1} (B + g + 1)`);
      }
      checkRange(range, y.length, name);
      const miss = y.findIndex((v) => v === null || !Number.isFinite(v));
      if (miss >= 0) throw new UsageError(`${method} on series '${name}': missing value at t=${miss + 1} (ESSENCE needs a complete daily series)`);
    },
    run(name, y) {
      const yy = y as number[];
      const pts = libraryCall(ctx, name, () =>
        method === 'essence-ewma' ? essenceEwma(yy, dates, { B, g, w1, w2 })
          : method === 'essence-regression' ? essenceRegression(yy, dates, { B, g })
            : essenceSwitch(yy, dates, { B, g, w1, w2 }));
      return essenceRows(pts, range);
    },
  };
}

export const ABERRATION_COLUMNS = ['series', 't', 'observed', 'upperbound', 'alarm', 'expected', 'pvalue', 'score'] as const;

/**
 * Run the detector on the chosen series and stream the CSV to `out`. Every series is checked first and the first one
 * computed before anything is written, so that option and data errors leave stdout empty; then each series is
 * computed and written in turn (memory stays bounded by one series).
 */
export function writeAberrationCsv(detector: Detector, table: SeriesTable, columns: string[], out: (text: string) => void): void {
  for (const name of columns) detector.check(name, table.column(name));
  const first = columns.length > 0 ? detector.run(columns[0], table.column(columns[0])) : [];
  const buf = new LineBuffer(out);
  buf.push(formatHeader(detector.extraLevel ? [...ABERRATION_COLUMNS, 'level'] : ABERRATION_COLUMNS));
  const labels = table.tLabels;
  columns.forEach((name, j) => {
    const rows = j === 0 ? first : detector.run(name, table.column(name));
    const s = formatString(name);
    for (const r of rows) {
      const t = labels ? formatString(labels[r.t - 1]) : String(r.t);
      let line = `${s},${t},${formatNumber(r.observed)},${formatNumber(r.upperbound)},${formatLogical(r.alarm)},${formatNumber(r.expected)},${formatNumber(r.pvalue)},${formatNumber(r.score)}`;
      if (detector.extraLevel) line += `,${r.level ?? 'NA'}`;
      buf.push(`${line}\n`);
    }
  });
  buf.flush();
}
