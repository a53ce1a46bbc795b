/**
 * Probability distributions and special functions, self-written (no dependency), following the
 * semantics of R's `nmath` library (argument order, defaults, boundary cases, discrete-quantile fuzz).
 *
 * Algorithms (re-implemented from the published descriptions, not copied):
 * - pnorm: W. J. Cody (1969/1993) rational Chebyshev approximations, as used by R's `pnorm_both`.
 * - qnorm: M. J. Wichura, AS 241 (PPND16), Applied Statistics 37 (1988) 477-484.
 * - Densities for gamma/Poisson/binomial-type terms: C. Loader (2000) "Fast and accurate computation of
 *   binomial probabilities" (stirlerr + bd0 deviance form), which avoids cancellation for large shapes.
 * - Incomplete gamma: Temme's uniform asymptotic expansion for large shapes near the mean (a >= 20, |x/a - 1| <= 0.4;
 *   O(1) work where the series need O(sqrt(a)) terms), elsewhere power series (lower) / Legendre continued fraction
 *   (upper) and a small-shape series for the upper tail; incomplete beta: continued fraction (modified Lentz).
 *   Quantiles: safeguarded Newton/Halley on top of a good start (Wilson-Hilferty, Cornish-Fisher, tail approximations);
 *   qgamma takes Halley steps on log(tail) against log(x) and needs 1-3 incomplete-gamma evaluations for shape >= 1.
 *
 * Every function returns NaN for invalid parameters (R returns NaN with a warning).
 */

const EPS = 2.220446049250313e-16; // DBL_EPSILON
const DBL_MIN = 2.2250738585072014e-308;
const LN_SQRT_2PI = 0.918938533204672741780329736406; // log(sqrt(2*pi))
const ONE_SQRT_2PI = 0.398942280401432677939946059934; // 1/sqrt(2*pi)
const LN_2PI = 1.837877066409345483560659472811;
const EULER = 0.5772156649015328606065120900824;

/** Fuzz factor R (>= 4.1.1, `qDiscrete_search.h`) applies to p before searching a discrete quantile. */
export const DISCRETE_QUANTILE_FUZZ = 8 * EPS;

// ---------------------------------------------------------------------------------------------------
// Gamma-function helpers
// ---------------------------------------------------------------------------------------------------

/** (zeta(k) - 1) for k = 2..41, computed once (direct sum + Euler-Maclaurin tail). */
const ZETA_M1: number[] = (() => {
  const out: number[] = [];
  const N = 200;
  for (let k = 2; k <= 41; k++) {
    let s = 0;
    for (let n = N - 1; n >= 2; n--) s += Math.pow(n, -k);
    const tail = Math.pow(N, 1 - k) / (k - 1) + Math.pow(N, -k) / 2 + (k * Math.pow(N, -k - 1)) / 12 -
      (k * (k + 1) * (k + 2) * Math.pow(N, -k - 3)) / 720;
    out[k] = s + tail;
  }
  return out;
})();

/** log(Gamma(1 + a)) for |a| <= 0.5, accurate relative to the (small) result. */
function lgamma1pSmall(a: number): number {
  // lgamma(1+a) = -log1p(a) + (1-gamma) a + sum_{k>=2} (zeta(k)-1) (-a)^k / k
  let sum = 0;
  let pw = a * a; // (-a)^k for k = 2
  for (let k = 2; k <= 41; k++) {
    const term = (ZETA_M1[k] * pw) / k;
    sum += term;
    if (Math.abs(term) <= 1e-18 * Math.abs(sum)) break;
    pw *= -a;
  }
  return -Math.log1p(a) + (1 - EULER) * a + sum;
}

/** Stirling series coefficients B_{2k} / (2k (2k-1)). */
const STIRLING = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
];

/**
 * stirlerr(x) = log Gamma(x+1) - (x + 1/2) log x + x - log sqrt(2 pi), the error of Stirling's formula
 * (equal to R's `lgammacor(x)` = log Gamma(x) - (x - 1/2) log x + x - log sqrt(2 pi)). Absolute accuracy ~1e-16.
 */
export function stirlerr(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return x === 0 ? Infinity : NaN;
  if (x >= 10) {
    const x2 = 1 / (x * x);
    let s = 0;
    for (let i = STIRLING.length - 1; i >= 0; i--) s = s * x2 + STIRLING[i];
    return s / x;
  }
  // stirlerr(x) = stirlerr(x + 1) + (x + 1/2) log1p(1/x) - 1
  let acc = 0;
  let y = x;
  while (y < 10) {
    acc += (y + 0.5) * Math.log1p(1 / y) - 1;
    y += 1;
  }
  return acc + stirlerr(y);
}

/** sin(pi x) with exact zeros at integers. */
function sinpi(x: number): number {
  let r = x % 2;
  if (r <= -1) r += 2;
  else if (r > 1) r -= 2;
  if (r === 0 || r === 1) return 0;
  if (r === 0.5) return 1;
  if (r === -0.5) return -1;
  return Math.sin(Math.PI * r);
}

/** log|Gamma(x)| (R `lgamma`); +Inf at non-positive integers. */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // reflection: |Gamma(x)| = pi / (|sin(pi x)| Gamma(1 - x))
    return Math.log(Math.PI / Math.abs(sinpi(x))) - lgamma(1 - x);
  }
  if (x < 0.5) return lgamma1pSmall(x) - Math.log(x);
  if (x < 1.5) return lgamma1pSmall(x - 1);
  if (x < 2.5) return Math.log1p(x - 2) + lgamma1pSmall(x - 2);
  return stirlerr(x) + (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI;
}

/** log(Gamma(1 + a)), accurate also for small |a|. */
export function lgamma1p(a: number): number {
  if (Math.abs(a) <= 0.5) return lgamma1pSmall(a);
  return lgamma(a + 1);
}

/** log Beta(a, b) (R `lbeta`), accurate for large arguments. */
export function lbeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p < 0) return NaN;
  if (p === 0) return Infinity;
  if (q === Infinity) return -Infinity;
  if (p >= 10) {
    const corr = stirlerr(p) + stirlerr(q) - stirlerr(p + q);
    return Math.log(q) * -0.5 + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlerr(q) - stirlerr(p + q);
    return lgamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return lgamma(p) + lgamma(q) - lgamma(p + q);
}

