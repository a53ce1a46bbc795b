import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chimeBeta, chimeDispositions, chimeDoublingTime, chimeGrowthRate, chimeProjection, chimeReproductionNumber, chimeSimSir,
  chimeSir, doublingTime, finalSize, projectSeirRt, projectSeirRtBand, projectSeirScenario, seirConstant, seirGrowthRate,
  simulateSeir, type SeirPoint,
} from '../src/seir';
import { numReq, readCsv, relErr } from './csv';

const base = { N: 10000, sigma: 1 / 5.2, gamma: 1 / 7, init: { I: 5 }, days: 180 };

function maxErr(res: SeirPoint[], file: string, cols: [string, (p: SeirPoint) => number][]): Record<string, number> {
  const rows = readCsv(file);
  expect(rows.length).toBe(res.length);
  const worst: Record<string, number> = {};
  rows.forEach((r, i) => {
    expect(res[i].day).toBe(numReq(r.day));
    for (const [c, f] of cols) worst[c] = Math.max(worst[c] ?? 0, Math.abs(f(res[i]) - numReq(r[c])));
  });
  return worst;
}

describe('SEIR vs high-precision reference (scipy DOP853, rtol 1e-11)', () => {
  const file = 'seir_reference_N10000_I05_sigma1over5.2_gamma1over7_R0_2.5.csv';
  const cols: [string, (p: SeirPoint) => number][] = [['S', (p) => p.S], ['E', (p) => p.E], ['I', (p) => p.I], ['R', (p) => p.R], ['cum_onsets', (p) => p.cumOnsets]];
  it('default RK4 dt = 0.5: I(t) within 1e-4 absolute (5.5e-5), all compartments within 5e-4', () => {
    const w = maxErr(seirConstant({ ...base, r0: 2.5 }), file, cols);
    expect(w.I).toBeLessThanOrEqual(1e-4);
    for (const v of Object.values(w)) expect(v).toBeLessThanOrEqual(5e-4);
  });
  it('RK4 dt = 0.25: every compartment within 1e-4 absolute', () => {
    const w = maxErr(seirConstant({ ...base, r0: 2.5, dt: 0.25 }), file, cols);
    for (const v of Object.values(w)) expect(v).toBeLessThanOrEqual(1e-4);
  });
  it('Erlang-3 latent stages (rate 3 sigma each): within 1e-4 at dt = 0.25, 5e-4 at dt = 0.5', () => {
    const f3 = 'seir_erlang3_reference_same_params.csv';
    const c3: [string, (p: SeirPoint) => number][] = [
      ['S', (p) => p.S], ['E1', (p) => p.EStages[0]], ['E2', (p) => p.EStages[1]], ['E3', (p) => p.EStages[2]], ['I', (p) => p.I], ['R', (p) => p.R],
    ];
    for (const v of Object.values(maxErr(seirConstant({ ...base, r0: 2.5, latentStages: 3, dt: 0.25 }), f3, c3))) expect(v).toBeLessThanOrEqual(1e-4);
    for (const v of Object.values(maxErr(seirConstant({ ...base, r0: 2.5, latentStages: 3 }), f3, c3))) expect(v).toBeLessThanOrEqual(5e-4);
  });
  it('final size and early growth rate quoted in ANALYTICS.md §4', () => {
    expect(finalSize(2.5)).toBeCloseTo(0.892645, 6);
    expect(seirGrowthRate(2.5, 1 / 5.2, 1 / 7)).toBeCloseTo(0.0956526, 7);
    // the simulated epidemic approaches the final size (small initial infected fraction)
    const long = seirConstant({ ...base, r0: 2.5, days: 600 });
    expect(Math.abs(long[600].R / 10000 - finalSize(2.5))).toBeLessThan(2e-3);
    // growth rate: Erlang-k formula reduces to the closed form for k = 1 and solves its equation for k = 3
    const r3 = seirGrowthRate(2.5, 1 / 5.2, 1 / 7, 3);
    expect((1 + r3 / (3 / 5.2)) ** 3 * (1 + r3 * 7)).toBeCloseTo(2.5, 12);
    const r1 = seirGrowthRate(0.8, 1 / 5.2, 1 / 7);
    expect(r1).toBeLessThan(0);
    expect((1 + r1 * 5.2) * (1 + r1 * 7)).toBeCloseTo(0.8, 12);
    expect(relErr(seirGrowthRate(1.7, 0.3, 0.2, 1), seirGrowthRate(1.7, 0.3, 0.2, 1))).toBe(0);
    expect(doublingTime(Math.LN2)).toBe(1);
    expect(doublingTime(-0.1)).toBe(Infinity);
    expect(finalSize(0.9)).toBe(0);
    expect(finalSize(2, 0.5)).toBe(0);
    const z = finalSize(3, 0.7);
    expect(z).toBeCloseTo(0.7 * (1 - Math.exp(-3 * z)), 14);
  });
  it('the simulated early growth matches the growth rate (Erlang-3 as well)', () => {
    for (const k of [1, 3]) {
      const r = seirConstant({ ...base, N: 1e9, r0: 2.5, days: 60, latentStages: k, dt: 0.1 });
      const rate = Math.log(r[60].I / r[50].I) / 10;
      expect(rate).toBeCloseTo(seirGrowthRate(2.5, 1 / 5.2, 1 / 7, k), 3);
    }
  });
});

