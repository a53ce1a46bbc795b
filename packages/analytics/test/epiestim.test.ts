import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  discrSi, EPIESTIM_COLUMNS, epiEstimTable, estimateRParametric, overallInfectivity, processIncidence, WARN_LOCAL_FIRST,
  WARN_TOO_EARLY, type RRow,
} from '../src/epiestim';
import { column, num, numReq, readCsv, relErr } from './csv';

const flu = readCsv('data_epiestim_Flu2009_incidence.csv');
const fluI = column(flu, 'I') as number[];
const fluDates = flu.map((r) => r.dates);
const syn = column(readCsv('data_epiestim_synthetic20.csv'), 'I') as number[];
const li = readCsv('data_epiestim_local_imported15.csv');
const local = column(li, 'local') as number[];
const imported = column(li, 'imported') as number[];

const KEYS: [keyof RRow, string][] = [
  ['mean', 'Mean(R)'], ['std', 'Std(R)'], ['q0025', 'Quantile.0.025(R)'], ['q005', 'Quantile.0.05(R)'], ['q025', 'Quantile.0.25(R)'],
  ['median', 'Median(R)'], ['q075', 'Quantile.0.75(R)'], ['q095', 'Quantile.0.95(R)'], ['q0975', 'Quantile.0.975(R)'],
];

/** Compare estimate rows with an oracle; returns the max relative error over all numeric cells. */
function compareRows(rows: RRow[], file: string): number {
  const want = readCsv(file);
  expect(rows.length).toBe(want.length);
  let worst = 0;
  rows.forEach((r, i) => {
    expect(r.tStart).toBe(numReq(want[i].t_start));
    expect(r.tEnd).toBe(numReq(want[i].t_end));
    for (const [k, col] of KEYS) {
      const w = num(want[i][col]);
      const g = r[k] as number | null;
      if (w === null) expect(g).toBeNull();
      else {
        expect(g).not.toBeNull();
        worst = Math.max(worst, relErr(g as number, w));
      }
    }
  });
  return worst;
}

describe('EpiEstim 2.2.4 fixtures', () => {
  it('discr_si(k, 2.6, 1.5) and (k, 5.2, 2.8) (k = 0..T-1, padded 0)', () => {
    for (const [file, mu, sd] of [['epiestim_discr_si_mean2.6_sd1.5.csv', 2.6, 1.5], ['epiestim_discr_si_mean5.2_sd2.8.csv', 5.2, 2.8]] as const) {
      const rows = readCsv(file);
      const ks = rows.slice(0, -1).map((r) => numReq(r.k));
      const w = discrSi(ks, mu, sd);
      rows.slice(0, -1).forEach((r, i) => {
        const want = numReq(r.w);
        // closed form with cancellation: 1e-9 relative, or 1e-13 absolute in the far tail (w_k ~ 1e-9)
        expect(Math.abs(w[i] - want), `k=${ks[i]}`).toBeLessThanOrEqual(Math.max(1e-9 * want, 1e-13));
        if (want > 1e-6) expect(relErr(w[i], want)).toBeLessThanOrEqual(1e-9);
      });
      expect(numReq(rows[rows.length - 1].w)).toBe(0);
    }
    expect(relErr(discrSi(1, 2.6, 1.5)[0], 0.233172125407541)).toBeLessThan(1e-13);
    expect(relErr(discrSi(2, 2.6, 1.5)[0], 0.358579400315597)).toBeLessThan(1e-13);
    expect(discrSi(0, 2.6, 1.5)[0]).toBe(0);
  });
  it('overall infectivity of the synthetic series', () => {
    const rows = readCsv('epiestim_overall_infectivity_synthetic20.csv');
    const si = [...discrSi(Array.from({ length: 20 }, (_, i) => i), 5.2, 2.8), 0];
    const lam = overallInfectivity(syn, si);
    expect(lam[0]).toBeNull();
    expect(num(rows[0].lambda)).toBeNull();
    rows.slice(1).forEach((r, i) => expect(relErr(lam[i + 1] as number, numReq(r.lambda))).toBeLessThanOrEqual(1e-12));
  });
  it('Flu2009, SI 2.6 / 1.5, default weekly windows', () => {
    const res = estimateRParametric({ I: fluI, dates: fluDates }, { meanSi: 2.6, stdSi: 1.5 });
    expect(compareRows(res.R, 'epiestim_parametric_si_Flu2009_mean2.6_sd1.5_weekly.csv')).toBeLessThanOrEqual(1e-9);
    const r0 = res.R[0];
    expect(relErr(r0.mean as number, 1.73579766369495)).toBeLessThan(1e-13);
    expect(relErr(r0.q0975 as number, 2.62478130844382)).toBeLessThan(1e-13);
    expect(r0.dateStart).toBe('2009-04-28');
    expect(r0.dateEnd).toBe('2009-05-04');
    // vector input gives the same numbers
    const v = estimateRParametric(fluI, { meanSi: 2.6, stdSi: 1.5 });
    expect(v.R.map((r) => r.mean)).toEqual(res.R.map((r) => r.mean));
    expect(v.dates).toEqual(fluI.map((_, i) => i + 1));
  });
  it('synthetic20, SI 5.2 / 2.8, default weekly windows', () => {
    const res = estimateRParametric(syn, { meanSi: 5.2, stdSi: 2.8 });
    expect(compareRows(res.R, 'epiestim_parametric_si_synthetic20_mean5.2_sd2.8_weekly.csv')).toBeLessThanOrEqual(1e-9);
  });
  it('synthetic20, 3-day windows, prior mean 2 sd 1: NA rows kept (2.2.4) or dropped (3.0.0)', () => {
    const tStart = Array.from({ length: 17 }, (_, i) => i + 2);
    const tEnd = tStart.map((t) => t + 2);
    const res = estimateRParametric(syn, { meanSi: 5.2, stdSi: 2.8, tStart, tEnd, meanPrior: 2, stdPrior: 1 });
    expect(compareRows(res.R, 'epiestim_parametric_si_synthetic20_3daywin_prior2_1.csv')).toBeLessThanOrEqual(1e-9);
    expect(res.R[0].mean).toBeNull();
    expect(res.R[1].mean).toBeNull();
    const dropped = estimateRParametric(syn, { meanSi: 5.2, stdSi: 2.8, tStart, tEnd, meanPrior: 2, stdPrior: 1, keepNaRows: false });
    expect(dropped.R.length).toBe(15);
    expect(dropped.R).toEqual(res.R.slice(2));
  });
  it('local/imported input, SI 5.2 / 2.8', () => {
    const res = estimateRParametric({ local, imported }, { meanSi: 5.2, stdSi: 2.8 });
    expect(compareRows(res.R, 'epiestim_parametric_si_local_imported15_mean5.2_sd2.8.csv')).toBeLessThanOrEqual(1e-9);
    expect(res.warnings).toEqual([]);
  });
});