/** Deviance term bd0(x, np) = x log(x/np) + np - x, computed without cancellation (Loader 2000). */
export function bd0(x: number, np: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(np) || np === 0) return NaN;
  if (x === 0) return np;
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < DBL_MIN) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** x^... Poisson-type density lambda^x e^-lambda / Gamma(x+1) for real x >= 0 (R `dpois_raw`). */
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

/** Binomial-type density C(n, x) p^x q^(n-x) for real x, n (R `dbinom_raw`). */
function dbinomRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    const lc = p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
    return Math.exp(lc);
  }
  if (x === n) {
    const lc = q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
    return Math.exp(lc);
  }
  if (x < 0 || x > n) return 0;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

// ---------------------------------------------------------------------------------------------------
// Normal
// ---------------------------------------------------------------------------------------------------

/** Normal density (R `dnorm`). */
export function dnorm(x: number, mean = 0, sd = 1): number {
  if (Number.isNaN(x) || Number.isNaN(mean) || Number.isNaN(sd)) return NaN;
  if (sd < 0) return NaN;
  if (!Number.isFinite(sd)) return 0;
  if (!Number.isFinite(x) && mean === x) return NaN;
  if (sd === 0) return x === mean ? Infinity : 0;
  let z = (x - mean) / sd;
  if (!Number.isFinite(z)) return 0;
  z = Math.abs(z);
  if (z >= 2 * Math.sqrt(Number.MAX_VALUE)) return 0;
  if (z < 5) return (ONE_SQRT_2PI * Math.exp(-0.5 * z * z)) / sd;
  // beyond this, exp(-z^2/2) underflows (R: sqrt(-2 log(2) (DBL_MIN_EXP + 1 - DBL_MANT_DIG)))
  if (z > 38.56804181549334) return 0;
  const x1 = Math.round(z * 65536) / 65536;
  const x2 = z - x1;
  return (ONE_SQRT_2PI / sd) * (Math.exp(-0.5 * x1 * x1) * Math.exp((-0.5 * x2 - x1) * x2));
}

const CODY_A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const CODY_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const CODY_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const CODY_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const CODY_P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const CODY_Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/** Standard normal: returns the requested tail (lower: P[X <= x], else P[X > x]); Cody's algorithm. */
function pnormStd(x: number, lower: boolean): number {
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > EPS * 0.5) {
      const xsq = x * x;
      xnum = CODY_A[4] * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + CODY_A[i]) * xsq;
        xden = (xden + CODY_B[i]) * xsq;
      }
    }
    const temp = (x * (xnum + CODY_A[3])) / (xden + CODY_B[3]);
    return lower ? 0.5 + temp : 0.5 - temp;
  }
  let temp: number;
  let X: number;
  if (y <= 5.656854249492380195206754896838) {
    let xnum = CODY_C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + CODY_C[i]) * y;
      xden = (xden + CODY_D[i]) * y;
    }
    temp = (xnum + CODY_C[7]) / (xden + CODY_D[7]);
    X = y;
  } else if ((lower && -37.5193 < x && x < 8.2924) || (!lower && -8.2924 < x && x < 37.5193)) {
    const xsq = 1 / (x * x);
    let xnum = CODY_P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + CODY_P[i]) * xsq;
      xden = (xden + CODY_Q[i]) * xsq;
    }
    temp = (xsq * (xnum + CODY_P[4])) / (xden + CODY_Q[4]);
    temp = (ONE_SQRT_2PI - temp) / y;
    X = x;
  } else {
    return x > 0 ? (lower ? 1 : 0) : lower ? 0 : 1;
  }
  const xsq = Math.trunc(X * 16) / 16;
  const del = (X - xsq) * (X + xsq);
  const cum = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp; // tail beyond |x|
  const ccum = 1 - cum;
  if (x > 0) return lower ? ccum : cum;
  return lower ? cum : ccum;
}

/** Normal distribution function (R `pnorm`). */
export function pnorm(q: number, mean = 0, sd = 1, lowerTail = true): number {
  if (Number.isNaN(q) || Number.isNaN(mean) || Number.isNaN(sd)) return NaN;
  if (!Number.isFinite(q) && mean === q) return NaN;
  if (sd < 0) return NaN;
  if (sd === 0) return q < mean ? (lowerTail ? 0 : 1) : lowerTail ? 1 : 0;
  const p = (q - mean) / sd;
  if (!Number.isFinite(p)) return p < 0 ? (lowerTail ? 0 : 1) : lowerTail ? 1 : 0;
  return pnormStd(p, lowerTail);
}

/** Normal quantile function (R `qnorm`, Wichura AS 241 with R's coefficients). */
export function qnorm(p: number, mean = 0, sd = 1, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(mean) || Number.isNaN(sd)) return NaN;
  if (p < 0 || p > 1) return NaN;
  if (p === 0) return lowerTail ? -Infinity : Infinity;
  if (p === 1) return lowerTail ? Infinity : -Infinity;
  if (sd < 0) return NaN;
  if (sd === 0) return mean;
  const pLow = lowerTail ? p : 0.5 - p + 0.5; // R_DT_qIv
  const q = pLow - 0.5;
  let val: number;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    val = (q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
      45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r +
      3.387132872796366608)) /
      (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1.0);
    return mean + sd * val;
  }
  // r = min(p, 1-p) on the requested scale, using the untransformed tail when possible (no cancellation)
  let r: number;
  if (q < 0) r = lowerTail ? p : 0.5 - p + 0.5;
  else r = lowerTail ? 0.5 - p + 0.5 : p;
  r = Math.sqrt(-Math.log(r));
  if (r <= 5) {
    r -= 1.6;
    val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
      1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r +
      1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r +
        1.0);
  } else {
    r -= 5;
    val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
      0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r +
      6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r +
        1.0);
  }
  if (q < 0) val = -val;
  return mean + sd * val;
}

