/**
 * Deterministic projection models (ANALYTICS.md §4).
 *
 * - SEIR, frequency dependent, closed population N, optional Erlang-k latent period (k stages of rate k sigma, as in
 *   neherlab/covid19_scenarios), integrated with classical RK4 at a fixed step dt (default 0.5 day), output daily:
 *   S' = -beta S I / N, E_1' = beta S I / N - k sigma E_1, E_j' = k sigma (E_{j-1} - E_j), I' = k sigma E_k - gamma I, R' = gamma I.
 *   beta may be constant (R0 gamma), R_t-driven (beta(t) = R_t gamma N / S(t), i.e. incidence R_t gamma I) or a
 *   contact-reduction scenario (beta = R0 gamma (1 - c) from a given day).
 * - CHIME (CodeForPhilly/chime, MIT): discrete-time SIR with one-day steps renormalised to N (`sir`, `sim_sir` with
 *   (beta, days) policies), growth-rate / beta / doubling-time helpers and hospital dispositions, admissions, census.
 * - Helpers: final size z = s0 (1 - exp(-R0 z)), early growth rate r solving (1 + r/(k sigma))^k (1 + r/gamma) = R0.
 */

export type SeirModel = {
  /** population size (constant) */
  N: number;
  /** rate of leaving the latent period, 1 / mean latent period (per day) */
  sigma: number;
  /** recovery rate, 1 / mean infectious period (per day) */
  gamma: number;
  /** number of Erlang latent stages (default 1 = exponential latent period) */
  latentStages?: number;
};

export type SeirInit = {
  /** susceptible; default N - E - I - R */
  S?: number;
  /** exposed: a total put into the first stage, or one value per stage (default 0) */
  E?: number | number[];
  /** infectious */
  I: number;
  /** removed (default 0) */
  R?: number;
};

/** Transmission rate at time t (stage time of RK4), given the step's start day and the current susceptibles. */
export type BetaFn = (t: number, day: number, S: number) => number;

export type SeirOptions = SeirModel & {
  init: SeirInit;
  /** number of days to project (output days 0..days) */
  days: number;
  /** RK4 step in days; 1/dt must be an integer (default 0.5) */
  dt?: number;
  /** transmission rate beta (per day), constant or a function of time */
  beta: number | BetaFn;
};

export type SeirPoint = {
  day: number;
  S: number;
  /** total exposed (sum of the stages) */
  E: number;
  /** exposed per latent stage */
  EStages: number[];
  I: number;
  R: number;
  /** cumulative onsets of infectiousness (integral of k sigma E_k) since day 0 */
  cumOnsets: number;
  /** cumulative new infections (integral of beta S I / N) since day 0 */
  cumInfections: number;
};

function checkModel(m: SeirModel): number {
  const k = m.latentStages ?? 1;
  if (!(m.N > 0) || !Number.isFinite(m.N)) throw new RangeError('N must be positive');
  if (!(m.sigma > 0) || !Number.isFinite(m.sigma)) throw new RangeError('sigma must be positive');
  if (!(m.gamma > 0) || !Number.isFinite(m.gamma)) throw new RangeError('gamma must be positive');
  if (!Number.isInteger(k) || k < 1) throw new RangeError('latentStages must be a positive integer');
  return k;
}

