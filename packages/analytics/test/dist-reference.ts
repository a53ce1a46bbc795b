/**
 * Test-only references for the gamma functions of src/dist.ts: the straightforward algorithms the fast paths replaced.
 * - `incGammaReference`: power series for P (x < a + 1) / Legendre continued fraction for Q, O(sqrt(a)) terms near
 *   x = a (the previous implementation; src/dist.ts now uses Temme's expansion there).
 * - `qgammaReference`: plain bisection (geometric, then arithmetic) on the smaller tail of `incGammaReference` down to
 *   adjacent doubles: slow, but with no starting value, step or convergence test that could go wrong.
 */
import { bd0, lgamma, lgamma1p, stirlerr } from '../src/dist';

const EPS = 2.220446049250313e-16;
const DBL_MIN = 2.2250738585072014e-308;

/** x^a e^-x / Gamma(a + 1) (R `dpois_raw(a, x)`). */
function dpoisRaw(x: number, lambda: number): number {
  if (lambda === 0) return x === 0 ? 1 : 0;
  if (!Number.isFinite(lambda)) return 0;
  if (x < 0) return 0;
  if (x <= lambda * DBL_MIN) return Math.exp(-lambda);
  if (lambda < x * DBL_MIN) {
    if (!Number.isFinite(x)) return 0;
    return Math.exp(-lambda + x * Math.log(lambda) - lgamma(x + 1));
  }
  return Math.exp(-stirlerr(x) - bd0(x, lambda)) / Math.sqrt(2 * Math.PI * x);
}

/** [P(a, x), Q(a, x)] by series / continued fraction. */
export function incGammaReference(x: number, a: number): [number, number] {
  if (x <= 0) return [0, 1];
  if (x === Infinity) return [1, 0];
  if (a === 0) return [1, 0];
  if (a === Infinity) return [0, 1];
  if (x < a + 1) {
    let sum = 1;
    let term = 1;
    for (let n = 1; n < 10_000_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term <= sum * EPS * 0.25) break;
    }
    const P = dpoisRaw(a, x) * sum;
    if (P <= 0.75) return [P, 1 - P];
    if (a < 1 && x <= 2.5) {
      let t = 0;
      let fac = 1;
      for (let n = 1; n < 200; n++) {
        fac *= -x / n;
        const tn = fac / (a + n);
        t += tn;
        if (Math.abs(tn) <= Math.abs(t) * EPS * 0.25) break;
      }
      const lxa = a * Math.log(x);
      const lg = lgamma1p(a);
      const Q = -Math.expm1(lxa - lg) - Math.exp(lxa - lg) * a * t;
      return [1 - Q, Q];
    }
    return [P, 1 - P];
  }
  const FPMIN = 1e-300;
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS * 0.5) break;
  }
  const Q = a * dpoisRaw(a, x) * h;
  return [1 - Q, Q];
}

/** pgamma by the reference incomplete gamma. */
export function pgammaReference(q: number, shape: number, scale = 1, lowerTail = true): number {
  const [P, Q] = incGammaReference(q / scale, shape);
  return lowerTail ? P : Q;
}

/** qgamma by bisection on the smaller tail of `incGammaReference` (shape > 0, 0 < p < 1). */
export function qgammaReference(p: number, shape: number, scale = 1, lowerTail = true): number {
  const pl = lowerTail ? p : 0.5 - p + 0.5;
  const pu = lowerTail ? 0.5 - p + 0.5 : p;
  const useUpper = pl > 0.5;
  const target = useUpper ? pu : pl;
  /** x is left of the quantile */
  const left = (x: number): boolean => {
    const [P, Q] = incGammaReference(x, shape);
    return useUpper ? Q > target : P < target;
  };
  let lo = 1;
  let hi = 1;
  while (left(hi) && hi < Number.MAX_VALUE) hi *= 2;
  while (!left(lo) && lo > 0) lo /= 2;
  if (lo === 0) return 0;
  for (let i = 0; i < 5000; i++) {
    const mid = hi / lo > 2 ? Math.sqrt(lo) * Math.sqrt(hi) : 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) break;
    if (left(mid)) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi) * scale;
}