// ---------------------------------------------------------------------------------------------------
// Gamma
// ---------------------------------------------------------------------------------------------------

/** Gamma density (R `dgamma`, shape/scale). */
export function dgamma(x: number, shape: number, scale = 1): number {
  if (Number.isNaN(x) || Number.isNaN(shape) || Number.isNaN(scale)) return NaN;
  if (shape < 0 || scale <= 0) return NaN;
  if (x < 0) return 0;
  if (shape === 0) return x === 0 ? Infinity : 0;
  if (x === 0) {
    if (shape < 1) return Infinity;
    if (shape > 1) return 0;
    return 1 / scale;
  }
  if (shape < 1) return (dpoisRaw(shape, x / scale) * shape) / x;
  return dpoisRaw(shape - 1, x / scale) / scale;
}

/**
 * Standard normal upper tail scaled by its exponential: Phi(-y) * exp(y^2 / 2) for y >= 0, from the same Cody
 * rational approximations as `pnormStd` (which returns exp(-y^2/2) times this value). No underflow for large y.
 */
function pnormUpperScaled(y: number): number {
  if (y <= 0.67448975) return pnormStd(y, false) * Math.exp(0.5 * y * y);
  if (y <= 5.656854249492380195206754896838) {
    let xnum = CODY_C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + CODY_C[i]) * y;
      xden = (xden + CODY_D[i]) * y;
    }
    return (xnum + CODY_C[7]) / (xden + CODY_D[7]);
  }
  const xsq = 1 / (y * y);
  let xnum = CODY_P[5] * xsq;
  let xden = xsq;
  for (let i = 0; i < 4; i++) {
    xnum = (xnum + CODY_P[i]) * xsq;
    xden = (xden + CODY_Q[i]) * xsq;
  }
  const temp = (xsq * (xnum + CODY_P[4])) / (xden + CODY_Q[4]);
  return (ONE_SQRT_2PI - temp) / y;
}

/** 1 / (2k + 3), k = 0..39 */
const INV_ODD = Float64Array.from({ length: 40 }, (_, k) => 1 / (2 * k + 3));

/** log(1 + x) - x without cancellation for small |x| (x > -1). */
export function log1pmx(x: number): number {
  if (!(Math.abs(x) < 0.5)) return Math.log1p(x) - x;
  // log1p(x) = 2 atanh(r), r = x / (2 + x); log1p(x) - x = -x r + 2 r^3 sum_{k>=0} r^(2k) / (2k + 3)
  const r = x / (2 + x);
  const r2 = r * r;
  let sum = 0;
  let pw = 1;
  for (let k = 0; k < 40; k++) {
    const term = pw * INV_ODD[k];
    sum += term;
    if (term <= 1e-17 * sum) break;
    pw *= r2;
  }
  return 2 * r * r2 * sum - x * r;
}

/**
 * Temme's uniform asymptotic expansion of the incomplete gamma ratios (N. M. Temme, "The asymptotic expansion of the
 * incomplete gamma functions", SIAM J. Math. Anal. 10 (1979) 757-766; DLMF 8.12.3-8.12.11):
 *   Q(a, x) = Phi(-eta sqrt(a)) + exp(-a eta^2 / 2) / sqrt(2 pi a) * sum_k c_k(eta) a^-k,
 *   lambda = x / a, eta = sign(lambda - 1) sqrt(2 (lambda - 1 - log lambda)),
 *   c_0 = 1 / (lambda - 1) - 1 / eta,  c_k = (1/eta) c_{k-1}'(eta) + (-1)^k gamma_k / (lambda - 1).
 * The Taylor coefficients of c_k in eta are generated here from those definitions: lambda - 1 = sum m_n eta^n follows
 * from (lambda - 1) d(lambda - 1)/d eta = eta lambda; the pole of each recursion step cancels, which fixes gamma_k.
 * (They reproduce the tables of DiDonato & Morris, ACM TOMS 12 (1986) 377-393: -1/3, 1/12, -2/135, ...; -1/540, ...)
 */
/** Temme's expansion is used for a >= TEMME_MIN_A and |x / a - 1| <= TEMME_MAX_MU (elsewhere series / fraction are short). */
const TEMME_MIN_A = 20;
const TEMME_MAX_MU = 0.4; // then |eta| <= 0.471
const TEMME_K = 14; // c_0 .. c_13 (c_13 / 20^13 ~ 1e-20)

/** Taylor coefficients d[k][n] of c_k(eta), k < TEMME_K, n < 64 - 2k. */
const TEMME_COEF: number[][] = (() => {
  const N = 64;
  const m = new Array<number>(N + 2).fill(0);
  m[1] = 1;
  for (let n = 2; n <= N + 1; n++) {
    let s = m[n - 1];
    for (let i = 2; i <= n - 1; i++) s -= (n + 1 - i) * m[i] * m[n + 1 - i];
    m[n] = s / (n + 1);
  }
  // h = eta / (lambda - 1) as a power series (reciprocal of sum m_{n+1} eta^n)
  const h = new Array<number>(N + 1).fill(0);
  h[0] = 1;
  for (let n = 1; n <= N; n++) {
    let s = 0;
    for (let i = 1; i <= n; i++) s += m[i + 1] * h[n - i];
    h[n] = -s;
  }
  const d: number[][] = [h.slice(1)];
  for (let k = 1; k < TEMME_K; k++) {
    const p = d[k - 1];
    const q: number[] = [];
    for (let j = 0; j + 2 < p.length; j++) q.push((j + 2) * p[j + 2] - p[1] * h[j + 1]);
    d.push(q);
  }
  return d;
})();

/**
 * Evaluation tables for |eta| <= etaMax: each row truncated where |d[k][n]| etaMax^n 20^-k < 1e-19, and aNeed[k] = the
 * smallest a for which the whole row k is below 1e-19 (rows k with aNeed[k] <= a are skipped).
 */
