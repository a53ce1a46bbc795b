// `renxing analyze aberration` against the R reference outputs (surveillance 1.20.3, Rnssp) copied into
// test/fixtures/analytics: closed-form outputs within 1e-9 relative, Farrington (GLM) within 1e-6, alarms identical.
import { describe, expect, it } from 'vitest';
import { analyze, csvOf, fixture, fixtureRecords, logical, maxRelErr, records, type Rec } from '../../../test/analytics-cli';

const AGONA = fixture('data_salmonella_agona_weekly.csv');
const SMALL = [3, 5, 4, 6, 5, 4, 5, 6, 4, 5, 7, 5, 6, 4, 5, 6, 14, 18, 9, 6, 5, 4, 5, 6, 5, 7, 6, 5, 4, 20];
const SPARSE = [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0];

const HEADER = 'series,t,observed,upperbound,alarm,expected,pvalue,score';

async function ok(argv: string[], files?: Record<string, string>): Promise<Rec[]> {
  const r = await analyze(argv, files);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return records(r.out);
}

/** Compare CLI rows with reference rows: same t and observed, upperbound within tol, identical alarms. */
function expectSame(got: Rec[], want: Rec[], tol: number, label: string): void {
  expect(got.map((r) => Number(r.t)), `${label} t`).toEqual(want.map((r) => Number(r.t)));
  expect(got.map((r) => r.observed), `${label} observed`).toEqual(want.map((r) => r.observed));
  expect(got.map((r) => logical(r.alarm)), `${label} alarms`).toEqual(want.map((r) => logical(r.alarm)));
  const e = maxRelErr(got, want, 'upperbound', 'upperbound', 1e-12);
  expect(e.max, `${label} upperbound (row ${e.at + 1})`).toBeLessThan(tol);
}

