import { describe, expect, it } from 'vitest';
import { glmCoefficients, glmFit, glmPredict, olsFit, qrDecompose } from './glm';
import { pnorm, pt } from './dist';

// Dobson (1990) p. 93, the example of R's ?glm: counts ~ outcome + treatment. The model is the independence model of a
// 3×3 table, so the MLE is closed form: mu_ij = row_i · col_j / total (treatment totals are all 50).
const counts = [18, 17, 15, 20, 10, 20, 25, 13, 12];
const outcome = [1, 2, 3, 1, 2, 3, 1, 2, 3];
const treatment = [1, 1, 1, 2, 2, 2, 3, 3, 3];
const X = counts.map((_, i) => [1, outcome[i] === 2 ? 1 : 0, outcome[i] === 3 ? 1 : 0, treatment[i] === 2 ? 1 : 0, treatment[i] === 3 ? 1 : 0]);
const rowTot = [63, 40, 47];
const muExact = counts.map((_, i) => (rowTot[outcome[i] - 1] * 50) / 150);

describe('glmFit (Poisson / quasi-Poisson, log link)', () => {
  const fit = glmFit(X, counts, { family: 'poisson' });

  it('converges to the closed-form MLE of the Dobson example', () => {
    expect(fit.converged).toBe(true);
    expect(fit.iter).toBeLessThanOrEqual(25);
    expect(fit.rank).toBe(5);
    expect(fit.dfResidual).toBe(4);
    expect(fit.dfNull).toBe(8);
    expect(Math.abs(fit.coefficients[0] - Math.log(21))).toBeLessThan(1e-9);
    expect(Math.abs(fit.coefficients[1] - Math.log(40 / 63))).toBeLessThan(1e-9);
    expect(Math.abs(fit.coefficients[2] - Math.log(47 / 63))).toBeLessThan(1e-9);
    expect(Math.abs(fit.coefficients[3])).toBeLessThan(1e-9);
    fit.fitted.forEach((m, i) => expect(Math.abs(m - muExact[i])).toBeLessThan(1e-8));
    const dev = 2 * counts.reduce((s, y, i) => s + y * Math.log(y / muExact[i]) - (y - muExact[i]), 0);
    expect(Math.abs(fit.deviance - dev)).toBeLessThan(1e-9);
    expect(fit.deviance).toBeCloseTo(5.129141077, 8); // R: Residual deviance 5.1291 on 4 df
    expect(fit.nullDeviance).toBeCloseTo(10.58144588, 7); // R: Null deviance 10.5814 on 8 df
  });

  it('standard errors, z and p as summary.glm; hat values sum to the rank', () => {
    const tab = glmCoefficients(fit);
    const se2 = Math.sqrt(1 / 40 + 1 / 63);
    expect(Math.abs(tab[1].se - se2)).toBeLessThan(1e-7);
    expect(Math.abs(tab[1].statistic - Math.log(40 / 63) / se2)).toBeLessThan(1e-6);
    expect(Math.abs(tab[1].pValue - 2 * pnorm(-Math.abs(tab[1].statistic)))).toBeLessThan(1e-15);
    expect(tab[1].pValue).toBeCloseTo(0.0246, 4); // R prints 0.0246
    expect(Math.abs(fit.hat.reduce((a, b) => a + b, 0) - 5)).toBeLessThan(1e-12);
    // working weights are mu (prior weight 1), working residuals (y - mu)/mu
    fit.workingWeights.forEach((w, i) => expect(Math.abs(w - muExact[i]) / muExact[i]).toBeLessThan(1e-6));
    fit.workingResiduals.forEach((r, i) => expect(Math.abs(r - (counts[i] - fit.fitted[i]) / fit.fitted[i])).toBeLessThan(1e-15));
  });

  it('quasi-Poisson: Pearson dispersion and t-based p-values', () => {
    const q = glmFit(X, counts, { family: 'quasipoisson' });
    const pearson = counts.reduce((s, y, i) => s + (y - muExact[i]) ** 2 / muExact[i], 0) / 4;
    expect(Math.abs(q.dispersion - pearson) / pearson).toBeLessThan(1e-6);
    const tab = glmCoefficients(q);
    expect(Math.abs(tab[1].se - Math.sqrt(pearson * (1 / 40 + 1 / 63)))).toBeLessThan(1e-7);
    expect(tab[1].pValue).toBe(2 * pt(-Math.abs(tab[1].statistic), 4));
  });

  it('predict: link and response scale, se from (XᵀWX)⁻¹', () => {
    const x0 = [1, 1, 0, 0, 1];
    const link = glmPredict(fit, x0, { type: 'link' });
    const resp = glmPredict(fit, x0, { type: 'response' });
    expect(Math.abs(resp.fit - (40 * 50) / 150)).toBeLessThan(1e-8);
    expect(Math.abs(resp.fit - Math.exp(link.fit))).toBeLessThan(1e-12);
    let v = 0;
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) v += x0[a] * fit.covUnscaled[a][b] * x0[b];
    expect(Math.abs(link.seFit - Math.sqrt(v)) / link.seFit).toBeLessThan(1e-12);
    expect(Math.abs(resp.seFit - link.seFit * resp.fit) / resp.seFit).toBeLessThan(1e-12);
    expect(glmPredict(fit, x0, { type: 'link', dispersion: 4 }).seFit).toBeCloseTo(2 * link.seFit, 14);
  });

  it('a prior weight of 2 equals duplicating the observation', () => {
    const Xd = [...X, X[4]];
    const yd = [...counts, counts[4]];
    const dup = glmFit(Xd, yd, { family: 'poisson' });
    const wts = counts.map((_, i) => (i === 4 ? 2 : 1));
    const wf = glmFit(X, counts, { family: 'poisson', weights: wts });
    wf.coefficients.forEach((c, j) => expect(Math.abs(c - dup.coefficients[j])).toBeLessThan(1e-10));
    expect(Math.abs(wf.deviance - dup.deviance)).toBeLessThan(1e-10);
    // working weights are prior × mu of the last IRLS step (one step behind the final mu, as R)
    expect(Math.abs(wf.workingWeights[4] / (2 * wf.fitted[4]) - 1)).toBeLessThan(1e-6);
  });

  it('zero prior weights drop observations; offsets shift the intercept', () => {
    const wts = counts.map((_, i) => (i === 0 ? 0 : 1));
    const wf = glmFit(X, counts, { family: 'poisson', weights: wts });
    const sub = glmFit(X.slice(1), counts.slice(1), { family: 'poisson' });
    wf.coefficients.forEach((c, j) => expect(Math.abs(c - sub.coefficients[j])).toBeLessThan(1e-9));
    expect(wf.dfResidual).toBe(3);
    expect(wf.hat[0]).toBe(0);
    const off = glmFit(X, counts, { family: 'poisson', offset: counts.map(() => Math.log(10)) });
    expect(Math.abs(off.coefficients[0] - (fit.coefficients[0] - Math.log(10)))).toBeLessThan(1e-9);
    expect(Math.abs(off.nullDeviance - fit.nullDeviance)).toBeLessThan(1e-8);
  });

  it('aliased columns get NaN coefficients and do not change the fit', () => {
    const Xa = X.map((r) => [...r, r[1] + r[2]]);
    const a = glmFit(Xa, counts, { family: 'poisson' });
    expect(a.rank).toBe(5);
    expect(a.aliased).toEqual([false, false, false, false, false, true]);
    expect(Number.isNaN(a.coefficients[5])).toBe(true);
    a.fitted.forEach((m, i) => expect(Math.abs(m - fit.fitted[i])).toBeLessThan(1e-9));
    expect(glmPredict(a, [1, 1, 0, 0, 1, 1], { type: 'response' }).fit).toBeCloseTo(glmPredict(fit, [1, 1, 0, 0, 1], { type: 'response' }).fit, 9);
  });

  it('all-zero response converges with fitted rates at the eps floor (as R)', () => {
    const z = glmFit(
      [0, 0, 0, 0].map((_, i) => [1, i]),
      [0, 0, 0, 0],
    );
    expect(z.fitted.every((m) => m < 1e-8)).toBe(true);
    expect(z.deviance).toBeLessThan(1e-7);
  });

  it('reports non-convergence when maxit is too small, rejects negative counts', () => {
    expect(glmFit(X, counts, { maxit: 1 }).converged).toBe(false);
    expect(() => glmFit(X, counts.map((c, i) => (i === 2 ? -1 : c)))).toThrow(/negative values/);
  });
});

