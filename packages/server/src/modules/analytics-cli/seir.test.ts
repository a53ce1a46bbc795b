// `renxing analyze seir` against the high-precision SEIR references (test/fixtures/analytics; DOP853, rtol 1e-11):
// within 1e-4 absolute (RK4 with dt 0.25), conservation of N, scenario and R_t-driven projections.
import { describe, expect, it } from 'vitest';
import { analyze, fixtureRecords, records, type Rec } from '../../../test/analytics-cli';

const BASE = ['seir', '--population', '10000', '--initial-infected', '5', '--incubation-days', '5.2', '--infectious-days', '7'];

async function run(args: string[], files?: Record<string, string>): Promise<Rec[]> {
  const r = await analyze(args, files);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out.split('\n')[0]).toBe('day,S,E,I,R,new_infections');
  return records(r.out);
}

const maxAbs = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('analyze seir', () => {
  it('R0 2.5, N 10000, I0 5, incubation 5.2 d, infectious 7 d: within 1e-4 of the reference for 180 days', async () => {
    const want = fixtureRecords('seir_reference_N10000_I05_sigma1over5.2_gamma1over7_R0_2.5.csv');
    const got = await run([...BASE, '--r0', '2.5', '--dt', '0.25']);
    expect(got.length).toBe(181);
    expect(got.map((r) => r.day)).toEqual(want.map((r) => r.day));
    for (const c of ['S', 'E', 'I', 'R']) {
      expect(maxAbs(got.map((r) => Number(r[c])), want.map((r) => Number(r[c]))), c).toBeLessThan(1e-4);
    }
    // N conserved; new infections = the fall of S (the only way out of S)
    for (const r of got) expect(Math.abs(Number(r.S) + Number(r.E) + Number(r.I) + Number(r.R) - 10000)).toBeLessThan(1e-8);
    expect(got[0].new_infections).toBe('NA');
    for (let i = 1; i < got.length; i++) {
      expect(Math.abs(Number(got[i].new_infections) - (Number(got[i - 1].S) - Number(got[i].S)))).toBeLessThan(1e-8);
    }
    // default dt 0.5 and days 180
    const d = await run([...BASE, '--r0', '2.5']);
    expect(d.length).toBe(181);
    expect(maxAbs(d.map((r) => Number(r.I)), want.map((r) => Number(r.I)))).toBeLessThan(1e-4);
  });

  it('--erlang-k 3: within 1e-4 of the Erlang-3 reference (E = E1 + E2 + E3)', async () => {
    const want = fixtureRecords('seir_erlang3_reference_same_params.csv');
    const got = await run([...BASE, '--r0', '2.5', '--dt', '0.25', '--erlang-k', '3']);
    for (const c of ['S', 'I', 'R']) expect(maxAbs(got.map((r) => Number(r[c])), want.map((r) => Number(r[c]))), c).toBeLessThan(1e-4);
    expect(maxAbs(got.map((r) => Number(r.E)), want.map((r) => Number(r.E1) + Number(r.E2) + Number(r.E3)))).toBeLessThan(1e-4);
  });

  it('--contact-reduction 0.3 --from-day 10: same as unmitigated up to day 10, fewer infections after', async () => {
    const free = await run([...BASE, '--r0', '2.5', '--days', '60']);
    const cut = await run([...BASE, '--r0', '2.5', '--days', '60', '--contact-reduction', '0.3', '--from-day', '10']);
    expect(cut.slice(0, 11)).toEqual(free.slice(0, 11));
    expect(Number(cut[11].new_infections)).toBeLessThan(Number(free[11].new_infections));
    expect(Number(cut[60].S)).toBeGreaterThan(Number(free[60].S));
  });

  it('--rt-csv drives beta(t) = R_t gamma N / S: new infections follow R_t gamma I, last value carried forward', async () => {
    const rt = 'day,Rt\n' + Array.from({ length: 20 }, (_, d) => `${d},${d < 10 ? 2 : 0.5}`).join('\n') + '\n';
    const got = await run([...BASE, '--rt-csv', 'rt.csv', '--days', '40'], { 'rt.csv': rt });
    expect(got.length).toBe(41);
    // over day d: new infections = R_t(d) · gamma · integral of I ≈ R_t(d) · (I_d + I_{d+1}) / 2 / 7 (trapezoid);
    // R_t 2 for days 0-9, 0.5 afterwards (rows 10-19, then the last value carried forward to day 39)
    for (let d = 0; d < 40; d++) {
      const rtd = d < 10 ? 2 : 0.5;
      const approx = (rtd * (Number(got[d].I) + Number(got[d + 1].I))) / 2 / 7;
      expect(Math.abs(Number(got[d + 1].new_infections) - approx) / approx, `day ${d}`).toBeLessThan(1e-2);
    }
    // a column named with --rt-column; R_t 0 stops transmission
    const zero = await run([...BASE, '--rt-csv', 'z.csv', '--rt-column', 'r_median', '--days', '5'], { 'z.csv': 'x,r_median\n1,0\n' });
    expect(zero.slice(1).every((r) => Number(r.new_infections) === 0)).toBe(true);
  });
});
