/**
 * Small helpers shared by the detectors: R-compatible mean / sd and missing-value handling.
 * A series is an array of counts where `null` is R's NA (missing); NaN stays NaN.
 */

/** A count series: index 0 is t = 1 (R's first element); `null` = NA. */
export type Series = ReadonlyArray<number | null>;

/** True for R's NA (null / undefined). */
export function isNA(v: number | null | undefined): v is null | undefined {
  return v === null || v === undefined;
}

/**
 * R `mean()` of a numeric vector: sum / n followed by R's one-step correction (mean += sum(x - mean) / n),
 * which makes the result the correctly rounded mean for the data seen here. null if any value is NA.
 */
export function rMean(x: ReadonlyArray<number | null>): number | null {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (const v of x) {
    if (isNA(v)) return null;
    s += v;
  }
  let m = s / n;
  if (Number.isFinite(m)) {
    let t = 0;
    for (const v of x) t += (v as number) - m;
    m += t / n;
  }
  return m;
}

/** R `var()` (denominator n - 1, two-pass about the R mean). null if any value is NA; NA (null) for n < 2. */
export function rVar(x: ReadonlyArray<number | null>): number | null {
  const n = x.length;
  const m = rMean(x);
  if (m === null || n < 2) return null;
  let s = 0;
  for (const v of x) {
    const d = (v as number) - m;
    s += d * d;
  }
  return s / (n - 1);
}

/** R `sd()`: sqrt(var). */
export function rSd(x: ReadonlyArray<number | null>): number | null {
  const v = rVar(x);
  return v === null ? null : Math.sqrt(v);
}

/** R `pmax(a, b)` for scalars: NA if either is NA, NaN propagates. */
export function rPmax(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.max(a, b);
}

/** Validate a 1-based monitoring range against a series of length n (integers, inside 1..n); returns it sorted. */
export function checkRange(range: ReadonlyArray<number>, n: number, what = 'range'): number[] {
  if (!Array.isArray(range) || range.length === 0) throw new RangeError(`${what} must be a non-empty array of 1-based indices`);
  for (const t of range) {
    if (!Number.isInteger(t) || t < 1 || t > n) throw new RangeError(`${what} must contain integers in 1..${n} (got ${t})`);
  }
  return [...range].sort((a, b) => a - b);
}