type TemmeTable = { etaMax: number; rows: Float64Array[]; aNeed: Float64Array };
function temmeTable(etaMax: number): TemmeTable {
  const rows: Float64Array[] = [];
  const aNeed = new Float64Array(TEMME_K);
  TEMME_COEF.forEach((row, k) => {
    let len = row.length;
    while (len > 1 && Math.abs(row[len - 1]) * etaMax ** (len - 1) * TEMME_MIN_A ** -k < 1e-19) len--;
    rows.push(Float64Array.from(row.slice(0, len)));
    let size = 0;
    row.forEach((v, n) => (size = Math.max(size, Math.abs(v) * etaMax ** n)));
    aNeed[k] = k === 0 ? Infinity : (size / 1e-19) ** (1 / k);
  });
  return { etaMax, rows, aNeed };
}
const TEMME_TABLES: TemmeTable[] = [temmeTable(0.08), temmeTable(0.2), temmeTable(0.48)];

/** Results of `incGammaRaw`: P(a, x), Q(a, x) and front = x^a e^-x / Gamma(a + 1) (R `dpois_raw(a, x)`). */
let igP = 0;
let igQ = 0;
let igFront = 0;
/** one-entry cache of exp(-stirlerr(a)) / sqrt(2 pi a) (qgamma evaluates at one a) */
let cacheA = NaN;
let cacheFront = 0;

function incGammaTemme(x: number, a: number): void {
  const mu = (x - a) / a;
  const l = -log1pmx(mu); // lambda - 1 - log(lambda) = eta^2 / 2
  const E = a * l; // = bd0(a, x)
  let eta = Math.sqrt(2 * l);
  if (mu < 0) eta = -eta;
  const ae = Math.abs(eta);
  const tab = ae <= TEMME_TABLES[0].etaMax ? TEMME_TABLES[0] : ae <= TEMME_TABLES[1].etaMax ? TEMME_TABLES[1] : TEMME_TABLES[2];
  const rows = tab.rows;
  const aNeed = tab.aNeed;
  let K = TEMME_K;
  while (K > 1 && aNeed[K - 1] <= a) K--;
  const ia = 1 / a;
  let S = 0;
  for (let k = K - 1; k >= 0; k--) {
    const c = rows[k];
    let s = 0;
    for (let n = c.length - 1; n >= 0; n--) s = s * eta + c[n];
    S = S * ia + s;
  }
  const sqrt2pia = Math.sqrt(2 * Math.PI * a);
  const ex = Math.exp(-E);
  const g = pnormUpperScaled(ae * Math.sqrt(a));
  if (mu >= 0) {
    igQ = ex * (g + S / sqrt2pia);
    igP = 0.5 - igQ + 0.5;
  } else {
    igP = ex * (g - S / sqrt2pia);
    igQ = 0.5 - igP + 0.5;
  }
  igFront = ex * frontScale(a);
}

/** exp(-stirlerr(a)) / sqrt(2 pi a), cached for the last a (qgamma evaluates many x at one a). */
function frontScale(a: number): number {
  if (a !== cacheA) {
    cacheA = a;
    cacheFront = Math.exp(-stirlerr(a)) / Math.sqrt(2 * Math.PI * a);
  }
  return cacheFront;
}

/** x^a e^-x / Gamma(a + 1) for a > 0, 0 < x < Infinity: R `dpois_raw(a, x)`, with the Stirling factor cached. */
function gammaFront(a: number, x: number): number {
  if (a <= x * DBL_MIN) return Math.exp(-x);
  if (x < a * DBL_MIN) return Math.exp(-x + a * Math.log(x) - lgamma(a + 1));
  // bd0(a, x) = a log(a/x) + x - a = -a log1pmx((x - a) / a): near x = a the latter has no cancellation; far from it
  // (x < a/2: 1 + mu loses digits) the direct form is accurate
  const mu = (x - a) / a;
  return Math.exp(Math.abs(mu) < 0.5 ? a * log1pmx(mu) : -bd0(a, x)) * frontScale(a);
}

/** Regularised incomplete gamma P(a, x), Q(a, x) into igP / igQ (the small one without cancellation), and igFront. */
function incGammaRaw(x: number, a: number): void {
  if (x <= 0) {
    igP = 0;
    igQ = 1;
    igFront = 0;
    return;
  }
  if (x === Infinity || a === 0) {
    igP = 1;
    igQ = 0;
    igFront = 0;
    return;
  }
  if (a === Infinity) {
    igP = 0;
    igQ = 1;
    igFront = 0;
    return;
  }
  if (a >= TEMME_MIN_A && Math.abs(x - a) <= TEMME_MAX_MU * a) {
    incGammaTemme(x, a);
    return;
  }
  const front = gammaFront(a, x);
  igFront = front;
  if (x < a + 1) {
    // lower series: P = x^a e^-x / Gamma(a+1) * sum_{n>=0} x^n / ((a+1)...(a+n))
    let sum = 1;
    let term = 1;
    for (let n = 1; n < 10_000_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term <= sum * EPS * 0.25) break;
    }
    const P = front * sum;
    igP = P;
    igQ = 1 - P;
    if (P <= 0.75) return;
    // here a < 1 (for a >= 1, P(a, x < a+1) < 0.75 would not hold only for tiny cancellation cases):
    // upper tail by the small-shape series  Q = -expm1(a log x - lgamma1p(a)) - x^a a T / Gamma(a+1),
    // T = sum_{n>=1} (-x)^n / ((a+n) n!)
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
      igP = 1 - Q;
      igQ = Q;
    }
    return;
  }
  // upper continued fraction (modified Lentz):  Q = x^a e^-x / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- ...))
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
  const Q = a * front * h;
  igP = 1 - Q;
  igQ = Q;
}

/** Gamma distribution function (R `pgamma`, shape/scale): the regularised lower incomplete gamma P(shape, q/scale). */
export function pgamma(q: number, shape: number, scale = 1, lowerTail = true): number {
  if (Number.isNaN(q) || Number.isNaN(shape) || Number.isNaN(scale)) return NaN;
  if (shape < 0 || scale <= 0) return NaN;
  const x = q / scale;
  if (Number.isNaN(x)) return NaN;
  incGammaRaw(x, shape);
  return lowerTail ? igP : igQ;
}

