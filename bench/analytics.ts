// `npm run bench -- analytics` (issue 4 acceptance): @renxing/analytics against R on the same synthetic inputs.
//
// Inputs (deterministic, seeded PRNG; written to bench/out/analytics/ as CSV, one column per series):
//   ears_daily.csv       5,000 grids × 730 days: Poisson counts, grid level 0.5–8/day, weekday effect, yearly wave,
//                        outbreaks (5–10 days, +2–4× the level) injected in ~8% of the grids
//   farrington_weekly.csv  500 series × 312 weeks (6 years): level 1–20/week, yearly seasonality, slight trend, outbreaks
//   rt_daily.csv         5,000 epidemic curves × 120 days (growth to a peak of 10–1000 cases/day, decline)
// Timed (computation only, in-process, after reading the CSV; a warm-up on the first 20 series first):
//   (a) earsC C1, C2, C3 (defaults: baseline 7, alpha 0.001 / 0.001 / 0.025, default range) on every grid;
//   (b) farringtonFlexible with the package defaults (b 5, w 3, freq 52, …) and the DEFAULT range (52·5+3+1):312 =
//       264:312, i.e. the last 49 weeks;
//   (c) EpiEstim parametric_si, SI 5.2 / 2.8, default weekly windows (t_start 2..114), on every series.
// R baseline in the same run (when Rscript is installed): bench/r/{ears,farrington,rt}.R read the same CSVs and time
// earsC / farringtonFlexible / estimate_R with system.time around the computation only; a missing R or package → NA.
// Then the outputs are compared on a sample (first BENCH_SAMPLE series, default 200): alarms must be identical.
//
// Env: BENCH_R=0 skips R; BENCH_ANALYTICS_SCALE=0.1 shrinks the series counts (quick runs; the RESULT line then says
// scale=…); BENCH_SAMPLE=N series compared with R; BENCH_CLI=0 skips the end-to-end CLI timing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { earsC, estimateRParametric, farringtonFlexible, type EarsPoint, type FarringtonPoint, type RRow } from '@renxing/analytics';
import { parseCsv, runAnalyze } from '../packages/server/src/modules/analytics-cli';

const OUT = path.resolve(import.meta.dirname, 'out', 'analytics');
const R_DIR = path.resolve(import.meta.dirname, 'r');
const SCALE = Number(process.env.BENCH_ANALYTICS_SCALE ?? 1);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 200);
const WITH_R = process.env.BENCH_R !== '0';
const WITH_CLI = process.env.BENCH_CLI !== '0';

const N_EARS = Math.max(1, Math.round(5000 * SCALE));
const DAYS = 730;
const N_FARR = Math.max(1, Math.round(500 * SCALE));
const WEEKS = 312;
const N_RT = Math.max(1, Math.round(5000 * SCALE));
const RT_DAYS = 120;

// ---------------------------------------------------------------------------------------------------------------
// deterministic synthetic data

/** mulberry32: small, fast, seeded 32-bit PRNG → uniform [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson(lambda): Knuth's product method for lambda < 30, else a rounded normal approximation (clipped at 0). */
function poisson(rnd: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const L = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= rnd();
    } while (p > L);
    return k - 1;
  }
  const u1 = Math.max(rnd(), 1e-300);
  const u2 = rnd();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
}

const WEEKDAY = [1.1, 1.08, 1.02, 1.0, 0.97, 0.78, 0.7];

function earsSeries(rnd: () => number): number[] {
  const level = 0.5 + 7.5 * rnd();
  const phase = rnd() * 2 * Math.PI;
  const y = new Array<number>(DAYS);
  let outbreakStart = -1;
  let outbreakLen = 0;
  let outbreakSize = 0;
  if (rnd() < 0.08) {
    outbreakStart = 30 + Math.floor(rnd() * (DAYS - 45));
    outbreakLen = 5 + Math.floor(rnd() * 6);
    outbreakSize = 2 + 2 * rnd();
  }
  for (let d = 0; d < DAYS; d++) {
    let lambda = level * WEEKDAY[d % 7] * (1 + 0.25 * Math.cos((2 * Math.PI * d) / 365 + phase));
    if (d >= outbreakStart && d < outbreakStart + outbreakLen && outbreakStart >= 0) lambda += outbreakSize * level;
    y[d] = poisson(rnd, lambda);
  }
  return y;
}