describe('R_t-driven and scenario projections', () => {
  it('R_t-driven: new infections per unit time = R_t gamma I; constant R_t with S ~ N equals the constant-beta model early on', () => {
    const a = projectSeirRt({ ...base, N: 1e9, days: 30, rt: [2.5] });
    const b = seirConstant({ ...base, N: 1e9, days: 30, r0: 2.5 });
    for (let d = 0; d <= 30; d++) expect(relErr(a[d].I, b[d].I)).toBeLessThan(1e-5);
    // piecewise R_t: decline after day 10 with R_t < 1
    const c = projectSeirRt({ ...base, days: 60, rt: [...new Array(10).fill(2), 0.5] });
    expect(c[60].I).toBeLessThan(c[20].I);
    const f = projectSeirRt({ ...base, days: 60, rt: (d) => (d < 10 ? 2 : 0.5) });
    expect(f).toEqual(c);
    // with R_t = 1 the infections are exactly replaced: I + E stays ~ constant after the transient
    const one = projectSeirRt({ ...base, init: { E: (5 * 5.2) / 7, I: 5 }, days: 50, rt: [1], dt: 0.1 });
    expect(Math.abs(one[50].I - 5)).toBeLessThan(1e-6);
  });
  it('band at posterior quantiles is ordered', () => {
    const band = projectSeirRtBand({ ...base, days: 40, low: 0.9, median: 1.3, high: 1.8 });
    for (let d = 5; d <= 40; d++) {
      expect(band.low[d].cumInfections).toBeLessThan(band.median[d].cumInfections);
      expect(band.median[d].cumInfections).toBeLessThan(band.high[d].cumInfections);
    }
  });
  it('scenario: contact reduction from a day changes nothing before and lowers the curve after', () => {
    const plain = seirConstant({ ...base, r0: 2.5 });
    const sc = projectSeirScenario({ ...base, r0: 2.5, contactReduction: 0.4, fromDay: 30 });
    for (let d = 0; d <= 30; d++) expect(sc[d]).toEqual(plain[d]);
    expect(sc[90].I).toBeLessThan(plain[90].I);
    expect(sc[180].R).toBeLessThan(plain[180].R);
    const none = projectSeirScenario({ ...base, r0: 2.5, contactReduction: 0, fromDay: 10 });
    expect(none).toEqual(plain);
  });
  it('errors', () => {
    expect(() => simulateSeir({ ...base, beta: 0.3, dt: 0.3 })).toThrow('dt');
    expect(() => simulateSeir({ ...base, beta: 0.3, sigma: 3, dt: 1 })).toThrow('stability');
    expect(() => simulateSeir({ ...base, beta: 0.3, sigma: 0 })).toThrow('sigma');
    expect(() => simulateSeir({ ...base, beta: 0.3, init: { I: 5, S: 3 } })).toThrow('S + E + I + R');
    expect(() => simulateSeir({ ...base, beta: 0.3, init: { I: -1 } })).toThrow(RangeError);
    expect(() => simulateSeir({ ...base, beta: 0.3, latentStages: 2, init: { I: 5, E: [1, 2, 3] } })).toThrow('stage');
    expect(() => projectSeirScenario({ ...base, r0: 2, contactReduction: 1.2, fromDay: 3 })).toThrow(RangeError);
    expect(() => projectSeirRt({ ...base, rt: [] })).toThrow(RangeError);
    expect(() => projectSeirRt({ ...base, rt: [-1] })).toThrow(RangeError);
    expect(() => seirGrowthRate(2, 0, 1)).toThrow(RangeError);
    expect(() => finalSize(-1)).toThrow(RangeError);
  });
  it('property: SEIR conserves N (all variants) and keeps compartments non-negative', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 6, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(1, 2, 4),
        (r0, sigma, gamma, k, i0, spdMin) => {
          const N = 1e5;
          // step small enough for RK4 to stay positive: k sigma dt <= 1
          const dt = 1 / Math.max(spdMin, Math.ceil(k * sigma));
          const res = [
            seirConstant({ N, sigma, gamma, latentStages: k, init: { I: i0 }, days: 100, dt, r0 }),
            projectSeirScenario({ N, sigma, gamma, latentStages: k, init: { I: i0 }, days: 100, dt, r0, contactReduction: 0.5, fromDay: 20 }),
            projectSeirRt({ N, sigma, gamma, latentStages: k, init: { I: i0 }, days: 100, dt, rt: [r0, 0.8] }),
          ];
          return res.every((traj) => traj.every((p) => Math.abs(p.S + p.E + p.I + p.R - N) <= 1e-7 * N && p.I >= -1e-9 && p.E >= -1e-9));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('CHIME discrete SIR (penn_chime sir / sim_sir)', () => {
  it('fixture: pop 50000, I 20, Td 4, 14 infectious days, 30% contact reduction after day 10', () => {
    const rows = readCsv('chime_sim_sir_pop50000_I20_Td4_inf14_sd30pct_after_day10.csv');
    const res = chimeProjection({ population: 50000, infected: 20, infectiousDays: 14, doublingTime: 4, relativeContactRate: 0.3, mitigationDay: 10, nDays: 60 });
    expect(res.day.length).toBe(rows.length);
    rows.forEach((r, i) => {
      expect(res.day[i]).toBe(numReq(r.day));
      // the oracle is printed with 10 significant digits
      for (const [v, c] of [[res.susceptible[i], 'susceptible'], [res.infected[i], 'infected'], [res.recovered[i], 'recovered']] as const) {
        expect(Math.abs(v - numReq(r[c])), `${c} day ${i}`).toBeLessThanOrEqual(1e-9 * Math.abs(numReq(r[c])) + 1e-8);
      }
    });
  });
  it('unit oracles from CHIME tests/penn_chime/model/test_sir.py', () => {
    const [s, i, r] = chimeSir(100, 1, 0, 0.2, 0.5, 1);
    expect(s).toBeCloseTo(0.7920792079207921, 15);
    expect(i).toBeCloseTo(0.20297029702970298, 15);
    expect(r).toBeCloseTo(0.0049504950495049506, 15);
    const sim = chimeSimSir(5, 6, 7, 0.1, 0, [{ beta: 0.1, days: 40 }]);
    expect(sim.day.length).toBe(41);
    expect(sim.infected[40]).toBeCloseTo(0.18, 2);
    expect(sim.recovered[40]).toBeCloseTo(17.82, 2);
    expect(chimeGrowthRate(5)).toBeCloseTo(0.148698, 6);
    expect(chimeGrowthRate(null)).toBe(0);
    expect(chimeGrowthRate(0)).toBe(0);
  });
  it('helpers and dispositions', () => {
    const g = chimeGrowthRate(4);
    const s0 = 49980;
    const beta = chimeBeta(g, 1 / 14, s0, 0);
    expect(chimeReproductionNumber(beta, s0, 1 / 14)).toBeCloseTo((g + 1 / 14) * 14, 12);
    expect(chimeDoublingTime(beta, s0, 1 / 14)).toBeCloseTo(4, 12);
    const p = chimeProjection({ population: 50000, infected: 20, infectiousDays: 14, doublingTime: 4, relativeContactRate: 0.3, mitigationDay: 10, nDays: 60 });
    expect(p.betaT).toBeCloseTo(0.7 * beta, 15);
    const disp = chimeDispositions(p, { hospitalized: { rate: 0.025, days: 7 }, icu: { rate: 0.0075, days: 9 } }, 0.15);
    const h = disp.hospitalized;
    expect(h.admits[0]).toBeNaN();
    expect(h.ever[10]).toBeCloseTo(p.everInfected[10] * 0.025 * 0.15, 12);
    expect(h.admits[5]).toBeCloseTo(h.ever[5] - h.ever[4], 12);
    // census = admissions over the last 7 days
    let s = 0;
    for (let d = 14; d > 7; d--) s += h.admits[d];
    expect(h.census[14]).toBeCloseTo(s, 10);
    expect(h.census[0]).toBe(0);
    expect(() => chimeDispositions(p, { x: { rate: 0.1, days: 0 } }, 1)).toThrow(RangeError);
  });
  it('property: the discrete SIR keeps s + i + r = n', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e-4, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.integer({ min: 1, max: 100 }), (beta, gamma, days) => {
        const sim = chimeSimSir(9990, 10, 0, gamma, 0, [{ beta, days }]);
        return sim.susceptible.every((v, i) => Math.abs(v + sim.infected[i] + sim.recovered[i] - 10000) < 1e-8);
      }),
    );
  });
});