/**
 * Gamma quantile function (R `qgamma`, shape/scale). Start: Wilson-Hilferty, or the leading terms of the tails
 * (P ~ x^a / Gamma(a+1) for small x, Q ~ x^(a-1) e^-x / Gamma(a) for large x; as in Best & Roberts, AS 91). Then
 * Halley steps on log(tail probability) against log(x) (the smaller tail, so no cancellation), kept inside a
 * bracket; each step needs one incomplete-gamma evaluation, which also gives the density. Converged when a step is
 * below 1e-6 / sqrt(a) (relative), after which the cubic convergence leaves an error far below 1 ulp.
 */
export function qgamma(p: number, shape: number, scale = 1, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(shape) || Number.isNaN(scale)) return NaN;
  if (p < 0 || p > 1 || shape < 0 || scale < 0) return NaN;
  if (shape === 0) return 0;
  const pl = lowerTail ? p : 0.5 - p + 0.5;
  const pu = lowerTail ? 0.5 - p + 0.5 : p;
  if (pl === 0) return 0;
  if (pu === 0) return Infinity;
  const a = shape;
  const useUpper = pl > 0.5; // solve on the smaller tail
  const target = useUpper ? pu : pl;
  const logTarget = Math.log(target);

  // ---- starting value
  const z = qnorm(p, 0, 1, lowerTail);
  const c9 = 1 / (9 * a);
  const w = 1 - c9 + z * Math.sqrt(c9);
  const xWH = w > 0 ? a * w * w * w : NaN;
  let x: number;
  // P(a, x) ~ x^a / Gamma(a+1) for small x: log x = (log P + lgamma(a+1)) / a, a lower bound of the root
  // (e^-x M(a+1, x) <= 1 in P = x^a e^-x M / Gamma(a+1))
  if (!useUpper && (a < 1 || !(xWH > 0) || 2 * a < -1.24 * logTarget)) {
    const lx = (logTarget + lgamma1p(a)) / a;
    if (Math.exp(lx + Math.log(scale)) === 0) return 0; // the quantile underflows (R returns 0)
    x = Math.exp(lx);
  } else if (useUpper && (a < 1 || !(xWH > 0) || xWH > 2.2 * a + 3)) {
    // Q(a, x) ~ x^(a-1) e^-x / Gamma(a) for large x: fixed point x = -log(Q Gamma(a)) + (a - 1) log x
    const c = -(logTarget + lgamma(a));
    x = xWH > 1 ? xWH : 1;
    for (let i = 0; i < 3; i++) x = c + (a - 1) * Math.log(x);
    if (!(x > 1) && a < 1) x = Math.exp((Math.log1p(-pu) + lgamma1p(a)) / a);
  } else x = xWH;
  if (!(x > 0) || !Number.isFinite(x)) x = Math.max(a, 1);

  // ---- Halley on h(y) = log T(e^y) - log target, y = log x, inside the bracket [lo, hi]
  const tol = 1e-6 / Math.sqrt(Math.max(a, 1));
  let lo = 0;
  let hi = Infinity;
  for (let it = 0; it < 1000; it++) {
    incGammaRaw(x, a);
    const T = useUpper ? igQ : igP;
    if (T === target) return x * scale;
    // left of the root: the lower tail is still below target (upper tail still above)
    if (useUpper ? T > target : T < target) lo = x;
    else hi = x;
    let xn = NaN;
    if (T > 0 && Number.isFinite(T) && igFront > 0) {
      const r = (T - target) / target;
      const h = Math.abs(r) < 0.5 ? Math.log1p(r) : Math.log(T) - logTarget;
      // dT/dx = +-density, density = front * a / x;  h_y = x h' = +-front * a / T
      const hy = ((useUpper ? -igFront : igFront) * a) / T;
      if (hy !== 0 && Number.isFinite(hy)) {
        const s0 = -h / hy;
        // h_yy / h_y = 1 + x (d'/d - h') = a - x - h_y
        let den = 1 + 0.5 * s0 * (a - x - hy);
        if (!(den > 0.5 && den < 2)) den = 1;
        const dy = s0 / den;
        xn = x * Math.exp(dy);
        // converged: the root lies in [lo, hi] and x is one of its ends, so clamp the (tiny) last step into it
        // (xn === x: no representable progress, e.g. for subnormal quantiles)
        if (Math.abs(dy) <= tol || xn === x) return Math.min(Math.max(xn, lo), hi) * scale;
      }
    }
    if (!(xn > lo && xn < hi)) {
      // bisection (geometric when the bracket spans orders of magnitude)
      if (hi === Infinity) xn = Math.max(x, 1) * 4;
      else if (lo === 0) xn = hi / 16;
      else xn = hi / lo > 4 ? Math.sqrt(lo) * Math.sqrt(hi) : 0.5 * (lo + hi);
      if (hi < Infinity && hi - lo <= 4 * EPS * hi) return 0.5 * (lo + hi) * scale;
      if (xn === 0 || xn === x) return x * scale;
    }
    x = xn;
  }
  return x * scale;
}

// ---------------------------------------------------------------------------------------------------
// Beta
// ---------------------------------------------------------------------------------------------------

/** x^a y^b / (a B(a, b)) with y = 1 - x given separately (Loader's deviance form when both shapes >= 1). */
function betaFront(a: number, b: number, x: number, y: number): number {
  if (a >= 1 && b >= 1) {
    const n = a + b;
    const e = stirlerr(n) - stirlerr(a) - stirlerr(b) - bd0(a, n * x) - bd0(b, n * y);
    return Math.sqrt(b / (2 * Math.PI * n * a)) * Math.exp(e);
  }
  const lx = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const ly = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  return Math.exp(a * lx + b * ly - lbeta(a, b) - Math.log(a));
}

/** Continued fraction for the incomplete beta (modified Lentz). */
function betaCf(a: number, b: number, x: number, y: number, maxIt = 10_000_000): number {
  const FPMIN = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // 1 - (a+b) x / (a+1), written with y = 1 - x to avoid cancellation when x is close to 1
  let d = x > 0.5 ? (1 - b + qab * y) / qap : 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIt; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS * 0.5) return h;
  }
  return maxIt === 10_000_000 ? h : NaN;
}

