// `renxing analyze rt` against EpiEstim 2.2.4 reference outputs (test/fixtures/analytics), 1e-9 relative.
import { describe, expect, it } from 'vitest';
import { EPIESTIM_COLUMNS } from '@renxing/analytics';
import { analyze, fixture, fixtureRecords, maxRelErr, records, type Rec } from '../../../test/analytics-cli';

const NUMERIC = EPIESTIM_COLUMNS.slice(2);

function expectSameTable(got: Rec[], want: Rec[], label: string): void {
  expect(got.map((r) => [r.t_start, r.t_end]), `${label} windows`).toEqual(want.map((r) => [r.t_start, r.t_end]));
  for (const col of NUMERIC) {
    const e = maxRelErr(got, want, col, col);
    expect(e.max, `${label} ${col} (row ${e.at + 1})`).toBeLessThan(1e-9);
  }
}

describe('analyze rt (EpiEstim parametric_si)', () => {
  it('Flu2009, SI 2.6 / 1.5, default weekly windows: EpiEstim columns and values, no warning', async () => {
    const r = await analyze(['rt', '--input', fixture('data_epiestim_Flu2009_incidence.csv'), '--si-mean', '2.6', '--si-sd', '1.5']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(EPIESTIM_COLUMNS.join(','));
    expectSameTable(records(r.out), fixtureRecords('epiestim_parametric_si_Flu2009_mean2.6_sd1.5_weekly.csv'), 'Flu2009');
    expect(r.err).toBe('');
  });

  it('prints the too-early warning on stderr (2 cases in the first window < 11) and still the estimates', async () => {
    // R 4.2.2, EpiEstim 2.2.4: estimate_R(c(1,0,0,1,0,1,0,0,1,2), method = "parametric_si",
    //   config = make_config(list(mean_si = 2.6, std_si = 1.5))) warns "You're estimating R too early …" and returns:
    const want = records(`t_start,t_end,Mean(R),Std(R),Quantile.0.025(R),Quantile.0.05(R),Quantile.0.25(R),Median(R),Quantile.0.75(R),Quantile.0.95(R),Quantile.0.975(R)
2,8,1.12300482173974,0.648367136132685,0.231590592362573,0.306090479286821,0.646588524948535,1.00099420864481,1.46754347228898,2.35673553134684,2.70445302880587
3,9,1.48366208196224,0.741831040981122,0.404247982323248,0.506788699286292,0.940389616007163,1.36202432393299,1.89516595505332,2.8759515467632,3.25191765394635
4,10,2.21878483931415,0.905815117557139,0.814254931236408,0.966286249887856,1.56025296884051,2.09681128033031,2.74489638323355,3.88769374511602,4.31491971961401
`);
    const r = await analyze(['rt', '--input', 'early.csv', '--si-mean', '2.6', '--si-sd', '1.5'], { 'early.csv': 'I\n1\n0\n0\n1\n0\n1\n0\n0\n1\n2\n' });
    expect(r.code).toBe(0);
    expect(r.err).toBe("Warning: You're estimating R too early in the epidemic to get the desired posterior CV.\n");
    expectSameTable(records(r.out), want, 'early');
  });

  it('synthetic series, SI 5.2 / 2.8 (no warning: 39 cases in the first window)', async () => {
    const r = await analyze(['rt', '--input', fixture('data_epiestim_synthetic20.csv'), '--si-mean', '5.2', '--si-sd', '2.8', '--window', '7']);
    expect([r.code, r.err]).toEqual([0, '']);
    expectSameTable(records(r.out), fixtureRecords('epiestim_parametric_si_synthetic20_mean5.2_sd2.8_weekly.csv'), 'synthetic20');
  });

  it('3-day windows t_start 2:18 with prior 2 / 1: NA rows as EpiEstim 2.2.4, dropped with --drop-na (3.0.0)', async () => {
    const want = fixtureRecords('epiestim_parametric_si_synthetic20_3daywin_prior2_1.csv');
    const args = ['rt', '--input', fixture('data_epiestim_synthetic20.csv'), '--si-mean', '5.2', '--si-sd', '2.8', '--t-start', '2:18', '--window', '3', '--mean-prior', '2', '--std-prior', '1'];
    const r = await analyze(args);
    expect(r.code).toBe(0);
    const got = records(r.out);
    expectSameTable(got, want, '3-day');
    expect(got[0]['Mean(R)']).toBe('NA');
    // the same windows given explicitly
    const explicit = await analyze([...args.slice(0, 9), '--t-end', Array.from({ length: 17 }, (_, i) => i + 4).join(','), ...args.slice(11)]);
    expect(explicit.out).toBe(r.out);
    const dropped = records((await analyze([...args, '--drop-na'])).out);
    expect(dropped).toEqual(got.filter((x) => x['Mean(R)'] !== 'NA'));
    expect(dropped.length).toBe(want.filter((x) => x['Mean(R)'] !== 'NA').length);
  });

  it('local + imported columns', async () => {
    const r = await analyze(['rt', '--input', fixture('data_epiestim_local_imported15.csv'), '--si-mean', '5.2', '--si-sd', '2.8']);
    expect(r.code).toBe(0);
    expectSameTable(records(r.out), fixtureRecords('epiestim_parametric_si_local_imported15_mean5.2_sd2.8.csv'), 'local/imported');
  });

  it('--column picks the incidence column; a vector gives the same as column I', async () => {
    const text = 'day,cases,other\n' + [2, 1, 3, 4, 6, 5, 9, 11, 10, 14, 17, 15, 20, 22, 25, 21, 19, 18, 14, 12].map((v, i) => `${i + 1},${v},${i}`).join('\n');
    const a = await analyze(['rt', '--input', 'x.csv', '--column', 'cases', '--si-mean', '5.2', '--si-sd', '2.8'], { 'x.csv': text });
    const b = await analyze(['rt', '--input', fixture('data_epiestim_synthetic20.csv'), '--si-mean', '5.2', '--si-sd', '2.8']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const c = await analyze(['rt', '--input', 'x.csv', '--si-mean', '5.2', '--si-sd', '2.8'], { 'x.csv': text });
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--column/);
  });
});