describe('analyze aberration: EARS (earsC)', () => {
  it('C1, C2, C3 defaults on salmonella.agona reproduce R (1e-9, alarms identical; 16/20/36 alarms)', async () => {
    const ref = fixtureRecords('earsC_salmonella_agona.csv');
    const counts: Record<string, number> = {};
    for (const [method, m] of [['ears-c1', 'C1'], ['ears-c2', 'C2'], ['ears-c3', 'C3']] as const) {
      const r = await analyze(['aberration', '--method', method, '--input', AGONA, '--column', 'observed']);
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toBe(HEADER);
      const got = records(r.out);
      expect(new Set(got.map((x) => x.series))).toEqual(new Set(['observed']));
      expectSame(got, ref.filter((x) => x.method === m), 1e-9, method);
      counts[m] = got.filter((x) => x.alarm === 'TRUE').length;
    }
    expect(counts).toEqual({ C1: 16, C2: 20, C3: 36 });
  });

  it('the short daily vector: C1/C2/C3 defaults, and C1 with --baseline 14 --alpha 0.05', async () => {
    const files = { 'small.csv': csvOf('y', SMALL) };
    const ref = fixtureRecords('earsC_small_daily.csv');
    for (const [method, m] of [['ears-c1', 'C1'], ['ears-c2', 'C2'], ['ears-c3', 'C3']] as const) {
      expectSame(await ok(['aberration', '--method', method, '--input', 'small.csv'], files), ref.filter((x) => x.method === m), 1e-9, method);
    }
    const ref14 = fixtureRecords('earsC_small_daily_C1_b14_a05.csv');
    expectSame(await ok(['aberration', '--method=ears-c1', '--input', 'small.csv', '--baseline', '14', '--alpha=0.05'], files), ref14, 1e-9, 'b14');
    // C3 as coded: days 19-20 (y = 9, 6) alarm with U3 = 0, day 30 (y = 20) does not
    const c3 = await ok(['aberration', '--method', 'ears-c3', '--input', 'small.csv'], files);
    expect(c3.filter((x) => ['19', '20'].includes(x.t)).map((x) => [x.upperbound, x.alarm])).toEqual([['0', 'TRUE'], ['0', 'TRUE']]);
    expect(c3.find((x) => x.t === '30')!.alarm).toBe('FALSE');
  });

  it('sparse counts with --min-sigma 0, 0.5, 1 (C1) and 0, 0.5 (C2)', async () => {
    const files = { 'sparse.csv': csvOf('y', SPARSE) };
    const ref = fixtureRecords('earsC_sparse_minSigma.csv');
    for (const [method, m, sigmas] of [['ears-c1', 'C1', ['0', '0.5', '1']], ['ears-c2', 'C2', ['0', '0.5']]] as const) {
      for (const s of sigmas) {
        const got = await ok(['aberration', '--method', method, '--input', 'sparse.csv', '--min-sigma', s], files);
        expectSame(got, ref.filter((x) => x.method === m && Number(x.minSigma) === Number(s)), 1e-9, `${m} minSigma ${s}`);
      }
    }
  });

  it('C3 on a constant series with minSigma 0 prints NA (R: NaN upperbound, NA alarm); the documented C3 is a separate method', async () => {
    const files = { 'c.csv': csvOf('y', new Array(20).fill(4)) };
    const c3 = await ok(['aberration', '--method', 'ears-c3', '--input', 'c.csv'], files);
    expect(c3.every((x) => x.upperbound === 'NA' && x.alarm === 'NA')).toBe(true);
    const doc = await ok(['aberration', '--method', 'ears-c3-doc', '--input', 'small.csv'], { 'small.csv': csvOf('y', SMALL) });
    const coded = await ok(['aberration', '--method', 'ears-c3', '--input', 'small.csv'], { 'small.csv': csvOf('y', SMALL) });
    expect(doc.map((x) => x.t)).toEqual(coded.map((x) => x.t));
    // the documented statistic alarms on the day-17/18 jump itself; the package's C3 only two days later
    expect(doc.filter((x) => x.alarm === 'TRUE').map((x) => x.t)).toContain('17');
    expect(coded.filter((x) => x.alarm === 'TRUE').map((x) => x.t)).not.toContain('17');
  });

  it('all numeric columns by default, several series in column order, t labels and NA observations', async () => {
    const text = 't,date,a,b,name\nw1,2024-01-01,1,2,x\n' +
      Array.from({ length: 11 }, (_, i) => `w${i + 2},2024-01-0${(i % 9) + 1},${i % 3},${i === 9 ? 'NA' : i},y`).join('\n');
    const got = await ok(['aberration', '--method', 'ears-c1', '--input', 'in.csv'], { 'in.csv': text });
    expect([...new Set(got.map((x) => x.series))]).toEqual(['a', 'b']);
    const b = got.filter((x) => x.series === 'b');
    expect(b[0].t).toBe('w8');
    const na = b.find((x) => x.t === 'w11')!;
    expect([na.observed, na.alarm]).toEqual(['NA', 'NA']);
    // the window after the NA is NA too (R: mean/sd of a window with NA)
    expect(b.find((x) => x.t === 'w12')!.upperbound).toBe('NA');
    const one = await ok(['aberration', '--method', 'ears-c1', '--input', 'in.csv', '--column', 'b', '--range', '9:10'], { 'in.csv': text });
    expect(one.map((x) => `${x.series}:${x.t}`)).toEqual(['b:w9', 'b:w10']);
  });
});

describe('analyze aberration: the --population column is not a series', () => {
  it('by default every numeric column but the denominators named by --population is analysed', async () => {
    const text = 't,cases,pop\n' + Array.from({ length: 30 }, (_, i) => `${i + 1},${3 + (i * 7) % 5},${1000 + i}`).join('\n');
    const args = ['aberration', '--method', 'farrington', '--input', 'in.csv', '--freq', '12', '--b', '1', '--w', '1'];
    const withPop = await ok([...args, '--population', 'pop', '--population-offset'], { 'in.csv': text });
    expect([...new Set(withPop.map((x) => x.series))]).toEqual(['cases']);
    const without = await ok(args, { 'in.csv': text });
    expect([...new Set(without.map((x) => x.series))]).toEqual(['cases', 'pop']);
  });
});