/** Power series for I_x(a, b) (TOMS 708 BPSER region: b <= 1 or b x <= 0.7, x <= 0.5 or tiny result). */
function bpser(a: number, b: number, x: number): number {
  if (x === 0) return 0;
  // I = x^a / (a B(a,b)) * (1 + a sum_{j>=1} c_j / (a + j)),  c_j = prod_{i<=j} (1 - b/i) x
  const lfront = a * Math.log(x) - lbeta(a, b) - Math.log(a);
  let sum = 0;
  let c = 1;
  for (let j = 1; j < 1_000_000; j++) {
    c *= (0.5 - b / j + 0.5) * x;
    const w = c / (a + j);
    sum += w;
    if (Math.abs(w) <= EPS * 0.05 * Math.abs(1 / a + sum)) break;
  }
  return Math.exp(lfront) * (1 + a * sum);
}

/** 1 / Gamma(b + 1) - 1, accurate for small |b|. */
function gam1(b: number): number {
  return Math.expm1(-lgamma1p(b));
}

/** log(Gamma(a) / Gamma(a + b)) for a >= 8, without cancellation. */
function algdiv(b: number, a: number): number {
  return stirlerr(a) - stirlerr(a + b) - (a - 0.5) * Math.log1p(b / a) - b * Math.log(a + b) + b;
}

/**
 * Asymptotic expansion of I_x(a, b) for large a and b <= 1 (DiDonato & Morris 1992, TOMS 708 "BGRAT").
 * Returns NaN when the expansion cannot be used (underflow / no convergence).
 */
function bgrat(a: number, b: number, x: number, y: number): number {
  const N_TERMS = 30;
  const bm1 = b - 0.5 - 0.5;
  const nu = a + bm1 * 0.5;
  const lnx = y > 0.375 ? Math.log(x) : Math.log1p(-y);
  const z = -nu * lnx;
  if (!(b * z > 0)) return NaN;
  // r = exp(-z) z^b / Gamma(b);  u = r * Gamma(a + b) / (Gamma(a) nu^b)
  const logR = Math.log(b) + Math.log1p(gam1(b)) + b * Math.log(z) + nu * lnx;
  const logU = logR - (algdiv(b, a) + b * Math.log(nu));
  if (logU === -Infinity || !Number.isFinite(logR)) return NaN;
  const qr = pgamma(z, b, 1, false) / Math.exp(logR); // scaled complement Q(b, z) / r
  if (!Number.isFinite(qr)) return NaN;
  const v = 0.25 / (nu * nu);
  const t2 = lnx * 0.25 * lnx;
  const c: number[] = new Array(N_TERMS);
  const d: number[] = new Array(N_TERMS);
  let j = qr;
  let sum = j;
  let t = 1;
  let cn = 1;
  let n2 = 0;
  for (let n = 1; n <= N_TERMS; n++) {
    const bp2n = b + n2;
    j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v;
    n2 += 2;
    t *= t2;
    cn /= n2 * (n2 + 1);
    const nm1 = n - 1;
    c[nm1] = cn;
    let s = 0;
    if (n > 1) {
      let coef = b - n;
      for (let i = 1; i <= nm1; i++) {
        s += coef * c[i - 1] * d[nm1 - i];
        coef += b;
      }
    }
    d[nm1] = bm1 * cn + s / n;
    const dj = d[nm1] * j;
    sum += dj;
    if (sum <= 0) return NaN;
    if (Math.abs(dj) <= EPS * 0.5 * sum) break;
  }
  return Math.exp(logU) * sum;
}

/** Regularised incomplete beta [I_x(a,b), 1 - I_x(a,b)], y = 1 - x passed to avoid cancellation. */
function incBeta(x: number, y: number, a: number, b: number): [number, number] {
  if (x <= 0) return [0, 1];
  if (y <= 0) return [1, 0];
  if (a === 0 || b === Infinity) return [1, 0];
  if (b === 0 || a === Infinity) return [0, 1];
  if (Math.min(a, b) <= 1 && Math.max(a, b) > 1) {
    // TOMS 708 region selection for one small shape: orient so that x0 <= 0.5
    const swap = x > 0.5;
    const a0 = swap ? b : a;
    const b0 = swap ? a : b;
    const x0 = swap ? y : x;
    const y0 = swap ? x : y;
    let w = NaN;
    let w1 = NaN;
    if (b0 <= 1) w = bpser(a0, b0, x0);
    else if (x0 >= 0.29) w1 = bpser(b0, a0, y0);
    else if (x0 < 0.1 && Math.pow(x0 * b0, a0) <= 0.7) w = bpser(a0, b0, x0);
    else if (b0 > 15) w1 = bgrat(b0, a0, y0, x0);
    if (Number.isFinite(w) && w >= 0 && w <= 1) w1 = 0.5 - w + 0.5;
    else if (Number.isFinite(w1) && w1 >= 0 && w1 <= 1) w = 0.5 - w1 + 0.5;
    else w = NaN;
    if (!Number.isNaN(w)) return swap ? [w1, w] : [w, w1];
  }
  if (x > (a + 1) / (a + b + 2)) {
    const [w1, w] = incBeta(y, x, b, a);
    return [w, w1];
  }
  const w = betaFront(a, b, x, y) * betaCf(a, b, x, y);
  return [w, 1 - w];
}

/** Beta distribution function (R `pbeta`). */
export function pbeta(q: number, shape1: number, shape2: number, lowerTail = true): number {
  if (Number.isNaN(q) || Number.isNaN(shape1) || Number.isNaN(shape2)) return NaN;
  if (shape1 < 0 || shape2 < 0) return NaN;
  if (q <= 0) return lowerTail ? 0 : 1;
  if (q >= 1) return lowerTail ? 1 : 0;
  const [w, w1] = incBeta(q, 0.5 - q + 0.5, shape1, shape2);
  return lowerTail ? w : w1;
}

// ---------------------------------------------------------------------------------------------------
// Student t
// ---------------------------------------------------------------------------------------------------