/** Integrate the SEIR model with RK4; returns one point per day (day 0 = initial state). */
export function simulateSeir(o: SeirOptions): SeirPoint[] {
  const k = checkModel(o);
  const dt = o.dt ?? 0.5;
  const spd = Math.round(1 / dt);
  if (!(dt > 0) || Math.abs(1 / dt - spd) > 1e-9) throw new RangeError('dt must divide one day (1/dt an integer)');
  if (!Number.isInteger(o.days) || o.days < 0) throw new RangeError('days must be a non-negative integer');
  const { N, sigma, gamma } = o;
  if (Math.max(k * sigma, gamma) * dt > 2.5) throw new RangeError('dt too large for the rates (RK4 stability needs max(k sigma, gamma) dt <= 2.5)');
  const E0 = o.init.E ?? 0;
  const stages = typeof E0 === 'number' ? [E0, ...new Array(k - 1).fill(0)] : [...E0];
  if (stages.length !== k) throw new RangeError('init.E must be a number or have one value per latent stage');
  const I0 = o.init.I;
  const R0 = o.init.R ?? 0;
  const Etot = stages.reduce((a, b) => a + b, 0);
  const S0 = o.init.S ?? N - Etot - I0 - R0;
  for (const v of [S0, I0, R0, ...stages]) if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError('initial compartments must be non-negative');
  if (Math.abs(S0 + Etot + I0 + R0 - N) > 1e-9 * N) throw new RangeError('S + E + I + R must equal N');
  const betaFn: BetaFn = typeof o.beta === 'number' ? ((b: number) => () => b)(o.beta) : o.beta;
  if (typeof o.beta === 'number' && !(o.beta >= 0)) throw new RangeError('beta must be non-negative');
  const ks = k * sigma;
  // state: [S, E_1..E_k, I, R, cumOnsets, cumInfections]
  const iI = 1 + k;
  const iR = 2 + k;
  const iC = 3 + k;
  const iX = 4 + k;
  const dim = 5 + k;
  const deriv = (t: number, day: number, y: number[], out: number[]): void => {
    const S = y[0];
    const I = y[iI];
    const b = betaFn(t, day, S);
    const inf = S > 0 ? (b * S * I) / N : 0;
    out[0] = -inf;
    out[1] = inf - ks * y[1];
    for (let j = 2; j <= k; j++) out[j] = ks * (y[j - 1] - y[j]);
    const onset = ks * y[k];
    out[iI] = onset - gamma * I;
    out[iR] = gamma * I;
    out[iC] = onset;
    out[iX] = inf;
  };
  let y = [S0, ...stages, I0, R0, 0, 0];
  const k1 = new Array<number>(dim);
  const k2 = new Array<number>(dim);
  const k3 = new Array<number>(dim);
  const k4 = new Array<number>(dim);
  const tmp = new Array<number>(dim);
  const point = (day: number, v: number[]): SeirPoint => {
    const es = v.slice(1, 1 + k);
    return { day, S: v[0], E: es.reduce((a, b) => a + b, 0), EStages: es, I: v[iI], R: v[iR], cumOnsets: v[iC], cumInfections: v[iX] };
  };
  const out: SeirPoint[] = [point(0, y)];
  for (let day = 0; day < o.days; day++) {
    for (let s = 0; s < spd; s++) {
      const t = day + s * dt;
      deriv(t, day, y, k1);
      for (let i = 0; i < dim; i++) tmp[i] = y[i] + 0.5 * dt * k1[i];
      deriv(t + 0.5 * dt, day, tmp, k2);
      for (let i = 0; i < dim; i++) tmp[i] = y[i] + 0.5 * dt * k2[i];
      deriv(t + 0.5 * dt, day, tmp, k3);
      for (let i = 0; i < dim; i++) tmp[i] = y[i] + dt * k3[i];
      deriv(t + dt, day, tmp, k4);
      const next = new Array<number>(dim);
      for (let i = 0; i < dim; i++) next[i] = y[i] + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      y = next;
    }
    out.push(point(day + 1, y));
  }
  return out;
}

type ProjectionBase = SeirModel & { init: SeirInit; days: number; dt?: number };

/** SEIR with constant transmission beta = r0 * gamma. */
export function seirConstant(o: ProjectionBase & { r0: number }): SeirPoint[] {
  if (!(o.r0 >= 0)) throw new RangeError('r0 must be non-negative');
  return simulateSeir({ ...o, beta: o.r0 * o.gamma });
}

/**
 * R_t-driven projection: beta(t) = R_t gamma N / S(t), so new infections per day = R_t gamma I(t) (while S > 0).
 * `rt` is one value per day (day d uses rt[d]; the last value is carried forward) or a function of the day.
 */
export function projectSeirRt(o: ProjectionBase & { rt: number[] | ((day: number) => number) }): SeirPoint[] {
  const rt = o.rt;
  if (Array.isArray(rt) && rt.length === 0) throw new RangeError('rt must not be empty');
  const rAt = (day: number): number => (Array.isArray(rt) ? rt[Math.min(day, rt.length - 1)] : (rt as (d: number) => number)(day));
  return simulateSeir({
    ...o,
    beta: (_t, day, S) => {
      const r = rAt(day);
      if (!(r >= 0)) throw new RangeError(`R_t must be non-negative (day ${day})`);
      return S > 0 ? (r * o.gamma * o.N) / S : 0;
    },
  });
}

/** Scenario projection: beta = r0 gamma until `fromDay`, then r0 gamma (1 - contactReduction). */
export function projectSeirScenario(o: ProjectionBase & { r0: number; contactReduction: number; fromDay: number }): SeirPoint[] {
  if (!(o.contactReduction >= 0 && o.contactReduction <= 1)) throw new RangeError('contactReduction must be in [0, 1]');
  if (!(o.r0 >= 0)) throw new RangeError('r0 must be non-negative');
  if (!Number.isInteger(o.fromDay) || o.fromDay < 0) throw new RangeError('fromDay must be a non-negative integer');
  const b0 = o.r0 * o.gamma;
  return simulateSeir({ ...o, beta: (_t, day) => (day >= o.fromDay ? b0 * (1 - o.contactReduction) : b0) });
}

