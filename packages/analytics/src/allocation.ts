// Allocation of scarce supplies (ANALYTICS.md §6.2): four single-item rules in closed form, and an LP/MILP path for
// multi-item allocation (items × households) solved with HiGHS (`highs`, MIT, WebAssembly, async init) or YALPS
// (`yalps`, MIT, pure TS, synchronous).
//
// Every single-item rule returns x with 0 <= x_i <= d_i and sum(x) <= S, where the sum is the left-to-right
// floating-point sum (a final repair step removes rounding excess of a few ulps).
import type { LegacyHighs } from 'highs';
import { solve as yalpsSolve, type Model as YalpsModel } from 'yalps';

export type AllocationInput = {
  /** demand d_i >= 0 per household */
  demand: number[];
  /** priority weight w_i >= 0 (default 1) */
  weight?: number[];
  /** supply S >= 0 */
  supply: number;
};

export type AllocationResult = {
  x: number[];
  /** sum of x (left-to-right) */
  allocated: number;
  /** sum_i w_i x_i */
  weightedTotal: number;
};

type Checked = { d: number[]; w: number[]; S: number; n: number; totalDemand: number };

function check(input: AllocationInput): Checked {
  const d = input.demand;
  const n = d.length;
  const w = input.weight ?? new Array<number>(n).fill(1);
  if (w.length !== n) throw new Error('allocation: weight and demand must have the same length');
  const S = input.supply;
  if (!Number.isFinite(S) || S < 0) throw new Error('allocation: supply must be a finite number >= 0');
  let totalDemand = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(d[i]) || d[i] < 0) throw new Error(`allocation: demand[${i}] must be a finite number >= 0`);
    if (!Number.isFinite(w[i]) || w[i] < 0) throw new Error(`allocation: weight[${i}] must be a finite number >= 0`);
    totalDemand += d[i];
  }
  return { d, w, S, n, totalDemand };
}

function sumLR(x: number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return s;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** largest double strictly below v (v > 0) */
function nextDown(v: number): number {
  if (v <= 0) return 0;
  f64[0] = v;
  u64[0] -= 1n;
  return f64[0];
}

/** Clamp to [0, d_i] and remove the rounding excess so that the left-to-right sum is <= S. */
function repair(x: number[], d: number[], S: number): number[] {
  const y = x.map((v, i) => (Number.isNaN(v) ? 0 : Math.min(d[i], Math.max(0, v))));
  for (let guard = 0; guard < 10_000; guard++) {
    const s = sumLR(y);
    if (s <= S) return y;
    let k = 0;
    for (let i = 1; i < y.length; i++) if (y[i] > y[k]) k = i;
    const excess = s - S;
    const v = Math.max(0, y[k] - excess);
    y[k] = v < y[k] ? v : nextDown(y[k]);
  }
  throw new Error('allocation: could not enforce the supply constraint');
}

function result(x: number[], w: number[]): AllocationResult {
  let wt = 0;
  for (let i = 0; i < x.length; i++) wt += w[i] * x[i];
  return { x, allocated: sumLR(x), weightedTotal: wt };
}

/**
 * Rule A — weighted utilitarian: max sum w_i x_i s.t. sum x <= S, 0 <= x <= d. Greedy by weight (descending);
 * ties are broken deterministically by household index (earlier first). `objective` = sum w_i x_i.
 */
export function allocateUtilitarian(input: AllocationInput): AllocationResult & { objective: number } {
  const { d, w, S, n } = check(input);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => w[b] - w[a] || a - b);
  const x = new Array<number>(n).fill(0);
  let rem = S;
  for (const i of order) {
    if (rem <= 0) break;
    const v = Math.min(d[i], rem);
    x[i] = v;
    rem -= v;
  }
  const r = result(repair(x, d, S), w);
  return { ...r, objective: r.weightedTotal };
}

/**
 * Rule B — max-min proportional satisfaction: max z s.t. x_i >= z d_i, sum x <= S, x <= d.
 * x_i = d_i · z with z = min(1, S / sum d) (z = 1 when there is no demand).
 */