/** Student t density (R `dt`), non-integer df allowed. */
export function dt(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return NaN;
  if (df <= 0) return NaN;
  if (!Number.isFinite(x)) return 0;
  if (!Number.isFinite(df)) return dnorm(x);
  const n = df;
  const t = -bd0(n / 2, (n + 1) / 2) + stirlerr((n + 1) / 2) - stirlerr(n / 2);
  const x2n = (x * x) / n;
  let lx2n: number;
  let u: number;
  const lrg = x2n > 1 / EPS;
  if (lrg) {
    lx2n = Math.log(Math.abs(x)) - Math.log(n) / 2;
    u = n * lx2n;
  } else if (x2n > 0.2) {
    lx2n = Math.log(1 + x2n) / 2;
    u = n * lx2n;
  } else {
    lx2n = Math.log1p(x2n) / 2;
    u = -bd0(n / 2, (n + x * x) / 2) + (x * x) / 2;
  }
  const iSqrt = lrg ? Math.sqrt(n) / Math.abs(x) : Math.exp(-lx2n);
  return Math.exp(t - u) * ONE_SQRT_2PI * iSqrt;
}

/** Student t distribution function (R `pt`), non-integer df allowed. */
export function pt(q: number, df: number, lowerTail = true): number {
  if (Number.isNaN(q) || Number.isNaN(df)) return NaN;
  if (df <= 0) return NaN;
  if (!Number.isFinite(q)) return q < 0 ? (lowerTail ? 0 : 1) : lowerTail ? 1 : 0;
  if (!Number.isFinite(df)) return pnorm(q, 0, 1, lowerTail);
  const n = df;
  const x = q;
  const nx = 1 + (x / n) * x;
  let val: number;
  if (nx > 1e100) {
    const lval = -0.5 * n * (2 * Math.log(Math.abs(x)) - Math.log(n)) - lbeta(0.5 * n, 0.5) - Math.log(0.5 * n);
    val = Math.exp(lval);
  } else if (n > x * x) {
    // pbeta(x^2/(n+x^2), 0.5, n/2, upper)
    const xx = (x * x) / (n + x * x);
    const yy = n / (n + x * x);
    val = incBeta(xx, yy, 0.5, n / 2)[1];
  } else {
    // pbeta(1/nx, n/2, 0.5, lower)
    const xx = 1 / nx;
    const yy = (x * x) / n / nx;
    val = incBeta(xx, yy, n / 2, 0.5)[0];
  }
  let lower = lowerTail;
  if (x <= 0) lower = !lower;
  val /= 2;
  return lower ? 0.5 - val + 0.5 : val;
}