/** Project at the posterior quantiles of an R estimate (e.g. EpiEstim Quantile.0.025 / Median / Quantile.0.975). */
export function projectSeirRtBand(
  o: ProjectionBase & { low: number; median: number; high: number },
): { low: SeirPoint[]; median: SeirPoint[]; high: SeirPoint[] } {
  return {
    low: projectSeirRt({ ...o, rt: [o.low] }),
    median: projectSeirRt({ ...o, rt: [o.median] }),
    high: projectSeirRt({ ...o, rt: [o.high] }),
  };
}

/** Final size (attack fraction among the whole population) of an SIR/SEIR epidemic: z = s0 (1 - exp(-R0 z)). */
export function finalSize(r0: number, s0 = 1): number {
  if (!(r0 >= 0) || !(s0 > 0 && s0 <= 1)) throw new RangeError('need r0 >= 0 and 0 < s0 <= 1');
  if (r0 * s0 <= 1) return 0;
  let z = s0;
  for (let i = 0; i < 200; i++) {
    const e = Math.exp(-r0 * z);
    const f = z - s0 * (1 - e);
    const fp = 1 - s0 * r0 * e;
    const zn = z - f / fp;
    if (Math.abs(zn - z) <= 1e-16 * z) return zn;
    z = zn;
  }
  return z;
}

/**
 * Early exponential growth rate r (per day) of the SEIR model: the root of (1 + r/(k sigma))^k (1 + r/gamma) = R0
 * (k latent stages, exponential infectious period). Negative when R0 < 1.
 */
export function seirGrowthRate(r0: number, sigma: number, gamma: number, latentStages = 1): number {
  if (!(r0 > 0) || !(sigma > 0) || !(gamma > 0)) throw new RangeError('r0, sigma and gamma must be positive');
  const k = latentStages;
  if (!Number.isInteger(k) || k < 1) throw new RangeError('latentStages must be a positive integer');
  if (k === 1) {
    const b = sigma + gamma;
    const c = sigma * gamma * (1 - r0);
    // stable root of r^2 + b r + c = 0
    const disc = Math.sqrt(b * b - 4 * c);
    return c === 0 ? 0 : (-2 * c) / (b + disc);
  }
  const ks = k * sigma;
  const g = (r: number) => k * Math.log1p(r / ks) + Math.log1p(r / gamma) - Math.log(r0);
  let lo = -Math.min(ks, gamma) * (1 - 1e-15);
  let hi = 1;
  while (g(hi) < 0) hi *= 2;
  let r = r0 >= 1 ? 0 : lo / 2;
  for (let i = 0; i < 200; i++) {
    const gv = g(r);
    if (gv === 0) return r;
    if (gv < 0) lo = r;
    else hi = r;
    const gp = k / (ks + r) + 1 / (gamma + r);
    let rn = r - gv / gp;
    if (!(rn > lo && rn < hi)) rn = 0.5 * (lo + hi);
    if (Math.abs(rn - r) <= 1e-15 * Math.max(1e-3, Math.abs(rn))) return rn;
    r = rn;
  }
  return r;
}

/** Doubling time ln(2) / r (days) of a growth rate r (Infinity for r <= 0). */
export function doublingTime(r: number): number {
  return r > 0 ? Math.LN2 / r : Infinity;
}

// ---------------------------------------------------------------------------------------------------
// CHIME (penn_chime/model/sir.py)
// ---------------------------------------------------------------------------------------------------

/** CHIME `sir`: one day of the discrete SIR model, renormalised to n. */
export function chimeSir(s: number, i: number, r: number, beta: number, gamma: number, n: number): [number, number, number] {
  const sN = -beta * s * i + s;
  const iN = beta * s * i - gamma * i + i;
  const rN = gamma * i + r;
  const scale = n / (sN + iN + rN);
  return [sN * scale, iN * scale, rN * scale];
}

/** A CHIME policy: transmission rate beta applied for `days` days. */
export type ChimePolicy = { beta: number; days: number };

export type ChimeRaw = {
  day: number[];
  susceptible: number[];
  infected: number[];
  recovered: number[];
  everInfected: number[];
};

/** CHIME `sim_sir`: simulate day by day through the policies, starting at day index `iDay` (1 + sum(days) rows). */
export function chimeSimSir(s: number, i: number, r: number, gamma: number, iDay: number, policies: ReadonlyArray<ChimePolicy>): ChimeRaw {
  for (const p of policies) if (!Number.isInteger(p.days) || p.days < 0) throw new RangeError('policy days must be non-negative integers');
  const n = s + i + r;
  let d = iDay;
  const out: ChimeRaw = { day: [], susceptible: [], infected: [], recovered: [], everInfected: [] };
  const push = () => {
    out.day.push(d);
    out.susceptible.push(s);
    out.infected.push(i);
    out.recovered.push(r);
    out.everInfected.push(i + r);
  };
  for (const { beta, days } of policies) {
    for (let j = 0; j < days; j++) {
      push();
      [s, i, r] = chimeSir(s, i, r, beta, gamma, n);
      d += 1;
    }
  }
  push();
  return out;
}