describe('estimateRParametric semantics', () => {
  it('output object: SI moments, si_distr length T+1, incidence split, EpiEstim column names', () => {
    const res = estimateRParametric(syn, { meanSi: 5.2, stdSi: 2.8 });
    expect(res.siDistr.length).toBe(21);
    expect(res.siDistr[0]).toBe(0);
    expect(res.siDistr[20]).toBe(0);
    const m = res.siDistr.reduce((s, w, k) => s + w * k, 0);
    expect(res.siMoments.mean).toBeCloseTo(m, 14);
    expect(res.siMoments.mean).toBeGreaterThan(5);
    expect(res.I).toEqual(syn);
    expect(res.ILocal[0]).toBe(0);
    expect(res.IImported).toEqual([syn[0], ...syn.slice(1).map(() => 0)]);
    const table = epiEstimTable(res);
    expect(Object.keys(table[0])).toEqual([...EPIESTIM_COLUMNS]);
    expect(table[0]['Mean(R)']).toBe(res.R[0].mean);
    const withDates = epiEstimTable(estimateRParametric({ I: fluI, dates: fluDates }, { meanSi: 2.6, stdSi: 1.5 }));
    expect(Object.keys(withDates[0]).slice(0, 4)).toEqual(['t_start', 't_end', 'date_start', 'date_end']);
    // posterior parameters reproduce mean and sd
    for (const r of res.R) {
      expect(r.mean).toBeCloseTo((r.shape as number) * (r.scale as number), 12);
      expect(r.median! > r.q025! && r.q075! > r.median!).toBe(true);
    }
  });
  it('too-early warning when the first window has fewer than ceiling(1/cv^2 - a_prior) cases', () => {
    const y = [1, 0, 1, 1, 0, 2, 1, 1, 2, 1];
    const r = estimateRParametric(y, { meanSi: 2.6, stdSi: 1.5 });
    expect(r.tooEarly).toBe(true);
    expect(r.warnings).toContain(WARN_TOO_EARLY);
    expect(estimateRParametric(syn, { meanSi: 5.2, stdSi: 2.8 }).tooEarly).toBe(false);
    // the threshold is 10 cases with defaults (ceiling(1/0.09 - 1) = 11 -> < 11 warns)
    const y10 = [0, 1, 1, 2, 2, 1, 2, 1, 0, 0];
    const y11 = [0, 1, 1, 2, 2, 1, 2, 2, 0, 0];
    expect(estimateRParametric(y10, { meanSi: 2.6, stdSi: 1.5 }).tooEarly).toBe(true);
    expect(estimateRParametric(y11, { meanSi: 2.6, stdSi: 1.5 }).tooEarly).toBe(false);
  });
  it('process_I: first-step cases imported, local[1] > 0 moved with a warning, NA -> 0', () => {
    const p = processIncidence({ local: [2, 3, 4], imported: [1, 0, 1] });
    expect(p.local).toEqual([0, 3, 4]);
    expect(p.imported).toEqual([3, 0, 1]);
    expect(p.warnings).toEqual([WARN_LOCAL_FIRST]);
    expect(processIncidence([5, null, 2]).local).toEqual([0, 0, 2]);
    expect(processIncidence([5, null, 2]).imported).toEqual([5, 0, 0]);
    expect(processIncidence({ I: [4, 1, 2] })).toEqual({ local: [0, 1, 2], imported: [4, 0, 0], dates: undefined, warnings: [] });
    expect(() => processIncidence([1, -1, 2])).toThrow('non negative');
  });
  it('errors as EpiEstim', () => {
    expect(() => discrSi([0, 1], 1, 1)).toThrow('mu must be >1');
    expect(() => discrSi([0, 1], 2, -1)).toThrow('sigma must be >=0.');
    expect(() => discrSi([-1], 2, 1)).toThrow('all values in k must be >=0.');
    expect(() => estimateRParametric(syn, { meanSi: 1, stdSi: 1 })).toThrow('>1 for config$mean_si');
    expect(() => estimateRParametric(syn, { meanSi: 3, stdSi: 0 })).toThrow('>0 value for config$std_si');
    expect(() => estimateRParametric(syn, { meanSi: 3, stdSi: 1, tStart: [1], tEnd: [5] })).toThrow('t_start must be');
    expect(() => estimateRParametric(syn, { meanSi: 3, stdSi: 1, tStart: [3], tEnd: [21] })).toThrow('t_end must be');
    expect(() => estimateRParametric(syn, { meanSi: 3, stdSi: 1, tStart: [5], tEnd: [4] })).toThrow('t_start[i] must be <= t_end[i]');
    expect(() => estimateRParametric(syn, { meanSi: 3, stdSi: 1, tStart: [3, 4], tEnd: [5] })).toThrow('same length');
    expect(() => estimateRParametric(syn, { meanSi: 3, stdSi: 1, meanPrior: 0 })).toThrow('mean_prior');
    expect(() => estimateRParametric([1, 2, 3, 4, 5, 6, 7], { meanSi: 3, stdSi: 1 })).toThrow(RangeError);
    expect(() => estimateRParametric({ I: [1, 2, 3, 4, 5, 6, 7, 8], dates: ['2020-01-01', '2020-01-02', '2020-01-04', '2020-01-05', '2020-01-06', '2020-01-07', '2020-01-08', '2020-01-09'] }, { meanSi: 3, stdSi: 1 })).toThrow('in a row');
  });
  it('property: discr_si is a probability vector (sums to ~1 over a long support) and Lambda is linear in incidence', () => {
    fc.assert(
      fc.property(fc.double({ min: 1.5, max: 10, noNaN: true }), fc.double({ min: 0.1, max: 1.5, noNaN: true }), (mu, cv) => {
        const sd = cv * (mu - 1); // shape of SI - 1 >= 0.44, so the support 0..399 holds all but a negligible tail
        const w = discrSi(Array.from({ length: 400 }, (_, i) => i), mu, sd);
        const s = w.reduce((a, b) => a + b, 0);
        const mean = w.reduce((a, b, k) => a + b * k, 0);
        return w.every((v) => v >= 0) && Math.abs(s - 1) < 1e-6 && Math.abs(mean - mu) < 1e-4 * mu;
      }),
      { numRuns: 40 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 30 }), fc.double({ min: 0.1, max: 5, noNaN: true }), (y, c) => {
        const si = [0, 0.2, 0.5, 0.3];
        const a = overallInfectivity(y, si);
        const b = overallInfectivity(y.map((v) => v * c), si);
        return a.every((v, i) => (v === null ? b[i] === null : Math.abs((b[i] as number) - c * v) <= 1e-9 * (1 + c * v)));
      }),
    );
  });
});