describe('qrDecompose / olsFit', () => {
  it('simple regression: closed-form slope, intercept, RSS, R² and adjusted R²', () => {
    const x = [1, 2, 3, 4, 5, 6, 7];
    const y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8];
    const f = olsFit(
      x.map((v) => [1, v]),
      y,
    );
    const mx = 4;
    const my = y.reduce((a, b) => a + b, 0) / 7;
    const sxy = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0);
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const b1 = sxy / sxx;
    const b0 = my - b1 * mx;
    expect(f.coefficients[0]).toBeCloseTo(b0, 12);
    expect(f.coefficients[1]).toBeCloseTo(b1, 12);
    const rss = y.reduce((s, v, i) => s + (v - b0 - b1 * x[i]) ** 2, 0);
    const tss = y.reduce((s, v) => s + (v - my) ** 2, 0);
    expect(f.rss).toBeCloseTo(rss, 12);
    expect(f.rSquared).toBeCloseTo(1 - rss / tss, 12);
    expect(f.adjRSquared).toBeCloseTo(1 - ((1 - f.rSquared) * 6) / 5, 12);
    expect(f.sigma).toBeCloseTo(Math.sqrt(rss / 5), 12);
    expect(Math.abs(f.covUnscaled[1][1] - 1 / sxx)).toBeLessThan(1e-14);
  });

  it('moves a dependent column to the end (dqrdc2 limited pivoting)', () => {
    const A = [
      [1, 2, 1],
      [1, 4, 3],
      [1, 6, 5],
      [1, 9, 2],
    ];
    const B = A.map((r) => [r[0], 2 * r[0], r[2]]); // column 1 = 2 · column 0
    const cm = new Float64Array(12);
    B.forEach((r, i) => r.forEach((v, j) => (cm[j * 4 + i] = v)));
    const q = qrDecompose(cm, 4, 3);
    expect(q.rank).toBe(2);
    expect(q.pivot).toEqual([0, 2, 1]);
    const f = olsFit(B, [1, 2, 3, 5]);
    expect(f.aliased).toEqual([false, true, false]);
    expect(f.dfResidual).toBe(2);
  });
});