export function allocateProportional(input: AllocationInput): AllocationResult & { z: number } {
  const { d, w, S, totalDemand } = check(input);
  const z = totalDemand <= S ? 1 : S / totalDemand;
  const x = z === 1 ? d.slice() : d.map((v) => v * z);
  return { ...result(repair(x, d, S), w), z };
}

/** Give `amount` to the households `idx` proportionally to their demand (used for zero-weight households). */
function proportionalShare(x: number[], d: number[], idx: number[], amount: number): void {
  let dz = 0;
  for (const i of idx) dz += d[i];
  if (!(dz > 0) || !(amount > 0)) return;
  const f = Math.min(1, amount / dz);
  for (const i of idx) x[i] = d[i] * f;
}

/**
 * Rule C — weighted absolute water-filling (lexicographic max-min of x_i / w_i): x_i = min(d_i, λ w_i) with λ such
 * that sum x = S (closed form over the sorted breakpoints d_i / w_i). If S >= sum d everybody is served (λ = max
 * breakpoint). Zero-weight households receive only what is left once all positive-weight households are served
 * (shared in proportion to demand).
 */
export function allocateWaterFilling(input: AllocationInput): AllocationResult & { lambda: number } {
  const { d, w, S, n, totalDemand } = check(input);
  const active = Array.from({ length: n }, (_, i) => i).filter((i) => w[i] > 0 && d[i] > 0);
  const brk = (i: number) => d[i] / w[i];
  if (totalDemand <= S) {
    const lambda = active.reduce((m, i) => Math.max(m, brk(i)), 0);
    return { ...result(d.slice(), w), lambda };
  }
  active.sort((a, b) => brk(a) - brk(b) || a - b);
  const x = new Array<number>(n).fill(0);
  // suffix sums (no cancellation from repeated subtraction)
  const wSuffix = new Array<number>(active.length + 1).fill(0);
  for (let j = active.length - 1; j >= 0; j--) wSuffix[j] = wSuffix[j + 1] + w[active[j]];
  let capped = 0;
  let lambda = Number.POSITIVE_INFINITY;
  let k = 0;
  for (; k < active.length; k++) {
    const cand = (S - capped) / wSuffix[k];
    if (cand <= brk(active[k])) {
      lambda = cand;
      break;
    }
    capped += d[active[k]];
  }
  for (let j = 0; j < active.length; j++) {
    const i = active[j];
    x[i] = j < k ? d[i] : Math.min(d[i], lambda * w[i]);
  }
  if (k === active.length) lambda = active.reduce((m, i) => Math.max(m, brk(i)), 0);
  // whatever the positive-weight households cannot absorb goes to zero-weight households
  const left = S - sumLR(x);
  if (left > 0) proportionalShare(x, d, Array.from({ length: n }, (_, i) => i).filter((i) => w[i] === 0 && d[i] > 0), left);
  return { ...result(repair(x, d, S), w), lambda };
}

/**
 * Rule D — min-max weighted unmet fraction: min t s.t. w_i (d_i - x_i) / d_i <= t, sum x <= S, 0 <= x <= d.
 * Solution with the whole supply used: x_i = d_i · max(0, 1 - t / w_i), t from the sorted weights (closed form).
 * Households with d_i = 0 are ignored; zero-weight households only get what is left (in proportion to demand).
 */
export function allocateMinMaxUnmet(input: AllocationInput): AllocationResult & { t: number } {
  const { d, w, S, n, totalDemand } = check(input);
  if (totalDemand <= S) return { ...result(d.slice(), w), t: 0 };
  const active = Array.from({ length: n }, (_, i) => i).filter((i) => w[i] > 0 && d[i] > 0);
  const x = new Array<number>(n).fill(0);
  let dA = 0;
  for (const i of active) dA += d[i];
  if (dA <= S) {
    for (const i of active) x[i] = d[i];
    const zero = Array.from({ length: n }, (_, i) => i).filter((i) => w[i] === 0 && d[i] > 0);
    proportionalShare(x, d, zero, S - dA);
    return { ...result(repair(x, d, S), w), t: 0 };
  }
  active.sort((a, b) => w[a] - w[b] || a - b);
  // suffix sums over the households still served when the k lowest weights are dropped
  const m = active.length;
  const dS = new Array<number>(m + 1).fill(0);
  const rS = new Array<number>(m + 1).fill(0);
  for (let j = m - 1; j >= 0; j--) {
    dS[j] = dS[j + 1] + d[active[j]];
    rS[j] = rS[j + 1] + d[active[j]] / w[active[j]];
  }
  let t = Number.NaN;
  for (let k = 0; k < m; k++) {
    const cand = (dS[k] - S) / rS[k];
    if (cand <= w[active[k]]) {
      t = cand;
      break;
    }
  }
  if (Number.isNaN(t)) t = w[active[active.length - 1]]; // S == 0: nobody is served
  for (const i of active) x[i] = d[i] * Math.max(0, 1 - t / w[i]);
  const left = S - sumLR(x);
  if (left > 0) proportionalShare(x, d, Array.from({ length: n }, (_, i) => i).filter((i) => w[i] === 0 && d[i] > 0), left);
  return { ...result(repair(x, d, S), w), t };
}

