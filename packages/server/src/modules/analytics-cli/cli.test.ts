// The real `renxing analyze` process, error handling (exit code 2, message naming the option, nothing on stdout),
// and R's write.csv number format.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, csvOf, fixture, fixtureRecords, logical, maxRelErr, records } from '../../../test/analytics-cli';
import { formatNumber, parseCsv } from './csv-io';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const AGONA = fixture('data_salmonella_agona_weekly.csv');

describe('renxing analyze (real process)', () => {
  it('node packages/server/bin/renxing.mjs analyze aberration --method ears-c2 prints R’s values and exits 0', () => {
    const p = spawnSync(process.execPath, ['packages/server/bin/renxing.mjs', 'analyze', 'aberration', '--method', 'ears-c2', '--input', AGONA, '--column', 'observed'], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000,
    });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const got = records(p.stdout);
    const want = fixtureRecords('earsC_salmonella_agona.csv').filter((r) => r.method === 'C2');
    expect(got.map((r) => r.t)).toEqual(want.map((r) => r.t));
    expect(got.map((r) => logical(r.alarm))).toEqual(want.map((r) => logical(r.alarm)));
    expect(maxRelErr(got, want, 'upperbound', 'upperbound').max).toBeLessThan(1e-9);
  });

  it('a large output through a pipe arrives complete (stdout is not cut at the pipe buffer by process.exit)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renxing-analyze-'));
    try {
      const file = path.join(dir, 'wide.csv');
      const cols = Array.from({ length: 200 }, (_, j) => `g${j}`);
      const lines = [cols.join(',')];
      for (let i = 0; i < 400; i++) lines.push(cols.map((_, j) => (i * 7 + j * 13) % 11).join(','));
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      const p = spawnSync(process.execPath, ['packages/server/bin/renxing.mjs', 'analyze', 'aberration', '--method', 'ears-c1', '--input', file], {
        cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28,
      });
      expect(p.status).toBe(0);
      expect(p.stdout.length).toBeGreaterThan(1 << 20);
      const out = p.stdout.split('\n');
      expect(out.length).toBe(1 + 200 * 393 + 1); // header, 393 rows per series (t = 8..400), final newline
      expect(out[out.length - 2]).toMatch(/^g199,400,/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad option exits 2 with the message on stderr and nothing on stdout', () => {
    const p = spawnSync(process.execPath, ['packages/server/bin/renxing.mjs', 'analyze', 'aberration', '--method', 'ears-c1', '--input', AGONA, '--alpha', '2'], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000,
    });
    expect(p.status).toBe(2);
    expect(p.stdout).toBe('');
    expect(p.stderr).toBe("renxing analyze: --alpha must be a number in (0, 1) (got '2')\n");
  });
});