/** CHIME `get_growth_rate`: daily growth 2^(1/Td) - 1 (0 when Td is null or 0). */
export function chimeGrowthRate(doublingTime: number | null): number {
  if (doublingTime === null || doublingTime === 0) return 0;
  return 2 ** (1 / doublingTime) - 1;
}

/** CHIME `get_beta`: (g + gamma) / S * (1 - relative contact rate). */
export function chimeBeta(growthRate: number, gamma: number, susceptible: number, relativeContactRate: number): number {
  return ((growthRate + gamma) / susceptible) * (1 - relativeContactRate);
}

/** CHIME doubling time under a beta: 1 / log2(beta S - gamma + 1). */
export function chimeDoublingTime(beta: number, susceptible: number, gamma: number): number {
  return 1 / Math.log2(beta * susceptible - gamma + 1);
}

/** CHIME reproduction number beta S / gamma (R0 with the unmitigated beta, R_t with the mitigated one). */
export function chimeReproductionNumber(beta: number, susceptible: number, gamma: number): number {
  return (beta / gamma) * susceptible;
}

export type ChimeProjectionOptions = {
  population: number;
  /** infected at day 0 */
  infected: number;
  recovered?: number;
  /** infectious period in days (gamma = 1 / infectiousDays) */
  infectiousDays: number;
  doublingTime: number;
  /** relative contact reduction after mitigation (0..1) */
  relativeContactRate: number;
  /** days before mitigation starts (the unmitigated beta runs this many days) */
  mitigationDay: number;
  /** total projected days */
  nDays: number;
};

/** CHIME-style projection: beta from the doubling time, mitigated beta_t after `mitigationDay`. */
export function chimeProjection(o: ChimeProjectionOptions): ChimeRaw & { beta: number; betaT: number; r0: number; rT: number; doublingTimeT: number } {
  if (!(o.infectiousDays > 0) || !(o.population > 0)) throw new RangeError('population and infectiousDays must be positive');
  if (!(o.relativeContactRate >= 0 && o.relativeContactRate <= 1)) throw new RangeError('relativeContactRate must be in [0, 1]');
  if (!Number.isInteger(o.mitigationDay) || !Number.isInteger(o.nDays) || o.mitigationDay < 0 || o.mitigationDay > o.nDays) {
    throw new RangeError('need integers 0 <= mitigationDay <= nDays');
  }
  const recovered = o.recovered ?? 0;
  const gamma = 1 / o.infectiousDays;
  const s = o.population - o.infected - recovered;
  const g = chimeGrowthRate(o.doublingTime);
  const beta = chimeBeta(g, gamma, s, 0);
  const betaT = chimeBeta(g, gamma, s, o.relativeContactRate);
  const raw = chimeSimSir(s, o.infected, recovered, gamma, 0, [
    { beta, days: o.mitigationDay },
    { beta: betaT, days: o.nDays - o.mitigationDay },
  ]);
  return {
    ...raw, beta, betaT, r0: chimeReproductionNumber(beta, s, gamma), rT: chimeReproductionNumber(betaT, s, gamma),
    doublingTimeT: chimeDoublingTime(betaT, s, gamma),
  };
}

export type ChimeDisposition = { rate: number; days: number };

/**
 * CHIME dispositions: ever_X = everInfected * rate * marketShare, admits = first difference (NaN on day 0),
 * census = admissions summed over the last `days` (length of stay) days.
 */
export function chimeDispositions(
  raw: Pick<ChimeRaw, 'everInfected'>,
  dispositions: Record<string, ChimeDisposition>,
  marketShare: number,
): Record<string, { ever: number[]; admits: number[]; census: number[] }> {
  const out: Record<string, { ever: number[]; admits: number[]; census: number[] }> = {};
  const n = raw.everInfected.length;
  for (const [key, { rate, days }] of Object.entries(dispositions)) {
    if (!Number.isInteger(days) || days < 1) throw new RangeError('length of stay must be a positive integer');
    const ever = raw.everInfected.map((v) => v * rate * marketShare);
    const admits = ever.map((v, i) => (i === 0 ? NaN : v - ever[i - 1]));
    // cumsum with `days + 1` leading zeros, census[i] = cumsum[i + days] - cumsum[i]
    const cum = new Array<number>(n + days).fill(0);
    let acc = 0;
    for (let i = 1; i < n; i++) {
      acc += admits[i];
      cum[days + i] = acc;
    }
    const census = Array.from({ length: n }, (_, i) => cum[i + days] - cum[i]);
    out[key] = { ever, admits, census };
  }
  return out;
}
