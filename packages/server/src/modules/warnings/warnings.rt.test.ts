import { describe, expect, it } from 'vitest';
import { projectFromRt, type RtRow } from './warnings.rt';

// A population typed as small as the counts (人口数 1, 10, 80 on 传播趋势) answered 500: after scaling E, I and R down to
// the population, rounding left S = N − E − I − R a hair below zero and the SEIR model refused it (walk-through,
// session 25). Every population from 1 up, over a few count series, must give a projection.
const latest: RtRow = { tStart: 8, tEnd: 14, dateStart: '2026-11-20', dateEnd: '2026-11-26', mean: 1.3, std: 0.2, q0025: 0.9, median: 1.3, q0975: 1.8 };

describe('projectFromRt with a population no larger than the counts', () => {
  it('projects for every population from 1 to 300, never a negative compartment', () => {
    const series = [
      [0, 1, 0, 2, 1, 3, 2, 4, 3, 5, 2, 3, 4, 6],
      [3, 7, 2, 9, 11, 4, 6, 8, 13, 5, 7, 9, 10, 12],
      Array.from({ length: 30 }, (_, i) => (i * 7) % 11),
    ];
    let projected = 0;
    for (const counts of series) {
      for (let N = 1; N <= 300; N++) {
        const p = projectFromRt(counts, '2026-11-26', latest, { population: N, populationSource: 'request', latentDays: 5.2, infectiousDays: 7, horizon: 14 });
        expect(p.available, `N=${N}`).toBe(true);
        if (!p.available) continue;
        const { E, I, R } = p.initial;
        expect(Math.min(E, I, R)).toBeGreaterThanOrEqual(0);
        expect(N - E - I - R, `N=${N}`).toBeGreaterThanOrEqual(0);
        expect(p.days).toHaveLength(14);
        for (const d of p.days) expect(Number.isFinite(d.median) && d.median >= 0).toBe(true);
        projected++;
      }
    }
    expect(projected).toBe(900);
  });
});