describe('analyze aberration: farringtonFlexible', () => {
  const ref = fixtureRecords('farringtonFlexible_salmonella_agona.csv');
  const configs: Record<string, string[]> = {
    farrington_like_b4w3_wt1_pwni3_a0: ['--b', '4', '--w', '3', '--no-periods', '1', '--weights-threshold', '1', '--past-weeks-not-included', '3', '--p-threshold-trend', '0.05', '--alpha', '0.1'],
    noufaily_like_np10_wt2: ['--b', '4', '--w', '3', '--no-periods', '10', '--weights-threshold', '2.58', '--past-weeks-not-included', '26', '--p-threshold-trend', '1', '--alpha', '0.1'],
    nbPlugin: ['--b', '4', '--w', '3', '--no-periods', '10', '--weights-threshold', '2.58', '--past-weeks-not-included', '26', '--p-threshold-trend', '1', '--alpha', '0.1', '--threshold-method', 'nbPlugin'],
    defaults: [],
  };
  const argsFor = (name: string) =>
    name.startsWith('farrington_like') ? configs.farrington_like_b4w3_wt1_pwni3_a0
      : name.endsWith('_nbPlugin') ? configs.nbPlugin
        : name.startsWith('noufaily_like') ? configs.noufaily_like_np10_wt2 : configs.defaults;
  const names = [...new Set(ref.map((r) => r.config))];

  it.each(names)('%s: upperbound, expected, pvalue, score within 1e-6, alarms identical', async (name) => {
    const want = ref.filter((r) => r.config === name);
    const range = name.startsWith('defaults') ? [] : ['--range', `${want[0].t}:${want[want.length - 1].t}`];
    const got = await ok(['aberration', '--method', 'farrington', '--input', AGONA, '--column', 'observed', ...argsFor(name), ...range]);
    expectSame(got, want, 1e-6, name);
    for (const col of ['expected', 'pvalue', 'score']) {
      const e = maxRelErr(got, want, col, col, 1e-12);
      expect(e.max, `${name} ${col} (row ${e.at + 1})`).toBeLessThan(1e-6);
    }
    if (name.startsWith('defaults')) expect(got[0].t).toBe('264'); // default range (freq·b + w + 1):n
  });

  it('--package-compatible-dispersion false (textbook) changes the numbers', async () => {
    const a = await ok(['aberration', '--method', 'farrington', '--input', AGONA, '--column', 'observed', ...configs.noufaily_like_np10_wt2]);
    const b = await ok(['aberration', '--method', 'farrington', '--input', AGONA, '--column', 'observed', ...configs.noufaily_like_np10_wt2, '--package-compatible-dispersion', 'false']);
    expect(a.length).toBe(b.length);
    expect(a.some((x, i) => x.upperbound !== b[i].upperbound)).toBe(true);
  });
});

describe('analyze aberration: cusum and glr', () => {
  it('cusum standard (k 1.04, h 2.26) and anscombe (k 0.5, h 4) on range 200:312', async () => {
    for (const [file, extra] of [
      ['cusum_standard_salmonella_agona.csv', []],
      ['cusum_anscombe_k05_h4_salmonella_agona.csv', ['--trans', 'anscombe', '--k', '0.5', '--h', '4']],
    ] as const) {
      const want = fixtureRecords(file);
      const got = await ok(['aberration', '--method', 'cusum', '--input', AGONA, '--column', 'observed', '--range', '200:312', ...extra]);
      expectSame(got, want, 1e-9, file);
      expect(maxRelErr(got, want, 'score', 'cusum', 1e-12).max).toBeLessThan(1e-9);
      expect(maxRelErr(got, want, 'expected', 'm', 1e-12).max).toBeLessThan(1e-12);
    }
    const first = (await ok(['aberration', '--method', 'cusum', '--input', AGONA, '--column', 'observed', '--range', '200:312'])).find((x) => x.alarm === 'TRUE')!;
    expect(first.t).toBe('249');
  });

  it('cusum --reset restarts the statistic after an alarm', async () => {
    const a = await ok(['aberration', '--method', 'cusum', '--input', AGONA, '--column', 'observed', '--range', '200:312']);
    const b = await ok(['aberration', '--method', 'cusum', '--input', AGONA, '--column', 'observed', '--range', '200:312', '--reset']);
    const i = a.findIndex((x) => x.alarm === 'TRUE');
    expect(b.slice(0, i + 1)).toEqual(a.slice(0, i + 1));
    expect(Number(b[i + 1].score)).toBeLessThan(Number(a[i + 1].score));
  });

  it('glr with mu0 = mean(y[1:199]), c.ARL 5: statistic (ret value) and cases needed (ret cases)', async () => {
    const want = fixtureRecords('glrpois_fixedmu0_cARL5_salmonella_agona.csv');
    const base = ['aberration', '--method', 'glr', '--input', AGONA, '--column', 'observed', '--range', '200:312', '--mu0', want[0].mu0];
    const v = await ok(base);
    expect(v.map((x) => logical(x.alarm))).toEqual(want.map((x) => logical(x.alarm)));
    expect(v.filter((x) => x.alarm === 'TRUE').map((x) => x.t)).toEqual(['248', '264', '294']);
    expect(maxRelErr(v, want, 'upperbound', 'glr_value', 1e-12).max).toBeLessThan(1e-9);
    const c = await ok([...base, '--ret', 'cases']);
    expect(c.map((x) => logical(x.alarm))).toEqual(want.map((x) => logical(x.alarm_cases)));
    expect(maxRelErr(c, want, 'upperbound', 'cases_needed', 1e-12).max).toBe(0);
  });
});