function farringtonSeries(rnd: () => number): number[] {
  const level = 1 + 19 * rnd();
  const amp = 0.2 + 0.5 * rnd();
  const trend = (rnd() - 0.5) * 0.002;
  const phase = rnd() * 2 * Math.PI;
  const y = new Array<number>(WEEKS);
  const outbreaks: [number, number, number][] = [];
  const n = Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) outbreaks.push([Math.floor(rnd() * WEEKS), 2 + Math.floor(rnd() * 4), (1 + 3 * rnd()) * level]);
  for (let w = 0; w < WEEKS; w++) {
    let lambda = level * Math.exp(amp * Math.cos((2 * Math.PI * w) / 52 + phase) + trend * w);
    for (const [s, len, size] of outbreaks) if (w >= s && w < s + len) lambda += size;
    y[w] = poisson(rnd, lambda);
  }
  return y;
}

/**
 * An epidemic curve: peak incidence log-uniform in 10..1000 cases/day, exponential growth (0.08–0.2/day) to a peak
 * on day 40–90, then decline (0.02–0.1/day); a floor of 0.3/day; weekday reporting effect.
 */
function rtSeries(rnd: () => number): number[] {
  const peakCases = 10 ** (1 + 2 * rnd());
  const r = 0.08 + 0.12 * rnd();
  const peak = 40 + Math.floor(rnd() * 51);
  const decline = 0.02 + 0.08 * rnd();
  const y = new Array<number>(RT_DAYS);
  for (let d = 0; d < RT_DAYS; d++) {
    const lambda = d <= peak ? peakCases * Math.exp(-r * (peak - d)) : peakCases * Math.exp(-decline * (d - peak));
    y[d] = poisson(rnd, Math.max(0.3, lambda) * WEEKDAY[d % 7]);
  }
  return y;
}