/** Student t quantile function (R `qt`), non-integer df allowed; Newton/Taylor refinement as in R. */
export function qt(p: number, df: number, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(df)) return NaN;
  if (p < 0 || p > 1 || df <= 0) return NaN;
  const pl = lowerTail ? p : 0.5 - p + 0.5;
  const pu = lowerTail ? 0.5 - p + 0.5 : p;
  if (pl === 0) return -Infinity;
  if (pu === 0) return Infinity;
  if (pl === 0.5 && pu === 0.5) return 0;
  if (!Number.isFinite(df) || df > 1e20) return qnorm(p, 0, 1, lowerTail);
  const n = df;
  const neg = pl < pu; // quantile is negative
  const target = neg ? pl : pu; // upper-tail probability of |T| beyond the positive quantile
  // starting values: Cornish-Fisher (Abramowitz & Stegun 26.7.5) and the polynomial tail bound
  const zq = -qnorm(target);
  const z2 = zq * zq;
  let cf = zq + (zq * (z2 + 1)) / (4 * n) + (zq * ((5 * z2 + 16) * z2 + 3)) / (96 * n * n) +
    (zq * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / (384 * n * n * n) +
    (zq * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / (92160 * n ** 4);
  // tail bound: P(T > q) <= C q^-n with C = Gamma((n+1)/2) n^((n-2)/2) / (Gamma(n/2) sqrt(pi))
  const logC = lgamma((n + 1) / 2) - lgamma(n / 2) + ((n - 2) / 2) * Math.log(n) - 0.5 * Math.log(Math.PI);
  const tailQ = Math.exp((logC - Math.log(target)) / n);
  const g = (t: number): number => pt(t, n, false) - target; // decreasing in t
  let hi = Number.isFinite(tailQ) ? tailQ * (1 + 1e-12) : Infinity;
  if (Number.isFinite(hi) && g(hi) > 0) hi = Infinity;
  let lo = 0;
  if (Math.abs(n - 1) < 1e-14) cf = Math.tan(Math.PI * (0.5 - target));
  else if (Math.abs(n - 2) < 1e-14) cf = Math.sqrt(2 / (4 * target * (1 - target)) - 2);
  let qv = cf;
  if (!(qv > 0) || !Number.isFinite(qv) || (Number.isFinite(hi) && qv > hi)) qv = Number.isFinite(hi) ? hi : 1;
  if (hi === Infinity) {
    let t = Math.max(qv, 1);
    for (let i = 0; i < 3000; i++) {
      if (g(t) <= 0) {
        hi = t;
        break;
      }
      lo = t;
      t *= 2;
    }
    if (hi === Infinity) return neg ? -Infinity : Infinity;
  }
  for (let it = 0; it < 200; it++) {
    const gv = g(qv);
    if (gv === 0) break;
    if (gv > 0) lo = Math.max(lo, qv);
    else hi = Math.min(hi, qv);
    const y = dt(qv, n);
    let qn: number;
    if (y > 0 && Number.isFinite(y)) {
      const xs = gv / y;
      qn = qv + xs * (1 + (xs * qv * (n + 1)) / (2 * (qv * qv + n)));
    } else qn = NaN;
    if (!(qn > lo && qn < hi)) qn = lo > 0 && hi / lo > 4 ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    if (Math.abs(qn - qv) <= 2 * EPS * Math.abs(qn)) {
      qv = qn;
      break;
    }
    qv = qn;
  }
  return neg ? -qv : qv;
}

// ---------------------------------------------------------------------------------------------------
// Poisson and negative binomial
// ---------------------------------------------------------------------------------------------------

/** Poisson probability mass (R `dpois`); 0 for non-integer x. */
export function dpois(x: number, lambda: number): number {
  if (Number.isNaN(x) || Number.isNaN(lambda)) return NaN;
  if (lambda < 0) return NaN;
  if (Math.abs(x - Math.round(x)) > 1e-7 * Math.max(1, Math.abs(x))) return 0;
  if (x < 0 || !Number.isFinite(x)) return 0;
  return dpoisRaw(Math.round(x), lambda);
}

/** Poisson distribution function (R `ppois`). */
export function ppois(q: number, lambda: number, lowerTail = true): number {
  if (Number.isNaN(q) || Number.isNaN(lambda)) return NaN;
  if (lambda < 0) return NaN;
  if (q < 0) return lowerTail ? 0 : 1;
  if (lambda === 0) return lowerTail ? 1 : 0;
  if (!Number.isFinite(q)) return lowerTail ? 1 : 0;
  const x = Math.floor(q + 1e-7);
  return pgamma(lambda, x + 1, 1, !lowerTail);
}

/** Negative binomial probability mass, size/prob parametrisation (R `dnbinom`). */
export function dnbinom(x: number, size: number, prob: number): number {
  if (Number.isNaN(x) || Number.isNaN(size) || Number.isNaN(prob)) return NaN;
  if (prob <= 0 || prob > 1 || size < 0) return NaN;
  if (Math.abs(x - Math.round(x)) > 1e-7 * Math.max(1, Math.abs(x))) return 0;
  if (x < 0 || !Number.isFinite(x)) return 0;
  const xi = Math.round(x);
  if (xi === 0 && size === 0) return 1;
  if (!Number.isFinite(size)) size = Number.MAX_VALUE;
  const ans = dbinomRaw(size, xi + size, prob, 1 - prob);
  const pp = size / (size + xi);
  return pp * ans;
}

/** Negative binomial distribution function, size/prob parametrisation (R `pnbinom`). */
export function pnbinom(q: number, size: number, prob: number, lowerTail = true): number {
  if (Number.isNaN(q) || Number.isNaN(size) || Number.isNaN(prob)) return NaN;
  if (!Number.isFinite(size) || !Number.isFinite(prob)) return NaN;
  if (size < 0 || prob <= 0 || prob > 1) return NaN;
  if (size === 0) return q >= 0 ? (lowerTail ? 1 : 0) : lowerTail ? 0 : 1;
  if (q < 0) return lowerTail ? 0 : 1;
  if (!Number.isFinite(q)) return lowerTail ? 1 : 0;
  const x = Math.floor(q + 1e-7);
  return pbeta(prob, size, x + 1, lowerTail);
}

/**
 * R's discrete quantile search (`qDiscrete_search.h`, R >= 4.1.1): Cornish-Fisher start, p fuzzed by
 * (1 - 8 eps) for the lower tail, then the smallest integer y with F(y) >= p (upper tail: F_upper(y) < p).
 */
function discreteQuantile(p: number, lowerTail: boolean, mu: number, sigma: number, gamma: number, cdf: (y: number, lower: boolean) => number): number {
  const z0 = qnorm(p, 0, 1, lowerTail);
  let y = Math.round(mu + sigma * (z0 + (gamma * (z0 * z0 - 1)) / 6));
  if (!(y > 0)) y = 0;
  let z = cdf(y, lowerTail);
  const e = DISCRETE_QUANTILE_FUZZ;
  let pp = p;
  if (lowerTail) pp *= 1 - e;
  else if (1 - pp > 4 * e) pp *= 1 + e;
  const search = (yStart: number, incr: number): number => {
    let yy = yStart;
    const left = lowerTail ? z >= pp : z < pp;
    if (left) {
      for (;;) {
        let newz = -1;
        if (yy > 0) newz = cdf(yy - incr, lowerTail);
        else if (yy < 0) yy = 0;
        if (yy === 0 || Number.isNaN(newz) || (lowerTail ? newz < pp : newz >= pp)) return yy;
        yy = Math.max(0, yy - incr);
        z = newz;
      }
    }
    for (;;) {
      yy += incr;
      z = cdf(yy, lowerTail);
      if (Number.isNaN(z) || (lowerTail ? z >= pp : z < pp)) return yy;
    }
  };
  if (y < 4096) return search(y, 1);
  let incr = Math.floor(y / 64);
  let oldincr: number;
  do {
    oldincr = incr;
    y = search(y, incr);
    incr = Math.max(1, Math.floor(incr / 8));
  } while (oldincr > 1 && incr > y * 1e-15);
  return y;
}

/** Poisson quantile function (R `qpois`, including R's left-continuity fuzz). */
export function qpois(p: number, lambda: number, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(lambda)) return NaN;
  if (!Number.isFinite(lambda) || lambda < 0) return NaN;
  if (p < 0 || p > 1) return NaN;
  if (lambda === 0) return 0;
  if (p === (lowerTail ? 0 : 1)) return 0;
  if (p === (lowerTail ? 1 : 0)) return Infinity;
  const sigma = Math.sqrt(lambda);
  return discreteQuantile(p, lowerTail, lambda, sigma, 1 / sigma, (y, lower) => ppois(y, lambda, lower));
}

/** Negative binomial quantile function, size/prob parametrisation (R `qnbinom`, including R's fuzz). */
export function qnbinom(p: number, size: number, prob: number, lowerTail = true): number {
  if (Number.isNaN(p) || Number.isNaN(size) || Number.isNaN(prob)) return NaN;
  if (prob === 0 && size === 0) return 0;
  if (prob <= 0 || prob > 1 || size < 0) return NaN;
  if (prob === 1 || size === 0) return 0;
  if (p < 0 || p > 1) return NaN;
  if (p === (lowerTail ? 0 : 1)) return 0;
  if (p === (lowerTail ? 1 : 0)) return Infinity;
  const Q = 1 / prob;
  const P = (1 - prob) * Q;
  const mu = size * P;
  const sigma = Math.sqrt(size * P * Q);
  const gamma = (Q + P) / sigma;
  return discreteQuantile(p, lowerTail, mu, sigma, gamma, (y, lower) => pnbinom(y, size, prob, lower));
}