/**
 * Whole units from a real-valued allocation (supplies are counted in bags and boxes): each household gets the floor of
 * its share, and the units left over — `round(sum x)`, never more than `supply` — go one each by largest remainder
 * (Hamilton), ties to the larger weight, then the earlier household. Never above a household's (integer) demand.
 */
export function roundToUnits(x: readonly number[], demand: readonly number[], weight: readonly number[], supply: number): number[] {
  const n = x.length;
  if (demand.length !== n || weight.length !== n) throw new Error('roundToUnits: x, demand and weight must have the same length');
  const cap = demand.map((v) => Math.floor(v));
  const out = x.map((v, i) => Math.min(cap[i], Math.max(0, Math.floor(v + 1e-9))));
  const target = Math.min(Math.floor(supply), Math.round(sumLR(x as number[])), cap.reduce((a, b) => a + b, 0));
  let left = target - out.reduce((a, b) => a + b, 0);
  if (left <= 0) return out;
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => out[i] < cap[i])
    .sort((a, b) => (x[b] - out[b]) - (x[a] - out[a]) || weight[b] - weight[a] || a - b);
  // One unit each in remainder order; a second pass (only when rounding left more than one unit per household) repeats.
  while (left > 0 && order.length) {
    for (const i of order) {
      if (left === 0) break;
      if (out[i] < cap[i]) {
        out[i]++;
        left--;
      }
    }
    if (order.every((i) => out[i] >= cap[i])) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// LP / MILP path: multi-item allocation
// ---------------------------------------------------------------------------------------------------------------

export type LpAllocationProblem = {
  /** stock of each item (food, medicine, masks, …) */
  items: { id: string; supply: number }[];
  /**
   * What is handed out. Default: one product per item (composition = unit vector). A kit is a product whose
   * composition lists the quantity of each item it contains (length = items.length).
   */
  products?: { id: string; composition: number[]; value?: number }[];
  /**
   * Households: priority weight, demand per product (items or kits), optional minimum guarantee per product
   * (e.g. for vulnerable groups; must be <= demand).
   */
  households: { id: string; weight: number; demand: number[]; minimum?: number[] }[];
  /** integral quantities (MILP), default false */
  integer?: boolean;
};

export type LpAllocationResult = {
  status: 'optimal' | 'infeasible' | 'unbounded' | 'error';
  /** sum_i w_i sum_p value_p x_ip (NaN unless optimal) */
  objective: number;
  /** x[i][p]: quantity of product p for household i */
  x: number[][];
  /** quantity of each item used */
  itemUsage: number[];
  solver: 'highs' | 'yalps';
  message?: string;
};

type LpModel = {
  nH: number;
  nP: number;
  nI: number;
  comp: number[][]; // [p][j]
  value: number[];
  cost: number[][]; // objective coefficient [i][p]
  lo: number[][];
  hi: number[][];
  supply: number[];
  integer: boolean;
};

function buildModel(pr: LpAllocationProblem): LpModel {
  const nI = pr.items.length;
  if (nI === 0) throw new Error('allocation LP: no items');
  for (const it of pr.items) if (!Number.isFinite(it.supply) || it.supply < 0) throw new Error(`allocation LP: supply of ${it.id} must be >= 0`);
  const products = pr.products ?? pr.items.map((it, j) => ({ id: it.id, composition: pr.items.map((_, k) => (k === j ? 1 : 0)), value: 1 }));
  const nP = products.length;
  for (const p of products) {
    if (p.composition.length !== nI) throw new Error(`allocation LP: composition of ${p.id} must have one entry per item`);
    if (p.composition.some((c) => !Number.isFinite(c) || c < 0)) throw new Error(`allocation LP: composition of ${p.id} must be >= 0`);
  }
  const value = products.map((p) => p.value ?? 1);
  const nH = pr.households.length;
  const cost: number[][] = [];
  const lo: number[][] = [];
  const hi: number[][] = [];
  for (const h of pr.households) {
    if (h.demand.length !== nP) throw new Error(`allocation LP: demand of ${h.id} must have one entry per product`);
    if (!Number.isFinite(h.weight) || h.weight < 0) throw new Error(`allocation LP: weight of ${h.id} must be >= 0`);
    const m = h.minimum ?? new Array<number>(nP).fill(0);
    if (m.length !== nP) throw new Error(`allocation LP: minimum of ${h.id} must have one entry per product`);
    for (let p = 0; p < nP; p++) {
      if (!Number.isFinite(h.demand[p]) || h.demand[p] < 0) throw new Error(`allocation LP: demand of ${h.id} must be >= 0`);
      if (!Number.isFinite(m[p]) || m[p] < 0 || m[p] > h.demand[p]) throw new Error(`allocation LP: minimum of ${h.id} must be in [0, demand]`);
    }
    cost.push(value.map((v) => v * h.weight));
    lo.push(m.slice());
    hi.push(h.demand.slice());
  }
  return { nH, nP, nI, comp: products.map((p) => p.composition), value, cost, lo, hi, supply: pr.items.map((it) => it.supply), integer: pr.integer ?? false };
}

function finish(m: LpModel, x: number[][], solver: 'highs' | 'yalps'): LpAllocationResult {
  // snap solver noise into the box and report usage/objective from the (unperturbed) coefficients
  const y = x.map((row, i) => row.map((v, p) => Math.min(m.hi[i][p], Math.max(m.lo[i][p], m.integer ? Math.round(v) : v))));
  const usage = new Array<number>(m.nI).fill(0);
  let obj = 0;
  for (let i = 0; i < m.nH; i++)
    for (let p = 0; p < m.nP; p++) {
      obj += m.cost[i][p] * y[i][p];
      for (let j = 0; j < m.nI; j++) usage[j] += m.comp[p][j] * y[i][p];
    }
  return { status: 'optimal', objective: obj, x: y, itemUsage: usage, solver };
}

function failed(m: LpModel, status: LpAllocationResult['status'], solver: 'highs' | 'yalps', message: string): LpAllocationResult {
  return { status, objective: Number.NaN, x: Array.from({ length: m.nH }, () => new Array<number>(m.nP).fill(0)), itemUsage: new Array<number>(m.nI).fill(0), solver, message };
}

const fmt = (v: number) => (Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(17));
const vname = (i: number, p: number) => `x_${i}_${p}`;

/** CPLEX LP text of the allocation model (maximise the weighted total; one supply row per item). */
export function allocationLpText(pr: LpAllocationProblem): string {
  return lpText(buildModel(pr));
}

function lpText(m: LpModel): string {
  const L: string[] = ['Maximize', ' obj:'];
  const terms: string[] = [];
  for (let i = 0; i < m.nH; i++) for (let p = 0; p < m.nP; p++) terms.push(`+ ${fmt(m.cost[i][p])} ${vname(i, p)}`);
  for (let k = 0; k < terms.length; k += 8) L.push('  ' + terms.slice(k, k + 8).join(' '));
  L.push('Subject To');
  for (let j = 0; j < m.nI; j++) {
    const row: string[] = [];
    for (let i = 0; i < m.nH; i++) for (let p = 0; p < m.nP; p++) if (m.comp[p][j] !== 0) row.push(`+ ${fmt(m.comp[p][j])} ${vname(i, p)}`);
    if (row.length === 0) continue;
    L.push(` supply_${j}:`);
    for (let k = 0; k < row.length; k += 8) L.push('  ' + row.slice(k, k + 8).join(' '));
    L.push(`  <= ${fmt(m.supply[j])}`);
  }
  L.push('Bounds');
  for (let i = 0; i < m.nH; i++) for (let p = 0; p < m.nP; p++) L.push(` ${fmt(m.lo[i][p])} <= ${vname(i, p)} <= ${fmt(m.hi[i][p])}`);
  if (m.integer) {
    L.push('General');
    const names: string[] = [];
    for (let i = 0; i < m.nH; i++) for (let p = 0; p < m.nP; p++) names.push(vname(i, p));
    for (let k = 0; k < names.length; k += 10) L.push(' ' + names.slice(k, k + 10).join(' '));
  }
  L.push('End');
  return L.join('\n');
}

let highsPromise: Promise<LegacyHighs> | null = null;
/** Lazily load the HiGHS WebAssembly solver (Node: resolves the bundled .wasm; browsers may need to pass their own instance). */
export function loadHighs(): Promise<LegacyHighs> {
  highsPromise ??= import('highs').then((mod) => mod.default());
  return highsPromise;
}

/**
 * Solve the multi-item allocation LP/MILP with HiGHS:
 * max sum_i w_i sum_p value_p x_ip  s.t.  sum_i sum_p composition_pj x_ip <= supply_j,  minimum_ip <= x_ip <= demand_ip.
 */
export async function solveAllocationLp(pr: LpAllocationProblem, o: { highs?: LegacyHighs } = {}): Promise<LpAllocationResult> {
  const m = buildModel(pr);
  const highs = o.highs ?? (await loadHighs());
  const sol = highs.solve(lpText(m), { output_flag: false });
  if (sol.Status !== 'Optimal') {
    const st = sol.Status === 'Infeasible' ? 'infeasible' : sol.Status === 'Unbounded' ? 'unbounded' : 'error';
    return failed(m, st, 'highs', sol.Status);
  }
  const cols = sol.Columns as Record<string, { Primal: number }>;
  const x = Array.from({ length: m.nH }, (_, i) => Array.from({ length: m.nP }, (_, p) => cols[vname(i, p)]?.Primal ?? 0));
  return finish(m, x, 'highs');
}

/** Same model solved synchronously with YALPS (pure TypeScript; fine for small problems). */
export function solveAllocationLpSync(pr: LpAllocationProblem): LpAllocationResult {
  const m = buildModel(pr);
  const constraints = new Map<string, { max?: number; min?: number }>();
  for (let j = 0; j < m.nI; j++) constraints.set(`supply_${j}`, { max: m.supply[j] });
  const variables = new Map<string, [string, number][]>();
  for (let i = 0; i < m.nH; i++)
    for (let p = 0; p < m.nP; p++) {
      const v = vname(i, p);
      constraints.set(`ub_${v}`, m.lo[i][p] > 0 ? { min: m.lo[i][p], max: m.hi[i][p] } : { max: m.hi[i][p] });
      const coef: [string, number][] = [['obj', m.cost[i][p]], [`ub_${v}`, 1]];
      for (let j = 0; j < m.nI; j++) if (m.comp[p][j] !== 0) coef.push([`supply_${j}`, m.comp[p][j]]);
      variables.set(v, coef);
    }
  const model: YalpsModel = { direction: 'maximize', objective: 'obj', constraints, variables, integers: m.integer };
  const sol = yalpsSolve(model, { includeZeroVariables: true });
  if (sol.status !== 'optimal') {
    const st = sol.status === 'infeasible' ? 'infeasible' : sol.status === 'unbounded' ? 'unbounded' : 'error';
    return failed(m, st, 'yalps', sol.status);
  }
  const val = new Map(sol.variables);
  const x = Array.from({ length: m.nH }, (_, i) => Array.from({ length: m.nP }, (_, p) => val.get(vname(i, p)) ?? 0));
  return finish(m, x, 'yalps');
}

/** Rule A as an LP (single item): same optimum as {@link allocateUtilitarian}. */
export function utilitarianAsLp(input: AllocationInput): LpAllocationProblem {
  const { d, w, S } = check(input);
  return {
    items: [{ id: 'supply', supply: S }],
    households: d.map((v, i) => ({ id: `h${i}`, weight: w[i], demand: [v] })),
  };
}