/** Wide CSV: t plus one column per series (names like g0001). */
function writeWide(file: string, prefix: string, series: number[][]): void {
  const n = series[0].length;
  const width = String(series.length).length;
  const names = series.map((_, j) => `${prefix}${String(j + 1).padStart(Math.max(4, width), '0')}`);
  const lines = [`t,${names.join(',')}`];
  for (let i = 0; i < n; i++) {
    let line = String(i + 1);
    for (const s of series) line += `,${s[i]}`;
    lines.push(line);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Read a wide CSV back (the same way the CLI reads it): series names and columns. */
function readWide(file: string): { names: string[]; cols: number[][] } {
  const { header, rows } = parseCsv(fs.readFileSync(file, 'utf8'));
  const names = header.slice(1);
  const cols = names.map((_, j) => rows.map((r) => Number(r[j + 1])));
  return { names, cols };
}

// ---------------------------------------------------------------------------------------------------------------
// timing helpers

const now = () => performance.now();

/** Run `f` on every column; warm-up on the first 20 columns first (not timed). Returns seconds and the sample. */
function timeAll<T>(cols: number[][], f: (y: number[]) => T, keep: number): { s: number; sample: T[] } {
  for (const y of cols.slice(0, 20)) f(y);
  const sample: T[] = [];
  const t0 = now();
  for (let j = 0; j < cols.length; j++) {
    const r = f(cols[j]);
    if (j < keep) sample.push(r);
  }
  return { s: (now() - t0) / 1000, sample };
}

type RRun = { times: Record<string, number>; ok: boolean; note: string };

function runR(script: string, input: string): RRun {
  if (!WITH_R) return { times: {}, ok: false, note: 'skipped (BENCH_R=0)' };
  const p = spawnSync('Rscript', [path.join(R_DIR, script), input, OUT, String(SAMPLE)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (p.error) return { times: {}, ok: false, note: `Rscript not available (${(p.error as NodeJS.ErrnoException).code})` };
  const times: Record<string, number> = {};
  for (const m of p.stdout.matchAll(/^TIME (\S+) ([\d.]+)$/gm)) times[m[1]] = Number(m[2]);
  if (p.status !== 0) {
    const why = /there is no package called ‘([^’]+)’/.exec(p.stderr)?.[1];
    return { times, ok: false, note: why ? `R package ${why} missing` : `Rscript ${script} failed (exit ${p.status}): ${p.stderr.trim().split('\n').slice(-2).join(' ')}` };
  }
  return { times, ok: true, note: '' };
}

const fmtS = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'NA' : v < 10 ? v.toFixed(3) : v.toFixed(1));
const ratio = (ours: number, r: number | undefined) => (r === undefined || Number.isNaN(r) ? 'NA' : `${(r / ours).toFixed(1)}×`);

function readRecords(file: string): Record<string, string>[] {
  const { header, rows } = parseCsv(fs.readFileSync(file, 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const rNum = (v: string) => (v === 'NA' || v === 'NaN' ? null : Number(v));
const rBool = (v: string) => (v === 'TRUE' || v === '1' ? true : v === 'FALSE' || v === '0' ? false : null);
function rel(a: number | null, b: number | null): number {
  if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b)) return (a === null || Number.isNaN(a as number)) === (b === null || Number.isNaN(b as number)) ? 0 : Infinity;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}

type Check = { rows: number; alarmDiff: number; maxRel: number; what: string };

/** Compare our detection points with R's sample file (series,t,upperbound,alarm). */
function compareDetections(file: string, names: string[], ours: (EarsPoint | FarringtonPoint)[][]): Check {
  const ref = readRecords(file);
  const bySeries = new Map(names.map((n, j) => [n, ours[j]]));
  let alarmDiff = 0;
  let maxRel = 0;
  let rows = 0;
  const index = new Map<string, Map<number, EarsPoint | FarringtonPoint>>();
  for (const r of ref) {
    let m = index.get(r.series);
    if (!m) {
      m = new Map((bySeries.get(r.series) ?? []).map((p) => [p.t, p]));
      index.set(r.series, m);
    }
    const p = m.get(Number(r.t));
    rows++;
    if (!p) {
      alarmDiff++;
      continue;
    }
    const a = p.alarm;
    const b = rBool(r.alarm);
    if (a !== b) alarmDiff++;
    maxRel = Math.max(maxRel, rel(p.upperbound, rNum(r.upperbound)));
  }
  return { rows, alarmDiff, maxRel, what: 'upperbound' };
}

function compareRt(file: string, names: string[], ours: RRow[][]): Check {
  const ref = readRecords(file);
  const bySeries = new Map(names.map((n, j) => [n, ours[j]]));
  let maxRel = 0;
  let missing = 0;
  const cols: [keyof RRow, string][] = [['mean', 'Mean(R)'], ['std', 'Std(R)'], ['q0025', 'Quantile.0.025(R)'], ['q005', 'Quantile.0.05(R)'],
    ['q025', 'Quantile.0.25(R)'], ['median', 'Median(R)'], ['q075', 'Quantile.0.75(R)'], ['q095', 'Quantile.0.95(R)'], ['q0975', 'Quantile.0.975(R)']];
  const pos = new Map<string, number>();
  for (const r of ref) {
    const i = pos.get(r.series) ?? 0;
    pos.set(r.series, i + 1);
    const row = bySeries.get(r.series)?.[i];
    if (!row || row.tStart !== Number(r.t_start) || row.tEnd !== Number(r.t_end)) {
      missing++;
      continue;
    }
    for (const [k, c] of cols) maxRel = Math.max(maxRel, rel(row[k] as number | null, rNum(r[c])));
  }
  return { rows: ref.length, alarmDiff: missing, maxRel, what: 'all quantiles' };
}

// ---------------------------------------------------------------------------------------------------------------

export async function run(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const files = { ears: path.join(OUT, 'ears_daily.csv'), farr: path.join(OUT, 'farrington_weekly.csv'), rt: path.join(OUT, 'rt_daily.csv') };
  let t0 = now();
  const rnd = prng(20240601);
  writeWide(files.ears, 'g', Array.from({ length: N_EARS }, () => earsSeries(rnd)));
  writeWide(files.farr, 's', Array.from({ length: N_FARR }, () => farringtonSeries(rnd)));
  writeWide(files.rt, 'r', Array.from({ length: N_RT }, () => rtSeries(rnd)));
  process.stdout.write(`inputs    ${N_EARS} × ${DAYS} days, ${N_FARR} × ${WEEKS} weeks, ${N_RT} × ${RT_DAYS} days written to ${path.relative(process.cwd(), OUT)}/ in ${((now() - t0) / 1000).toFixed(1)} s (seed 20240601${SCALE !== 1 ? `, scale ${SCALE}` : ''})\n`);

  // ---- ours
  const ears = readWide(files.ears);
  const ours: Record<string, number> = {};
  const earsSample: Record<string, EarsPoint[][]> = {};
  for (const m of ['C1', 'C2', 'C3'] as const) {
    const r = timeAll(ears.cols, (y) => earsC(y, { method: m, baseline: 7 }), SAMPLE);
    ours[`ears_${m}`] = r.s;
    earsSample[m] = r.sample;
    process.stdout.write(`ours      earsC ${m}: ${fmtS(r.s)} s\n`);
  }
  ours.ears = ours.ears_C1 + ours.ears_C2 + ours.ears_C3;
  const farr = readWide(files.farr);
  const fr = timeAll(farr.cols, (y) => farringtonFlexible(y, { freq: 52 }), SAMPLE);
  ours.farrington = fr.s;
  process.stdout.write(`ours      farringtonFlexible: ${fmtS(fr.s)} s\n`);
  const rtw = readWide(files.rt);
  const rr = timeAll(rtw.cols, (y) => estimateRParametric(y, { meanSi: 5.2, stdSi: 2.8 }).R, SAMPLE);
  ours.rt = rr.s;
  process.stdout.write(`ours      estimate_R parametric_si: ${fmtS(rr.s)} s\n`);

  // ---- the CLI end to end (read + parse CSV, compute, format every row), informational
  let cli: number | undefined;
  let cliBytes = 0;
  if (WITH_CLI) {
    t0 = now();
    const code = await runAnalyze(['aberration', '--method', 'ears-c1', '--input', files.ears], {
      stdout: (s) => { cliBytes += s.length; },
      stderr: (s) => void process.stderr.write(s),
      readFile: (p) => fs.readFileSync(p, 'utf8'),
    });
    cli = (now() - t0) / 1000;
    if (code !== 0) throw new Error(`renxing analyze exited ${code}`);
  }

  // ---- R
  const rTimes: Record<string, number> = {};
  const notes: string[] = [];
  const checks: string[] = [];
  for (const [script, input] of [['ears.R', files.ears], ['farrington.R', files.farr], ['rt.R', files.rt]] as const) {
    if (WITH_R) process.stdout.write(`R         running ${script} …\n`);
    t0 = now();
    const res = runR(script, input);
    Object.assign(rTimes, res.times);
    if (!res.ok) notes.push(`${script}: ${res.note}`);
    else process.stdout.write(`R         ${script} done in ${((now() - t0) / 1000).toFixed(0)} s wall\n`);
  }
  const rEars = ['ears_C1', 'ears_C2', 'ears_C3'].every((k) => k in rTimes) ? rTimes.ears_C1 + rTimes.ears_C2 + rTimes.ears_C3 : undefined;

  // ---- same outputs as R on a sample
  const k = (n: number) => Math.min(SAMPLE, n);
  if (rEars !== undefined) {
    for (const m of ['C1', 'C2', 'C3'] as const) {
      const c = compareDetections(path.join(OUT, `r_ears_${m}.csv`), ears.names, earsSample[m]);
      checks.push(`EARS ${m}: ${k(ears.cols.length)} series, ${c.rows} points, alarms differing ${c.alarmDiff}, max rel diff upperbound ${c.maxRel.toExponential(1)}`);
    }
  }
  if (rTimes.farrington !== undefined) {
    const c = compareDetections(path.join(OUT, 'r_farrington.csv'), farr.names, fr.sample);
    checks.push(`farringtonFlexible: ${k(farr.cols.length)} series, ${c.rows} points, alarms differing ${c.alarmDiff}, max rel diff upperbound ${c.maxRel.toExponential(1)}`);
  }
  if (rTimes.rt !== undefined) {
    const c = compareRt(path.join(OUT, 'r_rt.csv'), rtw.names, rr.sample);
    checks.push(`EpiEstim R_t: ${k(rtw.cols.length)} series, ${c.rows} windows, rows missing ${c.alarmDiff}, max rel diff (mean, sd, 7 quantiles) ${c.maxRel.toExponential(1)}`);
  }

  // ---- table
  const rows: [string, number, number | undefined][] = [
    [`EARS C1 (${N_EARS} × ${DAYS})`, ours.ears_C1, rTimes.ears_C1],
    [`EARS C2 (${N_EARS} × ${DAYS})`, ours.ears_C2, rTimes.ears_C2],
    [`EARS C3 (${N_EARS} × ${DAYS})`, ours.ears_C3, rTimes.ears_C3],
    ['EARS C1+C2+C3', ours.ears, rEars],
    [`farringtonFlexible (${N_FARR} × ${WEEKS} wk, range 264:312)`, ours.farrington, rTimes.farrington],
    [`EpiEstim R_t (${N_RT} × ${RT_DAYS} d, weekly windows)`, ours.rt, rTimes.rt],
  ];
  process.stdout.write('\n| task | ours (s) | R (s) | R / ours |\n|---|---:|---:|---:|\n');
  for (const [name, o, r] of rows) process.stdout.write(`| ${name} | ${fmtS(o)} | ${fmtS(r)} | ${ratio(o, r)} |\n`);
  if (cli !== undefined) {
    process.stdout.write(`| CLI end to end: analyze aberration --method ears-c1 on ears_daily.csv (read, compute, format ${(cliBytes / 1e6).toFixed(0)} MB) | ${fmtS(cli)} | | |\n`);
  }
  process.stdout.write('\n');
  for (const n of notes) process.stdout.write(`note      ${n}\n`);
  for (const c of checks) process.stdout.write(`check     ${c}\n`);
  const target = [
    `EARS C1+C2+C3 < 1 s: ${ours.ears < 1 ? 'MET' : 'MISSED'} (${fmtS(ours.ears)} s)`,
    ...(['ears', 'farrington', 'rt'] as const).map((key) => {
      const r = key === 'ears' ? rEars : rTimes[key];
      return `${key} faster than R: ${r === undefined ? 'NA' : ours[key] < r ? 'MET' : 'MISSED'}`;
    }),
  ];
  process.stdout.write(`target    ${target.join('; ')}\n`);
  const f = (v: number | undefined) => (v === undefined ? 'NA' : v.toFixed(3));
  process.stdout.write(`RESULT analytics ears_s=${f(ours.ears)} ears_r_s=${f(rEars)} farrington_s=${f(ours.farrington)} farrington_r_s=${f(rTimes.farrington)} rt_s=${f(ours.rt)} rt_r_s=${f(rTimes.rt)}${SCALE !== 1 ? ` scale=${SCALE}` : ''}\n`);
}

export const main = run;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await run();