describe('analyze: errors exit 2 and name the problem', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['no method', ['aberration', '--input', AGONA], {}, /--method is required .*ears-c1/],
    ['unknown method', ['aberration', '--method', 'ears-c4', '--input', AGONA], {}, /--method must be one of .* \(got 'ears-c4'\)/],
    ['option of another method', ['aberration', '--method', 'ears-c1', '--input', AGONA, '--k', '1'], {}, /unknown option --k for analyze aberration --method ears-c1; valid options: .*--baseline/],
    ['missing value', ['aberration', '--method', 'ears-c1', '--input', AGONA, '--baseline'], {}, /option --baseline needs a value/],
    ['baseline below 3', ['aberration', '--method', 'ears-c1', '--input', AGONA, '--baseline', '2'], {}, /--baseline must be an integer >= 3 \(got '2'\)/],
    ['not a number', ['aberration', '--method', 'ears-c1', '--input', AGONA, '--min-sigma', 'abc'], {}, /--min-sigma must be a number >= 0 \(got 'abc'\)/],
    ['repeated option', ['aberration', '--method', 'ears-c1', '--input', AGONA, '--alpha', '0.1', '--alpha', '0.2'], {}, /--alpha was given more than once/],
    ['stray argument', ['aberration', '--method', 'ears-c1', '--input', AGONA, 'extra'], {}, /unexpected argument 'extra'/],
    ['missing input', ['aberration', '--method', 'ears-c1'], {}, /--input FILE.csv is required/],
    ['unreadable input', ['aberration', '--method', 'ears-c1', '--input', '/nonexistent/x.csv'], {}, /--input \/nonexistent\/x.csv: cannot read the file \(ENOENT\)/],
    ['unknown column', ['aberration', '--method', 'ears-c1', '--input', AGONA, '--column', 'cases'], {}, /--column cases: no such column .*\(columns: t, year, epochInYear, observed, state\)/],
    ['non-numeric column', ['aberration', '--method', 'ears-c1', '--input', 'x.csv', '--column', 'b'], { 'x.csv': 'a,b\n1,x\n2,y\n' }, /column 'b' of x.csv is not numeric \(line 2: 'x'\)/],
    ['short series', ['aberration', '--method', 'ears-c2', '--input', 's.csv'], { 's.csv': csvOf('y', [1, 2, 3, 4, 5, 6, 7, 8, 9]) }, /series 'y' is too short: 9 values, but ears-c2 with --baseline 7 needs at least 10 \(baseline \+ 3\)/],
    ['range too early', ['aberration', '--method', 'ears-c1', '--input', AGONA, '--column', 'observed', '--range', '5:20'], {}, /--range starts at t=5 but ears-c1 with --baseline 7 needs 7 earlier values/],
    ['range beyond the series', ['aberration', '--method', 'ears-c1', '--input', AGONA, '--column', 'observed', '--range', '300:320'], {}, /--range: t=313 is outside 1..312/],
    ['farrington too short', ['aberration', '--method', 'farrington', '--input', AGONA, '--column', 'observed', '--b', '6'], {}, /needs at least 316 \(freq·b \+ w \+ 1; decrease --b or give --range\)/],
    ['farrington bad limit54', ['aberration', '--method', 'farrington', '--input', AGONA, '--limit54', '5'], {}, /--limit54 must be two numbers 'cases,periods'/],
    ['farrington bad threshold method', ['aberration', '--method', 'farrington', '--input', AGONA, '--threshold-method', 'nb'], {}, /--threshold-method must be one of delta, nbPlugin, muan \(got 'nb'\)/],
    ['bad boolean', ['aberration', '--method', 'farrington', '--input', AGONA, '--reweight=maybe'], {}, /--reweight must be true or false \(got 'maybe'\)/],
    ['cusum without range', ['aberration', '--method', 'cusum', '--input', AGONA], {}, /--range is required for cusum/],
    ['cusum m glm', ['aberration', '--method', 'cusum', '--input', AGONA, '--range', '200:312', '--m', 'glm'], {}, /--m glm .* is not implemented/],
    ['glr without mu0', ['aberration', '--method', 'glr', '--input', AGONA, '--range', '200:312'], {}, /--mu0 is required for glr/],
    ['essence without dates', ['aberration', '--method', 'essence', '--input', AGONA, '--column', 'observed'], {}, /essence needs a date column \(date or dates, YYYY-MM-DD/],
    ['essence b not a multiple of 7', ['aberration', '--method', 'essence-regression', '--input', fixture('data_essence_synthetic_daily120.csv'), '--b', '30'], {}, /--b must be a multiple of 7/],
    ['rt without SI', ['rt', '--input', fixture('data_epiestim_synthetic20.csv'), '--si-mean', '5.2'], {}, /--si-sd is required for analyze rt/],
    ['rt SI mean <= 1', ['rt', '--input', fixture('data_epiestim_synthetic20.csv'), '--si-mean', '1', '--si-sd', '1'], {}, /--si-mean must be a number > 1/],
    ['rt window too long', ['rt', '--input', fixture('data_epiestim_synthetic20.csv'), '--si-mean', '5.2', '--si-sd', '2.8', '--window', '20'], {}, /too short for --window 20/],
    ['rt t_start 1', ['rt', '--input', fixture('data_epiestim_synthetic20.csv'), '--si-mean', '5.2', '--si-sd', '2.8', '--t-start', '1:5'], {}, /--t-start: 1 is outside 2..20/],
    ['seir without r0', ['seir', '--population', '1000', '--initial-infected', '1', '--incubation-days', '5', '--infectious-days', '7'], {}, /--r0 is required for analyze seir/],
    ['seir r0 and rt', ['seir', '--population', '1000', '--initial-infected', '1', '--incubation-days', '5', '--infectious-days', '7', '--r0', '2', '--rt-csv', 'r.csv'], { 'r.csv': 'Rt\n1\n' }, /--r0 and --rt-csv exclude each other/],
    ['seir bad dt', ['seir', '--population', '1000', '--initial-infected', '1', '--incubation-days', '5', '--infectious-days', '7', '--r0', '2', '--dt', '0.3'], {}, /--dt must divide one day/],
    ['unknown subcommand', ['forecast'], {}, /unknown analyze command 'forecast'/],
  ];
  it.each(cases)('%s', async (_name, argv, files, message) => {
    const r = await analyze(argv, files);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^renxing analyze: /);
    expect(r.err).toMatch(message);
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await analyze(['aberration', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/renxing analyze aberration --method METHOD/);
  });
});

describe('R write.csv number format', () => {
  it('formats like R 4.2.2 write.csv (15 significant digits, R’s fixed/scientific rule)', () => {
    // values and R's output: write.csv(data.frame(x = c(1e-05, 1e-04, …)))
    const pairs: [number, string][] = [
      [1e-5, '1e-05'], [1e-4, '1e-04'], [0.001, '0.001'], [0.1 + 0.2, '0.3'], [123456.7, '123456.7'], [1e15, '1e+15'],
      [1e16, '1e+16'], [2.52309868680189e-5, '2.52309868680189e-05'], [100000.5, '100000.5'], [1234567890123456, '1234567890123456'],
      [-0.000123456, '-0.000123456'], [1 / 3, '0.333333333333333'], [(2 / 3) * 1e-8, '6.66666666666667e-09'], [1e100, '1e+100'],
      [1.5e-300, '1.5e-300'], [-2.5, '-2.5'], [300000.25, '300000.25'], [99999.99999999, '99999.99999999'],
      [0.000999999999999999, '0.000999999999999999'], [2192532143177116200, '2192532143177116160'],
    ];
    for (const [x, r] of pairs) expect(formatNumber(x), String(x)).toBe(r);
    expect([formatNumber(null), formatNumber(NaN), formatNumber(Infinity), formatNumber(-Infinity), formatNumber(-0), formatNumber(42)])
      .toEqual(['NA', 'NA', 'Inf', '-Inf', '0', '42']);
  });

  it('reads quoted R CSV (BOM, CRLF, "" escapes, embedded commas and line breaks)', () => {
    const t = parseCsv('\uFEFF"a","b ""x"""\r\n1,"2,5"\r\n"line\nbreak",\r\n');
    expect(t).toEqual({ header: ['a', 'b "x"'], rows: [['1', '2,5'], ['line\nbreak', '']] });
  });
});