describe('analyze aberration: NSSP-ESSENCE', () => {
  const INPUT = fixture('data_essence_synthetic_daily120.csv');

  it('essence-ewma reproduces Rnssp alert_ewma: expected, statistic, p-value and colour for every day', async () => {
    const want = fixtureRecords('rnssp_alert_ewma_B28_g2_w0.4_0.9.csv');
    const r = await analyze(['aberration', '--method', 'essence-ewma', '--input', INPUT]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`${HEADER},level`);
    const got = records(r.out);
    expect(got.map((x) => x.level)).toEqual(want.map((x) => x.alert));
    expect(got.map((x) => x.observed)).toEqual(want.map((x) => x.count));
    expect(maxRelErr(got, want, 'expected', 'baseline_expected').max).toBeLessThan(1e-9);
    expect(maxRelErr(got, want, 'score', 'test_statistic').max).toBeLessThan(1e-9);
    got.forEach((x, i) => {
      const p = want[i]['p.value'];
      if (p === 'NA') expect(x.pvalue).toBe('NA');
      else expect(Math.abs(Number(x.pvalue) - Number(p))).toBeLessThan(1e-12 + 1e-9 * Number(p));
      expect(x.alarm).toBe(x.level === 'grey' ? 'NA' : x.level === 'red' ? 'TRUE' : 'FALSE');
      expect(x.upperbound).toBe('NA');
    });
    expect(got.filter((x) => x.level === 'red').map((x) => x.t)).toEqual(expect.arrayContaining(['97', '98', '99']));
  });

  it('essence-regression: the regression core numbers of Rnssp adaptive_regression; colours only ever suppressed', async () => {
    const want = fixtureRecords('rnssp_adaptive_regression_core_B28_g2.csv');
    const got = await ok(['aberration', '--method', 'essence-regression', '--input', INPUT]);
    expect(maxRelErr(got, want, 'expected', 'baseline_expected').max).toBeLessThan(1e-9);
    expect(maxRelErr(got, want, 'score', 'test_statistic').max).toBeLessThan(1e-9);
    got.forEach((x, i) => {
      // alert_regression's moving-average rule may turn a red/yellow day grey, never the other way
      if (x.level !== want[i].alert) expect([x.level, want[i].alert === 'blue']).toEqual(['grey', false]);
    });
  });

  it('essence (switch) prints one row per day with a colour; --range filters the rows', async () => {
    const all = await ok(['aberration', '--method', 'essence', '--input', INPUT]);
    expect(all.length).toBe(120);
    expect(all.every((x) => ['red', 'yellow', 'blue', 'grey'].includes(x.level))).toBe(true);
    const some = await ok(['aberration', '--method', 'essence', '--input', INPUT, '--range', '95:99']);
    expect(some).toEqual(all.slice(94, 99));
  });
});
